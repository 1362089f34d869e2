"""Train the attribution filter on PolNeAR ``train`` (``saidwhat train attribution``).

1. Parse the train split with the run's spaCy pipeline.
2. Learn the cue lexicon: lemmas heading gold cues, with how often each occurs at all.
3. Generate rule candidates; a candidate is positive when it would count as a correct
   relation (content Jaccard >= 0.5 with a gold attribution, speaker overlapping).
4. With the span tagger's out-of-fold probabilities (``tagger_train.py``), add its
   features to every candidate.
5. Choose the regularization and the keep threshold by cross-validation over article
   folds of train (relation F1 of the whole select step), fit an L2 logistic regression
   (scikit-learn, deterministic lbfgs solver) on all of train and store its weights as JSON.
"""

from __future__ import annotations

import json
from importlib import resources
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import ConfigError, InputError
from ..ingest.polnear import GoldArticle, read_split
from ..nlp import load_nlp
from .component import CueLexicon, FilterModel, featurize
from .evaluate import TokenIndex, jaccard, score
from .quotes import find_quotes
from .rules import Candidate, QuoteIndex, find_candidates
from .spans import tagger_candidates
from .tagger import PieceProbs

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_CUE_COUNT = 2
MIN_PRECISION = 0.01
DEFAULT_THRESHOLD = 0.3  # chosen on PolNeAR dev (relation F1); see the closing note of issue 3
C_REGULARIZATION = 0.25
CV_FOLDS = 5
CV_SEED = 7
C_GRID = (0.25, 0.5)
THRESHOLD_GRID = tuple(round(0.25 + 0.05 * i, 2) for i in range(7))


def _cue_heads(doc: "Doc", ranges: tuple[tuple[int, int], ...]) -> list[str]:
    """Lemmas of the syntactic heads of a gold cue span ("has said" -> say)."""
    toks: set[int] = set()
    for a, b in ranges:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            toks.update(t.i for t in span if not t.is_punct)
    heads = [doc[i] for i in sorted(toks) if doc[i].head.i not in toks or doc[i].head.i == i]
    if any(doc[i].lower_ == "according" for i in toks):
        return ["according"]
    return [h.lemma_.lower() for h in heads[:1]]


def learn_lexicon(docs: Sequence["Doc"], gold: Sequence[GoldArticle]) -> CueLexicon:
    """Cue lemmas seen at least ``MIN_CUE_COUNT`` times as a gold cue head."""
    cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc, art in zip(docs, gold):
        for t in doc:
            if t.pos_ in ("VERB", "NOUN", "AUX") or t.lower_ == "according":
                seen[t.lemma_.lower()] += 1
        for g in art.attributions:
            if g.cue:
                cue.update(_cue_heads(doc, g.cue))
    counts = {
        lemma: (n, max(seen[lemma], n))
        for lemma, n in cue.items()
        if n >= MIN_CUE_COUNT and n / max(seen[lemma], n) >= MIN_PRECISION and lemma.isalpha()
    }
    for lemma in seed_cues():
        counts.setdefault(lemma, (cue[lemma], max(seen[lemma], cue[lemma])))
    return CueLexicon(counts)


def seed_cues() -> list[str]:
    """The packaged list of reporting verbs that are always candidates (``seed_cues.txt``)."""
    raw = resources.files("saidwhat").joinpath("data/attribution/seed_cues.txt").read_text("utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")]


DocCandidates = list[tuple[dict[str, float], int, Candidate]]


def candidates_of(doc: "Doc", art: GoldArticle, lexicon: CueLexicon, probs: PieceProbs | None = None) -> DocCandidates:
    """Features, 0/1 label and the candidate itself, for every rule candidate of one article."""
    text = doc.text
    quotes = QuoteIndex(text, find_quotes(text))
    para_ends = [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]
    index = TokenIndex(text)
    G = [(index.tokens(g.content), index.tokens(g.speaker)) for g in art.attributions]
    out: DocCandidates = []
    cands = find_candidates(doc, quotes, lexicon.lemmas, para_ends)
    if probs is not None:
        cands += tagger_candidates(doc, probs, quotes, {c.cue_i for c in cands})
    for cand in cands:
        pc, ps = index.tokens(cand.content), index.tokens(cand.source)
        ok = any(relation_right(pc, ps, gc, gs) for gc, gs in G)
        out.append((featurize(doc, cand, quotes, lexicon, probs), int(ok), cand))
    return out


