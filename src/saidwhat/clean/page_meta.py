"""Title, author and date of a page dump, read from the lines holding those roles
(:mod:`.roles`), with the older whole-page readers (:mod:`.meta`) as the fallback."""

from __future__ import annotations

import re

from .describe import MONTHS
from .meta import detect_author, detect_published, has_date, parse_date
from .names import normalise_author
from .roles import Roles
from .units import WORD, Unit

# A role is trusted from this probability on (grouped CV over the hand-labelled pages,
# ``saidwhat train roles``). The headline is the candidate the regression ranks first from
# 0.05 on, even where "other" outscores it: the most headline-like line is the headline
# more often than the whole-page reader's guess (CV title 0.63 -> 0.70 with roles.v2;
# a bar of 0.02-0.1 gives the same within 0.02).
HEADLINE_MIN = 0.05
BYLINE_MIN = 0.1  # CV author 0.70 -> 0.74 (0.05-0.1 alike; 0.2 and up as 0.3)
DATELINE_MIN = 0.2

_BY = re.compile(r"(?i)(?:^|\s|\|)(?:posted by|written by|post written by|contributed by|words by|by|author)\s*:?\s+")
_CUT = re.compile(
    r"\s+on\s+(?=(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d))|"
    r"\s+(?:in|at|for|updated|published|posted)\s|\s+(?:topics|tags|filed under)\s*:|\s+[-–—|·•/]\s*|\s*[,|(•·]|\s+\d|"
    # buttons the flattener glued on: "Robert BeckhusenEmail Author", "George Ambler Leave a comment"
    r"(?:\s+|(?<=[a-z]))(?:discuss|comments?|email|leave a|follow|view all|share|twitter)\b|\s*$",
    re.IGNORECASE)
_PARTICLES = frozenset(("and", "van", "von", "de", "der", "den", "la", "le", "du", "da", "di", "bin", "al"))
_MONTH_STARTS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
# words of no name: a desk or agency, a button ("View Profile", "Like Tweet", "Have Your Say"), a sport
_NOT_NAMES = re.compile(r"(?i)\b(?:staff|admin|editor|press|associated|reuters|news|wire|agency|agencies|comments?|"
                        r"profile|tweet|like|your|basketball|football)\b")


def author_name(text: str) -> str | None:
    """The writer a byline line names, without its job, date or section: "Orion Jones on
    November 8, 2012" -> "Orion Jones", "06 November 2012 by Eric Abent Discuss (0)" -> "Eric
    Abent", "BY CHARLES FORELLE AND DAVID ROMÁN" -> "Charles Forelle and David Román"."""
    text = " ".join(text.split())
    if len(text) > 150:
        return None
    m = _BY.search(text)
    rest = text[m.end():] if m else text
    cut = _CUT.search(rest)
    name = rest[: cut.start()] if cut else rest
    name = normalise_author(name.strip(" .:;")) or ""
    # after the job is cut: "JESSICA MINTZ AP Technology Writer"; the joiner may be lower
    # case already: "ROD NORDLAND and MAYY EL SHEIKH"
    if any(c.isalpha() for c in name) and all(w.isupper() or w == "and" for w in name.split() if w.isalpha()):
        name = name.title().replace(" And ", " and ")
    words = WORD.findall(name)
    if (not 1 <= len(words) <= 7 or _NOT_NAMES.search(name) or MONTHS.search(name) or not name[:1].isupper()
            or words[0].lower()[:3] in _MONTH_STARTS and len(words) == 1):
        return None
    if not m and (len(words) == 1 or any(not w[:1].isupper() and w not in _PARTICLES for w in words)):
        return None  # a line without "by" must be a name alone: "Kim Wendel", not "Contact us"
    return name


def title_from_roles(units: list[Unit], roles: Roles, rule_title: str | None) -> str | None:
    """The most likely headline line, else the whole-page reader's (``rule_title``)."""
    for i in roles.best("headline")[:1]:
        # a body line is the headline only where the regression is sure (roles.assign_roles
        # gave it the role), or the body would lose it; nor is the byline ("By Kelly Osgood,
        # Showbiz Reporter") or the dateline
        if roles.scores[i]["headline"] >= HEADLINE_MIN and roles.roles[i] not in ("body", "byline", "dateline"):
            return units[i].text.strip()
    return rule_title


def author_from_roles(units: list[Unit], roles: Roles, body_start: int) -> str | None:
    """The name on the most likely byline line, else the whole-page reader's."""
    for i in roles.best("byline")[:3]:
        if roles.scores[i]["byline"] < BYLINE_MIN:
            break
        name = author_name(units[i].text)
        if name:
            return name
    return detect_author(units, body_start)


def date_from_roles(units: list[Unit], roles: Roles, body_start: int) -> str | None:
    """The date on the most likely dateline (or a byline with a date), else the
    whole-page reader's."""
    def score(i: int) -> float:
        return max(roles.scores[i]["dateline"], roles.scores[i]["byline"])

    for i in sorted(roles.scores, key=lambda i: -score(i))[:4]:
        if score(i) < DATELINE_MIN:
            break
        text = units[i].text
        # only lines a date pattern finds: dateparser, slow, stays the whole-page fallback's
        found = parse_date(text) if len(text) <= 200 and has_date(text) else None
        if found:
            return found
    return detect_published(units, body_start)
