"""The shipped tone model: a fine-tuned all-MiniLM-L6-v2, exported to quantized ONNX.

Input to the model is a window of at most ``max_len`` word pieces around one target
mention, with the mention wrapped in two marker tokens (``[unused0]`` ... ``[unused1]``,
ids that exist in the BERT vocabulary and that pre-training never used, so no embedding
matrix had to grow). The head reads the hidden state at the opening marker together with
the mean of all tokens, and predicts negative / neutral / positive. Inference needs only
onnxruntime, tokenizers and numpy; training (``tone/train.py``) needs torch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..models import Polarity, ToneScore
from .calibration import softmax
from .newsmtsc import LABELS

# The shipped model: six-layer MiniLM distilled from a twelve-layer teacher (`train tone`).
MODEL_FILE = "tone-minilm.v2.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "tone-minilm.v2.json"  # meta_file(MODEL_FILE)
# MiniLM fine-tuned on NewsMTSC alone (`train tone-finetune`): shipped until v2, now the recipe that
# tone-student distils from and the baseline of fold comparisons.
FINETUNE_FILE = "tone-minilm.v1.onnx"

DEFAULT_MAX_LEN = 96

Span = tuple[str, int, int]  # text, target start, target end (character offsets into text)


@dataclass(frozen=True, slots=True)
class Specials:
    """The token ids a window is built from: its start and end, padding, and the two markers
    around the target. MiniLM's (BERT's) vocabulary gives ``[CLS]``, ``[SEP]``, ``[PAD]``;
    MPNet's, a teacher's (``tone/teacher.py``), ``<s>``, ``</s>``, ``<pad>``. Both hold the
    unused ``[unused0]`` and ``[unused1]`` that mark the target."""

    cls: int
    sep: int
    pad: int
    open: int
    close: int


BERT = Specials(cls=101, sep=102, pad=0, open=1, close=2)


def specials(tokenizer: Any) -> Specials:
    """The ids of ``tokenizer``'s vocabulary (``BERT`` for the shipped model's)."""

    def first(*tokens: str) -> int:
        for token in tokens:
            found = tokenizer.token_to_id(token)
            if found is not None:
                return int(found)
        raise ModelError(f"The tone tokenizer has none of {', '.join(tokens)}.")

    return Specials(cls=first("<s>", "[CLS]"), sep=first("</s>", "[SEP]"), pad=first("<pad>", "[PAD]"),
                    open=first("[unused0]"), close=first("[unused1]"))


def model_dir() -> Path:
    """The packaged directory that holds the tone model files."""
    return Path(str(resources.files("saidwhat").joinpath("data/tone")))


def model_available(directory: Path | None = None, model_file: str = MODEL_FILE) -> bool:
    """Whether the ONNX model (``model_file``) and its tokenizer are present."""
    d = directory or model_dir()
    return (d / model_file).is_file() and (d / TOKENIZER_FILE).is_file()


def meta_file(model_file: str) -> str:
    """The settings file that goes with an ONNX model file (``META_FILE`` for the shipped one)."""
    return model_file.removesuffix(".onnx") + ".json"


def load_tokenizer(path: Path) -> Any:
    """A ``tokenizers.Tokenizer`` without padding or truncation (windows are cut by hand)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


