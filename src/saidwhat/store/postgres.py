"""PostgreSQL backend for teams: the same tables and queries, tsvector full-text search.

Writers serialise on one advisory lock per transaction (the same key the migrations use),
so two ``saidwhat ingest`` processes on one database queue instead of racing on versions.
Readers use plain READ COMMITTED snapshots and are never blocked by a writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .base import MARK_END, MARK_START
from .migrations import PG_LOCK_KEY, migrate_postgres
from .search import to_tsquery
from .sql import RANK_WINDOW, SqlStore, check_ints, timed_out

HEADLINE = "StartSel={start}, StopSel={stop}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
_PLACEHOLDER = re.compile(r"\?")


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database named by a ``postgresql://`` DSN."""

    ilike = "ILIKE"
    least = "least"

    def __init__(self, target: str, upto: int | None = None) -> None:
        super().__init__(target)
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL support needs psycopg: pip install 'psycopg[binary]'.") from None
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(target, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"Cannot connect to PostgreSQL at {_redact(target)}: {first}") from None
        try:
            self.schema_version = migrate_postgres(self._conn, _redact(target), upto)
        except psycopg.Error as exc:
            raise StoreError(f"Cannot migrate PostgreSQL database {_redact(target)}: {exc}") from None
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def optimize(self) -> None:
        """``ANALYZE``: without fresh statistics the planner sorts whole tables after a bulk load."""
        with self._lock:
            self._conn.execute("ANALYZE")

    def _sql(self, sql: str) -> str:
        # Our SQL never holds a literal '?' or '%' outside parameters.
        return _PLACEHOLDER.sub("%s", sql)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        check_ints(params)
        return self._conn.execute(self._sql(sql), tuple(params))

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._conn.cursor() as cur:
            cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else next(iter(row.values()))

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        self._depth += 1
        try:
            with self._conn.transaction():
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK_KEY,))
                yield
        finally:
            self._depth -= 1

    @contextmanager
    def _read(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        self._depth += 1
        try:
            with self._conn.transaction():
                self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield
        finally:
            self._depth -= 1

    # -- full-text search --------------------------------------------------------------
    @contextmanager
    def _time_limited(self, query: str) -> Iterator[None]:
        # Searches run inside _read's transaction: SET LOCAL ends with it (0 would mean no limit).
        self._conn.execute(f"SET LOCAL statement_timeout = {max(1, int(self.search_time_limit_ms))}")
        try:
            yield
        except self._psycopg.errors.QueryCanceled:
            raise timed_out(query, self.search_time_limit_ms) from None

    def _quote_matches(self, query: str, limit: int | None, offset: int = 0,
                       where: str = "", params: Sequence[Any] = ()) -> list[tuple[int, float]]:
        tsq, tparams = to_tsquery(query)
        if not where and limit is not None:
            rows = self._conn.execute(
                f"WITH q AS (SELECT {tsq} AS q), m AS (SELECT a.id, a.document_id, a.search_vector FROM attributions a, q "
                f"WHERE a.search_vector @@ q.q ORDER BY a.id DESC LIMIT %s) "
                f"SELECT m.id, ts_rank_cd(m.search_vector, q.q) * {self._whole('a.content_text')} AS rank FROM m "
                f"JOIN attributions a ON a.id = m.id "
                f"JOIN documents d ON d.id = m.document_id AND d.is_latest = 1, q "
                f"ORDER BY rank DESC, m.id LIMIT %s OFFSET %s",
                (*tparams, RANK_WINDOW, limit, offset),
            ).fetchall()
            return [(int(r["id"]), float(r["rank"])) for r in rows]
        page = "LIMIT %s OFFSET %s" if limit is not None else ""
        sql = (
            f"SELECT a.id, ts_rank_cd(a.search_vector, q.q) * {self._whole('a.content_text')} AS rank FROM attributions a "
            f"JOIN documents d ON d.id = a.document_id AND d.is_latest = 1, (SELECT {tsq} AS q) q "
            f"WHERE a.search_vector @@ q.q {'AND ' + self._sql(where) if where else ''} "
            f"ORDER BY rank DESC, a.id {page}"
        )
        rows = self._conn.execute(sql, (*tparams, *params, *((limit, offset) if limit is not None else ()))).fetchall()
        return [(int(r["id"]), float(r["rank"])) for r in rows]

    def _count_matches(self, query: str, where: str = "", params: Sequence[Any] = ()) -> int:
        tsq, tparams = to_tsquery(query)
        row = self._conn.execute(
            f"SELECT count(*) AS n FROM attributions a "
            f"JOIN documents d ON d.id = a.document_id AND d.is_latest = 1, (SELECT {tsq} AS q) q "
            f"WHERE a.search_vector @@ q.q {'AND ' + self._sql(where) if where else ''}",
            (*tparams, *params),
        ).fetchone()
        return int(row["n"])

    def _headline(self, table: str, column: str, query: str, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        tsq, tparams = to_tsquery(query)
        options = HEADLINE.format(start=MARK_START, stop=MARK_END)
        rows = self._conn.execute(
            f"SELECT t.id, ts_headline('english', {column}, q.q, %s) AS s FROM {table} t, (SELECT {tsq} AS q) q "
            f"WHERE t.id = ANY(%s)",
            (options, *tparams, list(ids)),
        ).fetchall()
        return {int(r["id"]): r["s"] for r in rows}

    def _quote_snippets(self, query: str, ids: Sequence[int]) -> dict[int, str]:
        return self._headline("attributions", "t.content_text", query, ids)

    def _phrase_ids(self, text: str) -> tuple[str, list[Any]]:
        return "SELECT id FROM attributions WHERE search_vector @@ phraseto_tsquery('english', ?)", [text]

    def _search_ids(self, query: str) -> tuple[str, list[Any]]:
        tsq, tparams = to_tsquery(query)
        return f"SELECT id FROM attributions WHERE search_vector @@ {tsq.replace('%s', '?')}", tparams

    def _article_matches(self, query: str, limit: int) -> list[tuple[int, float, str]]:
        tsq, tparams = to_tsquery(query)
        rows = self._conn.execute(
            f"WITH q AS (SELECT {tsq} AS q), m AS (SELECT d.id, d.search_vector FROM documents d, q "
            f"WHERE d.is_latest = 1 AND d.search_vector @@ q.q ORDER BY d.id DESC LIMIT %s) "
            f"SELECT m.id, ts_rank_cd(m.search_vector, q.q) AS rank FROM m, q ORDER BY rank DESC, m.id LIMIT %s",
            (*tparams, RANK_WINDOW, limit),
        ).fetchall()
        snippets = self._headline("documents", "t.text", query, [int(r["id"]) for r in rows])
        return [(int(r["id"]), float(r["rank"]), snippets.get(int(r["id"]), "")) for r in rows]


def _redact(dsn: str) -> str:
    """The DSN without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)
