"""Normalising quoted words: what counts as "the same words" for a trail.

A quote is compared word by word after normalising quote marks, case, punctuation,
possessive endings and whitespace, so “We won’t sign.” and "we won't sign" are the same.
Each word keeps its printed form for display; only the normalised form is compared.

Which words are tracked: the whole content of a direct quote, and each quoted segment of a
mixed quote (He called the plan “a reckless gamble that will bury the city” -> the part in
marks). Indirect speech is the reporter's paraphrase, so it has no printed words to trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The fewest words a tracked segment has: shorter quoted bits are scare quotes ("fake news")
# or stock phrases ("no comment") that recur everywhere without being one statement.
MIN_WORDS = 5

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_INNER = re.compile(r"[^\w'\-]+")
# Marks that pair around a quoted segment inside a mixed quote. Single marks are left
# out: ‘ and ’ are also apostrophes ("the minister’s plan").
_PAIRED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|«([^«»]+)»|„([^“„”]+)[“”]|''(.+?)''")
# Where a quote splits into clauses: the pieces a trimmed copy is usually cut at, and the
# " … " that joins the parts of an interrupted quote.
_CLAUSE_END = re.compile(r"[,;:.!?…—–]+$|^-{2,}$")

NEGATIONS = frozenset({
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "cannot",
    "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
    "shouldn't", "wouldn't", "couldn't", "haven't", "hasn't", "hadn't", "mustn't", "n't",
    "unlike",  # "unlike my husband" printed as "like my husband" turns the remark round
})


@dataclass(frozen=True, slots=True)
class Words:
    """A segment's words: printed forms, normalised forms, and where clauses end.

    Attributes:
        shown: each word as printed (punctuation attached), for display.
        norm: the same words normalised (lower case, straight apostrophes, no edge punctuation).
        breaks: indexes into ``norm`` after which a clause ends (a comma, a full stop, " … ").
    """

    shown: tuple[str, ...]
    norm: tuple[str, ...]
    breaks: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.norm)

    def pieces(self) -> list[tuple[str, ...]]:
        """The clauses, as runs of normalised words (the whole segment when it has one)."""
        out, start = [], 0
        for i in range(len(self.norm)):
            if i in self.breaks or i == len(self.norm) - 1:
                out.append(self.norm[start:i + 1])
                start = i + 1
        return out


def normalise(word: str) -> str:
    """One printed word in its compared form ("“Won’t" -> "won't"; "—" -> "")."""
    w = word.translate(_APOSTROPHES).lower()
    if w.isalnum():  # the usual case, without the regular expressions
        return w
    w = _INNER.sub("", _EDGE.sub("", w))
    # "ISIS’s best recruiter" is printed "ISIS’ best recruiter" too: possessives compare bare.
    return w[:-2] if w.endswith("'s") and len(w) > 2 else w


@lru_cache(maxsize=1 << 16)
def words(text: str) -> Words:
    """Split a segment into words (whitespace-separated), normalised for comparison.

    Cached: a trail update reads the same segments several times (to pick them, to key
    them, and again when their trail is regrouped).
    """
    shown: list[str] = []
    norm: list[str] = []
    breaks: set[int] = set()
    for chunk in text.split():
        n = normalise(chunk)
        if n:
            shown.append(chunk)
            norm.append(n)
        if norm and _CLAUSE_END.search(chunk.translate(_APOSTROPHES).rstrip("'\"”»")):
            breaks.add(len(norm) - 1)
    return Words(tuple(shown), tuple(norm), frozenset(breaks))


def segments(kind: str, content_text: str) -> list[str]:
    """The printed words of one attribution that a trail can follow.

    Args:
        kind: the attribution kind (``direct``, ``mixed`` or ``indirect``).
        content_text: the stored content (pieces of an interrupted quote joined by " … ").

    Returns:
        The whole content of a direct quote, each quoted part of a mixed quote, nothing for
        indirect speech; segments under :data:`MIN_WORDS` words are left out.
    """
    if kind == "direct":
        found = [content_text]
    elif kind == "mixed":
        found = [next(g for g in m.groups() if g is not None) for m in _PAIRED.finditer(content_text)]
    else:
        return []
    return [s.strip() for s in found if len(words(s)) >= MIN_WORDS]
