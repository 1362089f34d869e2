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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from ..config import Settings
from ..models import RawPage, content_hash
from .lines import WORD, Unit, UnitRecurrence, split_units
from .meta import detect_outlet
from .plain import is_article_text

__all__ = ["RecurrenceProfile", "build_profile", "normalise_line", "site_key", "UnitRecurrence"]

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_HOST = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@]*@)?(?:www\d*\.)?([^/:?#\s]+)")
# Long lines decide whether another page is a copy of this one (shared prose, not furniture).
_LONG_WORDS = 20
# A line is looked up on at most this many pages per site: enough to tell "recurs" from
# "recurs everywhere", and it bounds memory on sites with thousands of pages.
_MAX_PAGES_PER_LINE = 64


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

    Build it with :func:`build_profile`; it is immutable and holds only plain values, so
    it can be shipped to worker processes as it is.
    """

    lines: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict)
    pages: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def counts(self, site: str, text: str, units: list[Unit]) -> UnitRecurrence:
        """How often each unit of one page recurs on the other pages of its site.

        Args:
            site: the page's :func:`site_key`.
            text: the page's decoded text (identifies the page within the profile).
            units: the page's units (:func:`~saidwhat.clean.lines.split_units`).

        Returns:
            Per-unit counts of other pages; all zero when the site has no other page.
        """
        site_lines = self.lines.get(site)
        site_pages = self.pages.get(site, {})
        own = site_pages.get(content_hash(text), -1)
        others_total = len(site_pages) - (1 if own >= 0 else 0)
        if not site_lines or others_total <= 0:
            return UnitRecurrence((0,) * len(units), max(others_total, 0))
        keys = [normalise_line(u.text) for u in units]
        found = [site_lines.get(k, ()) for k in keys]
        copies = _copies(units, found, own)
        others = tuple(sum(1 for p in pages if p != own and p not in copies) for pages in found)
        return UnitRecurrence(others, others_total - len(copies))


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


def build_profile(pages: Iterable[RawPage], settings: Settings | None = None) -> RecurrenceProfile:
    """Read a corpus once and keep what recurs across the pages of each site.

    Args:
        pages: the raw pages of the run (HTML pages are passed over: trafilatura already
            strips their furniture; so is article text, e.g. a JSONL record's ``text``, see
            :func:`~.plain.is_article_text`: what recurs there is the story, not furniture).
            Identical texts count once.
        settings: run settings, for :func:`site_key` (``outlet``) and ``clean``.

    Returns:
        The profile to pass to :func:`saidwhat.clean.clean` for every page of the run.
    """
    seen: dict[str, dict[str, tuple[int, ...]]] = {}
    index: dict[str, dict[str, int]] = {}
    for page in pages:
        if page.format != "text" or is_article_text(page, settings):
            continue
        units = split_units(page.text)
        site = site_key(page, settings, units)
        site_index = index.setdefault(site, {})
        digest = content_hash(page.text)
        if digest in site_index:
            continue
        number = site_index[digest] = len(site_index)
        site_seen = seen.setdefault(site, {})
        for key in {normalise_line(u.text) for u in units}:
            if not key:
                continue
            had = site_seen.get(key, ())
            if len(had) < _MAX_PAGES_PER_LINE:
                site_seen[key] = had + (number,)
    # Plain dicts, not read-only proxies: the profile must pickle for worker processes.
    lines = {site: {k: v for k, v in site_seen.items() if len(v) >= 2} for site, site_seen in seen.items()}
    return RecurrenceProfile(lines, index)
