"""``saidwhat eval speakers``: resolution accuracy and alias-merging P/R/F1 on PolNeAR dev.

Resolution runs on the gold source spans (so attribution errors do not count here), with
entities from the real spaCy NER. Two hand-annotated files drive it:

- ``polnear_dev_sources.jsonl``: pronoun and description sources with the canonical name
  they refer to, or ``"none"`` when they name nobody identifiable.
- ``polnear_dev_aliases.jsonl``: named sources with the canonical name of who they are;
  pairs of sources with the same gold name are the positives of pairwise P/R/F1.

A resolved source counts as right when its in-document speaker or its corpus-wide
canonical (after ``merge_aliases`` over all of dev) names the gold speaker; comparison
ignores case, a leading "the" and middle initials.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..models import Article, Attribution, Entity, Parsed, SpeakerObservation
from .aliases import merge_aliases
from .names import INITIAL
from .resolve import resolve


@dataclass(frozen=True)
class SpeakerScores:
    """What ``evaluate`` measured."""

    resolvable: int
    correct: int
    unresolvable: int
    left_null: int
    alias_items: int
    alias_precision: float
    alias_recall: float
    alias_f1: float
    errors: tuple[dict[str, Any], ...] = field(default=())

    @property
    def accuracy(self) -> float:
        """Share of resolvable sources resolved to the right canonical speaker."""
        return self.correct / self.resolvable if self.resolvable else 0.0

    @property
    def null_rate(self) -> float:
        """Share of unresolvable sources left with ``speaker = None``."""
        return self.left_null / self.unresolvable if self.unresolvable else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers, for ``--json``."""
        return {
            "resolvable": self.resolvable, "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "unresolvable": self.unresolvable, "left_null": self.left_null,
            "null_rate": round(self.null_rate, 4),
            "alias_items": self.alias_items,
            "alias_precision": round(self.alias_precision, 4),
            "alias_recall": round(self.alias_recall, 4),
            "alias_f1": round(self.alias_f1, 4),
        }


@dataclass(frozen=True)
class _Doc:
    name: str
    text: str
    sources: tuple[tuple[int, int], ...]


def same_name(predicted: str | None, gold: str) -> bool:
    """Whether a predicted speaker names the gold canonical (case, article, initials aside)."""
    if gold == "none":
        return predicted is None
    return predicted is not None and _norm(predicted) == _norm(gold)


def _norm(name: str) -> str:
    name = name.replace("’", "'").replace("\u00a0", " ")
    words = [w for w in name.split() if not INITIAL.match(w)]
    words = [re.sub(r"'s$", "", w).lower().strip(".,") for w in words]
    while words and words[0] in {"the", "u.s"}:
        words = words[1:]
    return " ".join(words)


def read_polnear(data_dir: Path, split: str = "dev") -> list[_Doc]:
    """The gold source spans of one PolNeAR split (first annotator file per article)."""
    root = data_dir / split
    if not (root / "text").is_dir() or not (root / "attributions").is_dir():
        raise InputError(
            f"No PolNeAR split at {root}: expected text/ and attributions/ there. "
            "Pass --data DIR (the folder that holds dev/)."
        )
    first: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        first.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    docs: list[_Doc] = []
    for name, ann in sorted(first.items()):
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[int, int]] = {}
        sources: list[tuple[int, int]] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                label, _, ranges = parts[1].partition(" ")
                if label == "Source":
                    start, end = ranges.split(";")[0].split()
                    spans[parts[0]] = (int(start), int(end))
            elif parts[0].startswith("E") and len(parts) >= 2:
                for arg in parts[1].split()[1:]:
                    role, _, tid = arg.partition(":")
                    if role == "Source" and tid in spans:
                        sources.append(spans[tid])
        docs.append(_Doc(name, text, tuple(sorted(set(sources)))))
    return docs


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(
            f"Evaluation file {path} not found. Run from the repository root or pass its path."
        )
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _parse(docs: list[_Doc], settings: Settings) -> dict[str, Parsed]:
    from ..attribution import quote_ranges, speaker_hints
    from ..nlp import load_nlp

    nlp = load_nlp(settings.nlp_model)
    out: dict[str, Parsed] = {}
    for doc, sdoc in zip(docs, nlp.pipe(d.text for d in docs)):
        entities = tuple(Entity(e.start_char, e.end_char, e.text, e.label_) for e in sdoc.ents)
        sentences = tuple((s.start_char, s.end_char) for s in sdoc.sents)
        atts = tuple(
            Attribution(content=(), source=((s, e),), source_text=doc.text[s:e]) for s, e in doc.sources
        )
        article = Article(doc_id=doc.name, path=doc.name, text=doc.text)
        out[doc.name] = Parsed(
            article, atts, entities, sentences, quotes=quote_ranges(doc.text), **speaker_hints(sdoc, doc.sources)
        )
    return out


