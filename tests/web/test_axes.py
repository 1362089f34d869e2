"""Tick selection for chart axes: expected ticks and labels written by hand."""

from __future__ import annotations

import datetime as dt

from saidwhat.web.axes import count_ticks, date_axis

D = dt.date


def labels(start: dt.date, end: dt.date, max_ticks: int) -> list[tuple[str, str]]:
    return [(t.day.isoformat(), t.label) for t in date_axis(start, end, max_ticks).ticks]


def test_a_few_days_get_a_tick_each_with_the_year_once() -> None:
    assert labels(D(2024, 1, 1), D(2024, 1, 4), 10) == [
        ("2024-01-01", "1 Jan 2024"), ("2024-01-02", "2 Jan"), ("2024-01-03", "3 Jan"), ("2024-01-04", "4 Jan"),
    ]


def test_six_weeks_get_mondays() -> None:
    assert labels(D(2024, 3, 1), D(2024, 4, 15), 8) == [
        ("2024-03-04", "4 Mar 2024"), ("2024-03-11", "11 Mar"), ("2024-03-18", "18 Mar"), ("2024-03-25", "25 Mar"),
        ("2024-04-01", "1 Apr"), ("2024-04-08", "8 Apr"), ("2024-04-15", "15 Apr"),
    ]


def test_eight_months_get_months_and_the_year_where_it_changes() -> None:
    assert labels(D(2025, 10, 3), D(2026, 5, 29), 10) == [
        ("2025-11-01", "Nov 2025"), ("2025-12-01", "Dec"), ("2026-01-01", "Jan 2026"), ("2026-02-01", "Feb"),
        ("2026-03-01", "Mar"), ("2026-04-01", "Apr"), ("2026-05-01", "May"),
    ]


def test_a_narrow_chart_takes_every_other_month() -> None:
    assert labels(D(2025, 10, 3), D(2026, 5, 29), 4) == [
        ("2025-11-01", "Nov 2025"), ("2026-01-01", "Jan 2026"), ("2026-03-01", "Mar"), ("2026-05-01", "May"),
    ]
    axis = date_axis(D(2025, 10, 3), D(2026, 5, 29), 4)
    assert (axis.unit, axis.size, axis.start, axis.end) == ("month", 2, D(2025, 10, 3), D(2026, 5, 29))


def test_decades_get_round_years() -> None:
    assert labels(D(2001, 6, 1), D(2024, 2, 1), 6) == [
        ("2005-01-01", "2005"), ("2010-01-01", "2010"), ("2015-01-01", "2015"), ("2020-01-01", "2020"),
    ]


def test_one_day_is_widened_to_three() -> None:
    axis = date_axis(D(2024, 2, 29), D(2024, 2, 29), 6)
    assert (axis.start, axis.end) == (D(2024, 2, 28), D(2024, 3, 1))
    assert [t.label for t in axis.ticks] == ["28 Feb 2024", "29 Feb", "1 Mar"]


def test_reversed_range_and_the_calendar_edges() -> None:
    assert labels(D(2024, 1, 4), D(2024, 1, 1), 10)[0] == ("2024-01-01", "1 Jan 2024")
    assert labels(D(9999, 12, 30), D(9999, 12, 31), 10) == [("9999-12-30", "30 Dec 9999"), ("9999-12-31", "31 Dec")]
    assert date_axis(D(1, 1, 1), D(9999, 12, 31), 5).ticks  # no overflow


def test_count_ticks_are_round() -> None:
    assert count_ticks(37) == [0, 10, 20, 30, 40]
    assert count_ticks(4) == [0, 1, 2, 3, 4]
    assert count_ticks(5) == [0, 2, 4, 6]
    assert count_ticks(0) == [0, 1]
    assert count_ticks(1000) == [0, 500, 1000]
    assert count_ticks(12_345) == [0, 5000, 10000, 15000]


def test_two_ticks_are_not_enough_so_a_finer_step_squeezes_in() -> None:
    # Ten weeks on a narrow chart: months would label only Apr and May; fortnights fit with a squeeze.
    assert labels(D(2024, 3, 2), D(2024, 5, 8), 4) == [
        ("2024-03-04", "4 Mar 2024"), ("2024-03-18", "18 Mar"), ("2024-04-01", "1 Apr"), ("2024-04-15", "15 Apr"),
        ("2024-04-29", "29 Apr"),
    ]
