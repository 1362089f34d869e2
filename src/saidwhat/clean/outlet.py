"""The outlet a page dump names, from the best evidence on the page.

Every place a page names itself gives a candidate with a weight: a disclaimer ("... do
not represent those of RT") and a copyright line ("© 2019 The Hill") most, a phrase such
as "Welcome to the Science of Sport", "Inside AdWords is powered by Blogger" or "About
Reuters" next, a line that spells out the site's address ("Web Ink Now" beside
"www.WebInkNow.com"), then a masthead line at the top and a site address ("wkyc.com"). A
candidate the page repeats gains: the outlet's name recurs in its menus, bylines and
footers, a section name or a one-off word does not. Names are normalised
(:func:`~.names.normalise_outlet`): no owner, no "Copyright", no section.
"""

from __future__ import annotations

import math
import re

from .describe import BOILER
from .meta import COPYRIGHT, DISCLAIMER_OUTLET, QUOTED_NAME
from .names import normalise_outlet
from .units import WORD, Unit

_NAMED = 2.0  # a phrase that names the site
SPELLED = 2.5  # words that spell the site's address or handle (:func:`_spelled_out`)
_WEIGHTS = {"disclaimer": 4.0, "copyright": 3.0, "named": _NAMED, "spelled": SPELLED, "masthead": 1.5,
            "address": 1.0}
_PHRASES = (
    re.compile(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?) is (?:powered by|the official (?:web ?)?site)\b"),
    re.compile(r"(?i:welcome to)\s+(?P<name>[A-Z][\w&.'’ -]{1,40}?)(?:[,.!:]|\s+where\b|$)"),
    re.compile(r"^(?i:about)\s+(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s*$"),
    re.compile(r"(?i:comment about|published by|follow|subscribe to)\s+(?P<name>[A-Z][\w&.'’ -]{1,40}?)"
               r"(?:\?|\.|\s+on\s+(?:twitter|facebook)|\s*$)"),
    # "Guardian Unlimited © Guardian News and Media Limited 2007": the name before the sign
    re.compile(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s+©"),
)
_ADDRESS = re.compile(r"(?i)\b(?P<name>(?:[a-z0-9-]+\.)*[a-z0-9-]{2,}\.(?:com|co\.uk|com\.au|ca|org|net|in))\b")
_NOT_ADDRESSES = frozenset("""facebook twitter google yahoo youtube blogger blogspot feedburner wordpress digg
    reddit delicious del.icio addthis amazon flickr typepad linkedin pinterest tumblr myspace stumbleupon
    technorati apple microsoft adobe gravatar disqus w3 creativecommons""".split())
_MENU = frozenset("""home about contact news menu search register account welcome skip blog blogs archive
    archives index main sections topics video videos photos more books shop store help login subscribe this
    comments email web yellow cars india world""".split())
# News agencies hold the copyright of the wire copy an outlet prints: their name is the
# outlet only when nothing else names one.
_AGENCIES = frozenset(("ap", "associated press", "the associated press", "aap", "reuters", "afp", "pa",
                       "press association", "dpa", "ians", "pti", "press trust of india", "canadian press",
                       "the canadian press", "agence france presse", "upi", "bloomberg"))
_AGENCY_SHARE = 0.3


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _masthead(units: list[Unit]) -> list[tuple[str, float]]:
    """Short capitalised lines among the first lines that are not menu entries."""
    out = []
    seen = 0
    for u in units:
        text = u.text.strip()
        words = WORD.findall(text)
        if not words:
            continue
        seen += 1
        if seen > 8:
            break
        if (len(words) > 4 or BOILER.search(text) or text.endswith(":") or not text[:1].isalpha()
                or any(w.lower() in _MENU for w in words)):
            continue
        if _ADDRESS.fullmatch(text) or all(w[:1].isupper() or w.lower() in {"and", "of", "by", "the", "on"}
                                           for w in words):
            out.append((text, _WEIGHTS["masthead"] / seen ** 0.5))
    return out


_PHRASE_WORDS = ("powered by", "official", "welcome to", "about", "published by", "follow", "subscribe to", "©")


def _candidates(units: list[Unit]) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    tail = units[-60:]
    for u in tail:
        m = DISCLAIMER_OUTLET.search(u.text.strip())
        if m:
            found.append((m.group("name"), _WEIGHTS["disclaimer"]))
    for u in tail:
        text = u.text.strip()
        if len(text) <= 200:
            matches = list(COPYRIGHT.finditer(text)) or list(QUOTED_NAME.finditer(text))
            found += [(m.group("name"), _WEIGHTS["copyright"]) for m in matches]
    for u in units:
        text = u.text.strip()
        if len(text) > 200:
            continue
        lower = text.lower()
        if any(w in lower for w in _PHRASE_WORDS):
            for pattern in _PHRASES:
                m = pattern.search(text)
                if m:
                    found.append((m.group("name"), _WEIGHTS["named"]))
        if len(text) <= 120 and "." in text:
            found += [(m.group("name"), _WEIGHTS["address"]) for m in _ADDRESS.finditer(text)
                      if m.group("name").lower().split(".")[-2] not in _NOT_ADDRESSES]
    return found + _spelled_out(units) + _masthead(units)


_HANDLE = re.compile(r"(?<![\w.])@(?P<name>[A-Za-z]\w{3,30})\b")
_SQUASHED_LINE = re.compile(r"^[a-z][a-z0-9]{5,30}$")


def _spelled_out(units: list[Unit]) -> list[tuple[str, float]]:
    """Lines of two words or more that spell out the site's address or handle: "Web Ink
    Now" beside "www.WebInkNow.com", "Universe Today" beside "@universetoday". An address
    alone may be a partner's or a sharing button's; a name the page also prints out in words
    on a line of its own (a masthead, a footer) is the site's. Whole lines only: words
    inside a line ("Gadget Lab", "IDG News") are as often a section's or the owner's.
    """
    stems: set[str] = set()
    for u in units:
        text = u.text.strip()
        if len(text) > 200:
            continue
        if "." in text:
            stems.update(m.group("name").lower().split(".")[-2] for m in _ADDRESS.finditer(text))
        if "@" in text:
            stems.update(m.group("name").lower() for m in _HANDLE.finditer(text))
        if " " not in text and _SQUASHED_LINE.match(text):
            stems.add(text)
    stems -= _NOT_ADDRESSES
    found = []
    for u in units if stems else ():
        text = u.text.strip(" .,:;|-–»«")
        if len(text) <= 60 and text[:1].isupper() and " " in text and "".join(WORD.findall(text.lower())) in stems:
            found.append((text, _WEIGHTS["spelled"]))
    return found


def best_outlet(units: list[Unit]) -> str | None:
    """The best-supported outlet name on the page, normalised, or None."""
    scores: dict[str, float] = {}
    names: dict[str, str] = {}
    for raw, weight in _candidates(units):
        name = normalise_outlet(raw.strip(" .,:;|-–"))
        key = _key(name or "")
        if not name or not key or key.split()[0] in _MENU:
            continue
        scores[key] = scores.get(key, 0.0) + weight * (_AGENCY_SHARE if key in _AGENCIES else 1.0)
        names.setdefault(key, name)
    if not scores:
        return None
    page = " " + " ".join(_key(u.text) for u in units) + " "
    for key in scores:
        scores[key] += math.log1p(page.count(f" {key} "))
    best = max(scores, key=lambda k: (scores[k], len(k)))
    return names[best]
