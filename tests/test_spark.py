"""The Spark runner gives the same records as the local runner (real local Spark)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

pytest.importorskip("pyspark", reason="PySpark not installed (pip install 'saidwhat[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for local Spark", allow_module_level=True)

DATA = Path(__file__).parent / "data" / "extract"


@pytest.mark.slow
def test_spark_matches_local_extract(tmp_path):
    runner = CliRunner()
    files = [str(DATA / "wire-ceasefire.txt"), str(DATA / "records.jsonl"), str(DATA / "empty.txt")]
    local = runner.invoke(app, ["extract", "--workers", "1", *files])
    expected = sorted((json.loads(line) for line in local.stdout.splitlines()), key=lambda r: r["doc"])
    out = tmp_path / "spark-out"
    result = runner.invoke(app, ["spark", *files, "--out", str(out), "--partitions", "2"])
    assert result.exit_code == 1, result.output  # empty.txt is skipped
    got = sorted(
        (json.loads(line) for part in sorted(out.glob("part-*")) for line in part.read_text().splitlines()),
        key=lambda r: r["doc"],
    )
    assert got == expected
    assert "4 documents, 1 skipped" in result.stderr


def test_spark_refuses_an_unknown_format_before_starting(tmp_path):
    result = CliRunner().invoke(app, ["spark", str(DATA / "empty.txt"), "--out", str(tmp_path / "o"), "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr == "Error: Unknown output format 'csv'; use one of: jsonl, parquet.\n"


@pytest.mark.slow
def test_spark_names_a_missing_input_in_one_line(tmp_path):
    missing = tmp_path / "nope"
    result = CliRunner().invoke(app, ["spark", str(missing), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {missing}: no such file or directory"
    assert "Traceback" not in result.output
