"""The shipped line classifier: logistic regression on unit features (plus, optionally,
hashed word features of the unit's text), optionally followed by a second regression on
the first stage's probabilities around each unit (stacking). Cross-validation found the
single stage as good (see ``train.py``), so that is what ships. Weights live in ``data/clean/lines.json``
(written by ``saidwhat train cleaning``); inference is plain Python, no scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from .lines import CONTEXT_FEATURES, FEATURES, Unit, context_features, hashed_tokens, unit_features
from .recurrence import UnitRecurrence

MODEL_RESOURCE = "data/clean/lines.json"


@dataclass(frozen=True, slots=True)
class Logistic:
    """A standardised logistic regression: ``sigmoid(w . (x - mean) / scale + b)``."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def logit(self, row: list[float]) -> float:
        """Log-odds of the positive class for one feature row."""
        z = self.intercept
        for x, m, s, w in zip(row, self.mean, self.scale, self.coef):
            z += w * (x - m) / s
        return z

    def prob(self, row: list[float]) -> float:
        """Probability of the positive class for one feature row."""
        return sigmoid(self.logit(row))

    def to_json(self) -> dict[str, object]:
        """Plain JSON form."""
        return {"names": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Logistic:
        """Inverse of :meth:`to_json`."""
        return cls(
            tuple(data["names"]),  # type: ignore[arg-type]
            tuple(data["mean"]),  # type: ignore[arg-type]
            tuple(data["scale"]),  # type: ignore[arg-type]
            tuple(data["coef"]),  # type: ignore[arg-type]
            float(data["intercept"]),  # type: ignore[arg-type]
        )


def sigmoid(z: float) -> float:
    """Logistic function, safe for large negative ``z``."""
    if z < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class HashedWords:
    """Weights of the hashed word features (:func:`~saidwhat.clean.lines.hashed_tokens`).

    A unit's contribution to the log-odds is the sum of its tokens' weights divided by the
    square root of their number (each unit's token vector has unit length).
    """

    bits: int
    weights: tuple[float, ...]

    def logit(self, text: str) -> float:
        """This unit's share of the log-odds."""
        tokens = hashed_tokens(text, self.bits)
        if not tokens:
            return 0.0
        w = self.weights
        return sum(w[t] for t in tokens) / math.sqrt(len(tokens))

    def to_json(self) -> dict[str, object]:
        """Plain JSON form (weights rounded to 5 decimals to keep the file small)."""
        return {"bits": self.bits, "weights": [round(x, 5) for x in self.weights]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> HashedWords:
        """Inverse of :meth:`to_json`."""
        bits = int(data["bits"])  # type: ignore[call-overload]
        weights = tuple(float(x) for x in data["weights"])  # type: ignore[attr-defined]
        if len(weights) != 1 << bits:
            raise ValueError(f"{len(weights)} hashed weights for {bits} bits")
        return cls(bits, weights)


@dataclass(frozen=True, slots=True)
class LineModel:
    """The stage(s), the decision threshold and the smoothing penalty."""

    first: Logistic
    second: Logistic | None = None
    threshold: float = 0.5
    penalty: float = 0.0  # body/furniture switch cost for Viterbi smoothing (0: threshold)
    words: HashedWords | None = None  # hashed word features of the first stage
    extend: float = 0.0  # kept runs grow over adjacent prose scoring at least this (0: off)

    def probabilities(self, units: list[Unit], title: str | None = None,
                      recurrence: UnitRecurrence | None = None) -> list[float]:
        """Probability that each unit is article body.

        Args:
            units: the page's units.
            title: the detected headline.
            recurrence: what recurs on other pages of the site (None: the page alone).
        """
        rows = unit_features(units, title, recurrence)
        first, words = self.first, self.words
        if words is None:
            p1 = [first.prob(r) for r in rows]
        else:
            p1 = [sigmoid(first.logit(r) + words.logit(u.text)) for r, u in zip(rows, units)]
        if self.second is None:
            return p1
        second = self.second
        return [second.prob(r + c) for r, c in zip(rows, context_features(p1))]

    def to_json(self) -> dict[str, object]:
        """Plain JSON form (what ``lines.json`` holds)."""
        return {"first": self.first.to_json(),
                "second": self.second.to_json() if self.second else None,
                "threshold": self.threshold, "penalty": self.penalty,
                "words": self.words.to_json() if self.words else None, "extend": self.extend}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LineModel:
        """Build from :meth:`to_json` output, checking the feature names still match."""
        first = Logistic.from_json(data["first"])  # type: ignore[arg-type]
        second = Logistic.from_json(data["second"]) if data.get("second") else None  # type: ignore[arg-type]
        words = HashedWords.from_json(data["words"]) if data.get("words") else None  # type: ignore[arg-type]
        if first.names != FEATURES or (second and second.names != FEATURES + CONTEXT_FEATURES):
            raise ModelError(
                "The cleaning model's features do not match this saidwhat version. "
                "Retrain it with `saidwhat train cleaning AEB_DIR`."
            )
        return cls(first, second, float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
                   float(data.get("penalty", 0.0)), words,  # type: ignore[arg-type]
                   float(data.get("extend", 0.0)))  # type: ignore[arg-type]


def load_model(path: str | Path | None = None) -> LineModel:
    """Load the line classifier (the packaged one unless ``path`` is given).

    Raises:
        ModelError: the file is missing, unreadable, or for other features.
    """
    if path is None:
        return _packaged()
    try:
        return LineModel.from_json(json.loads(Path(path).read_text("utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"Cannot load cleaning model {path}: {exc}.") from None


@lru_cache(maxsize=1)
def _packaged() -> LineModel:
    try:
        text = resources.files("saidwhat").joinpath(MODEL_RESOURCE).read_text("utf-8")
        return LineModel.from_json(json.loads(text))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"The packaged cleaning model {MODEL_RESOURCE} cannot be read ({exc}). "
            "Reinstall saidwhat or run `saidwhat train cleaning AEB_DIR`."
        ) from None
