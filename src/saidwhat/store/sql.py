"""The query surface both backends share: plain SQL with ``?`` placeholders.

``SQLiteStore`` and ``PostgresStore`` subclass :class:`SqlStore` and supply the
connection, transactions, migrations and full-text search; everything else lives here so
the two backends cannot drift apart.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from ..errors import QueryError, QueryTimeout
from ..models import (
    ATTRIBUTION_KINDS, Attribution, CanonicalSpeaker, NameSummary, Parsed, Ranges, Segment, Skipped,
    SpeakerObservation,
    Statement, Target, content_hash,
)
from .base import (
    QUOTE_SORTS, ArticleDetail, ArticleRow, AttributionRow, BatchResult, QuoteQuery, QuoteRow, RunRow, SearchHit,
    SkippedRow, SpeakerRow,
)
from .facet_sql import FacetSql
from .marks import NOT_WRONG, WRONG
from .rows import probabilities
from .rows import statements as _statements
from .params import check_ints, chunks, marks
from .params import like as _like
from .params import plain as _text
from .shift_cache import ShiftCache
from .speaker_keys import SpeakerKeys
from .speaker_names import OBSERVATIONS, SpeakerNames, observation
from .trail_sql import TrailSql
from .counts import CountQueries
from .schema import LANGUAGE_VERSION, LATEST_VERSION, SAID_ON_VERSION, TARGET_PROBABILITIES_VERSION, WRONG_VERSION

KINDS = ATTRIBUTION_KINDS
GAP = " … "  # joins the pieces of a discontinuous span ("the talks," he said, "went well")

Row = Any  # sqlite3.Row or a psycopg dict row: both support row["column"]

# Unfiltered searches rank the RANK_WINDOW newest matches. Ranking every match of a
# common word ("government", in a tenth of all quotes) took 90 ms at 50k quotes and grows
# with the corpus; rarer words have fewer matches than the window, so their ranking is exact.
RANK_WINDOW = 1000
# Filters expected to match at most this many quotes are collected, then sorted by date.
SELECTIVE_ROWS = 5000
# How long one search may run before it is stopped (QueryTimeout), as Datasette's
# sql_time_limit_ms; a store's ``search_time_limit_ms`` attribute overrides it.
SEARCH_TIME_LIMIT_MS = 3000
# Relevance prefers whole statements: a quote shorter than WHOLE_CHARS has its text-match
# score scaled by its share of that length, so "the sanctions" (a fragment bm25 loves for
# its shortness) ranks below a sentence about the sanctions.
WHOLE_CHARS = 80
# Attributions a user marked wrong are left out of every listing (store/marks.py).


def timed_out(query: str, limit_ms: float) -> QueryTimeout:
    """The error for a search stopped at the time limit."""
    return QueryTimeout(
        f"Search {query[:80]!r} took longer than {limit_ms / 1000:g} s and was stopped; "
        "search for fewer or rarer words, or add filters."
    )


def now() -> str:
    """The current UTC time as ISO 8601 (seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def iso_date(published: str | None) -> str | None:
    """``published`` as an ISO date (YYYY-MM-DD), or None when it has none.

    The clean stage is the one place dates are read (:func:`saidwhat.clean.meta.iso_published`):
    what reaches the store is ISO 8601 already, so its first ten characters are the date.
    """
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10]).isoformat()
    except ValueError:
        return None


