"""``saidwhat eval newsmtsc``: per-target macro F1 and accuracy of the tone scorer on NewsMTSC."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from . import get_scorer, scorer_name
from .model import to_scores
from .newsmtsc import Scores, evaluate_labels, read_newsmtsc


@dataclass(frozen=True, slots=True)
class Prediction:
    """One target's predicted tone, keyed by its NewsMTSC ``Input.gid``."""

    id: str
    polarity: str
    score: float


def evaluate_newsmtsc(path: str | Path, settings: Settings) -> tuple[Scores, list[Prediction], str]:
    """Score every target of a NewsMTSC file and compare with the gold polarity.

    Args:
        path: a NewsMTSC ``.jsonl`` file.
        settings: ``tone_model`` selects the scorer.

    Returns:
        (scores, one prediction per target in file order, the scorer's name).
    """
    examples = read_newsmtsc(path)
    scorer = get_scorer(settings)
    verdicts = to_scores(scorer.probabilities([(e.text, e.start, e.end) for e in examples]))
    predictions = [Prediction(e.gid, v.polarity, round(v.score, 4)) for e, v in zip(examples, verdicts)]
    scores = evaluate_labels([e.polarity for e in examples], [v.polarity for v in verdicts])
    return scores, predictions, scorer_name(settings)
