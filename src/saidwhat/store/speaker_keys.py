"""Speaker look-ups by key (schema v9): what an incremental speaker refresh reads.

``speaker_keys`` holds, for every observed speaker name, the keys of the blocks alias
merging may put it in (computed by ``saidwhat.service.speakers``; the store only keeps
them). With them, and the indexed alias tables, a refresh after an ingest reads the names
the new documents bring, their neighbours and their speakers' aliases, never every name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .params import chunks



def _chunks(values: Iterable[str]) -> Iterable[Sequence[str]]:
    return chunks(sorted(set(values)))


class SpeakerKeys:
    """Mixed into ``SqlStore``: the ``speaker_keys`` table and indexed alias look-ups."""

    # Uses SqlStore's _lock, _read, _write, _rows, _executemany, _scalar, _set_state.
    _lock: Any

    def speaker_keys_upto(self) -> int:
        """The document id up to which every observed name has its keys (0: none yet)."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            value = self._scalar(  # type: ignore[attr-defined]
                "SELECT value FROM store_state WHERE key = 'speaker_keys_upto'")
        return int(value or 0)

    def add_speaker_keys(self, pairs: Iterable[tuple[str, str]], upto: int) -> None:
        """Record (key, name) pairs (known ones are kept): now the names of every document up
        to id ``upto`` have their keys."""
        rows = sorted(set(pairs))
        with self._lock, self._write():  # type: ignore[attr-defined]
            self._executemany(  # type: ignore[attr-defined]
                "INSERT INTO speaker_keys (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING", rows)
            self._set_state("speaker_keys_upto", str(upto))  # type: ignore[attr-defined]

    def names_with_keys(self, keys: Iterable[str]) -> set[str]:
        """Observed names that have any of ``keys`` (by index)."""
        out: set[str] = set()
        with self._lock, self._read():  # type: ignore[attr-defined]
            for chunk in _chunks(keys):
                out |= {r["name"] for r in self._rows(  # type: ignore[attr-defined]
                    f"SELECT DISTINCT name FROM speaker_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk)}
        return out

    def aliases_of(self, names: Iterable[str]) -> dict[str, str]:
        """alias -> canonical name, for the given aliases and every alias of the speakers
        they belong to or that bear one of the names (by index)."""
        out: dict[str, str] = {}
        with self._lock, self._read():  # type: ignore[attr-defined]
            for chunk in _chunks(names):
                marks = ",".join("?" * len(chunk))
                rows = self._rows(  # type: ignore[attr-defined]
                    "SELECT sa.alias, s.name FROM speaker_aliases sa JOIN speakers s ON s.id = sa.speaker_id "
                    "WHERE sa.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias IN "
                    f"({marks}) UNION SELECT id FROM speakers WHERE name IN ({marks}))", chunk + chunk)
                out.update({r["alias"]: r["name"] for r in rows})
        return out