def relation_right(content: frozenset[int], source: frozenset[int], gold_content: frozenset[int],
                   gold_source: frozenset[int]) -> bool:
    """Whether a candidate (its content and source as token sets of :class:`TokenIndex`)
    counts as the gold relation: content Jaccard >= 0.5, and a source sharing a token with
    the gold one where gold has one (the reference scorer's relation match)."""
    return jaccard(content, gold_content) >= 0.5 and (not gold_source or bool(source & gold_source))


def examples(
    docs: Sequence["Doc"], gold: Sequence[GoldArticle], lexicon: CueLexicon,
    probs: Mapping[str, PieceProbs] | None = None,
) -> tuple[list[dict[str, float]], list[int]]:
    """Feature dicts and 0/1 labels of every rule candidate."""
    X: list[dict[str, float]] = []
    y: list[int] = []
    for doc, art in zip(docs, gold):
        for f, label, _ in candidates_of(doc, art, lexicon, probs[art.doc_id] if probs else None):
            X.append(f)
            y.append(label)
    return X, y


def _sklearn() -> tuple[Any, Any]:
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ConfigError(
            "Training needs scikit-learn, which is not installed. "
            "Install the training extras: pip install 'saidwhat[train]'."
        ) from None
    return DictVectorizer, LogisticRegression


def _fit_lr(X: Sequence[dict[str, float]], y: Sequence[int], c: float) -> tuple[dict[str, float], float]:
    DictVectorizer, LogisticRegression = _sklearn()
    vec = DictVectorizer()
    matrix = vec.fit_transform(X)
    clf = LogisticRegression(C=c, solver="lbfgs", max_iter=3000)
    clf.fit(matrix, y)
    return {name: float(w) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])}, float(clf.intercept_[0])


BOUNDS = ((), ("extend",), ("second",), ("extend", "second"))
Setting = tuple[float, float, tuple[str, ...], bool]  # C, threshold, bounds, tagger proposes


def cross_validate(
    table: Sequence[DocCandidates], gold: Sequence[GoldArticle], lexicon: CueLexicon,
    probs: Mapping[str, PieceProbs] | None = None,
    c_grid: Sequence[float] = C_GRID, thresholds: Sequence[float] = THRESHOLD_GRID,
    folds: int = CV_FOLDS, seed: int = CV_SEED,
) -> dict[Setting, dict[str, object]]:
    """Scores of the filter fitted on the other folds, per setting, over all of train;
    bounds (how the tagger sets content ends) and tagger-proposed candidates are tried
    only with ``probs``.

    Folds are whole articles (a hash of the id), so no article's sentences are on both sides.
    """
    from . import bound, select
    from .tagger_train import fold_of

    fold = [fold_of(a.doc_id, folds, seed) for a in gold]
    variants = BOUNDS if probs else BOUNDS[:1]
    predicted: dict[Setting, dict[str, list[dict[str, object]]]] = {}
    for propose in (False, True) if probs else (False,):
        docs = [[x for x in d if propose or x[2].rule != "tagger"] for d in table]
        for c in c_grid:
            for k in range(folds):
                X = [f for d, fk in zip(docs, fold) if fk != k for f, _, _ in d]
                y = [label for d, fk in zip(docs, fold) if fk != k for _, label, _ in d]
                weights, bias = _fit_lr(X, y, c)
                model = FilterModel(weights, bias, 0.0, lexicon)
                for d, art, fk in zip(docs, gold, fold):
                    if fk != k:
                        continue
                    scored = [(model.probability(f), cand) for f, _, cand in d]
                    for t in thresholds:
                        kept = select(scored, t)
                        for v in variants:
                            chosen = bound(kept, probs[art.doc_id], "extend" in v, "second" in v, art.text) if v and probs else kept
                            predicted.setdefault((c, t, v, propose), {})[art.doc_id] = [
                                as_roles_of(cand) for _, cand in chosen]
    return {key: score(gold, pred) for key, pred in predicted.items()}


def as_roles_of(cand: Candidate) -> dict[str, object]:
    """A candidate's spans by role name (as the scorer reads them)."""
    return {"content": cand.content, "speaker": cand.source, "cue": cand.cue}


