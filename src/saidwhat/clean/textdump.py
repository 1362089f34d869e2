"""Choose the body units of a text dump and lay them out as paragraphs with segments."""

from __future__ import annotations

import re

from ..models import Segment
from .lines import WORD, Unit

_SUBHEAD_END = re.compile(r"[.!][\"'”’»)]*$")


def is_subhead(unit: Unit, next_unit: Unit | None) -> bool:
    """A short heading inside the body, e.g. "Ceasefire on Syria?" or "Sanctions no more?".

    Subheads are kept out of the body so they are not parsed as sentences: at most ten
    words, no full stop at the end, and followed by a real paragraph.
    """
    text = unit.text.strip()
    words = WORD.findall(text)
    if not words or len(words) > 10 or _SUBHEAD_END.search(text):
        return False
    if any(q in text for q in "“”\"«»"):
        return False  # a short quote ("Please.") or a quoted fragment is body
    if text[:1].islower():
        return False
    return next_unit is not None and len(WORD.findall(next_unit.text)) >= 15


def select_body(
    units: list[Unit],
    probs: list[float],
    threshold: float,
    title: str | None = None,
    drop_subheads: bool = True,
) -> list[int]:
    """Indices of the units that form the body.

    Args:
        units: the page's units.
        probs: body probability of each unit (from the line model).
        threshold: keep units at or above it.
        title: the detected headline; its copies are never body.
        drop_subheads: leave out in-body subheads (see :func:`is_subhead`).
    """
    title_key = _key(title) if title else None
    kept = [i for i, p in enumerate(probs) if p >= threshold]
    if title_key:
        kept = [i for i in kept if _key(units[i].text) != title_key]
    if drop_subheads:
        out = []
        for pos, i in enumerate(kept):
            nxt = units[kept[pos + 1]] if pos + 1 < len(kept) else None
            if not is_subhead(units[i], nxt):
                out.append(i)
        kept = out
    return kept


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def assemble(text: str, units: list[Unit], kept: list[int]) -> tuple[str, tuple[Segment, ...]]:
    """Join the kept units into ``Article.text`` and its verbatim segments.

    Paragraphs are separated by exactly one blank line; pieces of a hard-wrapped paragraph
    are joined by one space. Only the inserted separators are not covered by a segment.
    """
    parts: list[str] = []
    segments: list[Segment] = []
    cursor = 0
    for n, i in enumerate(kept):
        if n:
            parts.append("\n\n")
            cursor += 2
        for k, (start, end) in enumerate(units[i].pieces):
            if k:
                parts.append(" ")
                cursor += 1
            parts.append(text[start:end])
            segments.append(Segment(cursor, start, end - start))
            cursor += end - start
    return "".join(parts), tuple(segments)
