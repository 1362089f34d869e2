"""Metadata from text dumps: headline, dateline, byline, outlet, kind, venue."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .describe import BOILER, CREDIT, MONTHS, describe, is_dense
from .names import normalise_author, normalise_outlet
from .units import WORD, Unit


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def detect_title(units: list[Unit], anchor: int | None = None) -> str | None:
    """The headline: a title-shaped line just above the body, preferably one the page repeats.

    The seed page prints "Kerry in Moscow: Penny has dropped; ..." twice above the body;
    news sites also repeat it in the page title ("Opinion | X", "X - The New York Times").
    Lines inside menus ("Help / Closed Captioning Policy / ..."), bylines, datelines and
    furniture are passed over.

    Args:
        units: the page's units.
        anchor: index of the first body unit when known (else the first dense unit).
    """
    basics = describe(units)
    if anchor is None:
        anchor = next((i for i, b in enumerate(basics) if is_dense(b)), min(len(units), 30))
    if anchor <= 0:
        return None
    keys = [_key(u.text) for u in units]
    counts = Counter(keys)
    best: tuple[float, int] | None = None
    for i in range(max(0, anchor - 25), anchor):
        text = units[i].text.strip()
        n = int(basics[i]["n"])
        if not 2 <= n <= 30 or text.endswith(":") or ("|" in text and n < 6):
            continue
        if MONTHS.search(text) and n <= 10 or re.match(r"(?i)(by|updated|published|posted)\s", text):
            continue
        # not a byline ("Written By: Jason Shafrin"), a dateline ("Monday, 11.05.2012 / 1:23 PM
        # / NHL Network"), a row of links ("« Older post | Main | Newer post »") or a button
        # ("Remove this ad>")
        if (byline_name(text) or (n <= 10 and has_date(text)) or text.count("|") >= 2
                or text.startswith(("«", "<", "*")) or text.endswith((">", "»"))):
            continue
        score = 0.0
        if counts[keys[i]] > 1:
            score += 3.0
        elif any(k != keys[i] and keys[i] in k and len(k.split()) - n <= 8 for k in counts):
            score += 2.0
        if 5 <= n <= 20:
            score += 1.5
        elif n < 4:
            score -= 1.0
        if basics[i]["period"]:
            score -= 1.5
        if BOILER.search(text) or re.search(r"(?i)\b(policy|magazine|paper|podcast|notebook)\b", text):
            score -= 2.0
        if CREDIT.search(text):
            score -= 2.0  # a caption or its credit: "(Credit: Screenshot by Lance Whitney/CNET)"
        prev_n = len(WORD.findall(units[i - 1].text)) if i > 0 else 0
        next_n = len(WORD.findall(units[i + 1].text)) if i + 1 < len(units) else 0
        if n <= 4 and prev_n <= 3 and next_n <= 3 and counts[keys[i]] == 1:
            score -= 1.5  # a menu item
        follow = " ".join(u.text for u in units[i + 1 : i + 4])
        if re.search(r"(?i)(^|\s)by\s+[A-Z]", follow) or MONTHS.search(follow):
            score += 1.0  # headlines sit above the byline and dateline
        score -= 0.12 * (anchor - i)
        if best is None or score > best[0]:
            best = (score, i)
    if best is None or best[0] < 0:
        return None
    return units[best[1]].text.strip()


_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUM = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_TIME = (
    r"(?:\s*(?:at|,|-|–|—|\||@)?\s*(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?::(?P<ss>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<tz>GMT|UTC|BST|CET|CEST|MSK|[ECMP][SD]T|[+-]\d{2}:?\d{2}))?)?"
)
_DATE_PATTERNS = (
    # "25 Mar, 2016 16:12" (the seed's dateline), "19 November 2019"
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.I),
    # "Nov 19, 2019 at 9:08 GMT", "November 19th, 2019 at 8:40 AM"
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.I),
    # "2019-11-19T08:40:00+00:00", "2019-11-19 08:40"
    re.compile(
        r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
    ),
    # "Oct• 31•12" (a blog's dateline)
    re.compile(_MONTH + r"\s*[•·]\s*(?P<day>\d{1,2})\s*[•·]\s*(?P<year>\d{2})\b", re.I),
    # "11.05.2012 / 1:23 PM", "1/10/2008 4:09:14 PM", "11.12.12": month first unless the
    # first number cannot be a month ("15/01/2008")
    re.compile(r"(?<![\d.])(?P<month>\d{1,2})(?P<sep>[./])(?P<day>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2}|\d{2})(?![\d.])"
               + _TIME.replace("?P<hh>\\d", "?P<hh>\\d"), re.I),
)
_TZ = {"GMT": "+00:00", "UTC": "+00:00", "Z": "+00:00", "BST": "+01:00", "CET": "+01:00",
       "CEST": "+02:00", "MSK": "+03:00", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00",
       "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00"}


def _format_date(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    month = int(g["month"]) if g.get("month") else _MONTH_NUM[g["mon"][:3].lower()]
    if g.get("sep") and len(g["year"]) == 2 and min(len(g["month"]), len(g["day"])) < 2:
        return None  # "1.2.12" is a version number more often than a date
    day, year = int(g["day"]), int(g["year"])
    year += 2000 if year < 100 else 0
    if month > 12 and day <= 12:
        month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if g.get("hh") is None:
        return out
    hh, mm = int(g["hh"]), int(g["mm"])
    ampm = (g.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hh < 12:
        hh += 12
    elif ampm == "am" and hh == 12:
        hh = 0
    if hh > 23 or mm > 59:
        return out
    out += f"T{hh:02d}:{mm:02d}"
    if g.get("ss"):
        out += f":{g['ss']}"
    tz = g.get("tz")
    if tz:
        tz = _TZ.get(tz.upper(), tz)
        if re.fullmatch(r"[+-]\d{4}", tz):
            tz = tz[:3] + ":" + tz[3:]
        out += tz
    return out


_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}\b")


def has_date(text: str) -> bool:
    """Whether ``text`` holds a date in a common news format (patterns only: no dateparser,
    which is slow to ask about every candidate headline)."""
    return bool(_NUMERIC_DATE.search(text)) or any(p.search(text) for p in _DATE_PATTERNS)


def parse_date(text: str) -> str | None:
    """The first date (with its time, when given) in ``text``, as ISO 8601.

    Common news formats are read by pattern; anything else with a four-digit year goes
    to dateparser, restricted to English and Russian (the outlets we read) so that short
    words are not read as dates in some other language.
    """
    found = [(m.start(), m) for p in _DATE_PATTERNS for m in p.finditer(text)]
    for _, m in sorted(found, key=lambda x: x[0]):
        out = _format_date(m)
        if out and "T" not in out:
            # a time written before the date: "16:05, Sat, Oct 9, 2021"
            before = re.search(r"\b(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?\W{0,3}(?:\w{3,9}\W{1,3})?$",
                               text[max(0, m.start() - 20) : m.start()], re.I)
            if before:
                hh, mm = int(before.group(1)), int(before.group(2))
                ampm = (before.group(3) or "").replace(".", "").lower()
                hh += 12 if ampm == "pm" and hh < 12 else 0
                if hh < 24 and mm < 60:
                    out += f"T{hh:02d}:{mm:02d}"
        if out:
            return out
    if not re.search(r"\b(19|20)\d{2}\b", text) or len(text) > 80:
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en", "ru"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        return None
    has_time = re.search(r"\d{1,2}:\d{2}", text) is not None
    return parsed.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")


def iso_published(value: str) -> str | None:
    """A publication date as ISO 8601: kept when it is one already ("2016-03-25",
    "2016-03-25T14:00:00+00:00"), else read with :func:`parse_date` ("March 25, 2016"), else
    None (what cannot be read as a date is no date)."""
    text = value.strip()
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return parse_date(text)
    return text


def detect_published(units: list[Unit], body_start: int) -> str | None:
    """The dateline: the first date-bearing short line near the top, else any early date.

    Lines before the first body paragraph are tried first ("25 Mar, 2016 16:12",
    "Published Nov 18, 2019 at 4:07 PM | Updated ..."), then the first body lines.
    """
    # The lines right around the headline first: a blog's sidebar above it lists dated
    # archives ("ALA Annual 2009", "2012 (15)") that are no dateline.
    near = list(range(max(0, body_start - 8), min(body_start + 3, len(units))))
    found = _first_date(units, near)
    if found:
        return found
    found = _first_date(units, [i for i in range(0, min(body_start + 3, len(units))) if i not in near])
    if found:
        return found
    # A blog dates the post under it: "Posted by John Turri on Sunday, October 28, 2012 at 06:18 PM".
    signed = [i for i in range(body_start + 3, len(units)) if re.match(r"(?i)posted by\s+[A-Z]", units[i].text.strip())]
    return _first_date(units, signed[:1])


def _first_date(units: list[Unit], order: list[int]) -> str | None:
    """The first date a dateline-shaped line among ``order`` gives (four tries at most)."""
    tried = 0
    for i in order:
        text = units[i].text
        if len(text) > 200 or not re.search(r"\d", text):
            continue
        if not (MONTHS.search(text) or re.search(r"\b(19|20)\d{2}\b", text)):
            continue
        if re.search(r"(?i)©|copyright|all rights reserved", text):
            continue
        tried += 1
        out = parse_date(text)
        if out:
            return out
        if tried >= 4:
            break
    return None


_BYLINE = re.compile(
    r"(?:^|\s)(?:by|written by|author:|words by)(?::|\s*:)?\s+(?P<name>[^\n|•·,]{2,60}?)"
    r"(?:\s*(?:,|\||•|·|-|—|–|\bfor\b|\band\b(?=\s+\w+\s+\w+\s*$)|$)|\s+\d|\s+(?:on|at|updated)\b)",
    re.IGNORECASE,
)


def detect_author(units: list[Unit], body_start: int) -> str | None:
    """The byline's name without a job title: "By Jamelle Bouie" -> "Jamelle Bouie", "By Meg
    JamesStaff Writer" -> "Meg James" (:func:`~.names.normalise_author`)."""
    for u in units[: body_start + 2]:
        name = byline_name(u.text.strip())
        if name:
            return name
    # A blog signs the post under it: "Posted by John Turri on Sunday, October 28, 2012 at
    # 06:18 PM | Permalink" ("Posted by: Jo Weinberg | ..." signs a comment further down).
    for u in units[body_start + 2:]:
        text = u.text.strip()
        if re.match(r"(?i)posted by\s+[A-Z]", text):
            return byline_name(text)
    return None


