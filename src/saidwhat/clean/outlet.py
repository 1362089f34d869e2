"""The outlet a page dump names, from the best evidence on the page.

Every place a page names itself is evidence of a kind: a disclaimer ("... do not represent
those of RT"), a copyright line ("© 2019 The Hill"), a phrase such as "Welcome to the
Science of Sport", "Inside AdWords is powered by Blogger" or "About Reuters", a line that
spells out the site's address ("Web Ink Now" beside "www.WebInkNow.com"), a masthead line
at the top, a site address ("wkyc.com"), the head or tail of a titled line ("Fat Head: ...",
"... - CTV Toronto"). The evidence is gathered per name (normalised by
:func:`~.names.normalise_outlet`: no owner, no "Copyright", no section) into features (how
much of each kind, how often the page repeats the name, whether it spells an address on
the page, a wire agency's name, ...) and a logistic regression ranks the names
(``data/clean/outlet.v9.json``, trained by :mod:`.train_outlet` on hand-labelled pages).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..lexicons import given_names
from .describe import BOILER
from .meta import COPYRIGHT, DISCLAIMER_OUTLET, QUOTED_NAME
from .model import Logistic, read_model
from .names import normalise_outlet
from .units import WORD, Unit

OUTLET_RESOURCE = "data/clean/outlet.v9.json"
# A disclaimer ("... do not represent those of RT") counts as a copyright line: no labelled
# page prints one, so a kind of its own would get no weight.
KINDS = ("copyright", "named", "spelled", "masthead", "address", "head", "tail", "line")
OUTLET_FEATURES = tuple(f"n_{k}" for k in KINDS) + (
    "masthead_top", "agency", "words", "repeats", "stem_exact", "stem_part", "first_at", "last_at",
    "upper", "digit", "menu_word", "kinds", "boiler", "furniture_word", "title_case", "bylined", "open_end",
    "part_of", "holds", "lower", "stem_abbrev", "person")

_PHRASES = (
    re.compile(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?) is (?:powered by|the official (?:web ?)?site)\b"),
    re.compile(r"(?i:welcome to)\s+(?:the\s+)?(?P<name>[A-Z][\w&.'’ -]{1,40}?)(?:[,.!:]|\s+where\b|$)"),
    re.compile(r"^(?i:about)\s+(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s*$"),
    re.compile(r"(?i:comment about|published by|follow|subscribe to|search|receive)\s+[“\"]?"
               r"(?P<name>[A-Z][\w&.'’ -]{1,40}?)(?:[”\"]|\?|\.|:|\s+(?i:on\s+(?:twitter|facebook)|via\s+email)|\s*$)"),
    # "Guardian Unlimited © Guardian News and Media Limited 2007": the name before the sign
    re.compile(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s+©"),
)
# a site address and its stem, the label before the suffix ("www.smh.com.au": "smh"; the
# two-part suffixes come first, or "www.smh.com" would match)
_ADDRESS = re.compile(
    r"(?i)\b(?P<name>(?:[a-z0-9-]+\.)*(?P<stem>[a-z0-9-]{2,})\.(?:com\.au|co\.uk|com|ca|org|net|in))\b")
_NOT_ADDRESSES = frozenset("""facebook twitter google yahoo youtube blogger blogspot feedburner wordpress digg
    reddit delicious del.icio addthis amazon flickr typepad linkedin pinterest tumblr myspace stumbleupon
    technorati apple microsoft adobe gravatar disqus w3 creativecommons""".split())
_MENU = frozenset("""home about contact news menu search register account welcome skip blog blogs archive
    archives index main sections topics video videos photos more books shop store help login subscribe this
    comments email web yellow cars india world""".split())
# News agencies hold the copyright of the wire copy an outlet prints (a feature: the ranker
# learns how much less their name counts).
_AGENCIES = frozenset(("ap", "associated press", "the associated press", "aap", "reuters", "afp", "pa",
                       "press association", "dpa", "ians", "pti", "press trust of india", "canadian press",
                       "the canadian press", "agence france presse", "upi", "bloomberg"))
# words of a page's furniture, not of a name: "Posted by", "Next post", "Posts by Email", "PLAYERS"
_FURNITURE = frozenset("""post posts posted next previous prev older newer by via email rss share print view all
    group players users terms service policy jobs demand page pages top read updated edition set from
    contributed tagged category categories filed links link login sign part""".split())
_FUNCTION_END = frozenset("by of the and or to for in on at a an with from".split())
# a line that may hold one of :data:`_PHRASES`
_PHRASE_HINT = re.compile(r"(?i)powered by|official|welcome to|about|published by|follow|subscribe to|©|search|"
                          r"receive")
# "Fat Head: It's clear to me ...", "Nutty Nomads | Facebook", "Story title - CTV Toronto"
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|:\s+|\s+::\s+")
# a short line of its own names the site at the top (masthead) or bottom (footer) of a page
_EDGE = 30
_NAME_CHARS = 40  # the longest name taken from a titled line or a line of its own
_HANDLE = re.compile(r"(?<![\w.])@(?P<name>[A-Za-z]\w{3,30})\b")
_SQUASHED_LINE = re.compile(r"^[a-z][a-z0-9]{5,30}$")
_MARKS = re.compile(r"[®™℠]")  # no part of a name: "©2012 Hatch: The Design Public® Blog"


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _squash(text: str) -> str:
    """The name as its labels are compared: no case, spaces, ".com" or leading "the"."""
    return re.sub(r"^the\s+", "", _key(re.sub(r"(?i)\.com\b", "", text))).replace(" ", "")


def _abbreviates(words: list[str], stems: set[str]) -> bool:
    """Whether a name of two words or more is spelled by an address stem of the page as its
    initials, or its initials and last word ("smh", "latimes"), a leading "the" aside."""
    words = words[1:] if words[:1] == ["the"] else words
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words)
    return initials in stems or initials[:-1] + words[-1] in stems


def _masthead(units: list[Unit]) -> list[tuple[str, str, int, float]]:
    """Short capitalised lines among the first lines that are not menu entries."""
    out = []
    seen = 0
    for i, u in enumerate(units):
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
            out.append((text, "masthead", i, 1 / seen ** 0.5))
    return out


def _short_name(text: str) -> bool:
    return len(text) <= _NAME_CHARS and text[:1].isupper() and 1 <= len(WORD.findall(text)) <= 5


def _evidence(units: list[Unit], stems: set[str]) -> list[tuple[str, str, int, float]]:
    """(name, kind, unit index, strength) for every place the page may name itself."""
    found: list[tuple[str, str, int, float]] = []
    texts = [_MARKS.sub("", u.text.strip()) for u in units]
    tail_from = max(len(units) - 60, 0)
    for i in range(tail_from, len(units)):
        text = texts[i]
        m = DISCLAIMER_OUTLET.search(text)
        if m:
            found.append((m.group("name"), "copyright", i, 1.0))
        if len(text) <= 200:
            matches = list(COPYRIGHT.finditer(text)) or list(QUOTED_NAME.finditer(text))
            found += [(m.group("name"), "copyright", i, 1.0) for m in matches]
    for i, text in enumerate(texts):
        head = _SEPARATOR.search(text, 0, _NAME_CHARS + 5)
        if head and _short_name(text[:head.start()]):
            found.append((text[:head.start()], "head", i, 1.0))
        if len(text) > 200:
            continue
        tail = None
        for tail in _SEPARATOR.finditer(text, max(len(text) - _NAME_CHARS - 5, 1)):
            pass
        if tail and _short_name(text[tail.end():]):
            found.append((text[tail.end():], "tail", i, 1.0))
        if ((i < _EDGE or i >= len(units) - _EDGE) and len(text) <= _NAME_CHARS and text[:1].isalpha()
                and not text.endswith(":") and len(WORD.findall(text)) <= 4):
            found.append((text, "line", i, 1.0))
        if _PHRASE_HINT.search(text):
            found += [(m.group("name"), "named", i, 1.0) for p in _PHRASES for m in [p.search(text)] if m]
        if len(text) <= 120 and "." in text:
            found += [(m.group("name"), "address", i, 1.0) for m in _ADDRESS.finditer(text)
                      if m.group("stem").lower() not in _NOT_ADDRESSES]
        spelled = text.strip(" .,:;|-–»«")
        if (stems and len(spelled) <= 60 and spelled[:1].isupper() and " " in spelled
                and "".join(WORD.findall(spelled.lower())) in stems):
            found.append((spelled, "spelled", i, 1.0))
    return found + _masthead(units)


def _stems(units: list[Unit]) -> set[str]:
    """The names the page's addresses and handles spell ("webinknow", "universetoday")."""
    stems: set[str] = set()
    for u in units:
        text = u.text.strip()
        if len(text) > 200:
            continue
        if "." in text:
            stems.update(m.group("stem").lower() for m in _ADDRESS.finditer(text))
        if "@" in text:
            stems.update(m.group("name").lower() for m in _HANDLE.finditer(text))
        if " " not in text and _SQUASHED_LINE.match(text):
            stems.add(text)
    return stems - _NOT_ADDRESSES


