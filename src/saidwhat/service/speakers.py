"""Speakers across the corpus: which names are one speaker, and user corrections (merge, split, rename).

This is the one place that decides it; the store only reads observations and corrections
and writes the speakers it is given (in one transaction). A full refresh merges every
observed name again (``speakers.aliases``), summarising every observation afresh, and
replays the corrections in force (``speakers.corrections``), so corrections survive
re-ingestion.

After an ingest only what the new documents touch is merged again. Alias merging
(``speakers.aliases``) decides within blocks of related names, and ``speakers.blocks`` keys
each name by the rules that relate it to others. So the names to merge again are the new
ones and every name a user correction mentions, the names whose outcome they can change
(their neighbours by key), the names all of those look at to decide (a bare surname at the
full names with it, and so on), and every alias of the speakers those belong to. Merged,
they may regroup: a speaker that gained or lost a name, or holds a new one, weighs
differently in a bare name's choice between namesakes, so its members' neighbours join and
the set is merged again, until it stops growing (at most ``GROWTHS`` times). What merging
needs of each name is read from its summary (``speakers.summaries``; one row per name,
schema v16, brought up to date first with the observations of the new documents and of the
versions they replace), never from all its observations, and the result is written over
just those speakers. The work follows what was ingested, not the corpus. When the set keeps growing or a result would
reach a speaker outside it, everything is merged again instead.

Nothing here reads every name: the block keys of each observed name are kept in the store
(``speaker_keys``, schema v9; ``speakers.blocks`` says which rule each key stands for, so
names that merely share a common word such as "Council" are not neighbours) and the new
names' neighbours and aliases are looked up by index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..config import Settings
from ..errors import QueryError
from ..models import CanonicalSpeaker, NameSummary
from ..speakers.aliases import explain_speaker, merge_names
from ..speakers.blocks import block_keys, looking_keys, partner_keys
from ..speakers.summaries import summarise, updated
from ..store import SpeakerRow, Store
from .lookup import did_you_mean, find_speaker, speaker_names_like
from .shifts import cache_key, refresh_shifts


def touched_speakers(before: dict[str, str], after: dict[str, str], names: Iterable[str]) -> set[str]:
    """Canonical speakers whose statements changed: those of the observed ``names`` (before
    and after), and both sides of every alias that moved from one speaker to another."""
    out = {m[n] for n in names for m in (before, after) if n in m}
    for alias in before.keys() | after.keys():
        if before.get(alias) != after.get(alias):
            out |= {x for x in (before.get(alias), after.get(alias)) if x is not None}
    return out


@dataclass(frozen=True)
class Refreshed:
    """What a speaker refresh did.

    Attributes:
        names: how many names were merged again.
        before: alias -> canonical name, before, for every name that could have moved;
            None when everything was merged again (any name could have).
        after: the same names, after (empty when ``before`` is None).
    """

    names: int
    before: dict[str, str] | None
    after: dict[str, str]


def refresh_speakers(store: Store, since_doc: int | None = None) -> int:
    """Bring canonical speakers up to date, in one write transaction.

    Args:
        store: the store to read observations and corrections from and write speakers to.
        since_doc: merge again only the names documents written after this document id
            touch (see the module docstring); None merges every name again.

    Returns:
        The number of names merged again.
    """
    return refresh_after(store, since_doc).names


def refresh_after(store: Store, since_doc: int | None) -> Refreshed:
    """:func:`refresh_speakers`, saying which names could have moved and where they went."""
    with store.transaction():
        if since_doc is not None:
            done = _refresh_touched(store, since_doc)
            if done is not None:
                return done
        summaries = summarise(store.speaker_observations())
        store.write_speaker_summaries(summaries, (), store.last_document(), everything=True)
        mapping = merge_names(summaries, corrections=store.speaker_corrections())
        canon = _canonical_names(summaries, mapping)
        store.write_speakers(summaries, mapping, canon)
        return Refreshed(len(canon), None, {})


def _canonical_names(summaries: list[NameSummary], mapping: dict[str, CanonicalSpeaker]) -> dict[str, str]:
    return {s.name: s.name for s in summaries} | {n: cs.name for n, cs in mapping.items()}


def _summarise_new(store: Store) -> None:
    """Bring the stored name summaries up to date: add what documents written since they
    were last brought up to date observed, take away what the versions these replaced had
    (on a store made before summaries, every observation is read once)."""
    upto, last = store.speaker_names_upto(), store.last_document()
    if upto >= last:
        return
    added, removed = store.observations_changed_after(upto)
    names = sorted({o.name for o in added} | {o.name for o in removed})
    summaries, gone, refirst = updated(store.speaker_summaries(names) if upto else [], added, removed)
    firsts = store.first_observations(refirst) if refirst else {}
    store.write_speaker_summaries(
        [replace(s, first=firsts[s.name]) if s.name in firsts else s for s in summaries], gone, last)


def _key_names(store: Store) -> None:
    """Give the names of every document written so far their block keys (once each: only
    documents after the last keyed one are read; on a store made before keys, all once)."""
    done, last = store.speaker_keys_upto(), store.last_document()
    if done < last:
        names = store.names_in_documents_after(done)
        store.add_speaker_keys(((key, name) for name in names for key in block_keys(name)), last)


GROWTHS = 8  # times the merged set may grow before a refresh merges everything instead


def _refresh_touched(store: Store, since_doc: int) -> Refreshed | None:
    """Merge again the names that documents written after ``since_doc`` touch (module doc),
    reading them by index. None when that set keeps growing or reaches a speaker outside it."""
    new = store.names_in_documents_after(since_doc)
    if not new:
        store.write_speakers([], {}, {}, scope=set())
        return Refreshed(0, {}, {})
    _key_names(store)
    _summarise_new(store)
    corrections = store.speaker_corrections()
    changed = set(new) | {n for _, a, c in corrections for n in (a, c)}
    scope: set[str] = set()
    expanded: set[str] = set()  # names whose every neighbour is in scope
    looked: set[str] = set()  # names whose every name looked at is in scope
    for _ in range(GROWTHS):
        scope |= _neighbours(store, changed - expanded)
        expanded |= changed
        scope |= _looked_at(store, scope, looked)
        looked |= scope
        known = store.aliases_of(scope)  # the speakers of those names, with all their aliases
        scope |= known.keys()
        summaries = store.speaker_summaries(sorted(scope))
        mapping = merge_names(summaries, corrections=[c for c in corrections if c[1] in scope or c[2] in scope])
        canon = _canonical_names(summaries, mapping)
        grown = _regrouped(known, canon, changed) | changed
        if grown <= expanded:
            break
        changed = grown
    else:
        return None
    speakers = set(canon.values())
    if any(name in speakers and alias not in scope for alias, name in store.aliases_of(speakers).items()):
        return None
    store.write_speakers(summaries, mapping, canon, scope=scope)
    return Refreshed(len(scope), {n: known[n] for n in scope if n in known}, store.aliases_of(scope))


def _neighbours(store: Store, names: set[str]) -> set[str]:
    """``names`` and the names whose outcome they can change: the holders of a partner of any
    of their keys (``speakers.blocks``)."""
    return names | store.names_with_keys(partner_keys(k for name in names for k in block_keys(name)))


def _looked_at(store: Store, names: set[str], done: set[str]) -> set[str]:
    """The names that ``names`` (less ``done``) look at to decide their own outcome, and
    the names those look at, until none is added."""
    found, fresh = set(names), names - done
    while fresh:
        more = store.names_with_keys(partner_keys(k for n in fresh for k in looking_keys(block_keys(n))))
        fresh = more - found - done
        found |= more
    return found


def _regrouped(before: dict[str, str], after: dict[str, str], changed: set[str]) -> set[str]:
    """The members of every speaker that holds a ``changed`` name (before or after) or that
    gained or lost a name: a speaker's mentions are what a bare name's choice between
    namesakes weighs, so each such member's neighbours may move."""
    def groups(mapping: dict[str, str]) -> dict[str, frozenset[str]]:
        members: dict[str, set[str]] = {}
        for name in after:
            members.setdefault(mapping.get(name, "\x00" + name), set()).add(name)
        return {n: frozenset(g) for g in members.values() for n in g}

    was, now = groups(before), groups(after)
    return {m for name in after if name in changed or was[name] != now[name] for m in was[name] | now[name]}


