"""Tone stage: the tone of each statement toward each of its targets.

For every attribution, :func:`score` finds the targets (entities and lexicon topics inside
the content, ``targets.py``), scores the tone toward each mention in one batched model call
for the whole batch, averages the mentions of one target, and sets the statement's
overall tone and its venue. The scorer is the shipped ONNX model (``model.py``), or VADER
when the model files are missing or ``tone_model = "vader"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from ..config import Settings
from ..errors import ConfigError
from ..models import Attribution, Parsed, Target, ToneScore
from .model import Span, label_of, load_onnx, model_available, to_scores
from .index import PositionIndex
from .targets import MAX_MENTIONS, Mention, find_mentions, group_mentions
from .time import date_statement, sentences_of
from .worth import is_tone_statement
from .venue import find_venue

SCORERS = ("auto", "onnx", "vader")


class ToneScorer(Protocol):
    """Anything that gives (negative, neutral, positive) probabilities for target spans."""

    name: str

    def probabilities(self, items: Sequence[Span]) -> np.ndarray: ...


class VaderScorer:
    """The fallback: VADER's compound score on the sentence around the target.

    VADER is not target-aware, so every target in a sentence gets the sentence's tone. The
    thresholds (+-0.3) keep mildly worded news sentences neutral.
    """

    name = "vader"

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()

    def probabilities(self, items: Sequence[Span]) -> np.ndarray:
        out = np.zeros((len(items), 3), dtype=np.float32)
        for i, (text, start, end) in enumerate(items):
            lo = max(text.rfind(".", 0, start) + 1, 0)
            hi = text.find(".", end)
            value = float(self.analyzer.polarity_scores(text[lo : hi + 1 if hi >= 0 else None])["compound"])
            # A probability-like vector whose p(pos) - p(neg) equals the compound score.
            if value >= 0.3 or value <= -0.3:
                side = 2 if value > 0 else 0
                out[i, side] = abs(value)
                out[i, 1] = 1 - abs(value)
            else:
                out[i, 1] = 1 - abs(value)
                out[i, 2 if value > 0 else 0] = abs(value)
        return out


@lru_cache(maxsize=1)
def _vader() -> VaderScorer:
    return VaderScorer()


def get_scorer(settings: Settings) -> Any:
    """The scorer that ``settings.tone_model`` selects ("auto" prefers the ONNX model).

    Raises:
        ConfigError: an unknown ``tone_model`` value.
        ModelError: ``tone_model = "onnx"`` but the model files are missing or broken.
    """
    choice = settings.tone_model.strip().lower()
    if choice not in SCORERS:
        raise ConfigError(
            f"Setting tone_model is {settings.tone_model!r}; use auto, onnx or vader."
        )
    if choice == "vader" or (choice == "auto" and not model_available()):
        return _vader()
    return load_onnx()


def scorer_name(settings: Settings) -> str:
    """Which scorer a run with these settings uses: ``"onnx"`` or ``"vader"``."""
    choice = settings.tone_model.strip().lower()
    if choice == "auto":
        return "onnx" if model_available() else "vader"
    return choice


def _content(text: str, att: Attribution) -> tuple[str, list[tuple[int, int]]]:
    """The content as one string, and where each content range starts in it."""
    parts, starts, offset = [], [], 0
    for s, e in att.content:
        starts.append((s, offset))
        parts.append(text[s:e])
        offset += e - s + 1
    return " ".join(parts), starts


def _local(starts: list[tuple[int, int]], pos: int) -> int:
    base, local = starts[0]
    for s, off in starts:
        if s <= pos:
            base, local = s, off
    return local + pos - base


def _rounded(p: np.ndarray) -> tuple[float, float, float]:
    return (round(float(p[0]), 4), round(float(p[1]), 4), round(float(p[2]), 4))


def score(batch: Sequence[Parsed], settings: Settings) -> list[Parsed]:
    """Score the tone of every attribution in a batch of parsed articles.

    Args:
        batch: parsed articles with attributions.
        settings: ``tone_model`` selects the scorer.

    Returns:
        The records with ``targets`` (each with tone and polarity), the statement's
        ``tone`` and ``polarity``, ``venue``, and ``said_on`` with its basis (when it was
        said, ``time.py``) set on each attribution.
    """
    scorer = get_scorer(settings)
    items: list[Span] = []
    # Per attribution: [(target key, row indices)], and the row of the whole-content pass.
    plan: list[list[tuple[tuple[str, str], list[Mention], list[int]]]] = []
    whole: list[int | None] = []
    indexes = [PositionIndex.of(parsed) for parsed in batch]
    for parsed, index in zip(batch, indexes):
        text = parsed.article.text
        for att in parsed.attributions:
            if not is_tone_statement(text, att):
                plan.append([])
                whole.append(None)
                continue
            content, starts = _content(text, att)
            groups = group_mentions(find_mentions(parsed, att, index=index))
            entries = []
            for key, mentions in groups.items():
                rows = []
                for m in mentions[:MAX_MENTIONS]:
                    rows.append(len(items))
                    lo, hi = m.mark
                    items.append((content, _local(starts, lo), _local(starts, hi)))
                entries.append((key, mentions, rows))
            plan.append(entries)
            if entries:
                whole.append(None)
            else:
                # No target: mark the whole content, so the statement still gets a tone.
                whole.append(len(items))
                items.append((content, 0, len(content)))
    probs = scorer.probabilities(items) if items else np.zeros((0, 3), dtype=np.float32)
    out: list[Parsed] = []
    k = 0
    for parsed, index in zip(batch, indexes):
        atts = []
        # split once per article: each statement's date is read from its cue's sentence
        sentences = sentences_of(parsed.article.text) if parsed.attributions else []
        for att in parsed.attributions:
            entries, row = plan[k], whole[k]
            k += 1
            said = date_statement(parsed.article.text, att.cue, att.content, parsed.article.published, sentences)
            if said:
                att = replace(att, said_on=said.said_on, said_on_basis=said.basis)
            if not is_tone_statement(parsed.article.text, att):
                # Still an attribution, dated and placed, but not a tone statement (worth.py).
                atts.append(replace(att, venue=att.venue or find_venue(parsed, att)) if att.content else att)
                continue
            targets = []
            mean_parts = []
            for (name, type_), mentions, rows in entries:
                p = probs[rows].mean(axis=0)
                mean_parts.append(p)
                tone = ToneScore(label_of(p), float(p[2] - p[0]))
                targets.append(
                    Target(name, type_, round(tone.score, 4), tone.polarity, mentions[0].start, mentions[0].end,
                           _rounded(p) if scorer.name == "onnx" else None)
                )
            overall = np.mean(mean_parts, axis=0) if mean_parts else probs[row]
            (verdict,) = to_scores(overall[None, :])
            atts.append(
                replace(
                    att,
                    targets=tuple(targets),
                    tone=round(verdict.score, 4),
                    polarity=verdict.polarity,
                    venue=att.venue or find_venue(parsed, att, index),
                )
            )
        out.append(replace(parsed, attributions=tuple(atts)))
    return out


__all__ = ["score", "get_scorer", "scorer_name", "VaderScorer"]
