"""The hashed words of a unit that the line model reads (``clean/line_words.py``)."""

from __future__ import annotations

from saidwhat.clean.line_words import BUCKETS, unit_buckets, unit_tokens


def test_a_short_unit_gives_its_words_pairs_and_ends_lower_cased_with_digits_folded() -> None:
    assert unit_tokens("Comments (12)") == ["ucomments", "u00", "bcomments 00", "^comments", "$00"]
    assert unit_buckets("Comments (12)") == unit_buckets("comments (47)")
    assert unit_buckets("Comments (12)") != unit_buckets("Comments (3)")  # a digit folds to one 0


def test_a_long_unit_gives_only_its_first_and_last_word_and_pair() -> None:
    text = "The island ferry operator will run two extra crossings a day this winter."
    assert unit_tokens(text) == ["^the", "$winter", "<the island", ">this winter"]


def test_eight_words_are_short_nine_are_long() -> None:
    assert len(unit_tokens("one two three four five six seven eight")) == 8 + 7 + 2
    assert len(unit_tokens("one two three four five six seven eight nine")) == 4


def test_a_unit_without_words_gives_nothing_and_buckets_stay_in_range() -> None:
    assert unit_tokens("— | —") == []
    assert unit_buckets("— | —") == frozenset()
    assert all(0 <= b < BUCKETS for b in unit_buckets("Sign up for our newsletter"))
    assert len(unit_buckets("Sign up for our newsletter")) == 5 + 4 + 2
