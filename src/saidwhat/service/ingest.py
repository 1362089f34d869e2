"""Ingest into a store, then bring what depends on the corpus up to date (speakers, shifts).

The store stage writes documents (``saidwhat.store.ingest``); this module adds what spans
the corpus: speakers are merged again only where the new documents touch them
(:func:`service.speakers.refresh_speakers`), and the cached shifts of the speakers the new
documents touch are detected again — only theirs, so the cost follows what was ingested,
not the size of the corpus. A store whose cache was not current gets every shift detected
once instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..config import Settings
from ..ingest import resolve_inputs
from ..models import RawPage, Skipped
from ..store import IngestSummary, Store
from ..store.base import ProgressCallback
from ..store.ingest import ingest as store_ingest
from ..store.ingest import ingest_records as store_ingest_records
from .opening import open_or_create
from .shifts import cache_key, refresh_shifts
from .speakers import Refreshed, refresh_after, touched_speakers


def after_write(
    store: Store, settings: Settings, work: Callable[[Callable[[Store], object]], IngestSummary],
) -> IngestSummary:
    """Run ``work`` (a write to ``store``), then refresh the shifts it made out of date.

    ``work`` gets the speaker refresh to use: only what documents written from now on touch,
    or everything when speakers were already out of date (a killed earlier run).
    Which speakers' shifts are out of date comes from the names that refresh read, not
    from every alias in the store.
    """
    was_current = store.shift_state()[0] == cache_key(store, settings)
    last = store.last_document()
    since = None if store.speakers_stale() else last
    done: list[Refreshed] = []
    summary = work(lambda s: done.append(refresh_after(s, since)))
    before = done[0].before if done else None
    if was_current and not summary.documents:
        return summary
    if was_current and before is not None:
        after = done[0].after
        refresh_shifts(store, settings, touched_speakers(before, after, store.names_in_documents_after(last)))
    else:
        refresh_shifts(store, settings)
    return summary


def ingest(
    paths: list[str], settings: Settings, on_progress: ProgressCallback | None = None,
    on_profile: Callable[[int], None] | None = None, db: str | None = None,
) -> IngestSummary:
    """Read ``paths``, run the pipeline, store the results and refresh speakers and shifts.

    Args:
        paths: files or directories (``-``: stdin).
        settings: run settings; ``settings.db`` is the store unless ``db`` is given.
        on_progress: called after each input with the running summary.
        on_profile: called with the pages read so far by the site-profile pass.
        db: a SQLite path or ``postgresql://`` DSN.

    Returns:
        What the run did.

    Raises:
        InputError: a path does not exist (checked before the database is created).
        StoreError: the store cannot be opened or written.
    """
    resolve_inputs(paths)
    with open_or_create(db or settings.db) as store:
        return after_write(store, settings, lambda refresh: store_ingest(
            paths, settings, on_progress=on_progress, store=store, on_profile=on_profile, refresh_speakers=refresh))


def ingest_records(
    records: Iterable[RawPage | Skipped], sources: list[str], settings: Settings, db: str | None = None,
) -> IngestSummary:
    """Store already-read inputs (a web upload), then refresh speakers and shifts."""
    with open_or_create(db or settings.db) as store:
        return after_write(store, settings, lambda refresh: store_ingest_records(
            records, sources, settings, store=store, refresh_speakers=refresh))