def correct(store: Store, action: str, alias: str, canonical: str) -> SpeakerRow:
    """Record one user correction and refresh every speaker (what :func:`merge` and :func:`split` do,
    without the shift cache).

    Args:
        store: the store.
        action: ``merge`` (``alias`` is ``canonical``) or ``split`` (``alias`` is not).
        alias: an observed name or a speaker, any case.
        canonical: the speaker (canonical name or alias).

    Returns:
        ``merge``: the merged speaker; ``split``: the alias's own speaker.

    Raises:
        QueryError: an unknown name, or a split of a name that is not the speaker's alias.
    """
    if action not in ("merge", "split"):
        raise QueryError(f"Unknown speaker correction {action!r}; use merge or split.")
    with store.transaction():
        target = find_speaker(store, canonical)
        stored = store.stored_alias(alias)
        if action == "merge":
            if stored is None:
                suggestions = did_you_mean(alias, speaker_names_like(store, alias))
                raise QueryError(f"No speaker or alias named {alias!r}{suggestions} List them with: saidwhat speakers")
            current = store.speaker(stored)
            if current is None or current.id != target.id:
                store.add_speaker_correction("merge", stored, target.name)
                refresh_speakers(store)
            stored = target.name
        else:
            if stored is None or stored not in target.aliases:
                raise QueryError(f"{alias!r} is not an alias of {canonical!r}; see its aliases with: saidwhat speakers")
            if stored == target.name:
                raise QueryError(
                    f"{alias!r} is the canonical name of this speaker; split one of its other aliases instead."
                )
            store.add_speaker_correction("split", stored, target.name)
            refresh_speakers(store)
        row = store.speaker(stored)
    assert row is not None
    return row


