"""Chart axes: date ticks at sensible intervals and round count ticks.

Pure functions of dates and numbers, so the tick rules are tested with hand-written values.
A date axis picks the finest step (day, 2 days, week, 2 weeks, month, 2/3/6 months, year,
2/5/10/... years) that puts at most ``max_ticks`` ticks inside the range, and labels each
tick with the year only where it is needed (the first tick and where the year changes).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

# (unit, size): the candidate tick steps, finest first.
STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1), ("day", 2), ("week", 1), ("week", 2), ("month", 1), ("month", 2), ("month", 3),
    ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 25), ("year", 50),
    ("year", 100),
)
SQUEEZE = 2  # ticks over max_ticks allowed when the step that fits would leave only two
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Tick:
    """One labelled tick of a date axis."""

    day: dt.date
    label: str


@dataclass(frozen=True, slots=True)
class DateAxis:
    """An x axis: the dates at its two ends, its ticks and the step they were chosen at."""

    start: dt.date
    end: dt.date
    ticks: tuple[Tick, ...]
    unit: str
    size: int


def _first_tick(day: dt.date, unit: str, size: int) -> dt.date:
    """The first tick of this step on or after ``day``."""
    if unit == "day":
        ordinal = day.toordinal()
        return dt.date.fromordinal(ordinal + (-ordinal) % size)
    if unit == "week":
        monday = day + dt.timedelta(days=(7 - day.weekday()) % 7)
        week = monday.toordinal() // 7
        return monday + dt.timedelta(weeks=(-week) % size)
    if unit == "month":
        index = day.year * 12 + day.month - 1 + (0 if day.day == 1 else 1)
        index += (-index) % size
        return dt.date(index // 12, index % 12 + 1, 1)
    year = day.year + (0 if (day.month, day.day) == (1, 1) else 1)
    return dt.date(year + (-year) % size, 1, 1)


def _next_tick(day: dt.date, unit: str, size: int) -> dt.date | None:
    """The tick one step after ``day`` (None past the last representable date)."""
    try:
        if unit == "day":
            return day + dt.timedelta(days=size)
        if unit == "week":
            return day + dt.timedelta(weeks=size)
        if unit == "month":
            index = day.year * 12 + day.month - 1 + size
            return dt.date(index // 12, index % 12 + 1, 1)
        return dt.date(day.year + size, 1, 1)
    except (OverflowError, ValueError):
        return None


def _tick_days(start: dt.date, end: dt.date, unit: str, size: int, cap: int) -> list[dt.date]:
    """The ticks of one step inside ``[start, end]``; stops after ``cap + 1`` of them."""
    try:
        day: dt.date | None = _first_tick(start, unit, size)
    except (OverflowError, ValueError):
        return []
    out: list[dt.date] = []
    while day is not None and day <= end and len(out) <= cap:
        out.append(day)
        day = _next_tick(day, unit, size)
    return out


def tick_label(day: dt.date, unit: str, previous: dt.date | None) -> str:
    """``"4 Mar 2024"``/``"11 Mar"`` (days, weeks), ``"Mar 2024"``/``"Apr"`` (months), ``"2024"``.

    The year is written on the first tick and wherever it changes from the previous tick.
    """
    with_year = previous is None or previous.year != day.year
    if unit == "year":
        return str(day.year)
    month = MONTHS[day.month - 1]
    if unit == "month":
        return f"{month} {day.year}" if with_year else month
    return f"{day.day} {month} {day.year}" if with_year else f"{day.day} {month}"


def date_axis(start: dt.date, end: dt.date, max_ticks: int) -> DateAxis:
    """An axis over ``[start, end]`` with at most ``max_ticks`` (at least 2) labelled ticks,
    or up to ``SQUEEZE`` more where the step that fits would label only two dates.

    A single day is widened by a day on each side so it sits in the middle of the chart.
    """
    if end < start:
        start, end = end, start
    if start == end:
        start = start - dt.timedelta(days=1) if start > dt.date.min else start
        end = end + dt.timedelta(days=1) if end < dt.date.max else end
    cap = max(2, max_ticks)
    days: list[dt.date] = []
    unit, size = STEPS[-1]
    finer: tuple[str, int, list[dt.date]] | None = None
    for unit, size in STEPS:
        days = _tick_days(start, end, unit, size, cap + SQUEEZE)
        if len(days) <= cap:
            break
        finer = (unit, size, days)
    # Two ticks say no more than the ends: take the finer step if it fits with a squeeze.
    if len(days) < 3 and finer is not None and len(finer[2]) <= cap + SQUEEZE:
        unit, size, days = finer
    ticks = tuple(
        Tick(day, tick_label(day, unit, days[i - 1] if i else None)) for i, day in enumerate(days)
    )
    return DateAxis(start, end, ticks, unit, size)


def count_ticks(top: float, max_ticks: int = 4) -> list[int]:
    """Round tick values from 0 up to at least ``top``: steps of 1, 2 or 5 times a power of ten.

    ``count_ticks(37)`` is ``[0, 10, 20, 30, 40]``; ``count_ticks(0)`` is ``[0, 1]``.
    """
    top = max(top, 1)
    cap = max(1, max_ticks)
    magnitude = 10 ** max(0, math.floor(math.log10(top / cap)))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if math.ceil(top / step) <= cap:
            return [i * step for i in range(math.ceil(top / step) + 1)]
    step = 10 * magnitude  # not reached: factor 10 always fits
    return [i * step for i in range(math.ceil(top / step) + 1)]
