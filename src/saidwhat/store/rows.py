"""Stored rows read back into records, one way for every query that reads them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import Statement


def probabilities(row: Any) -> tuple[float, float, float] | None:
    """A target row's stored class probabilities (negative, neutral, positive); None where
    they were not stored (rows written before schema v14, VADER scores) or not selected."""
    try:
        neutral = row["p_neutral"]
    except (IndexError, KeyError):
        return None
    if neutral is None:
        return None
    return (float(row["p_negative"]), float(neutral), float(row["p_positive"]))


def statements(rows: Iterable[Any], wanted: str | None) -> list[Statement]:
    """Statements from attribution rows joined with their targets, in the order they were said.

    Args:
        rows: one row per (attribution, target), an attribution's rows next to each other;
            a row whose ``t_name`` is NULL carries an attribution without targets.
        wanted: a target name in lower case (only statements about it), ``"*"`` (only the
            overall tone of each scored attribution), or None (both).

    Returns:
        One statement per scored attribution (target ``"*"``, its overall tone) unless a
        target is wanted, and one per target kept.
    """
    out: list[Statement] = []
    last = None
    overall = wanted in (None, "*")
    for r in rows:
        att = int(r["id"])
        if att != last:  # the attribution's own columns, read once for all its targets
            last = att
            doc_id, speaker, published, quote, outlet = (
                r["doc_id"], r["speaker"], r["published_date"], r["content_text"], r["outlet"])
            venue, said_on, basis = r["venue"] or r["doc_venue"], r["said_on"], r["said_on_basis"]
            if overall and r["tone"] is not None:
                out.append(Statement(att, doc_id, speaker, "*", published, float(r["tone"]),
                                     r["polarity"] or "neutral", quote, outlet, venue, None, said_on, basis))
        name = r["t_name"]
        if name is not None and (wanted is None or name.lower() == wanted):
            out.append(Statement(att, doc_id, speaker, name, published, float(r["t_tone"]), r["t_polarity"],
                                 quote, outlet, venue, probabilities(r), said_on, basis))
    out.sort(key=lambda st: (st.when, st.attribution_id))
    return out
