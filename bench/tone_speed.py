"""Tone inference speed: targets per CPU-second of the shipped ONNX model (issue 8: >= 150;
issue 20 asks for 2x).

Scores every target of NewsMTSC dev-rw + dev-mt (``../shared``), or the tests' tiny file
repeated when ``../shared`` is absent, in one process with one thread, and divides by the
process's CPU time (so other jobs on the machine do not count).

    .venv/bin/python bench/tone_speed.py [--repeat 3] [--batch-size 32] [--candidate DIR]

With ``--batch-size N`` it also reports how far the batched probabilities are from one-row
runs (the shipped model runs one row per call because int8 dynamic quantization makes a
row's result depend on its batch; see tone/model.py). ``--candidate DIR`` times another
model file (``--candidate-file``, default the student of ``saidwhat train tone-student``) at
``--batch-size``, alternating pass by pass with the shipped model at one row per run, so both
see the same machine load, and reports its batched-vs-one-row difference.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from saidwhat.tone.model import OnnxToneModel
from saidwhat.tone.newsmtsc import read_newsmtsc

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "data" / "newsmtsc"
TINY = REPO / "tests" / "tone" / "data" / "tiny_newsmtsc.jsonl"


def rate(model: OnnxToneModel, items: list[tuple[str, int, int]]) -> float:
    """Targets per CPU-second of one pass over ``items``."""
    cpu0 = time.process_time()
    model.probabilities(items)
    return len(items) / (time.process_time() - cpu0)


def off_one_row(model: OnnxToneModel, items: list[tuple[str, int, int]]) -> str:
    """How far the model's batched probabilities are from its one-row runs."""
    batched = model.probabilities(items)
    batch_size, model.batch_size = model.batch_size, 1
    alone = model.probabilities(items)
    model.batch_size = batch_size
    flips = int((batched.argmax(axis=1) != alone.argmax(axis=1)).sum())
    return f"batched vs one-row: max |p difference| {np.abs(batched - alone).max():.2e}, {flips} labels differ"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the data")
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    parser.add_argument("--batch-size", type=int, default=1, help="rows per model run")
    parser.add_argument("--candidate", type=Path, help="a model directory to time against the shipped model")
    parser.add_argument("--candidate-file", default="tone-student.v1.onnx", help="the candidate's ONNX file")
    args = parser.parse_args()
    if DEV.is_dir():
        examples = read_newsmtsc(DEV / "dev-rw.jsonl") + read_newsmtsc(DEV / "dev-mt.jsonl")
        source = "NewsMTSC dev-rw + dev-mt"
    else:
        examples = read_newsmtsc(TINY) * 100
        source = "tests/tone/data/tiny_newsmtsc.jsonl x 100"
    items = [(e.text, e.start, e.end) for e in examples]
    if args.candidate:
        models = {
            "shipped": OnnxToneModel(threads=args.threads),
            "candidate": OnnxToneModel(args.candidate, threads=args.threads, batch_size=args.batch_size,
                                       model_file=args.candidate_file),
        }
    else:
        models = {"shipped": OnnxToneModel(threads=args.threads, batch_size=args.batch_size)}
    for model in models.values():
        model.probabilities(items[:64])  # warm-up
    rates: dict[str, list[float]] = {name: [] for name in models}
    for _ in range(args.repeat):
        for name, model in models.items():
            rates[name].append(rate(model, items))
    print(f"{source}: {len(items)} targets x {args.repeat} passes, threads {args.threads}")
    for name, values in rates.items():
        print(f"{name}: {max(values):.0f} targets per CPU-second (best pass; all: "
              f"{', '.join(f'{v:.0f}' for v in values)}), batch size {models[name].batch_size}")
    if args.candidate:
        print(f"candidate / shipped: {max(rates['candidate']) / max(rates['shipped']):.2f}x (best passes)")
    last = models["candidate" if args.candidate else "shipped"]
    if last.batch_size > 1:
        print(off_one_row(last, items))


if __name__ == "__main__":
    main()
