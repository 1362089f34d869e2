"""Killing only the parent of a worker pool ends its workers (and the resource tracker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import sys, time
from saidwhat import pipeline
from saidwhat.config import load_settings
from saidwhat.models import Skipped

def records():
    for i in range(8):
        yield Skipped(f"d{i}", f"d{i}.txt", "ingest", "test")
    print("workers started", flush=True)
    time.sleep(600)  # the parent hangs here until the test kills it

for _ in pipeline.run(records(), load_settings(env={}, workers=2, batch_size=1)):
    pass
"""


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from Linux /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "workers started"
        deadline = time.monotonic() + 60
        while len(children := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # a worker and the resource tracker
        assert len(children) >= 2, children
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 15
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [c for c in children if _alive(c)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
