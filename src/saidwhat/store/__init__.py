"""Store stage: pipeline results -> SQLite (default) or PostgreSQL, and the queries over them.

    open_store("corpus.db")                 -> SQLiteStore (WAL, FTS5)
    open_store("postgresql://host/dbname")  -> PostgresStore (tsvector search)

Both implement :class:`saidwhat.store.base.Store`; ``store.ingest.ingest`` writes what the
pipeline makes of input files, and ``saidwhat.service.ingest`` (behind ``saidwhat ingest``)
adds the speaker and shift refresh. The store persists rows only: which names are one
speaker is decided in ``saidwhat.service.speakers``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError

from .base import (
    EXPORT_FORMATS, FACET_FIELDS, MARK_END, MARK_START, QUOTE_SORTS, SUGGEST_FIELDS, ArticleDetail, ArticleRow,
    AttributionRow, BatchResult, FacetCount, IngestSummary, QuoteQuery, QuoteRow, RunRow, SearchHit, SkippedRow, SpeakerRow, Store,
    snippet_html, snippet_text,
)
from .counts import Filter, NameCount
from .sql import SqlStore


def is_postgres(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str, create: bool = True, search_time_limit_ms: int | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``target``.

    Args:
        target: a SQLite file path, or a ``postgresql://`` DSN.
        create: create a missing SQLite file; when False, a missing file is an error
            (read-only commands should not leave empty databases behind a typo).
        search_time_limit_ms: stop a full-text search after this long (``QueryTimeout``);
            None keeps the store's default (``SEARCH_TIME_LIMIT_MS``).

    Returns:
        The open store; call ``close()`` when done (or use it as a context manager).

    Raises:
        StoreError: the database cannot be opened, does not exist (``create=False``), or
            was made by a newer saidwhat.
    """
    if is_postgres(target):
        from .postgres import PostgresStore

        return _limited(PostgresStore(target), search_time_limit_ms)
    from .sqlite import SQLiteStore

    if not create and target != ":memory:" and not Path(target).exists():
        raise StoreError(
            f"Database {target} does not exist. Create it with: saidwhat ingest PATH --db {target}"
        )
    return _limited(SQLiteStore(target), search_time_limit_ms)


def _limited(store: SqlStore, search_time_limit_ms: int | None) -> SqlStore:
    if search_time_limit_ms is not None:
        store.search_time_limit_ms = search_time_limit_ms
    return store


__all__ = [
    "EXPORT_FORMATS", "FACET_FIELDS", "MARK_END", "MARK_START", "QUOTE_SORTS", "SUGGEST_FIELDS", "ArticleDetail",
    "ArticleRow", "AttributionRow", "BatchResult", "FacetCount", "Filter", "IngestSummary", "NameCount",
    "QuoteQuery", "QuoteRow", "RunRow", "SearchHit", "SkippedRow",
    "SpeakerRow", "Store", "is_postgres", "open_store", "snippet_html", "snippet_text",
]
