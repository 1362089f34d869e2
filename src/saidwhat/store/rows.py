"""Stored rows read back into records, one way for every query that reads them."""

from __future__ import annotations

from typing import Any


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
