"""PolNeAR reader: raw ``.txt`` articles plus brat standoff ``.ann`` gold attributions.

Layout (one split)::

    DATA/<split>/text/<article>.txt
    DATA/<split>/attributions/<article>_<annotator>.ann

Some articles were annotated by several annotators (agreement checks); like the reference
scorer we keep one file per article, the lexicographically first. Each ``E`` line is one
gold attribution; its ``Content``/``Content2`` arguments are merged, discontinuous spans
(``s e;s e``) become several ranges, and attributions without content are dropped.

PolNeAR calls the speaker ``Source``; this module is the only place that word appears.
The PolNeAR ``.txt`` files are already clean text, so offsets are used as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Article, Range, Ranges

_ANN_NAME = re.compile(r"(.+)_[0-9a-f]{4}\.ann")
_ROLE_OF = {"source": "speaker", "cue": "cue", "content": "content"}


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: speaker / cue / content as ranges into the article text."""

    content: Ranges
    speaker: Ranges | None = None
    cue: Ranges | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One PolNeAR article with its gold attributions."""

    doc_id: str
    text: str
    attributions: tuple[GoldAttribution, ...]

    def as_article(self) -> Article:
        """The article as the pipeline sees it (the text is already clean; offsets identity)."""
        return Article(doc_id=self.doc_id, path=f"{self.doc_id}.txt", text=self.text, raw=self.text)


def annotation_files(data_dir: Path, split: str) -> dict[str, Path]:
    """Map article id -> the chosen ``.ann`` file (lexicographically first annotator)."""
    adir = data_dir / split / "attributions"
    if not adir.is_dir():
        splits = sorted(p.name for p in data_dir.iterdir() if (p / "attributions").is_dir()) if data_dir.is_dir() else []
        raise InputError(
            f"No PolNeAR split {split!r} under {data_dir} (expected {adir}). "
            f"Available splits: {', '.join(splits) or 'none'}. Pass the PolNeAR data directory."
        )
    chosen: dict[str, Path] = {}
    for path in sorted(adir.iterdir(), key=lambda p: p.name):
        m = _ANN_NAME.fullmatch(path.name)
        if m and m.group(1) not in chosen:
            chosen[m.group(1)] = path
    return chosen


def parse_ann(text: str) -> list[GoldAttribution]:
    """Gold attributions of one brat ``.ann`` file's text, in file order."""
    spans: dict[str, list[Range]] = {}
    relations: list[dict[str, list[str]]] = []
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue  # continuation line of a multi-line brat text field
        if re.fullmatch(r"T\d+", cols[0]):
            offsets = cols[1].split(" ", 1)[1]
            spans[cols[0]] = [
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            ]
        elif re.fullmatch(r"E\d+", cols[0]):
            roles: dict[str, list[str]] = {"speaker": [], "cue": [], "content": []}
            for arg in cols[1].split()[1:]:  # the first argument is the Attribution trigger
                role, _, tid = arg.partition(":")
                role = _ROLE_OF.get(re.sub(r"\d+$", "", role).lower(), "")
                if role:
                    roles[role].append(tid)
            relations.append(roles)
    out: list[GoldAttribution] = []
    for rel in relations:
        ranges = {r: tuple(sorted(s for t in ids for s in spans.get(t, []))) for r, ids in rel.items()}
        if ranges["content"]:
            out.append(GoldAttribution(ranges["content"], ranges["speaker"] or None, ranges["cue"] or None))
    return out


def read_split(data_dir: str | Path, split: str) -> list[GoldArticle]:
    """Read every article of one PolNeAR split, sorted by article id.

    Args:
        data_dir: the PolNeAR data directory (holding ``train/``, ``dev/``, ...).
        split: split name, e.g. ``"dev"``.

    Returns:
        The articles with their gold attributions.

    Raises:
        InputError: when the split or an article's text file is missing.
    """
    root = Path(data_dir)
    out: list[GoldArticle] = []
    for doc_id, ann in sorted(annotation_files(root, split).items()):
        txt = root / split / "text" / f"{doc_id}.txt"
        try:
            text = txt.read_text("utf-8")
        except FileNotFoundError:
            raise InputError(f"PolNeAR annotation {ann.name} has no text file {txt}.") from None
        out.append(GoldArticle(doc_id, text, tuple(parse_ann(ann.read_text("utf-8")))))
    return out
