"""The span tagger: MiniLM fine-tuned on PolNeAR train to mark cue, source and content pieces.

An article is tokenized once into word pieces (a line break becomes a piece of its own)
and cut into back-to-back windows of ``max_len`` pieces (``[CLS] ... [SEP]``), the last
one aligned to the end of the text, exactly as in training. The network gives each piece
six independent probabilities (``HEADS``): inside a cue / source / content and the first
piece of one. Where the last window overlaps the one before, a piece keeps the window in
which it lies nearer the middle. (Windows overlapping by half would give every piece more
context but double the CPU time of the stage, which is already the largest part of it.) Windows run one per call (the int8 model quantizes activations over the whole
input tensor, so a batch would make a piece's probability depend on its batch mates);
the results are the same however articles are grouped.

Inference needs onnxruntime, tokenizers and numpy; training is in ``tagger_train.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..tone.model import BERT, load_tokenizer, open_session

MODEL_FILE = "tagger-minilm.v2.onnx"
META_FILE = "tagger-minilm.v2.json"
TOKENIZER_FILE = "tokenizer.json"  # shared with the tone model (same MiniLM vocabulary)
HEADS = ("cue", "source", "content", "cue_begin", "source_begin", "content_begin")
ROLES = HEADS[:3]
DEFAULT_MAX_LEN = 128
BREAK_ID = 3  # [unused2]: stands for a line break, which the word-piece tokenizer drops

Ranges = tuple[tuple[int, int], ...]


def model_dir() -> Path:
    """The packaged directory that holds the tagger."""
    return Path(str(resources.files("saidwhat").joinpath("data/attribution")))


def tokenizer_path() -> Path:
    """The MiniLM word-piece tokenizer (shipped once, with the tone model)."""
    return Path(str(resources.files("saidwhat").joinpath("data/tone"))) / TOKENIZER_FILE


def window_starts(n: int, width: int) -> list[int]:
    """First piece of each window over ``n`` pieces: back to back, ``width`` pieces wide,
    the last one ending at the last piece."""
    starts = list(range(0, max(n - width, 0) + 1, width))
    if starts[-1] + width < n:
        starts.append(n - width)
    return starts


def owner_windows(n: int, width: int, starts: list[int]) -> np.ndarray:
    """For each piece, the window (index into ``starts``) holding it whose middle is nearest."""
    first = np.array(starts)[None, :]
    pos = np.arange(n)[:, None]
    distance = np.abs(pos - (first + width / 2)).astype(float)
    distance[(pos < first) | (pos >= first + width)] = np.inf
    return distance.argmin(axis=1) if n else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class PieceProbs:
    """Per-piece tagger probabilities of one text.

    ``offsets`` is an (n, 2) array of character ranges, ``probs`` (n, len(HEADS)).
    """

    offsets: np.ndarray
    probs: np.ndarray

    def pieces(self, ranges: Ranges | None) -> np.ndarray:
        """Indices of the pieces that overlap ``ranges``."""
        if not ranges or not len(self.offsets):
            return np.zeros(0, dtype=np.int64)
        # pieces come in text order, so their starts and ends are both sorted
        starts, ends = self.offsets[:, 0], self.offsets[:, 1]
        found = [np.arange(np.searchsorted(ends, a, side="right"), np.searchsorted(starts, b, side="left"))
                 for a, b in ranges]
        return np.unique(np.concatenate(found)) if len(found) > 1 else found[0]

    def mean(self, ranges: Ranges | None, head: str) -> float:
        """Mean probability of ``head`` over the pieces in ``ranges`` (0.0 when none)."""
        idx = self.pieces(ranges)
        return float(self.probs[idx, HEADS.index(head)].mean()) if len(idx) else 0.0

    def piece_at(self, char: int) -> int:
        """Index of the first piece ending after ``char`` (``n`` when none)."""
        return int(np.searchsorted(self.offsets[:, 1], char, side="right")) if len(self.offsets) else 0


def encode_text(tokenizer: Any, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Word-piece ids and character offsets of ``text``, with a ``BREAK_ID`` piece for each
    run of line breaks between two pieces (paragraph ends tell where a quote may go on)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids: list[int] = []
    offsets: list[tuple[int, int]] = []
    prev_end = 0
    for i, (a, b) in zip(enc.ids, enc.offsets):
        gap = text.find("\n", prev_end, a)
        if gap >= 0 and ids:
            ids.append(BREAK_ID)
            offsets.append((gap, gap + 1))
        ids.append(i)
        offsets.append((a, b))
        prev_end = b
    return ids, offsets


class OnnxTagger:
    """Runs the shipped quantized tagger over whole texts."""

    def __init__(self, directory: Path | None = None, threads: int = 1) -> None:
        d = directory or model_dir()
        path = d / MODEL_FILE
        if not path.is_file():
            raise ModelError(
                f"Attribution tagger {path} is missing. Reinstall saidwhat or run "
                "`saidwhat train tagger --data DIR`."
            )
        self.session = open_session(path, threads, "attribution tagger")
        self.tokenizer = load_tokenizer(tokenizer_path())
        meta_path = d / META_FILE
        self.meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
        self.max_len = int(self.meta.get("max_len", DEFAULT_MAX_LEN))

    def logits(self, ids: list[int]) -> np.ndarray:
        """Logits (len(ids), len(HEADS)) of one window's pieces (no special tokens)."""
        row = np.array([[BERT.cls, *ids, BERT.sep]], dtype=np.int64)
        (out,) = self.session.run(["logits"], {"input_ids": row, "attention_mask": np.ones_like(row)})
        return np.asarray(out, dtype=np.float32)[0, 1:-1]

    def __call__(self, text: str) -> PieceProbs:
        """Probabilities for every word piece of ``text``."""
        ids, offsets = encode_text(self.tokenizer, text)
        return tag_pieces(ids, offsets, self.max_len - 2, self.logits)


def tag_pieces(ids: list[int], offsets: list[tuple[int, int]], width: int, run: Any) -> PieceProbs:
    """Run ``run(window_ids) -> logits`` over windows and keep each piece's central window."""
    n = len(ids)
    offs = np.array(offsets, dtype=np.int64).reshape(n, 2)
    if not n:
        return PieceProbs(offs, np.zeros((0, len(HEADS)), dtype=np.float32))
    starts = window_starts(n, width)
    owner = owner_windows(n, width, starts)
    probs = np.zeros((n, len(HEADS)), dtype=np.float32)
    for k, s in enumerate(starts):
        mine = np.flatnonzero(owner == k)
        if not len(mine):
            continue
        logits = run(list(ids[s : s + width]))
        probs[mine] = 1.0 / (1.0 + np.exp(-logits[mine - s]))
    return PieceProbs(offs, probs)


@lru_cache(maxsize=2)
def load_tagger(directory: str | None = None) -> OnnxTagger:
    """The ONNX tagger, loaded once per process."""
    return OnnxTagger(Path(directory) if directory else None)


def tagger_available(directory: Path | None = None) -> bool:
    """Whether the tagger file is present."""
    return ((directory or model_dir()) / MODEL_FILE).is_file()
