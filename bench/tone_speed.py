"""Tone inference speed: targets per CPU-second of the shipped ONNX model (issue 8: >= 150).

Scores every target of NewsMTSC dev-rw + dev-mt (``../shared``), or the tests' tiny file
repeated when ``../shared`` is absent, in one process with one thread, and divides by the
process's CPU time (so other jobs on the machine do not count).

    .venv/bin/python bench/tone_speed.py [--repeat 3] [--batch-size 32]

With ``--batch-size N`` it also reports how far the batched probabilities are from one-row
runs (the shipped model runs one row per call because int8 dynamic quantization makes a
row's result depend on its batch; see tone/model.py).
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
    parser.add_argument("--batch-size", type=int, default=1, help="rows per model run (shipped: 1)")
    args = parser.parse_args()
    if DEV.is_dir():
        examples = read_newsmtsc(DEV / "dev-rw.jsonl") + read_newsmtsc(DEV / "dev-mt.jsonl")
        source = "NewsMTSC dev-rw + dev-mt"
    else:
        examples = read_newsmtsc(TINY) * 100
        source = "tests/tone/data/tiny_newsmtsc.jsonl x 100"
    items = [(e.text, e.start, e.end) for e in examples]
    model = OnnxToneModel(threads=args.threads, batch_size=args.batch_size)
    model.probabilities(items[:64])  # warm-up
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        model.probabilities(items)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = len(items) * args.repeat
    print(f"{source}: {n} targets, {cpu:.2f} CPU-s, {wall:.2f} wall-s, threads {args.threads}")
    print(f"{n / cpu:.0f} targets per CPU-second ({n / wall:.0f} per wall-second), batch size {args.batch_size}")
    if args.batch_size > 1:
        batched = model.probabilities(items)
        alone = OnnxToneModel(threads=args.threads).probabilities(items)
        flips = int((batched.argmax(axis=1) != alone.argmax(axis=1)).sum())
        print(f"batched vs one-row: max |p difference| {abs(batched - alone).max():.2e}, {flips} labels differ")


if __name__ == "__main__":
    main()
