"""Silver metadata labels read from a crawled page's HTML head, matched to its dump lines,
measured against hand labels, and never taken from a held-aside page's site."""

from __future__ import annotations

import gzip
from pathlib import Path

from saidwhat.clean.train_silver import (Silver, agreement, kept_sources, load_silver, match_title, read_silver,
                                         silver_pages, title_keys)
from saidwhat.clean.units import split_units

HEAD = """<html><head>
<title>Old ferry terminal to close after sixty years | Harbour Gazette</title>
<meta property="og:title" content="Old ferry terminal to close after sixty years - Harbour Gazette">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:url" content="https://www.harbourgazette.example/news/ferry">
<meta name="author" content="{author}">
<meta property="article:published_time" content="2022-06-14T09:30:00Z">
</head><body><p>The harbour board voted on Tuesday.</p></body></html>"""


def test_the_head_gives_title_writer_outlet_date_and_site() -> None:
    found = read_silver("ferry", HEAD.format(author="Mara Ellison").encode())
    assert found == Silver("ferry", "harbourgazette.example", {
        "title:og": "Old ferry terminal to close after sixty years - Harbour Gazette",
        "title:tag": "Old ferry terminal to close after sixty years",
        "author:meta": "Mara Ellison", "outlet:og": "Harbour Gazette", "date:meta": "2022-06-14"})


def test_an_author_tag_naming_the_site_is_no_writer() -> None:
    assert "author:meta" not in read_silver("a", HEAD.format(author="HarbourGazette.com").encode()).values
    assert "author:meta" not in read_silver("b", HEAD.format(author="Gazette").encode()).values


def test_broken_html_gives_nothing() -> None:
    assert read_silver("x", b"") == Silver("x", "", {})


def test_the_title_is_matched_to_the_dump_line_without_the_site_name() -> None:
    assert title_keys("Web Ink Now: Entrenched music business hates free content") == {
        "web ink now entrenched music business hates free content", "entrenched music business hates free content"}
    units = split_units("Harbour Gazette\nNews\nOld ferry terminal to close after sixty years\nBy Mara Ellison\n"
                        "The harbour board voted on Tuesday to close the old ferry terminal.\n")
    title = "Old ferry terminal to close after sixty years - Harbour Gazette"
    assert match_title(units, [0, 1, 2, 3], 4, title) == "Old ferry terminal to close after sixty years"
    assert match_title(units, [0, 1, 3], 4, title) is None
    # a <title> holding only the site's name is no headline
    assert match_title(units, [0, 1, 2, 3], 4, "Harbour Gazette") is None


def _labels() -> list[dict[str, str]]:
    rows = []
    for k in range(6):
        rows.append({"page": f"p{k}", "title": "", "date": "", "author": "Mara Ellison" if k < 5 else "",
                     "outlet": "Harbour Gazette", "source": "dragnet", "split": "dev"})
    rows.append({"page": "p6", "title": "", "date": "", "author": "", "outlet": "Harbour Gazette", "source": "dragnet",
                 "split": "outlet"})
    return rows


def test_agreement_counts_a_writer_on_a_page_labelled_without_one_as_wrong() -> None:
    heads = {f"p{k}": read_silver(f"p{k}", HEAD.format(author="Mara Ellison").encode()) for k in range(7)}
    agree = agreement(heads, _labels())
    # p5 is labelled with no writer; p6 only for its outlet
    assert agree["author:meta"] == (5, 6)
    assert agree["outlet:og"] == (7, 7)
    assert agree["date:meta"] == (0, 6)
    assert kept_sources(agree) == ["author:meta", "outlet:og"]


def test_no_silver_page_shares_a_held_aside_pages_site(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    other = HEAD.replace("harbourgazette.example", "ledger.example").replace("Harbour Gazette", "Millbrook Ledger")
    pages = {"held": HEAD, "same-site": HEAD, "other": other, "labelled": other}
    for page_id, html in pages.items():
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.format(author="Mara Ellison").encode()))
    heads = load_silver(tmp_path)
    held = [{"page": "held", "outlet": "Harbour Gazette", "split": "heldout"}]
    labels = [{"page": "labelled", "outlet": "Millbrook Ledger", "split": "dev"}]
    rows = silver_pages(heads, ["title:og", "outlet:og"], labels, held)
    assert [(r["page"], r["outlet"], r["split"]) for r in rows] == [("other", "Millbrook Ledger", "silver")]
    assert rows[0]["title"] == "Old ferry terminal to close after sixty years - Millbrook Ledger"
