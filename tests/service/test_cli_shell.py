"""The CLI as a thin shell: formats on every listing, hints, --version, wide piped tables, REST names."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from saidwhat.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
import webcorpus  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    return str(webcorpus.build_handmade_db(tmp_path_factory.mktemp("shell") / "c.db"))


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, "saidwhat 0.1.0\n")


@pytest.mark.parametrize("command", [
    ["shifts"], ["compare", "Jane Holloway", "Marcus Webb", "--about", "bridge"], ["quotes"], ["speakers"],
    ["timeline", "Marcus Webb"], ["skipped"], ["speakers", "explain", "Marcus Webb"],
], ids=lambda c: " ".join(c[:2]))
def test_every_listing_speaks_jsonl_and_csv(db: str, command: list[str]) -> None:
    as_jsonl = runner.invoke(app, [*command, "--db", db, "--format", "jsonl"])
    as_csv = runner.invoke(app, [*command, "--db", db, "--format", "csv"])
    assert as_jsonl.exit_code == as_csv.exit_code == 0, as_jsonl.output + as_csv.output
    records = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(records)
    if command[0] != "skipped":
        assert len(records) >= 1
    assert runner.invoke(app, [*command, "--db", db, "--format", "xml"]).exit_code == 2


def test_a_cut_short_listing_says_how_much_there_is(db: str) -> None:
    result = runner.invoke(app, ["quotes", "--db", db, "--limit", "2", "--format", "jsonl"])
    assert len(result.stdout.splitlines()) == 2
    total = len(runner.invoke(app, ["quotes", "--db", db, "--limit", "500", "--format", "jsonl"]).stdout.splitlines())
    assert result.stderr == f"2 of {total:,} quotes; see more with --offset 2 or --limit N\n"
    whole = runner.invoke(app, ["quotes", "--db", db, "--limit", "500", "--format", "jsonl"])
    assert whole.stderr == ""


def test_piped_tables_are_not_squeezed(db: str) -> None:
    result = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Marcus Webb", "--limit", "1"])
    quote = json.loads(runner.invoke(app, ["quotes", "--db", db, "--speaker", "Marcus Webb", "--limit", "1",
                                           "--format", "jsonl"]).stdout)["content"]
    assert any(quote in line for line in result.stdout.splitlines())  # the whole quote on one line


def test_rest_takes_the_cli_filter_name(db: str) -> None:
    from saidwhat.config import load_settings
    from saidwhat.web.app import create_app

    with TestClient(create_app(load_settings(env={}, db=db, workers=1))) as client:
        by_topic = client.get("/api/shifts", params={"topic": "bridge"}).json()["items"]
        by_about = client.get("/api/shifts", params={"about": "bridge"}).json()["items"]
        assert by_topic == by_about and len(by_about) == 2
        quotes = client.get("/api/quotes", params={"about": "bridge", "limit": 500}).json()["items"]
    cli = runner.invoke(app, ["quotes", "--db", db, "--about", "bridge", "--limit", "500", "--format", "jsonl"])
    assert [q["id"] for q in quotes] == [json.loads(line)["id"] for line in cli.stdout.splitlines()]


def test_quotes_of_an_unknown_speaker_is_an_error_with_suggestions(db: str) -> None:
    result = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Marcus Web"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: No speaker named 'Marcus Web' — did you mean 'Marcus Webb'? "
                             "List them with: saidwhat speakers\n")


@pytest.mark.parametrize(("command", "typo", "meant"), [
    (["speakers", "merge", "Marcus Web", "Jane Holloway"], "Marcus Web", "Marcus Webb"),
    (["speakers", "merge", "Marcus Webb", "Jane Hollowa"], "Jane Hollowa", "Jane Holloway"),
    (["speakers", "split", "Marcus Webb", "Jane Hollowa"], "Jane Hollowa", "Jane Holloway"),
    (["speakers", "explain", "Marcus Web"], "Marcus Web", "Marcus Webb"),
    (["timeline", "Marcus Web"], "Marcus Web", "Marcus Webb"),
    (["compare", "Marcus Web", "Jane Holloway"], "Marcus Web", "Marcus Webb"),
    (["shifts", "--speaker", "Jane Hollowa"], "Jane Hollowa", "Jane Holloway"),
    (["shifts", "--about", "bridg"], "bridg", "bridge"),
    (["timeline", "Marcus Webb", "--about", "bridg"], "bridg", "bridge"),
], ids=lambda v: v if isinstance(v, str) else " ".join(v[:2]))
def test_every_unknown_name_gets_did_you_mean(db: str, command: list[str], typo: str, meant: str) -> None:
    result = runner.invoke(app, [*command, "--db", db])
    assert (result.exit_code, result.stdout) == (1, "")
    assert f"{typo!r} — did you mean {meant!r}" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_shifts_over_extract_records_mean_the_same(tmp_path: Path) -> None:
    from datetime import date, timedelta

    lines = []
    for i in range(30):
        tone = (0.7 if i < 15 else -0.7) + (0.1 if i % 3 else -0.05)
        day = (date(2026, 1, 1) + timedelta(days=4 * i)).isoformat()
        att = {"speaker": "Ann Holt", "tone": tone, "content_text": f"the budget, part {i}",
               "targets": [{"name": "budget", "tone": tone}]}
        lines.append(json.dumps({"doc": f"d{i}", "published": day, "attributions": [att], "skipped": None}))
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["shifts", "--records", str(records), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    found = [(r["speaker"], r["topic"], r["direction"]) for r in map(json.loads, result.stdout.splitlines())]
    assert found == [("Ann Holt", "budget", "cooler")]  # topic shifts only, as from a store
    overall = runner.invoke(app, ["shifts", "--records", str(records), "--about", "overall", "--format", "jsonl"])
    assert [json.loads(line)["topic"] for line in overall.stdout.splitlines()] == ["*"]


# The CLI command, REST route and Corpus method that answer one question, with the path
# parameters and output options that are not filters.
SAME_QUESTION = [
    (["quotes"], "/api/quotes", "quotes"),
    (["speakers"], "/api/speakers", "speakers"),
    (["timeline"], "/api/speakers/{key}/timeline", "timeline"),
    (["shifts"], "/api/shifts", "shifts"),
    (["compare"], "/api/compare", "compare"),
    (["trails"], "/api/trails", "trails"),
]
NOT_FILTERS = {"format", "json", "db", "config", "records", "help", "facets"}  # facets: an output option (Corpus.search gives them)


@pytest.mark.parametrize(("command", "route", "method"), SAME_QUESTION, ids=lambda v: v if isinstance(v, str) else v[0])
def test_the_same_filter_names_in_cli_rest_and_python(command: list[str], route: str, method: str) -> None:
    import inspect

    import typer

    from saidwhat import Corpus
    from saidwhat.config import load_settings
    from saidwhat.web.app import create_app

    cli = typer.main.get_command(app)
    for name in command:
        cli = cli.commands[name]  # type: ignore[attr-defined]
    filters = {p.opts[0].lstrip("-").replace("-", "_") for p in cli.params if p.param_type_name == "option"}
    filters -= NOT_FILTERS
    assert filters, command
    spec = create_app(load_settings(env={}, db=":memory:", workers=1)).openapi()
    rest = {p["name"] for p in spec["paths"][route]["get"].get("parameters", [])}
    python = set(inspect.signature(getattr(Corpus, method)).parameters)
    assert filters - rest == set(), f"{route} lacks {sorted(filters - rest)}"
    assert filters - python == set(), f"Corpus.{method} lacks {sorted(filters - python)}"


def test_rest_speakers_and_timeline_take_the_cli_names(db: str) -> None:
    from saidwhat.config import load_settings
    from saidwhat.web.app import create_app

    with TestClient(create_app(load_settings(env={}, db=db, workers=1))) as client:
        by_q = client.get("/api/speakers", params={"q": "webb"}).json()["items"]
        by_search = client.get("/api/speakers", params={"search": "webb"}).json()["items"]
        assert [s["name"] for s in by_search] == [s["name"] for s in by_q] == ["Marcus Webb"]
        weekly = client.get("/api/speakers/Marcus Webb/timeline", params={"about": "bridge", "by": "week"}).json()
        assert weekly["bucket"] == "week"
        assert client.get("/api/speakers/Marcus Webb/timeline", params={"by": "year"}).status_code == 400
    cli = runner.invoke(app, ["timeline", "Marcus Webb", "--about", "bridge", "--by", "week", "--db", db,
                              "--format", "jsonl"])
    points = [json.loads(line) for line in cli.stdout.splitlines()]
    assert [p["bucket"] for p in points] == [p["date"] for p in weekly["series"][0]["points"]]
