"""Persistence of cached tone shifts (schema v3): rows in, rows out, no detection here.

When the rows are current is decided by ``saidwhat.service.shifts``; the store only keeps
them with two bookkeeping values in ``store_state``: ``shifts_key`` (what they were computed
for) and ``shifts_pending`` (speakers whose rows are out of date, a JSON list).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..models import Shift, Statement
from .params import chunks, marks


def _statement_json(st: Statement) -> dict[str, Any]:
    return {
        "attribution_id": st.attribution_id, "doc_id": st.doc_id, "speaker": st.speaker, "target": st.target,
        "published": st.published, "tone": st.tone, "polarity": st.polarity, "quote": st.quote,
        "outlet": st.outlet, "venue": st.venue,
    }


def _statement(data: dict[str, Any]) -> Statement:
    return Statement(**data)


class ShiftCache:
    """Mixed into ``SqlStore``: the ``shifts`` table and its bookkeeping."""

    # Uses SqlStore's _lock, _read, _write, _execute, _executemany, _scalar, _set_state, _same_text.

    def shift_state(self) -> tuple[str | None, list[str]]:
        """The key the cached shifts were computed for (None: never), and the pending speakers."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            rows = {r["key"]: r["value"] for r in self._execute(
                "SELECT key, value FROM store_state WHERE key IN ('shifts_key', 'shifts_pending')"
            ).fetchall()}
        return rows.get("shifts_key"), json.loads(rows.get("shifts_pending") or "[]")

    def mark_shifts_pending(self, speakers: Iterable[str]) -> None:
        """Add speakers whose shifts must be recomputed before the cache is read again."""
        with self._lock, self._write():  # type: ignore[attr-defined]
            pending = set(json.loads(self._scalar(  # type: ignore[attr-defined]
                "SELECT value FROM store_state WHERE key = 'shifts_pending'") or "[]"))
            self._set_state("shifts_pending", json.dumps(sorted(pending | set(speakers))))

    def corpus_version(self) -> str:
        """Changes whenever documents, speakers, speaker corrections or wrong marks are written or a
        mark is taken back (cheap: two max(), a counter, and a count and a sum over the few marks)."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            row = self._execute(
                "SELECT (SELECT coalesce(max(id), 0) FROM documents) AS d, "
                "(SELECT coalesce(max(id), 0) FROM speaker_corrections) AS c, "
                "(SELECT count(*) FROM wrong_attributions) AS w, "
                "(SELECT coalesce(sum(id), 0) FROM wrong_attributions) AS ws, "
                "(SELECT coalesce(max(value), '0') FROM store_state WHERE key = 'speakers_written') AS s"
            ).fetchone()
        return f"{row['d']}.{row['c']}.{row['w']}.{row['ws']}.{row['s']}"

    def replace_shifts(self, shifts: Sequence[Shift], key: str, speakers: Sequence[str] | None = None) -> None:
        """Store ``shifts`` in place of the cached ones of ``speakers`` (None: all), in one transaction.

        Args:
            shifts: the freshly detected shifts of those speakers.
            key: what they were computed for (settings and corpus version).
            speakers: the speakers recomputed; None replaces the whole cache.
        """
        with self._lock, self._write():  # type: ignore[attr-defined]
            if speakers is None:
                self._execute("DELETE FROM shifts")
            else:
                for chunk in chunks(list(speakers)):
                    self._execute(f"DELETE FROM shifts WHERE speaker IN ({marks(chunk)})", list(chunk))
            self._executemany(
                "INSERT INTO shifts (speaker, target, date, tone_before, tone_after, confidence, n_before, n_after, "
                "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(s.speaker, s.target, s.date, s.before, s.after, s.confidence, s.n_before, s.n_after,
                  json.dumps({"before": [_statement_json(st) for st in s.evidence_before],
                              "after": [_statement_json(st) for st in s.evidence_after]}, ensure_ascii=False))
                 for s in shifts],
            )
            self._set_state("shifts_key", key)
            self._set_state("shifts_pending", "[]")

    def cached_shifts(self, speaker: str | None = None) -> list[Shift]:
        """The cached shifts (of one canonical speaker), newest first."""
        where, params = ("WHERE speaker = ?", [speaker]) if speaker else ("", [])
        with self._lock, self._read():  # type: ignore[attr-defined]
            rows = self._execute(
                f"SELECT * FROM shifts {where} ORDER BY date DESC, speaker, target", params
            ).fetchall()
        out = []
        for r in rows:
            evidence = json.loads(r["evidence"])
            out.append(Shift(
                speaker=r["speaker"], target=r["target"], date=r["date"], before=float(r["tone_before"]),
                after=float(r["tone_after"]), confidence=float(r["confidence"]), n_before=int(r["n_before"]),
                n_after=int(r["n_after"]),
                evidence_before=tuple(_statement(d) for d in evidence.get("before", [])),
                evidence_after=tuple(_statement(d) for d in evidence.get("after", [])),
            ))
        return out

    def target_names(self) -> list[str]:
        """Target names that statements are about (topics and entities), case-folded duplicates once."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            rows = self._execute(
                "SELECT min(name) AS name FROM targets GROUP BY lower(name) ORDER BY count(*) DESC LIMIT 5000"
            ).fetchall()
        return [r["name"] for r in rows]

    def target_name(self, name: str) -> str | None:
        """The stored spelling of target ``name`` (case-insensitive), or None when no statement is about it."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            row = self._execute(
                f"SELECT name FROM targets WHERE {self._same_text('name')} LIMIT 1", (name,)  # type: ignore[attr-defined]
            ).fetchone()
        return None if row is None else str(row["name"])

    def last_document(self) -> int:
        """The highest document id (0 when empty): what an ingest run writes comes after it."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            return int(self._scalar("SELECT coalesce(max(id), 0) FROM documents"))  # type: ignore[attr-defined]

    def alias_map(self) -> dict[str, str]:
        """Every observed name -> its canonical speaker's name."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            rows = self._execute(  # type: ignore[attr-defined]
                "SELECT sa.alias, s.name FROM speaker_aliases sa JOIN speakers s ON s.id = sa.speaker_id"
            ).fetchall()
        return {r["alias"]: r["name"] for r in rows}

    def names_in_documents_after(self, doc_pk: int) -> set[str]:
        """Observed speaker names in documents written after ``doc_pk``, and in the older
        versions those documents replaced (their statements left the latest view)."""
        with self._lock, self._read():  # type: ignore[attr-defined]
            rows = self._execute(  # type: ignore[attr-defined]
                "SELECT DISTINCT a.speaker_name FROM attributions a JOIN documents d ON d.id = a.document_id "
                "WHERE a.speaker_name IS NOT NULL AND d.path IN (SELECT path FROM documents WHERE id > ?)",
                (doc_pk,),
            ).fetchall()
        return {r["speaker_name"] for r in rows}
