"""``saidwhat train speakers``: fit the pronoun mention ranker on the PolNeAR train labels.

Each labelled pronoun source of the ``train`` share of ``polnear_train_sources.jsonl`` is
resolved by the rules while its candidates (``ranking.candidates``) are recorded; the gold
candidate is the referent whose name is the label (or whose surname is the label's), or
nobody for ``"none"``. A logistic regression over (pronoun, candidate) rows is fitted for
each regularisation setting, scored by choosing the best-scoring candidate per pronoun under
cross-validation grouped by article, and the best setting is refitted on all of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..models import Parsed
from .evaluate import _parse, _read_jsonl, read_polnear, same_name
from .ranking import FEATURES, MODEL_FILE, RANKED, Candidate, vector
from .resolve import _Resolver, resolve_with

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


class _Recorder(_Resolver):
    """A rules-only resolver that keeps every pronoun's candidates by source start."""

    def __init__(self, parsed: Parsed) -> None:
        super().__init__(parsed)
        self.use_ranker = False
        self.recorded: dict[int, list[Candidate]] = {}

    def seen_candidates(self, start: int, cands: list[Candidate]) -> None:
        self.recorded[start] = cands


@dataclass(frozen=True)
class Example:
    """One labelled pronoun: its article, candidates and the index of the gold one (-1: absent)."""

    doc: str
    candidates: tuple[Candidate, ...]
    names: tuple[str | None, ...]
    gold: int


def _gold_index(names: tuple[str | None, ...], gold: str) -> int:
    for i, name in enumerate(names):
        if gold == "none" and name is None:
            return i
        if gold != "none" and name is not None and (
            same_name(name, gold) or name.split()[-1].lower() == gold.split()[-1].lower()
        ):
            return i
    return -1


def examples(data_dir: Path, sources_path: Path, settings: Settings, subset: str = "train") -> list[Example]:
    """The labelled pronoun sources of ``subset`` with their recorded candidates."""
    items = [
        i for i in _read_jsonl(sources_path)
        if i.get("split") == subset and i["kind"] == "pronoun" and i["source_text"].strip().lower() in RANKED
    ]
    wanted = {i["doc"] for i in items}
    docs = [d for d in read_polnear(data_dir, "train") if d.name in wanted]
    recorded: dict[str, _Recorder] = {}
    for name, parsed in _parse(docs, settings).items():
        rec = _Recorder(parsed)
        resolve_with(rec, parsed)
        recorded[name] = rec
    out: list[Example] = []
    for item in items:
        rec = recorded[item["doc"]]
        cands = tuple(rec.recorded.get(item["source"][0], ()))
        if not cands:
            continue
        names = tuple(rec.refs_by_id[c.ref].name if c.ref is not None else None for c in cands)
        out.append(Example(item["doc"], cands, names, _gold_index(names, item["gold"])))
    return out


def _fit(train: list[Example], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    x = [vector(cand) for ex in train for cand in ex.candidates]
    y = [int(i == ex.gold) for ex in train for i in range(len(ex.candidates))]
    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def _accuracy(model: Any, test: list[Example]) -> float:
    right = 0
    for ex in test:
        scores = model.decision_function([vector(c) for c in ex.candidates])
        right += int(max(range(len(scores)), key=lambda i: scores[i]) == ex.gold)
    return right / len(test) if test else 0.0


def _rules_accuracy(test: list[Example]) -> float:
    picks = [next((i for i, c in enumerate(ex.candidates) if c.features.get("rule_pick")), 0) for ex in test]
    return sum(p == ex.gold for p, ex in zip(picks, test)) / len(test) if test else 0.0


def train(data_dir: Path, sources_path: Path, out: Path, settings: Settings, folds: int = 5) -> dict[str, Any]:
    """Fit the ranker, choose C by grouped cross-validation and write the model file.

    Args:
        data_dir: the PolNeAR folder holding ``train/``.
        sources_path: ``polnear_train_sources.jsonl`` (items marked ``train``/``heldout``).
        out: the model file to write (``data/speakers/pronoun_ranker.v1.json``).
        settings: run settings (``nlp_model`` gives the entities).
        folds: cross-validation folds, grouped by article.

    Returns:
        The record written next to the weights: data, setting, CV accuracy of the model
        and of the rules on the same pronouns.
    """
    data = examples(data_dir, sources_path, settings)
    docs = sorted({ex.doc for ex in data})
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    cv: dict[float, float] = {}
    for c in C_GRID:
        right = 0.0
        for k in range(folds):
            fit_on = [ex for ex in data if fold_of[ex.doc] != k]
            test = [ex for ex in data if fold_of[ex.doc] == k]
            right += _accuracy(_fit(fit_on, c), test) * len(test)
        cv[c] = right / len(data)
    best = max(C_GRID, key=lambda c: (cv[c], -c))
    model = _fit(data, best)
    record = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "C": best,
        "cv_accuracy": round(cv[best], 4),
        "cv_by_C": {str(c): round(a, 4) for c, a in cv.items()},
        "rules_accuracy_same_items": round(_rules_accuracy(data), 4),
        "pronouns": len(data),
        "gold_among_candidates": sum(ex.gold >= 0 for ex in data),
        "articles": len(docs),
        "data": f"{sources_path.name}, split=train (PolNeAR train, first annotator file)",
        "file": MODEL_FILE,
    }
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record
