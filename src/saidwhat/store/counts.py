"""Grouped counts for charts and facet pages: statements per day, per outlet, per topic.

Mixed into ``SqlStore``. Every query is one GROUP BY over the latest document versions, so
it stays fast on large stores (the date and outlet indexes lead; nothing is loaded row by
row into Python). Filters that name several spellings (a topic family, an outlet and its
variants) take a list, matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Statement
from .marks import NOT_WRONG
from .rows import probabilities


@dataclass(frozen=True, slots=True)
class Filter:
    """Which attributions a count is over; None: any."""

    speaker_id: int | None = None
    targets: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class NameCount:
    """A name (speaker, target or outlet) with how many attributions or documents it has."""

    name: str | None
    count: int
    mean_tone: float | None = None
    documents: int = 0
    id: int | None = None


class CountQueries:
    """Mixed into ``SqlStore``: grouped counts (uses _lock, _read, _rows, _same_text)."""

    def _any_of(self, column: str, values: Sequence[str]) -> str:
        return "(" + " OR ".join(self._same_text(column) for _ in values) + ")"  # type: ignore[attr-defined]

    def _count_where(self, flt: Filter) -> tuple[str, list[Any]]:
        clauses = ["d.is_latest = 1"]
        if self._has_wrong():  # type: ignore[attr-defined]
            clauses.append(NOT_WRONG)
        params: list[Any] = []
        if flt.speaker_id is not None:
            clauses.append("a.speaker_name IN (SELECT alias FROM speaker_aliases WHERE speaker_id = ?)")
            params.append(flt.speaker_id)
        if flt.targets is not None:
            if not flt.targets:
                clauses.append("1 = 0")
            else:
                clauses.append(f"a.id IN (SELECT t.attribution_id FROM targets t WHERE {self._any_of('t.name', flt.targets)})")
                params += list(flt.targets)
        if flt.outlets is not None:
            if not flt.outlets:
                clauses.append("d.outlet IS NULL")
            else:
                clauses.append(self._any_of("d.outlet", flt.outlets))
                params += list(flt.outlets)
        return " AND ".join(clauses), params

    def _grouped(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, self._read():  # type: ignore[attr-defined]
            return self._rows(sql, params)  # type: ignore[attr-defined, no-any-return]

    def daily_counts(self, flt: Filter = Filter()) -> list[tuple[str, int]]:
        """(ISO day, attributions published that day), oldest first; undated documents left out."""
        where, params = self._count_where(flt)
        rows = self._grouped(
            "SELECT d.published_date AS day, count(*) AS n FROM documents d "
            "JOIN attributions a ON a.document_id = d.id "
            f"WHERE d.published_date IS NOT NULL AND {where} GROUP BY d.published_date ORDER BY d.published_date",
            params,
        )
        return [(str(r["day"])[:10], int(r["n"])) for r in rows]

    def outlet_counts(self) -> list[NameCount]:
        """Every outlet as stored (None: documents without one): documents and attributions."""
        # Each document's attributions counted on the (document_id, ordinal) index: no join
        # of every attribution row.
        wrong = f" AND {NOT_WRONG}" if self._has_wrong() else ""  # type: ignore[attr-defined]
        rows = self._grouped(
            "SELECT outlet AS name, count(*) AS docs, sum(n) AS n FROM (SELECT d.outlet, "
            f"(SELECT count(*) FROM attributions a WHERE a.document_id = d.id{wrong}) AS n "
            "FROM documents d WHERE d.is_latest = 1) x GROUP BY outlet ORDER BY n DESC"
        )
        return [NameCount(r["name"], int(r["n"]), documents=int(r["docs"])) for r in rows]

    def target_counts(self, flt: Filter = Filter()) -> list[NameCount]:
        """Target names (case-folded spellings once) with their statements and mean tone, most first."""
        where, params = self._count_where(flt)
        rows = self._grouped(
            "SELECT min(t.name) AS name, count(*) AS n, avg(t.tone) AS tone FROM targets t "
            "JOIN attributions a ON a.id = t.attribution_id JOIN documents d ON d.id = a.document_id "
            f"WHERE {where} GROUP BY lower(t.name) ORDER BY n DESC, name LIMIT 5000",
            params,
        )
        return [NameCount(r["name"], int(r["n"]), float(r["tone"])) for r in rows]

    def speaker_counts(self, flt: Filter = Filter(), limit: int = 20) -> list[NameCount]:
        """Canonical speakers with their attributions under ``flt``, most first, and their mean
        tone: toward the targets when ``flt`` names some, else the overall tone."""
        where, params = self._count_where(flt)
        source, tone = "attributions a", "avg(a.tone)"
        if flt.targets:
            source = f"targets t JOIN attributions a ON a.id = t.attribution_id AND {self._any_of('t.name', flt.targets)}"
            tone, params = "avg(t.tone)", [*flt.targets, *params]
        rows = self._grouped(
            f"SELECT s.id, s.name, count(DISTINCT a.id) AS n, {tone} AS tone FROM {source} "
            "JOIN documents d ON d.id = a.document_id "
            "JOIN speaker_aliases sa ON sa.alias = a.speaker_name JOIN speakers s ON s.id = sa.speaker_id "
            f"WHERE {where} GROUP BY s.id, s.name ORDER BY n DESC, s.name LIMIT ?",
            (*params, limit),
        )
        return [
            NameCount(r["name"], int(r["n"]), None if r["tone"] is None else float(r["tone"]), id=int(r["id"]))
            for r in rows
        ]

    def topic_statements(self, targets: Sequence[str], speaker_ids: Sequence[int]) -> list[Statement]:
        """Dated statements about any of ``targets`` by these speakers, in the order they were
        said (from the target name index: only the topic's rows are read)."""
        if not targets or not speaker_ids:
            return []
        wrong = f" AND {NOT_WRONG}" if self._has_wrong() else ""  # type: ignore[attr-defined]
        rows = self._grouped(
            "SELECT a.id, d.doc_id, s.name AS speaker, t.name AS target, t.tone, t.polarity, d.published_date, "
            "t.p_negative, t.p_neutral, t.p_positive, "
            "a.content_text, d.outlet, a.venue, d.venue AS doc_venue, a.said_on, a.said_on_basis FROM targets t "
            "JOIN attributions a ON a.id = t.attribution_id "
            "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
            "JOIN speaker_aliases sa ON sa.alias = a.speaker_name JOIN speakers s ON s.id = sa.speaker_id "
            f"WHERE {self._any_of('t.name', targets)} AND d.published_date IS NOT NULL{wrong} "
            f"AND s.id IN ({', '.join('?' for _ in speaker_ids)})",
            (*targets, *speaker_ids),
        )
        out = [
            Statement(
                attribution_id=int(r["id"]), doc_id=r["doc_id"], speaker=r["speaker"], target=r["target"],
                published=r["published_date"], tone=float(r["tone"]), polarity=r["polarity"], quote=r["content_text"],
                outlet=r["outlet"], venue=r["venue"] or r["doc_venue"], said_on=r["said_on"],
                said_on_basis=r["said_on_basis"], probabilities=probabilities(r),
            )
            for r in rows
        ]
        out.sort(key=lambda st: (st.when, st.attribution_id))
        return out
