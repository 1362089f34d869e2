"""A linear-chain CRF over a page's lines against today's logistic regression, by CV.

    python bench/cleaning_crf.py [DATA_DIR] [C2]

DATA_DIR defaults to ``../shared/data/cleaning-extra`` (the AEB dev pages stay out: they
are the final check). Five folds keep a site's pages together (``train.fold_of``). In each
fold both models are fitted on the other folds over the same line features
(``lines.FEATURES``); the CRF's marginal body probabilities then go through the same
``select_body`` (threshold 0.5, rules) as the regression's, with and without smoothing.
Prints body F1 per source and flattener. Needs ``sklearn-crfsuite`` (the ``train`` extra).
Slow: about an hour on a loaded two-core machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sklearn_crfsuite

from saidwhat.clean import train
from saidwhat.clean.describe import FEATURES

REPO = Path(__file__).resolve().parents[1]
FOLDS = 5


def _sequence(page: train.PageData) -> list[dict[str, float]]:
    return [dict(zip(FEATURES, row)) for row in page.rows]


def main(argv: list[str]) -> None:
    data = Path(argv[0]) if argv else REPO.parent / "shared" / "data" / "cleaning-extra"
    c2 = float(argv[1]) if len(argv) > 1 else 0.01
    truth, pages = train.prepare(data)
    fold = train.fold_of(pages, FOLDS, None, True)
    lr: dict[int, list[float]] = {}
    crf: dict[int, list[float]] = {}
    for f in range(FOLDS):
        rest = [p for p, k in zip(pages, fold) if k != f]
        model = train.fit_model(rest, 0.1, folds=FOLDS, stages=1)
        chain = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.0, c2=c2, max_iterations=150)
        chain.fit([_sequence(p) for p in rest], [[str(y) for y in train.training_labels(p)] for p in rest])
        for i, (p, k) in enumerate(zip(pages, fold)):
            if k == f:
                lr[i] = model.row_probabilities(p.rows, p.units)
                crf[i] = [m.get("1", 0.0) for m in chain.predict_marginals_single(_sequence(p))]
    for name, probs, penalty in (("LR + smoothing + rules", lr, 1.0), ("CRF + rules", crf, 0.0),
                                 ("CRF + smoothing + rules", crf, 1.0)):
        scores = train.score_pages(pages, probs, truth, 0.5, penalty)
        print(f"{name:<24} " + "  ".join(f"{key} {m['f1']:.4f}" for key, m in scores.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
