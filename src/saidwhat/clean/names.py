"""Outlet and author names as a reader would write them, from what a page prints.

A page's copyright line names the company that owns the outlet more often than the
outlet ("Copyright 1996- The Washington Post Company", "© 2008 Hearst Communications",
"NYP Holdings"), and a byline runs into the writer's job ("Meg JamesStaff Writer" when the
flattener glued two blocks, "Phil Helsel is a reporter for NBC News").
"""

from __future__ import annotations

import re

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
