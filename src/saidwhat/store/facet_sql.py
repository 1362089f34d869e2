"""Facet counts and filter-box suggestions over quotes, shared by both backends.

``SqlStore`` mixes this in. ``quote_facets`` counts the quotes a ``QuoteQuery`` matches per
speaker (canonical), outlet, topic and kind in one pass over the newest ``window`` matches;
``suggest`` lists speakers, outlets or topics starting with, then containing, what was typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from .base import FACET_FIELDS, SUGGEST_FIELDS, FacetCount, QuoteQuery
from .params import check_ints, like, plain


class FacetSql:
    """Facets and suggestions (see the module docstring)."""

    _lock: Any
    ilike: str

    if TYPE_CHECKING:  # supplied by SqlStore
        def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...
        def _read(self) -> AbstractContextManager[None]: ...
        def _time_limited(self, query: str) -> AbstractContextManager[None]: ...
        def _quote_filters(self, query: QuoteQuery, ordered: bool = True) -> tuple[list[str], list[Any], bool] | None: ...
        def _search_source(self, query: str) -> tuple[str, str, list[Any], str]: ...

    def quote_facets(self, query: QuoteQuery, top: int = 10, window: int = 2_000) -> dict[str, list[FacetCount]]:
        with self._lock, self._read():
            filters = self._quote_filters(query, ordered=False)
            if filters is None:
                return {f: [] for f in FACET_FIELDS}
            clauses, params, _ = filters
            source, newest = "attributions a", "a.id"
            if query.search:
                source, found, found_params, newest = self._search_source(query.search)
                clauses, params = [found, *clauses], [*found_params, *params]
            # One pass over the matches (the newest ``window``), counted four ways.
            sql = (
                f"WITH m AS MATERIALIZED (SELECT a.id, a.speaker_name, a.kind, d.outlet FROM {source} "
                "JOIN documents d ON d.id = a.document_id AND d.is_latest = 1 "
                f"{'WHERE ' + ' AND '.join(clauses) if clauses else ''} ORDER BY {newest} DESC LIMIT ?) "
                "SELECT 'speaker' AS f, s.name AS v, count(*) AS n FROM m "
                "JOIN speaker_aliases sa ON sa.alias = m.speaker_name JOIN speakers s ON s.id = sa.speaker_id "
                "GROUP BY s.name "
                "UNION ALL SELECT 'outlet', m.outlet, count(*) FROM m WHERE m.outlet IS NOT NULL GROUP BY m.outlet "
                "UNION ALL SELECT 'kind', m.kind, count(*) FROM m GROUP BY m.kind "
                "UNION ALL SELECT 'topic', t.name, count(DISTINCT m.id) FROM m "
                "JOIN targets t ON t.attribution_id = m.id GROUP BY t.name"
            )
            if query.search:
                with self._time_limited(query.search):
                    rows = self._rows(sql, (*params, window))
            else:
                rows = self._rows(sql, (*params, window))
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_FIELDS}
        spelling: dict[tuple[str, str], Counter[str]] = {}
        for r in rows:
            # Topics differ in case only across documents ("Budget", "budget"): one value.
            key = str(r["v"]).lower() if r["f"] == "topic" else str(r["v"])
            counts[r["f"]][key] += int(r["n"])
            spelling.setdefault((r["f"], key), Counter())[str(r["v"])] += int(r["n"])
        return {
            f: [FacetCount(spelling[(f, k)].most_common(1)[0][0], n)
                for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
            for f, c in counts.items()
        }

    def suggest(self, field: str, text: str, limit: int = 10) -> list[FacetCount]:
        if field not in SUGGEST_FIELDS:
            raise QueryError(f"field={field!r} is not valid. Use one of: {', '.join(SUGGEST_FIELDS)}.")
        check_ints((limit,))
        text = plain(text).strip()
        prefix = like(text)[1:]  # "text%": starts with
        column, source = {
            "speaker": ("name", "SELECT name AS v, attributions AS n FROM speakers WHERE {match}"),
            "outlet": ("outlet", "SELECT outlet AS v, count(*) AS n FROM documents WHERE is_latest = 1 AND {match} "
                                 "GROUP BY outlet"),
            "topic": ("name", "SELECT name AS v, count(*) AS n FROM targets WHERE {match} GROUP BY name"),
        }[field]
        match = f"{column} {self.ilike} ? ESCAPE '\\'"
        with self._lock, self._read():
            rows = self._rows(
                f"SELECT v, n, CASE WHEN v {self.ilike} ? ESCAPE '\\' THEN 0 ELSE 1 END AS later "
                f"FROM ({source.format(match=match)}) x ORDER BY later, n DESC, v LIMIT ?",
                (prefix, like(text), limit),
            )
        return [FacetCount(str(r["v"]), int(r["n"])) for r in rows]
