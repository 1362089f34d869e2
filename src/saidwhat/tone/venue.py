"""Where a statement was made, when the text says so.

"Speaking in Brussels, the minister said ..." and "Lavrov told reporters in Moscow that
..." name the venue in the attribution's own sentence, outside the quoted content. When
the sentence names none, the article's dateline place (``Article.venue``) is used.
"""

from __future__ import annotations

import re

from ..models import Attribution, Parsed
from .index import PositionIndex

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "in Moscow", "in the Hague", "at the UN headquarters in Geneva": the place entity must
# follow "in"/"at" (optionally "the") directly, so "Moscow said ..." is a speaker, not a venue.
_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)


def find_venue(parsed: Parsed, att: Attribution, index: PositionIndex | None = None) -> str | None:
    """The place the text says the statement was made in, else the article's dateline venue.

    Args:
        parsed: the article with its entities and sentence ranges.
        att: one attribution of it.
        index: ``PositionIndex.of(parsed)`` when the caller has it (built here otherwise).

    Returns:
        The place name, or None when neither the sentence nor the dateline gives one.
    """
    if att.content:
        text = parsed.article.text
        index = index or PositionIndex.of(parsed)
        spans = list(att.content) + list(att.cue or ()) + list(att.source or ())
        lo, hi = index.sentence_extent(min(s for s, _ in spans), max(e for _, e in spans))
        for ent in index.entities_within(lo, hi):
            if ent.label not in PLACE_LABELS:
                continue
            if any(s <= ent.start < e for s, e in att.content):
                continue  # "sanctions on businesses in Crimea" is what was said, not where
            if _BEFORE.search(text[max(lo, ent.start - 12) : ent.start]):
                return re.sub(r"^(?:the|The)\s+", "", ent.text.strip())
    venue = parsed.article.venue
    # Datelines shout ("LORIN, Oct 3 (CWS) -"); quote the place the way the text names it.
    return venue.title() if venue and venue.isupper() else venue