def explain(store: Store, name: str) -> tuple[str, list[tuple[str, str]]]:
    """The canonical name of speaker ``name`` and why each of its aliases joined it.

    Raises:
        QueryError: no speaker has that name; the message suggests the closest names.
    """
    speaker = find_speaker(store, name)
    found = explain_speaker(speaker.name, store.speaker_observations(), corrections=store.speaker_corrections())
    if found is None:  # documents were written since speakers were last merged (a killed ingest)
        raise QueryError(f"Speakers are out of date, so {name!r} cannot be explained; rerun: saidwhat ingest")
    return found


def _rename(store: Store, name: str, new_name: str) -> SpeakerRow:
    """Show speaker ``name`` as ``new_name`` from now on (kept across re-ingestion).

    Recorded as a merge of the current canonical name into the new one, which the one
    correction rule (``speakers.corrections``) already reads as "this group is now called";
    when the new name is one of the speaker's own aliases it is split off first.
    """
    new_name = " ".join(new_name.replace("\x00", "").split())
    if not new_name or len(new_name) > 200:
        raise QueryError("A speaker's new name must have 1 to 200 characters.")
    with store.transaction():
        current = find_speaker(store, name)
        other = store.speaker(new_name)
        if other is not None and other.id != current.id:
            raise QueryError(
                f"{new_name!r} is already the speaker {other.name!r}; merge the two instead "
                f"(saidwhat speakers merge {current.name!r} {other.name!r})."
            )
        alias = next((a for a in current.aliases if a == new_name), None) or next(
            (a for a in current.aliases if a.lower() == new_name.lower()), None)
        if alias is not None:
            new_name = alias  # one of its own names: split it off, then fold the rest into it
        if new_name != current.name:
            if alias is not None:
                store.add_speaker_correction("split", alias, current.name)
            store.add_speaker_correction("merge", current.name, new_name)
            refresh_speakers(store)
        renamed = store.speaker(new_name)
    assert renamed is not None
    return renamed


def _corrected(store: Store, settings: Settings, action: str, alias: str, canonical: str) -> SpeakerRow:
    was_current = store.shift_state()[0] == cache_key(store, settings)
    before = store.alias_map()
    row = _rename(store, alias, canonical) if action == "rename" else correct(store, action, alias, canonical)
    if was_current:
        refresh_shifts(store, settings, touched_speakers(before, store.alias_map(), ()))
    return row


def merge(store: Store, settings: Settings, alias: str, canonical: str) -> SpeakerRow:
    """Record that ``alias`` is the same speaker as ``canonical`` (kept across re-ingestion).

    Returns:
        The merged speaker.
    """
    return _corrected(store, settings, "merge", alias, canonical)


def split(store: Store, settings: Settings, alias: str, canonical: str) -> SpeakerRow:
    """Record that ``alias`` is NOT ``canonical``; it becomes a speaker of its own.

    Returns:
        The alias's own speaker.
    """
    return _corrected(store, settings, "split", alias, canonical)


def rename(store: Store, settings: Settings, speaker: str, new_name: str) -> SpeakerRow:
    """Show ``speaker`` (a name, alias or id) as ``new_name`` from now on (kept across re-ingestion).

    Returns:
        The renamed speaker.
    """
    return _corrected(store, settings, "rename", find_speaker(store, speaker).name, new_name)
