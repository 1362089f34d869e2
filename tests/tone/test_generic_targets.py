"""Generic institutions ("Senate", "elections") are timeline and shift targets only when asked for."""

from __future__ import annotations

from saidwhat.models import Statement
from saidwhat.tone.statements import select, worth_tracking


def st(target: str, n: int) -> Statement:
    return Statement(n, f"d{n}", "Odile Brun", target, "2016-03-01", 0.5, "positive", "q")


STATEMENTS = [st("Senate", 1), st("the bridge", 2), st("elections", 3), st("*", 4)]


def test_generic_targets_are_left_out_unless_asked() -> None:
    assert [s.target for s in worth_tracking(STATEMENTS)] == ["the bridge", "*"]
    assert [s.target for s in worth_tracking(STATEMENTS, "senate")] == ["Senate", "the bridge", "elections", "*"]


def test_select_keeps_a_generic_target_only_when_it_is_the_one_asked_for() -> None:
    assert [s.target for s in select(STATEMENTS, "Odile Brun")] == ["the bridge"]
    assert [s.target for s in select(STATEMENTS, "Odile Brun", "Senate")] == ["Senate"]


def test_the_speaker_is_not_a_target_of_their_own_statements() -> None:
    own = [st("Brun", 5), st("Odile Brun", 6), st("the bridge", 7)]
    assert [s.target for s in worth_tracking(own)] == ["the bridge"]
    assert [s.target for s in select(own, "Odile Brun")] == ["the bridge"]


def test_a_topic_word_in_an_organisation_name_is_not_a_self_target() -> None:
    council = Statement(8, "d8", "International Migration Council", "migration", "2016-03-01", 0.1, "neutral", "q")
    assert worth_tracking([council]) == [council]
