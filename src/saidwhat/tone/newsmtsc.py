"""NewsMTSC reading and scoring: sentences with marked targets and the tone toward each.

NewsMTSC (Hamborg & Donnay, EACL 2021) stores one sentence per JSON line with
``sentence_normalized`` and ``targets`` (``Input.gid``, ``from``/``to`` character offsets,
``mention``, ``polarity`` 2.0 / 4.0 / 6.0 = negative / neutral / positive).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Polarity

LABELS: tuple[Polarity, Polarity, Polarity] = ("negative", "neutral", "positive")
_CODES: dict[float, Polarity] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(frozen=True, slots=True)
class Example:
    """One (sentence, target) pair with its gold polarity."""

    gid: str
    text: str
    start: int
    end: int
    polarity: Polarity


def read_newsmtsc(path: str | Path, every: int = 0, heldout: bool = False) -> list[Example]:
    """Read a NewsMTSC JSONL file into one example per target.

    Args:
        path: a ``.jsonl`` file in NewsMTSC's format.
        every: with ``k > 0``, split by sentence (line): lines 1, k + 1, 2k + 1, ... are the
            held-out share (all targets of a sentence stay on one side).
        heldout: with ``every``, read only the held-out share (else only the rest).

    Returns:
        The examples in file order.

    Raises:
        InputError: the file is missing or a line is not NewsMTSC JSON.
    """
    p = Path(path)
    try:
        lines = p.read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"NewsMTSC file {p} does not exist. Pass a .jsonl file such as dev-rw.jsonl.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read NewsMTSC file {p}: {exc}.") from None
    out: list[Example] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or (every > 0 and ((number - 1) % every == 0) != heldout):
            continue
        try:
            record = json.loads(line)
            text = record["sentence_normalized"]
            for target in record["targets"]:
                out.append(
                    Example(
                        gid=str(target["Input.gid"]),
                        text=text,
                        start=int(target["from"]),
                        end=int(target["to"]),
                        polarity=_CODES[float(target["polarity"])],
                    )
                )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{p} line {number} is not a NewsMTSC record ({type(exc).__name__}: {exc}); "
                "each line needs sentence_normalized and targets with Input.gid, from, to, "
                "polarity 2.0/4.0/6.0."
            ) from None
    if not out:
        raise InputError(f"NewsMTSC file {p} holds no targets.")
    return out


@dataclass(frozen=True, slots=True)
class Scores:
    """Per-target quality: macro F1 over the three classes, accuracy and the confusion matrix."""

    f1_macro: float
    accuracy: float
    f1: dict[str, float]
    confusion: list[list[int]]  # rows gold, columns predicted, in LABELS order
    n: int


def evaluate_labels(gold: Sequence[Polarity], predicted: Sequence[Polarity]) -> Scores:
    """Macro F1 (negative/neutral/positive), accuracy and confusion of predicted labels.

    Args:
        gold: gold polarity per target.
        predicted: predicted polarity per target, same order.

    Returns:
        The scores; F1 values are fractions in [0, 1].
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = [[0, 0, 0] for _ in LABELS]
    for g, p in zip(gold, predicted):
        confusion[index[g]][index[p]] += 1
    f1: dict[str, float] = {}
    for i, label in enumerate(LABELS):
        tp = confusion[i][i]
        fp = sum(confusion[r][i] for r in range(3)) - tp
        fn = sum(confusion[i]) - tp
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    n = len(gold)
    accuracy = sum(confusion[i][i] for i in range(3)) / n if n else 0.0
    return Scores(sum(f1.values()) / 3, accuracy, f1, confusion, n)
