"""Outlets as readers name them: every stored spelling of one outlet under one name.

Stored outlet names come from page metadata, copyright lines and records, so one outlet
arrives as "The Northgate Post", "The Northgate Post Media Group", "© 2026 The Northgate
Post" or "The Northgate Post | World". ``outlet_name`` removes what is not the name — a
copyright sign or word, years, the owner's company words ("Media Group", "Inc.", "Ltd"),
a section after a separator — with the clean stage's own rules
(:func:`saidwhat.clean.names.normalise_outlet`) plus sections; spellings that differ only
in case or a leading "The" are one outlet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..clean.names import normalise_outlet
from ..errors import QueryError
from ..store import Filter, NameCount, Store
from .lookup import did_you_mean
from .memo import remembered
from .topics import TopicFamily, families

# "The Northgate Post | World", "Harbour Ledger - Opinion", "Eastbound Review: Business"
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|:]\s+")
SECTIONS = frozenset("""world politics opinion opinions news business sport sports europe analysis comment
    commentary home culture tech technology health science local national international breaking latest
    live economy markets finance features lifestyle entertainment video videos editorial editorials""".split())


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet: its name, every stored spelling, its documents and attributions."""

    name: str
    spellings: tuple[str, ...]
    documents: int
    attributions: int


def outlet_name(raw: str | None) -> str | None:
    """The outlet a stored name means, or None when nothing of a name is left.

    "© 2025 The Northgate Post Media Group. All rights reserved." -> "The Northgate Post";
    "The Harbour Ledger | Opinion" -> "The Harbour Ledger".
    """
    if not raw:
        return None
    parts = [p.strip() for p in _SEPARATOR.split(" ".join(raw.split())) if p.strip()]
    kept = [p for p in parts if p.casefold().strip(" .") not in SECTIONS]
    if not kept:
        return None
    text = kept[0].rstrip(" .")
    # A name the clean stage would not have taken from a copyright line (an owner's, a
    # lower-case one) still came from metadata: keep it rather than lose its documents.
    return normalise_outlet(text) or (text.strip(" ,|-–") or None)


def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: case-folded, without a leading "The"."""
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") else key


def outlets(store: Store) -> list[Outlet]:
    """Every outlet, most attributions first (documents without an outlet are not one)."""
    return remembered(store, ("outlets",), lambda: _outlets(store))


def _outlets(store: Store) -> list[Outlet]:
    groups: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for row in store.outlet_counts():
        name = outlet_name(row.name)
        if row.name is None or name is None:
            continue
        groups[outlet_key(name)].append((name, row.name, row.documents, row.count))
    out: list[Outlet] = []
    for rows in groups.values():
        votes: dict[str, int] = defaultdict(int)
        for name, _, docs, _ in rows:
            votes[name] += docs
        name = max(votes, key=lambda n: (votes[n], n.startswith("The "), n))
        out.append(Outlet(name, tuple(sorted(r[1] for r in rows)), sum(r[2] for r in rows), sum(r[3] for r in rows)))
    out.sort(key=lambda o: (-o.attributions, o.name.lower()))
    return out


def outlet_speakers(store: Store, outlet: Outlet, limit: int = 20) -> list[NameCount]:
    """The speakers an outlet quotes most, with their mean tone."""
    return remembered(store, ("outlet_speakers", outlet.spellings, limit),
                      lambda: store.speaker_counts(Filter(outlets=outlet.spellings), limit=limit))


def outlet_topics(store: Store, outlet: Outlet) -> list[TopicFamily]:
    """What an outlet's statements are about, one topic per family, with the mean tone."""
    return remembered(store, ("outlet_topics", outlet.spellings), lambda: families(
        [(c.name or "", c.count, c.mean_tone) for c in store.target_counts(Filter(outlets=outlet.spellings))]))


def find_outlet(store: Store, name: str) -> Outlet:
    """The outlet a typed name means (any spelling, any case).

    Raises:
        QueryError: no document is from it; the message suggests the closest outlets.
    """
    found = outlets(store)
    wanted = outlet_name(name)
    key = outlet_key(wanted or name)
    for outlet in found:
        if outlet_key(outlet.name) == key or any(s.casefold() == name.casefold() for s in outlet.spellings):
            return outlet
    names = [o.name for o in found]
    raise QueryError(f"No outlet named {name!r}{did_you_mean(name, names)} List them with: saidwhat outlets")
