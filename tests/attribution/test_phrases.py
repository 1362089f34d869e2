"""Noun phrases around content nouns (for the tone stage), with the real spaCy model."""

from __future__ import annotations

import pytest

from saidwhat.attribution.phrases import noun_phrases
from saidwhat.nlp import load_nlp

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(settings):  # type: ignore[no-untyped-def]
    return load_nlp(settings.nlp_model)


def phrases_of(nlp, text: str, content: tuple[int, int] | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    found = noun_phrases(doc, (content or (0, len(text)),))
    return {text[p.word_start:p.word_end]: text[p.start:p.end] for p in found}


@pytest.mark.parametrize(
    ("text", "word", "phrase"),
    [
        # the noun a keyword complements, without the clause on its right
        ("We are pleased with this agreement on sanctions, which is a real success.",
         "sanctions", "this agreement on sanctions"),
        ("The easing of sanctions is welcome progress.", "sanctions", "The easing of sanctions"),
        # the noun a compound modifies
        ("She said that the sanctions talks had been constructive.", "sanctions", "the sanctions talks"),
        # its own determiner and modifiers; a verb's object does not climb to the verb's noun
        ("We welcome the decision to lift the remaining sanctions.", "sanctions", "the remaining sanctions"),
        ("She called its latest sanctions an assault on pensioners.", "sanctions", "its latest sanctions"),
    ],
)
def test_phrase_of_a_content_noun(nlp, text: str, word: str, phrase: str) -> None:  # type: ignore[no-untyped-def]
    assert phrases_of(nlp, text)[word] == phrase


def test_nouns_that_are_their_own_phrase_and_nouns_outside_the_content_are_left_out(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said sanctions had failed. The new sanctions were announced on Monday."
    content = (text.index("sanctions"), text.index(".") + 1)
    assert phrases_of(nlp, text, content) == {}  # the bare "sanctions" is its whole phrase
    # The same text as one content range: only the second sentence's noun has a longer phrase.
    assert phrases_of(nlp, text) == {"sanctions": "The new sanctions"}
