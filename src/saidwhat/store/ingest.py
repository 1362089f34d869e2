"""``ingest``: input paths -> pipeline -> store, idempotent and resumable.

Why a killed run can simply be rerun: every batch of results is written in one
transaction (a document commits with all its attributions and targets, or not at all),
and before parsing, inputs whose exact content is already stored at the same path are
dropped. A rerun therefore parses only what the killed run did not commit and ends with
the same rows an uninterrupted run writes. Speakers are recomputed from the stored rows
at the end of a run (by the refresh the service passes in) whenever documents were written
since the last recomputation (a flag committed with the documents), so they do not depend
on where a run stopped either. Quote
trails then take in every quote stored since their last update (``saidwhat.trails``),
which a killed run's rerun likewise finishes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, replace
from itertools import islice
from typing import cast

from .. import pipeline
from ..clean import RecurrenceProfile
from ..config import Settings
from ..ingest import iter_pages
from ..models import Parsed, RawPage, Skipped, content_hash
from ..trails.build import TrailIndex, update_trails
from .base import IngestSummary, ProgressCallback, Store

LOOKUP_CHUNK = 256


class _Tally:
    """The running summary, shared by the input filter and the writer."""

    def __init__(self, run_id: int) -> None:
        self.summary = IngestSummary(run_id)
        self.started = time.perf_counter()

    def add(self, **counts: int) -> IngestSummary:
        values = {k: getattr(self.summary, k) + v for k, v in counts.items()}
        self.summary = replace(self.summary, seconds=time.perf_counter() - self.started, **values)
        return self.summary


def _unseen(
    records: Iterable[RawPage | Skipped], store: Store, tally: _Tally,
    on_progress: ProgressCallback | None,
) -> Iterator[RawPage | Skipped]:
    """Drop pages whose content is already stored at their path (or, as a copy, elsewhere)."""
    it = iter(records)
    while chunk := list(islice(it, LOOKUP_CHUNK)):
        pages = [r for r in chunk if isinstance(r, RawPage)]
        digests = {id(p): content_hash(p.text) for p in pages}
        stored = store.known_hashes([p.path for p in pages])
        elsewhere = store.paths_of_hashes(list(digests.values()))
        for record in chunk:
            if isinstance(record, RawPage):
                digest = digests[id(record)]
                if stored.get(record.path) == digest or elsewhere.get(digest, record.path) != record.path:
                    summary = tally.add(inputs=1, unchanged=1)
                    if on_progress:
                        on_progress(summary)
                    continue
            yield record


def ingest(
    paths: list[str],
    settings: Settings,
    on_progress: ProgressCallback | None = None,
    db: str | None = None,
    store: Store | None = None,
    on_profile: Callable[[int], None] | None = None,
    refresh_speakers: Callable[[Store], object] | None = None,
) -> IngestSummary:
    """Read ``paths``, run the pipeline with ``settings.worker_count`` workers, store results.

    Args:
        paths: files or directories (see ``saidwhat.ingest.iter_pages``).
        settings: run settings; ``settings.db`` is the store unless ``db`` or ``store`` is given.
        on_progress: called after each input with the running summary.
        db: a SQLite path or ``postgresql://`` DSN overriding ``settings.db``.
        store: an open store to write to (it is left open); overrides ``db``.
        on_profile: called with the pages read so far by the site-profile pass.
        refresh_speakers: how to bring speakers up to date after writing
            (``saidwhat.service.speakers.refresh_speakers``); None leaves them marked stale
            (``store.speakers_stale()``) for the service to refresh.

    Returns:
        What the run did.

    Raises:
        InputError: a path does not exist (checked before anything is written).
        StoreError: the store cannot be opened or written.
    """
    recipe = pipeline.plan(paths, settings, on_profile)
    files = list(recipe.files)
    return ingest_records(iter_pages(files, settings), files, settings, on_progress, db, store, recipe.profile,
                          refresh_speakers)


def ingest_records(
    records: Iterable[RawPage | Skipped],
    sources: list[str],
    settings: Settings,
    on_progress: ProgressCallback | None = None,
    db: str | None = None,
    store: Store | None = None,
    profile: RecurrenceProfile | None = None,
    refresh_speakers: Callable[[Store], object] | None = None,
) -> IngestSummary:
    """Store already-read inputs (e.g. a web upload under a stable name); see :func:`ingest`.

    Args:
        records: pages (and ingest-stage ``Skipped`` records); a page's ``path`` is its identity.
        sources: what the run read, as recorded in the ``runs`` table.
        settings, on_progress, db, store, refresh_speakers: as for :func:`ingest`.
        profile: what recurs across the run's pages of each site
            (:func:`saidwhat.pipeline.corpus_profile`); None cleans each page alone.

    Returns:
        What the run did.
    """
    from . import open_store

    own = store is None
    target = store if store is not None else open_store(db or settings.db)
    try:
        run_id = target.begin_run(sources, asdict(settings))
        tally = _Tally(run_id)
        status = "failed"
        try:
            unseen = _unseen(pipeline.dedupe(records), target, tally, on_progress)
            batch: list[Parsed | Skipped] = []
            for result in pipeline.run(unseen, settings, profile=profile):
                batch.append(result)
                if len(batch) >= settings.batch_size:
                    _write(target, batch, run_id, tally, on_progress)
                    batch = []
            if batch:
                _write(target, batch, run_id, tally, on_progress)
            if refresh_speakers is not None and target.speakers_stale():
                refresh_speakers(target)
            update_trails(cast(TrailIndex, target))
            if tally.summary.documents:
                target.optimize()
            status = "finished"
        finally:
            summary = tally.add()
            target.finish_run(run_id, status, {k: v for k, v in asdict(summary).items() if k != "run_id"})
        return summary
    finally:
        if own:
            target.close()


def _write(
    store: Store, batch: list[Parsed | Skipped], run_id: int, tally: _Tally,
    on_progress: ProgressCallback | None,
) -> None:
    written = store.add_batch(batch, run_id)
    summary = tally.add(
        documents=written.documents, new_versions=written.new_versions, unchanged=written.unchanged,
        attributions=written.attributions, skipped=written.skipped,
    )
    for _ in batch:  # one tick per input; the counts above are already final for the batch
        summary = tally.add(inputs=1)
        if on_progress:
            on_progress(summary)
