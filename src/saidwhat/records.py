"""Results -> the JSON records of the ``extract`` contract (and back, for tests and tools)."""

from __future__ import annotations

from typing import Any

from .models import Parsed, Ranges, Skipped


def _ranges(article_ranges: Ranges | None, parsed: Parsed) -> list[list[int]] | None:
    if article_ranges is None:
        return None
    return [[s, e] for s, e in parsed.article.to_input(article_ranges)]


def _joined(text: str, ranges: Ranges | None) -> str | None:
    """The text of a (possibly discontinuous) span, pieces joined by " … "."""
    if ranges is None:
        return None
    return " … ".join(text[s:e] for s, e in ranges)


def to_record(result: Parsed | Skipped) -> dict[str, Any]:
    """The ``extract`` contract record for one result.

    Spans index the decoded input (``"offsets": "input"``) for text inputs and the clean
    ``text`` for HTML inputs (``"offsets": "text"``).
    """
    if isinstance(result, Skipped):
        return {
            "doc": result.doc_id, "path": result.path, "title": None, "published": None,
            "outlet": None, "author": None, "kind": "other", "text": "", "offsets": "text",
            "attributions": [], "skipped": f"{result.stage}: {result.reason}",
        }
    a = result.article
    atts = []
    for att in result.attributions:
        atts.append({
            "content_text": _joined(a.text, att.content),
            "cue_text": _joined(a.text, att.cue),
            "source": _ranges(att.source, result),
            "cue": _ranges(att.cue, result),
            "content": _ranges(att.content, result) or [],
            "speaker": att.speaker,
            "speaker_type": att.speaker_type,
            "kind": att.kind,
            "tone": None if att.tone is None else round(float(att.tone), 4),
            "cue_lemma": att.cue_lemma,
            "confidence": round(float(att.confidence), 4),
            "source_text": att.source_text,
            "role": att.role,
            "polarity": att.polarity,
            "venue": att.venue,
            "said_on": att.said_on,
            "said_on_basis": att.said_on_basis,
            "targets": [
                {"name": t.name, "type": t.type, "tone": round(t.tone, 4), "polarity": t.polarity,
                 "probabilities": None if t.probabilities is None else list(t.probabilities)}
                for t in att.targets
            ],
        })
    return {
        "doc": a.doc_id, "path": a.path, "title": a.title, "published": a.published,
        "outlet": a.outlet, "author": a.author, "kind": a.kind, "text": a.text,
        "offsets": a.offsets, "url": a.url, "venue": a.venue, "language": a.language,
        "attributions": atts, "skipped": None,
    }
