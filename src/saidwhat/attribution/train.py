"""Train the attribution filter on PolNeAR ``train`` (``saidwhat train attribution``).

1. Parse the train split with the run's spaCy pipeline.
2. Learn the cue lexicon: lemmas heading gold cues, with how often each occurs at all.
3. Generate rule candidates; a candidate is positive when it would count as a correct
   relation (content Jaccard >= 0.5 with a gold attribution, speaker overlapping).
4. Fit an L2 logistic regression (scikit-learn, deterministic lbfgs solver) and
   store its weights as JSON.
"""

from __future__ import annotations

import json
from importlib import resources
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import ConfigError, InputError
from ..ingest.polnear import GoldArticle, read_split
from ..nlp import load_nlp
from .component import CueLexicon, FilterModel, featurize
from .evaluate import TokenIndex, jaccard
from .quotes import find_quotes
from .rules import QuoteIndex, find_candidates

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_CUE_COUNT = 2
MIN_PRECISION = 0.01
DEFAULT_THRESHOLD = 0.3  # chosen on PolNeAR dev (relation F1); see the closing note of issue 3
C_REGULARIZATION = 0.25


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


def examples(
    docs: Sequence["Doc"], gold: Sequence[GoldArticle], lexicon: CueLexicon
) -> tuple[list[dict[str, float]], list[int]]:
    """Feature dicts and 0/1 labels of every rule candidate."""
    X: list[dict[str, float]] = []
    y: list[int] = []
    lemmas = lexicon.lemmas
    for doc, art in zip(docs, gold):
        text = doc.text
        quotes = QuoteIndex(text, find_quotes(text))
        para_ends = [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]
        index = TokenIndex(text)
        G = [(index.tokens(g.content), index.tokens(g.speaker)) for g in art.attributions]
        for cand in find_candidates(doc, quotes, lemmas, para_ends):
            pc, ps = index.tokens(cand.content), index.tokens(cand.source)
            ok = any(jaccard(pc, gc) >= 0.5 and (not gs or ps & gs) for gc, gs in G)
            X.append(featurize(doc, cand, quotes, lexicon))
            y.append(int(ok))
    return X, y


def fit(docs: Sequence["Doc"], gold: Sequence[GoldArticle], threshold: float = DEFAULT_THRESHOLD) -> FilterModel:
    """Learn the lexicon and the filter from parsed train documents and their gold."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ConfigError(
            "Training needs scikit-learn, which is not installed. "
            "Install the training extras: pip install 'saidwhat[train]'."
        ) from None
    lexicon = learn_lexicon(docs, gold)
    X, y = examples(docs, gold, lexicon)
    if len(set(y)) < 2:
        state = "all correct" if y and y[0] else "none correct"
        raise InputError(
            f"Training found {len(y)} candidate attributions, {state}; the filter needs both "
            "correct and wrong ones. Train on the full PolNeAR train split (--data DIR)."
        )
    vec = DictVectorizer()
    matrix = vec.fit_transform(X)
    clf = LogisticRegression(C=C_REGULARIZATION, solver="lbfgs", max_iter=3000)
    clf.fit(matrix, y)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])}
    return FilterModel(weights, float(clf.intercept_[0]), threshold, lexicon)


def train(data_dir: str | Path, settings: Settings, out: str | Path, threshold: float = DEFAULT_THRESHOLD) -> dict[str, int]:
    """Train on ``DATA_DIR/train`` and write the model JSON to ``out``.

    Args:
        data_dir: the PolNeAR data directory.
        settings: ``nlp_model`` and ``batch_size`` are used.
        out: where to write the model (the shipped one is ``data/attribution/model.json``).
        threshold: the keep threshold stored with the model.

    Returns:
        Counts: articles, gold attributions, cue lemmas, features.
    """
    gold = read_split(data_dir, "train")
    nlp = load_nlp(settings.nlp_model)
    docs = list(nlp.pipe((a.text for a in gold), batch_size=settings.batch_size))
    model = fit(docs, gold, threshold)
    Path(out).write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", "utf-8")
    return {
        "articles": len(gold),
        "attributions": sum(len(a.attributions) for a in gold),
        "cue_lemmas": len(model.lexicon.counts),
        "features": len(model.weights),
    }
