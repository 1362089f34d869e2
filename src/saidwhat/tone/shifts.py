"""Tone shifts: change points in one speaker's tone toward one target, and who moved first.

Statements arrive at sparse, irregular dates, so the series is the sequence of statement
tones in date order (not a calendar grid with empty days). Binary segmentation looks for
one change in a segment, keeps it only when a permutation test says evidence that strong is
rare in shuffled data (p <= alpha), then looks again on each side. The permutation test
controls false alarms whatever the arrival rate or the noise of the tone model: on a
series with no change, the share of false alarms is alpha.

The evidence for "one change somewhere" is the Bayes factor of a two-level against a
one-level series, averaged over where the change may lie (a Gaussian model of the
standardized tone). Averaging over positions, rather than taking the single best split,
is what a change at an unknown place calls for: it gains power when the change is not at
the edge, which is where a change worth reporting lies (bench/shifts.py: 2-3 points of
detection on medium shifts at the same false-alarm rate). The average is weighted by a
Beta(2, 2) prior on the share of the statements that come before the change: a "change"
with a tenth of the statements on one side is less likely a shift of tone than one with a
third, and must show stronger evidence (bench: medium recall +2 points, large +1).

The change is dated where it most likely lies within DATE_WINDOW days: of the splits in
the posterior's peak around the best one, the split whose date has the most posterior
mass within a month of it. With a noisy tone model the posterior over positions is flat
and ragged near the change; the mode follows the noise, and a month's mass is steadier
than either the mode or the median (bench: medium recall +1-2 points, large +1-2).

A change is placed only between two statement dates, with at least two dates on each side:
statements of one day (often one article) come in no meaningful order, and a "before"
that is a single interview is not a period of tone (in the sample corpus, three lines of
one 2025-10-21 article, two of them neutral asides, made the opposition leader "shift" on
elections when the rest of her series never moved).

The tone used is the model's score p(pos) - p(neg), not its hard label: the score keeps
the model's uncertainty, so an unsure "neutral" near "negative" moves the mean less than a
confident "negative". A categorical test on the three labels was tried and dropped: for
the shifts that matter (warm -> cool: negative up, positive down) the mean tone already
carries nearly all the information the label counts do, and the two-degree-of-freedom
test pays for the direction it does not need (bench: medium recall 0.31 -> 0.24).

A change must also move the statements' classes, not only their scores: the share of
statements read negative, neutral or positive differs between the two sides by at least
MIN_CLASS_CHANGE (total variation, weighted as the means are). p(pos) - p(neg) mixes tone
with the model's certainty: a speaker the model reads as hostile month after month, a
little less surely in a run of passing mentions or less emphatic sentences, has a steady
series whose small spread makes that run look like a "significant" warming, although
every statement is still read negative. The permutation test cannot tell the two apart
(it asks whether the order is random, not whether the difference matters); the class
shares can. The synthetic benchmark, whose shifts change the class mix, chose the
threshold (see the constant).

Each statement is weighted by how much it is about its target (``Statement.weight``,
p(negative) + p(positive) of the calibrated model, at least MIN_WEIGHT): a target only
mentioned in a neutral sentence is a noisy reading of the speaker's tone toward it, so
it counts as an observation of low precision in the means, the gains and the Bayes
factors. The permutations move each value with its weight, so the test stays exact; with
all weights 1 (statements without probabilities) the detector is the unweighted one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..config import Settings
from ..models import Shift, Statement
from .timeline import MIN_WEIGHT, statement_date

# Permutation-test level at shift_penalty = 1: the share of steady series with a false
# alarm. Issue 8 allows 5%; 3.5% leaves room for the sampling error of a benchmark run
# (+-0.8 points at 600 series) while spending most of that budget on recall.
ALPHA = 0.035
PERMUTATIONS = 499
PEAK_DROP = 7.0  # log posterior below the best split's that ends its peak (1/1000 of it)
MIN_SEGMENT = 3  # statements on each side of a change point
MIN_DATES = 2  # distinct statement dates on each side of a change point
MIN_FRACTION = 0.1  # ... and at least this share of the segment searched
MIN_EFFECT = 0.1  # smallest before/after difference in mean tone worth reporting
EVIDENCE = 3
DATE_WINDOW = 30  # days: a change is dated where it most likely lies within a month
# the largest of 0.1, 0.2, 0.3 that changes no figure of bench/shifts.py (0.2: medium recall
# -4 to -5 points on the labels conditions)
MIN_CLASS_CHANGE = 0.1
POLARITIES = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class MovedFirst:
    """Who of two speakers shifted first, and by how long."""

    first: str | None  # None when both shifted on the same day
    second: str | None
    days: int
    first_shift: Shift
    second_shift: Shift


def _sides(w: np.ndarray, min_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Total weight left of, right of, and in each row of ``w``, for k = min_size .. n - min_size."""
    n = w.shape[-1]
    k = np.arange(min_size, n - min_size + 1)
    cw = np.cumsum(w, axis=-1)
    total = cw[..., -1:]
    left = cw[..., k - 1]
    return left, total - left, total


