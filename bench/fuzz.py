"""Fuzz the readers and the cleaners: seeded hostile cases, counted.

    python bench/fuzz.py [--cases 10000] [--seed 0] [--seconds 20]

Each case is a good seed document (text dump, HTML, JSONL, CSV, WARC, gzip) mutated at
random -- flipped and cut bytes, deep nesting, tags, lone surrogate escapes, invalid
UTF-8, control characters, repeated chunks -- under a random suffix and sometimes a file
name that is not UTF-8 (``tests/ingest/fuzzcases.py``, the generator the test suite's
fuzz tests use). A case passes when reading and cleaning it ends in pages, articles and
``Skipped`` records with valid UTF-8 text, or in a saidwhat error with a reason. Prints
cases run, crashes and hangs (past ``--seconds``), and the seeds of the first failures so
they can be rerun; exits 1 if any case failed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ingest"))

from fuzzcases import make_case, run_case  # noqa: E402

from saidwhat.config import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="first case's seed; case i uses seed + i")
    parser.add_argument("--seconds", type=float, default=20.0, help="a case running longer is a hang")
    args = parser.parse_args()
    settings = load_settings(env={}, workers=1)
    crashes: list[tuple[int, str]] = []
    hangs: list[int] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="saidwhat-fuzz-") as tmp:
        for i in range(args.cases):
            seed = args.seed + i
            name, data = make_case(random.Random(seed))
            # warcio reports malformed records on stderr; the counts below are the output.
            with contextlib.redirect_stderr(io.StringIO()):
                outcome = run_case(Path(tmp), name, data, settings, args.seconds)
            if outcome == "hang":
                hangs.append(seed)
            elif outcome is not None:
                crashes.append((seed, outcome))
    seconds = time.perf_counter() - started
    print(f"cases run: {args.cases}, crashes: {len(crashes)}, hangs: {len(hangs)} ({seconds:.0f} s)")
    for seed, what in crashes[:10]:
        print(f"  crash, seed {seed}: {what}")
    for seed in hangs[:10]:
        print(f"  hang, seed {seed}")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
