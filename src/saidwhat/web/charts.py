"""Server-side SVG charts: tone over time, statements per period, shifts on one date axis.

Every chart is drawn twice, a wide one (720 user units) and a narrow one (320) with fewer
ticks, and the stylesheet shows the one that fits (``static/charts.css``): both scale to
their container through ``viewBox``, and the narrow one keeps its 11 px text at least 11 px
on a 400 px screen. Every text that comes from the corpus goes through ``html.escape``.
Charts on one page share a ``(start, end)`` range so they can be compared.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import Markup

from ..models import Shift, Statement
from .axes import DateAxis, count_ticks, date_axis
from .views import MAX_DOTS, Series, parse_date, said_date, sample

WIDE, NARROW = 720, 320
LEFT, RIGHT = 40, 14  # room for the value labels; the last date label
TICK_SPACING = 64  # user units between date ticks at least
DOT_R = 3.5  # a statement's dot
esc = html.escape


@dataclass(frozen=True, slots=True)
class Style:
    """How one series looks: colour, line dash and marker shape (told apart without colour too)."""

    colour: str
    dash: str | None
    marker: str  # circle or square


STYLES = (Style("#1f5fa8", None, "circle"), Style("#b5521b", "7 4", "square"))


@dataclass(frozen=True, slots=True)
class Frame:
    """Pixel geometry of one chart: a date axis across, a value range up."""

    axis: DateAxis
    low: float
    high: float
    width: int
    height: int
    left: int = 40
    right: int = 14
    top: int = 10
    bottom: int = 26

    def x(self, day: dt.date) -> float:
        return self.xs()(day)

    def y(self, value: float) -> float:
        return self.ys()(value)

    def _across(self) -> Callable[[dt.date], float]:
        """Where a day falls across, unrounded, the frame's constants taken once."""
        start, left = self.axis.start, self.left
        span = max((self.axis.end - start).days, 1)
        inner = self.width - self.left - self.right
        return lambda day: left + inner * (day - start).days / span

    def _up(self) -> Callable[[float], float]:
        """Where a value falls down from the top, unrounded, the frame's constants taken once."""
        top, low, high = self.top, self.low, self.high
        inner = self.height - self.top - self.bottom
        return lambda value: top + inner * (high - max(low, min(high, value))) / (high - low)

    def xs(self) -> Callable[[dt.date], float]:
        """``x`` for many days (a chart places thousands of points)."""
        across = self._across()
        return lambda day: round(across(day), 1)

    def ys(self) -> Callable[[float], float]:
        """``y`` for many values."""
        up = self._up()
        return lambda value: round(up(value), 1)

    def xs_text(self) -> Callable[[dt.date], str]:
        """``str(x(day))`` at a third of the cost: one decimal written straight, as ``round(v, 1)``
        then ``repr`` write it (both round the exact value half to even; coordinates are
        positive and far below 1e16, where ``repr`` would switch to an exponent)."""
        across = self._across()
        return lambda day: f"{across(day):.1f}"

    def ys_text(self) -> Callable[[float], str]:
        """``str(y(value))`` at a third of the cost (see ``xs_text``)."""
        up = self._up()
        return lambda value: f"{up(value):.1f}"

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


