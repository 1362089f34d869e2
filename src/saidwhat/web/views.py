"""Pure presentation helpers: highlighted article text and tone timelines (charts: ``charts``).

Nothing here touches the store or the request; every function maps plain rows to plain
values (or to ``markupsafe.Markup`` built only from escaped text), so it is tested directly.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    span: tuple[dt.date, dt.date] | None = None  # first and last day said, when known (``timelines``)


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
    days: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for st in statements:
        if (day := said_date(st)) is not None:
            grouped[(st.speaker, st.target)].append(st)
            days[(st.speaker, st.target)].append(day)
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
        said = days[(speaker, topic)]
        out.append(Series(speaker, topic, tuple(items), points, tuple(by_key.get((speaker, topic), ())),
                          (min(said), max(said))))
    out.sort(key=lambda s: (s.topic != "*", -len(s.statements), s.speaker, s.topic))
    return out


MAX_DOTS = 240  # per series: a busy speaker has thousands of statements; the line carries the rest


def sample(statements: Sequence[Statement], keep: Iterable[int], limit: int = MAX_DOTS) -> list[Statement]:
    """At most ``limit`` statements spread evenly over time, plus those whose id is in ``keep``."""
    if len(statements) <= limit:
        return list(statements)
    must = set(keep)
    step = len(statements) / limit
    chosen = {int(i * step) for i in range(limit)}
    if must:
        chosen.update(i for i, st in enumerate(statements) if st.attribution_id in must)
    return [statements[i] for i in sorted(chosen)]
