"""The analyst's CLI on a real SQLite file: exact output on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store_factory import corpus
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    with open_store(path) as store:
        store.add_batch(corpus(), None)
        refresh_speakers(store)
    return path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_stats_json(db: str) -> None:
    result = invoke("stats", "--db", db, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "documents": 3, "attributions": 5, "speakers": 4, "skipped": 1, "outlets": 2, "versions": 3, "runs": 0,
        "first_date": "2016-03-01", "last_date": "2016-03-08", "by_kind": {"direct": 1, "indirect": 4},
    }
    assert result.stderr == ""


def test_stats_table(db: str) -> None:
    result = invoke("stats", "--db", db)
    assert result.exit_code == 0
    lines = [line.strip("│ ") for line in result.stdout.splitlines()]
    assert "documents    │ 3" in lines and "by_kind      │ direct: 1, indirect: 4" in lines


def test_stats_uses_db_setting_from_environment(db: str) -> None:
    result = runner.invoke(app, ["stats", "--format", "json"], env={"SAIDWHAT_DB": db})
    assert result.exit_code == 0 and json.loads(result.stdout)["documents"] == 3


def test_quotes_jsonl_with_filters(db: str) -> None:
    result = invoke("quotes", "--db", db, "--speaker", "Okafor", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["speaker"], r["published"], r["tone"], r["targets"]) for r in rows] == [
        ("school", "Linda Okafor", "2016-03-08", 0.8, ["free lunches"]),
        ("harbour", "Linda Okafor", "2016-03-01", 0.6, ["ferry terminal"]),
    ]
    assert list(rows[0]) == ["id", "doc_id", "published", "outlet", "speaker", "kind", "cue", "tone", "polarity",
                             "targets", "content", "snippet"]


def test_quotes_search_csv_marks_matches(db: str) -> None:
    result = invoke("quotes", "--db", db, "--search", "reckless", "--format", "csv")
    assert result.exit_code == 0
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["speaker"], row["kind"], row["targets"], row["snippet"]) == (
        "Tomas Berg", "direct", "ferry terminal; Linda Okafor", "The plan is [reckless] and will bury the city in debt."
    )


def test_quotes_table_shows_quote(db: str) -> None:
    result = invoke("quotes", "--db", db, "--kind", "direct")
    assert result.exit_code == 0
    assert "The plan is reckless and will bury the city in debt." in result.stdout
    assert "Tomas Berg" in result.stdout and "Linda Okafor" not in result.stdout


def test_quotes_limit_and_since(db: str) -> None:
    result = invoke("quotes", "--db", db, "--since", "2016-03-05", "--limit", "1", "--format", "jsonl")
    assert [json.loads(line)["content"] for line in result.stdout.splitlines()] == ["hungry children cannot learn"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quotes", "--search", '"peace talks'], "Error: Search query '\"peace talks' has an unbalanced double quote."),
        (["quotes", "--since", "March"], "Error: since 'March' is not a date; use YYYY-MM-DD, e.g. 2016-03-25."),
        (["quotes", "--kind", "quoted"], "Error: Unknown attribution kind 'quoted'; use one of: direct, indirect, mixed."),
        (["timeline", "Nobody"], "Error: No speaker named 'Nobody'. List them with: saidwhat speakers"),
        (["speakers", "split", "Tomas Berg", "Linda Okafor"],
         "Error: 'Tomas Berg' is not an alias of 'Linda Okafor'; see its aliases with: saidwhat speakers"),
    ],
)
def test_user_errors_exit_1_with_one_line(db: str, args: list[str], message: str) -> None:
    result = invoke(*args, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_bad_format_is_a_usage_error(db: str) -> None:
    result = invoke("stats", "--db", db, "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of: table, json" in result.stderr


def timeline_rows(stdout: str) -> list[tuple]:  # type: ignore[type-arg]
    rows = [json.loads(line) for line in stdout.splitlines()]
    for r in rows:
        assert r["low"] <= r["tone"] <= r["high"]
    return [(r["speaker"], r["topic"], r["bucket"], r["statements"], r["tone"]) for r in rows]


def test_timeline_jsonl_by_month(db: str) -> None:
    result = invoke("timeline", "Linda Okafor", "--db", db, "--by", "month", "--format", "jsonl")
    assert result.exit_code == 0
    assert timeline_rows(result.stdout) == [("Linda Okafor", "*", "2016-03-01", 2, 0.7)]


def test_timeline_about_a_target_by_week(db: str) -> None:
    result = invoke("timeline", "okafor", "--about", "free lunches", "--db", db, "--by", "week", "--format", "jsonl")
    assert timeline_rows(result.stdout) == [("Linda Okafor", "free lunches", "2016-03-07", 1, 0.8)]


def test_timeline_table(db: str) -> None:
    result = invoke("timeline", "Tomas Berg", "--db", db, "--by", "day")
    assert result.exit_code == 0
    assert "2016-03-01" in result.stdout and "-0.80" in result.stdout
    assert result.stderr == "Tomas Berg - overall tone, by day\n"


def test_skipped_jsonl(db: str) -> None:
    result = invoke("skipped", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stdout == (
        '{"doc_id": "broken", "path": "corpus/broken.txt", "stage": "clean", "reason": "no article body found"}\n'
    )


def test_speakers_list_merge_split(db: str) -> None:
    listed = invoke("speakers", "--db", db, "--format", "jsonl")
    assert listed.exit_code == 0
    assert [json.loads(line)["name"] for line in listed.stdout.splitlines()] == [
        "Linda Okafor", "Grace Holloway", "Helen Marsh", "Tomas Berg"
    ]
    merged = invoke("speakers", "merge", "Helen Marsh", "Linda Okafor", "--db", db)
    assert (merged.exit_code, merged.stdout, merged.stderr) == (
        0, "", "Helen Marsh is now an alias of Linda Okafor (3 quotes)\n"
    )
    split = invoke("speakers", "split", "Okafor", "Linda Okafor", "--db", db)
    assert (split.exit_code, split.stderr) == (0, "Okafor is now its own speaker (1 quotes)\n")
    table = invoke("speakers", "--db", db)
    assert table.exit_code == 0 and "Helen Marsh" in table.stdout and "mayor" in table.stdout


def test_export_prints_files(db: str, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = invoke("export", "--db", db, "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [str(out / f"{n}.jsonl") for n in ("documents", "quotes", "speakers")]
    assert result.stderr == f"3 files written to {out}\n"


def test_every_store_command_has_help() -> None:
    for command in (["ingest"], ["stats"], ["quotes"], ["timeline"], ["skipped"], ["export"], ["speakers"],
                    ["speakers", "merge"], ["speakers", "split"]):
        result = invoke(*command, "--help")
        assert result.exit_code == 0, command
        assert "--db" in result.stdout, command


def test_ingest_missing_path_fails_before_writing(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = invoke("ingest", str(tmp_path / "nope"), "--db", str(db), "--workers", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'nope'}: no such file or directory")
    assert not db.exists()


@pytest.mark.parametrize("command", [["stats"], ["quotes"], ["skipped"], ["speakers"], ["timeline", "X"],
                                     ["export", "--format", "csv", "--out", "x"]])
def test_reading_a_missing_database_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    result = invoke(*command, "--db", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: Database {missing} does not exist. Create it with: saidwhat ingest PATH --db {missing}\n"
    assert not missing.exists()
