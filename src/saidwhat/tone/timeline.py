"""Tone timelines: per-bucket mean tone, count and a 95% interval for statement series."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..errors import InputError
from ..models import Statement

BUCKETS = ("day", "week", "month")
# Prior spread of one statement's tone (sd 0.5 on [-1, 1]) with the weight of one
# statement: a bucket with a single statement still gets a wide, honest interval.
PRIOR_VAR = 0.25
PRIOR_WEIGHT = 1.0
# A statement's least weight: a mention in a neutral sentence still counts half an opinion
# (the same floor as the shift detector's, tone/shifts.py). With lower floors the detector,
# freed of the asides, read a control speaker's steady hostility as a shift (the sample
# corpus's Katarina Holm on "elections", -0.62 -> -0.87, one misread aside early; floor 0.05
# with the raw softmax, 0.25 and 0.4 with the calibrated one); 0.5 keeps it steady and the
# planted shifts at their dates.
MIN_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One bucket of a tone timeline."""

    start: str  # ISO date of the bucket's first day
    mean: float
    count: int
    low: float  # 95% interval of the mean, clipped to [-1, 1]
    high: float


def statement_date(statement: Statement) -> date:
    """The calendar date a statement was said, which timelines, shifts and compare use.

    ``said_on`` when the text dated it, else the publication date. A month or a year
    (``said_on`` "2016-07", "2012") stands at its first day: a July statement sorts before
    every statement dated within July and falls in July's first week and day buckets.

    Raises:
        InputError: neither is an ISO date.
    """
    try:
        return _day(statement.when)
    except (TypeError, ValueError, AttributeError):
        raise InputError(
            f"Statement {statement.attribution_id} has published={statement.published!r}, "
            "not an ISO date (YYYY-MM-DD)."
        ) from None


@lru_cache(maxsize=1 << 16)
def _day(when: str) -> date:
    # Parsed once per distinct date: a busy speaker's thousands of statements share a few
    # hundred days, and every chart, timeline and shift detection asks for them again.
    return date.fromisoformat(when + "-01" * (2 - when.count("-")))


def bucket_start(day: date, bucket: str) -> date:
    """The first day of the bucket holding ``day``: itself, its ISO week's Monday, or the 1st."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    raise InputError(f"Unknown timeline bucket {bucket!r}; use day, week or month.")


def mean_interval(values: Sequence[float], weights: Sequence[float] | None = None) -> tuple[float, float, float]:
    """Mean and 95% normal interval, the variance shrunk toward a prior for small counts.

    With ``weights`` (how much each statement is about its target, ``Statement.weight``) the
    mean is weighted and the count is the effective one, ``(sum w)^2 / sum w^2``: a bucket
    of mere mentions gets a wide interval.
    """
    if weights is None:
        n = float(len(values))
        mean = sum(values) / n
        ss = sum((v - mean) ** 2 for v in values)
    else:
        total = sum(weights)
        n = total * total / sum(w * w for w in weights)
        mean = sum(w * v for v, w in zip(values, weights)) / total
        ss = n * sum(w * (v - mean) ** 2 for v, w in zip(values, weights)) / total
    var = (ss + PRIOR_VAR * PRIOR_WEIGHT) / (n - 1 + PRIOR_WEIGHT)
    half = 1.96 * math.sqrt(var / n)
    return mean, max(-1.0, mean - half), min(1.0, mean + half)


def timeline(statements: Iterable[Statement], bucket: str = "week") -> list[TimelinePoint]:
    """Mean tone per time bucket, with counts and 95% intervals; empty buckets are left out.

    Args:
        statements: statements of one (speaker, target) series, any order.
        bucket: ``"day"``, ``"week"`` (ISO weeks from Monday) or ``"month"``.

    Returns:
        One point per non-empty bucket, in date order.
    """
    if bucket not in BUCKETS:
        raise InputError(f"Unknown timeline bucket {bucket!r}; use day, week or month.")
    groups: dict[date, list[Statement]] = {}
    for st in statements:
        groups.setdefault(bucket_start(statement_date(st), bucket), []).append(st)
    points = []
    for start in sorted(groups):
        members = groups[start]
        weights = None
        if any(st.probabilities is not None for st in members):
            weights = [max(st.weight, MIN_WEIGHT) for st in members]
        mean, low, high = mean_interval([st.tone for st in members], weights)
        points.append(TimelinePoint(start.isoformat(), round(mean, 4), len(members),
                                    round(low, 4), round(high, 4)))
    return points
