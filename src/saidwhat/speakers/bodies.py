"""Described state bodies: "the French foreign ministry", "Russia's defense ministry" -> one ORG name.

A ministry, government or embassy that the article describes instead of naming is still an
identifiable speaker. Its canonical name is the body plus the country the description
gives: "Foreign Ministry (France)", "Defense Ministry (Russia)", "Government (Dravania)". The
country comes from a possessive place ("Russia's"), a nationality adjective from
``data/speakers/demonyms.txt`` ("French"), or one derived from the article's own places
("Dravanian" from "Dravania"). Without a country the description is resolved by the article
(an earlier "Veskara's foreign ministry" makes "the foreign ministry" the same body) or left
null. Everything here is string work; ``resolve.py`` supplies the article's places.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from .names import strip_possessive

DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ish", "i")


@lru_cache(maxsize=1)
def body_heads() -> dict[str, tuple[str, frozenset[str]]]:
    """``data/speakers/bodies.txt``: head -> (canonical head, qualifiers that belong to the name)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for line in _lines("bodies.txt"):
        head, canonical, qualifiers = (line.split("\t") + [""])[:3]
        out[head] = (canonical, frozenset(q for q in qualifiers.split(",") if q))
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """``data/speakers/demonyms.txt``: lower-case nationality adjective -> country."""
    return dict(tuple(line.split("\t", 1)) for line in _lines("demonyms.txt"))  # type: ignore[misc]


def _lines(name: str) -> list[str]:
    text = resources.files("saidwhat").joinpath("data", "speakers", name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def country_of(word: str, places: Iterable[str]) -> str | None:
    """The country a possessive place or a nationality adjective names, or None.

    ``"Russia's"`` (a place of the article) -> ``"Russia"``; ``"French"`` -> ``"France"``;
    ``"Veskaran"`` with ``"Veskara"`` among the places -> ``"Veskara"``.
    """
    bare = strip_possessive(word)
    low = bare.lower()
    if not bare[:1].isupper():
        return None
    if low in demonyms():
        return demonyms()[low]
    place_set = set(places)
    if bare != word and low in place_set:
        return bare
    for place in place_set:
        if " " not in place and any(low == place + end or low == place[:-1] + end for end in DEMONYM_ENDINGS):
            return place.title()
    return None


def described_body(words: list[str], places: Iterable[str]) -> tuple[str, str | None] | None:
    """The body a description names, and its country when the description gives one.

    Args:
        words: the description's words as written, determiner first or not
            (``["the", "French", "foreign", "ministry"]``, ``["Russia's", "defense", "ministry"]``).
        places: the article's lower-case place names.

    Returns:
        ``("Foreign Ministry", "France")``, ``("Ministry", None)`` for "the ministry", or None
        when the last word is no state body or a word in between does not fit one.
    """
    places = list(places)
    ws = [w for w in words if w]
    if ws and ws[0].lower() in {"the", "this", "that"}:
        ws = ws[1:]
    if not ws:
        return None
    head = ws[-1].lower()
    if head not in body_heads():
        return None
    canonical, qualifiers = body_heads()[head]
    country: str | None = None
    kept: list[str] = []
    for w in ws[:-1]:
        found = country_of(w, places) if country is None and not kept else None
        if found is not None:
            country = found
        elif w.lower() in qualifiers:
            kept.append(w.lower())
        else:
            return None  # "the peace ministry of the novel", "the opposition government"
    name = " ".join([*(k.title() for k in kept), canonical])
    return name, country


def body_name(body: str, country: str | None) -> str:
    """``("Foreign Ministry", "France")`` -> ``"Foreign Ministry (France)"``."""
    return f"{body} ({country})" if country else body
