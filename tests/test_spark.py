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


def _pages(folder: Path) -> list[str]:
    """Invented pages of one invented outlet sharing a closing line, and a copy of one."""
    closing = "Readers can send questions about the works to the Millbrook Gazette newsdesk."
    quotes = [
        ("Engineer Hana Solvik", "the bridge repairs", "would finish in the autumn"),
        ("Trader Felix Amari", "the market closure", "had cost the stalls a month of trade"),
        ("Teacher Oona Brandt", "the school bus route", "was still too long for the youngest pupils"),
    ]
    (folder / "site").mkdir()
    (folder / "again").mkdir()
    for i, (who, topic, claim) in enumerate(quotes):
        text = (
            f"Millbrook Gazette | News | Sport\n\nMillbrook debates {topic}\n\n"
            f'"We cannot wait another year for {topic}," {who} said on Tuesday.\n\n'
            f"{who.split()[-1]} said {topic} {claim}.\n\n{closing}\n\n© 2026 Millbrook Gazette\n"
        )
        (folder / "site" / f"story{i}.txt").write_text(text, encoding="utf-8")
    (folder / "again" / "story0-copy.txt").write_text((folder / "site" / "story0.txt").read_text())
    return [str(folder / "site"), str(folder / "again"), str(DATA / "records.jsonl")]


def _part_records(out: Path) -> list[dict[str, object]]:
    parts = sorted(out.glob("part-*"))
    return sorted((json.loads(line) for part in parts for line in part.read_text().splitlines()),
                  key=lambda r: str(r["path"]))


@pytest.mark.slow
@pytest.mark.parametrize("site_profile", ["true", "false"])
def test_spark_runs_the_plan_local_extract_runs(tmp_path, monkeypatch, site_profile):
    from saidwhat import pipeline

    paths = _pages(tmp_path)
    monkeypatch.setenv("SAIDWHAT_SITE_PROFILE", site_profile)
    runner = CliRunner()
    local = runner.invoke(app, ["extract", "--workers", "1", *paths])
    assert local.exit_code == 1, local.output  # the copy is skipped
    expected = sorted((json.loads(line) for line in local.stdout.splitlines()), key=lambda r: str(r["path"]))
    plans: list[tuple[list[str], object]] = []
    real_plan = pipeline.plan

    def spy(given, settings, *args, **kwargs):  # type: ignore[no-untyped-def]
        plans.append((list(given), settings))
        return real_plan(given, settings, *args, **kwargs)

    monkeypatch.setattr(pipeline, "plan", spy)
    result = runner.invoke(app, ["spark", *paths, "--out", str(tmp_path / "out"), "--partitions", "2"])
    assert result.exit_code == 1, result.output
    assert [(given, s.site_profile) for given, s in plans] == [(paths, site_profile == "true")]
    assert _part_records(tmp_path / "out") == expected
    skipped = {str(r["path"]): r["skipped"] for r in expected if r["skipped"]}
    assert skipped == {f"{tmp_path}/again/story0-copy.txt": f"ingest: duplicate of {tmp_path}/site/story0.txt"}
    # The setting changed what both runners kept: the closing line only the profile drops.
    kept = [("newsdesk" in str(r["text"])) for r in expected if "/site/" in str(r["path"])]
    assert kept == [site_profile == "false"] * 3
