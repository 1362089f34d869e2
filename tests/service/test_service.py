"""The service layer under every shell: opening stores, cached shifts, one CSV writer."""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat import service
from saidwhat.cli import app
from saidwhat.models import Article, Attribution, Parsed
from saidwhat.service.speakers import refresh_speakers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
import webcorpus  # noqa: E402  (the web tests' hand-made corpus: two speakers who turn on a bridge)

runner = CliRunner()
READ_COMMANDS = [
    ["shifts"], ["quotes"], ["compare", "Jane Holloway", "Marcus Webb"], ["export", "--format", "csv", "--out", "x"],
    ["speakers"], ["timeline", "Jane Holloway"], ["stats"], ["skipped"],
]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return webcorpus.build_handmade_db(tmp_path / "c.db")


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: Database {typo} does not exist. Create it with: saidwhat ingest PATH --db {typo}\n"
    assert not typo.exists()


def _damage(path: Path) -> None:
    """Overwrite the middle of the file (b-tree pages), keeping the header readable."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 4, 3 * len(data) // 4, 7):
        data[i] = 0x55
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", READ_COMMANDS[:4], ids=lambda c: c[0])
def test_a_damaged_database_is_one_line_not_a_traceback(db: Path, tmp_path: Path, command: list[str]) -> None:
    _damage(db)
    args = [a if a != "x" else str(tmp_path / "out") for a in command]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Database {db} is damaged or not a saidwhat database (")
    assert result.stderr.endswith(f"Move it aside and rebuild it with: saidwhat ingest PATH --db {db}\n")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 50)
    result = runner.invoke(app, ["quotes", "--db", str(bogus)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: Database {bogus} is damaged or not a saidwhat database (file is not a database). "
                             f"Move it aside and rebuild it with: saidwhat ingest PATH --db {bogus}\n")


FORMULA = '=HYPERLINK("http://evil.invalid","click")'


def _store_with_formula_quote(path: Path) -> None:
    text = f"Dana Roe said {FORMULA} was fine."
    start = text.index(FORMULA)
    att = Attribution(content=((start, start + len(FORMULA)),), speaker="Dana Roe", speaker_type="PERSON",
                      source=((0, 8),), tone=0.1, polarity="neutral")
    article = Article("f1", "f1.txt", text, published="2026-01-02", content_hash="f1", outlet="@Outlet")
    with service.open_or_create(str(path)) as store:
        store.add_batch([Parsed(article, (att,))])
        refresh_speakers(store)


def test_quotes_and_export_csv_defuse_formulas(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    _store_with_formula_quote(db)
    result = runner.invoke(app, ["quotes", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["content"], row["outlet"]) == ("'" + FORMULA, "'@Outlet")
    out = tmp_path / "export"
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(out)]).exit_code == 0
    exported = next(csv.DictReader((out / "quotes.csv").open(encoding="utf-8")))
    assert (exported["content"], exported["outlet"]) == ("'" + FORMULA, "'@Outlet")
    assert exported["tone"] == "0.1"  # numbers are left alone
    jsonl = runner.invoke(app, ["quotes", "--db", str(db), "--format", "jsonl"]).stdout
    assert FORMULA.replace('"', '\\"') in jsonl  # JSON keeps the text as it was said


def _shift_rows(path: Path) -> dict[str, list[int]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT speaker, id FROM shifts ORDER BY id").fetchall()
    out: dict[str, list[int]] = {}
    for speaker, i in rows:
        out.setdefault(speaker, []).append(i)
    return out


def test_shifts_are_computed_once_and_kept_in_the_store(db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    assert _shift_rows(db) == {}  # written outside the service: nothing cached yet
    with service.open_existing(str(db)) as store:
        first = service.shifts(store, settings)
    kept = _shift_rows(db)
    assert sorted(kept) == ["Jane Holloway", "Marcus Webb"] and sum(map(len, kept.values())) == 4  # topic + overall
    with service.open_existing(str(db)) as store:
        assert service.shifts(store, settings) == first
    assert _shift_rows(db) == kept  # read again: served from the store, not detected again


def test_ingest_refreshes_only_the_speakers_it_touches(db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.service.ingest import after_write
    from saidwhat.store import IngestSummary

    with service.open_existing(str(db)) as store:
        service.shifts(store, settings)
    before = _shift_rows(db)
    text = "Marcus Webb said that the bridge was a dreadful failure once more."
    att = Attribution(content=((22, len(text) - 1),), source=((0, 11),), speaker="Marcus Webb",
                      speaker_type="PERSON", tone=-0.6, polarity="negative")
    late = Parsed(Article("late", "late.txt", text, published="2024-12-01", content_hash="late"), (att,))

    def write(refresh) -> IngestSummary:  # type: ignore[no-untyped-def]
        store.add_batch([late])
        refresh(store)  # the service's incremental speaker refresh
        return IngestSummary(0, inputs=1, documents=1)

    with service.open_existing(str(db)) as store:
        after_write(store, settings, write)
        key, pending = store.shift_state()
        assert (key, pending) == (service.shifts_cache_key(store, settings), [])
    after = _shift_rows(db)
    assert after["Jane Holloway"] == before["Jane Holloway"]  # untouched: the same rows
    assert set(after["Marcus Webb"]).isdisjoint(before["Marcus Webb"])  # touched: detected again


def test_changed_settings_recompute_every_shift(db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with service.open_existing(str(db)) as store:
        assert len(service.shifts(store, settings)) == 2
        assert service.shifts(store, replace(settings, min_statements=1000)) == []


def test_the_web_app_names_a_damaged_database(db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    _damage(db)
    with TestClient(create_app(replace(settings, db=str(db))), raise_server_exceptions=False) as client:
        body = client.get("/api/quotes").json()
    assert body["status"] == 503
    assert body["error"].startswith(f"Database {db} is damaged or not a saidwhat database (")
