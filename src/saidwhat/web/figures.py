"""Charts built from the service's answers: what a page draws, over the page's one date range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from markupsafe import Markup

from .. import service
from ..models import Shift, Statement
from ..service.topics import TopicFamily
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


def by_family(statements: Sequence[Statement], shifts: Sequence[Shift], families: Sequence[TopicFamily],
              only: TopicFamily | None = None) -> tuple[list[Statement], list[Shift]]:
    """Statements and shifts under their topic family's name (overall tone, ``"*"``, stays),
    one statement per attribution and family; ``only``: keep that family's alone."""
    name_of = {m.lower(): f.name for f in ([only] if only else families) for m in f.members}
    seen: set[tuple[int, str]] = set()
    out: list[Statement] = []
    for st in statements:
        name = "*" if st.target == "*" and only is None else name_of.get(st.target.lower())
        if name is None or (st.attribution_id, name) in seen:
            if name is None and only is None:
                out.append(st)  # a target no family knows (the families were read before it came)
            continue
        seen.add((st.attribution_id, name))
        out.append(st if name == st.target else replace(st, target=name))
    moved = [replace(sh, target=name_of.get(sh.target.lower(), sh.target)) for sh in shifts
             if only is None or sh.target.lower() in name_of]
    return out, moved

TONE_KEYS = (("dots", "a statement (click: read it in its article)"), ("mean", "mean tone per period"),
             ("band", "95% interval of the mean"), ("shift", "detected shift (click: its evidence)"))
VOLUME_KEYS = (("bar", "statements published in the period (hover: the count)"),)
