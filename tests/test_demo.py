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
    by_key = {(s["speaker"], s["target"]): s for s in found}
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