def byline_name(text: str) -> str | None:
    """The name a byline line gives, or None when the line is no byline."""
    if len(text) > 120:
        return None
    m = _BYLINE.search(text)
    if not m:
        return None
    # "by" inside a sentence ("... by the committee") is not a byline; after a date or a
    # "Posted" it is ("November 9, 2012 by Cristi", "Posted on March 3 by Ellen Marsh").
    if (m.start() > 0 and not re.match(r"(?i)(posted|published|updated|written)\b", text)
            and not MONTHS.search(text[: m.start()])):
        return None
    name = normalise_author(m.group("name").strip(" ."))
    return name if name and 1 <= len(name.split()) <= 6 else None


COPYRIGHT = re.compile(
    # "© 2008, The Age", "Copyright © 2008. The Sydney Morning Herald."
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,.]?\s*(?P<name>[A-Z][\w&.' -]{1,50}?)"
    # the year may come after the name too: "© The Fenwick Standard 2023"
    r"(?:\s+\d{4}(?:\s*[-–]\s*\d{4})?)?(?:\s*(?:\.(?!\w)|,|\||all rights|ltd|inc|llc|plc)|\s+[-–]\s|\s*$)",
    re.IGNORECASE,
)
# A company form with the outlet's name in quotes: "© Autonomous Non-Profit Organization
# “Meridian Broadcast”, 2005–2025." (also OOO «…», LLC "…"): the quoted name is the brand.
QUOTED_NAME = re.compile(r"(?:©|\(c\)|copyright)[^“\"«]{0,80}?[“\"«](?P<name>[^”\"»]{2,50})[”\"»]", re.IGNORECASE)
# "The statements, views and opinions expressed in this column are solely those of the
# author and do not necessarily represent those of RT." names the outlet at the end.
DISCLAIMER_OUTLET = re.compile(
    r"(?:do not|don't|does not)\s+(?:necessarily\s+)?(?:represent|reflect)\s+(?:those|the views)\s+of\s+"
    r"(?P<name>[A-Z][\w&.' -]{0,40}?)[.]?\s*$"
)
OPINION_DISCLAIMER = re.compile(
    r"(?i)(views|opinions)(,| and| or)?( \w+)* expressed (in this (article|column|piece|op-ed|commentary) )?"
    r"are (solely |entirely )?(those of the author|the author'?s own|his own|her own|their own)|"
    r"(solely|entirely) those of the author"
)


def detect_outlet(units: list[Unit]) -> str | None:
    """The outlet named by a disclaimer or a copyright line (last lines first), without
    its owner's trimmings (:func:`~.names.normalise_outlet`)."""
    for u in reversed(units[-40:]):
        m = DISCLAIMER_OUTLET.search(u.text.strip())
        name = normalise_outlet(m.group("name")) if m else None
        if name:
            return name
    for u in reversed(units[-40:]):
        text = u.text.strip()
        if len(text) > 160:
            continue
        m = COPYRIGHT.search(text) or QUOTED_NAME.search(text)
        name = normalise_outlet(m.group("name")) if m else None
        if name and name.lower() not in {"the", "by"}:
            return name
    return None


_KIND_LABELS = {
    "opinion": "opinion", "op-ed": "opinion", "oped": "opinion", "comment": "opinion",
    "commentary": "opinion", "column": "opinion", "opinion columnist": "opinion",
    "editorial": "opinion", "op-ed contributor": "opinion", "guest column": "opinion",
    "analysis": "analysis", "news analysis": "analysis", "explainer": "analysis",
}


def detect_kind(units: list[Unit], body_start: int, title: str | None = None) -> str:
    """``opinion`` / ``analysis`` / ``news`` from section labels, columns and disclaimers.

    Evidence: a label line above the body ("Opinion", "Opinion Columnist", "Analysis"),
    a headline prefix ("Opinion | Republicans Are ..."), or an opinion disclaimer
    anywhere ("... are solely those of the author").
    """
    for u in units:
        if OPINION_DISCLAIMER.search(u.text):
            return "opinion"
    # Only labels right above the body count: a menu item "Op-ed" at the top of a news
    # page says nothing about this article.
    heads = []
    for i in range(max(0, body_start - 12), min(body_start + 1, len(units))):
        prev = WORD.findall(units[i - 1].text) if i > 0 else []
        nxt = WORD.findall(units[i + 1].text) if i + 1 < len(units) else []
        if 0 < len(prev) <= 2 and 0 < len(nxt) <= 2:
            continue  # inside a menu: "Business / Op-ed / Shows"
        heads.append(units[i].text)
    heads += [title] if title else []
    for text in heads:
        key = text.strip().lower().rstrip(":")
        if key in _KIND_LABELS:
            return _KIND_LABELS[key]
        prefix = re.match(r"^\s*(opinion|analysis|op-ed|comment)\s*[|:]", key)
        if prefix:
            return _KIND_LABELS[prefix.group(1)]
    return "news"


# "MOSCOW (Reuters) — ...", "WASHINGTON (AP) -- ...", "LONDON, Nov 19 (Reuters) - ..."
_VENUE = re.compile(
    r"^(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ.'\-]+(?: [A-ZА-ЯЁ][A-ZА-ЯЁ.'\-]+){0,3})(?:,\s*[A-Z][\w.]+(?: [\w.]+){0,3})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s"
)


def detect_venue(first_paragraph: str | None) -> str | None:
    """The dateline place at the start of the first body paragraph, if any."""
    if not first_paragraph:
        return None
    m = _VENUE.match(first_paragraph.strip())
    if not m:
        return None
    place = m.group("place").strip()
    return place if len(place) >= 3 else None
