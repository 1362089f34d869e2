"""When a statement was said: ``said_on`` from the time expressions tied to its cue.

News recalls old statements all the time ("Cruz said at the convention in July", "In a 2012
interview, she said"), so a statement's date is not always its article's. :func:`date_statement`
looks for time expressions in the cue's sentence outside the content (the content's own dates
are what it talks about, not when it was said), takes the one nearest the cue, and resolves it
against the publication date:

- weekdays ("said Friday", "on Sunday", "late Saturday", "in a Friday interview"): the most
  recent such day on or before publication, the next one on or after it when the cue is in the
  future tense ("will speak on Monday");
- days relative to publication ("yesterday", "this morning", "last night", "three days ago");
- months, with or without a day or year ("in May", "on June 3", "in late May", "last
  September", "June 10, 2009"): a month after publication's means the year before;
- periods ("earlier this month", "last month", "last week", "this year", "last year",
  "six months ago"), at the granularity they support;
- years ("in 2011", "in a 2012 interview", "a 2007 address"), but not "from 1983 to 1989",
  "the 2012 nominee" or a year inside someone's relative clause;
- numeric dates ("[10/29/13]" after an excerpt, "10/29/2013");
- "the next morning", "the following day": the day after the date the previous sentences gave
  (the same month or year when they gave only that); "at the time", "said then", "that day":
  the latest time the three sentences before gave.

Tense is evidence: a present-tense or present-perfect cue ("says", "has said") with only a
vague current period ("this week", "this year") is dated by publication. When nothing dates
the statement, it is dated by publication (``basis = "published"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..models import Ranges

Basis = Literal["text", "published"]


@dataclass(frozen=True, slots=True)
class SaidOn:
    """When a statement was said: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and on what basis."""

    said_on: str
    basis: Basis


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
               r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)")
_PERIOD_WORDS = r"(?:morning|afternoon|evening|night)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")),
    ("month", re.compile(
        r"(?:\b(?P<pre>[Ee]arly|[Mm]id|[Ll]ate|[Ll]ast|[Tt]his|[Ii]n|[Oo]n|[Ss]ince|[Uu]ntil|[Bb]y|[Tt]hrough|[Ff]rom|[Oo]f)[\s-]+)?"
        rf"\b(?P<month>{_MONTH_NAME})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("weekday", re.compile(
        r"(?:\b(?P<pre>[Ll]ast|[Tt]his|[Nn]ext|[Ss]ince|[Uu]ntil|[Bb]y)\s+)?"
        r"\b(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("relday", re.compile(
        r"\b(?P<word>yesterday|today|tonight|(?:this|last)\s+" + _PERIOD_WORDS + r"|earlier\s+today)\b", re.I)),
    ("ago", re.compile(
        r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("period", re.compile(
        r"\b(?P<when>(?:earlier|later)\s+this|this|last|past)\s+(?P<unit>week|month|year)\b", re.I)),
    ("following", re.compile(
        r"\b(?:the\s+)?(?:next|following)\s+(?:day|morning|afternoon|evening|night)\b", re.I)),
    ("year", re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")),
)
# Prepositions that make a date a bound of a span rather than a moment: "since May".
_BOUNDS = {"since", "until", "by", "through", "from"}
# "in a 2012 interview", "a 2007 address": a year that dates a speech act or a document.
_SPEECH_NOUN = re.compile(
    r"\s+(?:[A-Z][\w.'-]*\s+){0,3}(?:interview|speech|address|remarks?|e-?mail|memo|letter|cable|op-ed|statement"
    r"|report|book|memoir|article|playbook|message|debate|hearing|tweet|post|column|study|survey|poll"
    r"|video|ad|book|testimony|deposition|conversation|broadcast|profile|story)\b", re.I)
# Not when it was said: "the 2012 nominee", "the 2016 race", "a 1999 premiere".
_NOT_A_MOMENT = re.compile(
    r"\s+(?:presidential|election|elections|nominee|race|campaign|cycle|primary|primaries|field|season|fiscal|Olympics"
    r"|Republican|Democratic|GOP|class|budget|law|act|bill|model)\b", re.I)
_RELATIVE = re.compile(r"\b(?:who|which|whose)\b")
_FUTURE = re.compile(r"\b(?:will|'ll|is\s+(?:set|expected|scheduled|due)\s+to|are\s+(?:set|expected|scheduled|due)\s+to"
                     r"|plans?\s+to|is\s+to)\b", re.I)
_PRESENT = re.compile(r"(?:\b(?:says|say|tells|tell|argues|believes|thinks|insists|is|are|has|have|isn't|aren't|doesn't"
                      r"|don't|recently)\b|['’]s\b)", re.I)
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|No|vs|Jan|Feb|Mar|Apr"
                     r"|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|U\.N|[A-Z])\.)$")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    vague: bool = False  # "this week", "this year": the present as much as a moment


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence ranges of ``text``: breaks after ``.!?`` (and a closing quote) before a
    capital or an opening quote, and at line breaks; "Mr." and initials do not end one."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"(?<=[.!?”\"'])\s+(?=[“\"'A-Z\[(])|\n+", text):
        if m.group().strip() == "" and "\n" not in m.group() and _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _resolve(kind: str, m: re.Match[str], pub: date | None, future: bool) -> _Found | None:
    """One time expression as a date value, or None when it does not date a moment."""
    if kind == "numeric":
        month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            return _Found(m.start(), m.end(), date(year, month, day).isoformat())
        except ValueError:
            return None
    pre = (m.groupdict().get("pre") or "").lower()
    if pre in _BOUNDS:
        return None
    if kind == "month":
        month = _MONTHS[m.group("month").lower().rstrip(".")]
        if m.group("month") == "May" and not (pre or m.group("day") or m.group("year")):
            return None  # "Theresa May", "May I": the month needs a preposition, a day or a year
        if m.group("year"):
            year = int(m.group("year"))
        elif pub is None:
            return None
        elif future:
            year = pub.year if month >= pub.month else pub.year + 1
        else:
            year = pub.year if month <= pub.month and pre != "last" else pub.year - 1
            if pre == "last" and month < pub.month:
                year = pub.year
        if m.group("day") and 1 <= int(m.group("day")) <= 31:
            try:
                return _Found(m.start(), m.end(), date(year, month, int(m.group("day"))).isoformat())
            except ValueError:
                return None
        return _Found(m.start(), m.end(), _month_value(year, month))
    if kind == "year":
        return _Found(m.start(), m.end(), m.group("year"))
    if pub is None:
        return None
    if kind == "weekday":
        wanted = _WEEKDAYS.index(m.group("day").lower())
        if future or pre == "next":
            when = pub + timedelta(days=(wanted - pub.weekday()) % 7 or (7 if pre == "next" else 0))
        else:
            when = pub - timedelta(days=(pub.weekday() - wanted) % 7)
            if pre == "last" and when == pub:
                when -= timedelta(days=7)
        return _Found(m.start(), m.end(), when.isoformat())
    if kind == "relday":
        word = " ".join(m.group("word").lower().split())
        back = 1 if word in ("yesterday", "last night") else 0
        return _Found(m.start(), m.end(), (pub - timedelta(days=back)).isoformat())
    if kind == "ago":
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = m.group("unit").lower()
        if unit == "day":
            return _Found(m.start(), m.end(), (pub - timedelta(days=n)).isoformat())
        if unit == "week":
            return _Found(m.start(), m.end(), (pub - timedelta(days=7 * n)).isoformat()[:7])
        if unit == "month":
            return _Found(m.start(), m.end(), _month_value(*_shift_month(pub, -n)))
        return _Found(m.start(), m.end(), f"{pub.year - n:04d}")
    if kind == "period":
        when = " ".join(m.group("when").lower().split())
        unit = m.group("unit").lower()
        last = when in ("last", "past")
        if unit == "week":
            day = pub - timedelta(days=7) if last else pub
            return _Found(m.start(), m.end(), day.isoformat()[:7], vague=not last)
        if unit == "month":
            return _Found(m.start(), m.end(), _month_value(*_shift_month(pub, -1 if last else 0)), vague=not last)
        return _Found(m.start(), m.end(), f"{pub.year - (1 if last else 0):04d}", vague=not last)
    return None


def _is_moment(kind: str, m: re.Match[str], text: str) -> bool:
    """Whether a year dates the statement ("in 2011", "a 2012 interview"), not a span or a thing."""
    if kind != "year":
        return True
    before = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 40]
    if re.search(r"\b(?:from|since|until|through|between|by|to|and|of|before|after)\s+$", before) or after.startswith("s"):
        return False
    if _NOT_A_MOMENT.match(after):
        return False
    return bool(re.search(r"\bin\s+$", before)) or bool(_SPEECH_NOUN.match(after))


# A time the statement was made for, not at: "priorities for the January talks", "ahead of
# Saturday's vote", "until May", "next April's elections".
_NOT_AT = re.compile(r"\b(?:for|before|ahead\s+of|until|till|next)\s+(?:the\s+|a\s+|this\s+|next\s+)?$", re.I)


def _expressions(text: str, lo: int, hi: int, pub: date | None, future: bool) -> list[_Found]:
    """Every time expression in ``text[lo:hi]``, resolved; overlapping matches keep the first family's."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if kind == "following":
            continue
        for m in pattern.finditer(text, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in taken) or not _is_moment(kind, m, text):
                continue
            if kind != "weekday" and _NOT_AT.search(text[max(0, m.start() - 20) : m.start()]):
                taken.append((m.start(), m.end()))
                continue
            item = _resolve(kind, m, pub, future)
            taken.append((m.start(), m.end()))
            if item:
                found.append(item)
    return found


