"""Run the attribution stage over a PolNeAR split and score it (``saidwhat eval polnear``)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..ingest.polnear import read_split
from ..models import Ranges
from . import attribute
from .evaluate import as_roles, score


def _span_json(ranges: Ranges | None) -> list[list[int]] | None:
    return [list(r) for r in ranges] if ranges else None


def evaluate(data_dir: Path, split: str, settings: Settings) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Extract attributions from every article of a split and score them against gold.

    The PolNeAR ``.txt`` files are already clean text, so articles are built from them
    directly and offsets need no mapping.

    Args:
        data_dir: the PolNeAR data directory.
        split: split name, e.g. ``"dev"``.
        settings: run settings (``nlp_model``, ``batch_size``).

    Returns:
        The scores (see :func:`evaluate.score`) and one prediction record per article in
        the reference scorer's JSONL format.
    """
    gold = read_split(data_dir, split)
    predicted: dict[str, list[dict[str, Ranges | None]]] = {}
    lines: list[dict[str, object]] = []
    for art, parsed in zip(gold, attribute((g.as_article() for g in gold), settings)):
        predicted[art.doc_id] = [as_roles(a) for a in parsed.attributions]
        lines.append({
            "doc": art.doc_id,
            "attributions": [
                {"source": _span_json(a.source), "cue": _span_json(a.cue), "content": _span_json(a.content)}
                for a in parsed.attributions
            ],
        })
    return score(gold, predicted), lines
