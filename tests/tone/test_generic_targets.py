"""Generic institutions ("Senate", "elections") are timeline and shift targets only when asked for."""

from __future__ import annotations

from saidwhat.models import Statement
from saidwhat.tone.statements import select, without_generic


def st(target: str, n: int) -> Statement:
    return Statement(n, f"d{n}", "Odile Brun", target, "2016-03-01", 0.5, "positive", "q")


STATEMENTS = [st("Senate", 1), st("the bridge", 2), st("elections", 3), st("*", 4)]


def test_generic_targets_are_left_out_unless_asked() -> None:
    assert [s.target for s in without_generic(STATEMENTS)] == ["the bridge", "*"]
    assert [s.target for s in without_generic(STATEMENTS, "senate")] == ["Senate", "the bridge", "elections", "*"]


def test_select_keeps_a_generic_target_only_when_it_is_the_one_asked_for() -> None:
    assert [s.target for s in select(STATEMENTS, "Odile Brun")] == ["the bridge"]
    assert [s.target for s in select(STATEMENTS, "Odile Brun", "Senate")] == ["Senate"]
