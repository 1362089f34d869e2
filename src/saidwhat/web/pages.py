"""The HTML pages: home, search, articles, article, speakers, speaker, compare, shifts.

Every page that shows a list also answers ``?format=csv`` and ``?format=jsonl`` with the
same rows as a download.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ..store import QuoteQuery, snippet_html
from . import views
from .app import HTTPError, shifts_available
from .deps import (
    ARTICLE_KINDS, DOWNLOAD_CAP, QUOTE_KINDS, check_choice, check_date, clean_filter, corpus_shifts,
    doc_links, find_speaker, settings_of, shift_dict, speaker_shifts, store_of,
)
from .export import download

router = APIRouter(include_in_schema=False)
PAGE = 50
TOPICS_SHOWN = 6  # charts on a speaker page: overall tone plus the most frequent topics


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context.setdefault("snippet", lambda s: Markup(snippet_html(s)))
    response: HTMLResponse = templates.TemplateResponse(request, template, context)
    return response


def query_string(request: Request, **changes: Any) -> str:
    """This page's query string with some parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    from urllib.parse import urlencode

    return "?" + urlencode(params) if params else ""


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    store = store_of(request)
    stats = store.stats()
    shifts = corpus_shifts(request)[:10]
    return render(
        request, "home.html", stats=stats, speakers=store.speakers(limit=10),
        articles=store.articles(limit=10), shifts=shifts, shifts_available=shifts_available(),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str | None = None, speaker: str | None = None, topic: str | None = None,
    outlet: str | None = None, since: str | None = None, until: str | None = None,
    kind: str | None = None, offset: int = Query(0, ge=0), format: str | None = None,
) -> Response:
    store = store_of(request)
    query = QuoteQuery(
        speaker=clean_filter(speaker), about=clean_filter(topic), outlet=clean_filter(outlet),
        since=check_date(since, "since"), until=check_date(until, "until"),
        kind=check_choice(kind, "kind", QUOTE_KINDS), search=clean_filter(q), limit=PAGE, offset=offset,
    )
    if format:
        return download(store.quotes(replace(query, limit=DOWNLOAD_CAP, offset=0)), format, "quotes")
    quotes = store.quotes(query)
    total = store.count_quotes(query)
    articles = []
    if query.search:
        hits = [h for h in store.search(query.search, limit=50) if h.type == "article"]
        articles = [
            h for h in hits
            if (not query.outlet or (h.outlet or "").lower() == query.outlet.lower())
            and (not query.since or (h.published or "") >= query.since)
            and (not query.until or (h.published or "")[:10] <= query.until)
        ][:10]
    return render(
        request, "search.html", query=query, quotes=quotes, total=total, articles=articles,
        kinds=QUOTE_KINDS, offset=offset, page=PAGE,
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if offset + PAGE < total else None,
        csv_qs=query_string(request, format="csv", offset=None),
        jsonl_qs=query_string(request, format="jsonl", offset=None),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request, outlet: str | None = None, since: str | None = None, until: str | None = None,
    kind: str | None = None, offset: int = Query(0, ge=0), format: str | None = None,
) -> Response:
    store = store_of(request)
    filters = dict(
        outlet=clean_filter(outlet), since=check_date(since, "since"), until=check_date(until, "until"),
        kind=check_choice(kind, "kind", ARTICLE_KINDS),
    )
    if format:
        return download(store.articles(limit=DOWNLOAD_CAP, **filters), format, "articles")  # type: ignore[arg-type]
    rows = store.articles(limit=PAGE + 1, offset=offset, **filters)  # type: ignore[arg-type]
    return render(
        request, "articles.html", rows=rows[:PAGE], filters=filters, kinds=ARTICLE_KINDS,
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if len(rows) > PAGE else None,
        csv_qs=query_string(request, format="csv", offset=None),
        jsonl_qs=query_string(request, format="jsonl", offset=None),
    )


