"""How each copy in a trail differs from the first appearance: a label and a word-level diff.

Labels, judged against the first appearance (the earliest printing):

- ``verbatim``: the same words (after normalising marks, case, punctuation, whitespace); the
  first appearance itself is ``verbatim``;
- ``trimmed``: a part of the first appearance, or of the longest copy (a part of a later,
  fuller printing when the first printing was itself cut short);
- ``extended``: the first appearance with words added at an end (a wider excerpt of the
  remark that also cuts the other end counts too);
- ``altered``: words changed, added or removed inside; the diff marks a change that adds or
  removes a negation ("We will sign" / "We will not sign");
- ``misattributed``: put in another canonical speaker's mouth (whatever the words; the diff
  still shows any change of words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .relate import Op, contains, inner_changes, opcodes
from .text import NEGATIONS, Words, words

Variant = Literal["verbatim", "trimmed", "extended", "altered", "misattributed"]
VARIANTS: tuple[str, ...] = ("verbatim", "trimmed", "extended", "altered", "misattributed")


@dataclass(frozen=True, slots=True)
class Change:
    """One word-level difference from the first appearance.

    Attributes:
        op: ``insert`` (words only the copy has), ``delete`` (words it lacks) or ``replace``.
        before: the first appearance's words (as printed; "" for an insert).
        after: the copy's words (as printed; "" for a delete).
        negation: the change adds or removes a negation word inside the statement (words
            only cut or added at an end never count).
    """

    op: str
    before: str
    after: str
    negation: bool = False

    def to_record(self) -> dict[str, object]:
        """The JSON form: ``{"op", "from", "to", "negation"}``."""
        return {"op": self.op, "from": self.before, "to": self.after, "negation": self.negation}


def _negation_changed(before: Sequence[str], after: Sequence[str]) -> bool:
    return NEGATIONS.intersection(before) != NEGATIONS.intersection(after)


def changes(first: Words, copy: Words, ops: Sequence[Op] | None = None) -> tuple[Change, ...]:
    """The word-level diff of ``copy`` against ``first`` (empty when the words are the same)."""
    aligned = list(ops) if ops is not None else opcodes(first.norm, copy.norm)
    out = []
    for i, (tag, a1, a2, b1, b2) in enumerate(aligned):
        if tag == "equal":
            continue
        # Words cut or added at an end change no word of the statement: "Nobody should
        # doubt it." appended is not a negation slipped in.
        inside = tag == "replace" or 0 < i < len(aligned) - 1
        out.append(Change(
            tag, " ".join(first.shown[a1:a2]), " ".join(copy.shown[b1:b2]),
            inside and _negation_changed(first.norm[a1:a2], copy.norm[b1:b2]),
        ))
    return tuple(out)


def diff_text(diff: Sequence[Change]) -> str:
    """A diff as one line: ``-not | +every single one. | borders -> coast``."""
    def one(c: Change) -> str:
        text = f"-{c.before}" if c.op == "delete" else f"+{c.after}" if c.op == "insert" else f"{c.before} -> {c.after}"
        return text + (" (negation)" if c.negation else "")

    return " | ".join(one(c) for c in diff)


def label(first: Words, copy: Words, longest: Words, same_speaker: bool = True) -> Variant:
    """The variant of ``copy`` given the trail's first appearance and its longest copy.

    Nothing changed inside the first appearance's words: ``trimmed`` when the copy only
    lacks words at an end, ``extended`` when it has more (also when it cuts the other end:
    a wider excerpt of the same remark). Otherwise ``trimmed`` when the copy is a part of
    the longest copy (the first printing was itself an excerpt), else ``altered``.
    """
    if not same_speaker:
        return "misattributed"
    if copy.norm == first.norm:
        return "verbatim"
    ops = opcodes(first.norm, copy.norm)
    if inner_changes(ops) == 0:
        return "extended" if any(tag == "insert" for tag, *_ in ops) else "trimmed"
    if copy.norm != longest.norm and contains(longest.norm, copy.norm):
        return "trimmed"
    return "altered"


Piece = tuple[str, str]  # printed words, and "" (same), "del", "ins" or "neg" (a negation changed)


def side_by_side(first_text: str, copy_text: str) -> tuple[list[Piece], list[Piece]]:
    """The first appearance and a copy (as printed) as runs of words, the differences marked.

    Returns:
        (the first appearance's runs: "del" for words the copy lacks or replaced; the copy's
        runs: "ins" for words it added or put in their place; "neg" instead of either where
        the change adds or removes a negation).
    """
    first, copy = words(first_text), words(copy_text)
    ops = opcodes(first.norm, copy.norm)
    marks = iter(changes(first, copy, ops))
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            left.append((" ".join(first.shown[a1:a2]), ""))
            right.append((" ".join(copy.shown[b1:b2]), ""))
            continue
        negation = next(marks).negation
        if a2 > a1:
            left.append((" ".join(first.shown[a1:a2]), "neg" if negation else "del"))
        if b2 > b1:
            right.append((" ".join(copy.shown[b1:b2]), "neg" if negation else "ins"))
    return left, right
