"""Topic families: the spellings of one topic gathered under one name.

A quote names a place ("Veskara"), its people or adjective ("Veskaran", "Veskarans"), or a
bloc by its full and its short name ("Northern Union", "Union"). Two rules, both about
word forms rather than any list of names:

- **Word folding**: each word is lower-cased, a leading article dropped, and one ending
  removed — a plural or demonym ending (``-ians``, ``-ian``, ``-ans``, ``-an``, ``-ia``,
  ``-s``...) — when at least four letters are left: "Veskara", "Veskaran" and "Veskarans"
  all fold to ``veskar``; "Dravania" and "Dravanian" to ``dravan``; "sanctions" to ``sanction``.
- **Head noun**: a one-word topic joins the one longer name that ends in it ("Union" joins
  "Northern Union"), but only when that longer name is the only one: with both "European
  Union" and "Soviet Union" in a corpus, "Union" stays on its own.

The family is called by its longest member when a head noun joined it, else by its most
frequent spelling. Known limits: folding can join words that only look related
("Republic" and "Republicans").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..errors import QueryError
from ..store import Filter, NameCount, Store
from .lookup import did_you_mean
from .memo import remembered

ENDINGS = ("ians", "ian", "ans", "an", "ia", "s", "a", "y", "e")
MIN_STEM = 4
ARTICLES = ("the", "a", "an")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class TopicFamily:
    """One topic under one name: its stored spellings, statements and mean tone."""

    name: str
    members: tuple[str, ...]
    count: int
    mean_tone: float | None = None


def fold_word(word: str) -> str:
    """``word`` lower-cased without one plural or demonym ending (see the module docstring)."""
    w = word.lower()
    if w.endswith(("ss", "us", "is")):
        return w
    for ending in ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
            return w[: -len(ending)]
    return w


def topic_key(name: str) -> tuple[str, ...]:
    """The folded words of a topic name, without a leading article."""
    words = [fold_word(w) for w in _WORD.findall(name)]
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return tuple(words)


def families(counts: list[tuple[str, int, float | None]]) -> list[TopicFamily]:
    """Group (name, statements, mean tone) rows into families, most statements first."""
    by_key: dict[tuple[str, ...], list[tuple[str, int, float | None]]] = defaultdict(list)
    for row in counts:
        key = topic_key(row[0])
        if key:
            by_key[key].append(row)
    # Head nouns: a one-word key joins the only longer key that ends in it.
    longer: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in by_key:
        if len(key) > 1:
            longer[key[-1]].append(key)
    joined: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in by_key:
        if len(key) == 1 and len(longer.get(key[0], ())) == 1:
            joined[key] = longer[key[0]][0]
    groups: dict[tuple[str, ...], list[tuple[str, int, float | None]]] = defaultdict(list)
    for key, rows in by_key.items():
        groups[joined.get(key, key)].extend(rows)
    out: list[TopicFamily] = []
    for key, rows in groups.items():
        total = sum(n for _, n, _ in rows)
        toned = [(n, t) for _, n, t in rows if t is not None]
        mean = sum(n * t for n, t in toned) / sum(n for n, _ in toned) if toned else None
        if len({topic_key(r[0]) for r in rows}) > 1 and any(len(topic_key(r[0])) > 1 for r in rows):
            name = max(rows, key=lambda r: (len(topic_key(r[0])), r[1], -len(r[0])))[0]
        else:
            name = max(rows, key=lambda r: (r[1], -len(r[0]), r[0]))[0]
        name = name.title() if name.isupper() and len(name) > 4 else name  # "LORIN" -> "Lorin"; "NATO" stays
        members = tuple(sorted((r[0] for r in rows), key=lambda m: (m != name, m.lower())))
        out.append(TopicFamily(name, members, total, mean))
    out.sort(key=lambda f: (-f.count, f.name.lower()))
    return out


def topic_families(store: Store) -> list[TopicFamily]:
    """Every topic statements are about, one per family, most statements first."""
    return remembered(store, ("topic_families",), lambda: families(
        [(c.name or "", c.count, c.mean_tone) for c in store.target_counts()]))


def topic_speakers(store: Store, family: TopicFamily, limit: int = 20) -> list[NameCount]:
    """The speakers who talk about a topic (any spelling), most statements first, with their
    mean tone toward it."""
    return remembered(store, ("topic_speakers", family.members, limit),
                      lambda: store.speaker_counts(Filter(targets=family.members), limit=limit))


def find_topic(store: Store, name: str) -> TopicFamily:
    """The family a typed topic belongs to (any member, any case, any folded form).

    Raises:
        QueryError: no statement is about it; the message suggests the closest topics.
    """
    text = " ".join(name.split())
    found = topic_families(store)
    key = topic_key(text)
    for family in found:
        if family.name.lower() == text.lower() or any(m.lower() == text.lower() for m in family.members):
            return family
    for family in found:
        if any(topic_key(m) == key for m in family.members):
            return family
    names = [m for f in found for m in f.members]
    raise QueryError(f"No statement is about {text!r}{did_you_mean(text, names)} List them with: saidwhat topics")