def _pairwise(gold: list[str], predicted: list[str]) -> tuple[float, float, float]:
    def pairs(labels: list[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {(a, b) for ids in groups.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}

    g, p = pairs(gold), pairs(predicted)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(
    data_dir: Path, sources_path: Path, aliases_path: Path | None, settings: Settings,
    split: str = "dev", subset: str | None = None,
) -> SpeakerScores:
    """Score speaker resolution and alias merging against the hand-annotated files.

    Args:
        data_dir: the PolNeAR folder holding ``dev/`` (and ``train/``).
        sources_path: pronoun/description sources with gold canonical names.
        aliases_path: named sources with gold canonical names (alias clusters), or None
            to score resolution only.
        settings: run settings (``nlp_model`` gives the entities).
        split: the PolNeAR split the files annotate (``dev`` or ``train``).
        subset: only the source items whose ``"split"`` field has this value
            (``polnear_train_sources.jsonl`` marks ``train`` and ``heldout`` articles).

    Returns:
        Accuracy on resolvable items, null-rate on unresolvable ones, pairwise alias P/R/F1.
    """
    items = [i for i in _read_jsonl(sources_path) if subset is None or i.get("split") == subset]
    if not items:
        raise InputError(f"No items in {sources_path} with split {subset!r}. Pass --subset train or heldout.")
    alias_items = _read_jsonl(aliases_path) if aliases_path is not None else []
    wanted = {i["doc"] for i in items} | {i["doc"] for i in alias_items}
    docs = [d for d in read_polnear(data_dir, split) if d.name in wanted]
    parsed = {name: resolve(p) for name, p in _parse(docs, settings).items()}
    return score(items, alias_items, parsed)


def score(
    items: list[dict[str, Any]], alias_items: list[dict[str, Any]], resolved: dict[str, Parsed]
) -> SpeakerScores:
    """Score resolved articles (by name) against labelled source items and alias items.

    Args:
        items: pronoun/description sources with gold canonical names.
        alias_items: named sources with gold canonical names (may be empty).
        resolved: every labelled article, its sources resolved.

    Returns:
        Accuracy on resolvable items, null-rate on unresolvable ones, pairwise alias P/R/F1.
    """
    by_span: dict[tuple[str, int, int], Attribution] = {}
    by_text: dict[tuple[str, str], Attribution] = {}
    observations: list[SpeakerObservation] = []
    for name, p in resolved.items():
        for att in p.attributions:
            assert att.source is not None
            by_span[(name, *att.source[0])] = att
            by_text.setdefault((name, att.source_text or ""), att)
            if att.speaker:
                observations.append(
                    SpeakerObservation(att.speaker, att.speaker_type, att.role, doc_id=name)
                )
    merged = merge_aliases(observations)
    resolvable = correct = unresolvable = left_null = 0
    errors: list[dict[str, Any]] = []
    for item in items:
        hit = by_span.get((item["doc"], *item["source"]))
        predicted = hit.speaker if hit else None
        # The speaker a user sees is the corpus-wide canonical: "Mr. Obama" in an article
        # that never spells out "Barack" still counts as Barack Obama after merging.
        ok = same_name(predicted, item["gold"]) or (
            predicted in merged and same_name(merged[predicted].name, item["gold"])
        )
        if item["gold"] == "none":
            unresolvable += 1
            left_null += ok
        else:
            resolvable += 1
            correct += ok
        if not ok:
            errors.append({**item, "predicted": predicted})
    gold_labels: list[str] = []
    predicted_labels: list[str] = []
    for i, item in enumerate(alias_items):
        if item["gold"] == "none":
            continue
        hit = by_text.get((item["doc"], item["source_text"]))
        speaker = hit.speaker if hit else None
        label = merged[speaker].name if speaker in merged else f"#unresolved{i}"
        gold_labels.append(_norm(item["gold"]))
        predicted_labels.append(_norm(label) if not label.startswith("#") else label)
        if speaker is None or _norm(label) != _norm(item["gold"]):
            errors.append({**item, "predicted": label, "kind": "alias"})
    precision, recall, f1 = _pairwise(gold_labels, predicted_labels)
    return SpeakerScores(
        resolvable, correct, unresolvable, left_null, len(gold_labels), precision, recall, f1,
        tuple(errors),
    )
