"""Timelines, shift detection and who-moved-first on hand-made statement series."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from saidwhat.models import Shift, Statement
from saidwhat.tone.shifts import _dated, _log_prior, change_points, detect_shifts, series_shifts, who_moved_first
from saidwhat.tone.timeline import timeline

START = date(2025, 1, 1)


def make(days: list[int], tones: list[float], speaker: str = "A", target: str = "sanctions") -> list[Statement]:
    return [
        Statement(i, f"d{i}", speaker, target, (START + timedelta(days=d)).isoformat(), t,
                  "negative" if t < -0.3 else "positive" if t > 0.3 else "neutral", f"quote {i}")
        for i, (d, t) in enumerate(zip(days, tones))
    ]


def planted(seed: int, change_day: int | None, before: float = 0.3, after: float = -0.4,
            speaker: str = "A") -> list[Statement]:
    """Irregular dates (about one statement every 3 days), noisy tone around a level."""
    rng = np.random.default_rng(seed)
    days = sorted(int(d) for d in rng.uniform(0, 365, 120))
    tones = [
        float(np.clip(rng.normal(after if change_day is not None and d >= change_day else before, 0.45), -1, 1))
        for d in days
    ]
    return make(days, tones, speaker)


def test_timeline_week_buckets() -> None:
    # 2025-01-01 is a Wednesday: days 0 and 5 (a Monday) fall in weeks starting 2024-12-30 and 2025-01-06.
    points = timeline(make([0, 1, 5, 30], [0.5, -0.1, 0.2, -1.0]), "week")
    assert [(p.start, p.count) for p in points] == [("2024-12-30", 2), ("2025-01-06", 1), ("2025-01-27", 1)]
    assert points[0].mean == pytest.approx(0.2)
    assert points[0].low < 0.2 < points[0].high
    assert points[2].low == -1.0  # clipped


def test_timeline_month_and_day_buckets() -> None:
    st = make([0, 20, 31, 32], [0.1, 0.3, -0.2, -0.4])
    assert [(p.start, p.count, p.mean) for p in timeline(st, "month")] == [
        ("2025-01-01", 2, 0.2), ("2025-02-01", 2, -0.3)]
    assert len(timeline(st, "day")) == 4


def test_interval_narrows_with_more_statements() -> None:
    few = timeline(make([0, 1], [0.2, 0.4]), "month")[0]
    many = timeline(make(list(range(20)), [0.2, 0.4] * 10), "month")[0]
    assert (many.high - many.low) < (few.high - few.low)


def test_no_change_series_gives_no_shift(settings) -> None:  # type: ignore[no-untyped-def]
    for seed in range(5):
        assert series_shifts(planted(seed, None), settings) == []


def test_planted_shift_found_with_date_and_direction(settings) -> None:  # type: ignore[no-untyped-def]
    (shift,) = series_shifts(planted(1, 180), settings)
    assert abs((date.fromisoformat(shift.date) - START).days - 180) <= 20
    assert shift.direction == "cooler"
    assert shift.before > 0.1 and shift.after < -0.2
    assert shift.confidence >= 0.98
    assert len(shift.evidence_before) == 3 and len(shift.evidence_after) == 3
    assert all(st.published < shift.date for st in shift.evidence_before)
    assert all(st.published >= shift.date for st in shift.evidence_after)
    assert shift.evidence_after[0].published == shift.date or shift.n_after > 3


def test_short_series_is_left_alone(settings) -> None:  # type: ignore[no-untyped-def]
    assert series_shifts(make([0, 1, 2, 3, 4], [1, 1, 1, -1, -1]), settings) == []


def test_one_day_is_not_a_period_of_tone(settings) -> None:  # type: ignore[no-untyped-def]
    # Three statements of one day's article (two neutral asides) and then months of the
    # same hostility: no "shift" after the first article.
    days = [0, 0, 0, 42, 121, 141, 155, 183, 196, 199, 199]
    tones = [0.23, -0.87, 0.01, -0.93, -0.83, -0.90, -0.91, -0.91, -0.94, -0.93, -0.95]
    assert series_shifts(make(days, tones), settings) == []
    # The same values spread over three early dates do make a shift: the rule is about dates.
    spread = [0, 9, 20, 42, 121, 141, 155, 183, 196, 199, 199]
    assert len(series_shifts(make(spread, tones), settings)) == 1


def test_softer_readings_of_one_steady_hostility_are_no_shift(settings) -> None:  # type: ignore[no-untyped-def]
    # A minister the model reads as hostile every time, a little less surely in the second
    # half (mentions in passing, less emphatic sentences): still negative, still one tone.
    days = [0, 11, 23, 30, 44, 58, 65, 79, 90, 104, 118, 125, 139, 150, 161, 175]
    tones = [-0.86, -0.88, -0.84, -0.87, -0.85, -0.88, -0.86, -0.84,
             -0.62, -0.55, -0.66, -0.59, -0.63, -0.57, -0.64, -0.6]
    assert series_shifts(make(days, tones), settings) == []
    # Read on scores alone, the steady spread made that a "warming".
    assert len(series_shifts(make(days, tones), settings, min_change=0.0)) == 1
    # The same steadiness turning to praise is a shift.
    turned = tones[:8] + [0.81, 0.86, 0.79, 0.84, 0.88, 0.8, 0.83, 0.85]
    (shift,) = series_shifts(make(days, turned), settings)
    assert (shift.direction, shift.date) == ("warmer", (START + timedelta(days=90)).isoformat())


def test_change_points_fall_between_dates() -> None:
    values = [1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]
    # the tone turns inside day 3's statements: the change goes to a date boundary
    days = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8]
    ((k, _),) = change_points(values, 0.05, days=days)
    assert days[k] != days[k - 1]
    ((k_free, _),) = change_points(values, 0.05)
    assert k_free == 4


def test_detect_shifts_groups_by_speaker_and_target(settings) -> None:  # type: ignore[no-untyped-def]
    steady = planted(2, None, speaker="B")
    moved = planted(3, 150, speaker="A")
    found = detect_shifts(steady + moved, settings)
    # Only A's series moved (a second, weaker split inside A's series is allowed: its
    # permutation test runs at the same level as the first).
    assert {(s.speaker, s.target) for s in found} == {("A", "sanctions")}
    assert min(abs((date.fromisoformat(s.date) - START).days - 150) for s in found) <= 20


def test_change_points_finds_two_steps() -> None:
    values = [0.0] * 30 + [1.0] * 30 + [0.0] * 30
    values = [v + 0.01 * ((i * 7) % 5) for i, v in enumerate(values)]
    assert [k for k, _ in change_points(values, alpha=0.01)] == [30, 60]


def _shift(speaker: str, day: int, before: float = 0.3, after: float = -0.3, conf: float = 0.99) -> Shift:
    return Shift(speaker, "sanctions", (START + timedelta(days=day)).isoformat(), before, after, conf, 10, 10)


def test_who_moved_first() -> None:
    result = who_moved_first([_shift("A", 100)], [_shift("B", 130)])
    assert (result.first, result.second, result.days) == ("A", "B", 30)
    result = who_moved_first([_shift("A", 100)], [_shift("B", 40), _shift("B", 200, -0.3, 0.3)])
    assert (result.first, result.days) == ("B", 60)


def test_who_moved_first_prefers_the_same_direction() -> None:
    result = who_moved_first([_shift("A", 100)], [_shift("B", 95, -0.3, 0.3), _shift("B", 150)])
    assert (result.first, result.days, result.second_shift.direction) == ("A", 50, "cooler")
    opposite = who_moved_first([_shift("A", 100)], [_shift("B", 160, -0.3, 0.3)])
    assert (opposite.first, opposite.days) == ("A", 60)
    assert who_moved_first([], [_shift("B", 120)]) is None
    same_day = who_moved_first([_shift("A", 100)], [_shift("B", 100)])
    assert (same_day.first, same_day.days) == (None, 0)


def test_change_points_places_each_of_two_steps_on_its_own_peak() -> None:
    # Two equal steps give the single-change posterior two equal peaks (at 30 and 60); its
    # overall median would fall between them. Each change must land on a step.
    values = [0.0] * 30 + [1.0] * 30 + [0.0] * 30
    assert [k for k, _ in change_points(values, alpha=0.01)] == [30, 60]


def test_change_point_is_placed_near_a_noisy_step() -> None:
    rng = np.random.default_rng(4)
    values = np.concatenate([rng.normal(0.2, 0.6, 60), rng.normal(-0.4, 0.6, 60)])
    (k, p), *_ = change_points(values.tolist(), alpha=0.03)
    assert abs(k - 60) <= 6
    assert p <= 0.01


def test_false_alarm_rate_is_the_test_level() -> None:
    # The permutation test is exact: on steady series, the share with a change is about
    # alpha (binomial sd at 200 series and alpha 0.05: 1.5 points).
    rng = np.random.default_rng(11)
    alarms = sum(bool(change_points(rng.normal(0, 0.5, int(rng.integers(40, 150))).tolist(), alpha=0.05, seed=i))
                 for i in range(200))
    assert 2 <= alarms <= 20


def test_change_is_dated_where_a_month_holds_the_most_posterior() -> None:
    # One isolated split at day 0 is the single most likely, but four splits around day 100
    # together hold more: the change goes to the month with the most mass, on its best split.
    when = np.array([0, 50, 95, 100, 105, 110, 200])
    log_post = np.log(np.array([0.30, 0.01, 0.15, 0.20, 0.18, 0.15, 0.01]))
    assert _dated(log_post, 0, when) == 3
    # A sharp peak: every date near it holds the same mass, and the peak itself is chosen.
    sharp = np.log(np.array([1e-12, 1e-12, 1e-12, 1.0, 1e-12, 1e-12, 1e-12]))
    assert _dated(sharp, 3, when) == 3


def test_position_prior_favours_the_middle_and_skips_ruled_out_splits() -> None:
    allowed = np.ones(15, dtype=bool)
    allowed[7] = False
    prior = np.exp(_log_prior(20, 3, allowed))  # splits k = 3 .. 17
    assert prior.sum() == pytest.approx(1.0)
    assert prior[7] == 0.0
    assert prior[0] < prior[5] < prior[6]  # k = 3 (edge) < 8 < 9 (the middle, 10, is ruled out)
    assert prior[0] == pytest.approx(prior[-1])
