"""CPU per article: ``saidwhat spark`` on a standalone cluster against ``extract --workers``.

    python bench/spark_vs_local.py [--workers 2] [--cores 2] [--articles 840] [--jsonl]

The same articles (the first ``--articles`` of PolNeAR train then dev from ``../shared``,
then cleaning-extra's gold article texts, copied to one folder; else the packaged sample
corpus) go
through ``saidwhat extract --workers N`` and through spark-submit on a standalone cluster
(a master and one worker with ``--cores`` cores, started with PySpark's ``bin/spark-class``
as ``tests/test_spark_cluster.py`` does). CPU is counted over every process each run
starts: for extract its pool; for Spark the driver (spark-submit's JVM and Python), the
master, the worker and what the worker ran (executor JVMs and their Python workers; every
process in the master's and the worker's sessions, polled while the job runs; the cluster's
share is also split into JVMs and Python workers). spark-submit gets the README's recipe,
driver JVM options included; the executors get saidwhat's own defaults. Prints one JSON
line, with the load average before and after. Target: Spark <= 1.1x. With ``--jsonl`` the
``.txt`` articles go in as records of one JSON-lines file instead (records are article text,
so neither side runs the dump cleaner on them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from test_spark_cluster import SPARK_HOME, SRC, _free_port, _start, _stop, _wait_for_worker  # noqa: E402

POLNEAR = REPO.parent / "shared" / "data" / "polnear"
GOLD = REPO.parent / "shared" / "data" / "cleaning-extra" / "ground-truth.json"
CORPUS = REPO / "src" / "saidwhat" / "data" / "corpus"
# The driver's JVM options of the README's spark-submit recipe.
DRIVER_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class SessionCpu(threading.Thread):
    """Polls /proc twice a second: the CPU seconds (own, not children's) of every process in
    the given sessions, as last seen. Python workers and executors live for the whole job,
    so a process missed between polls is at most half a second of CPU."""

    def __init__(self, sessions: set[int]) -> None:
        super().__init__(daemon=True)
        self.sessions = sessions
        self.seen: dict[int, float] = {}
        self.kinds: dict[int, str] = {}  # pid -> "java" or "python" (the command's name)
        self.done = threading.Event()

    def poll(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                head, tail = stat.read_text().rsplit(")", 1)
            except (OSError, ValueError):
                continue
            fields = tail.split()
            if int(fields[3]) in self.sessions:
                pid = int(stat.parent.name)
                name = head.split("(", 1)[-1]
                self.kinds[pid] = "python" if name.startswith("python") else "java" if name == "java" else name
                self.seen[pid] = max(self.seen.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / tick)

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.poll()

    def by_kind(self, less: "SessionCpu") -> dict[str, float]:
        """CPU seconds per kind of process, less what ``less`` saw of the same processes."""
        out: dict[str, float] = {}
        for pid, cpu in self.seen.items():
            kind = self.kinds.get(pid, "?")
            out[kind] = round(out.get(kind, 0.0) + cpu - less.seen.get(pid, 0.0), 1)
        return out

    def total(self) -> float:
        self.done.set()
        self.join()
        self.poll()
        return sum(self.seen.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--articles", type=int, default=84, help="how many PolNeAR articles (train, then dev)")
    ap.add_argument("--jsonl", action="store_true",
                    help="the articles as records of one JSON-lines file instead of one file each")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = _articles(Path(tmp) / "articles", args.articles)
        if args.jsonl:
            source = _as_jsonl(Path(source), Path(tmp) / "articles.jsonl")
        print(json.dumps({"input": "jsonl" if args.jsonl else "files", **compare(args, source)}))


def _as_jsonl(folder: Path, out: Path) -> str:
    """The articles of ``folder`` as one JSON-lines file, one record per article."""
    with out.open("w", encoding="utf-8") as f:
        for path in sorted(folder.rglob("*.txt")):
            f.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    return str(out)


def _articles(folder: Path, n: int) -> str:
    """The first ``n`` PolNeAR articles (train, then dev), copied to ``folder``; beyond the
    924 of them, the gold article texts of ``cleaning-extra`` in id order."""
    if not POLNEAR.is_dir():
        return str(CORPUS)
    folder.mkdir()
    found = [p for split in ("train", "dev") for p in sorted((POLNEAR / split / "text").glob("*.txt"))]
    for path in found[:n]:
        shutil.copy(path, folder / path.name)
    if n > len(found) and GOLD.is_file():
        gold = json.loads(GOLD.read_text(encoding="utf-8"))
        for key in sorted(gold)[: n - len(found)]:
            (folder / f"extra-{key}.txt").write_text(gold[key]["articleBody"], encoding="utf-8")
    return str(folder)


def compare(args: argparse.Namespace, source: str) -> dict[str, object]:
    """Run both ways over ``source``; CPU seconds and the ratio per article."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1"}
    cli = [sys.executable, "-c", "from saidwhat.cli import main; main()"]
    load_before = os.getloadavg()[0]
    before = _children_cpu()
    local = subprocess.run([*cli, "extract", "--workers", str(args.workers), source], env=env,
                           capture_output=True, text=True)
    local_cpu = _children_cpu() - before
    # Records are counted by newline only: str.splitlines also breaks at U+0085/U+2028/U+2029.
    documents = local.stdout.count("\n")
    with tempfile.TemporaryDirectory() as tmp:
        port, ui = _free_port(), _free_port()
        logs = [Path(tmp) / "master.log", Path(tmp) / "worker.log"]
        procs = [_start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                         "--webui-port", str(ui)], env, logs[0])]
        try:
            procs.append(_start(["org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}",
                                 "--host", "127.0.0.1", "--cores", str(args.cores), "--memory", "4g",
                                 "--webui-port", str(_free_port()), "--work-dir", str(Path(tmp) / "work")],
                                env, logs[1]))
            _wait_for_worker(ui, logs)
            idle = SessionCpu({p.pid for p in procs})
            idle.poll()
            daemons = sum(idle.seen.values())
            watch = SessionCpu({p.pid for p in procs})
            watch.start()
            before = _children_cpu()
            t0 = time.monotonic()
            submit = subprocess.run(
                [str(SPARK_HOME / "bin" / "spark-submit"), "--master", f"spark://127.0.0.1:{port}",
                 "--driver-java-options", DRIVER_JAVA_OPTIONS,
                 "--conf", "spark.ui.enabled=false", "--conf", f"spark.pyspark.python={sys.executable}",
                 "--conf", f"spark.pyspark.driver.python={sys.executable}", "--conf", "spark.executor.memory=2g",
                 str(SRC / "saidwhat" / "batch" / "submit.py"), source, "--out", str(Path(tmp) / "out")],
                env=env, capture_output=True, text=True)
            wall = time.monotonic() - t0
            driver_cpu = _children_cpu() - before
            cluster_cpu = watch.total() - daemons
            cluster_kinds = watch.by_kind(idle)
            spark_docs = sum(f.read_text(encoding="utf-8").count("\n") for f in (Path(tmp) / "out").glob("part-*"))
        finally:
            for proc in reversed(procs):
                _stop(proc)
    spark_cpu = driver_cpu + cluster_cpu
    return {
        "articles": documents, "spark_articles": spark_docs, "spark_exit": submit.returncode,
        "local_workers": args.workers, "spark_cores": args.cores,
        "local_cpu_s": round(local_cpu, 1), "spark_cpu_s": round(spark_cpu, 1),
        "spark_driver_cpu_s": round(driver_cpu, 1), "spark_cluster_cpu_s": round(cluster_cpu, 1),
        "spark_cluster_cpu_s_by_process": cluster_kinds,
        "local_cpu_per_article": round(local_cpu / max(documents, 1), 3),
        "spark_cpu_per_article": round(spark_cpu / max(spark_docs, 1), 3),
        "ratio": round((spark_cpu / max(spark_docs, 1)) / (local_cpu / max(documents, 1)), 2),
        "spark_wall_s": round(wall, 1), "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


if __name__ == "__main__":
    main()
