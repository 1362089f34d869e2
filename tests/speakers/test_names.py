"""Name forms and role phrases: string rules with no document around them."""

from __future__ import annotations

import pytest

from saidwhat.speakers.names import acronym, display_name, name_tokens, org_key, org_name, person_key
from saidwhat.speakers.roles import apposition_role, party_of, prenominal_role


@pytest.mark.parametrize(
    "text, tokens, gender",
    [
        ("Mrs. Clinton's", ["Clinton"], "F"),
        ("Mr. Kerry", ["Kerry"], "M"),
        ("Sen. Lindsey Graham (R-S.C.)", ["Lindsey", "Graham"], None),
        ("Charlotte Mayor Jennifer Roberts", ["Jennifer", "Roberts"], None),
        ("Donald Trump Jr.", ["Donald", "Trump", "Jr."], None),
        ("Larry King", ["Larry", "King"], None),
        ("the analysts", [], None),
    ],
)
def test_name_tokens(text: str, tokens: list[str], gender: str | None) -> None:
    assert name_tokens(text) == (tokens, gender)


@pytest.mark.parametrize(
    "tokens, key",
    [
        (["John", "F.", "Kerry"], ("kerry", "john", "")),
        (["Bill", "Clinton"], ("clinton", "william", "")),
        (["Donald", "Trump", "Jr."], ("trump", "donald", "jr")),
        (["Bill", "de", "Blasio"], ("de blasio", "william", "")),
        (["De", "Blasio"], ("de blasio", None, "")),
        (["Kerry"], ("kerry", None, "")),
    ],
)
def test_person_key(tokens: list[str], key: tuple[str, str | None, str]) -> None:
    assert person_key(tokens) == key


def test_display_name_drops_middle_initials_only() -> None:
    assert display_name(["Loretta", "E.", "Lynch"]) == "Loretta Lynch"
    assert display_name(["Aung", "San", "Suu", "Kyi"]) == "Aung San Suu Kyi"


@pytest.mark.parametrize(
    "name, display, key",
    [
        ("the State Department's", "State Department", "state department"),
        ("U.S. State Department", "U.S. State Department", "state department"),
        ("National Interests: The Human Rights Council", "Human Rights Council", "human rights council"),
        ("The U.N.", "U.N", "un"),
    ],
)
def test_org_forms(name: str, display: str, key: str) -> None:
    assert (org_name(name), org_key(name)) == (display, key)


def test_acronym() -> None:
    assert acronym("the International Monetary Fund") == "IMF"


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("said Russian Foreign Minister Sergey Lavrov today", "Sergey Lavrov", "Russian Foreign Minister"),
        ("As AP journalist Matt Lee pointed out", "Matt Lee", "AP journalist"),
        ("Trump campaign spokesman Jason Miller told", "Jason Miller", "Trump campaign spokesman"),
        ("Sen. Lindsey Graham said", "Lindsey Graham", "Senator"),
        ("But Donald Trump said", "Donald Trump", None),
        ("according to Donald Trump", "Donald Trump", None),
        ("with Foreign Minister Sergey Lavrov and Russian President Vladimir Putin", "Vladimir Putin",
         "Russian President"),
        ("said Secretary of Health and Human Services Tom Price", "Tom Price",
         "Secretary of Health and Human Services"),
    ],
)
def test_prenominal_role(text: str, name: str, role: str | None) -> None:
    start = text.index(name)
    assert prenominal_role(text, start, 0) == role


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Phil Smith, a spokesman for the miners, said", "Phil Smith", "spokesman for the miners"),
        ("Larry King, 82, said", "Larry King", None),
        ("Jorge Castañeda, a former Mexican foreign minister who is a critic", "Jorge Castañeda",
         "former Mexican foreign minister"),
        ("Tom Hart, who lives here, said", "Tom Hart", None),
    ],
)
def test_apposition_role(text: str, name: str, role: str | None) -> None:
    end = text.index(name) + len(name)
    assert apposition_role(text, end, len(text)) == role


def test_party_of() -> None:
    assert party_of("Republican presidential nominee") == "R"
    assert party_of(None, "(D-Md.)") == "D"
    assert party_of("AP journalist") is None
