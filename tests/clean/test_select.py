"""Choosing the body units once the line model has scored them (``textdump.select_body``).

Probabilities are given by hand, so each rule is tested on its own, without the model.
"""

from __future__ import annotations

from saidwhat.clean.textdump import is_recurring_furniture, select_body
from saidwhat.clean.units import split_units

MENU = ["Home", "News", "Sport", "Weather", "Contact us"]
PARAGRAPH = "The district council approved the new bus timetable on Monday after a short debate."
SECOND = "Drivers said the changes would make the early route more reliable for shift workers."
CAPTION = "The mayor, left, and the chief engineer open the new bridge over the river on Friday."


def _units(lines: list[str]):  # type: ignore[no-untyped-def]
    return split_units("\n\n".join(lines))


def _texts(units, kept: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    return [units[i].text for i in kept]


def test_nothing_above_the_bar_keeps_the_best_prose_run() -> None:
    # one short news item under a portal's menu: every unit scores low
    units = _units([*MENU, PARAGRAPH, SECOND, "Share", *MENU])
    probs = [0.01] * 5 + [0.12, 0.08, 0.02] + [0.01] * 5
    assert _texts(units, select_body(units, probs, 0.5, penalty=1.0)) == [PARAGRAPH, SECOND]
    assert select_body(units, probs, 0.5, penalty=1.0, fallback=False) == []
    # a sentence the site's other pages print too is never the fallback
    recurring = [0] * 5 + [2, 0, 0] + [0] * 5
    assert _texts(units, select_body(units, probs, 0.5, penalty=1.0, recurring=recurring)) == [SECOND]


def test_no_prose_means_no_fallback() -> None:
    units = _units([*MENU, "Live scores", "Results and fixtures"])
    assert select_body(units, [0.1] * 7, 0.5, penalty=1.0) == []


def test_a_repeated_paragraph_is_kept_once() -> None:
    units = _units([CAPTION, PARAGRAPH, "* " + CAPTION, SECOND, "Thanks."])
    kept = select_body(units, [0.9] * 5, 0.5)
    assert _texts(units, kept) == [CAPTION, PARAGRAPH, SECOND, "Thanks."]


def test_kept_runs_grow_over_adjacent_prose() -> None:
    first = "BRISTOL (Wire) — A tortoise missing for three years has been found two streets from home."
    last = "His owner says the family had given up hope of ever seeing him again."
    units = _units([*MENU, first, PARAGRAPH, SECOND, last, "Most read", "Short line"])
    probs = [0.01] * 5 + [0.36, 0.95, 0.9, 0.31, 0.05, 0.4]
    assert _texts(units, select_body(units, probs, 0.5, penalty=1.0)) == [PARAGRAPH, SECOND]
    grown = select_body(units, probs, 0.5, penalty=1.0, extend=0.3)
    assert _texts(units, grown) == [first, PARAGRAPH, SECOND, last]
    # below the floor, or not a finished sentence: not added
    assert _texts(units, select_body(units, probs, 0.5, penalty=1.0, extend=0.35)) == [first, PARAGRAPH, SECOND]


def test_short_lines_other_pages_print_are_dropped() -> None:
    promo = "Get the Harbour Gazette morning briefing in your inbox every weekday at six."
    units = _units([PARAGRAPH, promo, SECOND])
    assert _texts(units, select_body(units, [0.9, 0.8, 0.9], 0.5)) == [PARAGRAPH, promo, SECOND]
    kept = select_body(units, [0.9, 0.8, 0.9], 0.5, recurring=[0, 2, 0])
    assert _texts(units, kept) == [PARAGRAPH, SECOND]


def test_long_shared_prose_is_left_to_the_model() -> None:
    (unit,) = _units(["Harbour Gazette is published by Harbour Media Ltd, an independent company owned "
                      "by its staff and readers since the paper was founded in nineteen twelve by the town."])
    assert is_recurring_furniture(unit, 3) is False
    (short,) = _units(["Most read"])
    assert is_recurring_furniture(short, 1) is True
    assert is_recurring_furniture(short, 0) is False


def test_a_repeated_short_quote_is_not_site_furniture() -> None:
    # follow-up stories repeat a quote paragraph word for word; the rule must not drop it
    (quote,) = split_units("“We will not give up on the valley,” Varga said on Tuesday.")
    assert is_recurring_furniture(quote, 2) is False
    (promo,) = split_units("Get our morning briefing in your inbox every weekday.")
    assert is_recurring_furniture(promo, 2) is True
