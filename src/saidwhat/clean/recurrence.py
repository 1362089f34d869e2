"""What recurs across the pages of one site in a corpus: menus, footers, promos, share bars.

A line that a site prints on several of its pages ("Sign up for the Morning Brief",
"© 2024 Harbour Gazette Ltd. All rights reserved.", "Most read") is furniture; the article
body is what is unique to each page. :func:`build_profile` reads a corpus once and keeps,
per site, the normalised lines that occur on at least two pages; :meth:`RecurrenceProfile.counts`
then tells the line classifier, for each unit of a page, on how many *other* pages of its
site that line occurs.

Two pages of one site that are copies of the same article (a page scraped twice, a story
republished with a new timestamp) share their prose, and that prose is body: when another
page shares at least half of this page's long lines, it is a copy and does not count.

A page alone (no profile, or no other page of its site) gets zeros everywhere, and the
line model then behaves exactly as without a profile.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from ..config import Settings
from ..models import RawPage, content_hash
from .meta import detect_outlet
from .plain import is_article_text
from .units import WORD, Unit, UnitRecurrence, split_units

__all__ = [
    "MAX_PAGES_PER_LINE", "PageLines", "PagesProfile", "RecurrenceProfile", "SiteProfile", "UnitRecurrence", "build_profile", "line_ids",
    "normalise_line", "page_id", "site_key",
]

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_HOST = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@]*@)?(?:www\d*\.)?([^/:?#\s]+)")
# Long lines decide whether another page is a copy of this one (shared prose, not furniture).
_LONG_WORDS = 20
# A line is looked up on at most this many pages per site: enough to tell "recurs" from
# "recurs everywhere", and it bounds memory on sites with thousands of pages.
MAX_PAGES_PER_LINE = 64
# (site, line) entries :func:`build_profile` holds at once (about 150 bytes each).
PROFILE_BUDGET = 500_000


def normalise_line(text: str) -> str:
    """The key a line is compared by: casefolded, digit runs collapsed, whitespace squeezed.

    "Updated 12:41 GMT, 3 March 2024" and "Updated 09:05 GMT, 14 March 2025" share a key.
    """
    return _SPACE.sub(" ", _DIGITS.sub("0", text.casefold())).strip()


def site_key(page: RawPage, settings: Settings | None = None, units: list[Unit] | None = None) -> str:
    """Which site a page belongs to: its URL host, else the outlet override or the record's
    outlet, else the outlet its own copyright or disclaimer line names, else its folder.

    Args:
        page: the raw page (``meta["url"]`` and ``meta["outlet"]`` are used when present).
        settings: run settings; ``settings.outlet`` names the site of pages without a URL.
        units: the page's units, when the caller has them (split here otherwise).

    Returns:
        e.g. ``"harbourgazette.example"``, ``"outlet:Harbour Gazette"``, ``"dir:/corpus/hg"``.
    """
    url = page.meta_value("url")
    if url:
        m = _HOST.match(url.strip())
        if m:
            return m.group(1).lower()
    outlet = (settings.outlet if settings is not None else "") or page.meta_value("outlet")
    if not outlet and page.format == "text":
        # A folder of dumps often mixes outlets; each page's footer says whose it is
        # ("© 2026 The Daily Clarion. Terms | Privacy").
        outlet = detect_outlet(units if units is not None else split_units(page.text))
    if outlet:
        return f"outlet:{outlet}"
    path = page.path.split("#", 1)[0]
    return f"dir:{PurePath(path).parent}"


@dataclass(frozen=True, slots=True)
class RecurrenceProfile:
    """Per site: the normalised lines found on two or more pages, and on which pages.

    Lines and pages are numbered by hash (:func:`line_id`, :func:`page_id`), so the profile
    holds no text. Build it with :func:`build_profile`; it is immutable and holds only
    plain values, so it can be shipped to worker processes as it is.

    Attributes:
        lines: per site, each recurring :func:`line_id` and the :func:`page_id` of the
            first ``MAX_PAGES_PER_LINE`` pages it is on.
        pages: per site, how many distinct pages the profile read.
    """

    lines: Mapping[str, Mapping[int, tuple[int, ...]]] = field(default_factory=dict)
    pages: Mapping[str, int] = field(default_factory=dict)

    def counts(self, site: str, text: str, units: list[Unit]) -> UnitRecurrence:
        """How often each unit of one page recurs on the other pages of its site.

        Args:
            site: the page's :func:`site_key`.
            text: the page's decoded text (identifies the page within the profile).
            units: the page's units (:func:`~saidwhat.clean.units.split_units`).

        Returns:
            Per-unit counts of other pages; all zero when the site has no other page.
        """
        site_lines = self.lines.get(site) or {}
        own = page_id(text)
        found = [site_lines.get(k, ()) for k in line_ids(units)] if site_lines else []
        # A page the profile read is on each of its recurring lines that is not full; one
        # it did not read (stdin) is on none. (With no such line, it reads as one it read.)
        read = all(own in pages for pages in found if 0 < len(pages) < MAX_PAGES_PER_LINE)
        others_total = self.pages.get(site, 0) - (1 if read else 0)
        if not site_lines or others_total <= 0:
            return UnitRecurrence((0,) * len(units), max(others_total, 0))
        return _unit_counts(units, found, own, others_total)


def _unit_counts(units: list[Unit], found: list[tuple[int, ...]], own: int, others_total: int) -> UnitRecurrence:
    """Per unit, the other (non-copy) pages in ``found`` (the pages each unit's line is on)."""
    copies = _copies(units, found, own)
    others = tuple(sum(1 for p in pages if p != own and p not in copies) for pages in found)
    return UnitRecurrence(others, others_total - len(copies))


def page_id(text: str) -> int:
    """A page's number in a distributed profile: 63 bits of its content hash."""
    return int(content_hash(text)[:16], 16) >> 1


def line_id(key: str) -> int:
    """A normalised line's number in a distributed profile: 63 bits of its hash."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def line_ids(units: list[Unit]) -> list[int]:
    """The :func:`line_id` of each unit (0 for a unit with no text)."""
    keys = [normalise_line(u.text) for u in units]
    return [line_id(k) if k else 0 for k in keys]


@dataclass(frozen=True, slots=True)
class PageLines:
    """What a distributed profile knows about one page (built by ``batch/``'s aggregation).

    Attributes:
        lines: for each of the page's lines that recurs on two or more pages of its site
            (by :func:`line_id`), the :func:`page_id` of up to ``MAX_PAGES_PER_LINE`` of them.
        site_pages: how many distinct pages its site has, this one included.
    """

    lines: Mapping[int, tuple[int, ...]]
    site_pages: int


@dataclass(frozen=True, slots=True)
class PagesProfile:
    """The part of a corpus-wide profile that a batch of pages needs, keyed by page.

    Where :class:`RecurrenceProfile` holds every recurring line of every site, this holds
    only the lines of the pages at hand, so its size follows the batch, not the corpus.
    It answers :meth:`counts` as :class:`RecurrenceProfile` would.
    """

    pages: Mapping[tuple[str, int], PageLines] = field(default_factory=dict)

    def counts(self, site: str, text: str, units: list[Unit]) -> UnitRecurrence:
        """How often each unit of one page recurs on the other pages of its site."""
        own = page_id(text)
        entry = self.pages.get((site, own))
        others_total = entry.site_pages - 1 if entry else 0
        if entry is None or not entry.lines or others_total <= 0:
            return UnitRecurrence((0,) * len(units), max(others_total, 0))
        return _unit_counts(units, [entry.lines.get(k, ()) for k in line_ids(units)], own, others_total)


def _copies(units: list[Unit], found: list[tuple[int, ...]], own: int) -> set[int]:
    """Other pages sharing at least half of this page's long lines (and two or more)."""
    long_units = [i for i, u in enumerate(units) if len(WORD.findall(u.text)) >= _LONG_WORDS]
    if not long_units:
        return set()
    shared: dict[int, int] = {}
    for i in long_units:
        for p in set(found[i]):
            if p != own:
                shared[p] = shared.get(p, 0) + 1
    need = max(2, (len(long_units) + 1) // 2)
    return {p for p, n in shared.items() if n >= need}


# What the clean stage accepts as a site profile: the whole corpus's, or a batch's share of it.
SiteProfile = RecurrenceProfile | PagesProfile


def profile_entry(page: RawPage, settings: Settings | None = None) -> tuple[str, int, set[int]] | None:
    """What the site profile counts of one page: its site, its page number and the ids of
    its lines; None for a page the profile passes over (HTML, whose furniture trafilatura
    strips, and article text, see :func:`~.plain.is_article_text`). The one rule of what is
    counted, for :func:`build_profile` here and the distributed profile on Spark."""
    if page.format != "text" or is_article_text(page, settings):
        return None
    units = split_units(page.text)
    return site_key(page, settings, units), page_id(page.text), {k for k in line_ids(units) if k}


def build_profile(
    pages: Iterable[RawPage], settings: Settings | None = None, budget: int = PROFILE_BUDGET
) -> RecurrenceProfile:
    """Read a corpus once and keep what recurs across the pages of each site.

    Memory is bounded whatever the corpus size: at most ``budget`` (site, line) entries
    are held while reading. When they fill up, the lines seen on one page only are
    dropped (a site's furniture is on most of its pages and is soon seen again), and if
    the recurring ones alone still fill half the budget, those on the fewest pages go too.

    Args:
        pages: the raw pages of the run (HTML pages are passed over: trafilatura already
            strips their furniture; so is article text, e.g. a JSONL record's ``text``, see
            :func:`~.plain.is_article_text`: what recurs there is the story, not furniture).
            Identical texts count once.
        settings: run settings, for :func:`site_key` (``outlet``) and ``clean``.
        budget: the most (site, line) entries held at once.

    Returns:
        The profile to pass to :func:`saidwhat.clean.clean` for every page of the run.
    """
    seen: dict[str, dict[int, tuple[int, ...]]] = {}
    totals: dict[str, int] = {}
    held = 0
    for page in pages:
        entry = profile_entry(page, settings)
        if entry is None:
            continue
        site, number, keys = entry
        site_seen = seen.setdefault(site, {})
        if any(number in site_seen.get(k, ()) for k in keys):
            continue  # an identical text already read
        totals[site] = totals.get(site, 0) + 1
        for key in keys:
            had = site_seen.get(key)
            if had is None:
                held += 1
                site_seen[key] = (number,)
            elif len(had) < MAX_PAGES_PER_LINE:
                site_seen[key] = had + (number,)
        if held > budget:
            held = _prune(seen, budget // 2)
    # Plain dicts, not read-only proxies: the profile must pickle for worker processes.
    lines = {site: {k: v for k, v in site_seen.items() if len(v) >= 2} for site, site_seen in seen.items()}
    return RecurrenceProfile(lines, totals)


def _prune(seen: dict[str, dict[int, tuple[int, ...]]], keep: int) -> int:
    """Drop lines seen once; then, past ``keep`` entries, those on the fewest pages."""
    for site, site_seen in seen.items():
        seen[site] = {k: v for k, v in site_seen.items() if len(v) >= 2}
    held = sum(len(v) for v in seen.values())
    if held > keep:
        counts = sorted((len(pages) for site_seen in seen.values() for pages in site_seen.values()), reverse=True)
        floor = counts[keep - 1] + 1 if keep > 0 else MAX_PAGES_PER_LINE + 1
        for site, site_seen in seen.items():
            seen[site] = {k: v for k, v in site_seen.items() if len(v) >= floor}
        held = sum(len(v) for v in seen.values())
    return held