@dataclass(frozen=True, slots=True)
class Candidate:
    """One name the page gives itself, with the features of its evidence."""

    key: str
    name: str
    features: tuple[float, ...]
    kinds: tuple[str, ...]  # the kind of each piece of evidence


def _nesting(keys: list[str]) -> tuple[set[str], set[str]]:
    """The keys found inside another key, and the keys holding another: one search per key
    through all keys joined, not one per pair."""
    joined = "\x00".join(keys)
    starts = list(itertools.accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
    part_of: set[str] = set()
    holds: set[str] = set()
    for k, key in enumerate(keys):
        at = joined.find(key)
        while at >= 0:
            container = bisect.bisect_right(starts, at) - 1
            if container != k:
                part_of.add(key)
                holds.add(keys[container])
            at = joined.find(key, at + 1)
    return part_of, holds


def outlet_candidates(units: list[Unit]) -> list[Candidate]:
    """Every normalised name the page's evidence gives, with its features (:data:`OUTLET_FEATURES`)."""
    stems = _stems(units)
    by_key: dict[str, list[tuple[str, str, int, float]]] = {}
    for raw, kind, at, strength in _evidence(units, stems):
        raw = raw.strip(" .,:;|-–“”\"")
        # an address keeps its spelling ("wkyc.com"); a name must start with a capital
        name = (raw if kind in ("address", "line") and normalise_outlet(raw[:1].upper() + raw[1:])
                else normalise_outlet(raw))
        key = _squash(name or "")
        # a menu word opens no name ("Home", "News Corp"), but an address may ("news.com.au");
        # exempting lines that spell the address ("Web Ink Now") too: CV 59.4% against 59.7%
        if not name or not key or (_key(name).split()[0] in _MENU and kind != "address"):
            continue
        by_key.setdefault(key, []).append((name, kind, at, strength))
    if not by_key:
        return []
    page = " " + " ".join(_key(u.text) for u in units) + " "
    n = max(len(units), 1)
    out = []
    part_of, holds = _nesting([k for k in by_key if len(k) >= 3])
    for key, found in by_key.items():
        kinds = [k for _, k, _, _ in found]
        # the name as the most trusted evidence spells it
        name = min(found, key=lambda f: KINDS.index(f[1]))[0]
        spaced = _key(name)
        words = spaced.split()
        at = [a for _, _, a, _ in found]
        part = any(len(key) >= 4 and s != key and (key in s or s in key) and len(s) >= 4 for s in stems)
        row = [math.log1p(kinds.count(k)) for k in KINDS] + [
            max((s for _, k, _, s in found if k == "masthead"), default=0.0),
            float(spaced in _AGENCIES),
            min(len(words), 6) / 6,
            math.log1p(page.count(f" {spaced} ")),
            float(key in stems),
            float(part),
            min(at) / n,
            max(at) / n,
            float(name.isupper()),
            float(any(c.isdigit() for c in name)),
            float(any(w in _MENU for w in words)),
            len(set(kinds)) / len(KINDS),
            float(bool(BOILER.search(name))),
            sum(w in _FURNITURE for w in words) / len(words),
            float(all(w[:1].isupper() or w.lower() in _FUNCTION_END for w in name.split())),
            float(f" by {spaced} " in page),
            float(words[-1] in _FUNCTION_END),
            # "Guardian" beside "Guardian Unlimited", "Sugar" beside "BellaSugar"
            float(key in part_of),
            float(key in holds),
            float(name[:1].islower()),
            # "The Sydney Morning Herald" beside www.smh.com.au, "Los Angeles Times" beside latimes.com
            float(_abbreviates(words, stems)),
            # a writer's name ("Nancy Atkinson", "Jeff Barr") rather than the site's
            float(2 <= len(words) <= 3 and words[0] in given_names()),
        ]
        out.append(Candidate(key, name, tuple(row), tuple(kinds)))
    return out


def load_outlet_model(path: str | Path | None = None) -> Logistic:
    """The outlet ranker (the packaged one unless ``path`` is given).

    Raises:
        ModelError: the file is missing, unreadable, or for other features.
    """
    if path is None:
        return _packaged()
    return read_model(path, OUTLET_RESOURCE, "outlet model", _ranker)


@lru_cache(maxsize=1)
def _packaged() -> Logistic:
    return read_model(None, OUTLET_RESOURCE, "outlet model", _ranker)


def _ranker(data: dict[str, Any]) -> Logistic:
    model = Logistic.from_json(data["model"])
    if model.names != OUTLET_FEATURES:
        raise ModelError("The outlet model's features do not match this saidwhat version; "
                         "retrain it with `saidwhat train outlet`.")
    return model


def rank_outlets(candidates: list[Candidate], model: Logistic) -> str | None:
    """The best-scoring candidate's name (ties: the longer key), or None. A name the page
    only prints once as a line of its own is no evidence alone unless it is shaped like a
    name (one word, or every word capitalised): a headline in sentence case is not.

    The byline's name is not left out: on the labelled pages that cost more personal blogs
    (whose writer is the outlet) than it fixed (3 dumps against 2)."""
    named = [c for c in candidates if c.kinds != ("line",) or len(c.name.split()) == 1 or
             all(w[:1].isupper() or w.lower() in _FUNCTION_END for w in c.name.split())]
    if not named:
        return None
    return max(named, key=lambda c: (model.logit(c.features), len(c.key))).name


def best_outlet(units: list[Unit], model: Logistic | None = None) -> str | None:
    """The best-supported outlet name on the page, normalised, or None."""
    return rank_outlets(outlet_candidates(units), model or load_outlet_model())