def fit(docs: Sequence["Doc"], gold: Sequence[GoldArticle], threshold: float | None = None,
        probs: Mapping[str, PieceProbs] | None = None,
        log: Callable[[str], None] = lambda _: None) -> tuple[FilterModel, dict[str, object]]:
    """Learn the lexicon and the filter from parsed train documents and their gold.

    With ``threshold`` None, the regularization and the threshold are chosen by
    cross-validation (relation F1); the chosen setting's CV scores are returned too.
    """
    _sklearn()
    lexicon = learn_lexicon(docs, gold)
    table = [candidates_of(doc, art, lexicon, probs[art.doc_id] if probs else None) for doc, art in zip(docs, gold)]
    y = [label for d in table for _, label, _ in d]
    if len(set(y)) < 2:
        state = "all correct" if y and y[0] else "none correct"
        raise InputError(
            f"Training found {len(y)} candidate attributions, {state}; the filter needs both "
            "correct and wrong ones. Train on the full PolNeAR train split (--data DIR)."
        )
    c, bounds, propose, cv = C_REGULARIZATION, (), False, {}
    if threshold is None:
        results = cross_validate(table, gold, lexicon, probs)
        for (ci, ti, vi, pi), res in sorted(results.items()):
            log(f"CV C={ci} threshold={ti} bounds={'+'.join(vi) or 'rules'} propose={pi}: "
                f"relation F1 {100 * res['relation'].f:.2f} content strict F1 "  # type: ignore[attr-defined]
                f"{100 * res['content']['strict'].f:.2f}")  # type: ignore[index]
        # Relation F1 first; between settings within 0.1 point of it, the better content strict F1.
        best = max(res["relation"].f for res in results.values())  # type: ignore[attr-defined]
        (c, threshold, bounds, propose), cv = max(
            ((k, r) for k, r in results.items() if r["relation"].f >= best - 0.001),  # type: ignore[attr-defined]
            key=lambda kv: (kv[1]["content"]["strict"].f, -kv[0][1]))  # type: ignore[index]
    rows = [x for d in table for x in d if propose or x[2].rule != "tagger"]
    weights, bias = _fit_lr([f for f, _, _ in rows], [label for _, label, _ in rows], c)
    model = FilterModel(weights, bias, threshold, lexicon, probs is not None, bounds, propose)
    return model, {"C": c, "threshold": threshold, "bounds": list(bounds), "propose": propose, "cv": cv}


def train(data_dir: str | Path, settings: Settings, out: str | Path, threshold: float | None = None,
          tagger_probs: str | Path | None = None, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Train on ``DATA_DIR/train`` and write the model JSON to ``out``.

    Args:
        data_dir: the PolNeAR data directory.
        settings: ``nlp_model`` and ``batch_size`` are used.
        out: where to write the model (the shipped one is ``data/attribution/model.json``).
        threshold: the keep threshold stored with the model; None chooses it (and the
            regularization) by cross-validation over article folds when train has at
            least ``2 * CV_FOLDS`` articles, else uses ``DEFAULT_THRESHOLD``.
        tagger_probs: the span tagger's out-of-fold probabilities on train (the ``oof*.npz``
            files, or their directory, from ``saidwhat train tagger``); the filter is then
            trained on the articles they cover. Without them the filter ignores the tagger.
        log: progress sink (CV scores).

    Returns:
        Counts (articles, gold attributions, cue lemmas, features) and the chosen setting
        with its cross-validated scores.
    """
    gold = read_split(data_dir, "train")
    probs = None
    if tagger_probs is not None:
        from .tagger_train import load_probs

        try:
            probs = load_probs(Path(tagger_probs))
        except (OSError, ValueError) as exc:
            raise InputError(f"Cannot read tagger probabilities {tagger_probs}: {exc}") from None
        tagged = [a for a in gold if a.doc_id in probs]
        if not tagged:
            raise InputError(f"Tagger probabilities {tagger_probs} hold none of the train articles; "
                             "rerun `saidwhat train tagger` on the same data.")
        if len(tagged) < len(gold):
            log(f"training on the {len(tagged)} of {len(gold)} train articles the tagger's held-out folds tagged")
        gold = tagged
    if threshold is None and len(gold) < 2 * CV_FOLDS:
        threshold = DEFAULT_THRESHOLD
    nlp = load_nlp(settings.nlp_model)
    docs = list(nlp.pipe((a.text for a in gold), batch_size=settings.batch_size))
    model, chosen = fit(docs, gold, threshold, probs, log)
    Path(out).write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", "utf-8")
    return {
        "articles": len(gold),
        "attributions": sum(len(a.attributions) for a in gold),
        "cue_lemmas": len(model.lexicon.counts),
        "features": len(model.weights),
        **chosen,
    }
