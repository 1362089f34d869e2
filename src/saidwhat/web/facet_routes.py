"""Attention, topics and outlets on the web: ``/api/volume``, ``/api/topics``, ``/api/outlets``
and the ``/topics`` and ``/outlets`` pages. Every number comes from ``saidwhat.service``.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import service
from ..errors import QueryError
from ..service.memo import remembered
from . import charts, views
from .deps import clean_filter, find_speaker, settings_of, shift_dict, statement_count, statement_href, store_of
from .errors import HTTPError
from .figures import TONE_KEYS, VOLUME_KEYS, PageRange, by_family, corpus_range, volume_figure
from .pages import render

api_router = APIRouter(prefix="/api", tags=["api"])
pages_router = APIRouter(include_in_schema=False)
SPEAKERS_SHOWN = 20
TONE_CHARTS = 6  # speakers charted on a topic page


def page_range(request: Request) -> PageRange:
    """The corpus's first and last day: the one x range of every chart on the page."""
    return corpus_range(request.app.state.cache.stats(store_of(request)))


def _not_found(exc: QueryError) -> HTTPError:
    """A 404 naming the page that lists what exists instead of the CLI command."""
    text = str(exc)
    for what in ("topics", "outlets"):
        text = text.replace(f"List them with: saidwhat {what}", f"See /{what} for the list.")
    return HTTPError(404, text)


@api_router.get("/volume", summary="Statements published per day, week or month")
def volume_api(
    request: Request,
    by: Literal["day", "week", "month"] = Query("week", description="the period: day, week or month"),
    speaker: str | None = Query(None, description="speaker id, name or alias"),
    topic: str | None = Query(None, description="a topic; its whole family counts (Veskara, Veskaran, Veskarans)"),
    outlet: str | None = Query(None, description="an outlet; every spelling of its name counts"),
) -> dict[str, Any]:
    store = store_of(request)
    name = find_speaker(store, speaker).name if clean_filter(speaker) else None  # 404 with suggestions
    try:
        found = service.volume(store, by, speaker=name, topic=clean_filter(topic), outlet=clean_filter(outlet))
    except QueryError as exc:
        raise _not_found(exc) from None
    return {"ok": True, **found.to_dict()}


@api_router.get("/topics", summary="Topics, one per family of spellings, most statements first")
def topics_api(request: Request, limit: int = Query(100, ge=1, le=5000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
    found = service.topic_families(store_of(request))
    items = [{"name": f.name, "members": list(f.members), "statements": f.count, "mean_tone": f.mean_tone}
             for f in found[offset:offset + limit]]
    return {"ok": True, "items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < len(found) else None, "total": len(found)}


@api_router.get("/outlets", summary="Outlets, every spelling of a name under one, most attributions first")
def outlets_api(request: Request) -> dict[str, Any]:
    found = service.outlets(store_of(request))
    items = [{"name": o.name, "spellings": list(o.spellings), "documents": o.documents, "attributions": o.attributions}
             for o in found]
    return {"ok": True, "items": items, "total": len(found)}


@pages_router.get("/topics", response_class=HTMLResponse)
def topics(request: Request) -> Response:
    return render(request, "topics.html", topics=service.topic_families(store_of(request)))


@pages_router.get("/topics/{name:path}", response_class=HTMLResponse)
def topic(request: Request, name: str) -> Response:
    store, settings = store_of(request), settings_of(request)
    try:
        family = service.find_topic(store, name)
    except QueryError as exc:
        raise _not_found(exc) from None
    speakers = service.topic_speakers(store, family, SPEAKERS_SHOWN)
    # The most frequent speakers' statements only: a topic of a large corpus has thousands.
    charted = speakers[:TONE_CHARTS]
    names = [sp.name for sp in charted]

    def compute() -> tuple[views.Series, ...]:
        statements = store.topic_statements(family.members, [sp.id for sp in charted if sp.id is not None])
        shifts = [sh for name in names for sh in service.speaker_shifts(store, settings, name)]
        statements, shifts = by_family(statements, shifts, [], only=family)
        series = views.timelines(statements, settings.timeline_bucket, shifts)
        return tuple(sorted(series, key=lambda s: names.index(s.speaker) if s.speaker in names else len(names)))

    # Their tone series, computed once per corpus version (service.memo), as a speaker's are.
    key = ("topic series", family.members, tuple(names), settings.timeline_bucket, service.shifts_settings_key(settings))
    series = remembered(store, key, compute, rows=statement_count)
    rng = page_range(request)
    volume_svg, vol = volume_figure(store, rng, "volume", topic=family.name)
    ids = {sp.name: sp.id for sp in speakers}
    figures = []
    for i, s in enumerate(series):
        href = statement_href(ids[s.speaker]) if s.speaker in ids else None
        figures.append((s, charts.tone_chart([s], rng, f"tone-{i}", href=href, bucket=settings.timeline_bucket),
                        [shift_dict(sh, href) for sh in s.shifts]))
    return render(
        request, "topic.html", family=family, speakers=speakers, figures=figures, volume_svg=volume_svg, vol=vol,
        bucket=settings.timeline_bucket, legend=charts.legend(TONE_KEYS),
        volume_legend=charts.legend(VOLUME_KEYS),
    )


@pages_router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> Response:
    return render(request, "outlets.html", outlets=service.outlets(store_of(request)))


@pages_router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet(request: Request, name: str) -> Response:
    store = store_of(request)
    try:
        found = service.find_outlet(store, name)
    except QueryError as exc:
        raise _not_found(exc) from None
    volume_svg, vol = volume_figure(store, page_range(request), "volume", outlet=found.name)
    topics = service.outlet_topics(store, found)[:SPEAKERS_SHOWN]
    return render(
        request, "outlet.html", outlet=found, volume_svg=volume_svg, vol=vol,
        speakers=service.outlet_speakers(store, found, SPEAKERS_SHOWN), topics=topics,
        volume_legend=charts.legend(VOLUME_KEYS),
    )

