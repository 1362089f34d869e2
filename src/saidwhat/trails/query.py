"""Reading trails: stored groups of copies -> :class:`Trail` records with labels and diffs.

Labels are judged when a trail is read, not when it is built, so they follow the current
canonical speakers (after ``saidwhat speakers merge``) and the current first appearance
(an older article ingested later becomes the first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ..errors import QueryError
from .records import Appearance, Trail
from .text import words
from .variants import VARIANTS, changes, label

PAGE = 200  # trails read per round while filtering by variant or speaker
UNDATED = "9999-12-31"  # undated printings sort after every dated one


class TrailReader(Protocol):
    """What trail queries need from a store (``saidwhat.store.trail_sql.TrailSql``)."""

    def trail_ids(
        self, speaker_id: int | None = None, since: str | None = None, limit: int = 50, offset: int = 0,
    ) -> list[int]: ...
    def trail_rows(self, trail_ids: Sequence[int]) -> list[dict[str, Any]]: ...


def _order(row: Mapping[str, Any]) -> tuple[str, str, str, int]:
    return (row["published"] or UNDATED, (row["outlet"] or "").lower(), row["doc_id"], int(row["attribution_id"]))


def assemble(trail_id: int, rows: Iterable[Mapping[str, Any]]) -> Trail | None:
    """One trail from its stored printings (``trail_rows``); None unless two documents print it.

    The first appearance is the earliest publication, ties broken by outlet name (then
    document id); undated printings come last. The trail's speaker is the canonical speaker
    most printings name (ties: the first appearance's), and a printing naming another one
    is ``misattributed``.
    """
    ordered = sorted(rows, key=_order)
    if len({r["doc_pk"] for r in ordered}) < 2:
        return None
    parsed = [words(r["text"]) for r in ordered]
    first = parsed[0]
    longest = max(parsed, key=len)  # max keeps the earliest of equally long copies
    named = Counter(r["speaker"] for r in ordered if r["speaker"])
    speaker = None
    if named:
        top = max(named.values())
        leaders = {name for name, n in named.items() if n == top}
        speaker = next(r["speaker"] for r in ordered if r["speaker"] in leaders)
    appearances = []
    for row, w in zip(ordered, parsed):
        same = row["speaker"] is None or speaker is None or row["speaker"] == speaker
        appearances.append(Appearance(
            attribution_id=int(row["attribution_id"]), doc_pk=int(row["doc_pk"]), doc=row["doc_id"],
            outlet=row["outlet"], published=row["published"], speaker=row["speaker"], quote=row["text"],
            variant=label(first, w, longest, same), diff=changes(first, w),
        ))
    return Trail(trail_id, ordered[0]["text"], speaker, tuple(appearances))


def load(store: TrailReader, trail_ids: Sequence[int]) -> list[Trail]:
    """The given trails (those still printed twice), in the order of ``trail_ids``."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in store.trail_rows(trail_ids):
        grouped.setdefault(int(row["trail_id"]), []).append(row)
    out = []
    for tid in trail_ids:
        trail = assemble(tid, grouped.get(tid, ()))
        if trail is not None:
            out.append(trail)
    return out


def query(
    store: TrailReader, speaker_id: int | None = None, variant: str | None = None,
    since: str | None = None, limit: int = 50, offset: int = 0,
) -> list[Trail]:
    """Trails printed more than once, most outlets first.

    Args:
        store: an open store.
        speaker_id: only trails where some printing names this canonical speaker
            (``store.speaker(name).id``), including printings that put words in their mouth.
        variant: only trails with at least one printing of this variant.
        since: only trails first printed on or after this ISO date.
        limit, offset: paging over the trails that pass the filters.

    Returns:
        The trails, each with its appearances, first appearance first.

    Raises:
        QueryError: ``variant`` is not one of :data:`~saidwhat.trails.variants.VARIANTS`.
    """
    if variant is not None and variant not in VARIANTS:
        raise QueryError(f"Variant {variant!r} is not one of: {', '.join(VARIANTS)}.")
    wanted, skip, start = [], offset, 0
    while len(wanted) < limit:
        ids = store.trail_ids(speaker_id, since, PAGE, start)
        start += PAGE
        for trail in load(store, ids):
            if variant is not None and variant not in trail.variants:
                continue
            if skip:
                skip -= 1
                continue
            wanted.append(trail)
            if len(wanted) == limit:
                break
        if len(ids) < PAGE:
            break
    return wanted


def get(store: TrailReader, trail_id: int) -> Trail | None:
    """One trail by id, or None when it is unknown or no longer printed twice."""
    found = load(store, [trail_id])
    return found[0] if found else None
