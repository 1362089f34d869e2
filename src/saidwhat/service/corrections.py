"""Attributions a user marked wrong: left out of quotes, timelines, shifts and compare.

The mark is kept by document id and quote text (store v11), so it outlives re-ingesting the
file; the speaker's cached shifts are recomputed on the next read. Speaker corrections
(merge, split, rename) are in :mod:`service.speakers`.
"""

from __future__ import annotations

from ..store import Store
from .shifts import mark_touched


def mark_wrong(store: Store, attribution_id: int, wrong: bool = True, note: str | None = None) -> str | None:
    """Mark attribution ``attribution_id`` wrong (``wrong=False``: right again).

    Returns:
        The canonical name of its speaker (None when it has none).

    Raises:
        QueryError: no attribution has that id.
    """
    speaker = store.mark_wrong(attribution_id, wrong, note)
    if speaker is not None:
        mark_touched(store, [speaker])
    return speaker
