"""The web app in a real browser: Playwright driving Debian's chromium against the real server.

The server runs as a subprocess (``saidwhat serve``) on a free port over a real SQLite file
built by the real ingest from ``webcorpus``. Opt-in: ``pytest --browser-tests`` (CI passes it).
Screenshots land in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import webcorpus

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
TOKEN = "browser-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``saidwhat serve`` in a subprocess; its output is shown when it dies or a test fails."""

    def __init__(self, db: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("wb")
        command = [
            sys.executable, "-c", "from saidwhat.cli import main; main()", "serve",
            "--db", str(db), "--port", str(self.port), "--token", TOKEN,
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDWHAT_")}
        self.proc = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=env)

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text("utf-8", errors="replace")

    def wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"saidwhat serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/api/stats", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"saidwhat serve did not answer within {timeout}s:\n{self.output()}")

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@contextmanager
def serving(db: Path, base: Path) -> Iterator[Server]:
    """``saidwhat serve`` over ``db`` while the block runs; only 500s may log a traceback,
    and the tests provoke none."""
    srv = Server(db, base / "server.log")
    try:
        srv.wait()
        yield srv
    finally:
        srv.stop()
    assert "Traceback" not in srv.output(), srv.output()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("browser")
    db = webcorpus.build_db(base, settings)
    with serving(db, base) as srv:
        stats = srv.get_json("/api/stats")
        assert stats["documents"] == len(webcorpus.documents()), f"ingest stored {stats}"
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (the browser tests need Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, script errors, requests to other hosts."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    watch = Watch()

    def route(r: Any) -> None:
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            watch.foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.watch = watch
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def holloway(server: Server) -> dict[str, Any]:
    found = server.get_json("/api/speakers?q=Holloway")["items"]
    assert found, "the pipeline attributed nothing to Jane Holloway"
    return found[0]


def payload_article(server: Server) -> dict[str, Any]:
    items = server.get_json("/api/articles?limit=500")["items"]
    return next(a for a in items if a["doc_id"] == "payload")


def test_every_page_loads(page: Any, server: Server) -> None:
    sp = holloway(server)
    webb = server.get_json("/api/speakers?q=Webb")["items"][0]
    article = server.get_json("/api/articles?limit=1")["items"][0]
    pages = {
        "/": "Corpus overview", "/search?q=bridge": "Search", "/articles": "Articles",
        f"/articles/{article['id']}": article["title"], "/speakers": "Speakers",
        f"/speakers/{sp['id']}": sp["name"], f"/compare?a={sp['id']}&b={webb['id']}&topic=*": "Compare two speakers",
        "/shifts": "Tone shifts",
    }
    for path, heading in pages.items():
        response = page.goto(server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").first.inner_text() == heading, path
    shot(page, "compare")
    page.goto(server.url + "/")
    assert page.locator("#stat-documents").inner_text() == str(len(webcorpus.documents()))
    shot(page, "home")
    page.goto(server.url + "/search?q=bridge")
    assert page.locator("table.quotes mark").count() > 0  # highlighted snippets
    shot(page, "search")
    assert page.watch.errors == [] and page.watch.foreign == [] and page.watch.dialogs == []


def test_docs_page_works_offline(page: Any, server: Server) -> None:
    page.goto(server.url + "/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/quotes").count() == 1
    assert page.watch.foreign == []
    shot(page, "docs")


HIGHLIGHTS_JS = """(sel) => Array.from(document.querySelectorAll(sel + ' .hl[data-start]')).map(e => ({
    role: e.dataset.role, atts: e.dataset.att.split(' ').map(Number),
    start: Number(e.dataset.start), end: Number(e.dataset.end), text: e.textContent,
    visible: e.getBoundingClientRect().width > 0 }))"""


def covered(pieces: list[dict[str, Any]], att_id: int, role: str) -> set[int]:
    return {i for p in pieces if att_id in p["atts"] and p["role"] == role for i in range(p["start"], p["end"])}


def test_highlights_sit_where_the_offsets_say(page: Any, server: Server) -> None:
    sp = holloway(server)
    quote = server.get_json(f"/api/quotes?speaker={sp['id']}&limit=1")["items"][0]
    doc = server.get_json(f"/api/articles/{quote['doc_pk']}?raw=true")
    assert doc["attributions"], "no attributions to highlight"
    page.goto(server.url + f"/articles/{doc['id']}")
    pieces = page.evaluate(HIGHLIGHTS_JS, "#clean-view")
    assert pieces and all(p["visible"] for p in pieces)
    for p in pieces:
        assert p["text"] == doc["text"][p["start"]:p["end"]]
    for att in doc["attributions"]:
        for role in ("source", "cue", "content"):
            want = {i for s, e in (att[role] or []) for i in range(s, e)}
            got = covered(pieces, att["id"], role)
            # A character in two spans of one attribution shows one role (source > cue > content).
            assert got <= want and got, (att["id"], role)
    # Distinct colours for the three roles.
    colours = {
        role: page.locator(f"#clean-view .hl-{role}").first.evaluate("e => getComputedStyle(e).backgroundColor")
        for role in ("source", "cue", "content")
    }
    assert len(set(colours.values())) == 3, colours
    shot(page, "article")

    # The raw input with the same spans mapped to input offsets.
    assert page.locator("#raw-view").is_hidden()
    page.click("#toggle-raw")
    assert page.locator("#raw-view").is_visible() and page.locator("#clean-view").is_hidden()
    raw_pieces = page.evaluate(HIGHLIGHTS_JS, "#raw-view")
    assert raw_pieces and all(p["visible"] for p in raw_pieces)
    for p in raw_pieces:
        assert p["text"] == doc["raw"][p["start"]:p["end"]]
    for att in doc["attributions"]:
        want = {i for s, e in att["input_spans"]["content"] for i in range(s, e)}
        assert covered(raw_pieces, att["id"], "content") <= want
    shot(page, "article-raw")


def test_focus_shows_speaker_kind_and_tone(page: Any, server: Server) -> None:
    sp = holloway(server)
    quote = server.get_json(f"/api/quotes?speaker={sp['id']}&limit=1")["items"][0]
    page.goto(server.url + f"/articles/{quote['doc_pk']}")
    target = page.locator(f'#clean-view .hl[data-att~="{quote["id"]}"]').first
    target.focus()
    tip = page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert sp["name"] in text and quote["kind"] in text and "tone" in text
    shot(page, "article-tooltip")
    page.keyboard.press("Tab")  # focus moves on: the next highlight's tip, or none
    page.mouse.move(1, 1)


def test_clicking_a_speaker_opens_its_page(page: Any, server: Server) -> None:
    sp = holloway(server)
    quote = server.get_json(f"/api/quotes?speaker={sp['id']}&limit=1")["items"][0]
    page.goto(server.url + f"/articles/{quote['doc_pk']}")
    page.locator(f"#att-{quote['id']} a.speaker-link").click()
    page.wait_for_url(f"**/speakers/{sp['id']}")
    assert page.locator("#speaker-name").inner_text() == sp["name"]


def test_speaker_chart_renders(page: Any, server: Server) -> None:
    sp = holloway(server)
    timeline = server.get_json(f"/api/speakers/{sp['id']}/timeline?topic=*")
    (overall,) = timeline["series"]
    page.goto(server.url + f"/speakers/{sp['id']}")
    chart = page.locator(".chart-wide svg.tone-chart").first
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert chart.locator("circle.dot").count() == overall["statements"]
    assert chart.locator("polyline.mean").count() == (1 if len(overall["points"]) > 1 else 0)
    marks = chart.locator("a.shift-mark")
    assert marks.count() == len(overall["shifts"])
    shot(page, "speaker")
    if overall["shifts"]:  # evidence is one click away
        marks.first.click()
        # The page opens the evidence on the hash change, after the click returns: wait for it.
        page.wait_for_selector("details.shift[open]", timeout=5000)
        assert page.locator("details.shift[open]").count() == 1
    # A dot leads to its statement in the article.
    chart.locator("a:has(circle.dot)").first.click()
    page.wait_for_url("**/articles/*#att-*")
    assert page.locator("tr:target").count() == 1


def test_script_payloads_execute_nothing(page: Any, server: Server) -> None:
    article = payload_article(server)
    reyes = server.get_json("/api/speakers?q=Reyes")["items"]
    paths = [f"/articles/{article['id']}", "/search?q=harmless", "/articles", "/"]
    paths += [f"/speakers/{r['id']}" for r in reyes[:1]]
    for path in paths:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        flags = page.evaluate("() => [window.__xss, window.__xss_img, window.__xss_title, window.__xss_author]")
        assert flags == [None, None, None, None], path
        assert page.locator("img").count() == 0, path
    page.goto(server.url + f"/articles/{article['id']}")
    page.click("#toggle-raw")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss_img") is None
    page.click("#toggle-raw")
    # The payloads are shown as text, where they were written.
    assert page.locator("h1").inner_text() == webcorpus.XSS_TITLE
    assert webcorpus.XSS_SCRIPT in page.locator("#clean-view").inner_text()
    assert webcorpus.XSS_IMG in page.locator("#clean-view").inner_text()
    shot(page, "payload")
    assert page.watch.dialogs == []


def test_upload_with_token_is_ingested(page: Any, server: Server) -> None:
    """Runs last: it adds a document to the server's database."""
    text = (
        "Harbour officials met on Monday to review the ferry timetable for summer.\n\n"
        "Captain Rosa Lind said that the new ferry schedule is a welcome improvement for everyone."
    )
    files = {"file": {"name": "ferry.txt", "mimeType": "text/plain", "buffer": text.encode()}}
    refused = page.request.post(server.url + "/api/documents", multipart=files)
    assert refused.status == 401 and refused.json()["ok"] is False
    response = page.request.post(
        server.url + "/api/documents", multipart=files, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120_000
    )
    assert response.status == 201, response.text()
    assert response.json()["documents"] == 1
    titles = [a["doc_id"] for a in server.get_json("/api/articles?limit=500")["items"]]
    assert "ferry" in titles


@pytest.fixture(scope="module")
def shifted_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second server over hand-built results whose tones are known, so shifts exist."""
    base = tmp_path_factory.mktemp("browser-shifts")
    with serving(webcorpus.build_handmade_db(base / "corpus.db"), base) as srv:
        yield srv


def test_shift_evidence_is_one_click_away(browser: Any, shifted_server: Server) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(shifted_server.url + "/speakers/1?topic=bridge")
        (shift,) = shifted_server.get_json("/api/shifts?speaker=1&topic=bridge")["items"]
        mark = page.locator(".chart-wide svg.tone-chart a.shift-mark")
        assert mark.count() == 1 and mark.get_attribute("data-date") == shift["date"]
        evidence = page.locator("details.shift")
        assert evidence.count() == 1 and evidence.get_attribute("open") is None
        mark.click()
        # The page opens the evidence on the hash change, after the click returns: wait for it.
        page.wait_for_selector("details.shift[open]", timeout=5000)
        assert evidence.get_attribute("open") == ""
        assert "the bridge is a terrible waste and a disgraceful failure" in evidence.inner_text()
        shot(page, "speaker-shift")
        # An evidence quote leads to its sentence in the article.
        evidence.locator("a", has_text="in article").first.click()
        page.wait_for_url("**/articles/*#att-*")
        assert page.locator("tr:target").count() == 1
        page.goto(shifted_server.url + "/compare?a=2&b=1&topic=bridge")
        assert page.locator("#moved-first").inner_text().startswith("Jane Holloway moved first")
        shot(page, "compare-shifts")
    finally:
        page.close()
