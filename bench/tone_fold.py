"""Tone model F1m on the held-out share of NewsMTSC train (issue 20's cross-validation).

A fold model (``saidwhat train tone`` / ``tone-finetune --holdout 5`` or ``saidwhat train tone-student --holdout 5``
with a fold teacher) never saw train lines 1, 6, 11, ...; this scores those 1,745 targets, so
candidates are compared without looking at dev. Prints macro F1, and with ``--batch-size N``
also how far the batched probabilities are from one-row runs.

    .venv/bin/python bench/tone_fold.py FOLD_DIR [--model-file tone-student.v1.onnx] [--batch-size 16]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from saidwhat.tone.model import MODEL_FILE, OnnxToneModel
from saidwhat.tone.newsmtsc import LABELS, evaluate_labels, read_newsmtsc

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc" / "train.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("fold", type=Path, help="a fold model directory")
    parser.add_argument("--model-file", default=MODEL_FILE, help="its ONNX file")
    parser.add_argument("--holdout", type=int, default=5, help="the fold's k")
    parser.add_argument("--batch-size", type=int, default=1, help="rows per model run")
    parser.add_argument("--train", type=Path, default=TRAIN, help="NewsMTSC train.jsonl")
    args = parser.parse_args()
    held = read_newsmtsc(args.train, every=args.holdout, heldout=True)
    items = [(e.text, e.start, e.end) for e in held]
    model = OnnxToneModel(args.fold, batch_size=args.batch_size, model_file=args.model_file)
    probs = model.probabilities(items)
    scores = evaluate_labels([e.polarity for e in held], [LABELS[int(i)] for i in probs.argmax(axis=1)])
    print(f"{args.fold / args.model_file}: {scores.n} held-out targets, F1m {100 * scores.f1_macro:.2f}, "
          f"accuracy {100 * scores.accuracy:.2f}, batch size {args.batch_size}")
    if args.batch_size > 1:
        model.batch_size = 1
        alone = model.probabilities(items)
        print(f"batched vs one-row: max |p difference| {np.abs(probs - alone).max():.2e}")


if __name__ == "__main__":
    main()
