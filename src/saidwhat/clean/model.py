"""The shipped line classifier: logistic regression on unit features (and, when trained with
``--word-scale``, on the hashed words of a unit, :mod:`.line_words`), optionally followed by a second regression
on the first stage's probabilities around each unit (stacking). Cross-validation found the single stage as good
and the words no gain on pages of other sites (see ``train.py``), so the single stage without words ships. Weights
live in ``data/clean/lines.v4.json`` (written by ``saidwhat train cleaning``); inference is plain Python, no
scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ModelError
from .describe import CONTEXT_FEATURES, FEATURES, context_features, unit_features
from .line_words import BUCKETS, SHORT_WORDS, unit_buckets
from .units import Unit, UnitRecurrence

MODEL_RESOURCE = "data/clean/lines.v4.json"
_Model = TypeVar("_Model")


@dataclass(frozen=True, slots=True)
class Logistic:
    """A standardised logistic regression: ``sigmoid(w . (x - mean) / scale + b)``."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    # the standardisation folded into the weights once: w / s per feature, b - sum(w m / s)
    _weights: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _bias: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_weights", tuple(w / s for w, s in zip(self.coef, self.scale)))
        object.__setattr__(self, "_bias", self.intercept - sum(
            w * m / s for w, m, s in zip(self.coef, self.mean, self.scale)))

    def logit(self, row: list[float]) -> float:
        """Log-odds of the positive class for one feature row."""
        return self._bias + sum(w * x for w, x in zip(self._weights, row))

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
class WordWeights:
    """The first stage's weights of hashed unit words (:func:`.line_words.unit_buckets`);
    a bucket not listed weighs 0."""

    weights: dict[int, float]

    def logit(self, text: str) -> float:
        """What a unit's words add to the first stage's log-odds."""
        get = self.weights.get
        return sum(get(b, 0.0) for b in unit_buckets(text))

    def to_json(self) -> dict[str, object]:
        """Plain JSON form: the hashing settings and a weight per bucket."""
        return {"buckets": BUCKETS, "short_words": SHORT_WORDS,
                "weights": {str(b): w for b, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WordWeights:
        """Inverse of :meth:`to_json`; refuses other hashing settings than this version's."""
        if (data["buckets"], data["short_words"]) != (BUCKETS, SHORT_WORDS):
            raise ModelError(
                "The cleaning model's word hashing does not match this saidwhat version. "
                "Retrain it with `saidwhat train cleaning AEB_DIR`."
            )
        return cls({int(b): float(w) for b, w in data["weights"].items()})


@dataclass(frozen=True, slots=True)
class LineModel:
    """The stage(s), the decision threshold and the smoothing penalty."""

    first: Logistic
    second: Logistic | None = None
    threshold: float = 0.5
    penalty: float = 0.0  # body/furniture switch cost for Viterbi smoothing (0: threshold)
    extend: float = 0.0  # kept runs grow over adjacent prose scoring at least this (0: off)
    words: WordWeights | None = None  # the first stage's word weights (None: shape features only)

    def probabilities(self, units: list[Unit], title: str | None = None,
                      recurrence: UnitRecurrence | None = None) -> list[float]:
        """Probability that each unit is article body.

        Args:
            units: the page's units.
            title: the detected headline.
            recurrence: what recurs on other pages of the site (None: the page alone).
        """
        return self.row_probabilities(unit_features(units, title, recurrence), units)

    def row_probabilities(self, rows: list[list[float]], units: list[Unit]) -> list[float]:
        """Body probabilities from a page's feature rows (:func:`~.describe.unit_features`)
        and its units (whose words the first stage reads)."""
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
        """Plain JSON form (what ``lines.v4.json`` holds, beside the ``training`` record)."""
        return {"first": self.first.to_json(),
                "second": self.second.to_json() if self.second else None,
                "threshold": self.threshold, "penalty": self.penalty, "extend": self.extend,
                "words": self.words.to_json() if self.words else None}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LineModel:
        """Build from :meth:`to_json` output, checking the feature names still match."""
        first = Logistic.from_json(data["first"])  # type: ignore[arg-type]
        second = Logistic.from_json(data["second"]) if data.get("second") else None  # type: ignore[arg-type]
        if first.names != FEATURES or (second and second.names != FEATURES + CONTEXT_FEATURES):
            raise ModelError(
                "The cleaning model's features do not match this saidwhat version. "
                "Retrain it with `saidwhat train cleaning AEB_DIR`."
            )
        return cls(first, second, float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
                   float(data.get("penalty", 0.0)),  # type: ignore[arg-type]
                   float(data.get("extend", 0.0)),  # type: ignore[arg-type]
                   WordWeights.from_json(data["words"]) if data.get("words") else None)  # type: ignore[arg-type]


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


def read_model(path: str | Path | None, resource: str, what: str, build: Callable[[dict[str, Any]], _Model]) -> _Model:
    """``build`` over the JSON file at ``path``, or over the packaged ``resource`` when None.

    Raises:
        ModelError: the file is missing or unreadable, or ``build`` refuses it.
    """
    try:
        if path is None:
            text = resources.files("saidwhat").joinpath(resource).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return build(json.loads(text))
    except (OSError, ValueError, KeyError) as exc:
        where = f"the packaged {resource}" if path is None else str(path)
        raise ModelError(f"Cannot load the {what} {where}: {exc}.") from None
