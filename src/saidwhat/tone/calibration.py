"""Temperature scaling of the tone model's class probabilities, and how calibrated they are.

The fine-tuned model's softmax is not a probability one can average or weigh by: label
smoothing and class weights in training bend it. One temperature ``T`` divides the logits
(``softmax(logits / T)``); it leaves every argmax, and so every label and F1, unchanged. It
is fitted by minimising the negative log-likelihood on NewsMTSC train sentences that the
fitted model never saw (a held-out share of train, never dev), and reported with the
expected calibration error (ECE) before and after.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ECE_BINS = 15
T_RANGE = (0.05, 20.0)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nll(logits: np.ndarray, labels: Sequence[int], temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of the true labels."""
    p = softmax(logits, temperature)
    rows = np.arange(len(labels))
    return float(-np.mean(np.log(np.clip(p[rows, np.asarray(labels)], 1e-12, None))))


def fit_temperature(logits: np.ndarray, labels: Sequence[int]) -> float:
    """The temperature that minimises the NLL of ``labels`` (golden-section search on log T).

    Args:
        logits: (n, classes) raw model outputs.
        labels: the true class index of each row.

    Returns:
        T in ``T_RANGE``, rounded to 4 decimals.
    """
    lo, hi = np.log(T_RANGE[0]), np.log(T_RANGE[1])
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = nll(logits, labels, float(np.exp(a))), nll(logits, labels, float(np.exp(b)))
    for _ in range(80):  # the NLL is convex in 1/T; 80 steps shrink the bracket below 1e-15
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = nll(logits, labels, float(np.exp(a)))
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = nll(logits, labels, float(np.exp(b)))
    return round(float(np.exp((lo + hi) / 2.0)), 4)


def expected_calibration_error(probabilities: np.ndarray, labels: Sequence[int], bins: int = ECE_BINS) -> float:
    """ECE of the top-class confidence: the share-weighted mean |accuracy - confidence| over
    equal-width confidence bins.

    Args:
        probabilities: (n, classes) class probabilities.
        labels: the true class index of each row.
        bins: how many bins split [0, 1].

    Returns:
        The ECE in [0, 1].
    """
    p = np.asarray(probabilities, dtype=np.float64)
    confidence = p.max(axis=1)
    correct = (p.argmax(axis=1) == np.asarray(labels)).astype(np.float64)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)
