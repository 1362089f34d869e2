"""Charts built from the service's answers: what a page draws, over the page's one date range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from markupsafe import Markup

from .. import service
from ..models import Shift, Statement
from ..service.volume import Volume, auto_bucket
from ..store import Store
from . import charts, views

PageRange = tuple[dt.date, dt.date] | None


def volume_range(vol: Volume) -> PageRange:
    """The days a volume covers (None: no dated statements)."""
    if not vol.periods:
        return None
    return dt.date.fromisoformat(vol.periods[0].start), dt.date.fromisoformat(vol.periods[-1].end)


def corpus_range(stats: dict[str, object]) -> PageRange:
    """The first and last publication day of the corpus (from ``Store.stats``)."""
    first, last = views.parse_date(str(stats.get("first_date") or "")), views.parse_date(str(stats.get("last_date") or ""))
    return (first, last) if first and last else None


def volume_figure(store: Store, rng: PageRange, chart_id: str, speaker: str | None = None,
                  topic: str | None = None, outlet: str | None = None) -> tuple[Markup, Volume]:
    """Statements per period (day, week or month, by the length of ``rng``) as a bar chart."""
    by = auto_bucket(*rng) if rng else "week"
    vol = service.volume(store, by, speaker=speaker, topic=topic, outlet=outlet)
    bars = [charts.Bar(dt.date.fromisoformat(p.start), dt.date.fromisoformat(p.end), p.count) for p in vol.periods]
    return charts.volume_chart(bars, rng, chart_id, by), vol


def tone_figures(
    series: Sequence[views.Series], rng: PageRange, prefix: str, href: Callable[[Statement], str] | None,
    bucket: str,
) -> list[Markup]:
    """One tone chart per series, all over ``rng`` (so they can be compared)."""
    return [charts.tone_chart([s], rng, f"{prefix}-{i}", href=href, bucket=bucket) for i, s in enumerate(series)]


def relabel(statements: Sequence[Statement], shifts: Sequence[Shift], name: str,
            members: Sequence[str]) -> tuple[list[Statement], list[Shift]]:
    """Statements and shifts about any member of a topic family, under the family's name."""

    wanted = {m.lower() for m in members}
    return (
        [replace(st, target=name) for st in statements if st.target.lower() in wanted],
        [replace(sh, target=name) for sh in shifts if sh.target.lower() in wanted],
    )


TONE_KEYS = (("dots", "a statement (click: read it in its article)"), ("mean", "mean tone per period"),
             ("band", "95% interval of the mean"), ("shift", "detected shift (click: its evidence)"))
VOLUME_KEYS = (("bar", "statements published in the period (hover: the count)"),)
