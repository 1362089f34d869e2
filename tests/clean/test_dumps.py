"""Text dumps from several kinds of sites: what must survive cleaning and what must not.

The pages under ``data/`` are written for these tests in the shape real flatteners give
(menus, bylines, datelines, promos, share rows, comment forms, copyright footers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean import clean
from saidwhat.ingest.files import read_path
from saidwhat.models import Article, RawPage, Skipped

DATA = Path(__file__).parent / "data"

CASES = {
    "wire": {
        "keep": [
            "WASHINGTON (Wire) — A Senate committee on Wednesday advanced a bill that would tighten",
            '"This is a practical fix for a problem everyone agrees exists," said Sen. Laura Briggs,',
            "The Port Authority Association said in a statement",
        ],
        "drop": ["Skip to main content", "Reporting by Martha", "Share this article",
                 "Copyright 2021", "Flooding displaces", "By Martha Kellerman"],
        "meta": {"title": "Senate panel advances port security bill after weeks of delay",
                 "published": "2021-11-04T07:45", "author": "Martha Kellerman",
                 "outlet": "Wire News Agency", "kind": "news", "venue": "WASHINGTON"},
    },
    "tabloid": {
        "keep": [
            '"I nearly took the lot to the charity shop," she told the Blare.',
            "The robots will go under the hammer next month in Harrogate.",
            "Mrs Dobbs said she would use the money",
        ],
        "drop": ["READ MORE", "Most Read", "Sign up for our newsletter", "(Image: Blare Media)",
                 "Lottery winner", "Have your say", "Gran stunned by 1950s toy haul"],
        "meta": {"title": "'I found a fortune in the attic!' Gran stunned by 1950s toy haul",
                 "published": "2021-10-09T16:05", "author": "Kelly Osgood", "kind": "news"},
    },
    "broadcaster": {
        "keep": [
            "MOSCOW — Talks on reopening the Black Sea grain corridor will resume next week",
            '"We are ready to discuss all the technical questions, including insurance for the vessels," he said.',
            "Analysts said the resumption of talks",
        ],
        "drop": ["icon bookmark", "READ MORE", "Shipping insurers", "Like this story",
                 "comments section", "All rights reserved", "Op-ed"],
        "meta": {"title": "Ministry says grain corridor talks will resume next week",
                 "published": "2022-02-14T09:30", "kind": "news", "venue": "MOSCOW"},
    },
    "blog": {
        "keep": [
            "For years I turned over every bed each autumn",
            'said "you\'ll regret it" - but even he admits the leeks look good.',
            "I spread about five centimetres of compost",
        ],
        "drop": ["Search this blog", "Leave a Reply", "Proudly powered by WordPress", "Like Loading",
                 "Tags: compost", "12 thoughts on"],
        "meta": {"title": "Why I stopped digging my vegetable beds", "published": "2020-03-03",
                 "author": "Ellen Marsh", "kind": "news"},
    },
    "liveblog": {
        "keep": [
            "Turnout in the northern districts reached 64%",
            '"I have never seen anything like it."',
            "The opposition leader, Petr Valek, has conceded in his home constituency",
        ],
        "drop": ["Show key events only", "Please turn on JavaScript", "Reuse this content",
                 "\n\nShare\n\n", "Previous", "23:41"],
        "meta": {"title": "Election night live: results as they come in", "kind": "news"},
    },
}


def cleaned(name: str, settings) -> Article:  # type: ignore[no-untyped-def]
    page = next(read_path(str(DATA / f"{name}.txt"), settings))
    assert isinstance(page, RawPage)
    article = clean(page, settings)
    assert isinstance(article, Article), article
    return article


@pytest.mark.parametrize("name", sorted(CASES))
def test_must_keep_lines_survive(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    text = cleaned(name, settings).text
    missing = [k for k in CASES[name]["keep"] if k not in text]
    assert missing == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_must_drop_lines_are_gone(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n" + cleaned(name, settings).text + "\n\n"
    kept = [d for d in CASES[name]["drop"] if d in text]
    assert kept == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    article = cleaned(name, settings)
    expected = CASES[name]["meta"]
    assert {k: getattr(article, k) for k in expected} == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_segment_is_a_verbatim_slice(name: str, settings) -> None:  # type: ignore[no-untyped-def]
    article = cleaned(name, settings)
    assert article.offsets == "input"
    assert article.segments
    for seg in article.segments:
        assert (
            article.text[seg.text_start : seg.text_start + seg.length]
            == article.raw[seg.input_start : seg.input_start + seg.length]
        )
    # everything not covered by a segment is an inserted separator
    covered = sum(seg.length for seg in article.segments)
    gaps = article.text.count("\n\n") * 2
    joins = len(article.text) - covered - gaps
    assert joins == sum(1 for _ in article.segments) - (article.text.count("\n\n") + 1)


def test_last_live_blog_entry_survives(settings) -> None:  # type: ignore[no-untyped-def]
    assert "Polls have now closed across the country." in cleaned("liveblog", settings).text


def test_paragraphs_are_separated_by_exactly_one_blank_line(settings) -> None:  # type: ignore[no-untyped-def]
    text = cleaned("tabloid", settings).text
    assert "\n\n\n" not in text and text == text.strip()
    assert len(text.split("\n\n")) == 6


def test_hard_wrapped_paragraphs_are_joined_and_map_back(settings) -> None:  # type: ignore[no-untyped-def]
    article = cleaned("wire", settings)
    first = article.text.split("\n\n")[0]
    assert first == (
        "WASHINGTON (Wire) — A Senate committee on Wednesday advanced a bill that would "
        "tighten inspections of cargo arriving at U.S. ports, ending a standoff that had "
        "stalled the measure for nearly two months."
    )
    # "tighten" starts the second physical line; it maps to that line in the raw page
    start = first.index("tighten")
    ((a, b),) = article.to_input(((start, start + 7),))
    assert article.raw[a:b] == "tighten"
    assert article.raw[a - 1] == "\n"


def test_crlf_input_maps_back_exactly(settings) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / "broadcaster.txt").read_text("utf-8").replace("\n", "\r\n")
    article = clean(RawPage("b", "b.txt", raw), settings)
    assert isinstance(article, Article)
    quote = '"We are ready to discuss all the technical questions'
    start = article.text.index(quote)
    ((a, b),) = article.to_input(((start, start + len(quote)),))
    assert raw[a:b] == quote
    assert "\r" not in article.text


def test_meta_from_a_record_wins(settings) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / "wire.txt").read_text("utf-8")
    meta = (("title", "Given title"), ("published", "2021-11-05"), ("kind", "analysis"),
            ("outlet", "Given Outlet"), ("url", "https://example.org/a"))
    article = clean(RawPage("w", "w.jsonl#w", raw, "text", meta), settings)
    assert isinstance(article, Article)
    assert (article.title, article.published, article.kind, article.outlet, article.url) == (
        "Given title", "2021-11-05", "analysis", "Given Outlet", "https://example.org/a")


def test_settings_outlet_overrides_detection(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    article = clean(RawPage("w", "w.txt", (DATA / "wire.txt").read_text("utf-8")),
                    replace(settings, outlet="Override"))
    assert isinstance(article, Article) and article.outlet == "Override"


def test_content_hash_is_sha256_of_the_decoded_input(settings) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    article = cleaned("blog", settings)
    assert article.content_hash == hashlib.sha256(article.raw.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("raw, reason", [
    ("   \n\n  ", "empty document"),
    ("Home\n\nNews\n\nSport\n\nSign in\n\nSubscribe\n\nCookie settings\n",
     "no article body found (boilerplate only)"),
])
def test_empty_and_boilerplate_only_pages_are_skipped(raw: str, reason: str, settings) -> None:  # type: ignore[no-untyped-def]
    assert clean(RawPage("x", "x.txt", raw), settings) == Skipped("x", "x.txt", "clean", reason)
