"""The Python API: extract() equals `saidwhat extract`, Corpus answers as the CLI, README blocks run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import saidwhat
from saidwhat.cli import app

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "src" / "saidwhat" / "data" / "corpus"


def test_extract_equals_the_cli_on_the_seed_page(shared_dir: Path) -> None:
    seed = shared_dir / "data" / "seed" / "rt-2016-03-25-kerry-in-moscow.txt"
    result = CliRunner().invoke(app, ["extract", str(seed), "--workers", "1"])
    assert result.exit_code == 0, result.output
    cli = [json.loads(line) for line in result.stdout.splitlines()]
    api = list(saidwhat.extract([str(seed)], workers=1))
    assert api == cli
    assert len(api) == 1 and len(api[0]["attributions"]) >= 5


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text("utf-8"), flags=re.S)


def test_readme_has_python_blocks() -> None:
    assert len(_python_blocks()) == 2


@pytest.mark.slow
@pytest.mark.parametrize("index", [0, 1])
def test_readme_python_blocks_run_as_scripts(tmp_path: Path, index: int) -> None:
    """Each block saved as a script runs (no BrokenProcessPool, no hidden setup) on the sample corpus."""
    (tmp_path / "pages").symlink_to(CORPUS, target_is_directory=True)
    script = tmp_path / "example.py"
    script.write_text(_python_blocks()[index], "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    if index == 1:
        lines = done.stdout.splitlines()
        assert lines[0].startswith("Elena Varga 2026-01-15 warmer")
        assert "Elena Varga moved first" in done.stdout
    else:
        assert len(done.stdout.splitlines()) == 44  # one line per sample document


def test_corpus_answers_as_the_cli(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tests" / "web"))
    import webcorpus

    db = webcorpus.build_handmade_db(tmp_path / "c.db")
    corpus = saidwhat.Corpus(str(db))
    shifts = corpus.shifts()
    cli = CliRunner().invoke(app, ["shifts", "--db", str(db), "--format", "jsonl"])
    assert [(s.speaker, s.target, s.date) for s in shifts] == [
        (r["speaker"], r["topic"], r["date"]) for r in map(json.loads, cli.stdout.splitlines())
    ]
    frame = shifts.to_pandas()
    assert list(frame["speaker"]) == [s.speaker for s in shifts] and list(frame["target"]) == ["bridge", "bridge"]
    compare = corpus.compare("Jane Holloway", "Marcus Webb", about="bridge")
    cli = CliRunner().invoke(app, ["compare", "Jane Holloway", "Marcus Webb", "--about", "bridge", "--db", str(db)])
    assert cli.stdout.splitlines()[-1] == compare.summary()
    quotes = corpus.quotes(speaker="Marcus Webb", limit=3)
    assert len(quotes) == 3 and {q.speaker for q in quotes} == {"Marcus Webb"}
    points = corpus.timeline("Marcus Webb", about="bridge", by="month")
    assert sum(p.count for p in points) == len(corpus.quotes(speaker="Marcus Webb", about="bridge", limit=500))


def test_corpus_reads_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(saidwhat.SaidwhatError, match=f"Database {missing} does not exist"):
        saidwhat.Corpus(str(missing)).shifts()
    assert not missing.exists()