def padded(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The range with 3% (at least a day) added on each side, so end dots are not cut in half."""
    pad = dt.timedelta(days=max(1, round((end - start).days * 0.03)))
    lo = start - pad if start > dt.date.min + pad else start
    hi = end + pad if end < dt.date.max - pad else end
    return lo, hi


def series_range(series: Iterable[Series]) -> tuple[dt.date, dt.date] | None:
    """First and last day over several series: their statements and their buckets' starts."""
    days: list[dt.date] = []
    for s in series:  # the statements' days as ``views.timelines`` found them, else read again
        days += s.span if s.span is not None else [d for st in s.statements if (d := said_date(st))]
    days += [p.date for s in series for p in s.points]
    return (min(days), max(days)) if days else None


def joined(*ranges: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    """One range covering all the given ones (None ones are ignored)."""
    found = [r for r in ranges if r is not None]
    if not found:
        return None
    return min(r[0] for r in found), max(r[1] for r in found)


def frame(rng: tuple[dt.date, dt.date], width: int, height: int, low: float, high: float) -> Frame:
    lo, hi = padded(*rng)
    inner = width - LEFT - RIGHT
    return Frame(date_axis(lo, hi, inner // TICK_SPACING), low, high, width, height, LEFT, RIGHT)


def _x_axis(f: Frame) -> list[str]:
    out = [f'<line class="axis-line" x1="{f.left}" x2="{f.width - f.right}" y1="{f.plot_bottom}" y2="{f.plot_bottom}"/>']
    for tick in f.axis.ticks:
        x = f.x(tick.day)
        anchor = "start" if x - f.left < 20 else "end" if f.width - f.right - x < 20 else "middle"
        out.append(
            f'<line class="tick" x1="{x}" x2="{x}" y1="{f.top}" y2="{f.plot_bottom + 4}"/>'
            f'<text class="axis x-label" x="{x}" y="{f.height - 6}" text-anchor="{anchor}" '
            f'data-date="{tick.day.isoformat()}">{esc(tick.label)}</text>'
        )
    return out


def _y_axis(f: Frame, values: Sequence[tuple[float, str]]) -> list[str]:
    """Grid lines across the plot with their labels on the left; the zero line stands out."""
    out = []
    for value, text in values:
        y = f.y(value)
        out.append(f'<line class="grid{" zero" if value == 0 and f.low < 0 else ""}" x1="{f.left}" x2="{f.width - f.right}" y1="{y}" y2="{y}"/>'
                   f'<text class="axis y-label" x="{f.left - 5}" y="{y + 4}" text-anchor="end">{esc(text)}</text>')
    return out


def _open(f: Frame, chart_id: str, label: str, kind: str) -> list[str]:
    return [
        f'<svg class="chart-svg {kind}" id="{esc(chart_id)}" viewBox="0 0 {f.width} {f.height}" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{esc(label)}">',
        f'<clipPath id="{esc(chart_id)}-clip"><rect x="{f.left}" y="{f.top - 4}" '
        f'width="{f.width - f.left - f.right}" height="{f.plot_bottom - f.top + 8}"/></clipPath>',
    ]


def both(draw: Callable[[int, str], str], chart_id: str) -> Markup:
    """The wide and the narrow drawing of one chart; the stylesheet shows one of them."""
    return Markup(
        f'<div class="chart-wide">{draw(WIDE, chart_id)}</div>'
        f'<div class="chart-narrow">{draw(NARROW, chart_id + "-n")}</div>'
    )


def _marker(style: Style, x: float, y: float, r: float, extra: str = "") -> str:
    if style.marker == "square":
        return f'<rect class="dot" x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{style.colour}"{extra}'
    return f'<circle class="dot" cx="{x}" cy="{y}" r="{r}" fill="{style.colour}"{extra}'


Dot = tuple[dt.date, float, str, str | None]  # day, tone, escaped hover text as a <title>, escaped link


def _mean_titles(s: Series, bucket: str) -> list[str]:
    """Each bucket mean's hover text, escaped (the same in the wide and the narrow drawing)."""
    return [esc(f"{s.speaker}, {bucket} of {p.date.isoformat()}: mean {p.tone:+.2f} ({p.n} statement"
                f"{'s' if p.n != 1 else ''}, 95% {p.low:+.2f} to {p.high:+.2f})") for p in s.points]


K = TypeVar("K")
V = TypeVar("V")


def _kept(place: Callable[[K], V]) -> Callable[[K], V]:
    """``place``, each answer kept: the dots and means of a drawing share most of their days."""
    found: dict[K, V] = {}

    def get(key: K) -> V:
        if (value := found.get(key)) is None:
            value = found[key] = place(key)
        return value

    return get


@dataclass(frozen=True, slots=True)
class Places:
    """Where one drawing puts days and tones: as SVG text, and as numbers (square dots)."""

    x: Callable[[dt.date], str]
    y: Callable[[float], str]
    xf: Callable[[dt.date], float]
    yf: Callable[[float], float]

    @staticmethod
    def of(f: Frame) -> Places:
        return Places(_kept(f.xs_text()), _kept(f.ys_text()), _kept(f.xs()), _kept(f.ys()))


def _tone_series(places: Places, s: Series, style: Style, titles: Sequence[str], dots: Sequence[Dot]) -> list[str]:
    out: list[str] = []
    x, y = places.x, places.y
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    at = [(x(p.date), y(p.tone)) for p in s.points]  # each mean's place: the line's and its circle's
    if len(s.points) > 1:
        upper = [f"{px},{y(p.high)}" for p, (px, _) in zip(s.points, at)]
        lower = [f"{px},{y(p.low)}" for p, (px, _) in zip(reversed(s.points), reversed(at))]
        out.append(f'<polygon class="band" points="{" ".join(upper + lower)}" fill="{style.colour}" stroke="{style.colour}"{dash}/>')
        path = " ".join(f"{px},{py}" for px, py in at)
        out.append(f'<polyline class="mean" points="{path}" stroke="{style.colour}"{dash}/>')
    for title, (px, py) in zip(titles, at):
        out.append(f'<circle class="mean-point" cx="{px}" cy="{py}" r="4" stroke="{style.colour}">'
                   f"<title>{title}</title></circle>")
    if style.marker == "square":
        xf, yf = places.xf, places.yf
        for when, tone, title, link in dots:
            dot = _marker(style, xf(when), yf(tone), DOT_R, f"{title}</rect>")
            out.append(f'<a href="{link}">{dot}</a>' if link is not None else dot)
    else:  # _marker's circle, its numbers written straight
        tail = f' r="{DOT_R}" fill="{style.colour}"'
        for when, tone, title, link in dots:
            dot = f'<circle class="dot" cx="{x(when)}" cy="{y(tone)}"{tail}{title}</circle>'
            out.append(f'<a href="{link}">{dot}</a>' if link is not None else dot)
    return out


def _dots(s: Series, href: Callable[[Statement], str] | None, limit: int, made: dict[int, Dot | None]) -> list[Dot]:
    """The statements a series draws as dots (``views.sample``), each one's texts escaped once
    per chart: the wide and the narrow drawing share ``made`` (by statement object)."""
    evidence = [e.attribution_id for sh in s.shifts for e in (*sh.evidence_before, *sh.evidence_after)]
    out: list[Dot] = []
    for st in sample(s.statements, evidence, limit):
        key = id(st)
        if key not in made:
            when = said_date(st)
            made[key] = None if when is None else (
                when, st.tone, f"><title>{esc(f'{s.speaker}, {st.when}: tone {st.tone:+.2f}: {st.quote[:160]}')}</title>",
                esc(href(st)) if href else None)
        dot = made[key]
        if dot is not None:
            out.append(dot)
    return out


def _shift_marks(f: Frame, shifts: Sequence[tuple[Shift, str]], colour: str) -> list[str]:
    out: list[str] = []
    for sh, anchor in shifts:
        when = parse_date(sh.date)
        if when is None:
            continue
        x = f.x(when)
        title = f"{sh.speaker} on {'everything' if sh.target == '*' else sh.target}: {sh.direction} from {sh.date[:10]} ({sh.before:+.2f} → {sh.after:+.2f}); click for the evidence"
        out.append(
            f'<a class="shift-mark" href="#{esc(anchor)}" data-date="{esc(sh.date)}"><title>{esc(title)}</title>'
            f'<line x1="{x}" x2="{x}" y1="{f.top}" y2="{f.plot_bottom}" stroke="{colour}"/>'
            f'<rect x="{x - 7}" y="{f.top}" width="14" height="{f.plot_bottom - f.top}"/></a>'
        )
    return out


def tone_chart(
    series: Sequence[Series],
    rng: tuple[dt.date, dt.date] | None,
    chart_id: str,
    href: Callable[[Statement], str] | None = None,
    styles: Sequence[int] | None = None,
    bucket: str = "week",
    shift_anchors: Sequence[str] | None = None,
) -> Markup:
    """Tone over time: statements as dots (linked to the statement), bucket means as a line
    with their 95% interval as a faint outlined band, detected shifts as dashed bars linked to
    their evidence (``#<shift_anchor>-shift-<k>``, numbered over the series in order).

    Args:
        series: one or more series on the same axes.
        rng: the page's shared date range (default: the range of ``series``).
        chart_id: a page-unique id.
        href: the URL of a statement.
        styles: the ``STYLES`` index of each series (default: by position).
        bucket: what a mean is taken over (day, week, month), for hover texts.
        shift_anchors: each series' id prefix of its shift evidence list (default: ``chart_id``).
    """
    rng = rng or series_range(series)
    if rng is None:
        return Markup('<p class="empty">No dated statements to chart.</p>')
    about = ", ".join(f"{s.speaker} on {'everything' if s.topic == '*' else s.topic}" for s in series)
    prefixes = shift_anchors or [chart_id] * len(series)
    numbered: list[list[tuple[Shift, str]]] = []
    for s, prefix in zip(series, prefixes):
        start = sum(len(m) for m, p in zip(numbered, prefixes) if p == prefix)
        numbered.append([(sh, f"{prefix}-shift-{start + k}") for k, sh in enumerate(s.shifts, 1)])

    made: dict[int, Dot | None] = {}
    titles = [_mean_titles(s, bucket) for s in series]

    def draw(width: int, svg_id: str) -> str:
        f = frame(rng, width, 210 if width == WIDE else 190, -1.0, 1.0)
        out = _open(f, svg_id, "Tone over time: " + about, "tone-chart")
        out += _y_axis(f, ((1.0, "+1"), (0.5, "+.5"), (0.0, "0"), (-0.5, "−.5"), (-1.0, "−1")))
        out += _x_axis(f)
        out.append(f'<g clip-path="url(#{esc(svg_id)}-clip)">')
        places = Places.of(f)
        for i, s in enumerate(series):
            style = STYLES[(styles[i] if styles else i) % len(STYLES)]
            dots = _dots(s, href, MAX_DOTS if width == WIDE else MAX_DOTS // 2, made)
            out += _tone_series(places, s, style, titles[i], dots)
            out += _shift_marks(f, numbered[i], style.colour)
        out.append("</g></svg>")
        return "".join(out)

    return both(draw, chart_id)


@dataclass(frozen=True, slots=True)
class Bar:
    """One period of a volume chart: its first and last day and its count."""

    start: dt.date
    end: dt.date
    count: int


def volume_chart(bars: Sequence[Bar], rng: tuple[dt.date, dt.date] | None, chart_id: str, by: str,
                 what: str = "statements") -> Markup:
    """Statements per period as bars on a date axis; each bar's hover says its period and count."""
    rng = rng or ((bars[0].start, bars[-1].end) if bars else None)
    if rng is None or not bars:
        return Markup(f'<p class="empty">No dated {esc(what)} to chart.</p>')
    ticks = count_ticks(max(b.count for b in bars))

    def draw(width: int, svg_id: str) -> str:
        f = frame(rng, width, 150 if width == WIDE else 140, 0.0, float(ticks[-1]))
        out = _open(f, svg_id, f"{what.capitalize()} per {by}", "volume-chart")
        out += _y_axis(f, [(float(value), f"{value:,}") for value in ticks])
        out += _x_axis(f)
        out.append(f'<g clip-path="url(#{esc(svg_id)}-clip)">')
        for b in bars:
            x0, x1 = f.x(b.start), f.x(b.end + dt.timedelta(days=1))
            w = max(1.5, round(x1 - x0 - 1, 1))
            y = f.y(b.count)
            period = b.start.isoformat() if by == "day" else f"{by} of {b.start.isoformat()}"
            out.append(f'<rect class="bar" x="{x0}" y="{y}" width="{w}" height="{round(f.plot_bottom - y, 1)}" '
                       f'data-count="{b.count}"><title>{esc(f"{period}: {b.count:,} {what}")}</title></rect>')
        out.append("</g></svg>")
        return "".join(out)

    return both(draw, chart_id)


def shift_chart(shifts: Sequence[tuple[Shift, str]], rng: tuple[dt.date, dt.date] | None, chart_id: str) -> Markup:
    """Every listed shift at its date, up by its change in tone (after minus before), each a link
    to its evidence (the anchor paired with it)."""
    days = [d for sh, _ in shifts if (d := parse_date(sh.date))]
    rng = rng or ((min(days), max(days)) if days else None)
    if rng is None:
        return Markup('<p class="empty">No dated shifts to chart.</p>')

    def draw(width: int, svg_id: str) -> str:
        f = frame(rng, width, 200 if width == WIDE else 180, -2.0, 2.0)
        out = _open(f, svg_id, "Tone shifts by date and size", "shift-chart")
        out += _y_axis(f, ((2.0, "+2"), (1.0, "+1"), (0.0, "0"), (-1.0, "−1"), (-2.0, "−2")))
        out += _x_axis(f)
        out.append(f'<g clip-path="url(#{esc(svg_id)}-clip)">')
        for sh, anchor in shifts:
            when = parse_date(sh.date)
            if when is None:
                continue
            change = sh.after - sh.before
            x, y0, y1 = f.x(when), f.y(0.0), f.y(change)
            topic = "everything" if sh.target == "*" else sh.target
            title = f"{sh.date[:10]}: {sh.speaker} on {topic}, {sh.before:+.2f} → {sh.after:+.2f}; click for the evidence"
            out.append(
                f'<a class="shift-point dir-{esc(sh.direction)}" href="#{esc(anchor)}"><title>{esc(title)}</title>'
                f'<line x1="{x}" x2="{x}" y1="{y0}" y2="{y1}"/><circle cx="{x}" cy="{y1}" r="5"/></a>'
            )
        out.append("</g></svg>")
        return "".join(out)

    return both(draw, chart_id)


def legend(entries: Sequence[tuple[str, str]]) -> Markup:
    """An HTML legend: (key, label) pairs; keys: ``dots``, ``mean``, ``band``, ``shift``,
    ``bar``, ``series-<k>`` (the ``STYLES[k]`` line and marker)."""
    keys = {
        "dots": '<circle cx="12" cy="7" r="3.5" fill="#1f5fa8"/>',
        "mean": '<line x1="1" x2="23" y1="7" y2="7" stroke="#1f5fa8" stroke-width="2"/>',
        "band": '<rect x="1" y="2" width="22" height="10" fill="#1f5fa8" fill-opacity=".12" stroke="#1f5fa8" stroke-opacity=".5"/>',
        "shift": '<line x1="12" x2="12" y1="0" y2="14" stroke="#1f5fa8" stroke-width="2" stroke-dasharray="4 3"/>',
        "bar": '<rect x="6" y="2" width="12" height="12" fill="#5f7f99"/>',
        "up": '<circle cx="12" cy="7" r="5" class="key-up"/>',
        "down": '<circle cx="12" cy="7" r="5" class="key-down"/>',
    }
    for k, style in enumerate(STYLES):
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        keys[f"series-{k}"] = (
            f'<line x1="0" x2="24" y1="7" y2="7" stroke="{style.colour}" stroke-width="2"{dash}/>'
            + _marker(style, 12.0, 7.0, 3.5, "/>")
        )
    items = "".join(
        f'<li><svg class="key" viewBox="0 0 24 14" width="24" height="14" aria-hidden="true">{keys[key]}</svg>{esc(label)}</li>'
        for key, label in entries
    )
    return Markup(f'<ul class="legend chart-legend">{items}</ul>')