def _gains(x: np.ndarray, min_size: int, w: np.ndarray | None = None) -> np.ndarray:
    """Weighted squared-error reduction of splitting each row of ``x`` before index k, for every k.

    Returns an array (rows, n + 1 - 2 * min_size) for k = min_size .. n - min_size.
    """
    w = np.ones_like(x) if w is None else w
    w_l, w_r, w_all = _sides(w, min_size)
    s_l, s_r, _ = _sides(w * x, min_size)
    return (s_l / w_l - s_r / w_r) ** 2 * w_l * w_r / w_all


def _log_weights(gains: np.ndarray, n: int, min_size: int, variance: float = 1.0,
                 w: np.ndarray | None = None) -> np.ndarray:
    """Log Bayes factor of a change before each k against no change, for unit-variance data.

    With flat priors on the two levels, a split at k gains ``exp(gain / 2 variance)`` in
    likelihood and pays ``sqrt(W / (W_left W_right))`` for its extra level (W: total
    weight, the weights scaled to sum to n; unweighted, ``sqrt(n / (k (n - k)))``).
    """
    w_l, w_r, w_all = _sides(np.ones(n) if w is None else w, min_size)
    return gains / (2.0 * variance) - 0.5 * np.log(w_l * w_r / w_all)


def _log_prior(n: int, min_size: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Log prior of a change before each k = min_size .. n - min_size: Beta(2, 2) on k / n,
    normalized over the allowed positions (-inf elsewhere)."""
    k = np.arange(min_size, n - min_size + 1)
    prior = k * (n - k) / float(n * n)
    if allowed is not None:
        prior = np.where(allowed, prior, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(prior / prior.sum())


def _log_evidence(log_w: np.ndarray, log_prior: np.ndarray) -> np.ndarray:
    """Log of the Bayes factor of "one change somewhere": the per-position factors (last
    axis) weighted by the prior over positions, summed stably."""
    log_w = log_w + log_prior
    top = log_w.max(axis=-1, keepdims=True)
    return (top + np.log(np.exp(log_w - top).sum(axis=-1, keepdims=True)))[..., 0]


def _dated(log_post: np.ndarray, best: int, when: np.ndarray) -> int:
    """The split in the peak around ``best`` whose date has the most posterior mass within
    DATE_WINDOW days of it.

    A segment with two changes has two peaks; a window over both could fall between them,
    on no change at all, so only the peak that holds the best split counts. The peak ends
    where the log posterior drops PEAK_DROP below the best (positions ruled out, at -inf
    between two statements of one day, neither end a peak nor weigh).
    """
    low = (log_post < log_post[best] - PEAK_DROP) & np.isfinite(log_post)
    lo = int(np.flatnonzero(low[:best])[-1]) + 1 if low[:best].any() else 0
    hi = best + int(np.argmax(low[best:])) if low[best:].any() else len(log_post)
    posterior = np.exp(log_post[lo:hi] - log_post[best])
    days = when[lo:hi]
    cumulative = np.concatenate([[0.0], np.cumsum(posterior)])
    start = np.searchsorted(days, days - DATE_WINDOW, "left")
    end = np.searchsorted(days, days + DATE_WINDOW, "right")
    mass = np.where(posterior > 0, cumulative[end] - cumulative[start], -1.0)
    # A sharp peak gives a plateau of equal mass around it: of the splits on the plateau,
    # the most likely one.
    top = np.flatnonzero(mass >= mass.max() * (1.0 - 1e-9))
    return lo + int(top[np.argmax(posterior[top])])


def best_split(x: np.ndarray, min_size: int, rng: np.random.Generator,
               permutations: int = PERMUTATIONS, allowed: np.ndarray | None = None,
               days: np.ndarray | None = None, weights: np.ndarray | None = None) -> tuple[int, float]:
    """The most likely single change point of ``x`` and the permutation p-value of a change.

    Args:
        x: the series.
        min_size: the fewest points on each side.
        rng: random source of the permutations.
        permutations: how many.
        allowed: for k = min_size .. n - min_size, whether a change may lie before x[k]
            (None: everywhere; at least one must be True). The permutations shuffle the
            values over the same positions, so the test stays exact.
        days: each value's day number, for dating the change (None: its index).
        weights: each value's weight (None: all 1); scaled here to sum to n.

    Returns:
        (k, p): the change is between ``x[k - 1]`` and ``x[k]``.
    """
    n = len(x)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64) * (n / float(np.sum(weights)))
    if weights is None:
        z = (x - x.mean()) / x.std()  # the permutations share the mean and sd: the test stays exact
    else:
        centred = x - float(np.sum(w * x)) / n
        z = centred / np.sqrt(float(np.sum(w * centred**2)) / n)
    gains = _gains(z, min_size, w)
    log_prior = _log_prior(n, min_size, allowed)
    observed = float(_log_evidence(_log_weights(gains, n, min_size, w=w), log_prior))
    # Each value moves with its weight (drawn as index permutations: the same draws as
    # permuting the values themselves).
    order = np.stack([rng.permutation(n) for _ in range(permutations)])
    null = _log_evidence(_log_weights(_gains(z[order], min_size, w[order]), n, min_size, w=w[order]), log_prior)
    p = (1 + int(np.sum(null >= observed - 1e-9))) / (permutations + 1)
    # Place the change with the noise measured around the two levels of the best split
    # (not around the overall mean, which a real change inflates).
    best_gain = float(gains[allowed].max()) if allowed is not None else float(gains.max())
    variance = max((n - best_gain) / max(n - 2, 1), 1e-6)
    log_post = _log_weights(gains, n, min_size, variance, w=w) + log_prior
    when = np.asarray(days if days is not None else np.arange(n))[min_size : n - min_size + 1]
    return _dated(log_post, int(np.argmax(log_post)), when) + min_size, p


def _allowed(days: np.ndarray, size: int) -> np.ndarray | None:
    """Split positions k = size .. n - size that fall between two dates, with MIN_DATES
    distinct dates on each side; None when every position qualifies."""
    n = len(days)
    k = np.arange(size, n - size + 1)
    new_day = days[k] != days[k - 1]
    distinct = np.concatenate([[1], 1 + np.cumsum(days[1:] != days[:-1])])  # dates in days[:i+1]
    before = distinct[k - 1]
    after = distinct[-1] - before + (~new_day).astype(int)
    ok = new_day & (before >= MIN_DATES) & (after >= MIN_DATES)
    return None if ok.all() else ok


def class_change(classes: np.ndarray, k: int, weights: np.ndarray | None) -> float:
    """Total variation between the class shares before and after index ``k`` (classes 0-2,
    each statement counted with its weight)."""
    w = np.ones(len(classes)) if weights is None else weights
    before = np.bincount(classes[:k], weights=w[:k], minlength=3) / float(np.sum(w[:k]))
    after = np.bincount(classes[k:], weights=w[k:], minlength=3) / float(np.sum(w[k:]))
    return 0.5 * float(np.abs(before - after).sum())


def weighted_mean(values: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray | None) -> float:
    """The mean of ``values``, weighted when ``weights`` is given."""
    if weights is None:
        return float(np.mean(values))
    return float(np.average(values, weights=weights))


def change_points(values: Sequence[float], alpha: float, min_size: int = MIN_SEGMENT,
                  seed: int = 0, days: Sequence[int] | None = None,
                  weights: Sequence[float] | None = None, classes: Sequence[int] | None = None,
                  min_change: float = MIN_CLASS_CHANGE) -> list[tuple[int, float]]:
    """Binary segmentation with a permutation test at each step.

    Args:
        values: the series in time order.
        alpha: a split is kept when its permutation p-value is at most this.
        min_size: the fewest points on each side of a change.
        seed: random seed of the permutations (results are deterministic).
        days: each value's date as a day number (None: its index); a change then falls only
            between two dates, with MIN_DATES dates on each side, and is dated where it most
            likely lies within DATE_WINDOW days.
        weights: each value's weight (None: all 1), see the module docstring.
        classes: each value's class, 0-2 (negative, neutral, positive); with them a change
            also needs the class shares to differ by ``min_change`` (None: not checked).
        min_change: the smallest total variation between the two sides' class shares.

    Returns:
        (index, p-value) per change point, sorted by index; a change at k lies between
        ``values[k - 1]`` and ``values[k]``.
    """
    x = np.asarray(values, dtype=np.float64)
    labels = None if classes is None else np.asarray(classes, dtype=np.int64)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    when = np.asarray(days if days is not None else range(len(x)), dtype=np.int64)
    rng = np.random.default_rng(seed)
    found: list[tuple[int, float]] = []
    todo = [(0, len(x))]
    while todo:
        lo, hi = todo.pop()
        if hi - lo < 2 * min_size:
            continue
        segment = x[lo:hi]
        if float(segment.std()) == 0.0:
            continue
        # A shift is a new, lasting tone: a "change" in the last two of 100 statements is
        # more often noise than news, and searching fewer positions makes the test sharper.
        size = max(min_size, int(MIN_FRACTION * len(segment)))
        allowed = _allowed(when[lo:hi], size)
        if allowed is not None and not allowed.any():
            continue
        seg_w = None if w is None else w[lo:hi]
        k, p = best_split(segment, size, rng, allowed=allowed, days=when[lo:hi], weights=seg_w)
        effect = abs(weighted_mean(segment[:k], None if seg_w is None else seg_w[:k])
                     - weighted_mean(segment[k:], None if seg_w is None else seg_w[k:]))
        if (p <= alpha and effect >= MIN_EFFECT
                and (labels is None or class_change(labels[lo:hi], k, seg_w) >= min_change)):
            found.append((lo + k, p))
            todo.extend([(lo, lo + k), (lo + k, hi)])
    return sorted(found)


def _evidence(items: Sequence[Statement], cooler: bool, before: bool) -> tuple[Statement, ...]:
    """The statements nearest the change that show each side's tone most clearly.

    Of the last (before) or first (after) eight statements, keep the three whose tone is
    most typical of that side: the warmest before a cooling shift, the coolest after it.
    """
    near = list(items[-8:] if before else items[:8])
    warm_side = cooler == before
    ranked = sorted(range(len(near)), key=lambda i: near[i].tone, reverse=warm_side)[:EVIDENCE]
    return tuple(near[i] for i in sorted(ranked))


def statement_weights(statements: Sequence[Statement]) -> list[float] | None:
    """Each statement's weight, at least MIN_WEIGHT; None when no statement has probabilities
    (then every statement weighs the same)."""
    if all(s.probabilities is None for s in statements):
        return None
    return [max(s.weight, MIN_WEIGHT) for s in statements]


def series_shifts(statements: Sequence[Statement], settings: Settings,
                  min_change: float = MIN_CLASS_CHANGE) -> list[Shift]:
    """Shifts in one (speaker, target) series.

    Args:
        statements: one speaker's statements about one target.
        settings: ``min_statements`` and ``shift_penalty`` (alpha = ALPHA / penalty).
        min_change: the smallest change of class shares (see the module docstring).

    Returns:
        The detected shifts in date order (empty for short or steady series).
    """
    ordered = sorted(statements, key=lambda s: (statement_date(s), s.attribution_id))
    if len(ordered) < max(settings.min_statements, 2 * MIN_SEGMENT):
        return []
    alpha = ALPHA / max(settings.shift_penalty, 1e-9)
    values = [s.tone for s in ordered]
    weights = statement_weights(ordered)
    found = change_points(values, alpha, days=[statement_date(s).toordinal() for s in ordered], weights=weights,
                          classes=[POLARITIES.index(s.polarity) for s in ordered], min_change=min_change)
    bounds = [0] + [k for k, _ in found] + [len(ordered)]
    shifts = []
    for i, (k, p) in enumerate(found):
        before = ordered[bounds[i] : k]
        after = ordered[k : bounds[i + 2]]
        mean_before = weighted_mean(values[bounds[i] : k], None if weights is None else weights[bounds[i] : k])
        mean_after = weighted_mean(values[k : bounds[i + 2]], None if weights is None else weights[k : bounds[i + 2]])
        cooler = mean_after < mean_before
        # The date reported is the first statement in the new tone: a real, quotable day
        # (the true change lies between it and the statement before).
        when = statement_date(ordered[k])
        shifts.append(
            Shift(
                speaker=ordered[0].speaker,
                target=ordered[0].target,
                date=when.isoformat(),
                before=round(mean_before, 4),
                after=round(mean_after, 4),
                confidence=round(1.0 - p, 4),
                n_before=len(before),
                n_after=len(after),
                evidence_before=_evidence(before, cooler, before=True),
                evidence_after=_evidence(after, cooler, before=False),
            )
        )
    return shifts


def detect_shifts(statements: Iterable[Statement], settings: Settings) -> list[Shift]:
    """Shifts in every (speaker, target) series among ``statements``.

    Args:
        statements: statements of any speakers and targets.
        settings: ``min_statements`` and ``shift_penalty``.

    Returns:
        All shifts, ordered by speaker, target and date.
    """
    groups: dict[tuple[str, str], list[Statement]] = {}
    for st in statements:
        groups.setdefault((st.speaker, st.target), []).append(st)
    out: list[Shift] = []
    for key in sorted(groups):
        out.extend(series_shifts(groups[key], settings))
    return out


def who_moved_first(a_shifts: Sequence[Shift], b_shifts: Sequence[Shift]) -> MovedFirst | None:
    """Which of two speakers shifted first, and by how many days.

    Pairs of shifts (one of each speaker) that go the same direction are preferred; among
    those the pair closest in time is compared (ties: the more confident pair). When no
    pair goes the same direction, the closest pair of any direction is compared (in the
    sample corpus one minister warms to the sanctions 60 days before the other turns on
    the ceasefire: both "changed their tune").

    Args:
        a_shifts: one speaker's shifts.
        b_shifts: the other speaker's shifts.

    Returns:
        The comparison, or None when either speaker has no shift.
    """
    pairs = [
        (a.direction != b.direction, abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days),
         -a.confidence * b.confidence, i, j)
        for i, a in enumerate(a_shifts)
        for j, b in enumerate(b_shifts)
    ]
    if not pairs:
        return None
    *_, i, j = min(pairs)
    a, b = a_shifts[i], b_shifts[j]
    days = (date.fromisoformat(b.date) - date.fromisoformat(a.date)).days
    if days == 0:
        return MovedFirst(None, None, 0, a, b)
    first, second = (a, b) if days > 0 else (b, a)
    return MovedFirst(first.speaker, second.speaker, abs(days), first, second)
