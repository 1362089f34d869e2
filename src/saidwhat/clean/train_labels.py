"""Hand metadata labels (``tests/data/clean/meta-labels.tsv``): reading them, and comparing
a value read from a page with its label."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..errors import InputError

# the pages that train and choose the role model (``heldout`` pages are for the bench only;
# ``dev2`` to ``dev4``: 203 pages labelled later, drawn by seed 2026 from pages of no held-aside site;
# ``tests/data/clean/LABELS.md``)
TRAIN_SPLITS = ("seen", "dev", "dev2", "dev3", "dev4")
FIELDS = ("title", "date", "author", "outlet")


def meta_key(value: str | None, field: str) -> str:
    """A metadata value as compared with its label: case, spacing, quotes and a leading
    "The" do not count (outlet: nor ".com" and spaces: "CBSNews.com" is "CBS News")."""
    text = (value or "").casefold().replace("’", "'")
    if field == "outlet":
        text = re.sub(r"\.com\b", "", text)
    text = re.sub(r"^the\s+", "", " ".join(re.findall(r"\w+", text)))
    return text.replace(" ", "") if field == "outlet" else text


def in_splits(rows: list[dict[str, str]], splits: tuple[str, ...]) -> list[dict[str, str]]:
    """The label rows of ``splits``; a file without a ``split`` column is all ``seen``."""
    return [r for r in rows if r.get("split", "seen") in splits]


def load_labels(path: Path, splits: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """The label rows of ``splits`` (all rows when None).

    Raises:
        InputError: the file is missing or has no ``page`` column.
    """
    try:
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the metadata labels ({exc.strerror}).") from None
    if rows and "page" not in rows[0]:
        raise InputError(f"{path}: no 'page' column; expected page, title, date, author, outlet, source, split.")
    return rows if splits is None else in_splits(rows, splits)
