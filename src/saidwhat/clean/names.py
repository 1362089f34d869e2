"""Outlet and author names as a reader would write them, from what a page prints.

A page's copyright line names the company that owns the outlet more often than the
outlet ("Copyright 1996- The Washington Post Company", "© 2008 Hearst Communications",
"NYP Holdings"), and a byline runs into the writer's job ("Meg JamesStaff Writer" when the
flattener glued two blocks, "Phil Helsel is a reporter for NBC News").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .describe import MONTHS
from .units import WORD

# "Copyright of ...", "© 2008 ...", "(c) 1995-2008 ...", "MMVIII": not the name.
_LEADING = re.compile(
    r"^(?:(?:©|\(c\)|copyright|of|by)\s*|\d{4}(?:\s*[-–]\s*(?:\d{4})?)?\s*,?\s*|[MDCLXVI]{4,}\b\s*)+",
    re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s*[-–,.]?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?|privacy code|all rights reserved))+\s*$",
                       re.IGNORECASE)
# What a company adds to an outlet's name: "Guardian News and Media Limited", "Telegraph
# Media Group Limited", "The New York Times Company", "Union-Tribune Publishing Co".
_CORPORATE = re.compile(
    r"(?:\s+(?:news\s+(?:and|&)\s+media|media\s+group|internet\s+ventures|communications|holdings|networks?|media|television\s+stations?|"
    r"enterprises|publishing|group|company|co|corporation|corp|limited|ltd|inc|llc|plc|pty)\b\.?,?)+\s*$",
    re.IGNORECASE)
# Owners whose name is not an outlet's: what is left of "Hearst Communications", "NYP
# Holdings", "Copyright Gannett".
_OWNERS = frozenset((
    "hearst", "gannett", "nyp", "tribune", "tronc", "mcclatchy", "advance", "gatehouse", "lee", "sinclair",
    "nexstar", "meredith", "scripps", "cox", "news corp", "dow jones", "conde nast", "condé nast", "condénet",
    "media general", "belo", "tegna", "graham", "dmg media", "reach", "trinity mirror", "newsquest", "fairfax",
    "postmedia", "torstar", "nbcuniversal", "warnermedia", "viacom", "cbs interactive",
))
# A copyright line's "name" that is a word of the page instead: a section ("U.S.", "World"),
# a label ("Notice", "Advertise", "Hosted"). Compared without dots.
_NOT_OUTLETS = frozenset("""notice copyright advertise advertising hosted terms privacy contact home news
    world us uk politics business sport sports opinion local nation national entertainment health
    science technology tech travel lifestyle weather video photos www all""".split())


def normalise_outlet(name: str | None) -> str | None:
    """The outlet a copyright or disclaimer line names, without the owner's trimmings.

    "Copyright 1996- The Washington Post Company" -> "The Washington Post"; "© 2019 The
    Hill" -> "The Hill"; "Hearst Communications", "NYP Holdings", "Copyright Gannett",
    "U.S.", "Hosted" -> None (an owner, a section or a word, not an outlet).
    """
    if not name:
        return None
    text = " ".join(name.split())
    text = _TRAILING.sub("", _LEADING.sub("", text)).strip(" ,|-–")
    text = _CORPORATE.sub("", text).strip(" ,|-–")
    key = text.casefold()
    if not text or not text[0].isupper() or key.replace(".", "") in _NOT_OUTLETS or key in _OWNERS:
        return None
    return text


# A job after the name: "Meg JamesStaff Writer", "Kelly Osgood, Showbiz Reporter", "Phil
# Helsel is a reporter for NBC News", "Ana Lind, Political Editor".
_JOB_WORDS = ("writer", "reporter", "correspondent", "editor", "columnist", "contributor", "producer",
              "photographer", "journalist", "analyst", "critic", "intern")
_JOB_MODIFIERS = ("staff", "senior", "chief", "special", "contributing", "political", "business", "sports",
                  "science", "health", "technology", "foreign", "national", "investigative", "associate",
                  "deputy", "managing", "executive", "news", "city", "digital", "entertainment", "education")
# a wire byline names the agency before the job: "Jessica Mintz, AP Technology Writer",
# "Tariq Panja Associated Press Writer"
_AGENCY = r"(?:(?:the\s+)?associated\s+press|ap|reuters|afp|upi|bloomberg|dpa)\s+"
_JOB = rf"(?:{_AGENCY})?(?:(?:{'|'.join(_JOB_MODIFIERS)})\s+)*(?:{'|'.join(_JOB_WORDS)})s?(?![\w-])"
# two blocks glued by the flattener: a lower-case letter right before a capitalised job word
_GLUED_JOB = re.compile(rf"(?<=[a-z])(?=(?:{'|'.join(w.title() for w in _JOB_MODIFIERS + _JOB_WORDS)})(?![\w-]))")
_TRAILING_JOB = re.compile(rf"(?:\s*,\s*(?:[\w-]+\s+){{0,3}}{_JOB}|\s+{_JOB}|\s+is\s+(?:an?|the)\s).*$",
                           re.IGNORECASE)


def normalise_author(name: str | None) -> str | None:
    """The writer's name without their job: "Meg JamesStaff Writer" -> "Meg James",
    "Phil Helsel is a reporter" -> "Phil Helsel"; None when nothing of a name is left."""
    if not name:
        return None
    text = _GLUED_JOB.sub(" ", " ".join(name.split()), count=1)
    text = _TRAILING_JOB.sub("", text).strip(" .,|-–")
    return text if text and text[0].isupper() else None


# "Author:Laura Vecsey" (no space after the colon) is a byline too
_BY = re.compile(r"(?i)(?:^|\s|\|)(?:posted by|written by|post written by|contributed by|words by|by|author)"
                 r"(?:\s*:\s*|\s+)")
# a writer's handle in lower case after a byline's opening word: "Posted by samzenpus on ...",
# "by randfish on February 8, 2012"
_HANDLE_BY = re.compile(r"(?i)^(?:posted by|written by|by)\s*:?\s+(?P<name>[a-z][a-z0-9_.-]{2,24})(?=\s+on\b|\s*[|,-]|\s*$)")
_NOT_HANDLES = frozenset("admin administrator staff editor editors guest date name email category popularity "
                         "relevance title author the a an".split())
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


@lru_cache(maxsize=4096)
def author_name(text: str) -> str | None:
    """The writer a byline line names, without its job, date or section: "Orion Jones on
    November 8, 2012" -> "Orion Jones", "06 November 2012 by Eric Abent Discuss (0)" -> "Eric
    Abent", "BY CHARLES FORELLE AND DAVID ROMÁN" -> "Charles Forelle and David Román".

    Cached: a page's candidate lines are read for a name when they are chosen
    (:func:`~.roles.candidates`), described (:func:`~.roles.role_features`) and when the
    byline is picked (:func:`~.page_meta.author_from_roles`)."""
    text = " ".join(text.split())
    if len(text) > 150:
        return None
    handle = _HANDLE_BY.match(text)
    if handle and handle.group("name").islower() and handle.group("name") not in _NOT_HANDLES:
        return handle.group("name")
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
