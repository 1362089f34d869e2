"""Speakers across the corpus: the refresh after an ingest, and user corrections (merge, split).

After an ingest only what the new documents touch is merged again. Alias merging
(``speakers.aliases``) decides within blocks of related names: people by surname (and a
bare first name by the people who have it), organisations by their words and acronyms. So
the names to merge again are the new ones, the known names that share a block key with
them, every alias of the speakers those belong to, and every name a user correction
mentions; their observations are read by name (indexed), merged, and written over just
those speakers. The work follows what was ingested, not the corpus. When a result would
reach a speaker outside that set, everything is merged again instead.

Nothing here reads every name: the block keys of each observed name are kept in the store
(``speaker_keys``, schema v9) and the new names' neighbours and aliases are looked up by
index, so the refresh costs what the new documents bring, whatever the size of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Refreshed:
    """What a refresh after an ingest did.

    Attributes:
        names: how many names were merged again.
        before: alias -> canonical name, before, for every name that could have moved;
            None when everything was merged again (any name could have).
        after: the same names, after.
    """

    names: int
    before: dict[str, str] | None
    after: dict[str, str]


def _key_names(store: Store) -> None:
    """Give the names of every document written so far their block keys (once each: only
    documents after the last keyed one are read; on a store made before keys, all once)."""
    done, last = store.speaker_keys_upto(), store.last_document()
    if done < last:
        names = store.names_in_documents_after(done)
        store.add_speaker_keys(((key, name) for name in names for key in block_keys(name)), last)


def refresh_after(store: Store, since_doc: int) -> Refreshed:
    """Merge again the names that documents written after ``since_doc`` touch (module doc),
    reading them by index: the new names, their neighbours by block key, and every alias of
    the speakers those belong to."""
    new = store.names_in_documents_after(since_doc)
    if not new:
        store.write_speakers([], {}, {}, scope=set())
        return Refreshed(0, {}, {})
    _key_names(store)
    corrections = store.speaker_corrections()
    scope = set(new) | {n for _, a, c in corrections for n in (a, c)}
    scope |= store.names_with_keys({key for name in scope for key in block_keys(name)})
    known = store.aliases_of(scope)  # the speakers of those names, with all their aliases
    scope |= known.keys()
    observations = store.speaker_observations(sorted(scope))
    mapping = merge_aliases(observations, corrections=[c for c in corrections if c[1] in scope or c[2] in scope])
    canon = {o.name: o.name for o in observations} | {n: cs.name for n, cs in mapping.items()}
    speakers = set(canon.values())
    if any(name in speakers and alias not in scope for alias, name in store.aliases_of(speakers).items()):
        store.refresh_speakers()  # the result reaches a speaker outside the set: merge everything
        return Refreshed(len(store.alias_map()), None, {})
    store.write_speakers(observations, mapping, canon, scope=scope)
    return Refreshed(len(scope), {n: known[n] for n in scope if n in known}, store.aliases_of(scope))


def refresh_speakers(store: Store, since_doc: int) -> int:
    """Merge again the names that documents written after ``since_doc`` touch (module doc).

    Returns:
        The number of names merged again.
    """
    return refresh_after(store, since_doc).names


def _corrected(store: Store, settings: Settings, action: str, alias: str, canonical: str) -> SpeakerRow:
    find_speaker(store, canonical)  # an unknown name gets suggestions
    was_current = store.shift_state()[0] == cache_key(store, settings)
    before = store.alias_map()
    row = store.merge_speakers(alias, canonical) if action == "merge" else store.split_speaker(alias, canonical)
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
