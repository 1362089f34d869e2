"""SQLite backend: one file, WAL journal, FTS5 search with bm25 ranking and snippets.

Readers never see "database is locked": the journal is WAL (readers do not block the
writer, the writer does not block readers), every connection waits up to
``BUSY_TIMEOUT_MS`` for a lock, and writers take the lock up front (``BEGIN IMMEDIATE``)
so two writers queue instead of failing half-way through a transaction.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import QueryError, StoreError
from .base import MARK_END, MARK_START
from .migrations import migrate_sqlite
from .search import HELP, to_fts5
from .sql import RANK_WINDOW, SqlStore, check_ints, timed_out

BUSY_TIMEOUT_MS = 30_000
_WORD = re.compile(r"\w+")
SNIPPET_TOKENS = 24


class SQLiteStore(SqlStore):
    """The default store: a SQLite file (see the module docstring)."""

    def __init__(self, target: str, upto: int | None = None) -> None:
        super().__init__(target)
        path = Path(target)
        if target != ":memory:" and not path.parent.exists():
            raise StoreError(f"Cannot create database {target}: folder {path.parent} does not exist.")
        if path.is_dir():
            raise StoreError(f"Cannot open database {target}: it is a folder; pass a file path like corpus.db.")
        try:
            self._conn = sqlite3.connect(
                target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against a killed process (the WAL is written before the
            # commit returns); only a power cut can lose the last transactions.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.schema_version = migrate_sqlite(self._conn, target, upto)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Database {target} is damaged or not a saidwhat database ({exc}). "
                f"Move it aside and rebuild it with: saidwhat ingest PATH --db {target}"
            ) from None
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        check_ints(params)
        return self._conn.execute(sql, tuple(params))

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._depth:  # nested: part of the enclosing transaction
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        # A deferred transaction gives every query of one call the same snapshot.
        self._conn.execute("BEGIN")
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    # -- full-text search --------------------------------------------------------------
    @contextmanager
    def _time_limited(self, query: str) -> Iterator[None]:
        deadline = time.monotonic() + self.search_time_limit_ms / 1000
        # SQLite calls the handler every N virtual-machine steps; a true result interrupts.
        self._conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise timed_out(query, self.search_time_limit_ms) from None
        finally:
            self._conn.set_progress_handler(None, 0)

    def _match(self, sql: str, params: Sequence[Any], query: str) -> list[sqlite3.Row]:
        check_ints(params)
        try:
            return list(self._conn.execute(sql, tuple(params)).fetchall())
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise QueryError(f"Search query {query!r} is not valid ({exc}). {HELP}") from None
            raise

    def _quote_matches(self, query: str, limit: int | None, offset: int = 0,
                       where: str = "", params: Sequence[Any] = ()) -> list[tuple[int, float]]:
        fts = to_fts5(query)
        if not where and limit is not None:
            # Only superseded document versions need the join that drops their quotes; with
            # none stored (the usual case) the ranking is FTS alone (30 -> 12 ms at 1M quotes).
            latest_only = (
                "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1" if self._has_superseded() else ""
            )
            rows = self._match(
                f"SELECT m.id, m.rank * {self._whole('a.content_text')} AS rank FROM (SELECT rowid AS id, rank "
                "FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m "
                f"JOIN attributions a ON a.id = m.id {latest_only} ORDER BY 2, m.id LIMIT ? OFFSET ?",
                (fts, RANK_WINDOW, limit, offset), query,
            )
            return [(int(r["id"]), -float(r["rank"])) for r in rows]
        page = "LIMIT ? OFFSET ?" if limit is not None else ""
        rows = self._match(
            f"SELECT f.rowid AS id, f.rank * {self._whole('a.content_text')} AS rank FROM quotes_fts f "
            "JOIN attributions a ON a.id = f.rowid "
            "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
            f"WHERE quotes_fts MATCH ? {'AND ' + where if where else ''} ORDER BY 2, f.rowid {page}",
            (fts, *params, *((limit, offset) if limit is not None else ())), query,
        )
        return [(int(r["id"]), -float(r["rank"])) for r in rows]

    def _has_superseded(self) -> bool:
        return self._conn.execute("SELECT 1 FROM documents WHERE is_latest = 0 LIMIT 1").fetchone() is not None

    def _count_matches(self, query: str, where: str = "", params: Sequence[Any] = ()) -> int:
        if not where and not self._has_superseded():
            # Every indexed quote is a latest one: the index alone counts them (0 vs 60 ms for
            # a word in 10k of 100k quotes).
            rows = self._match("SELECT count(*) AS n FROM quotes_fts WHERE quotes_fts MATCH ?", (to_fts5(query),), query)
            return int(rows[0]["n"])
        rows = self._match(
            "SELECT count(*) AS n FROM quotes_fts f JOIN attributions a ON a.id = f.rowid "
            "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
            f"WHERE quotes_fts MATCH ? {'AND ' + where if where else ''}",
            (to_fts5(query), *params), query,
        )
        return int(rows[0]["n"])

    def _quote_snippets(self, query: str, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = self._match(
            f"SELECT rowid AS id, snippet(quotes_fts, 0, ?, ?, '…', {SNIPPET_TOKENS}) AS s FROM quotes_fts "
            f"WHERE quotes_fts MATCH ? AND rowid IN ({','.join('?' * len(ids))})",
            (MARK_START, MARK_END, to_fts5(query), *ids), query,
        )
        return {int(r["id"]): r["s"] for r in rows}

    def _phrase_ids(self, text: str) -> tuple[str, list[Any]]:
        words = " ".join(_WORD.findall(text))
        if not words:
            return "SELECT 0 WHERE 0", []
        return "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", ['"' + words + '"']

    def _search_ids(self, query: str) -> tuple[str, list[Any]]:
        return "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", [to_fts5(query)]

    def _search_source(self, query: str) -> tuple[str, str, list[Any], str]:
        # Driven by the index, newest rowid first: the window's end is reached without
        # collecting every match (a fifth of the time for a word in 10k quotes).
        return "quotes_fts f JOIN attributions a ON a.id = f.rowid", "quotes_fts MATCH ?", [to_fts5(query)], "f.rowid"

    def _same_text(self, column: str) -> str:
        return f"{column} = ? COLLATE NOCASE"  # the indexes on outlet and target name are NOCASE

    def _article_matches(self, query: str, limit: int) -> list[tuple[int, float, str]]:
        fts = to_fts5(query)
        rows = self._match(
            "SELECT m.id, m.rank FROM (SELECT rowid AS id, rank FROM documents_fts WHERE documents_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) m JOIN documents d ON d.id = m.id AND d.is_latest = 1 "
            "ORDER BY m.rank, m.id LIMIT ?",
            (fts, RANK_WINDOW, limit), query,
        )
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        snippets = {
            int(r["id"]): r["s"] for r in self._match(
                f"SELECT rowid AS id, snippet(documents_fts, 1, ?, ?, '…', {SNIPPET_TOKENS}) AS s "
                f"FROM documents_fts WHERE documents_fts MATCH ? AND rowid IN ({','.join('?' * len(ids))})",
                (MARK_START, MARK_END, fts, *ids), query,
            )
        }
        return [(int(r["id"]), -float(r["rank"]), snippets.get(int(r["id"]), "")) for r in rows]
