"""Quote trails for every shell: an unknown speaker is an error with suggestions, not an empty list."""

from __future__ import annotations

from ..store import Store
from ..trails import Trail, query
from .lookup import find_speaker


def trails(
    store: Store, speaker: str | None = None, variant: str | None = None, since: str | None = None,
    limit: int = 50, offset: int = 0,
) -> list[Trail]:
    """Statements printed in more than one document, most outlets first (``saidwhat trails``).

    Raises:
        QueryError: the speaker is unknown (with suggestions), or a filter is malformed.
    """
    name = find_speaker(store, speaker).name if speaker else None
    return query(store, speaker=name, variant=variant, since=since, limit=limit, offset=offset)  # type: ignore[arg-type]
