"""Train and cross-validate the dump line classifier on benchmark-style page sets.

``saidwhat train cleaning DIR...`` runs :func:`train` over one or more directories in the
article-extraction benchmark's layout (``../shared/data/cleaning-extra``: 1,595 Dragnet and
L3S-GN1 pages; ``../shared/data/aeb``: the 95 AEB dev pages). Labels come from the ground
truth: a unit is body when most of its word 4-grams occur in the page's ``articleBody``
(short units: when their words form a whole ground-truth paragraph, or occur in it between
two body units). Folds keep a site's pages together where the site is known (URL host or
the outlet a page names), else a page, and both flatteners of a page stay in one fold, so
the reported scores are on pages and sites the model has not seen; they are reported per
source (``dragnet``, ``l3s``, ``aeb``) and flattener.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import RawPage
from .describe import CONTEXT_FEATURES, FEATURES, UNCENTRED, context_features, unit_features
from .line_words import BUCKETS, unit_buckets
from .meta import detect_title
from .model import LineModel, Logistic, WordWeights
from .recurrence import build_profile, site_key
from .score import body_f1
from .textdump import assemble, select_body
from .units import RETRY_LINE, WORD, Unit, has_long_piece, split_units

FLATTENERS = ("lxml_blocks", "inscriptis")


@dataclass
class PageData:
    """One dump page prepared for training."""

    page_id: str
    flattener: str
    text: str
    units: list[Unit]
    title: str | None
    rows: list[list[float]]
    labels: list[int]
    site: str = ""  # URL host: folds can keep a site's pages together
    source: str = "aeb"  # which collection the page comes from (ground truth's "source")
    # The page split again with lines over RETRY_LINE cut (only where it has one): scored in
    # place of the page when the body chosen from its own units is empty, as find_body does.
    retry: "PageData | None" = None


def load_truth(aeb_dir: Path) -> dict[str, str]:
    """Page id -> ground-truth article body.

    Raises:
        InputError: ``aeb_dir`` has no ``ground-truth.json``.
    """
    path = aeb_dir / "ground-truth.json"
    if not path.is_file():
        raise InputError(
            f"{aeb_dir}: no ground-truth.json here; pass the benchmark directory "
            "(with ground-truth.json, html/ and dumps/)."
        )
    data = json.loads(path.read_text("utf-8"))
    return {k: v.get("articleBody") or "" for k, v in data.items()}


def load_sources(aeb_dir: Path) -> dict[str, str]:
    """Page id -> its collection: the ground truth's ``source`` (``dragnet``, ``l3s``), else
    the directory's name (``aeb``)."""
    data = json.loads((aeb_dir / "ground-truth.json").read_text("utf-8"))
    return {k: (v.get("source") if isinstance(v, dict) else None) or aeb_dir.name for k, v in data.items()}


def load_urls(aeb_dir: Path) -> dict[str, str]:
    """Page id -> the page's URL in ``ground-truth.json`` (pages without one are left out)."""
    path = aeb_dir / "ground-truth.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {k: v["url"] for k, v in data.items() if isinstance(v, dict) and v.get("url")}


def page_files(aeb_dir: Path, variant: str) -> dict[str, Path]:
    """Page id (file name without extensions) -> file, for a dump flattener or ``html``."""
    folder = aeb_dir / "html" if variant == "html" else aeb_dir / "dumps" / variant
    if not folder.is_dir():
        return {}
    return {p.name.split(".")[0]: p for p in sorted(folder.iterdir()) if p.is_file()}


