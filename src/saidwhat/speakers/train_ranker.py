"""``saidwhat train speakers``: fit the mention ranker on the PolNeAR train labels.

Each labelled pronoun or definite-description source of the ``train`` share of
``polnear_train_sources.jsonl`` is resolved by the rules while its candidates
(``ranking.candidates``, ``ranking.description_candidates``) are recorded; the gold
candidate is the referent whose name is the label (or whose surname is the label's), or
nobody for ``"none"``. A logistic regression over (source, candidate) rows is fitted for
each regularisation setting and feature set (``DROPS``) under cross-validation grouped by
article, scored by choosing the best-scoring candidate per source; the best setting is
refitted on all of it. Each setting is also scored end to end: every article of a held-out
fold is resolved with the ranker fitted on the other folds and every labelled source of it
is scored, as ``saidwhat eval speakers`` does (so one wrong pick that misleads the next
pronoun counts, and sources the ranker never sees count too). The ``heldout`` share is
never read here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..models import Parsed
from .evaluate import SpeakerScores, _parse, _read_jsonl, read_polnear, score
from .misses import Miss, classify, names_gold
from .ranking import FEATURES, MODEL_FILE, RANKED, Candidate, Weights, vector
from .resolve import _Resolver, resolve_with

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
# Feature groups the cross-validation may leave out (their weights are then written as 0).
DROPS: dict[str, tuple[str, ...]] = {
    "all": (),
    "no_main_person": ("main_person", "d_main_person"),
    "no_bare_idle": ("bare_idle",),
    "no_rule_pick": ("rule_pick", "d_rule_pick"),
    "no_role_match": ("d_role_all", "d_role_head", "d_role_other", "d_no_roles", "d_other_office"),
}


class _Recorder(_Resolver):
    """A resolver that keeps every ranked source's candidates by source start (rules only
    unless given weights)."""

    def __init__(self, parsed: Parsed, weights: Weights | None = None) -> None:
        super().__init__(parsed, weights)
        self.weights = weights
        self.recorded: dict[int, list[Candidate]] = {}

    def seen_candidates(self, start: int, cands: list[Candidate]) -> None:
        self.recorded[start] = cands


@dataclass(frozen=True)
class Example:
    """One labelled source: its article, kind, candidates and the index of the gold one (-1: absent)."""

    doc: str
    kind: str
    candidates: tuple[Candidate, ...]
    names: tuple[str | None, ...]
    gold: int


def _gold_index(names: tuple[str | None, ...], gold: str) -> int:
    for i, name in enumerate(names):
        if (gold == "none" and name is None) or (gold != "none" and names_gold(name, gold)):
            return i
    return -1


def parse_labelled(
    data_dir: Path, sources_path: Path | Sequence[Path], settings: Settings, subset: str = "train"
) -> tuple[list[dict[str, Any]], dict[str, Parsed]]:
    """The labelled items of ``subset`` (from one label file or several, read in order) and
    their articles, parsed (NER, sentences, gold source spans)."""
    paths = [sources_path] if isinstance(sources_path, Path) else list(sources_path)
    items = [i for path in paths for i in _read_jsonl(path) if i.get("split") == subset]
    wanted = {i["doc"] for i in items}
    docs = [d for d in read_polnear(data_dir, "train") if d.name in wanted]
    return items, _parse(docs, settings)


def examples(items: list[dict[str, Any]], parsed: dict[str, Parsed]) -> list[Example]:
    """The labelled sources that the ranker decides, with the candidates the rules saw."""
    recorded: dict[str, _Recorder] = {}
    for name, one in parsed.items():
        rec = _Recorder(one)
        resolve_with(rec, one)
        recorded[name] = rec
    out: list[Example] = []
    for item in items:
        rec = recorded[item["doc"]]
        cands = tuple(rec.recorded.get(item["source"][0], ()))
        if not cands:
            continue
        names = tuple(rec.refs_by_id[c.ref].name if c.ref is not None else None for c in cands)
        kind = "pronoun" if item["source_text"].strip().lower() in RANKED else "description"
        out.append(Example(item["doc"], kind, cands, names, _gold_index(names, item["gold"])))
    return out


def cv_misses(
    items: list[dict[str, Any]], parsed: dict[str, Parsed], c: float, drop: tuple[str, ...] = (), folds: int = 5
) -> tuple[SpeakerScores, list[Miss]]:
    """End-to-end CV with one setting, and where each miss starts (``misses.classify``).

    Args:
        items: the labelled sources (train share).
        parsed: their articles, parsed.
        c: the ranker's regularisation.
        drop: the features left out.
        folds: folds, grouped by article as ``train`` groups them.

    Returns:
        The scores of every labelled source, each article resolved by the ranker fitted on
        the other folds; and the misses, classified.
    """
    data = examples(items, parsed)
    fold_of = {d: i % folds for i, d in enumerate(sorted(parsed))}
    weights = {k: _weights(_fit([ex for ex in data if fold_of[ex.doc] != k], c, drop), drop) for k in range(folds)}
    recorders = {name: _Recorder(one, weights[fold_of[name]]) for name, one in parsed.items()}
    scores = score(items, [], {name: resolve_with(recorders[name], one) for name, one in parsed.items()})
    misses = [
        classify(e, e["predicted"], recorders[e["doc"]], recorders[e["doc"]].recorded.get(e["source"][0]))
        for e in scores.errors
    ]
    return scores, misses


def _weights(model: Any, drop: tuple[str, ...]) -> Weights:
    coef = [0.0 if name in drop else round(float(w), 6) for name, w in zip(FEATURES, model.coef_[0])]
    return tuple(coef), round(float(model.intercept_[0]), 6)


def _end_to_end(
    items: list[dict[str, Any]], parsed: dict[str, Parsed], weights_of: Callable[[str], Weights | None]
) -> SpeakerScores:
    """Resolve every article with its own weights (None: the rules alone) and score all items."""
    resolved = {}
    for name, one in parsed.items():
        weights = weights_of(name)
        resolver = _Resolver(one, weights) if weights is not None else _Recorder(one)
        resolved[name] = resolve_with(resolver, one)
    return score(items, [], resolved)


def _masked(cand: Candidate, drop: tuple[str, ...]) -> list[float]:
    return [0.0 if name in drop else x for name, x in zip(FEATURES, vector(cand))]


def _fit(train: list[Example], c: float, drop: tuple[str, ...] = ()) -> Any:
    from sklearn.linear_model import LogisticRegression

    x = [_masked(cand, drop) for ex in train for cand in ex.candidates]
    y = [int(i == ex.gold) for ex in train for i in range(len(ex.candidates))]
    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def _hits(model: Any, test: list[Example], drop: tuple[str, ...] = ()) -> list[bool]:
    out = []
    for ex in test:
        scores = model.decision_function([_masked(c, drop) for c in ex.candidates])
        out.append(max(range(len(scores)), key=lambda i: scores[i]) == ex.gold)
    return out


def _rule_hits(test: list[Example]) -> list[bool]:
    def pick(ex: Example) -> int:
        picked = (i for i, c in enumerate(ex.candidates) if c.features.get("rule_pick") or c.features.get("d_rule_pick"))
        return next(picked, 0)

    return [pick(ex) == ex.gold for ex in test]


def _share(hits: list[bool], data: list[Example], kind: str | None = None) -> float:
    picked = [h for h, ex in zip(hits, data) if kind is None or ex.kind == kind]
    return round(sum(picked) / len(picked), 4) if picked else 0.0


def _scores(scores: SpeakerScores) -> str:
    return (
        f"resolvable {scores.correct}/{scores.resolvable} = {scores.accuracy:.3f},"
        f" left null {scores.left_null}/{scores.unresolvable} = {scores.null_rate:.3f}"
    )


def train(
    data_dir: Path, sources_path: Path | Sequence[Path], out: Path, settings: Settings, folds: int = 5
) -> dict[str, Any]:
    """Fit the ranker, choose C and the features by grouped cross-validation, write the model file.

    Args:
        data_dir: the PolNeAR folder holding ``train/``.
        sources_path: the label files (``polnear_train_sources.jsonl``, items marked
            ``train``/``heldout``, and ``polnear_train_sources.round3.jsonl`` to ``round5``), read together.
        out: the model file to write (``data/speakers/mention_ranker.v7.json``).
        settings: run settings (``nlp_model`` gives the entities).
        folds: cross-validation folds, grouped by article.

    Returns:
        The record written next to the weights: data, setting, CV accuracy of the model
        and of the rules, among the candidates and end to end.
    """
    items, parsed = parse_labelled(data_dir, sources_path, settings)
    data = examples(items, parsed)
    docs = sorted(parsed)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    cv: dict[tuple[str, float], list[bool]] = {}
    full: dict[tuple[str, float], SpeakerScores] = {}
    for setting, drop in DROPS.items():
        for c in C_GRID:
            hits: dict[int, bool] = {}
            fold_weights: dict[int, Weights] = {}
            for k in range(folds):
                model = _fit([ex for ex in data if fold_of[ex.doc] != k], c, drop)
                fold_weights[k] = _weights(model, drop)
                test = [i for i, ex in enumerate(data) if fold_of[ex.doc] == k]
                for i, hit in zip(test, _hits(model, [data[i] for i in test], drop)):
                    hits[i] = hit
            cv[(setting, c)] = [hits[i] for i in range(len(data))]
            # every labelled source of the held-out fold, resolved with the fold's ranker:
            # what a user sees, cascades of earlier choices included
            full[(setting, c)] = _end_to_end(items, parsed, lambda doc, w=fold_weights: w[fold_of[doc]])
    # most right; ties go to the fuller feature set (listed first), then the smaller C
    order = list(DROPS)
    best_setting, best = max(cv, key=lambda k: (sum(cv[k]), -order.index(k[0]), -k[1]))
    model = _fit(data, best, DROPS[best_setting])
    rules_full = _end_to_end(items, parsed, lambda doc: None)
    chosen = full[(best_setting, best)]
    rules = _rule_hits(data)
    weights, bias = _weights(model, DROPS[best_setting])
    record = {
        "features": list(FEATURES),
        "weights": list(weights),
        "bias": bias,
        "C": best,
        "features_left_out": best_setting,
        "cv_accuracy": _share(cv[(best_setting, best)], data),
        "cv_accuracy_pronouns": _share(cv[(best_setting, best)], data, "pronoun"),
        "cv_accuracy_descriptions": _share(cv[(best_setting, best)], data, "description"),
        "cv_by_setting": {f"{s} C={c}": _share(h, data) for (s, c), h in cv.items()},
        "cv_end_to_end": _scores(chosen),
        "rules_end_to_end": _scores(rules_full),
        "cv_end_to_end_by_setting": {f"{s} C={c}": _scores(v) for (s, c), v in full.items()},
        "rules_accuracy_same_items": _share(rules, data),
        "rules_accuracy_pronouns": _share(rules, data, "pronoun"),
        "rules_accuracy_descriptions": _share(rules, data, "description"),
        "pronouns": sum(ex.kind == "pronoun" for ex in data),
        "descriptions": sum(ex.kind == "description" for ex in data),
        "gold_among_candidates": sum(ex.gold >= 0 for ex in data),
        "articles": len(docs),
        "data": " + ".join(p.name for p in ([sources_path] if isinstance(sources_path, Path) else sources_path))
        + ", split=train (PolNeAR train, first annotator file)",
        "file": MODEL_FILE,
    }
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record
