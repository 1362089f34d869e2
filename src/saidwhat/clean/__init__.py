"""Clean stage: RawPage -> Article (body paragraphs, headline, date, outlet, author, kind)."""

from __future__ import annotations

import hashlib

from ..config import Settings
from ..models import Article, RawPage, Segment, Skipped


def clean(page: RawPage, settings: Settings) -> Article | Skipped:
    """Turn one raw page into an article, or say why it cannot be.

    Args:
        page: the decoded input.
        settings: run settings (``outlet`` overrides detection).

    Returns:
        The cleaned article, or ``Skipped`` with the reason (empty body, binary...).
    """
    if not page.text.strip():
        return Skipped(page.doc_id, page.path, "clean", "empty document")
    # Interim rule until the line classifier lands: paragraphs of 8+ words.
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for block in page.text.split("\n\n"):
        stripped = block.strip()
        if len(stripped.split()) >= 8:
            paragraphs.append((pos + block.index(stripped), stripped))
        pos += len(block) + 2
    segments, parts, cursor = [], [], 0
    for start, para in paragraphs:
        segments.append(Segment(cursor, start, len(para)))
        parts.append(para)
        cursor += len(para) + 2
    text = "\n\n".join(parts)
    if not text:
        return Skipped(page.doc_id, page.path, "clean", "no article body found")
    return Article(
        doc_id=page.doc_id,
        path=page.path,
        text=text,
        title=page.meta_value("title"),
        published=page.meta_value("published"),
        outlet=settings.outlet or page.meta_value("outlet"),
        author=page.meta_value("author"),
        url=page.meta_value("url"),
        raw=page.text,
        offsets="input",
        segments=tuple(segments),
        content_hash=hashlib.sha256(page.text.encode("utf-8")).hexdigest(),
    )
