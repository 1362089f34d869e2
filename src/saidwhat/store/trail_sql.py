"""Persistence of quote trails (tables of migration 5), shared by both backends.

``SqlStore`` mixes this in; the logic (what is a copy of what) lives in
``saidwhat.trails``, which reads and writes through these methods only:

    trail_progress, trail_sources          what is left to index
    add_trail_segments, set_trail_ids      write segments + keys, then their grouping
    clear_trails                           start again (after the matching changes)
    trail_postings, trail_segments         candidate search and the members of trails
    trail_ids, trail_rows, trails_of       what queries, pages and links read

Reads show latest document versions only, as every other query does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from .params import chunks, marks

_LATEST = (
    "FROM trail_segments t JOIN attributions a ON a.id = t.attribution_id "
    "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
)


class TrailSql:
    """The trail tables' reads and writes (see the module docstring)."""

    _lock: Any

    if TYPE_CHECKING:  # supplied by SqlStore
        def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...
        def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
        def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
        def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
        def _set_state(self, key: str, value: str) -> None: ...
        def _write(self) -> AbstractContextManager[None]: ...
        def _read(self) -> AbstractContextManager[None]: ...

    # -- indexing --------------------------------------------------------------------
    def trail_progress(self) -> int:
        """The highest attribution id whose quoted words are grouped into trails (0: none)."""
        with self._lock, self._read():
            value = self._scalar("SELECT value FROM store_state WHERE key = 'trails_upto'")
        return int(value) if value is not None else 0

    def trail_sources(self, after: int, limit: int) -> tuple[int, list[tuple[int, str, str]]]:
        """The next ``limit`` attributions after id ``after``, and the quotes among them.

        Returns:
            (the highest attribution id looked at, or ``after`` when there is none;
            (attribution id, kind, content text) of the direct and mixed quotes of latest
            documents among them).
        """
        with self._lock, self._read():
            upto = self._scalar(
                "SELECT max(id) FROM (SELECT id FROM attributions WHERE id > ? ORDER BY id LIMIT ?) w",
                (after, limit),
            )
            if upto is None:
                return after, []
            rows = self._rows(
                "SELECT a.id, a.kind, a.content_text FROM attributions a "
                "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
                "WHERE a.id > ? AND a.id <= ? AND a.kind IN ('direct', 'mixed') ORDER BY a.id",
                (after, upto),
            )
        return int(upto), [(int(r["id"]), r["kind"], r["content_text"]) for r in rows]

    def add_trail_segments(self, rows: Sequence[tuple[int, int, str, Sequence[int]]]) -> list[int]:
        """Store segments (attribution id, ordinal, text, candidate keys), each its own trail.

        Segments already stored (a rerun after a crash) are kept as they are.

        Returns:
            The segment ids, in the order of ``rows``.
        """
        with self._lock, self._write():
            self._executemany(
                "INSERT INTO trail_segments (attribution_id, ordinal, text, trail_id) VALUES (?, ?, ?, 0) "
                "ON CONFLICT (attribution_id, ordinal) DO NOTHING",
                [(a, o, text) for a, o, text, _ in rows],
            )
            self._execute("UPDATE trail_segments SET trail_id = id WHERE trail_id = 0")
            ids: dict[tuple[int, int], int] = {}
            attributions = sorted({r[0] for r in rows})
            for chunk in chunks(attributions):
                for r in self._rows(
                    f"SELECT id, attribution_id, ordinal FROM trail_segments WHERE attribution_id IN ({marks(chunk)})",
                    chunk,
                ):
                    ids[(int(r["attribution_id"]), int(r["ordinal"]))] = int(r["id"])
            out = [ids[(a, o)] for a, o, _, _ in rows]
            self._executemany(
                "INSERT INTO trail_keys (key, segment_id) VALUES (?, ?) ON CONFLICT (key, segment_id) DO NOTHING",
                [(k, sid) for sid, (_, _, _, keys) in zip(out, rows) for k in keys],
            )
        return out

    def trail_postings(self, keys: Sequence[int], most: int) -> list[tuple[int, int]]:
        """(key, trail id) for every trail holding one of ``keys``.

        Keys held by more than ``most`` trails are left out: a stock phrase's key can be
        held by thousands. A key many copies of one statement hold (a remark every outlet
        printed) is kept, and read once per trail.
        """
        unique = sorted(set(keys))
        counts: dict[int, int] = {}
        out: list[tuple[int, int]] = []
        join = "FROM trail_keys k JOIN trail_segments s ON s.id = k.segment_id "
        with self._lock, self._read():
            for chunk in chunks(unique):
                for r in self._rows(
                    f"SELECT key, count(*) AS n FROM trail_keys WHERE key IN ({marks(chunk)}) GROUP BY key", chunk
                ):
                    counts[int(r["key"])] = int(r["n"])
            few = [k for k in unique if counts.get(k, 0) <= most]
            for chunk in chunks(few):
                out.extend((int(r["key"]), int(r["trail_id"])) for r in self._rows(
                    f"SELECT DISTINCT k.key, s.trail_id {join}WHERE k.key IN ({marks(chunk)})", chunk
                ))
            for key in (k for k in unique if counts.get(k, 0) > most):
                trails = self._rows(f"SELECT DISTINCT s.trail_id {join}WHERE k.key = ? LIMIT ?", (key, most + 1))
                if len(trails) <= most:
                    out.extend((key, int(r["trail_id"])) for r in trails)
        return out

    def clear_trails(self) -> None:
        """Forget every trail (``update_trails`` then rebuilds them from all quotes)."""
        with self._lock, self._write():
            self._execute("DELETE FROM trail_keys")
            self._execute("DELETE FROM trail_segments")
            self._execute("DELETE FROM store_state WHERE key = 'trails_upto'")

    def trail_segments(
        self, segment_ids: Sequence[int] = (), trail_ids: Sequence[int] = (),
    ) -> list[tuple[int, str, int]]:
        """(segment id, text, trail id) of the given segments and of every member of the given trails."""
        out: dict[int, tuple[int, str, int]] = {}
        with self._lock, self._read():
            for column, values in (("id", sorted(set(segment_ids))), ("trail_id", sorted(set(trail_ids)))):
                for chunk in chunks(values):
                    for r in self._rows(
                        f"SELECT id, text, trail_id FROM trail_segments WHERE {column} IN ({marks(chunk)})", chunk
                    ):
                        out[int(r["id"])] = (int(r["id"]), r["text"], int(r["trail_id"]))
        return [out[k] for k in sorted(out)]

    def set_trail_ids(self, assign: Mapping[int, int], upto: int) -> None:
        """Move segments to trails and record that attributions up to ``upto`` are indexed."""
        with self._lock, self._write():
            self._executemany(
                "UPDATE trail_segments SET trail_id = ? WHERE id = ?", [(t, s) for s, t in sorted(assign.items())]
            )
            self._set_state("trails_upto", str(upto))

    # -- reading ---------------------------------------------------------------------
    def trail_ids(
        self, speaker_id: int | None = None, since: str | None = None, limit: int = 50, offset: int = 0,
    ) -> list[int]:
        """Trails printed in more than one document, most outlets first (then most printings, then id).

        Args:
            speaker_id: only trails where some printing names this canonical speaker.
            since: only trails first printed on or after this ISO date.
            limit, offset: paging.
        """
        where, having, params_w, params_h = "", "", [], []
        if speaker_id is not None:
            where = (
                "WHERE t.trail_id IN (SELECT t2.trail_id FROM trail_segments t2 "
                "JOIN attributions a2 ON a2.id = t2.attribution_id "
                "JOIN speaker_aliases sa ON sa.alias = a2.speaker_name WHERE sa.speaker_id = ?) "
            )
            params_w.append(speaker_id)
        if since:
            having = " AND min(d.published_date) >= ?"
            params_h.append(since)
        with self._lock, self._read():
            rows = self._rows(
                f"SELECT t.trail_id {_LATEST}{where}GROUP BY t.trail_id HAVING count(DISTINCT d.id) > 1{having} "
                "ORDER BY count(DISTINCT d.outlet) DESC, count(*) DESC, t.trail_id LIMIT ? OFFSET ?",
                (*params_w, *params_h, limit, offset),
            )
        return [int(r["trail_id"]) for r in rows]

    def trail_rows(self, trail_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Every printing (latest documents) of the given trails, with its document and speaker."""
        out: list[dict[str, Any]] = []
        with self._lock, self._read():
            for chunk in chunks(sorted(set(trail_ids))):
                out.extend(dict(r) for r in self._rows(
                    "SELECT t.trail_id, t.id AS segment_id, t.text, a.id AS attribution_id, d.id AS doc_pk, "
                    "d.doc_id, d.outlet, d.published_date AS published, s.name AS speaker "
                    f"{_LATEST}LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name "
                    "LEFT JOIN speakers s ON s.id = sa.speaker_id "
                    f"WHERE t.trail_id IN ({marks(chunk)}) ORDER BY t.trail_id, t.id",
                    chunk,
                ))
        return out

    def trails_of(self, attribution_ids: Sequence[int]) -> dict[int, int]:
        """For each given attribution printed elsewhere too, the id of its (first) trail."""
        out: dict[int, int] = {}
        with self._lock, self._read():
            for chunk in chunks(sorted(set(attribution_ids))):
                for r in self._rows(
                    "SELECT x.attribution_id, min(x.trail_id) AS trail_id FROM trail_segments x "
                    f"WHERE x.attribution_id IN ({marks(chunk)}) "
                    f"AND (SELECT count(DISTINCT d.id) {_LATEST}WHERE t.trail_id = x.trail_id) > 1 GROUP BY x.attribution_id",
                    chunk,
                ):
                    out[int(r["attribution_id"])] = int(r["trail_id"])
        return out
