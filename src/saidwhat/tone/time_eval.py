"""``saidwhat eval time``: ``said_on`` accuracy on hand-dated PolNeAR train statements.

The labels (``tests/data/time/polnear_train_said_on.tsv``) hold, per statement, the article id,
its share (``design``: the rules were written looking at these; ``held``: about 30% of the
articles, set aside by a hash of the id and not looked at while writing them), the gold cue
and content ranges, the gold ``said_on`` at the granularity the text supports and its basis,
and a group:

- ``dated``: the text dates the statement ("said Friday", "in a 2012 interview");
- ``undated``: a time expression is near but does not date it ("has recently said");
- ``control``: no time expression in the cue's sentence or its neighbours.

A prediction is right when it is at least as fine as the gold and agrees with it at the
gold's granularity. No article text is stored with the labels; it is read from PolNeAR.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Ranges
from .time import date_statement, sentences_of

GROUPS = ("dated", "undated", "control")
SHARES = ("design", "held")


@dataclass(frozen=True, slots=True)
class Miss:
    """One statement dated wrongly."""

    doc: str
    share: str
    group: str
    gold: str
    predicted: str | None
    cue_text: str


def right(predicted: str | None, gold: str) -> bool:
    """A prediction at least as fine as ``gold`` that agrees with it at the gold's granularity."""
    return predicted is not None and len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def _ranges(field: str) -> Ranges | None:
    if field == "-":
        return None
    return tuple((int(a), int(b)) for a, b in (part.split("-") for part in field.split(";")))


def read_labels(path: Path) -> list[dict[str, str]]:
    """The label rows of a said_on TSV.

    Raises:
        InputError: the file is missing or lacks a column.
    """
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except FileNotFoundError:
        raise InputError(f"Said-on labels {path} do not exist. Pass --labels with the TSV.") from None
    needed = {"doc", "share", "cue", "content", "said_on", "basis", "group"}
    if rows and not needed <= set(rows[0]):
        raise InputError(f"Said-on labels {path} lack columns {sorted(needed - set(rows[0]))}.")
    return rows


def read_published(metadata: Path) -> dict[str, str]:
    """Article id -> publication date, from PolNeAR's ``metadata.tsv``."""
    try:
        with metadata.open(encoding="utf-8", newline="") as f:
            return {row["filename"]: row["publication_date"] for row in csv.DictReader(f, delimiter="\t")}
    except FileNotFoundError:
        raise InputError(f"PolNeAR metadata {metadata} does not exist. Pass --data with the PolNeAR folder.") from None


def evaluate(data: Path, labels: Path, split: str = "train") -> tuple[dict[str, dict[str, tuple[int, int]]], list[Miss]]:
    """Score :func:`date_statement` on the labelled statements, with the gold cue and content.

    Args:
        data: the PolNeAR folder (``metadata.tsv``, ``<split>/text/``).
        labels: the said_on TSV.
        split: the PolNeAR split the labels index.

    Returns:
        ``{share: {group: (right, total)}}`` and the misses.
    """
    published = read_published(data / "metadata.tsv")
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses: list[Miss] = []
    texts: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for row in read_labels(labels):
        doc = row["doc"]
        if doc not in texts:
            path = data / split / "text" / f"{doc}.txt"
            try:
                text = path.read_text("utf-8")
            except FileNotFoundError:
                raise InputError(f"Labelled article {path} does not exist; is --data the PolNeAR folder?") from None
            texts[doc] = (text, sentences_of(text))
        text, sentences = texts[doc]
        cue, content = _ranges(row["cue"]), _ranges(row["content"]) or ()
        said = date_statement(text, cue, content, published.get(doc), sentences)
        predicted = said.said_on if said else None
        cell = counts[row["share"]][row["group"]]
        cell[1] += 1
        if right(predicted, row["said_on"]):
            cell[0] += 1
        else:
            cue_text = " ".join(text[s:e] for s, e in cue or content[:1])
            misses.append(Miss(doc, row["share"], row["group"], row["said_on"], predicted, cue_text))
    table = {share: {group: (c[0], c[1]) for group, c in groups.items()} for share, groups in counts.items()}
    return table, misses