@dataclass(frozen=True, slots=True)
class Encoded:
    """Model inputs for a batch of (text, target) pairs, padded to the longest row."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    marker_pos: np.ndarray


def encode_window(
    ids: Sequence[int], offsets: Sequence[tuple[int, int]], start: int, end: int, max_len: int,
    special: Specials = BERT,
) -> tuple[list[int], int]:
    """Cut a window of word pieces around the target and wrap the target in markers.

    Args:
        ids: word-piece ids of the whole text (no special tokens).
        offsets: character offsets of each word piece.
        start: target start (character offset).
        end: target end (character offset).
        max_len: longest sequence, special tokens and markers included.
        special: the vocabulary's special ids.

    Returns:
        The ids ``[CLS] left [unused0] target [unused1] right [SEP]`` and the position of
        the opening marker.
    """
    n = len(ids)
    first = next((i for i, (s, e) in enumerate(offsets) if e > start), n)
    last = first
    while last < n and offsets[last][0] < end:
        last += 1
    budget = max_len - 4
    last = min(last, first + max(budget // 2, 1))
    room = budget - (last - first)
    left = min(first, room // 2)
    right = min(n - last, room - left)
    left = min(first, room - right)  # give unused room on the right back to the left
    window = (
        [special.cls]
        + list(ids[first - left : first])
        + [special.open]
        + list(ids[first:last])
        + [special.close]
        + list(ids[last : last + right])
        + [special.sep]
    )
    return window, 1 + left


def encode(tokenizer: Any, items: Sequence[Span], max_len: int = DEFAULT_MAX_LEN) -> list[tuple[list[int], int]]:
    """Encode (text, start, end) items with ``tokenizer``'s special ids; each distinct text is
    tokenized once."""
    special = specials(tokenizer)
    texts = list(dict.fromkeys(text for text, _, _ in items))
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
    by_text = {t: (e.ids, e.offsets) for t, e in zip(texts, encodings)}
    out = []
    for text, start, end in items:
        ids, offsets = by_text[text]
        out.append(encode_window(ids, offsets, start, end, max_len, special))
    return out


def pad(rows: Sequence[tuple[list[int], int]], pad_id: int = BERT.pad) -> Encoded:
    """Pad encoded rows to the longest one (with the vocabulary's padding id)."""
    width = max(len(ids) for ids, _ in rows)
    input_ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, (ids, _) in enumerate(rows):
        input_ids[i, : len(ids)] = ids
        mask[i, : len(ids)] = 1
    pos = np.array([p for _, p in rows], dtype=np.int64)
    return Encoded(input_ids, mask, pos)


def label_of(probabilities: Sequence[float] | np.ndarray) -> Polarity:
    """The class of (negative, neutral, positive) probabilities: the most probable one."""
    return LABELS[int(np.argmax(probabilities))]


def to_scores(probabilities: np.ndarray) -> list[ToneScore]:
    """Turn (n, 3) class probabilities into tone scores: ``score = p(pos) - p(neg)``."""
    out = []
    for row in probabilities:
        p = tuple(float(x) for x in row)
        out.append(ToneScore(label_of(row), p[2] - p[0], (p[0], p[1], p[2])))
    return out


def open_session(path: Path, threads: int, what: str) -> Any:
    """An onnxruntime CPU session for ``path`` (``what`` names the model in errors).

    One thread per process by default: the pipeline already runs one worker per core, so
    more threads would only contend (and "items per CPU-second" is what we tune).
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"Cannot load {what} {path}: {exc}") from None


class OnnxToneModel:
    """Scores (text, target span) pairs with the shipped quantized ONNX model."""

    name = "onnx"

    def __init__(self, directory: Path | None = None, threads: int = 1, batch_size: int = 1,
                 model_file: str = MODEL_FILE) -> None:
        d = directory or model_dir()
        if not model_available(d, model_file):
            raise ModelError(
                f"Tone model files are missing in {d} ({model_file}, {TOKENIZER_FILE}). "
                "Reinstall saidwhat, or rebuild them with `saidwhat train tone --data DIR --out DIR` (see the README), "
                "or set tone_model = \"vader\"."
            )
        self.session = open_session(d / model_file, threads, "tone model")
        self.tokenizer = load_tokenizer(d / TOKENIZER_FILE)
        self.pad_id = specials(self.tokenizer).pad
        meta_path = d / meta_file(model_file)
        self.meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
        self.max_len = int(self.meta.get("max_len", DEFAULT_MAX_LEN))
        # Temperature scaling fitted on held-out train sentences (tone/calibration.py); 1.0
        # (the raw softmax) for a model file that has none.
        self.temperature = float(self.meta.get("calibration", {}).get("temperature", 1.0))
        # One row per run by default: the int8 model quantizes activations dynamically over
        # the whole input tensor, so in a batch a statement's tone would depend on which
        # other statements (and how much padding) share it (batch 32 on NewsMTSC dev: up to
        # 0.44 apart, 22 of 1,570 labels flipped). A resumed or re-partitioned ingest must
        # give identical tones. Batching buys little here: the int8 matrix products are
        # compute-bound (batch 32: 229 vs 203 targets/CPU-s). Batch-independent variants
        # measured (issue 20): float32 weights 89-101 targets/CPU-s; int8 weights with
        # per-block activation quantization (MatMulNBits, 8 bits) 108-120, equal to one-row
        # runs within 2e-7 but half as fast; static int8 (activation scales fixed from train
        # rows) equal within 8e-8 but 1.10x batched, and 1.4-2.2 F1m lower on held-out train
        # rows. A three-layer student batches at 2.2x but loses 3.6 F1m (tone/distil.py).
        self.batch_size = batch_size

    def logits(self, items: Sequence[Span]) -> np.ndarray:
        """Raw (negative, neutral, positive) logits for each item.

        One row per model run by default (``batch_size``): see ``__init__`` on why batching
        the int8 model would make a row's result depend on its batch.
        """
        if not items:
            return np.zeros((0, 3), dtype=np.float32)
        rows = encode(self.tokenizer, items, self.max_len)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
        out = np.zeros((len(rows), 3), dtype=np.float32)
        for lo in range(0, len(order), self.batch_size):
            chunk = order[lo : lo + self.batch_size]
            enc = pad([rows[i] for i in chunk], self.pad_id)
            (logits,) = self.session.run(
                ["logits"],
                {
                    "input_ids": enc.input_ids,
                    "attention_mask": enc.attention_mask,
                    "marker_pos": enc.marker_pos,
                },
            )
            out[chunk] = np.asarray(logits, dtype=np.float32)
        return out

    def probabilities(self, items: Sequence[Span]) -> np.ndarray:
        """Calibrated class probabilities (negative, neutral, positive) for each item:
        ``softmax(logits / temperature)``."""
        return softmax(self.logits(items), self.temperature).astype(np.float32)

    def score(self, items: Sequence[Span]) -> list[ToneScore]:
        """Tone toward each item's target span."""
        return to_scores(self.probabilities(items))


@lru_cache(maxsize=2)
def load_onnx(directory: str | None = None) -> OnnxToneModel:
    """The ONNX tone model, loaded once per process."""
    return OnnxToneModel(Path(directory) if directory else None)
