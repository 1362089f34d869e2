"""Pure presentation helpers: highlighted article text, timelines and SVG charts.

Nothing here touches the store or the request; every function maps plain rows to plain
values (or to ``markupsafe.Markup`` built only from escaped text), so it is tested directly.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..models import Ranges, Shift, Statement
from ..errors import InputError
from ..tone.timeline import statement_date
from ..tone.timeline import timeline as tone_timeline

ROLE_ORDER = ("source", "cue", "content")  # a character in two spans shows the earlier role


@dataclass(frozen=True, slots=True)
class Span:
    """One highlighted range of one attribution, in the coordinates being rendered."""

    start: int
    end: int
    role: str  # source, cue or content
    att: int  # attribution id


@dataclass(frozen=True, slots=True)
class AttInfo:
    """What a highlight's tooltip says about its attribution."""

    id: int
    speaker: str
    kind: str
    tone: str
    speaker_id: int | None = None


def spans_of(att_id: int, source: Ranges | None, cue: Ranges | None, content: Ranges) -> list[Span]:
    """Every range of one attribution as ``Span`` records."""
    out: list[Span] = []
    for role, ranges in (("source", source), ("cue", cue), ("content", content)):
        for start, end in ranges or ():
            if end > start:
                out.append(Span(start, end, role, att_id))
    return out


def highlight(text: str, spans: Sequence[Span], info: dict[int, AttInfo]) -> Markup:
    """``text`` as escaped HTML with each span wrapped in a focusable ``<span class="hl">``.

    Overlapping spans (a quote inside another quote's content) are cut at every boundary,
    so each emitted piece carries one role (source before cue before content) and the ids
    of every attribution covering it; ``data-start``/``data-end`` give the piece's offsets
    into ``text`` so tests can check that highlights sit where the store says.

    Args:
        text: the text being shown (clean text, or the raw input).
        spans: ranges into ``text``; ranges outside it are clipped.
        info: attribution id -> tooltip facts.

    Returns:
        Safe HTML.
    """
    n = len(text)
    clipped = [Span(max(0, s.start), min(n, s.end), s.role, s.att) for s in spans]
    clipped = [s for s in clipped if s.end > s.start]
    bounds = sorted({0, n, *(s.start for s in clipped), *(s.end for s in clipped)})
    parts: list[str] = []
    for lo, hi in zip(bounds, bounds[1:]):
        piece = html.escape(text[lo:hi])
        active = [s for s in clipped if s.start <= lo and hi <= s.end]
        if not active:
            parts.append(piece)
            continue
        role = min((s.role for s in active), key=ROLE_ORDER.index)
        atts = sorted({s.att for s in active})
        first = info.get(atts[0])
        label = (
            f"{first.speaker} · {first.kind} · tone {first.tone}" if first else f"attribution {atts[0]}"
        )
        parts.append(
            f'<span class="hl hl-{role}" tabindex="0" data-role="{role}" '
            f'data-att="{" ".join(map(str, atts))}" data-start="{lo}" data-end="{hi}" '
            f'data-speaker="{html.escape(first.speaker if first else "")}" '
            f'data-kind="{html.escape(first.kind if first else "")}" '
            f'data-tone="{html.escape(first.tone if first else "")}" '
            f'title="{html.escape(label)}">{piece}</span>'
        )
    return Markup("".join(parts))


def tone_label(tone: float | None, polarity: str | None) -> str:
    """``"+0.42 (positive)"``, or ``"n/a"`` when the statement was not scored."""
    if tone is None:
        return "n/a"
    return f"{tone:+.2f} ({polarity or 'neutral'})"


def parse_date(value: str | None) -> dt.date | None:
    """The date part of an ISO date or datetime, or None when it is missing or malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def said_date(statement: Statement) -> dt.date | None:
    """When a statement was said (``said_on``, else published), or None when undated."""
    try:
        return statement_date(statement)
    except InputError:
        return None


@dataclass(frozen=True, slots=True)
class Point:
    """One bucket of a tone timeline: mean tone with its 95% interval."""

    date: dt.date
    tone: float
    n: int
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Series:
    """A speaker's tone toward one topic: the statements, bucket means and shifts."""

    speaker: str
    topic: str
    statements: tuple[Statement, ...]
    points: tuple[Point, ...]
    shifts: tuple[Shift, ...] = ()


def timelines(
    statements: Iterable[Statement], bucket: str, shifts: Sequence[Shift] = ()
) -> list[Series]:
    """Group statements by (speaker, topic) and take the tone stage's timeline of each.

    Args:
        statements: dated statements (undated ones are dropped).
        bucket: ``day``, ``week`` or ``month``.
        shifts: detected shifts, attached to the series with the same speaker and topic.

    Returns:
        Series, the overall tone (topic ``"*"``) first, then most statements first.
    """
    grouped: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for st in statements:
        if said_date(st) is not None:
            grouped[(st.speaker, st.target)].append(st)
    by_key: dict[tuple[str, str], list[Shift]] = defaultdict(list)
    for sh in shifts:
        by_key[(sh.speaker, sh.target)].append(sh)
    out: list[Series] = []
    for (speaker, topic), items in grouped.items():
        items.sort(key=lambda s: s.when)
        points = tuple(
            Point(dt.date.fromisoformat(p.start), p.mean, p.count, p.low, p.high)
            for p in tone_timeline(items, bucket)
        )
        out.append(Series(speaker, topic, tuple(items), points, tuple(by_key.get((speaker, topic), ()))))
    out.sort(key=lambda s: (s.topic != "*", -len(s.statements), s.speaker, s.topic))
    return out


