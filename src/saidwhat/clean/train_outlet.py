"""Train and cross-validate the outlet ranker (:mod:`.outlet`) on hand-labelled pages.

``saidwhat train outlet DATA_DIR`` reads ``tests/data/clean/meta-labels.tsv`` and both dumps
of each ``seen`` and ``dev`` page with an outlet label in ``DATA_DIR``
(``../shared/data/cleaning-extra``). Every candidate name a dump gives is one row: 1 where
it is the labelled outlet (compared as :func:`~.train_labels.meta_key` compares), else 0. A
dump counts as right when its best-scoring candidate is the label. Folds keep both dumps of
a page together; the ``heldout`` pages are for ``bench/cleaning_meta.py --split heldout``.
With ``--silver`` the pages whose HTML head names their outlet (:mod:`.train_silver`) train
too, in every fold that holds no page of their site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest.decode import decode
from .model import Logistic
from .outlet import OUTLET_FEATURES, Candidate, outlet_candidates, rank_outlets
from .train import FLATTENERS, page_files, read_file
from .train_labels import TRAIN_SPLITS, in_splits, load_labels, meta_key
from .train_silver import SOURCES, agreement, kept_sources, load_silver, page_sites, silver_pages

# the role model's pages and the pages labelled for their outlet only (drawn by seed 2025
# from the unlabelled cleaning-extra pages)
OUTLET_SPLITS = (*TRAIN_SPLITS, "outlet")
from .units import split_units

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
# A silver page's pairs weigh this much against a hand-labelled page's (CV 0.558 at 0.3,
# 0.550 at 1; neither beats the hand pages alone, 0.565, so ``--silver`` is off by default).
SILVER_WEIGHT = 0.3
TIE = 0.01  # CV accuracy that counts as no better: the most regularised C within it wins


@dataclass
class OutletPage:
    """One dump of a labelled page: its candidate names and the labelled outlet."""

    page_id: str
    flattener: str
    candidates: list[Candidate]
    outlet: str
    sites: frozenset[str] = frozenset()  # the page's site (:func:`~.train_silver.page_sites`)
    weight: float = 1.0  # each of its pairs' weight in training


def prepare_outlets(data_dir: Path, labels: list[dict[str, str]]) -> list[OutletPage]:
    """Both dumps of every page whose label names an outlet, with their candidates."""
    pages = []
    for flattener in FLATTENERS:
        files = page_files(data_dir, flattener)
        for label in labels:
            if not label.get("outlet"):
                continue
            if label["page"] not in files:
                raise InputError(f"{data_dir}: no {flattener} dump for labelled page {label['page']}.")
            text, _ = decode(read_file(files[label["page"]]), label["page"])
            pages.append(OutletPage(label["page"], flattener, outlet_candidates(split_units(text)), label["outlet"]))
    return pages


def _right(name: str | None, outlet: str) -> bool:
    return meta_key(name, "outlet") == meta_key(outlet, "outlet")


def fit_outlet(pages: list[OutletPage], c: float) -> Logistic:
    """A pairwise logistic regression (the labelled outlet against each other candidate of
    its page) over the standardised candidate features; pages whose labelled outlet is not
    among the candidates teach nothing."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([k.features for p in pages for k in p.candidates], dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a constant feature (it is written to 6 decimals)
    # pairs: the labelled outlet against each other candidate of its page, both ways round
    diffs, y, weights = [], [], []
    for p in pages:
        rows = [(np.asarray(k.features) - mean) / scale for k in p.candidates]
        right = [i for i, k in enumerate(p.candidates) if _right(k.name, p.outlet)]
        for i in right[:1]:
            for j in range(len(rows)):
                if j not in right:
                    diffs += [rows[i] - rows[j], rows[j] - rows[i]]
                    y += [1, 0]
                    weights += [p.weight, p.weight]
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(np.asarray(diffs), y, sample_weight=np.asarray(weights))
    return Logistic(OUTLET_FEATURES, tuple(round(v, 6) for v in mean.tolist()),
                    tuple(round(v, 6) for v in scale.tolist()), tuple(round(v, 6) for v in model.coef_[0].tolist()), 0.0)


