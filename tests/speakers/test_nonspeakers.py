"""Not-a-speaker decisions: places, datelines, the article's outlet, quantifiers, abstract nouns.

Sentences are invented. Each case is a source the parser could hand over with a name-like
word that speaks for nobody; the real speaker, where there is one, must still come out.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.speakers import resolve
from saidwhat.speakers.nonspeakers import not_a_speaker, outlet_names, place_names

from .test_resolve import build, speakers


@pytest.mark.parametrize(
    ("word", "why"),
    [("Nobody", "quantifier"), ("Neither", "quantifier"), ("History", "abstract"), ("Polls", "abstract"),
     ("Volunteers", "group"), ("Elena Varga", None), ("Kestrel Energy", None)],
)
def test_lexicon_classes(word: str, why: str | None) -> None:
    assert not_a_speaker(word) == why


def test_places_from_labels_prepositions_and_datelines() -> None:
    text = "OSTRAVEL, May 2 (QNS) - Talks in Brenmoor ended. Militias armed from Kadar Hills moved."
    assert place_names(text, ()) == frozenset({"ostravel", "brenmoor", "kadar hills"})
    assert not_a_speaker("Brenmoor", place_names(text, ())) == "place"
    assert not_a_speaker("OSTRAVEL", place_names(text, ())) == "place"


def test_a_full_personal_name_is_never_a_place() -> None:
    assert not_a_speaker("Anna Brenmoor", frozenset({"greta brenmoor"})) is None


def test_outlet_forms() -> None:
    assert outlet_names("Quarry Newswire Service", "ARDEN, May 2 (QNS) - ...") == frozenset(
        {"quarry newswire", "quarry newswire service", "qns"}
    )


def test_place_as_source_is_null() -> None:
    text = "Talks in Brenmoor stalled on Monday. Brenmoor denied the claim."
    parsed = build(text, [("Brenmoor", "GPE", 0), ("Brenmoor", "PERSON", 1)], [("Brenmoor", 1)])
    assert speakers(parsed) == [(None, None)]


def test_dateline_in_capitals_is_no_speaker() -> None:
    text = "OSTRAVEL, May 2 (QNS) - OSTRAVEL said the border would reopen."
    parsed = build(text, [], [("OSTRAVEL", 1)])
    assert speakers(parsed) == [(None, None)]


def test_own_outlet_is_no_antecedent() -> None:
    # The NER model reads the wire service's name as a person; "he" is the spokesman.
    text = (
        "Quarry Newswire reported the listing first. Karl Osterberg, a bank spokesman, defended it. "
        "The rules were followed, he said."
    )
    parsed = build(
        text, [("Quarry Newswire", "PERSON", 0), ("Karl Osterberg", "PERSON", 0)], [("he", 0)]
    )
    parsed = replace(parsed, article=replace(parsed.article, outlet="Quarry Newswire Service"))
    assert speakers(parsed) == [("Karl Osterberg", "PERSON")]
    text2 = "Quarry Newswire said the listing was legal."
    parsed2 = build(text2, [("Quarry Newswire", "PERSON", 0)], [("Quarry Newswire", 0)])
    parsed2 = replace(parsed2, article=replace(parsed2.article, outlet="Quarry Newswire Service"))
    assert speakers(parsed2) == [(None, None)]


@pytest.mark.parametrize("word", ["Nobody", "Neither", "History", "Polls", "Volunteers"])
def test_quantifiers_and_abstract_nouns_are_null(word: str) -> None:
    text = f"The vote is close. {word} said the result was certain."
    parsed = build(text, [(word, "ORG", 0)], [(word, 0)])
    assert speakers(parsed) == [(None, None)]


def test_town_never_seen_acting_is_no_she() -> None:
    # "Hallen" tagged PERSON by the model, only ever the object of "of": not "she".
    text = "Families fled the shelling of Dunmere last week. \"We have nothing left,\" she said."
    parsed = build(text, [("Dunmere", "PERSON", 0)], [("she", 0)])
    assert speakers(parsed) == [(None, None)]


def test_real_speaker_survives_beside_a_place() -> None:
    text = "Talks in Brenmoor stalled. Foreign Minister Anna Halvorsen said the talks would resume."
    parsed = build(
        text, [("Brenmoor", "GPE", 0), ("Anna Halvorsen", "PERSON", 0)],
        [("Foreign Minister Anna Halvorsen", 0)],
    )
    out = resolve(parsed).attributions
    assert [(a.speaker, a.role) for a in out] == [("Anna Halvorsen", "Foreign Minister")]


def test_a_surname_tagged_as_a_place_is_the_person() -> None:
    # Only the lone surname is an entity, and the model called it a place.
    text = "Elena Varga arrived late. Varga said the talks were over."
    parsed = build(text, [("Varga", "GPE", 1)], [("Varga", 1)])
    assert speakers(parsed) == [("Elena Varga", "PERSON")]
