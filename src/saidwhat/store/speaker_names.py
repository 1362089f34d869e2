"""Per-name speaker summaries (schema v16): what a speaker refresh reads instead of observations.

``speaker_names`` holds one :class:`~saidwhat.models.NameSummary` per observed name (its
counts as JSON), computed and brought up to date by ``saidwhat.service.speakers``; the
store keeps them and reads out the observations that changed since they were last
brought up to date: those of documents written since, and those of the versions these
replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..models import NameSummary, SpeakerObservation
from .params import chunks, marks
from .schema import SPEAKER_RULE_KEYS_VERSION

_FIELDS = ("types", "roles", "docs", "days", "outlets")
OBSERVATIONS = ("SELECT a.id, a.speaker_name, a.speaker_type, a.role, d.doc_id, d.published_date, d.outlet "
                "FROM attributions a JOIN documents d ON d.id = a.document_id ")


def observation(row: Any) -> SpeakerObservation:
    """One row of :data:`OBSERVATIONS` as an observation."""
    return SpeakerObservation(row["speaker_name"], row["speaker_type"], row["role"], row["doc_id"],
                              row["published_date"], row["outlet"], int(row["id"]))


class SpeakerNames:
    """Mixed into ``SqlStore``: the ``speaker_names`` table."""

    # Uses SqlStore's _lock, _read, _write, _rows, _execute, _executemany, _scalar, _set_state.
    _lock: Any

    def speaker_names_upto(self) -> int:
        """The document id up to which the summaries count every observation (0: none yet)."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            value = self._scalar(  # type: ignore[attr-defined]
                "SELECT value FROM store_state WHERE key = 'speaker_names_upto'")
        return int(value or 0)

    def speaker_summaries(self, names: Sequence[str] | None = None) -> list[NameSummary]:
        """The summaries of ``names`` (by index; every name when None), in first-seen order."""
        sql = "SELECT name, first_id, summary FROM speaker_names"
        with self._lock, self._read():  # type: ignore[attr-defined]
            if names is None:
                rows = self._rows(sql)  # type: ignore[attr-defined]
            else:
                rows = [r for c in chunks(sorted(set(names))) for r in self._rows(  # type: ignore[attr-defined]
                    sql + f" WHERE name IN ({marks(c)})", c)]
        out = []
        for r in rows:
            counts = json.loads(r["summary"])
            out.append(NameSummary(r["name"], int(r["first_id"]), counts["count"],
                                   *(tuple((k, n) for k, n in counts[f]) for f in _FIELDS)))
        return sorted(out, key=lambda s: s.first)

    def write_speaker_summaries(
        self, summaries: Iterable[NameSummary], gone: Iterable[str], upto: int, everything: bool = False,
    ) -> None:
        """Store ``summaries`` (replacing those names' rows), drop the ``gone`` names, and
        record that the summaries now count every document up to id ``upto``.

        Args:
            everything: the summaries are every name's: all other rows are dropped.
        """
        if self.schema_version < SPEAKER_RULE_KEYS_VERSION:  # type: ignore[attr-defined]
            return  # a store opened at an older version (no table yet): the refresh reads observations
        rows = [(s.name, s.first, json.dumps({"count": s.count, **{f: getattr(s, f) for f in _FIELDS}}))
                for s in summaries]
        dropped = sorted(set(gone))
        with self._lock, self._write():  # type: ignore[attr-defined]
            if everything:
                self._execute("DELETE FROM speaker_names")  # type: ignore[attr-defined]
            for chunk in chunks(dropped):
                self._execute(  # type: ignore[attr-defined]
                    f"DELETE FROM speaker_names WHERE name IN ({marks(chunk)})", chunk)
            self._executemany(  # type: ignore[attr-defined]
                "INSERT INTO speaker_names (name, first_id, summary) VALUES (?, ?, ?) ON CONFLICT (name) "
                "DO UPDATE SET first_id = excluded.first_id, summary = excluded.summary", rows)
            self._set_state("speaker_names_upto", str(upto))  # type: ignore[attr-defined]

    def observations_changed_after(self, doc_pk: int) -> tuple[list[SpeakerObservation], list[SpeakerObservation]]:
        """``(added, removed)``: the observations of the latest documents written after
        ``doc_pk``, and those of the versions they replaced that were the latest then."""
        where = "WHERE a.speaker_name IS NOT NULL AND "
        with self._lock, self._read():  # type: ignore[attr-defined]
            added = self._rows(  # type: ignore[attr-defined]
                # By document: "d.id > ?" as a join condition made SQLite scan every attribution.
                OBSERVATIONS + where + "a.document_id IN (SELECT id FROM documents WHERE id > ? AND is_latest = 1) "
                "ORDER BY a.id", (doc_pk,))
            removed = self._rows(  # type: ignore[attr-defined]
                OBSERVATIONS + where + "d.id <= ? AND d.is_latest = 0 AND d.id = (SELECT max(o.id) FROM documents o "
                "WHERE o.path = d.path AND o.id <= ?) AND d.path IN (SELECT path FROM documents WHERE id > ?) "
                "ORDER BY a.id", (doc_pk, doc_pk, doc_pk))
        return [observation(r) for r in added], [observation(r) for r in removed]

    def first_observations(self, names: Iterable[str]) -> dict[str, int]:
        """name -> the id of its first observation in the latest documents (by index)."""
        out: dict[str, int] = {}
        with self._lock, self._read():  # type: ignore[attr-defined]
            for chunk in chunks(sorted(set(names))):
                out.update({r["speaker_name"]: int(r["first"]) for r in self._rows(  # type: ignore[attr-defined]
                    "SELECT a.speaker_name, min(a.id) AS first FROM attributions a JOIN documents d "
                    "ON d.id = a.document_id AND d.is_latest = 1 "
                    f"WHERE a.speaker_name IN ({marks(chunk)}) GROUP BY a.speaker_name", chunk)})
        return out
