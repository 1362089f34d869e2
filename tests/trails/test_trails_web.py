"""``/api/trails`` and the trail pages, in-process (TestClient) over a real SQLite file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from trails_corpus import BUDGET, DOCTORED, ORIGINAL, corpus

from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store
from saidwhat.trails import update_trails
from saidwhat.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    db = str(tmp_path_factory.mktemp("trails-web") / "trails.db")
    with open_store(db) as store:
        store.add_batch(corpus())
        refresh_speakers(store)
        update_trails(store)  # type: ignore[arg-type]
    with TestClient(create_app(replace(settings, db=db)), raise_server_exceptions=False) as c:
        yield c


def trail_id(client: TestClient) -> int:
    return int(client.get("/api/trails").json()["items"][0]["trail"])


def test_api_lists_trails_in_the_cli_shape(client: TestClient) -> None:
    body = client.get("/api/trails", params={"limit": 1}).json()
    assert (body["ok"], body["limit"], body["offset"], body["next_offset"]) == (True, 1, 0, 1)
    (item,) = body["items"]
    assert (item["text"], item["speaker"], item["first"]["outlet"]) == (ORIGINAL, "Hana Kovac", "Atlas Wire")
    assert [a["variant"] for a in item["appearances"]] == [
        "verbatim", "verbatim", "verbatim", "trimmed", "extended", "altered", "misattributed",
    ]
    second = client.get("/api/trails", params={"limit": 1, "offset": 1}).json()
    assert ([t["text"] for t in second["items"]], second["next_offset"]) == ([BUDGET], None)


def test_api_filters_and_one_trail(client: TestClient) -> None:
    found = client.get("/api/trails", params={"variant": "altered"}).json()["items"]
    assert [t["text"] for t in found] == [ORIGINAL]
    assert client.get("/api/trails", params={"since": "2026-03-03"}).json()["items"][0]["text"] == BUDGET
    one = client.get(f"/api/trails/{trail_id(client)}").json()
    assert (one["ok"], one["text"], len(one["appearances"])) == (True, ORIGINAL, 7)


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/api/trails?variant=doctored", 400, "variant='doctored' is not valid. Use one of: verbatim, trimmed"),
    ("/api/trails?since=March", 400, "since='March' is not a date"),
    ("/api/trails?speaker=Nobody", 400, "No speaker named 'Nobody'"),
    ("/api/trails/99999", 404, "No trail with id 99999"),
    ("/api/trails?limit=0", 422, "limit"),
])
def test_api_errors_have_the_one_shape(client: TestClient, url: str, status: int, message: str) -> None:
    response = client.get(url)
    body = response.json()
    assert (response.status_code, set(body), body["ok"], body["status"]) == (status, {"ok", "error", "status"}, False, status)
    assert message in body["error"]


def test_trail_page_shows_the_copies_side_by_side_with_the_differences_marked(client: TestClient) -> None:
    page = client.get(f"/trails/{trail_id(client)}")
    assert page.status_code == 200
    html = page.text
    assert '<dd id="trail-speaker">Hana Kovac</dd>' in html
    assert "2026-03-02 · <a href=\"/articles/" in html and ">Atlas Wire</a>" in html
    rows = re.findall(r'<tr id="copy-\d+" class="variant-(\w+)">', html)
    assert rows == ["verbatim", "verbatim", "verbatim", "trimmed", "extended", "altered", "misattributed"]
    assert '<mark class="negation">not</mark>' in html  # the doctored copy dropped it
    assert "<ins>Nobody in this region should doubt it.</ins>" in html
    assert "<del>We will not sign any agreement that weakens our borders, and</del>" in html
    assert DOCTORED.split(" any")[0] in html


def test_trails_page_lists_and_filters(client: TestClient) -> None:
    html = client.get("/trails").text
    assert html.count('class="trail-link"') == 2
    html = client.get("/trails", params={"variant": "misattributed"}).text
    assert html.count('class="trail-link"') == 1 and "Atlas Wire" in html
    assert client.get("/trails/99999").status_code == 404


def test_each_quote_printed_elsewhere_links_to_its_trail(client: TestClient) -> None:
    tid = trail_id(client)
    articles = client.get("/api/articles", params={"limit": 100}).json()["items"]
    pages = {a["doc_id"]: client.get(f"/articles/{a['id']}").text for a in articles}
    link = f'href="/trails/{tid}">printed elsewhere too'
    assert sorted(d for d, html in pages.items() if link in html) == [
        "atlas-1", "courier-1", "herald-1", "ledger-1", "northern-1", "river-1", "voice-1",
    ]
    assert "printed elsewhere too" not in pages["coast-1"]  # the look-alike and the stock phrase
