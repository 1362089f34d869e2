"""``saidwhat spark`` through spark-submit on a real standalone cluster (a master and a worker
started with PySpark's own ``bin/spark-class``, on 127.0.0.1, small memory), Parquet out."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

pyspark = pytest.importorskip("pyspark", reason="PySpark not installed (pip install 'saidwhat[spark]')")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed")
if subprocess.run(["sh", "-c", "command -v java"], capture_output=True).returncode != 0:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

SPARK_HOME = Path(pyspark.__file__).parent
SRC = Path(__file__).resolve().parents[1] / "src"
DATA = Path(__file__).parent / "data" / "extract"
TOP = "Home | Town | Harbour | Council | Sport | Sign in\nSubscribe for $1 a week\n\n"
BOTTOM = (
    "\nMost read this week\nHarbour ferry timetable changes from Monday\nCouncil budget vote delayed again\n"
    "Newsletter: the Bayview Post every morning in your inbox\nContact us | Advertise | Careers\n"
    "© 2026 Bayview Post. All rights reserved.\n"
)
# A line every page of the site ends its body with: the site profile marks it as furniture.
RECURRING = "Several residents said they remained unconvinced and would return to the next meeting."
PEOPLE = [
    ("Mayor Ilse Darrow", "the new ferry pier", "would open before the summer"),
    ("Councillor Ravi Ostend", "the parking charges", "were hurting small shops on the front"),
    ("Harbour master Peg Lindqvist", "the dredging plan", "had been delayed by the storms"),
    ("Police chief Amos Kerrin", "the night patrols", "would continue through the winter"),
]


def _site(folder: Path) -> None:
    """Invented pages of one invented outlet, with its menus and footers left in."""
    folder.mkdir()
    for i, (who, topic, claim) in enumerate(PEOPLE):
        body = (
            f"Bayview residents raise {topic} at packed meeting\n\n"
            f"BAYVIEW, May {i + 3} (Bayview Post) — Residents filled the hall on Thursday evening to ask "
            f"about {topic}, and several said they had waited months for an answer.\n\n"
            f'"We have listened, and we will act on {topic} this year," {who} told the meeting. '
            '"Nobody here should have to ask twice."\n\n'
            f"{who.split()[-1]} said {topic} {claim}, and promised a written update within a month.\n\n"
            f"{RECURRING}\n"
        )
        (folder / f"page{i}.txt").write_text(TOP + body + BOTTOM, encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:  # the child keeps its own descriptor
        return subprocess.Popen(
            [str(SPARK_HOME / "bin" / "spark-class"), *args], env=env, stdout=fh, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the worker's executors go with it
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_for_worker(ui_port: int, logs: list[Path], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as resp:
                if json.load(resp).get("aliveworkers", 0) >= 1:
                    return
        except OSError:
            pass
        time.sleep(1)
    shown = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}" for p in logs if p.exists())
    pytest.fail(f"the standalone cluster did not come up in {timeout:.0f} s\n{shown}")


@pytest.fixture()
def cluster(tmp_path):  # type: ignore[no-untyped-def]
    """A standalone master and one worker (1 core, 1 GB), stopped and reaped afterwards."""
    port, ui, worker_ui = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ, "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_DAEMON_MEMORY": "256m", "PYTHONPATH": str(SRC), "SPARK_LOG_DIR": str(tmp_path),
    }
    logs = [tmp_path / "master.log", tmp_path / "worker.log"]
    procs = [_start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                     "--webui-port", str(ui)], env, logs[0])]
    try:
        procs.append(_start(["org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}",
                             "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                             "--webui-port", str(worker_ui), "--work-dir", str(tmp_path / "work")], env, logs[1]))
        _wait_for_worker(ui, logs)
        yield f"spark://127.0.0.1:{port}", env
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _local_records(paths: list[str]) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["extract", "--workers", "1", *paths])
    assert result.exit_code == 1, result.output  # empty.txt is skipped
    return sorted((json.loads(line) for line in result.stdout.splitlines()), key=lambda r: str(r["doc"]))


@pytest.mark.slow
def test_spark_submit_on_standalone_cluster_writes_parquet_like_local_extract(tmp_path, cluster):
    master, env = cluster
    site = tmp_path / "bayview"
    _site(site)
    paths = [str(site), str(DATA / "records.jsonl"), str(DATA / "empty.txt")]
    out = tmp_path / "out.parquet"
    log = tmp_path / "submit.log"
    with log.open("w") as fh:
        code = subprocess.run(
            [str(SPARK_HOME / "bin" / "spark-submit"), "--master", master,
             "--conf", "spark.executor.memory=600m", "--conf", "spark.driver.memory=512m",
             "--conf", "spark.ui.enabled=false", "--conf", f"spark.pyspark.python={sys.executable}",
             "--conf", f"spark.pyspark.driver.python={sys.executable}",
             str(SRC / "saidwhat" / "batch" / "submit.py"), *paths, "--out", str(out), "--format", "parquet",
             "--partitions", "1"],
            env=env, stdout=fh, stderr=subprocess.STDOUT, timeout=400,  # (it took 163 s under a load of 17 on 2 cores)
        ).returncode
    shown = log.read_text(errors="replace")
    assert code == 1, shown[-3000:]  # exit 1: empty.txt is skipped
    assert "7 documents, 1 skipped" in shown, shown[-3000:]
    rows = sorted(pq.read_table(out).to_pylist(), key=lambda r: str(r["doc"]))
    expected = _local_records(paths)
    assert [r["doc"] for r in rows] == ["empty", "ledger-0001", "ledger-0002", "page0", "page1", "page2", "page3"]
    for got, want in zip(rows, expected):
        assert {k: got[k] for k in want} == want
    # The distributed site profile found the line every Bayview page repeats.
    assert [RECURRING in str(r["text"]) for r in rows if str(r["doc"]).startswith("page")] == [False] * 4
    # No spark.executor.extraJavaOptions given: the executor ran with saidwhat's (the worker
    # logs the command it started the executor with).
    logs = [f.read_text(errors="replace") for f in (tmp_path / "work").glob("app-*/*/stderr")]
    commands = [line for text in logs for line in text.splitlines() if line.startswith("Spark Executor Command:")]
    assert commands and all("-XX:TieredStopAtLevel=1" in c and "-XX:+UseSerialGC" in c for c in commands), logs
