"""The REST API under /api/: JSON reads for everyone, uploads only with the token.

Lists answer ``{"ok": true, "items": [...], "limit", "offset", "next_offset"}`` (or a CSV /
JSONL download with ``format=csv|jsonl``); errors answer ``{"ok": false, "error", "status"}``.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from .. import service
from ..service.shifts import SHIFT_COLUMNS
from ..service.timeline import BUCKETS
from ..store import SUGGEST_FIELDS
from .errors import HTTPError
from .security import require_token
from .deps import (
    ARTICLE_KINDS, DOWNLOAD_CAP, check_choice, check_date, clean_filter, corpus_shifts,
    find_speaker, quote_query, settings_of, shift_dict, speaker_series, statement_href, store_of,
)
from .export import download, plain

class ErrorBody(BaseModel):
    """The one error shape of the API."""

    ok: bool = False
    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "Bad filter or search"), (404, "Not found"), (413, "Request too large"), (422, "Invalid parameter"))
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".csv", ".warc", ".warc.gz")
_ingest_lock = threading.Lock()  # one upload is ingested at a time


def page(items: list[Any], limit: int, offset: int, has_more: bool, **extra: Any) -> dict[str, Any]:
    return {
        "ok": True, "items": [plain(i) for i in items], "limit": limit, "offset": offset,
        "next_offset": offset + limit if has_more else None, **extra,
    }


@router.get("/stats", summary="Corpus counts and date range")
def stats(request: Request) -> dict[str, Any]:
    return {"ok": True, **request.app.state.cache.stats(store_of(request))}


@router.get("/articles", summary="Articles, newest first (paginated)")
def articles(
    request: Request,
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    outlet: str | None = None, since: str | None = None, until: str | None = None,
    kind: str | None = Query(None, description="article kind: news, opinion, analysis, other"),
    format: str | None = Query(None, description="csv or jsonl to download the list"),
) -> Any:
    filters: dict[str, Any] = dict(
        outlet=clean_filter(outlet), since=check_date(since, "since"), until=check_date(until, "until"),
        kind=check_choice(kind, "kind", ARTICLE_KINDS),
    )
    store = store_of(request)
    if format:
        return download(store.articles(limit=DOWNLOAD_CAP, offset=offset, **filters), format, "articles")
    rows = store.articles(limit=limit + 1, offset=offset, **filters)
    return page(rows[:limit], limit, offset, len(rows) > limit)


@router.get("/articles/{doc_pk}", summary="One article with its text and attributions")
def article(request: Request, doc_pk: int, raw: bool = Query(False, description="include the raw input")) -> dict[str, Any]:
    detail = store_of(request).article(doc_pk)
    if detail is None:
        raise HTTPError(404, f"No article with id {doc_pk}.")
    data = plain(detail)
    data.pop("segments", None)
    if not raw:
        data.pop("raw", None)
    mapped = detail.offsets == "input" and bool(detail.segments)
    for att, row in zip(detail.attributions, data["attributions"]):
        row["input_spans"] = {
            role: [list(r) for r in detail.to_input(getattr(att, role) or ())] if mapped else None
            for role in ("source", "cue", "content")
        }
    return {"ok": True, **data}


@router.get("/quotes", summary="Attributed quotes with filters (paginated)")
def quotes(
    request: Request,
    q: str | None = Query(None, description="full-text search in the quote"),
    search: str | None = Query(None, description="the same as q (the name `saidwhat quotes --search` and Corpus use)"),
    speaker: str | None = Query(None, description="speaker id, name or alias"),
    topic: str | None = Query(None, description="target/topic name"),
    about: str | None = Query(None, description="the same filter as topic (the name `saidwhat --about` and Corpus use)"),
    outlet: str | None = None, since: str | None = None, until: str | None = None,
    kind: str | None = Query(None, description="direct, indirect or mixed"),
    sort: str | None = Query(None, description="relevance (default: best match first, whole statements before "
                                               "fragments; newest first without a search), newest or oldest"),
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    count: bool = Query(False, description="also return the total number of matches"),
    facets: bool = Query(False, description="also return the total and facet counts (speaker, outlet, topic, kind)"),
    format: str | None = Query(None, description="csv or jsonl to download the list"),
) -> Any:
    query = quote_query(search or q, speaker, about or topic, outlet, since, until, kind, sort, limit, offset)
    store = store_of(request)
    if format:
        return download(store.quotes(replace(query, limit=DOWNLOAD_CAP)), format, "quotes")
    if facets:
        found = service.search_quotes(store, query)
        return page(list(found.rows), limit, offset, found.has_more, **found.to_dict())
    rows = service.quotes(store, replace(query, limit=limit + 1))
    extra = {"total": store.count_quotes(query)} if count else {}
    return page(rows[:limit], limit, offset, len(rows) > limit, **extra)


@router.get("/suggest", summary="Names for a filter box: speakers, outlets or topics starting with / containing q")
def suggest(
    request: Request,
    field: str = Query(..., description="speaker, outlet or topic"),
    q: str = Query("", max_length=200, description="what was typed so far"),
    limit: int = Query(10, ge=1, le=50),
) -> dict[str, Any]:
    found = service.suggest(store_of(request), check_choice(field, "field", SUGGEST_FIELDS) or "", q, limit)
    return {"ok": True, "field": field, "q": q, "items": [{"value": c.value, "count": c.count} for c in found]}


@router.get("/speakers", summary="Canonical speakers, most quoted first (paginated)")
def speakers(
    request: Request, q: str | None = Query(None, description="match names and aliases"),
    search: str | None = Query(None, description="the same as q (the name `saidwhat speakers --search` and Corpus use)"),
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    format: str | None = Query(None, description="csv or jsonl to download the list"),
) -> Any:
    store, match = store_of(request), clean_filter(search or q)
    if format:
        return download(store.speakers(limit=DOWNLOAD_CAP, offset=offset, search=match), format, "speakers")
    rows = store.speakers(limit=limit + 1, offset=offset, search=match)
    return page(rows[:limit], limit, offset, len(rows) > limit)


@router.get("/speakers/{key}", summary="One speaker by id, name or alias")
def speaker(request: Request, key: str) -> dict[str, Any]:
    return {"ok": True, **plain(find_speaker(store_of(request), key))}


@router.get("/speakers/{key}/timeline", summary="A speaker's tone over time per topic, with shifts")
def timeline(
    request: Request, key: str, topic: str | None = Query(None, description="one topic; '*' is overall tone"),
    about: str | None = Query(None, description="the same filter as topic"),
    by: str | None = Query(None, description="day, week or month (default: the timeline_bucket setting)"),
) -> dict[str, Any]:
    store, settings = store_of(request), settings_of(request)
    bucket = check_choice(by, "by", BUCKETS) or settings.timeline_bucket
    sp = find_speaker(store, key)
    series = speaker_series(request, sp.name, clean_filter(about or topic), bucket)
    href = statement_href(sp.id)
    return {
        "ok": True, "speaker": plain(sp), "bucket": bucket,
        "series": [
            {
                "topic": s.topic, "statements": len(s.statements),
                "points": [
                    {"date": p.date.isoformat(), "tone": round(p.tone, 4), "n": p.n, "low": p.low, "high": p.high}
                    for p in s.points
                ],
                "shifts": [shift_dict(sh, href) for sh in s.shifts],
            }
            for s in series
        ],
    }


@router.get("/shifts", summary="Detected tone shifts, newest first (paginated)")
def shifts(
    request: Request, speaker: str | None = Query(None, description="speaker id, name or alias"),
    topic: str | None = Query(None, description="a topic, or 'overall' for overall-tone shifts (default: every topic)"),
    about: str | None = Query(None, description="the same filter as topic (the name `saidwhat --about` and Corpus use)"),
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    format: str | None = Query(None, description="csv or jsonl to download the list"),
) -> Any:
    name = find_speaker(store_of(request), speaker or "").name if clean_filter(speaker) else None
    found = corpus_shifts(request, name, clean_filter(about or topic))
    if format:
        return download([shift_dict(s) for s in found], format, "shifts", SHIFT_COLUMNS)
    return {
        "ok": True, "items": [shift_dict(s) for s in found[offset:offset + limit]], "limit": limit,
        "offset": offset, "next_offset": offset + limit if offset + limit < len(found) else None, "total": len(found),
    }


@router.get("/compare", summary="Which of two speakers changed their tone first")
def compare(
    request: Request, a: str = Query(..., description="speaker id, name or alias"),
    b: str = Query(..., description="speaker id, name or alias"),
    topic: str | None = Query(None, description="a topic, 'overall', or empty for any topic"),
    about: str | None = Query(None, description="the same filter as topic (the name `saidwhat --about` and Corpus use)"),
) -> dict[str, Any]:
    store = store_of(request)
    sa, sb = find_speaker(store, a), find_speaker(store, b)
    result = service.compare(store, settings_of(request), sa.name, sb.name, clean_filter(about or topic))
    return {"ok": True, **result.to_dict(),
            "shifts_a_items": [shift_dict(s) for s in result.shifts_a],
            "shifts_b_items": [shift_dict(s) for s in result.shifts_b]}


UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }}},
    },
    "security": [{"bearer": []}],
}


def safe_name(name: str) -> str:
    """An upload's file name reduced to a plain base name (no directories, no odd characters)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".")
    return base[:120] or "upload.txt"


