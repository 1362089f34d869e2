"""Attention over time: how many statements were published per day, week or month,
for the whole corpus or one speaker, topic (its whole family) or outlet (every spelling).

One GROUP BY in the store counts statements per day (``Store.daily_counts``); the days are
folded into weeks (starting on Monday) or months here, and periods without statements
between the first and the last are filled with zeros so a chart shows the gaps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from ..store import Filter, Store
from .lookup import find_speaker
from .memo import remembered
from .outlets import find_outlet
from .timeline import BUCKETS
from .topics import find_topic


@dataclass(frozen=True, slots=True)
class Period:
    """One period: its first and last day (ISO) and the statements published in it."""

    start: str
    end: str
    count: int


@dataclass(frozen=True, slots=True)
class Volume:
    """Statements per period, oldest first, under the filters named."""

    by: str
    speaker: str | None
    topic: str | None
    outlet: str | None
    periods: tuple[Period, ...]

    @property
    def total(self) -> int:
        return sum(p.count for p in self.periods)

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by, "speaker": self.speaker, "topic": self.topic, "outlet": self.outlet,
            "total": self.total, "items": [{"start": p.start, "end": p.end, "count": p.count} for p in self.periods],
        }


def period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period ``day`` falls in (weeks start on Monday)."""
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def next_period(start: dt.date, by: str) -> dt.date:
    """The first day of the period after the one starting on ``start``."""
    if by == "week":
        return start + dt.timedelta(weeks=1)
    if by == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + dt.timedelta(days=1)


def fold(daily: list[tuple[str, int]], by: str) -> list[Period]:
    """Daily counts summed per period, with empty periods between the first and last as zeros."""
    if by not in BUCKETS:
        raise QueryError(f"Unknown period {by!r}; use one of: {', '.join(BUCKETS)}.")
    sums: dict[dt.date, int] = {}
    for day, n in daily:
        try:
            start = period_start(dt.date.fromisoformat(day), by)
        except ValueError:
            continue
        sums[start] = sums.get(start, 0) + n
    if not sums:
        return []
    out: list[Period] = []
    start, last = min(sums), max(sums)
    while start <= last:
        following = next_period(start, by)
        out.append(Period(start.isoformat(), (following - dt.timedelta(days=1)).isoformat(), sums.get(start, 0)))
        start = following
    return out


def auto_bucket(first: dt.date, last: dt.date) -> str:
    """The period a chart over ``[first, last]`` is read best in: days up to two months,
    weeks up to two years, else months."""
    days = (last - first).days
    return "day" if days <= 62 else "week" if days <= 730 else "month"


def volume(store: Store, by: str = "week", speaker: str | None = None, topic: str | None = None,
           outlet: str | None = None) -> Volume:
    """Statements per period, oldest first.

    Args:
        store: an open store.
        by: ``day``, ``week`` or ``month``.
        speaker: a name, alias or id (unknown: ``QueryError`` with suggestions).
        topic: a topic; statements about any topic of its family count.
        outlet: an outlet; documents under any spelling of its name count.
    """
    if by not in BUCKETS:
        raise QueryError(f"Unknown period {by!r}; use one of: {', '.join(BUCKETS)}.")
    sp = find_speaker(store, speaker) if speaker else None
    family = find_topic(store, topic) if topic else None
    source = find_outlet(store, outlet) if outlet else None
    flt = Filter(
        speaker_id=sp.id if sp else None,
        targets=family.members if family else None,
        outlets=source.spellings if source else None,
    )
    periods = remembered(store, ("volume", by, flt), lambda: fold(store.daily_counts(flt), by))
    return Volume(by, sp.name if sp else None, family.name if family else None,
                  source.name if source else None, tuple(periods))