def accuracy(pages: list[OutletPage], names: list[str | None]) -> dict[str, float]:
    """Share of dumps whose outlet was read right, overall and per flattener."""
    out = {}
    for group in ("all", *FLATTENERS):
        pairs = [(n, p.outlet) for p, n in zip(pages, names) if group in ("all", p.flattener)]
        out[group] = sum(_right(n, o) for n, o in pairs) / max(len(pairs), 1)
    return out


def cross_validate_outlet(pages: list[OutletPage], c: float, folds: int = FOLDS,
                          extra: list[OutletPage] | None = None) -> dict[str, float]:
    """Out-of-fold accuracy; the pages of one outlet (both dumps) share a fold; ``extra``
    pages train in every fold whose pages share no site with them, and are not scored."""
    sites = sorted({meta_key(p.outlet, "outlet") for p in pages})
    fold = {site: k % folds for k, site in enumerate(sites)}
    names: list[str | None] = [None] * len(pages)
    for f in range(folds):
        test = [p for p in pages if fold[meta_key(p.outlet, "outlet")] == f]
        held = frozenset().union(*(p.sites for p in test))
        model = fit_outlet([p for p in pages if fold[meta_key(p.outlet, "outlet")] != f]
                           + [p for p in extra or [] if not p.sites & held], c)
        for k, p in enumerate(pages):
            if fold[meta_key(p.outlet, "outlet")] == f:
                names[k] = rank_outlets(p.candidates, model)
    return accuracy(pages, names)


def train_outlet(data_dir: str | Path, labels_path: str | Path, out: str | Path,
                 c: float | None = None, silver: bool = False) -> dict[str, Any]:
    """Choose C by grouped CV unless given, fit on every training page and write the model
    with its training record. With ``silver``, the pages whose HTML head names their
    outlet by a source that agrees with the hand labels (:mod:`.train_silver`) train in
    every fold they share no site with, each pair weighted :data:`SILVER_WEIGHT`."""
    data = Path(data_dir)
    every = load_labels(Path(labels_path))
    labels = in_splits(every, OUTLET_SPLITS)
    pages = prepare_outlets(data, labels)
    heads = load_silver(data) if silver else {}
    for p in pages:
        p.sites = page_sites(heads.get(p.page_id), p.outlet)
    extra: list[OutletPage] = []
    record_silver: dict[str, Any] = {}
    if silver:
        agree = agreement(heads, labels)
        sources = [s for s in kept_sources(agree) if SOURCES[s] == "outlet"]
        rows = silver_pages(heads, sources, every, in_splits(every, ("heldout",)))
        extra = prepare_outlets(data, [r for r in rows if r["outlet"]])
        for p in extra:
            p.sites = page_sites(heads[p.page_id], p.outlet)
            p.weight = SILVER_WEIGHT
        record_silver = {"agreement": {k: list(v) for k, v in agree.items() if SOURCES[k] == "outlet"},
                         "sources": sources, "pages": len({p.page_id for p in extra}), "weight": SILVER_WEIGHT}
    cv = {str(k): cross_validate_outlet(pages, k, extra=extra) for k in ((c,) if c is not None else C_GRID)}
    top = max(m["all"] for m in cv.values())
    best = min((k for k in cv if cv[k]["all"] >= top - TIE), key=float)
    model = fit_outlet(pages + extra, float(best))
    reachable = sum(any(_right(k.name, p.outlet) for k in p.candidates) for p in pages) / max(len(pages), 1)
    record = {"data": data.name, "labels": Path(labels_path).name, "splits": list(OUTLET_SPLITS),
              "dumps": len(pages), "candidates": sum(len(p.candidates) for p in pages),
              **({"silver": record_silver} if silver else {}), "c": float(best), "reachable": round(reachable, 4),
              "cv": {k: {g: round(v, 4) for g, v in m.items()} for k, m in cv.items()}}
    Path(out).write_text(json.dumps({"training": record, "model": model.to_json()}, indent=1) + "\n", "utf-8")
    return {**record, "out": str(out), "features": len(OUTLET_FEATURES)}
