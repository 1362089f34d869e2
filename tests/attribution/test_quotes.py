"""Quotation spans on raw text: mark styles, multi-paragraph quotes, unbalanced marks."""

from __future__ import annotations

import pytest

from saidwhat.attribution.quotes import find_quotes


def inner(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in q.parts] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('He said "we can" and left.', [["we can"]]),
        ("He said “we can” and left.", [["we can"]]),
        ("He said «we can» and left.", [["we can"]]),
        ("''We win,'' he said. ''Again.''", [["We win,"], ["Again."]]),
        # a curly quote typed with two opening marks still closes where a closer belongs
        ("“We won,“ she said. “Really.”", [["We won,"], ["Really."]]),
    ],
)
def test_mark_styles(text: str, expected: list[list[str]]) -> None:
    assert inner(text) == expected


def test_multi_paragraph_quote_is_one_quote_with_one_part_per_paragraph() -> None:
    text = "“The first paragraph of the speech.\n\n“And the second,” she said."
    assert inner(text) == [["The first paragraph of the speech.", "And the second,"]]


def test_unbalanced_mark_is_closed_at_the_paragraph_end() -> None:
    text = "“This never closes\n\nNext paragraph with “a quote” in it."
    assert inner(text) == [["This never closes"], ["a quote"]]


def test_single_quotes_are_not_quotations() -> None:
    assert find_quotes("Washington tries to ‘contain’ its rivals, it's said.") == []
