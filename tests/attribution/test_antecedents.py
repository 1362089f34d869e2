"""What a relative-pronoun source stands for, from the real spaCy parse (our own sentences)."""

from __future__ import annotations

import re

import pytest

from saidwhat.attribution.antecedents import relative_antecedents
from saidwhat.nlp import load_nlp

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(settings):  # type: ignore[no-untyped-def]
    return load_nlp(settings.nlp_model)


def antecedent_of(nlp, text: str, word: str = "who") -> str | None:  # type: ignore[no-untyped-def]
    span = re.search(rf"\b{word}\b", text).span()  # type: ignore[union-attr]
    found = relative_antecedents(nlp(text), [span])
    assert len(found) <= 1
    return text[found[0].start : found[0].end] if found else None


@pytest.mark.parametrize(
    ("text", "word", "head"),
    [
        # an apposition with a coordination in it: climbed back to the name
        ("“The channel is silting up,” said Orla Brennan, a harbour pilot and former union steward"
         " who has warned the council for years.", "who", "Brennan"),
        # a place and a long apposition between the name and the clause
        ("The plan was backed by Senator Ines Molina of Tarsa, the ranking member on the budget"
         " committee, who said the money was there.", "who", "Molina"),
        # an organisation
        ("“We will appeal,” said Kestrel Energy, which owns the mine.", "which", "Energy"),
        # a common noun is recorded as it is; resolution finds no referent in it
        ("“Nobody listens,” said the woman, who asked not to be named.", "who", "woman"),
    ],
)
def test_the_clause_noun_climbed_to_the_name(nlp, text: str, word: str, head: str) -> None:  # type: ignore[no-untyped-def]
    assert antecedent_of(nlp, text, word) == head


def test_coordinated_names_give_no_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    assert antecedent_of(nlp, "The council heard from Ann Lee and Tom Hart, who both opposed the plan.") is None


def test_only_relative_pronoun_sources_are_read(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "He said it was over, and Tom Hart, who chairs the board, agreed."
    assert relative_antecedents(nlp(text), [(0, 2), (text.index("Tom Hart"), text.index("Tom Hart") + 8)]) == ()