@dataclass(slots=True)
class Chart:
    """Pixel geometry shared by aligned charts (the compare page draws two on one axis)."""

    start: dt.date
    end: dt.date
    width: int = 720
    height: int = 200
    pad_left: int = 44
    pad_right: int = 12
    pad_top: int = 12
    pad_bottom: int = 28
    marks: list[str] = field(default_factory=list)

    def x(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        inner = self.width - self.pad_left - self.pad_right
        return round(self.pad_left + inner * (day - self.start).days / span, 1)

    def y(self, tone: float) -> float:
        inner = self.height - self.pad_top - self.pad_bottom
        clamped = max(-1.0, min(1.0, tone))
        return round(self.pad_top + inner * (1 - clamped) / 2, 1)


def chart_range(series: Iterable[Series]) -> tuple[dt.date, dt.date] | None:
    """The first and last dated statement over several series (for aligned axes)."""
    days = [d for s in series for st in s.statements if (d := said_date(st))]
    if not days:
        return None
    return min(days), max(days)


SERIES_COLOURS = ("#1f5fa8", "#b5521b")
MAX_DOTS = 240  # per series: a busy speaker has thousands of statements; the line carries the rest


def sample(statements: Sequence[Statement], keep: Iterable[int], limit: int = MAX_DOTS) -> list[Statement]:
    """At most ``limit`` statements spread evenly over time, plus those whose id is in ``keep``."""
    if len(statements) <= limit:
        return list(statements)
    must = set(keep)
    step = len(statements) / limit
    chosen = {int(i * step) for i in range(limit)}
    return [st for i, st in enumerate(statements) if i in chosen or st.attribution_id in must]


def svg_chart(
    series: Sequence[Series],
    date_range: tuple[dt.date, dt.date] | None = None,
    chart_id: str = "chart",
    href: Callable[[Statement], str] | None = None,
    colours: Sequence[int] | None = None,
) -> Markup:
    """An inline SVG tone chart: statements as dots, bucket means as a line with their 95%
    interval as a band, detected shifts as bars.

    Every text that comes from the corpus goes through ``html.escape``. Each dot links to its
    statement (``href``) and each shift marker to ``#<chart_id>-shift-<k>``, the shift's
    evidence list under the chart.

    Args:
        series: one or two series drawn on the same axes.
        date_range: the x axis; by default the range of ``series``.
        chart_id: a page-unique id prefix.
        colours: the palette index of each series (default: by position), so a speaker keeps
            its legend colour when the other speaker has no statements.
        href: the URL of a statement.

    Returns:
        Safe SVG markup.
    """
    rng = date_range or chart_range(series)
    if rng is None:
        return Markup('<p class="empty">No dated statements to chart.</p>')
    chart = Chart(rng[0], rng[1])
    w, h = chart.width, chart.height
    esc = html.escape
    label = "Tone over time: " + ", ".join(f"{s.speaker} on {'everything' if s.topic == '*' else s.topic}" for s in series)
    out = [
        f'<svg class="tone-chart" id="{esc(chart_id)}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label="{esc(label)}">'
    ]
    for tone, text in ((1.0, "+1"), (0.0, "0"), (-1.0, "−1")):
        y = chart.y(tone)
        out.append(
            f'<line class="grid" x1="{chart.pad_left}" x2="{w - chart.pad_right}" y1="{y}" y2="{y}"/>'
            f'<text class="axis" x="{chart.pad_left - 6}" y="{y + 4}" text-anchor="end">{text}</text>'
        )
    for day, anchor in ((chart.start, "start"), (chart.end, "end")):
        out.append(
            f'<text class="axis" x="{chart.x(day)}" y="{h - 8}" text-anchor="{anchor}">{day.isoformat()}</text>'
        )
    shift_no = 0
    for si, s in enumerate(series):
        colour = SERIES_COLOURS[(colours[si] if colours else si) % len(SERIES_COLOURS)]
        if len(s.points) > 1:
            upper = [f"{chart.x(p.date)},{chart.y(p.high)}" for p in s.points]
            lower = [f"{chart.x(p.date)},{chart.y(p.low)}" for p in reversed(s.points)]
            out.append(f'<polygon class="band" points="{" ".join(upper + lower)}" fill="{colour}"/>')
            path = " ".join(f"{chart.x(p.date)},{chart.y(p.tone)}" for p in s.points)
            out.append(f'<polyline class="mean" points="{path}" stroke="{colour}"/>')
        evidence = [e.attribution_id for sh in s.shifts for e in (*sh.evidence_before, *sh.evidence_after)]
        for st in sample(s.statements, evidence):
            when = said_date(st)
            if when is None:
                continue
            dot = (
                f'<circle class="dot" cx="{chart.x(when)}" cy="{chart.y(st.tone)}" r="3.5" fill="{colour}">'
                f'<title>{esc(f"{st.when} {st.tone:+.2f}: {st.quote[:160]}")}</title></circle>'
            )
            out.append(f'<a href="{esc(href(st))}">{dot}</a>' if href else dot)
        for sh in s.shifts:
            when = parse_date(sh.date)
            if when is None:
                continue
            shift_no += 1
            x = chart.x(when)
            title = f"{s.speaker} on {s.topic}: {sh.direction} from {sh.date} ({sh.before:+.2f} → {sh.after:+.2f})"
            out.append(
                f'<a class="shift-mark" href="#{esc(chart_id)}-shift-{shift_no}" data-date="{esc(sh.date)}">'
                f'<title>{esc(title)}</title>'
                f'<line x1="{x}" x2="{x}" y1="{chart.pad_top}" y2="{h - chart.pad_bottom}" stroke="{colour}"/>'
                f'<rect x="{x - 6}" y="{chart.pad_top}" width="12" height="{h - chart.pad_top - chart.pad_bottom}"/></a>'
            )
    out.append("</svg>")
    return Markup("".join(out))
