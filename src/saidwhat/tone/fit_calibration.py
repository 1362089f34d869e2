"""Fit the shipped tone model's temperature on train sentences that a fold model never saw.

Dev must stay for model choice, so the temperature is fitted on train sentences the model
never saw. A fold model, trained on train less every ``k``-th sentence (``saidwhat train
tone --holdout k``, whose student is the shipped model itself), scores that held-out
share; the temperature that calibrates the fold model there is written into the model's
metadata (for a model trained on all of train with the same recipe: same data size within
1/k, so the same over-confidence).
The held-out share's ECE is reported before and after, for the fold model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from .calibration import ECE_BINS, expected_calibration_error, fit_temperature, nll, softmax
from .model import MODEL_FILE, OnnxToneModel, meta_file, model_available
from .newsmtsc import LABELS, read_newsmtsc


def calibrate_tone(data: str | Path, fold: str | Path, out: str | Path, holdout: int = 5,
                   log: Callable[[str], None] = print, model_file: str = MODEL_FILE) -> dict[str, Any]:
    """Fit the temperature on the held-out train share and store it with the model in ``out``.

    Args:
        data: the NewsMTSC directory (its ``train.jsonl``).
        fold: a fold model directory, trained with ``holdout``.
        out: the model directory whose metadata gets the ``calibration`` entry.
        holdout: the fold's k (train lines 1, k + 1, ... were left out).
        log: progress sink.
        model_file: the models' ONNX file in ``fold`` and ``out`` (its metadata file beside it).

    Returns:
        The ``calibration`` entry: temperature, held-out size, NLL and ECE before and after.

    Raises:
        InputError: a directory lacks its files, or the fold model was trained with another
            holdout.
    """
    fold, out = Path(fold), Path(out)
    meta_name = meta_file(model_file)
    for d in (fold, out):
        if not model_available(d, model_file) or not (d / meta_name).is_file():
            raise InputError(f"No tone model in {d} ({meta_name} and the ONNX file). Pass a trained model directory.")
    fold_train = json.loads((fold / meta_name).read_text("utf-8")).get("train", {})
    fold_holdout = fold_train.get("holdout", 0)
    if fold_holdout != holdout:
        raise InputError(
            f"The fold model in {fold} was trained with holdout {fold_holdout}, not {holdout}. "
            f"Train it with `saidwhat train tone --holdout {holdout} --out {fold}`."
        )
    held = read_newsmtsc(Path(data) / "train.jsonl", every=holdout, heldout=True)
    labels = [LABELS.index(e.polarity) for e in held]
    logits = OnnxToneModel(fold, model_file=model_file).logits([(e.text, e.start, e.end) for e in held])
    temperature = fit_temperature(logits, labels)
    entry = {
        "temperature": temperature,
        "method": f"temperature scaling; NLL minimised on train lines 1, {holdout + 1}, {2 * holdout + 1}, ... "
                  f"({len(held)} targets) scored by a fold model trained on the other train lines",
        "heldout_targets": len(held),
        "fold_model": {k: v for k, v in fold_train.items() if k not in ("history", "schedule")},
        "nll_before": round(nll(logits, labels), 4),
        "nll_after": round(nll(logits, labels, temperature), 4),
        f"ece{ECE_BINS}_before": round(100 * expected_calibration_error(softmax(logits), labels), 2),
        f"ece{ECE_BINS}_after": round(100 * expected_calibration_error(softmax(logits, temperature), labels), 2),
    }
    meta = json.loads((out / meta_name).read_text("utf-8"))
    meta["calibration"] = entry
    (out / meta_name).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    log(f"calibration: {json.dumps(entry)}")
    return entry
