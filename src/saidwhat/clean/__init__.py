"""Clean stage: RawPage -> Article (body paragraphs, headline, date, outlet, author, kind).

A text dump takes four steps, one module each, and keeps exact offsets into the input:

1. split into units: :mod:`.units` (lines, or hard-wrapped paragraphs);
2. describe each unit: :mod:`.describe` (the line features), scored by the line model
   (:mod:`.model`);
3. choose the body and assign roles: :mod:`.textdump` (``select_body``) and :mod:`.roles`
   (headline, byline, dateline, caption, subhead, standfirst);
4. assemble body and metadata: :func:`.textdump.assemble`, :mod:`.page_meta`,
   :mod:`.outlet`.

HTML goes through trafilatura (:mod:`.html`). On a corpus, a
:class:`~.recurrence.RecurrenceProfile` built once over all pages (:func:`build_profile`)
tells the line model which lines recur across the pages of a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import cast

from ..config import Settings
from ..models import KINDS, Article, Kind, RawPage, Skipped, content_hash
from .html import clean_html
from .language import detect_language
from .meta import (OPINION_DISCLAIMER, iso_published, detect_author, detect_kind, detect_published,
                   detect_title, detect_venue)
from .model import load_model
from .outlet import best_outlet
from .page_meta import author_from_roles, date_from_roles, title_from_roles
from .plain import article_units, is_article_text
from .recurrence import PagesProfile, RecurrenceProfile, SiteProfile, build_profile, site_key
from .roles import RoleModel, Roles, assign_roles
from .textdump import assemble, same_text, select_body
from .units import RETRY_LINE, Unit, has_long_piece, split_units

__all__ = ["PagesProfile", "RecurrenceProfile", "SiteProfile", "build_profile", "clean"]

_KINDS = KINDS


def _kind(value: str | None, fallback: str) -> Kind:
    value = (value or "").strip().lower()
    return cast(Kind, value if value in _KINDS else fallback)


def clean(page: RawPage, settings: Settings, profile: SiteProfile | None = None) -> Article | Skipped:
    """Turn one raw page into an article, or say why it cannot be.

    Args:
        page: the decoded input.
        settings: run settings (``outlet`` overrides detection).
        profile: what recurs across the corpus's pages of each site (:func:`build_profile`
            over the whole run); None, or a site with no other page, cleans the page alone.

    Returns:
        The cleaned article, or ``Skipped`` with the reason (empty or boilerplate only).
    """
    if not page.text.strip():
        return Skipped(page.doc_id, page.path, "clean", "empty document")
    found = _clean_html(page, settings) if page.format == "html" else _clean_text(page, settings, profile)
    if isinstance(found, Article) and found.published:
        # The one place a publication date is normalised: every later stage, the store and
        # the shells read ISO 8601 (or None when no date can be read from what was given).
        found = replace(found, published=iso_published(found.published))
    return found


@dataclass(frozen=True)
class DumpBody:
    """Where a page dump's article is: its units, the body units, the lines' roles and
    the headline guessed before the roles (the step between describing lines and
    assembling the article)."""

    units: list[Unit]
    kept: list[int]
    roles: Roles
    guess: str | None
    rule_title: str | None  # the whole-page reader's headline, anchored on the body


def locate_body(page: RawPage, settings: Settings, profile: SiteProfile | None = None,
                role_model: RoleModel | None = None) -> DumpBody:
    """Split a page dump into units, score them, choose the body and assign line roles."""
    units, kept, guess = find_body(page, settings, profile)
    rule_title = detect_title(units, kept[0]) if kept else None
    roles = assign_roles(units, kept, role_model, rule_title)
    # The body's first lines, where the role regression is sure they are the byline or the
    # dateline ("16:05, Sat, Oct 9, 2021 | UPDATED: 17:20"), are not article text; the
    # headline may sit right under them, so the roles are read again from the real start.
    lead = 0
    while lead < len(kept) - 1 and roles.roles[kept[lead]] in ("byline", "dateline"):
        lead += 1
    if lead:
        kept = kept[lead:]
        rule_title = detect_title(units, kept[0])
        roles = assign_roles(units, kept, role_model, rule_title)
    return DumpBody(units, kept, roles, guess, rule_title)


def find_body(page: RawPage, settings: Settings,
              profile: SiteProfile | None = None) -> tuple[list[Unit], list[int], str | None]:
    """A page dump's units, the indices of its body units and the first headline guess."""
    units = split_units(page.text)
    kept, detected_title = _body_of(page, settings, profile, units)
    if not kept and has_long_piece(units):
        # nothing kept, and a line of 1,000-3,000 characters may hold the article: split again
        retry = split_units(page.text, RETRY_LINE)
        kept_again, title_again = _body_of(page, settings, profile, retry)
        if kept_again:
            return retry, kept_again, title_again
    return units, kept, detected_title


