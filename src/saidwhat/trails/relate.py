"""Which copies are the same statement, and how they differ word by word.

Two segments (normalised word sequences) are related as

- ``same``: identical words;
- ``part``: the shorter is a contiguous run of the longer's words (a trimmed copy, or the
  longer is an extended one), or would be but for a few words changed inside;
- ``near``: aligned word by word they differ inside by at most a few words, allowing words
  only one side has at an end ("We will sign any agreement" / "We will not sign any
  agreement": one word inserted inside).

Grouping (:func:`cluster`) joins ``same`` and ``near`` pairs outright, and a ``part`` to the
copies it holds most (:data:`EXTENSION_SHARE`) of. A smaller ``part`` joins the statement
it was cut from only when it fits one statement: a phrase that sits inside two statements
that are otherwise unrelated ("we will not sign any agreement that" inside "... weakens our
borders" and "... raises taxes on families") is a stock phrase, and neither statement is
joined to it or, through it, to the other.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Literal, TypeVar

Relation = Literal["same", "part", "near"]
# A part that holds at least this share of a longer copy's words is that copy trimmed (or
# the copy is it extended), whatever else contains it.
EXTENSION_SHARE = 0.6
Op = tuple[str, int, int, int, int]  # difflib opcode: tag, a1, a2, b1, b2

K = TypeVar("K", bound=Hashable)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Op]:
    """The word-level alignment of ``a`` to ``b`` (difflib opcodes, no junk heuristic)."""
    return [tuple(op) for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]  # type: ignore[misc]


def inner_changes(ops: Sequence[Op]) -> int:
    """Words changed inside the alignment: every non-equal op except a one-sided one at an end.

    "a b c" / "a b c d": 0 (a word added at the end); "a b c" / "a x c": 1; "a b c" / "a b x":
    1 (a replaced end word is a change, not a trim).
    """
    changed = 0
    for i, (tag, a1, a2, b1, b2) in enumerate(ops):
        if tag == "equal":
            continue
        at_end = i == 0 or i == len(ops) - 1
        if at_end and tag in ("insert", "delete"):
            continue
        changed += max(a2 - a1, b2 - b1)
    return changed


def contains(long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether ``short`` is a contiguous run of ``long``'s words."""
    if len(short) > len(long):
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def allowed_changes(words: int) -> int:
    """How many inner word changes a copy of ``words`` words may have and still be a copy.

    One per eight words, at least one: a changed word in a 6-word quote is a doctored copy
    as often as a different remark, and the tests keep stock-phrase look-alikes apart at
    this rate ("... that weakens our borders" / "... that raises taxes on families").
    """
    return 1 + words // 8


def relation(a: Sequence[str], b: Sequence[str], min_words: int) -> Relation | None:
    """How two normalised segments relate (see the module docstring), or None."""
    if a == b:
        return "same"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < min_words:
        return None
    if contains(long, short):
        return "part"
    ops = opcodes(a, b)
    matched = sum(a2 - a1 for tag, a1, a2, _, _ in ops if tag == "equal")
    changed = inner_changes(ops)
    if not (matched >= min_words and 0 < changed <= allowed_changes(len(short)) and matched >= len(short) - changed):
        return None
    if all(tag not in ("insert", "delete") for tag, *_ in (ops[0], ops[-1])):
        return "near"
    # Words only one side has at an end: a trimmed (or extended) copy with words changed
    # too. One change fewer allowed, and then the stock-phrase test as for any part: a
    # common phrase ("... to serve as president of the United States") is shared by
    # different remarks with a word or two around it changed.
    return "part" if changed <= max(1, allowed_changes(len(short)) - 1) else None


class _Union:
    def __init__(self, keys: Iterable[K]) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def find(self, k: K) -> K:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root, so a group's root is its smallest member.
            lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
            self.parent[hi] = lo


def cluster(
    words: Mapping[K, Sequence[str]], pairs: Iterable[tuple[K, K]], min_words: int,
) -> dict[K, K]:
    """Group segments into statements.

    Args:
        words: each segment's normalised words, by key (keys must be orderable).
        pairs: the candidate pairs worth comparing (e.g. from shared LSH keys).
        min_words: the fewest words a ``part`` or ``near`` match needs.

    Returns:
        Each key's group, named by the group's smallest key; the result does not depend on
        the order of ``words`` or ``pairs``.
    """
    uf = _Union(sorted(words))  # type: ignore[type-var]
    parts: dict[K, set[K]] = {}  # shorter -> the longer segments it is a part of
    for a, b in sorted({(min(p), max(p)) for p in pairs if p[0] != p[1]}):  # type: ignore[type-var]
        rel = relation(words[a], words[b], min_words)
        if rel in ("same", "near"):
            uf.union(a, b)
        elif rel == "part":
            short, long = (a, b) if len(words[a]) < len(words[b]) else (b, a)
            parts.setdefault(short, set()).add(long)
    # Each segment that is a part of others, with the copies it is the same as ("strong"
    # group), longest group first: a clause cut from a sentence cut from a speech then
    # finds the speech's group already whole. A group joins when its containers are one.
    strong: dict[K, set[K]] = {}
    for short in parts:
        strong.setdefault(uf.find(short), set()).add(short)
    order = sorted(strong, key=lambda r: (-max(len(words[m]) for m in strong[r]), r))  # type: ignore[type-var]
    for root in order:
        members = strong[root]
        size = max(len(words[m]) for m in members)
        containers = {c for m in members for c in parts[m]} - members
        # Copies that only add a few words are the same statement however they extend it
        # (two outlets adding different closing words); a phrase that is a small part of
        # its containers joins them only when they are one statement.
        close = {c for c in containers if size >= EXTENSION_SHARE * len(words[c])}
        for c in sorted(close):  # type: ignore[type-var]
            uf.union(root, c)
        tops = {uf.find(c) for c in containers - close} - {uf.find(root)}
        if len(tops) == 1:
            uf.union(root, next(iter(tops)))
    return {k: uf.find(k) for k in words}
