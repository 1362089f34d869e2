"""/api/volume, /api/topics, /api/outlets and the /topics and /outlets pages, over a real
SQLite store holding ``facetcorpus`` (every expected count worked out by hand from it).

Statements per day: 2024-01-01: 2, 01-03: 1, 01-10: 2, 02-05: 2, 03-20: 1 (8 in all).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import facetcorpus
from saidwhat.service.speakers import refresh_speakers
from saidwhat.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, settings) -> TestClient:  # type: ignore[no-untyped-def]
    db = facetcorpus.build(tmp_path_factory.mktemp("facets") / "facets.db")
    with TestClient(create_app(replace(settings, db=str(db))), raise_server_exceptions=False) as c:
        yield c


def counts(body: dict) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(p["start"], p["count"]) for p in body["items"]]


def test_volume_per_month_and_week(client: TestClient) -> None:
    body = client.get("/api/volume", params={"by": "month"}).json()
    assert body["ok"] is True and body["by"] == "month" and body["total"] == 8
    assert counts(body) == [("2024-01-01", 5), ("2024-02-01", 2), ("2024-03-01", 1)]
    weeks = client.get("/api/volume").json()  # week is the default
    assert weeks["by"] == "week" and len(weeks["items"]) == 12  # 2024-01-01 .. the week of 2024-03-18
    assert counts(weeks)[:3] == [("2024-01-01", 3), ("2024-01-08", 2), ("2024-01-15", 0)]
    assert counts(weeks)[-1] == ("2024-03-18", 1)
    assert weeks["items"][0]["end"] == "2024-01-07"
    days = client.get("/api/volume", params={"by": "day"}).json()
    assert len(days["items"]) == 80 and days["total"] == 8  # 2024-01-01 .. 2024-03-20


def test_volume_of_a_topic_counts_its_whole_family(client: TestClient) -> None:
    for spelling in ("Morvania", "morvanians", "Morvanian"):
        body = client.get("/api/volume", params={"by": "week", "topic": spelling}).json()
        assert body["topic"] == "Morvania" and counts(body) == [("2024-01-01", 2), ("2024-01-08", 1)]
    league = client.get("/api/volume", params={"by": "month", "topic": "League"}).json()
    assert league["topic"] == "Coastal League" and counts(league) == [("2024-01-01", 2), ("2024-02-01", 1)]


def test_volume_of_an_outlet_counts_every_spelling(client: TestClient) -> None:
    body = client.get("/api/volume", params={"by": "month", "outlet": "the lakeside courier"}).json()
    assert body["outlet"] == "The Lakeside Courier" and counts(body) == [("2024-01-01", 5)]


def test_volume_filters_combine(client: TestClient) -> None:
    ben = client.get("/api/volume", params={"by": "month", "speaker": "Ben Tarr"}).json()
    assert ben["speaker"] == "Ben Tarr" and counts(ben) == [("2024-01-01", 2), ("2024-02-01", 1), ("2024-03-01", 1)]
    both = client.get("/api/volume", params={"by": "month", "speaker": "Ada Quill", "outlet": "Hill Times"}).json()
    assert counts(both) == [("2024-02-01", 1)]


@pytest.mark.parametrize(("params", "status", "text"), [
    ({"by": "year"}, 422, "by"),
    ({"speaker": "Ada Quil"}, 404, "did you mean 'Ada Quill'"),
    ({"topic": "Morvanja"}, 404, "did you mean"),
    ({"outlet": "Lakeside Currier"}, 404, "did you mean 'The Lakeside Courier'"),
])
def test_volume_rejects_bad_parameters_in_the_one_error_shape(client: TestClient, params: dict, status: int, text: str) -> None:  # type: ignore[type-arg]
    response = client.get("/api/volume", params=params)
    body = response.json()
    assert response.status_code == status and set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and text in body["error"]


def test_topics_and_outlets_lists(client: TestClient) -> None:
    topics = client.get("/api/topics").json()
    assert [(t["name"], t["members"], t["statements"]) for t in topics["items"]] == [
        ("Coastal League", ["Coastal League", "League"], 3),
        ("Morvania", ["Morvania", "Morvanian", "Morvanians"], 3),
        ("trade", ["trade"], 2),
    ]
    outlets = client.get("/api/outlets").json()
    assert [(o["name"], o["documents"], o["attributions"]) for o in outlets["items"]] == [
        ("The Lakeside Courier", 3, 5), ("Hill Times", 1, 2),
    ]
    assert sorted(outlets["items"][0]["spellings"]) == [
        "Lakeside Courier | Opinion", "The Lakeside Courier", "The Lakeside Courier Media Group",
    ]


def test_topic_page_shows_speakers_volume_and_tone(client: TestClient) -> None:
    html = client.get("/topics/Morvanians").text
    assert '<h1 id="topic-name">Morvania</h1>' in html
    assert "Ada Quill" in html and "Ben Tarr" not in html.split("Who talks about it")[1].split("</table>")[0]
    assert html.count('class="chart-svg volume-chart"') == 2 and 'class="chart-svg tone-chart"' in html
    assert client.get("/topics").status_code == 200
    missing = client.get("/topics/Nowhere")
    assert missing.status_code == 404 and "Nowhere" in missing.text


def test_outlet_page_shows_top_speakers_and_tone_by_topic(client: TestClient) -> None:
    html = client.get("/outlets/The Lakeside Courier Media Group").text
    assert '<h1 id="outlet-name">The Lakeside Courier</h1>' in html
    speakers = html.split('class="speakers-table"')[1].split("</table>")[0]
    assert speakers.index("Ada Quill") < speakers.index("Ben Tarr")  # 3 statements before 2
    topics = html.split('class="tone-by-topic"')[1].split("</table>")[0]
    assert "Morvania" in topics and "+0.20" in topics  # (0.5 + 0.3 - 0.2) / 3
    assert client.get("/outlets").status_code == 200
    assert client.get("/outlets/Nobody Weekly").status_code == 404


def test_the_cli_gives_the_same_counts(client: TestClient, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from saidwhat.cli import app

    db = client.app.state.settings.db  # type: ignore[attr-defined]
    runner = CliRunner()
    result = runner.invoke(app, ["volume", "--db", db, "--by", "month", "--about", "League", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["start,end,statements", "2024-01-01,2024-01-31,2", "2024-02-01,2024-02-29,1"]
    bad = runner.invoke(app, ["volume", "--db", db, "--by", "year"])
    assert bad.exit_code == 1 and "Unknown period 'year'" in bad.output and "Traceback" not in bad.output
    unknown = runner.invoke(app, ["volume", "--db", db, "--about", "Nowhere"])
    assert unknown.exit_code == 1 and "List them with: saidwhat topics" in unknown.output
    outlets = runner.invoke(app, ["outlets", "--db", db, "--format", "jsonl"])
    assert outlets.exit_code == 0 and '"outlet": "The Lakeside Courier", "documents": 3, "attributions": 5' in outlets.stdout


def test_remembered_counts_follow_new_documents(tmp_path: Path) -> None:
    from saidwhat import service
    from saidwhat.store import open_store

    db = facetcorpus.build(tmp_path / "grows.db")
    store = open_store(str(db), create=False)
    try:
        assert service.volume(store, "month").total == 8
        assert [o.documents for o in service.outlets(store)] == [3, 1]
        store.add_batch(facetcorpus.parsed([  # another Hill Times article, two statements
            ("ht-2", "2024-02-06", "Hill Times", [("Ben Tarr", "trade", 0.1), ("Ada Quill", "Morvania", 0.2)]),
        ]))
        refresh_speakers(store)
        assert service.volume(store, "month").total == 10
        assert [(o.name, o.documents) for o in service.outlets(store)] == [("The Lakeside Courier", 3), ("Hill Times", 2)]
    finally:
        store.close()


def test_speaker_page_charts_one_topic_per_family(client: TestClient) -> None:
    ada = client.get("/api/speakers/Ada Quill").json()
    html = client.get(f"/speakers/{ada['id']}").text
    topics = html.split('<p class="topics">')[1].split("</p>")[0]
    assert ">Morvania</a> (3)" in topics and "Morvanian" not in topics  # Morvania, Morvanian, Morvanians
    one = client.get(f"/speakers/{ada['id']}", params={"topic": "Morvanians"}).text
    assert "About Morvania · 3 statements" in one


def test_remembered_counts_follow_wrong_marks(tmp_path: Path) -> None:
    """A quote marked wrong leaves the remembered counts at once, and comes back when unmarked."""
    from saidwhat import service
    from saidwhat.store import QuoteQuery, open_store

    db = facetcorpus.build(tmp_path / "marks.db")
    store = open_store(str(db), create=False)
    try:
        assert service.volume(store, "month").total == 8
        first = store.quotes(QuoteQuery(limit=1))[0]
        service.mark_wrong(store, first.id)
        assert service.volume(store, "month").total == 7
        service.mark_wrong(store, first.id, wrong=False)
        assert service.volume(store, "month").total == 8
    finally:
        store.close()
