"""Roles from the words around a name: pre-nominal titles and appositions.

    "Russian Foreign Minister Sergey Lavrov"            -> "Russian Foreign Minister"
    "the head of Russia's Foreign Affairs Committee Alexei Pushkov"
                                                        -> "head of Russia's Foreign Affairs Committee"
    "Matt Lee, an AP journalist,"  /  "AP journalist Matt Lee" -> "AP journalist"

Only character offsets into the article text come in; nothing here parses.
"""

from __future__ import annotations

import re
from typing import Literal

from .names import HONORIFICS, TITLE_ABBREVIATIONS, role_words

Party = Literal["R", "D"]

# Lower-case words that may sit inside a title between capitalised words or before the
# head: "Trump campaign spokesman", "Republican presidential nominee", "former first lady".
MODIFIERS = {
    "presidential", "vice", "former", "deputy", "press", "chief", "campaign", "national",
    "senior", "top", "executive", "first", "lady", "foreign", "interim", "acting", "assistant",
    "general", "state", "federal", "district", "city", "county", "party", "white", "house",
    "enterprise", "political", "managing", "security", "defense", "policy", "tax", "longtime",
    "retired", "democratic", "republican", "conservative", "liberal", "talk", "radio", "news",
    "television", "tv", "communications", "finance", "legal", "majority", "minority",
    "ranking", "prime", "supreme", "court", "appeals", "police", "u.s.",
}
CONNECTORS = {"of", "for", "at", "on", "to", "in", "and"}
# Capitalised words that start a clause, not a title ("But Trump said").
CLAUSE_WORDS = {
    "but", "and", "or", "so", "when", "as", "after", "before", "in", "on", "at", "for", "with",
    "while", "then", "yet", "if", "also", "though", "although", "because", "since", "until",
    "meanwhile", "still", "now", "today", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "during", "from", "by", "said", "says", "told", "according",
    "to", "of", "that", "this", "last", "by", "where", "why", "how", "what", "asked",
}
STOP_APPOSITION = re.compile(r"\s(?:who|which|that|said|says|told|added|argued|wrote)\b|[;:.!?\"“”]")
ROLE_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
PARTY_PAREN = re.compile(r"\(\s*([RD])\s*[-–,]")
TOKEN = re.compile(r"\S+")


def _is_role_word(word: str) -> bool:
    low = word.lower().strip(",")
    return low in role_words() or low in TITLE_ABBREVIATIONS


def prenominal_role(text: str, start: int, floor: int) -> str | None:
    """The title standing right before a name that starts at ``start`` (not before ``floor``).

    Args:
        text: the article text.
        start: where the name starts.
        floor: where the search must stop (the sentence start).

    Returns:
        The role without article or honorific, or None when the words before are no title.
    """
    left = text[max(floor, start - 120) : start]
    if left and not left[-1].isspace():
        return None
    tokens = [(m.start(), m.group()) for m in TOKEN.finditer(left)]
    kept: list[str] = []
    for _, tok in reversed(tokens):
        low = tok.lower()
        if tok[-1] in ",;:(\"“”" or tok[0] in "\"“(" or low in HONORIFICS and kept:
            break
        if low in HONORIFICS:
            continue
        if low in {"the", "a", "an", "his", "her", "their", "its"}:
            break
        if low == "and" and any(_is_role_word(t) for t in kept):
            # "Foreign Minister Sergey Lavrov and Russian President Vladimir Putin": the title
            # is complete; what stands before "and" belongs to somebody else. ("Secretary of
            # Health and Human Services" has no title word after its "and", so it goes on.)
            break
        if _is_role_word(tok) or low in MODIFIERS:
            kept.append(tok)
        elif low in CONNECTORS and kept:
            kept.append(tok)
        elif tok[0].isupper() and low not in CLAUSE_WORDS:
            kept.append(tok)
        else:
            break
    kept.reverse()
    while kept and kept[0].lower() in CONNECTORS:
        kept.pop(0)
    if not any(_is_role_word(t) for t in kept):
        return None
    return _expand(" ".join(kept))


def apposition_role(text: str, end: int, ceiling: int) -> str | None:
    """The apposition after a name that ends at ``end``: ``", the head of X,"`` -> "head of X".

    Args:
        text: the article text.
        end: where the name ends.
        ceiling: where the search must stop (the sentence end).

    Returns:
        The role without its article, or None when no apposition with a role word follows.
    """
    right = text[end : min(ceiling, end + 160)]
    if not right.startswith(", "):
        return None
    body = right[2:]
    stop = STOP_APPOSITION.search(body)
    comma = body.find(",")
    cut = min(i for i in (stop.start() if stop else len(body), comma if comma >= 0 else len(body)))
    seg = body[:cut].strip()
    words = seg.split()
    if not words or len(words) > 14 or words[0][0].isdigit():
        return None
    if not (words[0].lower() in {"the", "a", "an"} or _is_role_word(words[0]) or words[0][0].isupper()):
        return None
    if not any(_is_role_word(w) for w in words[:6]):
        return None
    return _expand(ROLE_ARTICLE.sub("", seg))


def _expand(role: str) -> str:
    words = role.split()
    return " ".join(TITLE_ABBREVIATIONS.get(w.lower(), w) for w in words).strip(" ,")


def party_of(*texts: str | None) -> Party | None:
    """The party a role or parenthetical names: "Republican nominee" -> "R", "(D-Md.)" -> "D"."""
    for text in texts:
        if not text:
            continue
        m = PARTY_PAREN.search(text)
        if m:
            return "R" if m.group(1) == "R" else "D"
        low = text.lower()
        if "republican" in low or "gop" in low.split():
            return "R"
        if "democrat" in low:
            return "D"
    return None
