"""The subjects of each sentence's main clauses, from the real spaCy parse (our own sentences)."""

from __future__ import annotations

import pytest

from saidwhat.attribution.subjects import clause_subjects
from saidwhat.nlp import load_nlp

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(settings):  # type: ignore[no-untyped-def]
    return load_nlp(settings.nlp_model)


def subjects(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[lo:hi] for lo, hi in clause_subjects(nlp(text))]


def test_a_name_in_a_subordinate_clause_is_not_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Asked whether he worried that Peter Holm could win the vote in March, Karl Berg demurred."
    assert subjects(nlp, text) == ["Berg"]


def test_the_head_word_of_a_described_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    assert subjects(nlp, "Critics of the plan, led by Omar Haddad, argued that it would cost too much.") == ["Critics"]


def test_coordinated_main_clauses_each_give_their_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "When reporters asked about Lena Voss, the minister laughed and Tom Hart shrugged."
    assert subjects(nlp, text) == ["minister", "Hart"]


def test_every_sentence_is_read(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ana Ruiz left early. The vote went on without her. Later, Tom Hart spoke."
    assert subjects(nlp, text) == ["Ruiz", "vote", "Hart"]
