"""``saidwhat trails`` on a real SQLite file: exact output, filters, errors, and after a real ingest."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from trails_corpus import ARTICLES, BUDGET, DOCTORED, ORIGINAL, corpus
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store
from saidwhat.trails import update_trails

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={"COLUMNS": "250"})


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "trails.db")
    with open_store(path) as store:
        store.add_batch(corpus())
        refresh_speakers(store)
        update_trails(store)  # type: ignore[arg-type]
    return path


def test_jsonl_has_the_issue_shape(db: str) -> None:
    result = invoke("trails", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(t["text"], t["speaker"], t["first"]) for t in lines] == [
        (ORIGINAL, "Hana Kovac", {"doc": "atlas-1", "outlet": "Atlas Wire", "published": "2026-03-02"}),
        (BUDGET, "Piotr Lind", {"doc": "courier-1", "outlet": "Daily Courier", "published": "2026-03-03"}),
    ]
    assert list(lines[0]) == ["trail", "text", "speaker", "first", "appearances"]
    altered = lines[0]["appearances"][5]
    assert altered == {
        "doc": "voice-1", "outlet": "Free Voice", "published": "2026-03-05", "speaker": "Hana Kovac",
        "attribution_id": altered["attribution_id"], "quote": DOCTORED, "variant": "altered",
        "diff": [{"op": "delete", "from": "not", "to": "", "negation": True}],
    }
    assert [a["variant"] for a in lines[0]["appearances"]] == [
        "verbatim", "verbatim", "verbatim", "trimmed", "extended", "altered", "misattributed",
    ]
    assert result.stderr == ""


def test_csv_has_one_row_per_printing_and_filters_by_variant(db: str) -> None:
    # A diff cell starts with + or -: the one tabular writer defuses it as a spreadsheet formula.
    result = invoke("trails", "--db", db, "--variant", "altered", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    assert {(r["outlet"], r["variant"], r["negation"], r["diff"]) for r in rows if r["variant"] != "verbatim"} == {
        ("River Times", "trimmed", "False",
         "'-We will not sign any agreement that weakens our borders, and"),
        ("Evening Ledger", "extended", "False", "'+Nobody in this region should doubt it."),
        ("Free Voice", "altered", "True", "'-not (negation)"),
        ("Morning Herald", "misattributed", "False", ""),
    }


def test_table_and_speaker_and_since_filters(db: str) -> None:
    result = invoke("trails", "--db", db, "--speaker", "Piotr Lind", "--since", "2026-03-03")
    assert result.exit_code == 0, result.stderr
    assert "2026-03-03 Daily Courier" in result.stdout
    assert "verbatim 2" in result.stdout
    assert "Atlas Wire" not in result.stdout
    result = invoke("trails", "--db", db)
    assert "verbatim 3, trimmed 1, extended 1, altered 1, misattributed 1, negation changed" in result.stdout


@pytest.mark.parametrize(("args", "message", "code"), [
    (["--variant", "doctored"], "Error: Variant 'doctored' is not one of: verbatim, trimmed, extended, altered, misattributed.", 1),
    (["--speaker", "Nobody"], "Error: No speaker named 'Nobody'. List them with: saidwhat speakers", 1),
    (["--since", "March"], "Error: since 'March' is not a date; use YYYY-MM-DD, e.g. 2016-03-25.", 1),
])
def test_bad_input_is_one_error_line(db: str, args: list[str], message: str, code: int) -> None:
    result = invoke("trails", "--db", db, *args)
    assert (result.exit_code, result.stderr.splitlines()) == (code, [message])
    assert result.stdout == ""


def test_bad_format_and_missing_database(tmp_path: Path) -> None:
    result = invoke("trails", "--db", str(tmp_path / "x.db"), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of: table, jsonl, csv" in result.stderr
    result = invoke("trails", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Database {tmp_path / 'missing.db'} does not exist.")


@pytest.mark.slow
def test_ingest_then_trails_through_the_real_pipeline(tmp_path: Path) -> None:
    """The ingest hook: quotes found by the real attribution stage are grouped into trails."""
    pages = tmp_path / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as fh:
        for doc_id, outlet, published, quotes in ARTICLES:
            text = "\n\n".join(["A report from the capital."] + [p for _, p, _, _ in quotes])
            fh.write(json.dumps({"id": doc_id, "outlet": outlet, "published": published, "text": text}) + "\n")
    db = str(tmp_path / "ingested.db")
    result = invoke("ingest", str(pages), "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.stderr
    result = invoke("trails", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["first"] == {"doc": "atlas-1", "outlet": "Atlas Wire", "published": "2026-03-02"}
    assert {(a["doc"], a["variant"]) for a in first["appearances"]} >= {
        ("northern-1", "verbatim"), ("voice-1", "altered"), ("ledger-1", "extended"),
    }
