"""Real ingestion (spaCy pipeline): idempotent, versioned, and exact after SIGKILL + rerun.

The kill test runs ``saidwhat ingest`` as a subprocess, kills it with SIGKILL at random
moments (while it loads, parses, writes a batch or refreshes speakers), reruns it each
time, and finally compares every stored row with an uninterrupted run's. A reader polls
the store all along, so "database is locked" would fail the test too.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_fixtures import BACKENDS, STORE_DATA, dump, pg_dsn, with_schema

from saidwhat.config import load_settings
from saidwhat.service import ingest
from saidwhat.store import open_store

pytestmark = pytest.mark.slow

KILLS = 10
DOCS = 200
SEED = int(os.environ.get("SAIDWHAT_KILL_SEED", "20260306"))

# Short articles written for these tests: each paragraph has a "X said that Y" sentence.
PEOPLE = ["Mayor Linda Okafor", "Tomas Berg", "Minister Grace Holloway", "Helen Marsh", "Ravi Menon", "Okafor"]
CLAIMS = [
    "the new ferry terminal would bring thousands of visitors to the harbour",
    "the budget for the school lunches was far too small for the growing city",
    "the storm shelters had been opened early to keep every resident safe",
    "the council had wasted money on a bridge that nobody wanted to use",
    "the hospital would hire two hundred nurses before the winter arrived",
    "the tram line was years late and the contractors should pay for the delay",
]


def write_corpus(folder: Path, n: int = DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paragraphs = [f"Local news item number {i} about the city and its harbour district"]
        for j in range(2):
            who = PEOPLE[(i + j) % len(PEOPLE)]
            what = CLAIMS[(i * 2 + j) % len(CLAIMS)]
            paragraphs.append(f"{who} said that {what} on day {i}, according to people at the meeting.")
        (folder / f"item-{i:03d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (folder / "too-short.txt").write_text("Short.\n", encoding="utf-8")  # always skipped by clean
    return folder


@pytest.fixture(params=BACKENDS)
def new_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of fresh, empty targets on one backend."""
    made: list[str] = []

    def make() -> str:
        if request.param == "sqlite":
            target = str(tmp_path / f"db-{len(made)}.db")
        else:
            import psycopg

            schema = "t_" + uuid.uuid4().hex[:12]
            with psycopg.connect(pg_dsn(), autocommit=True) as admin:
                admin.execute(f"CREATE SCHEMA {schema}")
            target = with_schema(pg_dsn(), schema)
            made.append(schema)
            return target
        made.append(target)
        return target

    if request.param == "postgres":
        pg_dsn()
    yield make
    if request.param == "postgres":
        import psycopg

        with psycopg.connect(pg_dsn(), autocommit=True) as admin:
            for schema in made:
                admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def first_difference(got: dict, expected: dict) -> str:  # type: ignore[type-arg]
    for table in expected:
        for a, b in zip(got[table], expected[table]):
            if a != b:
                return f"{table}: {a} != {b}"
        if len(got[table]) != len(expected[table]):
            return f"{table}: {len(got[table])} rows != {len(expected[table])}"
    return "none"


def snapshot(target: str) -> dict:  # type: ignore[type-arg]
    with open_store(target) as store:
        return dump(store)


def settings():  # type: ignore[no-untyped-def]
    return load_settings(env={}, workers=1, batch_size=2)


def test_ingest_twice_changes_nothing(new_target: Callable[[], str], tmp_path: Path) -> None:
    target = new_target()
    corpus = shutil.copytree(STORE_DATA / "corpus", tmp_path / "corpus")
    first = ingest([str(corpus)], settings(), db=target)
    assert (first.inputs, first.documents, first.skipped) == (4, 3, 1)
    assert first.attributions >= 3, "the pipeline found no attributions: is the attribution stage working?"
    before = snapshot(target)
    assert len(before["speakers"]) >= 2
    second = ingest([str(corpus)], settings(), db=target)
    assert (second.inputs, second.documents, second.unchanged, second.attributions, second.skipped) == (4, 0, 3, 0, 1)
    assert snapshot(target) == before
    with open_store(target) as store:
        assert [r.status for r in store.runs()] == ["finished", "finished"]


def test_changed_file_becomes_a_new_version(new_target: Callable[[], str], tmp_path: Path) -> None:
    target = new_target()
    corpus = shutil.copytree(STORE_DATA / "corpus", tmp_path / "corpus")
    ingest([str(corpus)], settings(), db=target)
    page = corpus / "storm-warning.txt"
    page.write_text(page.read_text("utf-8").replace("Friday evening", "Saturday morning"), encoding="utf-8")
    again = ingest([str(corpus)], settings(), db=target)
    assert (again.documents, again.new_versions, again.unchanged) == (1, 1, 2)
    with open_store(target) as store:
        stats = store.stats()
        assert (stats["documents"], stats["versions"]) == (3, 4)
        storm = [a for a in store.articles() if a.doc_id == "storm-warning"]
        assert [a.version for a in storm] == [2]
        detail = store.article(storm[0].id)
        assert detail is not None and "Saturday morning" in detail.text


