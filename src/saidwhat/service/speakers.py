"""User corrections to speakers (merge, split), with the shifts they change refreshed."""

from __future__ import annotations

from ..config import Settings
from ..store import SpeakerRow, Store
from .ingest import touched_speakers
from .lookup import find_speaker
from .shifts import cache_key, refresh_shifts


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
