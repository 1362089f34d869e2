"""Issue 24 over HTTP: numbers out of range are 400s, search bombs are refused, every reply
carries the security headers, and a real server process survives the upload and search bombs."""

from __future__ import annotations

import gzip
import io
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

import webcorpus
from saidwhat.models import Parsed
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store
from saidwhat.web.app import create_app
from test_browser import TOKEN, Server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_factory import article, many_quotes, quote  # noqa: E402

BIG = str(2**63)
HUGE = "9" * 40


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return webcorpus.build_handmade_db(tmp_path_factory.mktemp("hardening") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path, settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    app = create_app(replace(settings, db=str(db)), allowed_hosts=["testserver"])
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("url", [
    f"/api/articles?offset={BIG}", f"/api/quotes?offset={HUGE}", f"/api/speakers?offset={BIG}",
    f"/articles?offset={BIG}", f"/speakers?offset={HUGE}", f"/search?offset={BIG}", f"/speakers/1?offset={BIG}",
    f"/api/articles/{BIG}", f"/articles/{HUGE}", f"/api/quotes?speaker={BIG}", f"/search?speaker={HUGE}",
    f"/go/statement/{BIG}?speaker=1&date=2024-01-01", f"/go/statement/1?speaker={BIG}&date=2024-01-01",
])
def test_numbers_out_of_range_are_400_not_500(client: TestClient, url: str) -> None:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 400, response.text
    if url.startswith("/api/"):
        body = response.json()
        assert body["ok"] is False and body["status"] == 400
        assert "out of range" in body["error"]
    else:
        assert "out of range" in response.text


@pytest.mark.parametrize("url", [f"/api/speakers/{BIG}", f"/speakers/{BIG}", f"/api/speakers/{HUGE}/timeline"])
def test_a_speaker_key_out_of_range_is_no_such_speaker(client: TestClient, url: str) -> None:
    # A speaker key is an id or a name; the lookup answers 404 for an unknown speaker.
    response = client.get(url)
    assert response.status_code == 404
    assert "out of range; the largest allowed is 9223372036854775807" in response.text


def test_the_last_day_of_the_calendar_is_a_date_like_any_other(client: TestClient) -> None:
    response = client.get("/go/statement/1?speaker=1&date=9999-12-31", follow_redirects=False)
    assert response.status_code == 404
    assert client.get("/api/quotes?until=9999-12-31").status_code == 200


@pytest.mark.parametrize(("q", "error"), [
    (" ".join(["the"] * 1600), "Search query is 6,399 characters long; the limit is 1,000. Search for fewer words."),
    (" ".join(["the*"] * 1600), "Search query is 7,999 characters long; the limit is 1,000. Search for fewer words."),
    (" ".join(f"w{i}" for i in range(30)), "Search query has more than 24 different terms; search for fewer words."),
])
def test_search_bombs_are_400_with_the_reason(client: TestClient, q: str, error: str) -> None:
    response = client.get("/api/quotes", params={"q": q})
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": error, "status": 400}


def test_unknown_host_reply_carries_the_security_headers(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def _warc_with_gzip_bomb_payload() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    payload = gzip.compress(b"<html><body>" + b" " * 100_000_000, 9)
    writer.write_record(writer.create_warc_record("http://x.example/", "response", payload=io.BytesIO(payload),
                                                  http_headers=http))
    return out.getvalue()


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc to read the peak memory")
def test_real_server_survives_the_upload_and_search_bombs(db: Path, tmp_path: Path) -> None:
    uploads = {
        "bomb.warc.gz": gzip.compress(b"WARC/1.0\r\n" + b"A" * 200_000_000, 9),
        "zeros.warc.gz": gzip.compress(b"\0" * 200_000_000, 9),
        "x.warc.gz": b"a text file with an archive's name\n",
        "payload-bomb.warc.gz": _warc_with_gzip_bomb_payload(),
        "bomb.txt": gzip.compress(b"\0" * 200_000_000, 9),  # gzip inside: inflated under the limit
        "nested.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "attributes.html": ("<p " + " ".join(f"a{i}" for i in range(50_000)) + ">x</p>").encode(),
    }
    server = Server(db, tmp_path / "server.log")
    try:
        server.wait()
        auth = {"authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=server.url, timeout=60) as http:
            skipped_before = http.get("/api/stats").json()["skipped"]
            for name, data in uploads.items():
                response = http.post("/api/documents", files={"file": (name, data)}, headers=auth)
                assert response.status_code == 201, (name, response.text)
                body = response.json()
                assert (body["documents"], body["skipped"]) == (0, 1), (name, body)
            for q in ["the " * 1600, "the* " * 1600, " ".join(f"w{i}" for i in range(5000))]:
                started = time.monotonic()
                response = http.get("/api/quotes", params={"q": q})
                assert response.status_code == 400, response.text
                assert time.monotonic() - started < 5
            home = http.get("/")
            assert home.status_code == 200 and "saidwhat" in home.text
            assert http.get("/api/stats").json()["skipped"] == skipped_before + len(uploads)
        assert server.proc.poll() is None, server.output()
        assert _peak_rss_mb(server.proc.pid) < 1200, server.output()
    finally:
        server.stop()
    assert "Traceback" not in server.output(), server.output()


def test_a_search_past_the_time_limit_is_503_and_the_server_goes_on(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "many.db"
    with open_store(str(db)) as store:
        store.add_batch(many_quotes(300))
    app = create_app(replace(settings, db=str(db), search_time_limit_ms=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/quotes", params={"q": "the plan OR number OR f*", "count": "true"})
        assert response.status_code == 503
        assert response.json()["error"] == (
            "Search 'the plan OR number OR f*' took longer than 0 s and was stopped; "
            "search for fewer or rarer words, or add filters."
        )
        assert c.get("/api/quotes", params={"limit": 1}).json()["items"][0]["doc_id"] == "doc299"


def test_a_speaker_name_with_a_slash_links_to_its_page(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    text = "Band news\n\nThe Lee/Park Group said the tour would go ahead."
    parsed = Parsed(
        article("band", ["Band news", "The Lee/Park Group said the tour would go ahead."], published="2024-05-01",
                outlet="Coastwire"),
        (quote(text, "The Lee/Park Group", "said", "the tour would go ahead", speaker="Lee/Park Group",
               speaker_type="ORG"),),
    )
    db = tmp_path / "slash.db"
    with open_store(str(db)) as store:
        store.add_batch([parsed])
        refresh_speakers(store)
    with TestClient(create_app(replace(settings, db=str(db))), raise_server_exceptions=False) as c:
        response = c.get("/speakers/Lee/Park Group")  # what the shift links' urlencode filter writes
        assert response.status_code == 200
        assert '<h1 id="speaker-name">Lee/Park Group</h1>' in response.text