def test_a_copy_under_another_name_is_skipped_as_duplicate(new_target: Callable[[], str], tmp_path: Path) -> None:
    target = new_target()
    corpus = shutil.copytree(STORE_DATA / "corpus", tmp_path / "corpus")
    shutil.copy(corpus / "school-meals.txt", corpus / "school-meals-copy.txt")
    summary = ingest([str(corpus)], settings(), db=target)
    assert (summary.documents, summary.skipped) == (3, 2)
    with open_store(target) as store:
        skipped = {s.path: (s.stage, s.reason) for s in store.skipped()}
    assert sorted(skipped) == [str(corpus / "empty-page.txt"), str(corpus / "school-meals.txt")]
    assert skipped[str(corpus / "school-meals.txt")] == ("ingest", f"duplicate of {corpus / 'school-meals-copy.txt'}")
    assert skipped[str(corpus / "empty-page.txt")][0] == "clean"


# One document per transaction, so kills land between and inside document commits. The
# default tone model is used on purpose: a resumed run batches documents differently, so
# this also checks that every stage scores a document the same whatever shares its batch
# (it caught the ONNX tone scores moving with batch padding: 0.0221 alone, 0.0307 in a batch).
KILL_SETTINGS: dict[str, object] = {"batch_size": 1, "workers": 1}


def _run(target: str, corpus: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, **{f"SAIDWHAT_{k.upper()}": str(v) for k, v in KILL_SETTINGS.items()})
    env.pop("SAIDWHAT_CONFIG", None)
    env.pop("SAIDWHAT_DB", None)
    return subprocess.Popen(
        [sys.executable, "-c", "from saidwhat.cli import main; main()", "ingest", str(corpus), "--db", target],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def test_sigkill_at_random_moments_then_rerun_equals_uninterrupted(
    new_target: Callable[[], str], tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    reference = new_target()
    # The uninterrupted run, in-process (same settings as the subprocesses below).
    summary = ingest([str(corpus)], load_settings(env={}, **KILL_SETTINGS), db=reference)
    assert (summary.documents, summary.skipped) == (DOCS, 1)
    expected = snapshot(reference)
    assert len(expected["attributions"]) >= DOCS, "the pipeline found too few attributions to test with"

    rng = random.Random(SEED)
    target = new_target()
    kills = attempts = 0
    moments = []
    reader = open_store(target)  # queries while ingestion writes: must never fail
    try:
        while kills < KILLS and attempts < KILLS * 2:
            attempts += 1
            stored = reader.stats()["documents"]
            proc = _run(target, corpus)
            if attempts == 1 or stored == DOCS:
                # While it starts up, reads inputs or refreshes speakers.
                time.sleep(rng.uniform(0.1, 1.5))
            else:
                # Once 1-12 more documents have committed, a moment into the next ones.
                threshold = stored + rng.randint(1, 12)
                while proc.poll() is None and reader.stats()["documents"] < threshold:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0.0, 0.03))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                moments.append(reader.stats()["documents"])
            proc.wait(timeout=300)
    finally:
        reader.close()
    print(f"seed {SEED}: {kills} kills in {attempts} runs, at {moments} documents stored")
    assert kills >= KILLS, f"only {kills} of {attempts} runs were still running when killed (seed {SEED})"
    assert len(set(moments)) >= 4, f"kills did not spread over the run: documents stored at kills {moments}"
    proc = _run(target, corpus)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr.decode()  # 1: too-short.txt is skipped, in every run
    got = snapshot(target)
    assert got == expected, f"seed {SEED}, kills at {moments} documents; first difference: {first_difference(got, expected)}"


def test_ingest_command_summary_and_exit_code(tmp_path: Path) -> None:
    import re

    from typer.testing import CliRunner

    from saidwhat.cli import app

    db = tmp_path / "cli.db"
    corpus = shutil.copytree(STORE_DATA / "corpus", tmp_path / "corpus")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "1"], env={"COLUMNS": "200"})
    assert first.exit_code == 1, first.stderr  # too-short page skipped
    assert first.stdout == ""
    lines = first.stderr.splitlines()
    assert re.fullmatch(
        rf"4 inputs: 3 documents stored \(0 new versions\), 0 unchanged, \d+ attributions, 1 skipped "
        rf"in \d+\.\ds into {re.escape(str(db))}", lines[-2]
    ), lines
    assert lines[-1] == f"See why: saidwhat skipped --db {db}"
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "1"], env={"COLUMNS": "200"})
    assert re.match(r"4 inputs: 0 documents stored \(0 new versions\), 3 unchanged, 0 attributions, 1 skipped",
                    again.stderr.splitlines()[-2])