@router.get("/articles/{doc_pk}", response_class=HTMLResponse)
def article(request: Request, doc_pk: int) -> Response:
    detail = store_of(request).article(doc_pk)
    if detail is None:
        raise HTTPError(404, f"No article with id {doc_pk}. See /articles for the list.")
    info: dict[int, views.AttInfo] = {}
    spans: list[views.Span] = []
    raw_spans: list[views.Span] = []
    mapped = detail.offsets == "input" and bool(detail.segments)
    for att in detail.attributions:
        name = att.speaker or att.observed_speaker or att.source_text or "unknown speaker"
        info[att.id] = views.AttInfo(att.id, name, att.kind, views.tone_label(att.tone, att.polarity), att.speaker_id)
        found = views.spans_of(att.id, att.source, att.cue, att.content)
        spans.extend(found)
        if mapped:
            for span in found:
                for start, end in detail.to_input(((span.start, span.end),)):
                    raw_spans.append(views.Span(start, end, span.role, span.att))
    return render(
        request, "article.html", a=detail, info=info,
        text_html=views.highlight(detail.text, spans, info),
        raw_html=views.highlight(detail.raw, raw_spans, info) if mapped else views.highlight(detail.raw, [], {}),
        raw_mapped=mapped,
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers(
    request: Request, q: str | None = None, offset: int = Query(0, ge=0), format: str | None = None
) -> Response:
    store = store_of(request)
    search = clean_filter(q)
    if format:
        return download(store.speakers(limit=DOWNLOAD_CAP, search=search), format, "speakers")
    rows = store.speakers(limit=PAGE + 1, offset=offset, search=search)
    return render(
        request, "speakers.html", rows=rows[:PAGE], q=search or "",
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if len(rows) > PAGE else None,
        csv_qs=query_string(request, format="csv", offset=None),
        jsonl_qs=query_string(request, format="jsonl", offset=None),
    )


@router.get("/speakers/{key}", response_class=HTMLResponse)
def speaker(
    request: Request, key: str, topic: str | None = None, offset: int = Query(0, ge=0),
    format: str | None = None,
) -> Response:
    store, settings = store_of(request), settings_of(request)
    sp = find_speaker(store, key)
    quote_query = QuoteQuery(speaker=str(sp.id), about=clean_filter(topic), limit=PAGE, offset=offset)
    if format:
        return download(store.quotes(replace(quote_query, limit=DOWNLOAD_CAP, offset=0)), format, f"speaker-{sp.id}-quotes")
    quotes = store.quotes(quote_query)
    total = store.count_quotes(quote_query)
    statements = store.statements(speaker=sp.name)
    shifts = speaker_shifts(statements, settings)
    series = views.timelines(statements, settings.timeline_bucket, shifts)
    topics = [(s.topic, len(s.statements)) for s in series]
    chosen = clean_filter(topic)
    shown = [s for s in series if s.topic == chosen] if chosen else series[:TOPICS_SHOWN]
    # Links from chart dots and shift evidence to the quote in its article.
    links = doc_links(store.quotes(QuoteQuery(speaker=str(sp.id), limit=DOWNLOAD_CAP)))
    charts = [
        (s, views.svg_chart([s], chart_id=f"chart-{i}", evidence_href=links), [shift_dict(sh, links) for sh in s.shifts])
        for i, s in enumerate(shown)
    ]
    return render(
        request, "speaker.html", sp=sp, quotes=quotes, total=total, charts=charts, topics=topics,
        topic=chosen, shifts_available=shifts_available(), bucket=settings.timeline_bucket,
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if offset + PAGE < total else None,
        csv_qs=query_string(request, format="csv", offset=None),
        jsonl_qs=query_string(request, format="jsonl", offset=None),
    )


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: str | None = None, b: str | None = None, topic: str | None = None) -> Response:
    store, settings = store_of(request), settings_of(request)
    a, b, chosen = clean_filter(a), clean_filter(b), clean_filter(topic) or "*"
    context: dict[str, Any] = {"a": a or "", "b": b or "", "topic": chosen, "ready": False}
    if a and b:
        sa, sb = find_speaker(store, a), find_speaker(store, b)
        st_a, st_b = store.statements(speaker=sa.name), store.statements(speaker=sb.name)
        topics_a = {s.target for s in st_a}
        common = sorted(topics_a & {s.target for s in st_b})
        on_a = [s for s in st_a if s.target == chosen]
        on_b = [s for s in st_b if s.target == chosen]
        sh_a, sh_b = speaker_shifts(on_a, settings), speaker_shifts(on_b, settings)
        ser_a = views.timelines(on_a, settings.timeline_bucket, sh_a)
        ser_b = views.timelines(on_b, settings.timeline_bucket, sh_b)
        both = ser_a + ser_b
        rng = views.chart_range(both)
        links = doc_links(store.quotes(QuoteQuery(speaker=str(sa.id), about=None if chosen == "*" else chosen, limit=DOWNLOAD_CAP)))
        links.update(doc_links(store.quotes(QuoteQuery(speaker=str(sb.id), about=None if chosen == "*" else chosen, limit=DOWNLOAD_CAP))))
        first = views.moved_first(sh_a, sh_b)
        context.update(
            ready=True, sa=sa, sb=sb, common=common, n_a=len(on_a), n_b=len(on_b),
            chart=views.svg_chart(both, rng, chart_id="compare", evidence_href=links),
            chart_a=views.svg_chart(ser_a, rng, chart_id="compare-a", evidence_href=links),
            chart_b=views.svg_chart(ser_b, rng, chart_id="compare-b", evidence_href=links),
            shifts_a=[shift_dict(s, links) for s in sh_a], shifts_b=[shift_dict(s, links) for s in sh_b],
            first=first, shifts_available=shifts_available(),
        )
    return render(request, "compare.html", **context)


@router.get("/shifts", response_class=HTMLResponse)
def shifts(
    request: Request, speaker: str | None = None, topic: str | None = None, format: str | None = None
) -> Response:
    name = None
    if clean_filter(speaker):
        name = find_speaker(store_of(request), speaker or "").name
    rows = [shift_dict(s) for s in corpus_shifts(request, name, clean_filter(topic))]
    if format:
        flat = [{k: v for k, v in r.items() if not k.startswith("evidence")} for r in rows]
        return download(flat, format, "shifts")
    return render(
        request, "shifts.html", rows=rows, speaker=speaker or "", topic=topic or "",
        shifts_available=shifts_available(),
        csv_qs=query_string(request, format="csv"), jsonl_qs=query_string(request, format="jsonl"),
    )
