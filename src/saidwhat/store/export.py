"""Export the latest documents, quotes and speakers as Parquet, CSV, JSON Lines or brat standoff.

Tabular formats write three files (``documents``, ``quotes``, ``speakers``) through the one
tabular writer (``saidwhat.tabular``: CSV cells that look like formulas are defused, Parquet
columns are typed); spans are lists of ``[start, end]`` into the document's ``text``
(``*_spans``) and into the raw input (``*_input_spans``), JSON text in CSV cells. ``brat`` writes ``<id>.txt`` (the clean text) and ``<id>.ann``
per document with PolNeAR's labels (Source, Cue, Content, Attribution + an E line).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Ranges
from ..tabular import write_file
from .base import EXPORT_FORMATS, ArticleDetail

TABLES = ("documents", "quotes", "speakers")


def _spans(ranges: Ranges | None) -> list[list[int]] | None:
    return None if ranges is None else [[s, e] for s, e in ranges]


def _document_row(d: ArticleDetail) -> dict[str, Any]:
    return {
        "id": d.id, "doc_id": d.doc_id, "path": d.path, "version": d.version, "title": d.title,
        "published": d.published, "outlet": d.outlet, "author": d.author, "kind": d.kind, "url": d.url,
        "venue": d.venue, "content_hash": d.content_hash, "offsets": d.offsets, "text": d.text,
        "attributions": len(d.attributions),
    }


def _quote_rows(d: ArticleDetail) -> list[dict[str, Any]]:
    rows = []
    for a in d.attributions:
        rows.append({
            "id": a.id, "document_id": d.id, "doc_id": d.doc_id, "published": d.published, "outlet": d.outlet,
            "speaker_id": a.speaker_id, "speaker": a.speaker, "observed_speaker": a.observed_speaker,
            "speaker_type": a.speaker_type, "role": a.role, "kind": a.kind, "cue": a.cue_lemma,
            "content": a.content_text, "source_text": a.source_text, "cue_text": a.cue_text,
            "tone": a.tone, "polarity": a.polarity, "said_on": a.said_on, "said_on_basis": a.said_on_basis,
            "targets": [{"name": t.name, "type": t.type, "tone": t.tone, "polarity": t.polarity,
                         "probabilities": None if t.probabilities is None else list(t.probabilities)}
                        for t in a.targets],
            "content_spans": _spans(a.content), "source_spans": _spans(a.source), "cue_spans": _spans(a.cue),
            "content_input_spans": _spans(d.to_input(a.content)),
            "source_input_spans": _spans(d.to_input(a.source) if a.source else None),
            "cue_input_spans": _spans(d.to_input(a.cue) if a.cue else None),
        })
    return rows


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "doc"


def _brat(d: ArticleDetail, out: Path) -> list[str]:
    stem = out / f"{d.id}-{_safe(d.doc_id)}"
    lines: list[str] = []
    n = 0

    def mention(label: str, ranges: Ranges) -> str:
        nonlocal n
        n += 1
        where = ";".join(f"{s} {e}" for s, e in ranges)
        text = " ".join(d.text[s:e] for s, e in ranges).replace("\n", " ")
        lines.append(f"T{n}\t{label} {where}\t{text}")
        return f"T{n}"

    for i, a in enumerate(d.attributions, 1):
        parts = [f"Content:{mention('Content', a.content)}"] if a.content else []
        if a.source:
            parts.append(f"Source:{mention('Source', a.source)}")
        if a.cue:
            cue = mention("Cue", a.cue)
            parts.append(f"Cue:{cue}")
            head = mention("Attribution", a.cue)
        else:
            head = mention("Attribution", a.content)
        lines.append(f"E{i}\tAttribution:{head} " + " ".join(parts))
    Path(f"{stem}.txt").write_text(d.text, encoding="utf-8")
    Path(f"{stem}.ann").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return [f"{stem}.txt", f"{stem}.ann"]


def export(store: Any, fmt: str, out_dir: str) -> list[str]:
    """Write the store's latest documents to ``out_dir`` in ``fmt``; returns the files written.

    Raises:
        StoreError: unknown format, or ``out_dir`` cannot be created.
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"Unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create export folder {out_dir}: {exc.strerror or exc}.") from None
    if fmt == "brat":
        written: list[str] = []
        for d in store.iter_documents():
            written += _brat(d, out)
        return written
    documents: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    for d in store.iter_documents():
        documents.append(_document_row(d))
        quotes.extend(_quote_rows(d))
    speakers = []
    offset = 0
    while page := store.speakers(limit=1000, offset=offset):
        speakers += [
            {"id": s.id, "name": s.name, "type": s.type, "aliases": list(s.aliases), "roles": list(s.roles),
             "attributions": s.count}
            for s in page
        ]
        offset += len(page)
    columns = {
        "documents": ["id", "doc_id", "path", "version", "title", "published", "outlet", "author", "kind", "url",
                      "venue", "content_hash", "offsets", "text", "attributions"],
        "quotes": ["id", "document_id", "doc_id", "published", "outlet", "speaker_id", "speaker",
                   "observed_speaker", "speaker_type", "role", "kind", "cue", "content", "source_text",
                   "cue_text", "tone", "polarity", "said_on", "said_on_basis", "targets", "content_spans",
                   "source_spans", "cue_spans", "content_input_spans", "source_input_spans", "cue_input_spans"],
        "speakers": ["id", "name", "type", "aliases", "roles", "attributions"],
    }
    written = []
    for name, rows in (("documents", documents), ("quotes", quotes), ("speakers", speakers)):
        path = out / f"{name}.{fmt}"
        write_file(rows, fmt, path, columns[name])
        written.append(str(path))
    return written
