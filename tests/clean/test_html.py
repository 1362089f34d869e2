"""HTML pages: trafilatura body, metadata from meta tags and JSON-LD, the same ``kind`` rules."""

from __future__ import annotations

from pathlib import Path

from saidwhat.clean import clean
from saidwhat.ingest.files import read_path
from saidwhat.models import Article, RawPage

DATA = Path(__file__).parent / "data"


def test_opinion_page_body_and_metadata(settings) -> None:  # type: ignore[no-untyped-def]
    page = next(read_path(str(DATA / "opinion.html"), settings))
    assert isinstance(page, RawPage) and page.format == "html"
    article = clean(page, settings)
    assert isinstance(article, Article)
    assert article.text.startswith("When the council shelved the harbour tunnel last winter")
    assert '"We would be foolish not to look at this again," the transport committee chair' in article.text
    assert article.text.endswith("before the autumn budget.")
    for furniture in ("cookies", "Sign in", "Most read", "Ferry timetable", "All rights reserved",
                      "Share this article"):
        assert furniture not in article.text
    assert len(article.text.split("\n\n")) == 4
    assert (article.title, article.published, article.author, article.outlet, article.kind) == (
        "Why the harbour tunnel deserves a second look", "2023-05-02T08:15:00+01:00",
        "Priya Raman", "Harbour Gazette", "opinion")
    assert (article.offsets, article.segments) == ("text", ())


def test_html_without_time_gives_a_date_only(settings) -> None:  # type: ignore[no-untyped-def]
    html = (DATA / "opinion.html").read_text("utf-8")
    html = html.replace('"2023-05-02T08:15:00+01:00"', '"2023-05-02"')
    html = html.replace('content="2023-05-02T08:15:00+01:00"', 'content="2023-05-02"')
    html = html.replace('"@type": "OpinionNewsArticle"', '"@type": "NewsArticle"')
    html = html.replace("/opinion/2023", "/news/2023")
    article = clean(RawPage("n", "n.html", html, "html"), settings)
    assert isinstance(article, Article)
    assert (article.published, article.kind) == ("2023-05-02", "news")
