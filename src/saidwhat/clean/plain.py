"""Inputs that are article text already: every paragraph is kept.

A JSONL or CSV corpus record's ``text``/``body``/``content`` field is the article as its
publisher or a scraper extracted it, with no menus or footers left to remove. The line
model and the cross-page profile are for page dumps: run over clean records they cut what
they take for furniture, e.g. a sentence that two records of one outlet share (an updated
story, the same wire copy: "The ministry said talks would resume on Monday.") or a record
of one sentence ("boilerplate only"). The ``clean`` setting says which inputs are which:
``auto`` (records are article text, files are dumps), ``dump`` (all are dumps) or ``none``
(all are article text).
"""

from __future__ import annotations

import re

from ..config import Settings
from ..models import RawPage
from .textdump import same_text
from .units import Unit, split_units


def is_article_text(page: RawPage, settings: Settings | None) -> bool:
    """Whether a text input is taken as article text (kept whole) rather than a page dump.

    Args:
        page: the raw input; ``page.record`` marks a JSONL/CSV record's text field.
        settings: run settings (``clean``: auto, dump or none); None means ``auto``.
    """
    if page.format != "text":
        return False
    mode = settings.clean if settings is not None else "auto"
    return mode == "none" or (mode == "auto" and page.record)


def article_units(page: RawPage) -> tuple[list[Unit], list[int]]:
    """The page's units and the indices of those that form the body: every unit with a word
    in it, except a first line that repeats the record's own ``title`` (a headline is not a
    paragraph; the article keeps it as its title).
    """
    units = split_units(page.text)
    kept = [i for i, u in enumerate(units) if re.search(r"\w", u.text)]
    title = page.meta_value("title")
    if title and len(kept) > 1 and same_text(units[kept[0]].text, title):
        kept = kept[1:]
    return units, kept
