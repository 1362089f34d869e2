"""Corrections from the web UI, the REST API, the CLI and the Python API: merge, split and
rename a speaker, mark an attribution wrong. Real SQLite stores, the real app (TestClient)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import saidwhat
import smallcorpus
import webcorpus
from saidwhat.cli import app as cli_app
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import QuoteQuery, open_store
from saidwhat.web.app import create_app

TOKEN = "fix-it-42"


@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    return smallcorpus.build(tmp_path / "small.db")


@pytest.fixture()
def bridge_db(tmp_path: Path) -> Path:
    return webcorpus.build_handmade_db(tmp_path / "bridge.db")


def client_for(db: Path, settings, token: str | None = TOKEN) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(replace(settings, db=str(db)), token=token), raise_server_exceptions=False)


def speaker_id(client: TestClient, name: str) -> int:
    return int(client.get(f"/api/speakers/{name}").json()["id"])


def test_read_only_server_hides_forms_and_refuses_writes(small_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(small_db, settings, token=None) as c:
        sid = speaker_id(c, "Ada Brenner")
        page = c.get(f"/speakers/{sid}").text
        assert "Corrections are off: this server is read-only" in page and "--token" in page
        assert "rename-form" not in page and "Mark wrong" not in page
        assert "Mark wrong" not in c.get("/articles/1").text
        refused = c.post(f"/speakers/{sid}/rename", data={"name": "Someone Else", "token": "anything"})
        assert refused.status_code == 403 and "read-only" in refused.text
        api = c.post("/api/attributions/1/wrong", headers={"Authorization": "Bearer x"})
        assert api.status_code == 403 and api.json()["ok"] is False
        assert c.get("/api/speakers/Ada Brenner").json()["name"] == "Ada Brenner"


def test_a_token_is_needed_and_must_match(small_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(small_db, settings) as c:
        sid = speaker_id(c, "Ada Brenner")
        assert c.post(f"/speakers/{sid}/rename", data={"name": "X Y"}).status_code == 401
        assert c.post(f"/speakers/{sid}/rename", data={"name": "X Y", "token": "nope"}).status_code == 403
        assert c.post("/api/speakers/Ada Brenner/rename", params={"value": "X Y"}).status_code == 401
        assert c.post(f"/speakers/{sid}/explode", data={"token": TOKEN}).status_code == 404
        assert c.get("/api/speakers/Ada Brenner").json()["name"] == "Ada Brenner"


def test_merge_in_the_ui_shows_everywhere(small_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(small_db, settings) as c:
        sid = speaker_id(c, "Ada Brenner")
        form = c.get(f"/speakers/{sid}").text
        assert f'action="/speakers/{sid}/merge"' in form and 'data-suggest="speaker"' in form
        done = c.post(f"/speakers/{sid}/merge", data={"alias": "Adaline Ross", "token": TOKEN}, follow_redirects=False)
        assert done.status_code == 303
        page = c.get(done.headers["location"])
        assert "Merged:" in page.text and 'id="speaker-count">4<' in page.text
        listing = c.get("/speakers").text
        assert "Adaline Ross</a>" not in listing and re.search(r"Ada Brenner</a>.*?<td>4</td>", listing, re.S)
        facets = c.get("/api/quotes", params={"q": "budget", "facets": "true"}).json()["facets"]["speaker"]
        assert {f["value"]: f["count"] for f in facets}["Ada Brenner"] == 1
        assert "Adaline Ross" not in {f["value"] for f in facets}
        compare = c.get("/api/compare", params={"a": "Adaline Ross", "b": "Brendan Oyelaran"}).json()
        assert compare["a"] == "Ada Brenner"


def test_split_in_the_ui(small_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(small_db, settings) as c:
        sid = speaker_id(c, "Ada Brenner")
        c.post(f"/speakers/{sid}/merge", data={"alias": "Adaline Ross", "token": TOKEN})
        sid = speaker_id(c, "Ada Brenner")
        assert 'class="split-form"' in c.get(f"/speakers/{sid}").text
        done = c.post(f"/speakers/{sid}/split", data={"alias": "Adaline Ross", "token": TOKEN})
        assert done.status_code == 200 and "Split:" in done.text
        assert c.get("/api/speakers/Adaline Ross").json()["name"] == "Adaline Ross"
        assert c.get("/api/speakers/Ada Brenner").json()["count"] == 3


def test_rename_shows_on_every_page_shifts_and_compare_included(bridge_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(bridge_db, settings) as c:
        assert any(s["speaker"] == "Marcus Webb" for s in c.get("/api/shifts").json()["items"])
        sid = speaker_id(c, "Marcus Webb")
        done = c.post(f"/speakers/{sid}/rename", data={"name": "Marcus A. Webb", "token": TOKEN})
        assert done.status_code == 200 and "Renamed:" in done.text and ">Marcus A. Webb</h1>" in done.text
        shifts = c.get("/api/shifts").json()["items"]
        assert {s["speaker"] for s in shifts} >= {"Marcus A. Webb"} and "Marcus Webb" not in {s["speaker"] for s in shifts}
        assert "Marcus A. Webb" in c.get("/shifts").text
        assert ">Marcus A. Webb</a>" in c.get("/speakers").text
        assert c.get("/api/compare", params={"a": "Marcus Webb", "b": "Jane Holloway"}).json()["a"] == "Marcus A. Webb"
        assert "Marcus A. Webb" in c.get("/compare", params={"a": "Marcus A. Webb", "b": "Jane Holloway"}).text
        facets = c.get("/api/quotes", params={"q": "bridge", "facets": "true"}).json()["facets"]["speaker"]
        assert "Marcus A. Webb" in {f["value"] for f in facets}
        # A name that is another speaker is a merge, not a rename.
        clash = c.post("/api/speakers/Marcus A. Webb/rename", params={"value": "Jane Holloway"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert clash.status_code == 400 and "merge the two instead" in clash.json()["error"]


def test_mark_wrong_in_the_ui_leaves_the_quote_out(bridge_db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with client_for(bridge_db, settings) as c:
        before = c.get("/api/quotes", params={"speaker": "Marcus Webb", "count": "true"}).json()
        shift = c.get("/api/shifts", params={"speaker": "Marcus Webb"}).json()["items"][0]
        evidence_id = shift["evidence_after"][0]["attribution_id"]
        victim = next(i for i in before["items"] if i["id"] == evidence_id)  # a quote a shift stands on
        points = sum(p["n"] for s in c.get("/api/speakers/Marcus Webb/timeline").json()["series"]
                     if s["topic"] == "*" for p in s["points"])
        article = c.get(f"/articles/{victim['doc_pk']}").text
        assert f'action="/attributions/{victim["id"]}/wrong"' in article
        back = f"/articles/{victim['doc_pk']}#att-{victim['id']}"
        done = c.post(f"/attributions/{victim['id']}/wrong", data={"token": TOKEN, "wrong": "1", "back": back},
                      follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].endswith(f"?corrected=wrong#att-{victim['id']}")
        shown = c.get(done.headers["location"]).text
        assert "marked wrong" in shown and "Not wrong" in shown
        after = c.get("/api/quotes", params={"speaker": "Marcus Webb", "count": "true"}).json()
        assert after["total"] == before["total"] - 1 and victim["id"] not in {i["id"] for i in after["items"]}
        assert victim["id"] not in {i["id"] for i in c.get("/api/quotes", params={"q": "bridge", "limit": 500}).json()["items"]}
        points_after = sum(p["n"] for s in c.get("/api/speakers/Marcus Webb/timeline").json()["series"]
                           if s["topic"] == "*" for p in s["points"])
        assert points_after == points - 1
        evidence = {e["attribution_id"] for sh in c.get("/api/shifts", params={"speaker": "Marcus Webb"}).json()["items"]
                    for e in sh["evidence_before"] + sh["evidence_after"]}
        assert evidence and victim["id"] not in evidence
        # An outside "back" address is never followed.
        away = c.post(f"/attributions/{victim['id']}/wrong", data={"token": TOKEN, "wrong": "0", "back": "https://evil.example/"},
                      follow_redirects=False)
        assert away.headers["location"].startswith("/search?")
        assert c.get("/api/quotes", params={"speaker": "Marcus Webb", "count": "true"}).json()["total"] == before["total"]


def test_wrong_marks_outlive_reingestion(small_db: Path) -> None:
    with open_store(str(small_db)) as store:
        fragment = store.quotes(QuoteQuery(search="sanctions", sort="oldest"))[0]
        assert fragment.content == "sanctions"
        assert saidwhat.Corpus(str(small_db)).mark_wrong(fragment.id, note="not a statement") == "Ada Brenner"
    with open_store(str(small_db)) as store:
        # The same file again, changed elsewhere: a new version with new attribution rows.
        note = "\n\nEditor's note: this story was updated."
        again = [replace(p, article=replace(p.article, text=p.article.text + note, raw=p.article.raw + note,
                                            content_hash=""))
                 for p in smallcorpus.parsed() if p.article.doc_id == "d1"]
        store.add_batch(again)  # type: ignore[arg-type]
        refresh_speakers(store)
        rows = store.quotes(QuoteQuery(search="sanctions", limit=50))
        assert "sanctions" not in [r.content for r in rows] and len(rows) == 4
        d1 = next(a for a in store.articles(outlet="North Ledger") if a.doc_id == "d1")
        assert d1.version == 2 and d1.id != fragment.doc_pk
        detail = store.article(d1.id)
        assert detail is not None and [a.wrong for a in detail.attributions] == [True]


def test_cli_and_python_api_corrections(small_db: Path) -> None:
    runner = CliRunner()
    with open_store(str(small_db)) as store:
        first = store.quotes(QuoteQuery(speaker="Brendan Oyelaran", sort="oldest"))[0]
    wrong = runner.invoke(cli_app, ["mark-wrong", str(first.id), "--db", str(small_db)])
    assert wrong.exit_code == 0, wrong.output
    assert "is marked wrong" in wrong.output
    assert len(saidwhat.Corpus(str(small_db)).quotes(speaker="Brendan Oyelaran")) == 1
    unknown = runner.invoke(cli_app, ["mark-wrong", "999999", "--db", str(small_db)])
    assert unknown.exit_code == 1 and "No attribution with id 999999" in unknown.output
    assert "Traceback" not in unknown.output
    renamed = runner.invoke(cli_app, ["speakers", "rename", "Brendan Oyelaran", "Brendan K. Oyelaran", "--db", str(small_db)])
    assert renamed.exit_code == 0, renamed.output
    corpus = saidwhat.Corpus(str(small_db))
    assert [s.name for s in corpus.speakers(search="Oyelaran")] == ["Brendan K. Oyelaran"]
    assert corpus.rename("Brendan K. Oyelaran", "Brendan Oyelaran").name == "Brendan Oyelaran"
    assert corpus.mark_wrong(first.id, wrong=False) == "Brendan Oyelaran"
    assert len(corpus.quotes(speaker="Brendan Oyelaran")) == 2
    assert corpus.search("sanctions").total == 5
