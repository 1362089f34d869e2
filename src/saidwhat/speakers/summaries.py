"""Per-name summaries of speaker observations: what alias merging reads, counted.

Merging (``speakers.aliases``) needs, per observed name, how often it was seen, with which
types and roles, in which documents, on which days and in which outlets, and where it first
appears. A store keeps one :class:`~saidwhat.models.NameSummary` per name and brings it up
to date after an ingest by adding what new documents observed and taking away what the
versions they replace had observed (:func:`updated`), so a refresh reads one row per name
instead of every observation of it. Everything is counted, never just collected, so that
taking away is exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from ..models import NameSummary, SpeakerObservation

_FIELDS = ("types", "roles", "docs", "days", "outlets")


def _day(published: str | None) -> str | None:
    try:
        return date.fromisoformat(published[:10]).isoformat() if published and len(published) >= 10 else None
    except ValueError:
        return None


def _values(obs: SpeakerObservation) -> dict[str, str | None]:
    """What one observation adds to its name's counts (None: nothing)."""
    return {"types": obs.type or "?", "roles": obs.role or None, "docs": obs.doc_id or None,
            "days": _day(obs.published), "outlets": obs.outlet.strip().lower() if obs.outlet else None}


class _Tally:
    def __init__(self, summary: NameSummary | None = None) -> None:
        self.first = summary.first if summary else 0
        self.count = summary.count if summary else 0
        self.fields = {f: Counter(dict(getattr(summary, f))) if summary else Counter() for f in _FIELDS}

    def add(self, obs: SpeakerObservation, sign: int) -> None:
        self.count += sign
        for field, value in _values(obs).items():
            if value is not None:
                self.fields[field][value] += sign

    def summary(self, name: str) -> NameSummary:
        return NameSummary(name, self.first, self.count, *(
            tuple(sorted((k, n) for k, n in self.fields[f].items() if n > 0)) for f in _FIELDS))


def summarise(observations: Iterable[SpeakerObservation]) -> list[NameSummary]:
    """One summary per observed name, in the order the names first appear.

    ``first`` is the first observation's store id, or its place in ``observations`` when
    they come from no store (ids 0).
    """
    tallies: dict[str, _Tally] = {}
    for i, obs in enumerate(observations):
        if not obs.name:
            continue
        tally = tallies.get(obs.name)
        if tally is None:
            tally = tallies[obs.name] = _Tally()
            tally.first = obs.id or i
        tally.add(obs, 1)
    return [t.summary(name) for name, t in tallies.items()]


def updated(
    current: Iterable[NameSummary], added: Iterable[SpeakerObservation], removed: Iterable[SpeakerObservation],
) -> tuple[list[NameSummary], set[str], set[str]]:
    """Summaries after observations were ``added`` (new documents) and ``removed`` (the
    versions they replaced; every observation carries its store id).

    Args:
        current: the stored summaries of the names observed in ``added`` or ``removed``.

    Returns:
        ``(summaries, gone, refirst)``: the new summaries of those names still observed,
        the names no longer observed, and the names whose first observation was removed
        (their ``first`` must be read again from the store).
    """
    tallies = {s.name: _Tally(s) for s in current}
    lost_first: set[str] = set()
    for obs in removed:
        tally = tallies.get(obs.name)
        if tally is not None:
            tally.add(obs, -1)
            if obs.id == tally.first:
                lost_first.add(obs.name)
    refirst = {name for name in lost_first if tallies[name].count > 0}  # older observations remain
    for obs in sorted(added, key=lambda o: o.id):
        if not obs.name:
            continue
        tally = tallies.setdefault(obs.name, _Tally())
        if tally.count <= 0:  # a name seen anew: new documents come after every stored one
            tally.first, tally.count = obs.id, 0
            tally.fields = {f: Counter() for f in _FIELDS}
        tally.add(obs, 1)
    kept = {name: t for name, t in tallies.items() if t.count > 0}
    return [t.summary(name) for name, t in kept.items()], set(tallies) - set(kept), refirst
