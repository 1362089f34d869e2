"""Quote trails on the web: ``/api/trails`` (JSON) and ``/trails`` pages (copies side by side)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import service, trails
from ..trails.variants import VARIANTS, side_by_side
from .errors import HTTPError
from .deps import check_choice, check_date, clean_filter, store_of
from .pages import render

api_router = APIRouter(prefix="/api", tags=["api"])
pages_router = APIRouter(include_in_schema=False)
PAGE = 50


def _find(request: Request, speaker: str | None, variant: str | None, since: str | None,
          limit: int, offset: int) -> list[trails.Trail]:
    return service.trails(
        store_of(request),
        speaker=clean_filter(speaker), variant=check_choice(variant, "variant", VARIANTS),
        since=check_date(since, "since"), limit=limit, offset=offset,
    )


def _one(request: Request, trail_id: int) -> trails.Trail:
    found = trails.get(store_of(request), trail_id)  # type: ignore[arg-type]
    if found is None:
        raise HTTPError(404, f"No trail with id {trail_id}. See /trails for the list.")
    return found


@api_router.get("/trails", summary="Statements printed in more than one document, most outlets first")
def trails_api(
    request: Request,
    speaker: str | None = Query(None, description="a printing names this speaker (name, alias or id)"),
    variant: str | None = Query(None, description="a printing is " + ", ".join(VARIANTS)),
    since: str | None = Query(None, description="first printed on or after (YYYY-MM-DD)"),
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    found = _find(request, speaker, variant, since, limit + 1, offset)
    return {
        "ok": True, "items": [t.to_record() for t in found[:limit]], "limit": limit, "offset": offset,
        "next_offset": offset + limit if len(found) > limit else None,
    }


@api_router.get("/trails/{trail_id}", summary="One trail: its first appearance and every printing")
def trail_api(request: Request, trail_id: int) -> dict[str, Any]:
    return {"ok": True, **_one(request, trail_id).to_record()}


@pages_router.get("/trails", response_class=HTMLResponse)
def trails_page(
    request: Request, speaker: str | None = None, variant: str | None = None, since: str | None = None,
    offset: int = Query(0, ge=0),
) -> Response:
    found = _find(request, speaker, variant, since, PAGE + 1, offset)
    filters = {"speaker": clean_filter(speaker), "variant": clean_filter(variant), "since": clean_filter(since)}
    kept = {k: v for k, v in filters.items() if v}

    def at(start: int) -> str:
        return "?" + urlencode({**kept, "offset": start})

    return render(
        request, "trails.html", rows=found[:PAGE], filters=filters, variants=VARIANTS,
        prev_qs=at(max(offset - PAGE, 0)) if offset else None, next_qs=at(offset + PAGE) if len(found) > PAGE else None,
    )


@pages_router.get("/trails/{trail_id}", response_class=HTMLResponse)
def trail_page(request: Request, trail_id: int) -> Response:
    trail = _one(request, trail_id)
    rows = [(a, *side_by_side(trail.text, a.quote)) for a in trail.appearances]
    return render(request, "trail.html", t=trail, rows=rows)