def check_date(value: str | None, name: str) -> str | None:
    """Validate a ``--since``/``--until`` value as an ISO date (None or "" means no bound)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise QueryError(f"{name} {value!r} is not a date; use YYYY-MM-DD, e.g. 2016-03-25.") from None


def _span_text(text: str, ranges: Ranges | None) -> str | None:
    if ranges is None:
        return None
    return GAP.join(text[s:e] for s, e in ranges)


def _dump_ranges(ranges: Ranges | None) -> str | None:
    return None if ranges is None else json.dumps([[s, e] for s, e in ranges])


def _load_ranges(value: str | None) -> Ranges | None:
    return None if value is None else tuple((int(s), int(e)) for s, e in json.loads(value))


class SqlStore(ShiftCache, SpeakerKeys, SpeakerNames, TrailSql, CountQueries, FacetSql):
    """Shared implementation of :class:`saidwhat.store.base.Store` over a DB-API connection."""

    target: str
    ilike = "LIKE"  # PostgreSQL: ILIKE
    least = "min"  # PostgreSQL: least
    nulls_last = "NULLS LAST"
    # The migration a store was opened up to (below the latest only in migration tests,
    # which write rows the way an older saidwhat did).
    schema_version = LATEST_VERSION

    def __init__(self, target: str) -> None:
        self.target = target
        self._lock = threading.RLock()
        self.search_time_limit_ms = SEARCH_TIME_LIMIT_MS

    # -- backend hooks -------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        """Turn ``?`` placeholders into the backend's."""
        return sql

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction (serialised between writers)."""
        raise NotImplementedError
        yield

    @contextmanager
    def _read(self) -> Iterator[None]:
        """One consistent read (a snapshot where the backend has them)."""
        raise NotImplementedError
        yield

    @contextmanager
    def _time_limited(self, query: str) -> Iterator[None]:
        """Stop the searches run inside after ``search_time_limit_ms`` (``QueryTimeout``)."""
        yield

    def _quote_matches(self, query: str, limit: int | None, offset: int = 0,
                       where: str = "", params: Sequence[Any] = ()) -> list[tuple[int, float]]:
        """Attribution ids matching a search (latest documents), best first, with rank."""
        raise NotImplementedError

    def _count_matches(self, query: str, where: str = "", params: Sequence[Any] = ()) -> int:
        """How many attributions (latest documents) match a search and the filters."""
        raise NotImplementedError

    def _quote_snippets(self, query: str, ids: Sequence[int]) -> dict[int, str]:
        raise NotImplementedError

    def _article_matches(self, query: str, limit: int) -> list[tuple[int, float, str]]:
        """(doc_pk, rank, snippet) of latest documents matching a search, best first."""
        raise NotImplementedError

    def _phrase_ids(self, text: str) -> tuple[str, list[Any]]:
        """A SELECT of the attribution ids whose quote or speaker holds ``text`` as a phrase."""
        raise NotImplementedError

    def _search_ids(self, query: str) -> tuple[str, list[Any]]:
        """A SELECT of the attribution ids matching a search query (``?`` placeholders)."""
        raise NotImplementedError

    def _search_source(self, query: str) -> tuple[str, str, list[Any], str]:
        """Attributions ``a`` matching a search, as (FROM clause, WHERE clause, its parameters,
        the column that orders them newest first)."""
        found, params = self._search_ids(query)
        return "attributions a", f"a.id IN ({found})", params, "a.id"

    def _whole(self, column: str) -> str:
        """The whole-statement factor of a quote text column (see ``WHOLE_CHARS``), in (0, 1]."""
        return f"{self.least}(1.0, (length({column}) + 1) / {WHOLE_CHARS}.0)"

    def _same_text(self, column: str) -> str:
        """``column = ?`` ignoring case, in a form the backend's index on ``column`` serves."""
        return f"lower({column}) = lower(?)"

    # -- helpers -------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._execute(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._execute(sql, params).fetchone()
        return row

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0] if not isinstance(row, dict) else next(iter(row.values()))

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        return int(self._scalar(sql + " RETURNING id", params))

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError

    # -- runs ----------------------------------------------------------------------
    def begin_run(self, inputs: Sequence[str], settings: dict[str, Any] | None = None) -> int:
        from ..version import __version__

        with self._lock, self._write():
            return self._insert_id(
                "INSERT INTO runs (started_at, status, inputs, settings, saidwhat_version) "
                "VALUES (?, 'running', ?, ?, ?)",
                (now(), json.dumps(list(inputs)), json.dumps(settings or {}, default=str), __version__),
            )

    def finish_run(self, run_id: int, status: str = "finished", counts: dict[str, Any] | None = None) -> None:
        with self._lock, self._write():
            self._execute(
                "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                (now(), status, json.dumps(counts or {}), run_id),
            )

    def runs(self) -> list[RunRow]:
        with self._lock, self._read():
            rows = self._rows("SELECT * FROM runs ORDER BY id")
        return [
            RunRow(r["id"], r["started_at"], r["finished_at"], r["status"],
                   tuple(json.loads(r["inputs"])), json.loads(r["settings"]), json.loads(r["counts"]))
            for r in rows
        ]

    # -- writing documents -----------------------------------------------------------
    def known_hashes(self, paths: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        with self._lock, self._read():
            for chunk in chunks(list(paths)):
                for r in self._rows(
                    f"SELECT path, content_hash FROM documents WHERE +is_latest = 1 AND path IN ({marks(chunk)})", chunk
                ):
                    out[r["path"]] = r["content_hash"]
        return out

    def paths_of_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """For each content hash stored as a latest version, the (first) path holding it."""
        out: dict[str, str] = {}
        with self._lock, self._read():
            for chunk in chunks(list(hashes)):
                for r in self._rows(
                    f"SELECT content_hash, min(path) AS path FROM documents "
                    f"WHERE +is_latest = 1 AND content_hash IN ({marks(chunk)}) GROUP BY content_hash", chunk
                ):
                    out[r["content_hash"]] = r["path"]
        return out

    def add_batch(self, results: Sequence[Parsed | Skipped], run_id: int | None = None) -> BatchResult:
        documents = versions = unchanged = attributions = skipped = 0
        with self._lock, self._write():
            for result in results:
                if isinstance(result, Skipped):
                    self._execute(
                        "INSERT INTO skipped (doc_id, path, stage, reason, run_id, seen_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path, stage, reason) DO NOTHING",
                        (result.doc_id, result.path, result.stage, result.reason, run_id, now()),
                    )
                    skipped += 1
                    continue
                outcome, n = self._add_parsed(result, run_id)
                if outcome == "unchanged":
                    unchanged += 1
                else:
                    documents += 1
                    versions += outcome == "version"
                    attributions += n
            if documents:
                # Committed with the documents, so a run killed before it refreshed
                # speakers leaves the flag set and the next run refreshes them.
                self._set_state("speakers_stale", "1")
        return BatchResult(documents, versions, unchanged, attributions, skipped)

    def _add_parsed(self, parsed: Parsed, run_id: int | None) -> tuple[str, int]:
        # "+is_latest" keeps SQLite's planner on the path/hash indexes: on the is_latest
        # index, each lookup scanned every document and ingestion slowed down as it grew.
        a = parsed.article
        digest = content_hash(a.raw) if a.raw else (a.content_hash or content_hash(a.text))
        latest = self._one(
            "SELECT id, version, content_hash FROM documents WHERE path = ? AND +is_latest = 1", (a.path,)
        )
        if latest is not None and latest["content_hash"] == digest:
            return "unchanged", 0
        if self._one(
            "SELECT id FROM documents WHERE content_hash = ? AND +is_latest = 1 AND path <> ?", (digest, a.path)
        ) is not None:
            return "unchanged", 0  # the same content is stored under another path
        version = 1
        if latest is not None:
            self._execute("UPDATE documents SET is_latest = 0 WHERE id = ?", (latest["id"],))
            version = int(latest["version"]) + 1
        else:
            top = self._scalar("SELECT max(version) FROM documents WHERE path = ?", (a.path,))
            version = int(top) + 1 if top is not None else 1
        doc_pk = self._insert_id(
            "INSERT INTO documents (doc_id, path, version, is_latest, content_hash, title, published, "
            "published_date, outlet, author, kind, url, venue, text, raw, offsets, segments, run_id, "
            "ingested_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.doc_id, a.path, version, digest, a.title, a.published, iso_date(a.published), a.outlet,
             a.author, a.kind, a.url, a.venue, a.text, a.raw, a.offsets,
             json.dumps([[s.text_start, s.input_start, s.length] for s in a.segments]), run_id, now()),
        )
        if a.language is not None and self.schema_version >= LANGUAGE_VERSION:
            self._execute("UPDATE documents SET language = ? WHERE id = ?", (a.language, doc_pk))
        self._add_attributions(doc_pk, parsed.attributions, a.text)
        self._execute("DELETE FROM skipped WHERE path = ?", (a.path,))
        return ("version" if version > 1 else "new"), len(parsed.attributions)

    def _add_attributions(self, doc_pk: int, attributions: Sequence[Attribution], text: str) -> None:
        if not attributions:
            return
        said_on = self.schema_version >= SAID_ON_VERSION
        self._executemany(
            "INSERT INTO attributions (document_id, ordinal, kind, content_spans, source_spans, "
            "cue_spans, content_text, source_text, cue_text, cue_lemma, speaker_name, speaker_type, "
            "role, tone, polarity, venue, confidence" + (", said_on, said_on_basis) " if said_on else ") ")
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (", ?, ?)" if said_on else ")"),
            [
                (doc_pk, ordinal, att.kind, _dump_ranges(att.content), _dump_ranges(att.source),
                 _dump_ranges(att.cue), _span_text(text, att.content) or "",
                 att.source_text if att.source_text is not None else _span_text(text, att.source),
                 _span_text(text, att.cue), att.cue_lemma, att.speaker, att.speaker_type, att.role,
                 att.tone, att.polarity, att.venue, att.confidence) + ((att.said_on, att.said_on_basis) if said_on else ())
                for ordinal, att in enumerate(attributions)
            ],
        )
        if not any(att.targets for att in attributions):
            return
        ids = {int(r["ordinal"]): int(r["id"]) for r in self._rows(
            "SELECT id, ordinal FROM attributions WHERE document_id = ?", (doc_pk,)
        )}
        probs = self.schema_version >= TARGET_PROBABILITIES_VERSION
        self._executemany(
            "INSERT INTO targets (attribution_id, ordinal, name, type, tone, polarity, start_char, end_char"
            + (", p_negative, p_neutral, p_positive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" if probs
               else ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            [(ids[ordinal], i, t.name, t.type, t.tone, t.polarity, t.start, t.end)
             + ((tuple(t.probabilities) if t.probabilities else (None, None, None)) if probs else ())
             for ordinal, att in enumerate(attributions) for i, t in enumerate(att.targets)],
        )

    # -- speakers ------------------------------------------------------------------
    def optimize(self) -> None:
        """Refresh the query planner's statistics after a large write (a no-op by default)."""

    def _set_state(self, key: str, value: str) -> None:
        self._execute(
            "INSERT INTO store_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def speakers_stale(self) -> bool:
        """Whether documents were written since speakers were last recomputed."""
        with self._lock, self._read():
            return self._scalar("SELECT value FROM store_state WHERE key = 'speakers_stale'") == "1"

    def speaker_observations(self, names: Sequence[str] | None = None) -> list[SpeakerObservation]:
        """Every attributed speaker name in the latest documents (only ``names`` when given), in id order."""
        sql = OBSERVATIONS + "AND d.is_latest = 1 WHERE a.speaker_name IS NOT NULL"
        with self._lock, self._read():
            if names is None:
                rows = self._rows(sql + " ORDER BY a.id")
            else:
                rows = sorted((r for c in chunks(list(names)) for r in self._rows(
                    sql + f" AND a.speaker_name IN ({marks(c)})", c)), key=lambda r: r["id"])
        return [observation(r) for r in rows]

    def speaker_corrections(self) -> list[tuple[str, str, str]]:
        """User corrections ``(action, alias, canonical)``, every one in the order they were made."""
        with self._lock, self._read():
            rows = self._rows("SELECT action, alias, canonical FROM speaker_corrections ORDER BY id")
        return [(r["action"], r["alias"], r["canonical"]) for r in rows]

    def add_speaker_correction(self, action: str, alias: str, canonical: str) -> None:
        """Record a user correction (``merge`` or ``split``) as the newest one."""
        with self._lock, self._write():
            self._execute(
                "INSERT INTO speaker_corrections (action, alias, canonical, created_at) VALUES (?, ?, ?, ?)",
                (action, alias, canonical, now()),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several calls (serialised between writers)."""
        with self._lock, self._write():
            yield

    def write_speakers(
        self, summaries: list[NameSummary], mapping: dict[str, CanonicalSpeaker],
        canon: dict[str, str], scope: set[str] | None = None,
    ) -> None:
        """Store canonical speakers and their aliases, and mark speakers fresh.

        Args:
            summaries: the summaries of the names ``canon`` was computed from.
            mapping: what alias merging said about each name (type, roles).
            canon: observed name -> canonical name.
            scope: the names that were recomputed (their speakers are whole within it); None:
                every speaker is replaced.
        """
        with self._lock, self._write():
            self._set_state("speakers_stale", "0")
            written = self._scalar("SELECT value FROM store_state WHERE key = 'speakers_written'")
            self._set_state("speakers_written", str(int(written or 0) + 1))  # part of corpus_version()
            self._write_speakers(summaries, mapping, canon, scope)

    def _write_speakers(
        self, summaries: list[NameSummary], mapping: dict[str, CanonicalSpeaker],
        canon: dict[str, str], scope: set[str] | None,
    ) -> None:
        types: dict[str, Counter[str]] = {}
        roles: dict[str, Counter[str]] = {}
        counts: Counter[str] = Counter()
        for summary in summaries:
            c = canon[summary.name]
            counts[c] += summary.count
            types.setdefault(c, Counter()).update({t: n for t, n in summary.types if t != "?"})
            roles.setdefault(c, Counter()).update(dict(summary.roles))
        types = {c: t for c, t in types.items() if t}
        names = sorted(set(canon.values()))
        existing = self._speaker_ids(None if scope is None else names)
        if scope is None:
            self._execute("DELETE FROM speaker_aliases")
            gone = [existing[n] for n in existing if n not in set(names)]
        else:
            scoped = sorted(scope)
            before: set[int] = set()
            for chunk in chunks(scoped):
                before |= {int(r["speaker_id"]) for r in self._rows(
                    f"SELECT speaker_id FROM speaker_aliases WHERE alias IN ({marks(chunk)})", chunk)}
                self._execute(f"DELETE FROM speaker_aliases WHERE alias IN ({marks(chunk)})", chunk)
            keep = {existing[n] for n in names if n in existing}
            gone = sorted(before - keep)
        for chunk in chunks(gone):
            self._execute(f"DELETE FROM speakers WHERE id IN ({marks(chunk)})", chunk)
        rows = []
        for name in names:
            given = mapping.get(name)
            kind = (given.type if given and given.type else None) or (
                types[name].most_common(1)[0][0] if name in types else None
            )
            role_list = list(given.roles) if given and given.roles else [
                r for r, _ in sorted(roles.get(name, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            rows.append((name, kind, json.dumps(role_list), counts[name]))
        # Update known names in place and insert only new ones, so a speaker keeps its id
        # (web links, bookmarks) for as long as its canonical name stays the same.
        self._executemany(
            "UPDATE speakers SET type = ?, roles = ?, attributions = ? WHERE name = ?",
            [(kind, roles_json, n, name) for name, kind, roles_json, n in rows if name in existing],
        )
        self._executemany(
            "INSERT INTO speakers (name, type, roles, attributions) VALUES (?, ?, ?, ?)",
            [row for row in rows if row[0] not in existing],
        )
        ids = self._speaker_ids(names)
        self._executemany(
            "INSERT INTO speaker_aliases (alias, speaker_id) VALUES (?, ?)",
            [(alias, ids[c]) for alias, c in sorted(canon.items())],
        )

    def _speaker_ids(self, names: list[str] | None) -> dict[str, int]:
        """Speaker name -> id, for ``names`` (by index) or every speaker (None)."""
        if names is None:
            return {r["name"]: r["id"] for r in self._rows("SELECT id, name FROM speakers")}
        out: dict[str, int] = {}
        for chunk in chunks(names):
            out.update({r["name"]: r["id"] for r in self._rows(
                f"SELECT id, name FROM speakers WHERE name IN ({marks(chunk)})", chunk)})
        return out

    def stored_alias(self, name: str) -> str | None:
        """``name`` as stored (an alias or canonical name), matched case-insensitively."""
        with self._lock, self._read():
            row = self._one(
                "SELECT alias FROM speaker_aliases WHERE alias = ? UNION ALL "
                "SELECT alias FROM speaker_aliases WHERE lower(alias) = lower(?) LIMIT 1", (name, name)
            )
            if row is None:
                row = self._one("SELECT name AS alias FROM speakers WHERE lower(name) = lower(?) LIMIT 1", (name,))
        return None if row is None else str(row["alias"])

    def speakers(self, limit: int = 100, offset: int = 0, search: str | None = None) -> list[SpeakerRow]:
        where, params = "", []
        if search:
            where = (f"WHERE s.name {self.ilike} ? ESCAPE '\\' OR s.id IN "
                     f"(SELECT speaker_id FROM speaker_aliases WHERE alias {self.ilike} ? ESCAPE '\\')")
            params = [_like(_text(search)), _like(_text(search))]
        with self._lock, self._read():
            rows = self._rows(
                f"SELECT s.* FROM speakers s {where} ORDER BY s.attributions DESC, s.name LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
            return self._speaker_rows(rows)

    def _speaker_rows(self, rows: list[Row]) -> list[SpeakerRow]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        aliases: dict[int, list[str]] = {}
        for a in self._rows(
            f"SELECT speaker_id, alias FROM speaker_aliases WHERE speaker_id IN ({','.join('?' * len(ids))}) "
            "ORDER BY alias", ids
        ):
            aliases.setdefault(a["speaker_id"], []).append(a["alias"])
        return [
            SpeakerRow(int(r["id"]), r["name"], r["type"], tuple(aliases.get(r["id"], [])),
                       tuple(json.loads(r["roles"])), int(r["attributions"]))
            for r in rows
        ]

    def speaker(self, id_or_name: int | str) -> SpeakerRow | None:
        with self._lock, self._read():
            row = None
            if isinstance(id_or_name, int) or str(id_or_name).isdigit():
                row = self._one("SELECT * FROM speakers WHERE id = ?", (int(id_or_name),))
            if row is None:
                name = _text(str(id_or_name))
                row = self._one("SELECT * FROM speakers WHERE name = ?", (name,)) or self._one(
                    "SELECT s.* FROM speakers s JOIN speaker_aliases a ON a.speaker_id = s.id WHERE a.alias = ?",
                    (name,),
                ) or self._one(
                    "SELECT * FROM speakers WHERE lower(name) = lower(?) ORDER BY id LIMIT 1", (name,)
                ) or self._one(
                    "SELECT s.* FROM speakers s JOIN speaker_aliases a ON a.speaker_id = s.id "
                    "WHERE lower(a.alias) = lower(?) ORDER BY s.id LIMIT 1", (name,),
                )
            found = self._speaker_rows([row]) if row is not None else []
        return found[0] if found else None

    # -- reading -------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        with self._lock, self._read():
            docs: Row = self._one(
                "SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, min(published_date) AS first, "
                "max(published_date) AS last FROM documents WHERE is_latest = 1"
            )
            # All attributions (an index-only count) minus those of superseded versions
            # (usually few): a join over every row took seconds on a million attributions.
            by_kind = {r["kind"]: int(r["n"]) for r in self._rows(
                "SELECT kind, count(*) AS n FROM attributions GROUP BY kind ORDER BY kind"
            )}
            for r in self._rows(
                "SELECT a.kind, count(*) AS n FROM documents d CROSS JOIN attributions a "
                "WHERE a.document_id = d.id AND d.is_latest = 0 GROUP BY a.kind"
            ):
                by_kind[r["kind"]] -= int(r["n"])
            by_kind = {k: v for k, v in by_kind.items() if v}
            return {
                "documents": int(docs["n"]),
                "attributions": sum(by_kind.values()),
                "speakers": int(self._scalar("SELECT count(*) FROM speakers")),
                "skipped": int(self._scalar("SELECT count(*) FROM skipped")),
                "outlets": int(docs["outlets"]),
                "versions": int(self._scalar("SELECT count(*) FROM documents")),
                "runs": int(self._scalar("SELECT count(*) FROM runs")),
                "first_date": docs["first"],
                "last_date": docs["last"],
                "by_kind": by_kind,
            }

    def articles(
        self, limit: int = 50, offset: int = 0, outlet: str | None = None,
        since: str | None = None, until: str | None = None, kind: str | None = None,
    ) -> list[ArticleRow]:
        clauses, params = ["d.is_latest = 1"], []
        if outlet:
            clauses.append(self._same_text("d.outlet"))
            params.append(_text(outlet))
        if (s := check_date(since, "since")):
            clauses.append("d.published_date >= ?")
            params.append(s)
        if (u := check_date(until, "until")):
            clauses.append("d.published_date <= ?")
            params.append(u)
        if kind:
            clauses.append("d.kind = ?")
            params.append(_text(kind))
        with self._lock, self._read():
            rows = self._rows(
                "SELECT d.id, d.doc_id, d.path, d.version, d.title, d.published, d.outlet, d.author, "
                "d.kind, d.url, d.content_hash, d.ingested_at, "
                "(SELECT count(*) FROM attributions a WHERE a.document_id = d.id) AS n "
                f"FROM documents d WHERE {' AND '.join(clauses)} "
                f"ORDER BY d.published_date DESC {self.nulls_last}, d.id DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        return [
            ArticleRow(int(r["id"]), r["doc_id"], r["path"], int(r["version"]), r["title"], r["published"],
                       r["outlet"], r["author"], r["kind"], r["url"], int(r["n"]), r["content_hash"],
                       r["ingested_at"])
            for r in rows
        ]

    def article(self, doc_pk: int) -> ArticleDetail | None:
        with self._lock, self._read():
            d = self._one("SELECT * FROM documents WHERE id = ?", (doc_pk,))
            if d is None:
                return None
            wrong = WRONG if self._has_wrong() else "0 = 1"
            rows = self._rows(
                f"SELECT a.*, s.id AS sid, s.name AS sname, CASE WHEN {wrong} THEN 1 ELSE 0 END AS is_wrong "
                "FROM attributions a JOIN documents d ON d.id = a.document_id "
                "LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name "
                "LEFT JOIN speakers s ON s.id = sa.speaker_id WHERE a.document_id = ? ORDER BY a.ordinal",
                (doc_pk,),
            )
            targets = self._targets([r["id"] for r in rows])
        atts = tuple(
            AttributionRow(
                int(r["id"]), doc_pk, int(r["ordinal"]), r["kind"], _load_ranges(r["content_spans"]) or (),
                _load_ranges(r["source_spans"]), _load_ranges(r["cue_spans"]), r["content_text"],
                r["source_text"], r["cue_text"], r["cue_lemma"], r["sid"], r["sname"], r["speaker_name"],
                r["speaker_type"], r["role"], r["tone"], r["polarity"], r["venue"], float(r["confidence"]),
                tuple(targets.get(r["id"], ())), r["said_on"], r["said_on_basis"], bool(r["is_wrong"]),
            )
            for r in rows
        )
        return ArticleDetail(
            int(d["id"]), d["doc_id"], d["path"], int(d["version"]), bool(d["is_latest"]), d["title"],
            d["published"], d["outlet"], d["author"], d["kind"], d["url"], d["venue"], d["content_hash"],
            d["ingested_at"], d["text"], d["raw"], d["offsets"],
            tuple(Segment(*seg) for seg in json.loads(d["segments"])), atts,
        )

    def _targets(self, attribution_ids: Sequence[int]) -> dict[int, list[Target]]:
        out: dict[int, list[Target]] = {}
        for chunk in chunks(list(attribution_ids)):
            for t in self._rows(
                f"SELECT * FROM targets WHERE attribution_id IN ({marks(chunk)}) "
                "ORDER BY attribution_id, ordinal", list(chunk)
            ):
                out.setdefault(t["attribution_id"], []).append(
                    Target(t["name"], t["type"], float(t["tone"]), t["polarity"], t["start_char"], t["end_char"],
                           probabilities(t))
                )
        return out

    def _quote_filters(self, query: QuoteQuery, ordered: bool = True) -> tuple[list[str], list[Any], bool] | None:
        """WHERE clauses over ``a`` (attributions) and ``d`` (documents), their parameters, and
        whether they select few rows (see ``quotes``); ``ordered``: for a newest-first page
        rather than a count. None: the query matches nothing."""
        clauses: list[str] = []
        params: list[Any] = []
        selective = False
        cleaned: dict[str, Any] = {
            k: _text(v) for k in ("speaker", "about", "outlet", "kind") if isinstance(v := getattr(query, k), str)
        }
        query = replace(query, **cleaned)
        if query.speaker:
            row = self.speaker(query.speaker)
            if row is None:
                return None
            selective = row.count <= SELECTIVE_ROWS
            # A much-quoted speaker: walk quotes newest first and keep theirs (the first page
            # is near); "|| ''" hides the speaker index, which would collect and sort all of
            # them (760 ms for a speaker with half a million quotes).
            column = "a.speaker_name" if selective or not ordered else "(a.speaker_name || '')"
            clauses.append(f"{column} IN (SELECT alias FROM speaker_aliases WHERE speaker_id = ?)")
            params.append(row.id)
        if query.about:
            # A target/topic name, or else the words as a phrase in the quote (full-text:
            # "sanction" finds "sanctions", and it stays fast on a million rows).
            words, word_params = self._phrase_ids(query.about)
            clauses.append(
                f"a.id IN (SELECT t.attribution_id FROM targets t WHERE {self._same_text('t.name')} UNION {words})"
            )
            params += [query.about, *word_params]
            selective = True
        if query.id is not None:
            clauses.append("a.id = ?")
            params.append(query.id)
            selective = True
        if query.outlet:
            clauses.append(self._same_text("d.outlet"))
            params.append(query.outlet)
        if (since := check_date(query.since, "since")):
            clauses.append("d.published_date >= ?")
            params.append(since)
        if (until := check_date(query.until, "until")):
            clauses.append("d.published_date <= ?")
            params.append(until)
        if query.kind:
            if query.kind not in KINDS:
                raise QueryError(f"Unknown attribution kind {query.kind!r}; use one of: {', '.join(KINDS)}.")
            clauses.append("a.kind = ?")
            params.append(query.kind)
        if self._has_wrong():
            clauses.append(NOT_WRONG)
        return clauses, params, selective

    def _has_wrong(self) -> bool:
        """Whether any attribution is marked wrong (listings skip the check when none is)."""
        if self.schema_version < WRONG_VERSION:
            return False
        return self._one("SELECT 1 FROM wrong_attributions LIMIT 1") is not None

    def mark_wrong(self, attribution_id: int, wrong: bool = True, note: str | None = None) -> str | None:
        check_ints((attribution_id,))
        with self._lock, self._write():
            row = self._one(
                "SELECT d.doc_id, a.content_text, s.name AS sname FROM attributions a "
                "JOIN documents d ON d.id = a.document_id "
                "LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name "
                "LEFT JOIN speakers s ON s.id = sa.speaker_id WHERE a.id = ?", (attribution_id,),
            )
            if row is None:
                raise QueryError(f"No attribution with id {attribution_id}. Find ids with: saidwhat quotes --format jsonl")
            self._execute("DELETE FROM wrong_attributions WHERE doc_id = ? AND content_text = ?",
                          (row["doc_id"], row["content_text"]))
            if wrong:
                self._execute(
                    "INSERT INTO wrong_attributions (doc_id, content_text, note, created_at) VALUES (?, ?, ?, ?)",
                    (row["doc_id"], row["content_text"], _text(note) if note else None, now()),
                )
        return None if row["sname"] is None else str(row["sname"])

    def quotes(self, query: QuoteQuery) -> list[QuoteRow]:
        if query.limit < 0 or query.offset < 0:
            raise QueryError("limit and offset must be zero or more.")
        if query.sort not in QUOTE_SORTS:
            raise QueryError(f"sort={query.sort!r} is not valid. Use one of: {', '.join(QUOTE_SORTS)}.")
        check_ints((query.limit, query.offset))
        with self._lock, self._read():
            filters = self._quote_filters(query)
            if filters is None:
                return []
            clauses, params, selective = filters
            where = " AND ".join(clauses)
            if query.search and query.sort == "relevance":
                with self._time_limited(query.search):
                    matches = self._quote_matches(query.search, query.limit, query.offset, where, params)
                    ids = [i for i, _ in matches]
                    snippets = self._quote_snippets(query.search, ids)
                return self._quote_rows(ids, snippets)
            if query.search:
                found, found_params = self._search_ids(query.search)
                where = " AND ".join([*clauses, f"a.id IN ({found})"])
                params, selective = [*params, *found_params], True
            order = "ASC" if query.sort == "oldest" else "DESC"
            matching = (
                "SELECT a.id, a.ordinal, d.id AS did, d.published_date FROM attributions a "
                f"JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 {'WHERE ' + where if where else ''}"
            )
            if selective:
                # Few rows (a rarely quoted speaker, a topic): collect them first, then sort.
                # Walking every document newest-first to find them took 150 ms at 50k quotes.
                sql = (f"WITH m AS MATERIALIZED ({matching}) SELECT id FROM m "
                       f"ORDER BY published_date {order} {self.nulls_last}, did {order}, ordinal LIMIT ? OFFSET ?")
            else:
                sql = (f"{matching} ORDER BY d.published_date {order} {self.nulls_last}, d.id {order}, a.ordinal "
                       "LIMIT ? OFFSET ?")
            if not query.search:
                rows = self._rows(sql, (*params, query.limit, query.offset))
                return self._quote_rows([int(r["id"]) for r in rows], {})
            with self._time_limited(query.search):
                rows = self._rows(sql, (*params, query.limit, query.offset))
                ids = [int(r["id"]) for r in rows]
                snippets = self._quote_snippets(query.search, ids)
            return self._quote_rows(ids, snippets)


    def count_quotes(self, query: QuoteQuery) -> int:
        with self._lock, self._read():
            only_speaker = replace(query, speaker=None, limit=0, offset=0, sort="relevance") == QuoteQuery(
                limit=0, offset=0)
            if query.speaker and only_speaker and not self.speakers_stale() and not self._has_wrong():
                # write_speakers counted them already (0.6 s to recount half a million).
                row = self.speaker(query.speaker)
                return 0 if row is None else row.count
            filters = self._quote_filters(query, ordered=False)
            if filters is None:
                return 0
            clauses, params, _ = filters
            where = " AND ".join(clauses)
            if query.search:
                with self._time_limited(query.search):
                    return self._count_matches(query.search, where, params)
            return int(self._scalar(
                "SELECT count(*) FROM attributions a JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
                f"{'WHERE ' + where if where else ''}", params,
            ))

    def _quote_rows(self, ids: Sequence[int], snippets: dict[int, str]) -> list[QuoteRow]:
        if not ids:
            return []
        rows = self._rows(
            "SELECT a.id, a.document_id, d.doc_id, d.title, d.published_date, d.outlet, s.id AS sid, "
            "s.name AS sname, a.kind, a.cue_lemma, a.content_text, a.tone, a.polarity "
            "FROM attributions a JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name "
            f"LEFT JOIN speakers s ON s.id = sa.speaker_id WHERE a.id IN ({','.join('?' * len(ids))})",
            list(ids),
        )
        targets = self._targets(list(ids))
        by_id = {int(r["id"]): r for r in rows}
        out = []
        for i in ids:
            r = by_id[i]
            out.append(QuoteRow(
                i, int(r["document_id"]), r["doc_id"], r["title"], r["published_date"], r["outlet"], r["sid"],
                r["sname"], r["kind"], r["cue_lemma"], r["content_text"], r["tone"], r["polarity"],
                tuple(t.name for t in targets.get(i, ())), snippets.get(i, r["content_text"]),
            ))
        return out

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        if limit <= 0:
            return []
        with self._lock, self._read(), self._time_limited(query):
            matches = self._quote_matches(query, limit)
            snippets = self._quote_snippets(query, [i for i, _ in matches])
            quotes = {q.id: q for q in self._quote_rows([i for i, _ in matches], snippets)}
            hits = [
                SearchHit("quote", i, quotes[i].doc_pk, quotes[i].title, quotes[i].published, quotes[i].outlet,
                          quotes[i].speaker, quotes[i].snippet, rank)
                for i, rank in matches
            ]
            hits += self._article_hits(query, limit)
        hits.sort(key=lambda h: (-h.rank, h.type, h.id))
        return hits[:limit]

    def article_hits(self, query: str, limit: int = 20) -> list[SearchHit]:
        if limit <= 0:
            return []
        with self._lock, self._read(), self._time_limited(query):
            return self._article_hits(query, limit)

    def _article_hits(self, query: str, limit: int) -> list[SearchHit]:
        docs = self._article_matches(query, limit)
        if not docs:
            return []
        meta = {
            int(r["id"]): r for r in self._rows(
                "SELECT id, title, published_date, outlet FROM documents "
                f"WHERE id IN ({','.join('?' * len(docs))})", [d for d, _, _ in docs]
            )
        }
        return [
            SearchHit("article", d, d, meta[d]["title"], meta[d]["published_date"], meta[d]["outlet"],
                      None, snippet, rank)
            for d, rank, snippet in docs
        ]

    def statements(self, speaker: str | None = None, target: str | None = None) -> list[Statement]:
        clauses: list[str] = ["d.published_date IS NOT NULL"]
        params: list[Any] = []
        wanted = target.lower() if target else None
        overall = wanted == "*"  # the overall tone alone (what timelines ask for) needs no targets
        with self._lock, self._read():
            if speaker:
                row = self.speaker(speaker)
                if row is None:
                    return []
                clauses.append("s.id = ?")
                params.append(row.id)
            if wanted not in (None, "*"):
                clauses.append(f"a.id IN (SELECT t.attribution_id FROM targets t WHERE {self._same_text('t.name')})")
                params.append(target)
            if self._has_wrong():
                clauses.append(NOT_WRONG)
            probs = "t.p_negative, t.p_neutral, t.p_positive" if self.schema_version >= TARGET_PROBABILITIES_VERSION \
                else "NULL AS p_negative, NULL AS p_neutral, NULL AS p_positive"
            # From the speaker's aliases to their attributions (the speaker_name index),
            # never the other way round; each attribution with its targets in one read, a
            # row per target, instead of a second query and a record per target.
            rows = self._rows(
                "SELECT a.id, d.doc_id, s.name AS speaker, d.published_date, a.tone, a.polarity, a.content_text, "
                "d.outlet, a.venue, d.venue AS doc_venue, a.said_on, a.said_on_basis, "
                + ("NULL AS t_name, NULL AS t_tone, NULL AS t_polarity, NULL AS p_negative, NULL AS p_neutral, "
                   "NULL AS p_positive FROM speakers s " if overall else
                   f"t.name AS t_name, t.tone AS t_tone, t.polarity AS t_polarity, {probs} FROM speakers s ")
                + "JOIN speaker_aliases sa ON sa.speaker_id = s.id "
                "JOIN attributions a ON a.speaker_name = sa.alias "
                "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
                + ("" if overall else "LEFT JOIN targets t ON t.attribution_id = a.id ")
                + f"WHERE {' AND '.join(clauses)} ORDER BY a.id"  # by when they were said: below
                + ("" if overall else ", t.ordinal"),
                params,
            )
        return _statements(rows, wanted)

    def skipped(self) -> list[SkippedRow]:
        with self._lock, self._read():
            rows = self._rows("SELECT * FROM skipped ORDER BY id")
        return [SkippedRow(int(r["id"]), r["doc_id"], r["path"], r["stage"], r["reason"], r["run_id"],
                           r["seen_at"]) for r in rows]

    def export(self, format: str, out_dir: str) -> list[str]:
        from .export import export

        with self._lock, self._read():
            return export(self, format, out_dir)

    def iter_documents(self, batch: int = 500) -> Iterator[ArticleDetail]:
        """Every latest document with its attributions, in id order (exports)."""
        last = 0
        while True:
            ids = [int(r["id"]) for r in self._rows(
                "SELECT id FROM documents WHERE is_latest = 1 AND id > ? ORDER BY id LIMIT ?", (last, batch)
            )]
            if not ids:
                return
            for doc_pk in ids:
                detail = self.article(doc_pk)
                if detail is not None:
                    yield detail
            last = ids[-1]
