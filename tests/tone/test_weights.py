"""Statement weights (how much a statement is about its target) in timelines and shifts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from saidwhat.models import Statement
from saidwhat.tone.shifts import change_points, series_shifts
from saidwhat.tone.timeline import timeline

START = date(2026, 1, 1)
MENTION = (0.04, 0.92, 0.04)  # a mere mention: weight 0.08 (counted as the floor, 0.5), tone 0


def statement(i: int, day: int, tone: float, probabilities: tuple[float, float, float] | None) -> Statement:
    # the label is the most probable class, as the tone model gives it
    label = ("negative", "neutral", "positive")[int(np.argmax(probabilities))] if probabilities else "neutral"
    return Statement(i, f"d{i}", "A", "ferries", (START + timedelta(days=day)).isoformat(), tone,
                     label, f"quote {i}", probabilities=probabilities)


def opinion(tone: float) -> tuple[float, float, float]:
    """Probabilities of a clear opinion with this tone (p(pos) - p(neg) = tone, p(neutral) 0.05)."""
    return ((0.95 - tone) / 2, 0.05, (0.95 + tone) / 2)


def test_a_bucket_of_mentions_and_one_opinion_reads_as_the_opinion() -> None:
    items = [statement(0, 0, -0.8, opinion(-0.8))] + [statement(i, 1, 0.0, MENTION) for i in (1, 2, 3)]
    (point,) = timeline(items, "week")
    # (0.95 * -0.8 + 3 * 0.5 * 0) / (0.95 + 3 * 0.5)
    assert point.mean == pytest.approx(-0.76 / 2.45, abs=1e-4)
    assert point.count == 4
    (unweighted,) = timeline([replace(s, probabilities=None) for s in items], "week")
    assert unweighted.mean == pytest.approx(-0.2)


def test_unit_weights_change_nothing() -> None:
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.normal(0.4, 0.4, 40), rng.normal(-0.3, 0.4, 40)]).tolist()
    assert change_points(values, 0.035, weights=[1.0] * 80) == change_points(values, 0.035)


def test_mentions_do_not_dilute_a_shift(settings) -> None:  # type: ignore[no-untyped-def]
    # An opinion every 4 days (cool before day 120, warm after), a neutral mention between each.
    rng = np.random.default_rng(11)
    items = []
    for i in range(60):
        tone = float(np.clip(rng.normal(-0.6 if i < 30 else 0.6, 0.2), -0.95, 0.95))
        items.append(statement(2 * i, 4 * i, tone, opinion(tone)))
        items.append(statement(2 * i + 1, 4 * i + 2, 0.0, MENTION))
    # The change lies between the last cool opinion (day 116) and the first warm one (day 120);
    # the mention on day 118 between them fits either side.
    days = {(START + timedelta(days=d)).isoformat() for d in (118, 120)}
    (shift,) = [s for s in series_shifts(items, settings) if s.date in days]
    # Opinions weigh 0.95, mentions 0.5: 0.95 * 0.6 / 1.45 = 0.393 against 0.3 unweighted.
    assert shift.before == pytest.approx(-0.393, abs=0.04) and shift.after == pytest.approx(0.393, abs=0.04)
    (diluted,) = series_shifts([replace(s, probabilities=None) for s in items], settings)
    assert diluted.date in days
    assert diluted.before == pytest.approx(-0.3, abs=0.04) and diluted.after == pytest.approx(0.3, abs=0.04)


def test_a_record_without_labels_gets_its_classes_from_its_scores() -> None:
    from saidwhat.tone.statements import statements_from_records

    def att(tone: float, probabilities: list[float] | None = None) -> dict[str, object]:
        target = {"name": "ferries", "tone": tone} | ({"probabilities": probabilities} if probabilities else {})
        return {"speaker": "A", "tone": tone, "content_text": "q", "targets": [target]}

    record = {"doc": "d", "published": "2026-01-01", "skipped": None,
              "attributions": [att(-0.6), att(0.2), att(0.5), att(0.1, [0.2, 0.3, 0.5])]}
    found = [(s.target, s.polarity) for s in statements_from_records([record])]
    assert found == [("*", "negative"), ("ferries", "negative"), ("*", "neutral"), ("ferries", "neutral"),
                     ("*", "positive"), ("ferries", "positive"), ("*", "neutral"), ("ferries", "positive")]
