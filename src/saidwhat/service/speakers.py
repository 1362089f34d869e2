"""Speakers across the corpus: the refresh after an ingest, and user corrections (merge, split, rename).

After an ingest only what the new documents touch is merged again. Alias merging
(``speakers.aliases``) decides within blocks of related names: people by surname (and a
bare first name by the people who have it), organisations by their words and acronyms. So
the names to merge again are the new ones, the known names that share a block key with
them, every alias of the speakers those belong to, and every name a user correction
mentions; their observations are read by name (indexed), merged, and written over just
those speakers. The work follows what was ingested, not the corpus (one pass over the
distinct names builds the key index). When a result would reach a speaker outside that set,
everything is merged again instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..config import Settings
from ..speakers.aliases import merge_aliases
from ..speakers.names import acronym, name_tokens, org_key, person_key
from ..store import SpeakerRow, Store
from .lookup import find_speaker
from .shifts import cache_key, refresh_shifts


def touched_speakers(before: dict[str, str], after: dict[str, str], names: Iterable[str]) -> set[str]:
    """Canonical speakers whose statements changed: those of the observed ``names`` (before
    and after), and both sides of every alias that moved from one speaker to another."""
    out = {m[n] for n in names for m in (before, after) if n in m}
    for alias in before.keys() | after.keys():
        if before.get(alias) != after.get(alias):
            out |= {x for x in (before.get(alias), after.get(alias)) if x is not None}
    return out


def block_keys(name: str) -> set[str]:
    """The keys of the blocks alias merging may put ``name`` in (see the module docstring)."""
    keys = {"w:" + w for w in org_key(name).split() if len(w) > 1}
    tokens, _ = name_tokens(name)
    if tokens:
        surname, first, _ = person_key(tokens)
        keys |= {"w:" + surname} | ({"w:" + first} if first else set())
    letters = acronym(name).lower()
    if len(letters) > 1:
        keys.add("w:" + letters)
    return keys


def refresh_speakers(store: Store, since_doc: int) -> int:
    """Merge again the names that documents written after ``since_doc`` touch (see module doc).

    Returns:
        The number of names merged again.
    """
    new = store.names_in_documents_after(since_doc)
    if not new:
        store.write_speakers([], {}, {}, scope=set())
        return 0
    known = store.alias_map()
    corrections = store.speaker_corrections()
    index: dict[str, set[str]] = defaultdict(set)
    for name in known:
        for key in block_keys(name):
            index[key].add(name)
    scope = set(new) | {n for _, a, c in corrections for n in (a, c)}
    for name in list(scope):
        for key in block_keys(name):
            scope |= index.get(key, set())
    members: dict[str, set[str]] = defaultdict(set)
    for alias, canonical in known.items():
        members[canonical].add(alias)
    for canonical in {known[n] for n in scope if n in known} | (scope & members.keys()):
        scope |= members[canonical]
    observations = store.speaker_observations(sorted(scope))
    mapping = merge_aliases(observations, corrections=[c for c in corrections if c[1] in scope or c[2] in scope])
    canon = {o.name: o.name for o in observations} | {n: cs.name for n, cs in mapping.items()}
    if any(name in members and not members[name] <= scope for name in canon.values()):
        store.refresh_speakers()  # the result reaches a speaker outside the set: merge everything
        return len(known)
    store.write_speakers(observations, mapping, canon, scope=scope)
    return len(scope)


def _corrected(store: Store, settings: Settings, action: str, alias: str, canonical: str) -> SpeakerRow:
    find_speaker(store, alias if action == "rename" else canonical)  # an unknown name gets suggestions
    was_current = store.shift_state()[0] == cache_key(store, settings)
    before = store.alias_map()
    correct = {"merge": store.merge_speakers, "split": store.split_speaker, "rename": store.rename_speaker}[action]
    row = correct(alias, canonical)
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
