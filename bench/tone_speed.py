"""Tone inference speed: targets per CPU-second of the shipped ONNX model (issue 8: >= 150).

Scores every target of NewsMTSC dev-rw + dev-mt (``../shared``), or the tests' tiny file
repeated when ``../shared`` is absent, in one process with one thread, and divides by the
process's CPU time (so other jobs on the machine do not count).

    .venv/bin/python bench/tone_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from saidwhat.tone.model import OnnxToneModel
from saidwhat.tone.newsmtsc import read_newsmtsc

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "data" / "newsmtsc"
TINY = REPO / "tests" / "tone" / "data" / "tiny_newsmtsc.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the data")
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    args = parser.parse_args()
    if DEV.is_dir():
        examples = read_newsmtsc(DEV / "dev-rw.jsonl") + read_newsmtsc(DEV / "dev-mt.jsonl")
        source = "NewsMTSC dev-rw + dev-mt"
    else:
        examples = read_newsmtsc(TINY) * 100
        source = "tests/tone/data/tiny_newsmtsc.jsonl x 100"
    items = [(e.text, e.start, e.end) for e in examples]
    model = OnnxToneModel(threads=args.threads)
    model.probabilities(items[:64])  # warm-up
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        model.probabilities(items)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = len(items) * args.repeat
    print(f"{source}: {n} targets, {cpu:.2f} CPU-s, {wall:.2f} wall-s, threads {args.threads}")
    print(f"{n / cpu:.0f} targets per CPU-second ({n / wall:.0f} per wall-second)")


if __name__ == "__main__":
    main()
