"""Every page in Chromium at 1400 and 400 px: no horizontal overflow, its links answer, the
filter boxes suggest names, and a correction made in the UI shows on the speakers page.

Opt-in like the other browser tests (``pytest --browser-tests``). The server is the real
``saidwhat serve`` over a hand-built SQLite store (``webcorpus.parsed_corpus``), with a token.
Screenshots of every page at both widths land in ``artifacts/screenshots/layout/`` (or in
the folder named by ``SAIDWHAT_SHOTS``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import webcorpus
from test_browser import REPO, TOKEN, Server, browser, serving  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser

WIDTHS = (1400, 400)
SHOTS = Path(os.environ.get("SAIDWHAT_SHOTS") or REPO / "artifacts" / "screenshots" / "layout")
OVERFLOW_JS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))
    .filter(h => h.startsWith('/') && !h.startsWith('//'))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("layout")
    db = webcorpus.build_handmade_db(base / "corpus.db")
    with serving(db, base) as srv:
        yield srv


def pages(site: Server) -> dict[str, str]:
    """Every page of the app: name -> path."""
    holloway = site.get_json("/api/speakers/Jane%20Holloway")
    webb = site.get_json("/api/speakers/Marcus%20Webb")
    payload = next(a for a in site.get_json("/api/articles?limit=500")["items"] if a["doc_id"] == "payload")
    return {
        "home": "/", "search": "/search?q=bridge", "search-empty": "/search", "search-filtered":
        "/search?q=bridge&speaker=Jane+Holloway&sort=oldest", "articles": "/articles",
        "article": f"/articles/{payload['id']}", "article-long": "/articles/1", "speakers": "/speakers",
        "speaker": f"/speakers/{holloway['id']}", "speaker-topic": f"/speakers/{holloway['id']}?topic=bridge",
        "compare-empty": "/compare", "compare": f"/compare?a={holloway['id']}&b={webb['id']}&topic=bridge",
        "shifts": "/shifts", "trails": "/trails", "error": "/no-such-page", "docs": "/docs",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_window_and_its_links_work(browser: Any, site: Server, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    checked: dict[str, int] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in pages(site).items():
            response = page.goto(site.url + path)
            assert response.status == (404 if name == "error" else 200), path
            if name == "docs":
                page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
            scroll, inner = page.evaluate(OVERFLOW_JS)
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            assert scroll <= inner, f"{path} at {width}px is {scroll}px wide"
            for href in page.evaluate(LINKS_JS):
                target = href.split("#")[0]
                if target and target not in checked:
                    checked[target] = page.request.get(site.url + target, max_redirects=3).status
        broken = {h: s for h, s in checked.items() if s >= 400}
        assert not broken, broken
        assert len(checked) > 20 and errors == []
    finally:
        context.close()


def test_filter_boxes_suggest_names(browser: Any, site: Server) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    try:
        page.goto(site.url + "/search")
        page.locator('input[name="speaker"]').press_sequentially("holl", delay=30)
        options = page.locator("#suggest-speaker option")
        options.first.wait_for(state="attached", timeout=5_000)
        assert options.first.get_attribute("value") == "Jane Holloway"
        page.locator('input[name="topic"]').press_sequentially("bri", delay=30)
        page.locator("#suggest-topic option").first.wait_for(state="attached", timeout=5_000)
        assert page.locator("#suggest-topic option").first.get_attribute("value") == "bridge"
        # A suggestion is an ordinary value: the form submits it and the page filters by it.
        page.locator('input[name="speaker"]').fill("Jane Holloway")
        page.locator('form.filters button[type="submit"]').click()
        page.wait_for_url("**speaker=Jane+Holloway**")
        assert "speaker: Jane Holloway" in page.locator(".active-filters").inner_text()
        page.screenshot(path=str(SHOTS / "search-suggested-400.png"), full_page=True)
        # The compare and shifts boxes suggest speakers too.
        page.goto(site.url + "/compare")
        page.locator('input[name="b"]').press_sequentially("web", delay=30)
        page.locator("#suggest-b option").first.wait_for(state="attached", timeout=5_000)
        assert page.locator("#suggest-b option").first.get_attribute("value") == "Marcus Webb"
    finally:
        context.close()


def test_a_rename_in_the_ui_shows_on_the_speakers_page(browser: Any, site: Server) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    try:
        webb = site.get_json("/api/speakers/Marcus%20Webb")
        page.goto(site.url + f"/speakers/{webb['id']}")
        page.locator("details.corrections summary").click()
        form = page.locator("form.rename-form")
        form.locator('input[name="name"]').fill("Marcus A. Webb")
        form.locator('input[name="token"]').fill(TOKEN)
        form.locator('button[type="submit"]').click()
        page.wait_for_url("**corrected=rename**")
        assert page.locator("h1").inner_text() == "Marcus A. Webb"
        assert "Renamed" in page.locator(".flash").inner_text()
        page.screenshot(path=str(SHOTS / "speaker-renamed-400.png"), full_page=True)
        page.goto(site.url + "/speakers")
        names = page.locator("table.speakers a.speaker-link").all_inner_texts()
        assert "Marcus A. Webb" in names and "Marcus Webb" not in names
        page.goto(site.url + "/shifts")
        assert "Marcus A. Webb" in page.locator("main").inner_text()
    finally:
        context.close()
