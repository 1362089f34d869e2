"""The pure presentation helpers: highlighted text and sampling (charts: test_charts.py)."""

from __future__ import annotations

import re

from saidwhat.models import Shift, Statement
from saidwhat.web import views


def pieces(markup: str) -> list[tuple[str, str, int, int, str]]:
    found = re.findall(r'data-role="(\w+)" data-att="([\d ]+)" data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)</span>', markup)
    return [(role, att, int(s), int(e), text) for role, att, s, e, text in found]


def test_highlight_cuts_overlapping_spans_at_every_boundary() -> None:
    text = 'Ann said "Bob said no" today.'
    outer = views.spans_of(1, ((0, 3),), ((4, 8),), ((10, 21),))
    inner = views.spans_of(2, ((10, 13),), ((14, 18),), ((19, 21),))
    info = {1: views.AttInfo(1, "Ann", "direct", "+0.10"), 2: views.AttInfo(2, "Bob", "direct", "-0.50")}
    got = pieces(views.highlight(text, outer + inner, info))
    assert got == [
        ("source", "1", 0, 3, "Ann"), ("cue", "1", 4, 8, "said"),
        ("source", "1 2", 10, 13, "Bob"), ("content", "1", 13, 14, " "), ("cue", "1 2", 14, 18, "said"),
        ("content", "1", 18, 19, " "), ("content", "1 2", 19, 21, "no"),
    ]


def test_highlight_escapes_text_and_clips_ranges() -> None:
    text = "<b>x</b> & y"
    markup = str(views.highlight(text, [views.Span(0, 99, "content", 7)], {7: views.AttInfo(7, '"><script>', "direct", "n/a")}))
    assert "<b>" not in markup and "&lt;b&gt;x&lt;/b&gt; &amp; y" in markup
    assert 'data-end="12"' in markup
    assert "<script>" not in markup and "&quot;&gt;&lt;script&gt;" in markup


def statement(i: int, day: str, tone: float, quote: str = "q") -> Statement:
    return Statement(i, f"d{i}", "Ann", "*", day, tone, "neutral", quote)


def test_sample_keeps_evidence_and_limits_dots() -> None:
    many = [statement(i, f"2024-01-{1 + i % 28:02d}", 0.0) for i in range(1000)]
    kept = views.sample(many, keep=[999, 3], limit=100)
    ids = [s.attribution_id for s in kept]
    assert 100 <= len(ids) <= 102 and 999 in ids and 3 in ids
    assert views.sample(many[:5], keep=[]) == many[:5]