def _body_of(page: RawPage, settings: Settings, profile: SiteProfile | None,
             units: list[Unit]) -> tuple[list[int], str | None]:
    detected_title = detect_title(units)
    model = load_model()
    recurrence = profile.counts(site_key(page, settings, units), page.text, units) if profile else None
    probs = model.probabilities(units, detected_title, recurrence)
    kept = select_body(units, probs, model.threshold, detected_title, penalty=model.penalty,
                       recurring=recurrence.others if recurrence else None, extend=model.extend)
    return kept, detected_title


def _clean_text(page: RawPage, settings: Settings, profile: SiteProfile | None) -> Article | Skipped:
    if is_article_text(page, settings):
        units, kept = article_units(page)
        if not kept:
            return Skipped(page.doc_id, page.path, "clean", "no words in the article text")
        return _text_article(page, settings, units, kept, page.meta_value("title"))
    found = locate_body(page, settings, profile)
    units, kept = found.units, found.kept
    headline = title_from_roles(units, found.roles, found.rule_title) or found.guess
    if headline:
        kept = [i for i in kept if not same_text(units[i].text, headline)]
    if not kept:
        return Skipped(page.doc_id, page.path, "clean", "no article body found (boilerplate only)")
    return _text_article(page, settings, units, kept, page.meta_value("title") or headline, found.roles)


def _text_article(page: RawPage, settings: Settings, units: list[Unit], kept: list[int],
                  title: str | None, roles: Roles | None = None) -> Article | Skipped:
    """The article made of a text input's ``kept`` units, with the metadata the record gave
    or the page shows around the body."""
    text, segments = assemble(page.text, units, kept)
    if not re.search(r"\w", text):
        return Skipped(page.doc_id, page.path, "clean", "no article body found (boilerplate only)")
    body_start = kept[0]
    return Article(
        doc_id=page.doc_id,
        path=page.path,
        text=text,
        title=title,
        published=page.meta_value("published") or (
            date_from_roles(units, roles, body_start) if roles else detect_published(units, body_start)),
        outlet=settings.outlet or page.meta_value("outlet") or best_outlet(units) or _url_outlet(page),
        author=page.meta_value("author") or (
            author_from_roles(units, roles, body_start) if roles else detect_author(units, body_start)),
        kind=_kind(page.meta_value("kind"), detect_kind(units, body_start, title)),
        url=page.meta_value("url"),
        raw=page.text,
        offsets="input",
        segments=segments,
        content_hash=content_hash(page.text),
        venue=detect_venue(units[body_start].text),
        language=detect_language(text),
    )


def _url_outlet(page: RawPage) -> str | None:
    url = page.meta_value("url")
    if not url:
        return None
    m = re.match(r"(?i)^(?:https?://)?(?:www\.)?([^/:]+)", url)
    return m.group(1) if m else None


def _disclaimer_kind(text: str) -> str:
    return "opinion" if OPINION_DISCLAIMER.search(text) else "news"


def _clean_html(page: RawPage, settings: Settings) -> Article | Skipped:
    found = clean_html(page.text, settings.max_html_attributes, settings.max_nesting)
    if not re.search(r"\w", found.text):
        return Skipped(page.doc_id, page.path, "clean", "no article body found in the HTML")
    first = found.text.split("\n\n", 1)[0]
    return Article(
        doc_id=page.doc_id,
        path=page.path,
        text=found.text,
        title=page.meta_value("title") or found.title,
        published=page.meta_value("published") or found.published,
        outlet=settings.outlet or page.meta_value("outlet") or found.outlet or _url_outlet(page),
        author=page.meta_value("author") or found.author,
        kind=_kind(page.meta_value("kind"), found.kind or _disclaimer_kind(found.text)),
        url=page.meta_value("url") or found.url,
        raw=page.text,
        offsets="text",
        segments=(),
        content_hash=content_hash(page.text),
        venue=detect_venue(first),
        language=detect_language(found.text),
    )
