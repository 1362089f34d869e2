"""Searching quotes for every shell: one page of rows, the total, and facet counts.

The CLI (``saidwhat quotes --sort --facets``), ``Corpus.search``, ``GET /api/quotes`` and the
``/search`` page all call :func:`search_quotes`, so a query has one ranking, one total and one
set of facet counts whichever shell asks it. Ranking (``sort="relevance"`` with a search) is
the store's: the text match (bm25 / ts_rank) scaled down for quotes shorter than a sentence,
so whole statements come before fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import QueryError
from ..store import FACET_FIELDS, SUGGEST_FIELDS, FacetCount, QuoteQuery, QuoteRow, Store
from .memo import remembered
from .quotes import quotes

FACET_TOP = 10  # values shown per facet
FACET_WINDOW = 2_000  # facets count the newest this many matches (exact below it; 5,000 took twice as long)
SUGGEST_MAX = 50


@dataclass(frozen=True, slots=True)
class QuoteSearch:
    """One page of a quote search.

    Attributes:
        rows: the page (``query.limit`` rows from ``query.offset``).
        total: how many quotes match in all.
        facets: per field of ``FACET_FIELDS``, the most frequent values among the matches;
            empty when not asked for.
        facets_window: the number of matches the facets counted when that is fewer than
            ``total`` (the newest ones), else None (exact counts).
        has_more: whether a page follows this one.
    """

    rows: tuple[QuoteRow, ...]
    total: int
    facets: dict[str, tuple[FacetCount, ...]]
    facets_window: int | None
    has_more: bool

    def to_dict(self) -> dict[str, object]:
        """The total and facets as plain JSON values (the rows are left to the caller)."""
        return {
            "total": self.total,
            "facets": {f: [{"value": c.value, "count": c.count} for c in cs] for f, cs in self.facets.items()},
            "facets_window": self.facets_window,
        }


def search_quotes(store: Store, query: QuoteQuery, facets: bool = True) -> QuoteSearch:
    """A page of quotes matching ``query``, the total, and (with ``facets``) facet counts.

    Raises:
        QueryError: an unknown speaker (with suggestions), a malformed search or filter, or
            an unknown sort.
    """
    found = quotes(store, replace(query, limit=query.limit + 1))
    rows = tuple(found[:query.limit])
    has_more = len(found) > query.limit
    counted: dict[str, tuple[FacetCount, ...]] = {}
    seen = None
    # The facets and the total do not depend on the page or its order: kept per corpus
    # version (service.memo) for every page and sort of the same query.
    matches = replace(query, limit=0, offset=0, sort="relevance")
    if facets:
        counted = dict(remembered(store, ("quote facets", matches), lambda: tuple(
            (f, tuple(v)) for f, v in store.quote_facets(query, FACET_TOP, FACET_WINDOW).items())))
        # Every quote has one of the three kinds, so the kind counts add up to the matches the
        # facets saw: below the window that is the total, and counting again is not needed.
        seen = sum(c.count for c in counted["kind"])
    if not has_more and not query.offset:
        total = len(rows)
    elif seen is not None and seen < FACET_WINDOW:
        total = seen
    else:
        total = remembered(store, ("quote total", matches), lambda: store.count_quotes(query))
    window = FACET_WINDOW if facets and total > FACET_WINDOW else None
    return QuoteSearch(rows, total, counted, window, has_more)


def suggest(store: Store, field: str, text: str = "", limit: int = 10) -> list[FacetCount]:
    """Values for a filter box (speaker, outlet or topic): starting with ``text`` first, then
    containing it, most quoted first.

    Raises:
        QueryError: an unknown field or a limit outside 1..SUGGEST_MAX.
    """
    if field not in SUGGEST_FIELDS:
        raise QueryError(f"field={field!r} is not valid. Use one of: {', '.join(SUGGEST_FIELDS)}.")
    if not 1 <= limit <= SUGGEST_MAX:
        raise QueryError(f"limit={limit} is out of range. Use 1 to {SUGGEST_MAX}.")
    return store.suggest(field, text, limit)


__all__ = ["FACET_FIELDS", "QuoteSearch", "search_quotes", "suggest"]
