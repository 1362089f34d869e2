"""Reading trails: stored groups of copies -> :class:`Trail` records with labels and diffs.

Labels are judged when a trail is read, not when it is built, so they follow the current
canonical speakers (after ``saidwhat speakers merge``) and the current first appearance
(an older article ingested later becomes the first).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ..errors import QueryError
from ..store.base import SpeakerRow
from ..store.sql import check_date
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
    def speaker(self, id_or_name: int | str) -> SpeakerRow | None: ...


def _order(row: Mapping[str, Any]) -> tuple[str, str, str, int]:
    return (row["published"] or UNDATED, (row["outlet"] or "").lower(), row["doc_id"], int(row["attribution_id"]))


def _plain(name: str) -> str:
    """A name in lower case without accents ("Calderón" -> "calderon")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def same_person(a: str, b: str) -> bool:
    """Whether two canonical speaker names can be one person.

    Alias merging leaves a bare surname apart from the full name when an article never
    gives the first name ("Kovac said" / "Hana Kovac said"), so a surname alone matches
    any full name with that surname; two full names must agree. Case and accents are
    ignored ("Calderon" / "Felipe Calderón").
    """
    x, y = _plain(a).split(), _plain(b).split()
    if not x or not y or x[-1] != y[-1]:
        return x == y
    return len(x) == 1 or len(y) == 1 or x == y


def trail_speaker(names: Sequence[str | None]) -> str | None:
    """The speaker most printings name (a surname counts for its full name), by its fullest name.

    Ties go to the speaker of the earliest printing; ``names`` are in printing order.
    """
    known = [n for n in names if n]
    if not known:
        return None
    votes = Counter(n for n in known)
    support = {n: sum(v for m, v in votes.items() if same_person(n, m)) for n in votes}
    top = max(support.values())
    leader = next(n for n in known if support[n] == top)
    return max((n for n in known if same_person(n, leader)), key=lambda n: len(n.split()))


def assemble(trail_id: int, rows: Iterable[Mapping[str, Any]]) -> Trail | None:
    """One trail from its stored printings (``trail_rows``); None unless two documents print it.

    The first appearance is the earliest publication, ties broken by outlet name (then
    document id); undated printings come last. The trail's speaker is the canonical speaker
    most printings name (:func:`trail_speaker`), and a printing naming another person
    (:func:`same_person`) is ``misattributed``.
    """
    ordered = sorted(rows, key=_order)
    if len({r["doc_pk"] for r in ordered}) < 2:
        return None
    parsed = [words(r["text"]) for r in ordered]
    first = parsed[0]
    longest = max(parsed, key=len)  # max keeps the earliest of equally long copies
    speaker = trail_speaker([r["speaker"] for r in ordered])
    appearances = []
    for row, w in zip(ordered, parsed):
        same = row["speaker"] is None or speaker is None or same_person(row["speaker"], speaker)
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
    store: TrailReader, speaker: str | int | None = None, variant: str | None = None,
    since: str | None = None, limit: int = 50, offset: int = 0,
) -> list[Trail]:
    """Trails printed in more than one document, most outlets first.

    Args:
        store: an open store.
        speaker: only trails where some printing names this speaker (canonical name, alias
            or id), including printings that put the words in their mouth.
        variant: only trails with at least one printing of this variant.
        since: only trails first printed on or after this date (YYYY-MM-DD).
        limit, offset: paging over the trails that pass the filters.

    Returns:
        The trails, each with its appearances, first appearance first.

    Raises:
        QueryError: an unknown speaker or variant, or a malformed date.
    """
    if variant is not None and variant not in VARIANTS:
        raise QueryError(f"Variant {variant!r} is not one of: {', '.join(VARIANTS)}.")
    day = check_date(since, "since")
    speaker_id = None
    if speaker is not None and speaker != "":
        row = store.speaker(int(speaker) if str(speaker).isdigit() else speaker)
        if row is None:
            raise QueryError(f"No speaker named {speaker!r}. List them with: saidwhat speakers")
        speaker_id = row.id
    wanted, skip, start = [], offset, 0
    while len(wanted) < limit:
        ids = store.trail_ids(speaker_id, day, PAGE, start)
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
