"""Organisations and described bodies as speakers (invented sentences).

"the French foreign ministry", "Russia's defense ministry", "the consortium", "Pentagon
officials" name an identifiable organisation; "analysts", "critics", "some", "one official"
do not, and stay null.
"""

from __future__ import annotations

import pytest

from saidwhat.speakers.bodies import country_of, described_body

from .test_resolve import build, speakers


@pytest.mark.parametrize(
    ("words", "places", "body"),
    [
        (["the", "French", "foreign", "ministry"], [], ("Foreign Ministry", "France")),
        (["Russia's", "defense", "ministry"], ["russia"], ("Defense Ministry", "Russia")),
        (["The", "Veskaran", "government"], ["veskara"], ("Government", "Veskara")),
        (["the", "ministry"], [], ("Ministry", None)),
        (["the", "opposition", "government"], [], None),
        (["the", "consortium"], [], None),
    ],
)
def test_described_body(words: list[str], places: list[str], body: tuple[str, str | None] | None) -> None:
    assert described_body(words, places) == body


def test_country_of_needs_a_possessive_place_or_an_adjective() -> None:
    assert country_of("Russia's", ["russia"]) == "Russia"
    assert country_of("Russia", ["russia"]) is None  # "Russia defense ministry" is no possessive
    assert country_of("Dravanian", ["dravania"]) == "Dravania"
    assert country_of("Vellmar", ["veskara"]) is None


def test_french_foreign_ministry_is_an_org_with_its_country() -> None:
    text = "Talks in Arden failed on Monday. The French foreign ministry said it regretted the decision."
    parsed = build(text, [("Arden", "GPE", 0)], [("The French foreign ministry", 0)])
    assert speakers(parsed) == [("Foreign Ministry (France)", "ORG")]


def test_possessive_country_and_a_later_short_description() -> None:
    text = (
        "Russia's defense ministry said the drills were over. "
        "Troops left the border region. The ministry said more drills would follow."
    )
    parsed = build(text, [("Russia", "GPE", 0)], [("Russia's defense ministry", 0), ("The ministry", 0)])
    assert speakers(parsed) == [("Defense Ministry (Russia)", "ORG"), ("Defense Ministry (Russia)", "ORG")]


def test_the_consortium_is_the_named_consortium() -> None:
    text = (
        "The Baltic Cable Consortium won the contract in May. Work starts next year. "
        "The consortium said the cable would be finished by 2028."
    )
    parsed = build(text, [("The Baltic Cable Consortium", "ORG", 0)], [("The consortium", 0)])
    assert speakers(parsed) == [("Baltic Cable Consortium", "ORG")]


def test_the_company_is_the_organisation_that_last_spoke() -> None:
    text = (
        "Norvane Power, which runs the grid, said supplies were safe. "
        "\"We are ready for winter,\" the company said."
    )
    parsed = build(text, [], [("Norvane Power, which runs the grid", 0), ("the company", 0)])
    assert speakers(parsed) == [("Norvane Power", "ORG"), ("Norvane Power", "ORG")]


def test_pentagon_officials_speak_for_the_pentagon() -> None:
    text = "The strike was confirmed on Sunday. Pentagon officials said two sites were hit."
    parsed = build(text, [("Pentagon", "ORG", 0)], [("Pentagon officials", 0)])
    assert speakers(parsed) == [("Pentagon", "ORG")]


@pytest.mark.parametrize("source", ["analysts", "critics", "some", "one official", "Analysts"])
def test_truly_vague_sources_stay_null(source: str) -> None:
    text = f"The Pentagon confirmed the strike. The French foreign ministry was silent. Later {source} said it was a mistake."
    parsed = build(text, [("Pentagon", "ORG", 0)], [(source, 0)])
    assert speakers(parsed) == [(None, None)]


def test_a_lede_describes_before_it_names() -> None:
    text = (
        "Arland's prime minister on Tuesday praised the monitors. "
        "Prime Minister Tomas Reiner said the truce was holding."
    )
    parsed = build(text, [("Arland", "GPE", 0), ("Tomas Reiner", "PERSON", 0)], [("Arland's prime minister", 0)])
    assert speakers(parsed) == [("Tomas Reiner", "PERSON")]


def test_a_lede_description_stays_null_when_two_people_fit() -> None:
    text = (
        "The prime minister praised the monitors on Tuesday. "
        "Prime Minister Tomas Reiner and Prime Minister Ivan Brod met in Arden."
    )
    parsed = build(text, [("Tomas Reiner", "PERSON", 0), ("Ivan Brod", "PERSON", 0)], [("The prime minister", 0)])
    assert speakers(parsed) == [(None, None)]
