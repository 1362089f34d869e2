"""Quotes for every shell: the store's filters, with an unknown speaker an error, not an empty list."""

from __future__ import annotations

from ..store import QuoteQuery, QuoteRow, Store
from .lookup import find_speaker


def quotes(store: Store, query: QuoteQuery) -> list[QuoteRow]:
    """Quotes matching ``query``, newest first (best match first with a search).

    Raises:
        QueryError: the speaker is unknown (with suggestions), or a filter is malformed.
    """
    if query.speaker:
        find_speaker(store, query.speaker)
    return store.quotes(query)
