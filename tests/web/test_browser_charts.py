"""Charts, topics, outlets and shifts in a real browser at 1400 and 400 px.

The server (``saidwhat serve``, a subprocess) reads a real SQLite file holding the bridge
corpus (two speakers who turn, so there are shifts) and ``facetcorpus`` (topic spellings,
outlet spellings). For every page: date axes label more than their two ends, axis text
renders at 11 px or more, nothing in the page's content runs past the window, and every
link in the content answers. Screenshots land in ``artifacts/screenshots/`` and in
``$SAIDWHAT_SHOTS`` when set. Opt-in: ``pytest --browser-tests``.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import facetcorpus
import webcorpus
from test_browser import SHOTS, Server, browser, serving  # noqa: F401 (browser: the shared Chromium fixture)

pytestmark = pytest.mark.browser
WIDTHS = (1400, 400)

# What the visible charts of a page show: per chart, its x labels and its smallest
# rendered font size in CSS pixels.
CHARTS_JS = """() => [...document.querySelectorAll('svg.chart-svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const labels = [...svg.querySelectorAll('text.axis')];
    const scale = svg.getScreenCTM().a;
    return {
      id: svg.id,
      x: [...svg.querySelectorAll('text.x-label')].map(t => t.textContent),
      font: Math.min(...labels.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    };
  })"""
# Elements of the content that end right of the window (the header and the search page's
# quote tables are another change's: they are left out here).
OVERFLOW_JS = """() => [...document.querySelectorAll('main *, footer')]
  .filter(e => !e.closest('table.quotes') && e.getBoundingClientRect().width > 0
               && e.getBoundingClientRect().right > innerWidth + 0.5)
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + (e.getAttribute('class') || ''))"""
LINKS_JS = """() => [...new Set([...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href')))]"""
ANCHORS_JS = """() => [...document.querySelectorAll('a.shift-mark, a.shift-point')]
  .map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1)))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("charts")
    db = facetcorpus.build(base / "charts.db", webcorpus.parsed_corpus())
    with serving(db, base) as srv:
        yield srv


@pytest.fixture()
def window(browser: Any) -> Iterator[Any]:
    """A 1400 px wide page."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    yield page
    page.close()


def pages(server: Server) -> dict[str, tuple[str, int]]:
    """name -> (path, how many date-axis charts the page shows)."""
    holloway = server.get_json("/api/speakers?q=Holloway")["items"][0]
    webb = server.get_json("/api/speakers?q=Webb")["items"][0]
    return {
        "home": ("/", 1),
        "speaker": (f"/speakers/{holloway['id']}", 3),  # volume, overall tone, bridge
        "compare": (f"/compare?a={holloway['id']}&b={webb['id']}&topic=bridge", 1),
        "shifts": ("/shifts", 1),
        "topics": ("/topics", 0),
        "topic": ("/topics/Morvanians", 2),  # volume, Ada Quill's tone
        "topic-bridge": ("/topics/bridge", 3),  # volume, two speakers' tone
        "outlets": ("/outlets", 0),
        "outlet": ("/outlets/" + urllib.parse.quote("The Lakeside Courier Media Group"), 1),
    }


def status(server: Server, href: str) -> int:
    try:
        with urllib.request.urlopen(server.url + href, timeout=10) as r:  # follows /go/statement's 303
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def shot(page: Any, name: str) -> None:
    for folder in (SHOTS, Path(os.environ["SAIDWHAT_SHOTS"]) if os.environ.get("SAIDWHAT_SHOTS") else None):
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_page_reads_at_this_width(browser: Any, server: Server, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    checked: set[str] = set()
    try:
        for name, (path, n_charts) in pages(server).items():
            assert page.goto(server.url + path).status == 200, path
            found = page.evaluate(CHARTS_JS)
            assert len(found) == n_charts, (name, found)
            for chart in found:
                assert len(chart["x"]) >= 3, (name, chart)  # more than the first and last date
                assert chart["font"] >= 10.9, (name, chart)
            assert page.evaluate(OVERFLOW_JS) == [], name
            assert page.evaluate(ANCHORS_JS) == [], name  # every shift mark has its evidence
            for href in page.evaluate(LINKS_JS):
                if href.startswith("#") or href in checked or "format=" in href:
                    continue
                checked.add(href)
                assert status(server, href) == 200, (name, href)
            shot(page, f"charts-{name}-{width}")
        assert errors == []
    finally:
        page.close()


def test_a_shift_mark_opens_its_evidence_and_the_evidence_opens_the_article(window: Any, server: Server) -> None:
    window.goto(server.url + "/shifts")
    point = window.locator(".chart-wide a.shift-point").first
    target = point.get_attribute("href")
    point.click()
    window.wait_for_selector(f"details{target}[open]", timeout=5000)
    window.locator(f"details{target} a", has_text="in article").first.click()
    window.wait_for_url("**/articles/*#att-*")
    assert window.locator("tr:target").count() == 1


def test_volume_bars_say_their_counts(window: Any, server: Server) -> None:
    window.goto(server.url + "/outlets/Hill%20Times")
    counts = window.eval_on_selector_all(".chart-wide rect.bar", "bars => bars.map(b => +b.dataset.count)")
    assert sum(counts) == 2  # Hill Times printed two statements
    titles = window.eval_on_selector_all(".chart-wide rect.bar title", "ts => ts.map(t => t.textContent)")
    assert "2 statements" in " ".join(titles)