def _clause_regions(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Relative clauses of a sentence: from "who"/"which"/"whose" to the next comma or dash."""
    out = []
    for m in _RELATIVE.finditer(text, *sentence):
        close = re.search(r",|—|–|--", text[m.end() : sentence[1]])
        out.append((m.start(), m.end() + close.start() if close else sentence[1]))
    return out


def _in_other_clause(regions: list[tuple[int, int]], item: _Found, cue: tuple[int, int]) -> bool:
    """An expression and a cue on different sides of a relative clause's edge: "Lopez-Cantera,
    who became lieutenant governor in 2014, said ..." (the year dates the clause), or "Trump,
    who has hit Clinton for ..., released a video on Monday" (the day dates the video)."""
    for lo, hi in regions:
        if (lo <= item.start < hi) != (lo <= cue[0] < hi):
            return True
    return False


def _outside(ranges: Ranges, lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of ``[lo, hi)`` not covered by ``ranges``."""
    parts, pos = [], lo
    for s, e in sorted(ranges):
        if e <= pos or s >= hi:
            continue
        if s > pos:
            parts.append((pos, s))
        pos = max(pos, e)
    if pos < hi:
        parts.append((pos, hi))
    return parts


def _bracket_date(text: str, content: Ranges, pub: date | None) -> _Found | None:
    """A date in brackets right after an excerpt: '"... the deal," [10/29/13]'."""
    end = max(e for _, e in content)
    m = re.match(r"[\s\"”’'.,]*[\[(]([^\])]{4,20})[\])]", text[end : end + 30])
    if not m:
        return None
    inner = text[end + m.start(1) : end + m.end(1)]
    for kind, pattern in _PATTERNS[:2]:
        hit = pattern.fullmatch(inner.strip())
        if hit:
            return _resolve(kind, hit, pub, False)
    return None


# Times that point back to one the text gave before: "Cruz said at the time", "the senator
# said then", "that day".
_ANAPHOR = re.compile(r"\b(?:at\s+the\s+time|that\s+day|the\s+same\s+day|on\s+that\s+occasion)\b(?!\s+(?:that|as|when|of)\b)"
                      r"|(?<=\bsaid\s)then\b|(?<=\bwrote\s)then\b", re.I)
LOOK_BACK = 3  # sentences an anaphoric time looks back through


def _anaphoric(text: str, sentences: Sequence[tuple[int, int]], k: int, outside: list[tuple[int, int]],
               pub: date | None, depth: int = 2) -> _Found | None:
    """ "the next morning", "at the time": resolved against the latest time the sentences before
    gave, through up to ``depth`` earlier anaphors. "The following morning" after "at the
    convention in July" is July; after "on Thursday" it is Friday."""
    hits = [(m, True) for lo, hi in outside for m in _PATTERNS[6][1].finditer(text, lo, hi)]
    hits += [(m, False) for lo, hi in outside for m in _ANAPHOR.finditer(text, lo, hi)]
    if not hits:
        return None
    m, following = hits[0]
    for j in range(k, max(-1, k - LOOK_BACK - 1), -1):
        s, e = sentences[j]
        found = _expressions(text, s, min(e, m.start()) if j == k else e, pub, False)
        if not found and j < k and depth > 0:
            # A chain: "in July" ... "the following morning" ... "said at the time".
            earlier = _anaphoric(text, sentences, j, [(s, e)], pub, depth - 1)
            found = [earlier] if earlier else []
        if found:
            value = found[-1].value
            if following and len(value) == 10:
                value = (date.fromisoformat(value) + timedelta(days=1)).isoformat()
            return _Found(m.start(), m.end(), value)
    return None


_REASON = re.compile(r"\b(?:because|although|though|whereas|while)\b", re.I)


def _is_infinitive(text: str, content: Ranges) -> bool:
    """Whether the content is an infinitive phrase ("to endorse Trump"), part of the act itself."""
    return bool(content) and text[content[0][0] : content[0][0] + 3].lower() == "to "


def _tense(text: str, sentence: tuple[int, int], cue: tuple[int, int]) -> tuple[bool, bool]:
    """(future, present) from the cue and the words just before it."""
    before = text[max(sentence[0], cue[0] - 40) : cue[0]]
    # Only the cue's own clause: "elections will be unfair, Reiner said" is not future.
    before = re.split(r"[,;:—–]", before)[-1]
    cue_text = text[cue[0] : cue[1]]
    future = bool(_FUTURE.search(before + " " + cue_text))
    present = bool(_PRESENT.match(cue_text.strip())) or bool(re.search(r"\b(?:has|have)\s+(?:\w+\s+)?$", before))
    return future, present


def parse_published(published: str | None) -> date | None:
    """The calendar date of an ISO ``published`` value, or None."""
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


RECALLED_DAYS = 30


def period_end(said_on: str) -> date:
    """The last day of a ``said_on`` period: itself, its month's last day, or 31 December."""
    if said_on.count("-") == 2:
        return date.fromisoformat(said_on)
    if said_on.count("-") == 1:
        year, month = (int(x) for x in said_on.split("-"))
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(int(said_on), 12, 31)


def recalled(said_on: str | None, published: str | None, days: int = RECALLED_DAYS) -> bool:
    """Whether a statement was said long before its article: its whole period ends at least
    ``days`` days before publication ("in a 2012 interview" in a 2016 article; not "in July"
    in an article of 1 August)."""
    pub = parse_published(published)
    if not said_on or pub is None:
        return False
    try:
        return (pub - period_end(said_on)).days >= days
    except ValueError:
        return False


def date_statement(
    text: str, cue: Ranges | None, content: Ranges, published: str | None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> SaidOn | None:
    """When a statement was said, from the time expressions tied to its cue.

    Args:
        text: the article text the ranges index.
        cue: the cue's ranges (None: the content's start stands for it).
        content: the content's ranges (their own time expressions are ignored).
        published: the article's ISO publication date or datetime, or None.
        sentences: sentence ranges of ``text``; None splits it here.

    Returns:
        ``SaidOn(value, "text")`` when the text dates the statement, else the publication
        date with ``"published"``; None when there is neither.
    """
    pub = parse_published(published)
    fallback = SaidOn(pub.isoformat(), "published") if pub else None
    anchor_ranges = cue or content
    if not anchor_ranges:
        return fallback
    sents = list(sentences) if sentences else sentences_of(text)
    anchor = (anchor_ranges[0][0], anchor_ranges[-1][1])
    k = next((i for i, (s, e) in enumerate(sents) if s <= anchor[0] < e), None)
    if k is None:
        return fallback
    sentence = sents[k]
    future, present = _tense(text, sentence, anchor)
    candidates: list[_Found] = []
    # The content's own times are what it talks about ("said the bridge would reopen on
    # Friday"), except in an act's infinitive ("refused to endorse Trump ... in July").
    outside = _outside(() if _is_infinitive(text, content) else content, *sentence)
    for lo, hi in outside:
        candidates += _expressions(text, lo, hi, pub, future)
    regions = _clause_regions(text, sentence)
    candidates = [c for c in candidates if not _in_other_clause(regions, c, anchor)]
    if content and not _is_infinitive(text, content) and anchor[1] <= content[0][0]:
        # Past a content that follows its cue the words are the content's reasons, not the
        # statement's time: "charged that Clinton hid the documents because they contradicted
        # her pledge in 2009".
        end = content[-1][1]
        candidates = [c for c in candidates if c.start < end or not _REASON.search(text, end, c.start)]
    anaphoric = _anaphoric(text, sents, k, outside, pub)
    if anaphoric:
        candidates.append(anaphoric)
    if content:
        bracket = _bracket_date(text, content, pub)
        if bracket:
            return SaidOn(bracket.value, "text")
    if not candidates:
        return fallback

    def distance(c: _Found) -> int:
        return max(c.start - anchor[1], anchor[0] - c.end, 0)

    best = min(candidates, key=distance)
    if present and not future:
        # "experts say it is worth ..." next to "in 2011", "has vowed to" next to "Wednesday":
        # a present or present-perfect cue is not dated by a past moment in its sentence.
        return fallback
    return SaidOn(best.value, "text")


__all__ = ["SaidOn", "date_statement", "sentences_of", "parse_published", "recalled", "period_end"]