@router.post(
    "/documents", summary="Upload a document to ingest (needs the token)", status_code=201, openapi_extra=UPLOAD_DOC,
    responses={401: {"model": ErrorBody, "description": "Missing token"}, 403: {"model": ErrorBody, "description": "Wrong token or read-only server"}},
)
async def upload(request: Request) -> Response:
    require_token(request)  # before reading the body
    form = await request.form()
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise HTTPError(400, "Send the document as multipart/form-data in a field named 'file'.")
    name = safe_name(file.filename or "upload.txt")
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise HTTPError(400, f"Cannot ingest {name!r}. Upload one of: {', '.join(UPLOAD_SUFFIXES)}.")
    data = await file.read()
    settings = replace(settings_of(request), workers=1)
    summary = await run_in_threadpool(_ingest_bytes, name, data, settings)
    request.app.state.cache.invalidate()
    from fastapi.responses import JSONResponse

    return JSONResponse({"ok": True, **asdict(summary)}, status_code=201)


def _ingest_bytes(name: str, data: bytes, settings: Any) -> Any:
    from ..ingest.files import read_path

    # Read from a temporary file (decoding, gzip and record formats work as for `ingest`),
    # but store the page under the stable name "upload/<name>": uploading a changed file
    # with the same name makes a new version of that document, not a second document.
    with _ingest_lock, tempfile.TemporaryDirectory(prefix="saidwhat-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        stable = f"upload/{name}"
        records = [
            replace(r, path=stable + r.path[len(str(path)):])
            for r in read_path(str(path), settings)
        ]
        return service.ingest_records(records, [stable], settings, db=settings.db)
