"""REST API and page tests, in-process (FastAPI TestClient) over a real SQLite file.

The database holds hand-built pipeline results (``webcorpus.parsed_corpus``), so the spans,
speakers and tones asserted here are exact and do not move when the models improve.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import webcorpus
from saidwhat.web.app import create_app

TOKEN = "test-token-123"
# Where the hand-built tones turn: after the last warm statement, up to the first cool one.
HOLLOWAY_TURN = ("2024-04-01", "2024-04-08")
WEBB_TURN = ("2024-04-08", "2024-04-15")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return webcorpus.build_handmade_db(tmp_path_factory.mktemp("api") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path, settings) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(replace(settings, db=str(db)), token=TOKEN, max_upload_mb=0.01)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(db: Path, settings) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(create_app(replace(settings, db=str(db))), raise_server_exceptions=False) as c:
        yield c


def assert_error(response, status: int, contains: str) -> None:  # type: ignore[no-untyped-def]
    """The one JSON error shape."""
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert contains in body["error"]


def payload_id(client: TestClient) -> int:
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(a["id"] for a in items if a["doc_id"] == "payload")


def test_articles_are_paginated_with_ids(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 4}).json()
    assert first["ok"] is True and first["limit"] == 4 and first["offset"] == 0
    assert first["next_offset"] == 4
    assert len(first["items"]) == 4
    last = client.get("/api/articles", params={"limit": 4, "offset": 8}).json()
    assert len(last["items"]) == 3 and last["next_offset"] is None
    middle = client.get("/api/articles", params={"limit": 4, "offset": 4}).json()
    ids = [a["id"] for page in (first, middle, last) for a in page["items"]]
    assert len(set(ids)) == len(webcorpus.documents()) == 11
    # newest first
    dates = [a["published"] for a in first["items"]]
    assert dates == sorted(dates, reverse=True)


def test_article_detail_spans_index_the_text(client: TestClient) -> None:
    doc = client.get("/api/articles/1").json()
    assert doc["ok"] is True and doc["doc_id"] == "bridge-1" and "raw" not in doc
    att = doc["attributions"][0]
    (s, e), = att["source"]
    (cs, ce), = att["content"]
    assert doc["text"][s:e] == "Senator Jane Holloway"
    assert doc["text"][cs:ce] == "the new bridge is a wonderful and hopeful project for the whole city"
    raw = client.get("/api/articles/1", params={"raw": "true"}).json()["raw"]
    (rs, re_), = att["input_spans"]["content"]
    assert raw[rs:re_] == doc["text"][cs:ce]
    assert rs != cs  # the nav line was cleaned away, so the offsets differ


def test_quotes_filter_and_total(client: TestClient) -> None:
    body = client.get("/api/quotes", params={"speaker": "Jane Holloway", "limit": 3, "count": "true"}).json()
    assert body["total"] == 10 and len(body["items"]) == 3 and body["next_offset"] == 3
    assert {q["speaker"] for q in body["items"]} == {"Jane Holloway"}
    april = client.get("/api/quotes", params={"speaker": "Marcus Webb", "since": "2024-04-01", "count": "1"}).json()
    assert april["total"] == 6
    found = client.get("/api/quotes", params={"q": "disgraceful"}).json()
    assert [q["doc_id"] for q in found["items"]] == ["bridge-6"]


def test_speakers_and_timeline(client: TestClient) -> None:
    speakers = client.get("/api/speakers").json()["items"]
    assert [(s["name"], s["count"]) for s in speakers] == [("Jane Holloway", 10), ("Marcus Webb", 10), ("Tom Reyes", 2)]
    holloway = speakers[0]["id"]
    timeline = client.get(f"/api/speakers/{holloway}/timeline", params={"topic": "bridge"}).json()
    assert timeline["bucket"] == "week"
    (series,) = timeline["series"]
    assert series["topic"] == "bridge" and series["statements"] == 10
    tones = [p["tone"] for p in series["points"]]
    assert tones == [0.6] * 5 + [-0.6] * 5
    (shift,) = series["shifts"]
    assert shift["direction"] == "cooler"
    assert HOLLOWAY_TURN[0] < shift["date"] <= HOLLOWAY_TURN[1]
    by_name = client.get("/api/speakers/jane holloway").json()
    assert by_name["id"] == holloway


def test_shifts_are_listed_with_evidence(client: TestClient) -> None:
    body = client.get("/api/shifts").json()
    assert body["ok"] is True
    found = sorted((s["speaker"], s["topic"], s["direction"]) for s in body["items"])
    # Topic shifts by default (as `saidwhat shifts`); overall-tone shifts when asked for.
    assert found == [("Jane Holloway", "bridge", "cooler"), ("Marcus Webb", "bridge", "cooler")]
    overall = client.get("/api/shifts", params={"topic": "overall"}).json()["items"]
    assert sorted((s["speaker"], s["topic"]) for s in overall) == [("Jane Holloway", "*"), ("Marcus Webb", "*")]
    turns = {"Jane Holloway": HOLLOWAY_TURN, "Marcus Webb": WEBB_TURN}
    for shift in body["items"]:
        low, high = turns[shift["speaker"]]
        assert low < shift["date"] <= high, shift
    webb = client.get("/api/shifts", params={"speaker": "Marcus Webb", "topic": "bridge"}).json()["items"]
    assert len(webb) == 1 and WEBB_TURN[0] < webb[0]["date"] <= WEBB_TURN[1]
    assert webb[0]["evidence_after"][0]["quote"] == "the bridge is a dreadful failure and he is angry about it"


def test_statement_links_lead_to_the_quote_in_its_article(client: TestClient) -> None:
    timeline = client.get("/api/speakers/1/timeline", params={"topic": "bridge"}).json()
    evidence = timeline["series"][0]["shifts"][0]["evidence_before"][0]
    response = client.get(evidence["url"], follow_redirects=False)
    assert response.status_code == 303
    quote = client.get("/api/quotes", params={"q": "wonderful"}).json()["items"][0]
    assert response.headers["location"] == f"/articles/{quote['doc_pk']}#att-{quote['id']}"
    assert client.get("/go/statement/1?speaker=2&date=2024-03-04").status_code == 404


def test_compare_says_who_moved_first(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "Marcus Webb", "b": "Jane Holloway", "topic": "bridge"}).text
    shifts = {s["speaker"]: s["date"] for s in client.get("/api/shifts", params={"topic": "bridge"}).json()["items"]}
    first, second = shifts["Jane Holloway"], shifts["Marcus Webb"]
    assert (f"Jane Holloway moved first: cooler on bridge on {first}, 7 days before Marcus Webb "
            f"(cooler on bridge, {second}).") in page
    assert page.count('class="shift-mark"') == 4  # both shifts on the joint chart, drawn wide and narrow
    assert 'href="#compare-a-shift-1"' in page and 'href="#compare-b-shift-1"' in page


@pytest.mark.parametrize("url", ["/api/articles", "/api/quotes", "/api/speakers"])
def test_lists_download_as_csv_and_jsonl(client: TestClient, url: str) -> None:
    as_json = client.get(url, params={"limit": 500}).json()["items"]
    jsonl = client.get(url, params={"format": "jsonl"})
    assert jsonl.status_code == 200 and "attachment" in jsonl.headers["content-disposition"]
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in as_json]
    table = list(csv.DictReader(io.StringIO(client.get(url, params={"format": "csv"}).text)))
    assert [int(r["id"]) for r in table] == [r["id"] for r in as_json]


def test_csv_defuses_formulas(client: TestClient) -> None:
    from saidwhat.web.export import csv_cell

    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell("-0.6") == "-0.6"
    assert csv_cell(["a", "b"]) == "a; b"


@pytest.mark.parametrize(
    ("url", "status", "contains"),
    [
        ("/api/articles/999", 404, "No article with id 999"),
        ("/api/speakers/nobody", 404, "No speaker named 'nobody'"),
        ("/api/quotes?since=March", 400, "since='March' is not a date"),
        ("/api/quotes?kind=shouted", 400, "kind='shouted' is not valid"),
        ("/api/quotes?q=%22open", 400, "double quote"),
        ("/api/articles?limit=0", 422, "limit"),
        ("/api/articles?format=xml", 400, "Unknown download format 'xml'"),
        ("/api/nothing-here", 404, "Nothing at /api/nothing-here"),
    ],
)
def test_errors_have_one_json_shape(client: TestClient, url: str, status: int, contains: str) -> None:
    assert_error(client.get(url), status, contains)


def test_html_errors_are_pages(client: TestClient) -> None:
    response = client.get("/articles/999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No article with id 999" in response.text and "<h1>Error 404</h1>" in response.text


def test_upload_needs_the_token(client: TestClient, readonly: TestClient) -> None:
    files = {"file": ("note.txt", b"Nothing to see here at all today, the reporter wrote.")}
    assert_error(client.post("/api/documents", files=files), 401, "Missing token")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(client.post("/api/documents", files=files, headers=wrong), 403, "Wrong token")
    assert_error(readonly.post("/api/documents", files=files, headers={"Authorization": f"Bearer {TOKEN}"}), 403, "read-only")


def test_upload_rejects_bad_requests(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(client.post("/api/documents", files={"file": ("evil.exe", b"MZ")}, headers=auth), 400, "Cannot ingest 'evil.exe'")
    assert_error(client.post("/api/documents", data={"x": "1"}, headers=auth), 400, "field named 'file'")


def test_oversized_request_is_413(client: TestClient) -> None:
    big = b"x" * 20_000  # the client's limit is 0.01 MB
    response = client.post("/api/documents", files={"file": ("big.txt", big)})
    assert_error(response, 413, "larger than the limit of 0.01 MB")
    page = client.post("/search", content=big)
    assert page.status_code == 413 and "larger than the limit" in page.text


def test_safe_upload_names() -> None:
    from saidwhat.web.api import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\temp\\a b.txt") == "a_b.txt"
    assert safe_name(".hidden.txt") == "hidden.txt"


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") for a in assets)  # nothing from another host
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "/api/quotes" in client.get("/openapi.json").json()["paths"]


PAGES = ["/", "/search?q=bridge", "/articles", "/speakers", "/speakers/1", "/compare?a=1&b=2&topic=bridge", "/shifts",
         "/topics", "/topics/bridge", "/outlets", "/outlets/Evening Post"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_and_use_only_local_assets(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', response.text)
    assert assets == ["/static/favicon.svg", "/static/app.css", "/static/charts.css", "/static/app.js"]


def test_payload_is_escaped_everywhere(client: TestClient) -> None:
    pages = [f"/articles/{payload_id(client)}", "/search?q=harmless", "/speakers/3", "/articles"]
    for url in pages:
        text = client.get(url).text
        assert "<script>window" not in text, url
        assert "<img src=x" not in text, url
    article = client.get(f"/articles/{payload_id(client)}").text
    assert "&lt;script&gt;window.__xss = 1; alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=" in article


def test_article_page_highlights_match_offsets(client: TestClient) -> None:
    doc = client.get("/api/articles/1").json()
    page = client.get("/articles/1").text
    clean = page.split('id="clean-view"', 1)[1].split('id="raw-view"', 1)[0]
    import html as html_mod

    pieces = re.findall(r'data-role="(\w+)" data-att="([\d ]+)" data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)</span>', clean)
    assert len(pieces) == 6  # two attributions x (source, cue, content)
    for role, _att, start, end, inner in pieces:
        assert html_mod.unescape(inner) == doc["text"][int(start):int(end)]
    roles = [p[0] for p in pieces]
    assert roles == ["source", "cue", "content"] * 2


def test_speaker_page_shows_chart_and_aliases(client: TestClient) -> None:
    page = client.get("/speakers/1").text
    # overall tone and "bridge", each drawn wide and narrow (the stylesheet shows one)
    assert page.count('<svg class="chart-svg tone-chart"') == 4
    assert page.count('class="dot"') == 40
    assert page.count('class="shift-mark"') == 4 and page.count('<details id="chart-') == 2
    # one date axis for the page: both tone charts carry the same ticks
    ticks = re.findall(r'<svg class="chart-svg tone-chart" id="chart-(\d)".*?</svg>', page, re.S)
    axes = [re.findall(r'data-date="([\d-]+)">', svg) for svg in re.findall(r'<svg class="chart-svg tone-chart" id="chart-\d".*?</svg>', page, re.S)]
    assert ticks == ["0", "1"] and len(axes[0]) >= 3 and axes[0] == axes[1]
    assert "Senator" in page


def test_streamed_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(10):
            yield b"y" * 4096

    response = client.post("/api/documents", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=x"})
    assert_error(response, 413, "larger than the limit")


@pytest.mark.parametrize("url", ["/search?speaker=Marcus+Webb", "/articles", "/speakers", "/speakers/2", "/shifts"])
def test_page_lists_download(client: TestClient, url: str) -> None:
    page = client.get(url).text
    csv_link = re.search(r'href="([^"]*format=csv[^"]*)" download', page)
    jsonl_link = re.search(r'href="([^"]*format=jsonl[^"]*)" download', page)
    assert csv_link and jsonl_link
    import html as html_mod

    rows = list(csv.DictReader(io.StringIO(client.get(html_mod.unescape(csv_link.group(1))).text)))
    lines = client.get(html_mod.unescape(jsonl_link.group(1))).text.splitlines()
    assert len(rows) == len(lines) > 0
    if url.startswith(("/search", "/speakers/2")):
        assert {r["speaker"] for r in rows} == {"Marcus Webb"} and len(rows) == 10


def test_reupload_with_the_same_name_is_a_new_version(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = (
        "The harbour board met on Monday to discuss the new ferry timetable for the winter.\n\n"
        "\"We will run fewer boats after dark,\" the board's chair, Lena Fors, told reporters."
    )
    second = first.replace("fewer boats", "more boats")
    r1 = client.post("/api/documents", files={"file": ("memo.txt", first.encode())}, headers=auth)
    assert r1.status_code == 201 and r1.json()["documents"] == 1
    r2 = client.post("/api/documents", files={"file": ("memo.txt", second.encode())}, headers=auth)
    assert r2.status_code == 201 and (r2.json()["documents"], r2.json()["new_versions"]) == (1, 1)
    r3 = client.post("/api/documents", files={"file": ("memo.txt", second.encode())}, headers=auth)
    assert (r3.json()["documents"], r3.json()["unchanged"]) == (0, 1)
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    memos = [a for a in items if a["path"] == "upload/memo.txt"]
    assert [(a["doc_id"], a["version"]) for a in memos] == [("memo", 2)]
