"""``saidwhat demo`` finds the shifts the sample corpus README promises."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

# From src/saidwhat/data/corpus/README.md, "Expected shifts" (written with the corpus).
EXPECTED = {
    ("Elena Varga", "sanctions"): (date(2026, 1, 15), "warmer"),
    ("Tomas Reiner", "ceasefire"): (date(2026, 3, 16), "cooler"),
}
CONTROLS = [("Katarina Holm", "elections"), ("Pieter Vandermeer", "trade agreement")]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db, result.stdout


def test_demo_summary_reports_documents_kinds_speakers(demo_db):
    _, stdout = demo_db
    assert re.search(r"Documents: 44 stored \(44 new this run, 0 unchanged\), 0 skipped", stdout)
    assert re.search(r"Attributions: \d+ \(direct \d+, indirect \d+, mixed \d+\)", stdout)
    assert "Elena Varga" in stdout and "Tomas Reiner" in stdout
    assert "saidwhat serve --db" in stdout


def test_demo_finds_the_planted_shifts(demo_db):
    db, _ = demo_db
    result = CliRunner().invoke(app, ["shifts", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    by_key = {(s["speaker"], s["topic"]): s for s in found}
    for key, (when, direction) in EXPECTED.items():
        assert key in by_key, f"missing shift {key}; found {sorted(by_key)}"
        shift = by_key[key]
        assert shift["direction"] == direction
        assert abs((date.fromisoformat(shift["date"]) - when).days) <= 7, shift["date"]
    for key in CONTROLS:
        assert key not in by_key, f"control {key} must show no shift"


def test_demo_twice_changes_nothing(demo_db):
    db, _ = demo_db
    before = CliRunner().invoke(app, ["stats", "--db", str(db), "--format", "json"])
    again = CliRunner().invoke(app, ["demo", "--db", str(db), "--workers", "1"])
    assert again.exit_code == 0
    assert "(0 new this run, 44 unchanged)" in again.stdout
    after = CliRunner().invoke(app, ["stats", "--db", str(db), "--format", "json"])
    counts_before, counts_after = json.loads(before.stdout), json.loads(after.stdout)
    assert counts_after.pop("runs") == counts_before.pop("runs") + 1  # the rerun is logged
    assert counts_after == counts_before


# -- one answer everywhere: the demo, the CLI, the REST API and the web pages agree ----------

VARGA_FIRST = ("Elena Varga moved first: warmer on sanctions on 2026-01-15, 60 days before Tomas Reiner "
               "(cooler on ceasefire, 2026-03-16).")


@pytest.fixture(scope="module")
def web(demo_db):
    from fastapi.testclient import TestClient

    from saidwhat.config import load_settings
    from saidwhat.web.app import create_app

    db, _ = demo_db
    with TestClient(create_app(load_settings(env={}, db=str(db), workers=1))) as client:
        yield client


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_who_moved_first_is_one_answer(demo_db, web) -> None:
    db, demo_out = demo_db
    assert VARGA_FIRST in demo_out.splitlines()
    assert f"saidwhat compare 'Elena Varga' 'Tomas Reiner' --db {db}" in demo_out  # the command it suggests ...
    assert _cli("compare", "Elena Varga", "Tomas Reiner", "--db", str(db)).splitlines()[-1] == VARGA_FIRST  # ... agrees
    api = web.get("/api/compare", params={"a": "Elena Varga", "b": "Tomas Reiner"}).json()
    assert (api["first"], api["days"], api["summary"]) == ("Elena Varga", 60, VARGA_FIRST)
    assert VARGA_FIRST in web.get("/compare", params={"a": "Elena Varga", "b": "Tomas Reiner"}).text


def test_compare_on_one_topic_is_one_answer(demo_db, web) -> None:
    db, _ = demo_db
    cli = json.loads(_cli("compare", "Elena Varga", "Tomas Reiner", "--about", "ceasefire", "--db", str(db),
                          "--format", "jsonl"))
    api = web.get("/api/compare", params={"a": "Elena Varga", "b": "Tomas Reiner", "topic": "ceasefire"}).json()
    # Varga never shifted on the ceasefire: on that topic nobody moved first, wherever it is asked.
    assert cli["first"] is None and cli["shifts_a"] == 0 and cli["shifts_b"] == 1
    assert {k: api[k] for k in cli} == cli
    page = web.get("/compare", params={"a": "Elena Varga", "b": "Tomas Reiner", "topic": "ceasefire"}).text
    assert cli["summary"] in page


def _keys(rows) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((r["speaker"], r["topic"], r["date"], r["direction"]) for r in rows)


@pytest.mark.parametrize("about", [None, "sanctioned", "overall"])
def test_shift_listings_are_one_answer(demo_db, web, about) -> None:
    db, demo_out = demo_db
    extra = ["--about", about] if about else []
    cli = [json.loads(line) for line in _cli("shifts", "--db", str(db), "--format", "jsonl", *extra).splitlines()]
    params = {"topic": about} if about else {}
    api = web.get("/api/shifts", params=params).json()["items"]
    download = [json.loads(line) for line in web.get("/shifts", params={**params, "format": "jsonl"}).text.splitlines()]
    assert _keys(cli) == _keys(api) == _keys(download)
    page = web.get("/shifts", params=params).text
    assert f"of {len(cli)}" in page if cli else "No shifts." in page
    if about is None:
        assert len(cli) == 2  # the two planted shifts: the demo's table lists exactly these
        home = web.get("/").text
        for s in cli:
            assert f"turned {s['direction']} on {s['topic']}" in home
            assert s["speaker"] in demo_out
    if about == "sanctioned":
        assert _keys(cli) == [("Elena Varga", "sanctions", "2026-01-15", "warmer")]


def test_unknown_names_get_suggestions(demo_db, web) -> None:
    db, _ = demo_db
    result = CliRunner().invoke(app, ["compare", "Elena Vargas", "Tomas Reiner", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: No speaker named 'Elena Vargas' — did you mean 'Elena Varga'? List them with: saidwhat speakers"
    )
    result = CliRunner().invoke(app, ["shifts", "--about", "sanctons", "--db", str(db)])
    assert result.exit_code == 1
    assert "No statement is about 'sanctons' — did you mean 'sanctions'?" in result.stderr
    assert result.stdout == ""
    body = web.get("/api/shifts", params={"topic": "sanctons"}).json()
    assert body["status"] == 400 and "did you mean 'sanctions'?" in body["error"]


# Junk the sample corpus once produced as speakers (issue 18): a city, the outlet, abstract
# nouns, quantifiers and negative pronouns, and the place names of the invented countries.
NOT_SPEAKERS = {"Lorin", "Continental Wire", "History", "Nobody", "Neither", "Polls", "Volunteers",
                "Vellmar", "Hallen", "Veskara", "Dravania"}


def test_demo_speakers_hold_no_places_outlets_or_quantifiers(demo_db) -> None:
    db, _ = demo_db
    result = CliRunner().invoke(app, ["speakers", "--db", str(db), "--limit", "1000", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    names = {r["name"] for r in rows}
    assert "Elena Varga" in names and not names & NOT_SPEAKERS
    aliases = {a for r in rows for a in r.get("aliases", [])}
    assert not aliases & NOT_SPEAKERS


def test_all_of_vargas_quotes_are_under_her_full_name(demo_db) -> None:
    db, _ = demo_db
    listed = CliRunner().invoke(app, ["speakers", "--db", str(db), "--search", "Varga", "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    assert [(r["name"], r["aliases"]) for r in rows] == [("Elena Varga", ["Elena Varga", "Varga"])]
    quotes = CliRunner().invoke(
        app, ["quotes", "--db", str(db), "--speaker", "Elena Varga", "--limit", "1000", "--format", "jsonl"]
    )
    assert quotes.exit_code == 0, quotes.output
    assert len([line for line in quotes.stdout.splitlines() if line.strip()]) == rows[0]["count"] >= 70
