"""Names that are no speaker: places, datelines, the article's own outlet, quantifiers, abstract nouns.

The small NER model tags "Lorin" (a capital) PERSON, "Continental Wire" (the wire service
that wrote the article) PERSON and "Nobody" ORG; a rule that takes a capitalised source as
a name then makes them speakers. What decides here:

- places: the article itself uses the word as a place: tagged GPE/LOC/FAC anywhere in it,
  written after "in"/"near" ("talks in Lorin"), or a dateline ("LORIN, Oct 3 (CWS) -");
- the outlet that publishes the article, its short forms and its acronym ("(CWS)"): a paper
  does not quote itself, it contains the quotes;
- words of ``data/speakers/not_speakers.txt``: quantifiers and negative pronouns
  ("Neither"), abstract nouns ("History", "Polls"), unnamed crowds ("Volunteers").

Full personal names ("Elena Varga": a first name from the lexicons) are never places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from ..models import Entity
from .names import DETERMINERS, first_name_gender, org_name, strip_possessive, surnames_after_first_names

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# "talks in Lorin", "a reception near Merovo", "militias armed from Lorin": the preposition
# makes the next name a place; a possessive ("in Varga's words") does not.
PLACE_AFTER = re.compile(r"\b(?:in|near|outside|from)\s+((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+){0,2})\b(?!['’])")
# "LORIN, Oct 3 (CWS) -", "LONDON (Reuters) -": a line that opens with a place in capitals.
DATELINE = re.compile(r"(?m)^\s*([A-Z][A-Z .'-]{2,}[A-Z])(?:,|\s+\()")
ACRONYM_IN_DATELINE = re.compile(r"\(([A-Z]{2,6})\)\s*[-–—]")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """``data/speakers/not_speakers.txt``: lower-case word -> its class (quantifier, abstract, group)."""
    text = resources.files("saidwhat").joinpath("data", "speakers", "not_speakers.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, kind = line.split("\t")
            out[word.strip()] = kind.strip()
    return out


def place_names(text: str, entities: Iterable[Entity]) -> frozenset[str]:
    """Lower-case names the article uses as places (NER labels, "in X", datelines)."""
    found: set[str] = set()
    for ent in entities:
        if ent.label in PLACE_LABELS:
            found.add(_key(ent.text))
    for m in PLACE_AFTER.finditer(text):
        found.add(_key(m.group(1)))
    for m in DATELINE.finditer(text[:2000]):
        found.add(_key(m.group(1)))
    found.discard("")
    # "Adel Nefzi ... Nefzi said": a surname the model tagged GPE is no place.
    found -= {w.lower() for w in surnames_after_first_names(text)}
    return frozenset(found)


def outlet_names(outlet: str | None, text: str) -> frozenset[str]:
    """Lower-case forms of the article's own outlet: "Continental Wire Service", "Continental Wire", "CWS"."""
    found: set[str] = set()
    if outlet:
        words = org_name(outlet).split()
        for n in range(2, len(words) + 1):
            found.add(" ".join(words[:n]).lower())
        if len(words) == 1:
            found.add(words[0].lower())
        found.add("".join(w[0] for w in words if w[:1].isupper()).lower())
    for m in ACRONYM_IN_DATELINE.finditer(text[:2000]):
        found.add(m.group(1).lower())
    found.discard("")
    return frozenset(w for w in found if len(w) >= 2)


def not_a_speaker(name: str, places: frozenset[str] = frozenset(), outlets: frozenset[str] = frozenset()) -> str | None:
    """Why ``name`` names no speaker ("place", "outlet", "quantifier", "abstract", "group"), or None.

    Args:
        name: the speaker name a rule produced ("Lorin", "Nobody", "Elena Varga").
        places: the article's place names (:func:`place_names`).
        outlets: the article's own outlet forms (:func:`outlet_names`).

    Returns:
        The class that rules the name out, or None when it may speak.
    """
    key = _key(name)
    if not key:
        return None
    kind = lexicon().get(key)
    if kind is not None:
        return kind
    if key in outlets:
        return "outlet"
    words = key.split()
    if key in places and not (len(words) >= 2 and first_name_gender(words[0]) is not None):
        return "place"
    return None


def _key(text: str) -> str:
    words = strip_possessive(text).replace("\u00a0", " ").split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words).lower().strip(" ,.;:")
