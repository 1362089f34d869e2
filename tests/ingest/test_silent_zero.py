"""Files that used to give no output, no reason and exit 0 now say why, and exit 1."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

runner = CliRunner()


def _random_csv(path: Path) -> None:
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))


@pytest.mark.parametrize(("name", "write", "reason"), [
    ("header.csv", lambda p: p.write_text("id,title,text\n", "utf-8"), "no documents: the file holds a header line and no rows"),
    ("random.csv", _random_csv, "CSV header has no text column (text, body, content, html)"),
    ("empty.warc", lambda p: p.write_bytes(b""), "empty file"),
    ("page.warc", lambda p: p.write_text("<html><body>not an archive</body></html>", "utf-8"),
     "not a WARC archive (it does not start with 'WARC/')"),
    ("empty.jsonl", lambda p: p.write_text("\n\n", "utf-8"), "empty file"),
    ("blank.jsonl", lambda p: p.write_text(" \n\t\n{}\n", "utf-8"), "record has no text field"),
])
def test_extract_gives_the_reason_and_exits_1(tmp_path: Path, name: str, write, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    write(path)
    result = runner.invoke(app, ["extract", str(path), "--workers", "1"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and reason in records[0]["skipped"]
    assert result.stderr.splitlines()[-1] == "1 documents, 0 attributions, 1 skipped"
