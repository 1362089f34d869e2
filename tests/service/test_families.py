"""Outlet names and topic families: the general rules, expected values written by hand."""

from __future__ import annotations

import pytest

from saidwhat.service.outlets import outlet_key, outlet_name
from saidwhat.service.topics import families, fold_word, topic_key
from saidwhat.service.volume import fold


@pytest.mark.parametrize(("raw", "name"), [
    ("The Northgate Post Media Group", "The Northgate Post"),
    ("© 2025 The Northgate Post Media Group. All rights reserved.", "The Northgate Post"),
    ("Copyright 2019 Acme Daily Ltd", "Acme Daily"),
    ("Eastbound Review Inc.", "Eastbound Review"),
    ("The Harbour Ledger | Opinion", "The Harbour Ledger"),
    ("The Daily Clarion - Politics", "The Daily Clarion"),
    ("Meridian Broadcast: World", "Meridian Broadcast"),
    ("Continental Wire Service", "Continental Wire Service"),
    ("World", None),
    ("", None),
    (None, None),
])
def test_outlet_name_drops_owner_words_years_and_sections(raw: str | None, name: str | None) -> None:
    assert outlet_name(raw) == name


def test_outlet_key_ignores_case_and_a_leading_the() -> None:
    assert outlet_key("The Northgate Post") == outlet_key("northgate  post") == "northgate post"


@pytest.mark.parametrize(("word", "folded"), [
    ("Veskara", "veskar"), ("Veskaran", "veskar"), ("Veskarans", "veskar"),
    ("Dravania", "dravan"), ("Dravanian", "dravan"), ("Dravanians", "dravan"),
    ("sanctions", "sanction"), ("Union", "union"), ("crisis", "crisis"), ("Iran", "iran"), ("Iranian", "iran"),
])
def test_fold_word_removes_one_plural_or_demonym_ending(word: str, folded: str) -> None:
    assert fold_word(word) == folded


def test_topic_key_drops_a_leading_article() -> None:
    assert topic_key("the sanctions") == topic_key("Sanctions") == ("sanction",)


def test_families_join_spellings_and_a_unique_head_noun() -> None:
    got = families([
        ("Veskara", 29, 0.1), ("Veskaran", 9, -0.1), ("Veskarans", 2, 0.0),
        ("Union", 22, 0.2), ("Northern Union", 22, -0.2), ("ceasefire", 45, 0.3),
    ])
    assert [(f.name, f.members, f.count) for f in got] == [
        ("ceasefire", ("ceasefire",), 45),
        ("Northern Union", ("Northern Union", "Union"), 44),
        ("Veskara", ("Veskara", "Veskaran", "Veskarans"), 40),
    ]
    veskara = got[2]
    assert veskara.mean_tone == pytest.approx((29 * 0.1 - 9 * 0.1) / 40)


def test_an_ambiguous_head_noun_stays_on_its_own() -> None:
    got = families([("Union", 5, None), ("European Union", 3, None), ("Soviet Union", 2, None)])
    assert sorted(f.members for f in got) == [("European Union",), ("Soviet Union",), ("Union",)]


def test_volume_fold_sums_days_into_weeks_and_months_with_empty_periods() -> None:
    daily = [("2024-01-01", 2), ("2024-01-03", 1), ("2024-01-10", 2), ("2024-01-29", 1)]
    weeks = fold(daily, "week")
    assert [(p.start, p.end, p.count) for p in weeks] == [
        ("2024-01-01", "2024-01-07", 3), ("2024-01-08", "2024-01-14", 2), ("2024-01-15", "2024-01-21", 0),
        ("2024-01-22", "2024-01-28", 0), ("2024-01-29", "2024-02-04", 1),
    ]
    months = fold([("2023-12-31", 4), ("2024-02-29", 1)], "month")
    assert [(p.start, p.end, p.count) for p in months] == [
        ("2023-12-01", "2023-12-31", 4), ("2024-01-01", "2024-01-31", 0), ("2024-02-01", "2024-02-29", 1),
    ]
    assert fold([], "day") == []