def read_file(path: Path) -> bytes:
    """The file's bytes, gunzipped when it ends in ``.gz``."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def label_units(units: list[Unit], truth: str) -> list[int]:
    """1 for units that belong to the ground-truth body, else 0."""
    words = WORD.findall(truth)
    grams = {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
    joined = " " + " ".join(words) + " "
    paragraphs = {" ".join(WORD.findall(p)) for p in re.split(r"\n+", truth) if p.strip()}
    labels: list[int] = []
    short: list[int] = []
    for i, u in enumerate(units):
        w = WORD.findall(u.text)
        if len(w) >= 4:
            own = [tuple(w[k : k + 4]) for k in range(len(w) - 3)]
            labels.append(1 if sum(g in grams for g in own) >= 0.5 * len(own) else 0)
        else:
            key = " ".join(w)
            labels.append(1 if key and key in paragraphs else 0)
            if key and f" {key} " in joined:
                short.append(i)
    for i in short:
        if not labels[i] and 0 < i < len(units) - 1 and labels[i - 1] and labels[i + 1]:
            labels[i] = 1
    return labels


def raw_pages(aeb_dir: Path, variant: str) -> list[RawPage]:
    """The pages of one variant as ``RawPage``s, with the ground truth's URL as ``meta["url"]``
    (what a scraped corpus carries, and what groups a site's pages for recurrence)."""
    from ..ingest.decode import decode

    urls = load_urls(aeb_dir)
    out = []
    for page_id, path in page_files(aeb_dir, variant).items():
        text, encoding = decode(read_file(path), str(path))
        meta = (("url", urls[page_id]),) if page_id in urls else ()
        out.append(RawPage(page_id, str(path), text, "html" if variant == "html" else "text", meta, encoding))
    return out


def prepare(aeb_dir: Path, recurrence: bool = True) -> tuple[dict[str, str], list[PageData]]:
    """Ground truth and every dump page with its units, features and labels.

    With ``recurrence``, each flattener's pages with a URL form one corpus, as in ``saidwhat
    eval cleaning``: lines recurring on other pages of the same site become features. Pages
    without a URL (``cleaning-extra``) are not profiled: without a site they would all be
    one folder's "site", and lines of hundreds of outlets would count as one site's menu.
    """
    truth = load_truth(aeb_dir)
    sources = load_sources(aeb_dir)
    pages: list[PageData] = []
    for flattener in FLATTENERS:
        raws = [r for r in raw_pages(aeb_dir, flattener) if r.doc_id in truth]
        profile = build_profile([r for r in raws if r.meta_value("url")]) if recurrence else None
        for raw in raws:
            units = split_units(raw.text)
            page = _page_data(raw, flattener, units, truth[raw.doc_id], sources[raw.doc_id], profile)
            if has_long_piece(units):
                retry = _page_data(raw, flattener, split_units(raw.text, RETRY_LINE), truth[raw.doc_id],
                                   sources[raw.doc_id], profile)
                page = replace(page, retry=retry)
            pages.append(page)
    if not pages:
        raise InputError(f"{aeb_dir}: no dumps under dumps/{{{','.join(FLATTENERS)}}}/")
    return truth, pages


def _page_data(raw: RawPage, flattener: str, units: list[Unit], truth: str, source: str,
               profile: Any) -> PageData:
    title = detect_title(units)
    site = site_key(raw, None, units)
    counts = profile.counts(site, raw.text, units) if profile and raw.meta_value("url") else None
    return PageData(raw.doc_id, flattener, raw.text, units, title, unit_features(units, title, counts),
                    label_units(units, truth), site, source)


def _fit(rows: list[list[float]], labels: list[int], weights: list[float], names: tuple[str, ...],
         c: float, words: list[frozenset[int]] | None = None,
         word_scale: float = 0.0) -> tuple[Logistic, WordWeights | None]:
    """One logistic regression over standardised features; the cross-page ones on top.

    With ``words`` (each row's hashed word buckets, :func:`.line_words.unit_buckets`) and a
    ``word_scale`` above 0, the buckets are fitted together with the features, each present
    bucket worth ``word_scale`` (a smaller scale regularises the words more than the shape).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    extra = [k for k, name in enumerate(names) if name in UNCENTRED]
    for k in extra:  # 0 must add nothing (a page alone); see lines.UNCENTRED
        mean[k], scale[k] = 0.0, 1.0
    design = (x - mean) / scale
    cross_page = design[:, extra].copy()
    design[:, extra] = 0.0  # fitted afterwards, on top of the page-level model
    fitted: Any = design
    if words is not None and word_scale > 0:
        fitted = _with_words(design, words, word_scale)
    model = LogisticRegression(C=c, max_iter=3000)
    y = np.asarray(labels)
    sw = np.asarray(weights)
    model.fit(fitted, y, sample_weight=sw)
    n = len(names)
    coef = model.coef_[0][:n].copy()
    word_weights = None
    if fitted is not design:
        # what a present bucket adds to the log-odds, rounded: the model file stays small
        word_weights = WordWeights({b: round(float(w) * word_scale, 5)
                                    for b, w in enumerate(model.coef_[0][n:]) if round(float(w) * word_scale, 5)})
    if extra and cross_page.any():
        base = model.decision_function(fitted)
        coef[extra] = _fit_offset(cross_page, y, sw, base, c)
    return Logistic(names, tuple(mean.tolist()), tuple(scale.tolist()), tuple(coef.tolist()),
                    float(model.intercept_[0])), word_weights


def _with_words(design: Any, words: list[frozenset[int]], word_scale: float) -> Any:
    """The dense design with one sparse column per word bucket beside it."""
    import numpy as np
    from scipy import sparse

    cols = [b for row in words for b in sorted(row)]
    rows = [i for i, row in enumerate(words) for _ in row]
    lexical = sparse.csr_matrix((np.full(len(cols), word_scale), (rows, cols)), shape=(len(words), BUCKETS))
    return sparse.hstack([sparse.csr_matrix(design), lexical]).tocsr()


# Kept runs grow over adjacent prose lines scoring at least this (textdump._extend).
# 5-fold CV by site, seeds 0-2: lxml_blocks 0.9218 -> 0.9237, inscriptis 0.9188 -> 0.9219.
EXTEND = 0.3

# What one hashed word bucket of a unit (:mod:`.line_words`) is worth in the first stage's
# design, beside the standardised shape features (0: no words, as shipped). Measured on
# cleaning-extra alone (C 0.1, 2**16 buckets, short units up to 8 words), Dragnet lxml_blocks /
# inscriptis, L3S lxml_blocks / inscriptis (mean):
#   5-fold CV by site:          no words 0.862 / 0.861, 0.951 / 0.874 (0.8869);
#                               scale 1  0.884 / 0.881, 0.952 / 0.887 (0.9008); scale 0.3: 0.8926
#   folds by shared lines too:  no words 0.862 / 0.860, 0.952 / 0.873 (0.8867);
#   (see fold_of)               scale 1  0.874 / 0.871, 0.953 / 0.877 (0.8938); the words
#                               of units of 4 words or fewer alone: 0.8867
#   AEB dev check (kept out):   no words 0.933 / 0.944 (P 0.941 / 0.965);
#                               scale 1  0.932 / 0.935 (P 0.935 / 0.941), English pages
#                               0.947 / 0.951 -> 0.944 / 0.946, the 12 others 0.837 / 0.891 -> 0.847 / 0.858.
# Half the cross-validated gain came from sites whose pages sat in two folds (pages without
# a URL or a named outlet); the rest, mostly Dragnet's, does not carry to the AEB pages of
# other sites and years (the words seem to learn a collection's furniture and what its gold
# keeps), and AEB precision falls. So the words are off.
WORD_SCALE = 0.0

# Extra weight on body units. 1.0 (none) cross-validated at least as well as 1.5 and 2.0
# for the single-stage model (F1 0.913 / 0.910 vs 0.910 / 0.903 and 0.907 / 0.902).
POSITIVE_WEIGHT = 1.0

# After the model, two rules on the chosen lines (textdump._with_lists, _without_teasers):
# the article's own lists (a run of same-shaped short lines between two kept paragraphs, or
# after a sentence ending in a colon) are added, and "more stories" blocks (three headline +
# standfirst pairs, or three excerpts cut off mid-word, under kept text) are dropped.
# 5-fold CV by site, seeds 0-4, lxml_blocks / inscriptis:
#   before 0.9257 0.9273 0.9237 0.9294 0.9247 (mean 0.9262) / 0.9197 0.9267 0.9207 0.9317 0.9302 (0.9258)
#   after  0.9382 0.9390 0.9368 0.9348 0.9396 (mean 0.9377) / 0.9261 0.9324 0.9262 0.9365 0.9362 (0.9315)
#   pages alone (no recurrence profile): 0.9245 -> 0.9362 / 0.9218 -> 0.9272 (means).
# Tried with them and not kept: features for the same two things (a "cut off mid-word"
# feature, a headline + standfirst alternation feature): -0.001 / -0.003 (five seeds); a
# short kept heading as a list's introduction ("Tour dates"): +0.001 / +0.001, but one
# split lower; menu words allowed in a quarter of a list's lines: +0.000 / +0.000.
#
# Where the shipped model stands without those two rules (5-fold CV, five shuffled splits
# fold_of(seed=0..4), mean +- stdev over seeds; lxml_blocks / inscriptis):
#   folds by site: 0.9257 +- 0.0023 / 0.9254 +- 0.0054  (before recurrence, fallback,
#                  first copies, extension and "o " bullets: 0.9138 +- 0.0016 / 0.9120 +- 0.0037)
#   folds by page: 0.9248 +- 0.0024 / 0.9236 +- 0.0041  (before: 0.9139 +- 0.0040 / 0.9110 +- 0.0031)
#   pages alone (no recurrence profile, as for a page with no other page of its site):
#   by site 0.9241 +- 0.0012 / 0.9214 +- 0.0045, by page 0.9237 +- 0.0037 / 0.9201 +- 0.0050.
# The gains, by site, seeds 0-2 unless noted: recurrence +0.002 / +0.004 (five seeds), the
# prose fallback for empty bodies +0.006 / +0.005, one copy per paragraph +0.001,
# extension over adjacent prose +0.002 / +0.003, "o " bullets +0.001 / +0.002 (five seeds).
#
# Tried and not kept (5-fold CV by page over five shuffled splits, fold_of(seed=0..4);
# the model of the time scored lxml_blocks 0.914 +- 0.004, inscriptis 0.911 +- 0.003 there):
# - stages=2 (neighbours' out-of-fold probabilities), also with the probabilities of the
#   nearest long unit before/after a run of short lines: 0.912-0.913, no better;
# - gradient-boosted trees on the same features: 0.911 / 0.904, worse and slower;
# - C = 0.03 instead of 0.1: within 0.001;
# - Viterbi variants (short units' evidence down-weighted, a logit bias, other penalties):
#   +0.003 at the best grid point, but choosing them inside each fold (nested) gives
#   -0.001 / +0.003, i.e. noise.
# - hashed word and word-pair features (2**14 weights, block scale 1 and 0.5 / 2), folds by
#   site, seeds 0-2: -0.000 / +0.001, i.e. noise, for a bigger, slower model (trained on the
#   95 AEB dev pages alone; on cleaning-extra's 1,595 pages they gain, see WORD_SCALE);
# - a feature for runs of three or more same-shaped lines right after prose (a tour-date
#   list closing an article): +0.000 / -0.000 (five seeds);
# - topic features (share of the headline's content words in a unit; share of its
#   content words found in three or more other units), against "more stories" teasers
#   at the foot of a page: +0.000 / -0.002 (five seeds);
# - features for "under a teaser heading" ("Related links:", "More from ...", "Partner
#   news") and the heading itself: -0.003 / -0.004 (five seeds).
# Most lost F1 is pages whose body is a list, table or reviews (product specs, tour
# dates, score lines), a body printed twice, and two pages where nothing is found.


# Collections whose gold text keeps the headline and the byline/date lines above the article
# (Dragnet: see ../shared/data/cleaning-extra/README.md); AEB and L3S-GN1 keep neither.
HEADED_GOLD = frozenset({"dragnet"})
# The first body line of a page: a line of this many words or more that the gold keeps.
_FIRST_BODY_WORDS = 10


def training_labels(page: PageData) -> list[int]:
    """The labels the model learns: body lines above a page's first real body paragraph in
    a gold text that keeps the headline and byline ("Phil Helsel, NBC News", "Updated 4:12
    PM") are taken as not body, so the model learns AEB's notion of the body, not Dragnet's.
    """
    if page.source not in HEADED_GOLD:
        return page.labels
    first = next((i for i, (u, y) in enumerate(zip(page.units, page.labels))
                  if y and len(WORD.findall(u.text)) >= _FIRST_BODY_WORDS), len(page.labels))
    return [0 if i < first else y for i, y in enumerate(page.labels)]


def _weights(page: PageData) -> list[float]:
    # Longer units carry more shingles, so errors on them cost more F1; every page weighs
    # the same overall (the metric is a macro average over pages).
    raw = [(1.0 + min(len(WORD.findall(u.text)), 60)) * (POSITIVE_WEIGHT if y else 1.0)
           for u, y in zip(page.units, page.labels)]
    total = sum(raw) or 1.0
    return [w * 100.0 / total for w in raw]


def _stack(pages: list[PageData], first: dict[int, list[float]]) -> list[list[list[float]]]:
    return [[r + c for r, c in zip(p.rows, context_features(first[i]))] for i, p in enumerate(pages)]


def _fit_offset(x: Any, y: Any, sw: Any, offset: Any, c: float) -> Any:
    """Weights of the cross-page features, added to a fixed page-level log-odds ``offset``.

    Fitting them apart from the page-level model leaves a page alone scored exactly as by
    that model (its cross-page features are 0), and keeps the few pages of the benchmark
    that share a site from shifting the weights every other page depends on.
    """
    import numpy as np
    from scipy.optimize import minimize

    def loss(w: Any) -> tuple[float, Any]:
        z = offset + x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        ll = np.sum(sw * (np.logaddexp(0.0, z) - y * z)) + 0.5 * np.dot(w, w) / c
        grad = x.T @ (sw * (p - y)) + w / c
        return float(ll), grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def fit_model(pages: list[PageData], c: float = 0.1, folds: int = 5, threshold: float = 0.5,
              penalty: float = 0.0, stages: int = 1, extend: float = 0.0,
              word_scale: float = WORD_SCALE) -> LineModel:
    """Fit the first stage (with the units' hashed words, unless ``word_scale`` is 0) and,
    with ``stages=2``, a second stage that sees out-of-fold first-stage probabilities of the
    neighbouring units."""
    rows = [r for p in pages for r in p.rows]
    labels = [y for p in pages for y in training_labels(p)]
    weights = [w for p in pages for w in _weights(p)]
    first, words = _fit(rows, labels, weights, FEATURES, c, _buckets(pages, word_scale), word_scale)
    if stages == 1:
        return LineModel(first, None, threshold, penalty, extend, words)
    stacked = _stack(pages, _oof_first(pages, c, folds, word_scale))
    second, _ = _fit([r for s in stacked for r in s], labels, weights, FEATURES + CONTEXT_FEATURES, c)
    return LineModel(first, second, threshold, penalty, extend, words)


def _buckets(pages: list[PageData], word_scale: float) -> list[frozenset[int]] | None:
    """Every unit's hashed word buckets, in row order (None without words)."""
    return [unit_buckets(u.text) for p in pages for u in p.units] if word_scale > 0 else None


def fold_of(pages: list[PageData], folds: int, seed: int | None = None, by_site: bool = False) -> list[int]:
    """Fold number of each page: by page id, so both flatteners of a page share a fold.

    ``seed=None`` deals the sorted groups round-robin (the reported numbers); a seed shuffles
    them first, to see how much a score moves with the split alone. ``by_site`` keeps all
    pages of a site (``PageData.site``) in one fold, and so pages that print the same lines
    (:func:`_shared_line_groups`), so a model cannot score well on a page by having learned
    its site's furniture from a sibling page; a page whose site is only its folder
    (``dir:...``, no URL and no outlet named) and that shares no lines is its own group.
    """
    group = _shared_line_groups(pages) if by_site else {p.page_id: p.page_id for p in pages}
    ids = sorted(set(group.values()))
    if seed is not None:
        random.Random(seed).shuffle(ids)
    fold = {gid: i % folds for i, gid in enumerate(ids)}
    return [fold[group[p.page_id]] for p in pages]


# Pages that print at least this many of the same lines are one site's, whatever their
# URL says (cleaning-extra records none, and only half its pages name their outlet): the
# menu, footer and promos. A line counts when it has 3-20 words and few pages print it
# (at most 30: "Share this article" is everyone's). On cleaning-extra this joins 1,152
# groups into 559; hashed word features lost half their cross-validated gain (see
# WORD_SCALE), the shape features none (mean F1 0.8869 -> 0.8867).
_SHARED_LINES = 4
_SHARED_LINE_WORDS = (3, 20)
_SHARED_LINE_PAGES = 30


def _shared_line_groups(pages: list[PageData]) -> dict[str, str]:
    """Page id -> its group: the smallest page id among the pages connected to it by a site
    (``PageData.site``, unless only a folder) or by :data:`_SHARED_LINES` shared lines."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    index = {p.page_id: i for i, p in enumerate(pages)}
    edges: list[tuple[int, int]] = []
    first_of_site: dict[str, int] = {}
    on_pages: dict[str, set[str]] = {}
    lo, hi = _SHARED_LINE_WORDS
    for i, p in enumerate(pages):
        if p.site and not p.site.startswith("dir:"):
            edges.append((first_of_site.setdefault(p.site, i), i))
        for u in p.units:
            words = WORD.findall(u.text.lower())
            if lo <= len(words) <= hi:
                on_pages.setdefault(" ".join(words), set()).add(p.page_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in on_pages.values():
        if 2 <= len(ids) <= _SHARED_LINE_PAGES:
            shared.update(combinations(sorted(ids), 2))
    edges += [(index[a], index[b]) for (a, b), n in shared.items() if n >= _SHARED_LINES]
    rows, cols = zip(*edges) if edges else ((), ())
    graph = coo_matrix(([1] * len(edges), (rows, cols)), shape=(len(pages), len(pages)))
    _, component = connected_components(graph, directed=False)
    smallest: dict[int, str] = {}
    for p, k in zip(pages, component):
        smallest[k] = min(smallest.get(k, p.page_id), p.page_id)
    return {p.page_id: smallest[k] for p, k in zip(pages, component)}


def _oof_first(pages: list[PageData], c: float, folds: int, word_scale: float) -> dict[int, list[float]]:
    fold = fold_of(pages, folds)
    out: dict[int, list[float]] = {}
    for f in range(folds):
        train = [p for p, k in zip(pages, fold) if k != f]
        model = fit_model(train, c, folds, stages=1, word_scale=word_scale)
        for i, (p, k) in enumerate(zip(pages, fold)):
            if k == f:
                out[i] = model.row_probabilities(p.rows, p.units)
    return out


def cross_validate(pages: list[PageData], truth: dict[str, str], c: float = 0.1, folds: int = 5,
                   penalties: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0), threshold: float = 0.5,
                   drop_subheads: bool = True, stages: int = 1, seed: int | None = None,
                   by_site: bool = False, recurring_rule: bool = True, extend: float = EXTEND,
                   word_scale: float = WORD_SCALE) -> dict[str, Any]:
    """Body F1 per flattener and smoothing penalty on held-out pages.

    Nested: each outer fold's second stage is fit on first-stage probabilities that are
    themselves out-of-fold within the training pages, so no page is ever scored by a
    model that saw its labels. ``seed`` reshuffles the page-to-fold split (see
    :func:`fold_of`); with 95 pages the score moves by about +-0.004 between splits.
    """
    fold = fold_of(pages, folds, seed, by_site)
    if len(set(fold)) < 2:
        raise InputError("cross-validation needs pages of two sites or more; pass --by-page or --no-cv")
    probs: dict[int, list[float]] = {}
    retry_probs: dict[int, list[float]] = {}
    for f in range(folds):
        train_idx = [i for i, k in enumerate(fold) if k != f]
        train = [pages[i] for i in train_idx]
        model = fit_model(train, c, folds=folds, stages=stages, word_scale=word_scale)
        for i, k in enumerate(fold):
            if k == f:
                probs[i] = model.row_probabilities(pages[i].rows, pages[i].units)
                if pages[i].retry is not None:
                    retry_probs[i] = model.row_probabilities(pages[i].retry.rows, pages[i].retry.units)
    results: dict[str, Any] = {}
    for penalty in penalties:
        scores = score_pages(pages, probs, truth, threshold, penalty, extend, drop_subheads, recurring_rule,
                             retry_probs)
        results.update({f"{key} penalty={penalty}": m for key, m in scores.items()})
    return results


def score_pages(pages: list[PageData], probs: dict[int, list[float]], truth: dict[str, str],
                threshold: float = 0.5, penalty: float = 1.0, extend: float = EXTEND,
                drop_subheads: bool = True, recurring_rule: bool = True,
                retry_probs: dict[int, list[float]] | None = None) -> dict[str, dict[str, float]]:
    """Body F1 per ``"source flattener"`` (e.g. ``"l3s inscriptis"``) of the pages' bodies as
    :func:`~.textdump.select_body` chooses them from body probabilities ``probs[i]``; a page
    left with no body is chosen again from its ``retry`` split (``retry_probs[i]``), as
    ``clean.find_body`` does."""
    preds: dict[str, dict[str, str]] = {}
    for i, p in enumerate(pages):
        kept = select_body(p.units, probs[i], threshold, p.title, drop_subheads, penalty,
                           recurring=recurring_of(p) if recurring_rule else None, extend=extend)
        chosen = p
        if not kept and p.retry is not None and retry_probs is not None and i in retry_probs:
            again = select_body(p.retry.units, retry_probs[i], threshold, p.retry.title, drop_subheads, penalty,
                                recurring=recurring_of(p.retry) if recurring_rule else None, extend=extend)
            if again:
                chosen, kept = p.retry, again
        preds.setdefault(f"{p.source} {p.flattener}", {})[p.page_id] = assemble(p.text, chosen.units, kept)[0]
    return {key: body_f1({k: truth[k] for k in pred}, pred) for key, pred in sorted(preds.items())}


def recurring_of(page: PageData) -> list[int]:
    """Per unit: on how many other pages of the site it recurs (>0 or 0, from its features)."""
    k = FEATURES.index("recur")
    return [1 if row[k] > 0 else 0 for row in page.rows]


def train(data_dirs: str | Path | list[str | Path], out: str | Path, c: float = 0.1, threshold: float = 0.5,
          penalty: float = 1.0, folds: int = 5, evaluate: bool = True, stages: int = 1,
          seed: int | None = None, by_site: bool = True, extend: float = EXTEND,
          check: str | Path | None = None, word_scale: float = WORD_SCALE) -> dict[str, Any]:
    """Cross-validate, then fit on all pages and write the model JSON to ``out``.

    Args:
        data_dirs: one or more benchmark-layout directories whose pages train the model.
        check: a directory kept out of training and cross-validation (the AEB dev pages);
            the fitted model is scored on it last.

    Returns:
        ``{"cv": {...}, "check": {...}, "pages": n, "units": n, "out": path}``; ``cv`` and
        ``check`` map ``"source flattener[ penalty=p]"`` to ``{"f1", "precision", "recall", "pages"}``.
    """
    dirs = [data_dirs] if isinstance(data_dirs, (str, Path)) else list(data_dirs)
    truth: dict[str, str] = {}
    pages: list[PageData] = []
    for d in dirs:
        more_truth, more_pages = prepare(Path(d))
        truth.update(more_truth)
        pages.extend(more_pages)
    report: dict[str, Any] = {"pages": len(pages), "units": sum(len(p.units) for p in pages)}
    if evaluate:
        report["cv"] = cross_validate(pages, truth, c, folds, (penalty,), threshold, stages=stages, seed=seed,
                                      by_site=by_site, extend=extend, word_scale=word_scale)
    model = fit_model(pages, c, folds, threshold, penalty, stages, extend, word_scale)
    if check is not None:
        check_truth, check_pages = prepare(Path(check))
        probs = {i: model.row_probabilities(p.rows, p.units) for i, p in enumerate(check_pages)}
        retry_probs = {i: model.row_probabilities(p.retry.rows, p.retry.units)
                       for i, p in enumerate(check_pages) if p.retry is not None}
        report["check"] = score_pages(check_pages, probs, check_truth, threshold, penalty, extend,
                                      retry_probs=retry_probs)
    # The file records what made it: data, settings and the cross-validated scores.
    record = {"data": [Path(d).name for d in dirs], "pages": report["pages"], "c": c, "penalty": penalty,
              "extend": extend, "folds": folds, "by_site": by_site, "seed": seed, "word_scale": word_scale,
              **{part: {k: round(m["f1"], 4) for k, m in report[part].items()}
                 for part in ("cv", "check") if part in report}}
    Path(out).write_text(json.dumps({"training": record, **model.to_json()}, indent=1) + "\n", "utf-8")
    report["out"] = str(out)
    return report
