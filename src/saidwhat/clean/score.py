"""The article-extraction benchmark's body metric: word 4-gram shingle F1.

Per page, true and predicted bodies become multisets of 4-word shingles (``\\w+`` tokens,
case kept; a text shorter than four words is one short shingle). tp / fp / fn are the
multiset overlap and excesses, normalised by their sum so every page weighs the same.
Precision and recall are averaged over pages (a page where both sides are empty, or
identical, scores 1), and F1 is the harmonic mean of those two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from statistics import fmean

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def shingle_counts(text: str | None, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams of ``text``."""
    words = _TOKEN.findall(text or "")
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def page_counts(true: str | None, pred: str | None, n: int = NGRAM) -> tuple[float, float, float]:
    """Normalised ``(tp, fp, fn)`` of one page."""
    t, p = shingle_counts(true, n), shingle_counts(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if not total:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def _ratio(tp: float, other: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and other == 0:
        return 0.0
    return tp / (tp + other)


def body_f1(truth: Mapping[str, str], pred: Mapping[str, str | None], n: int = NGRAM) -> dict[str, float]:
    """Macro precision, recall and their F1 over the pages of ``truth``.

    Args:
        truth: page id -> true article body.
        pred: page id -> predicted body; a missing page counts as an empty prediction.
        n: shingle size (4 in the benchmark).

    Returns:
        ``{"f1", "precision", "recall", "pages"}``.
    """
    counts = [page_counts(truth[k], pred.get(k), n) for k in sorted(truth)]
    precisions = [_ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    p = fmean(precisions) if precisions else 0.0
    r = fmean(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f, "precision": p, "recall": r, "pages": float(len(counts))}
