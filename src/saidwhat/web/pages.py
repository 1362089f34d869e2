"""The HTML pages: home, search, articles, article, speakers, speaker, compare, shifts.

Every page that shows a list also answers ``?format=csv`` and ``?format=jsonl`` with the
same rows as a download.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from .. import service
from ..models import Shift, Statement
from ..service.shifts import SHIFT_COLUMNS
from ..store import QUOTE_SORTS, QuoteQuery, snippet_html
from . import charts, figures, views
from .errors import HTTPError
from ..tone.time import recalled
from .deps import (
    ARTICLE_KINDS, DOWNLOAD_CAP, QUOTE_KINDS, check_choice, check_date, clean_filter, corpus_shifts,
    find_speaker, quote_query, settings_of, shift_dict, speaker_series, statement_href, store_of,
)
from .export import download

router = APIRouter(include_in_schema=False)
PAGE = 50
TOPICS_SHOWN = 6
CORRECTED = {  # the notice a page shows after a correction redirected to it
    "merge": "Merged: every page now shows this speaker with the alias.",
    "split": "Split: the alias is now a speaker of its own.",
    "rename": "Renamed: every page now shows the new name.",
    "wrong": "Marked wrong: the quote is left out of quotes, timelines, shifts and compare.",
    "right": "Marked right again: the quote counts everywhere again.",
}  # charts on a speaker page: overall tone plus the most frequent topics


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context.setdefault("snippet", lambda s: Markup(snippet_html(s)))
    context.setdefault("writable", bool(request.app.state.token))
    context.setdefault("corrected", CORRECTED.get(request.query_params.get("corrected", "")))
    context.setdefault("here", request.url.path + (f"?{request.url.query}" if request.url.query else ""))
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
    stats = request.app.state.cache.stats(store)
    volume_svg, vol = figures.volume_figure(store, figures.corpus_range(stats), "volume")
    return render(
        request, "home.html", stats=stats, speakers=store.speakers(limit=10),
        articles=store.articles(limit=10), shifts=corpus_shifts(request)[:10],
        volume_svg=volume_svg, vol=vol, volume_legend=charts.legend(figures.VOLUME_KEYS),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str | None = None, speaker: str | None = None, topic: str | None = None,
    outlet: str | None = None, since: str | None = None, until: str | None = None,
    kind: str | None = None, sort: str | None = None, offset: int = Query(0, ge=0), format: str | None = None,
) -> Response:
    store = store_of(request)
    query = quote_query(q, speaker, topic, outlet, since, until, kind, sort, PAGE, offset)
    if format:
        return download(store.quotes(replace(query, limit=DOWNLOAD_CAP, offset=0)), format, "quotes")
    found = service.search_quotes(store, query)
    articles = []
    if query.search:
        hits = store.article_hits(query.search, limit=50)
        articles = [
            h for h in hits
            if (not query.outlet or (h.outlet or "").lower() == query.outlet.lower())
            and (not query.since or (h.published or "") >= query.since)
            and (not query.until or (h.published or "")[:10] <= query.until)
        ][:10]
    filters = {"speaker": query.speaker, "topic": query.about, "outlet": query.outlet, "kind": query.kind}
    facets = [
        (field, [(c, query_string(request, **{field: c.value}, offset=None)) for c in counts])
        for field, counts in found.facets.items()
    ]
    return render(
        request, "search.html", query=query, quotes=found.rows, total=found.total, facets=facets,
        facets_window=found.facets_window, filters=filters, sorts=QUOTE_SORTS, articles=articles,
        kinds=QUOTE_KINDS, offset=offset, page=PAGE,
        clear_qs={f: query_string(request, **{f: None}, offset=None) for f, v in filters.items() if v},
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if found.has_more else None,
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
        recalled={att.id for att in detail.attributions if recalled(att.said_on, detail.published)},
        text_html=views.highlight(detail.text, spans, info),
        raw_html=views.highlight(detail.raw, raw_spans, info) if mapped else views.highlight(detail.raw, [], {}),
        raw_mapped=mapped,
        trails=store_of(request).trails_of([att.id for att in detail.attributions]),  # type: ignore[attr-defined]
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


# {key:path}: shift links carry the speaker's name, and a name may hold "/" ("AC/DC").
@router.get("/speakers/{key:path}", response_class=HTMLResponse)
def speaker(
    request: Request, key: str, topic: str | None = None, offset: int = Query(0, ge=0),
    format: str | None = None,
) -> Response:
    store, settings = store_of(request), settings_of(request)
    sp = find_speaker(store, key)
    chosen = clean_filter(topic)
    own = QuoteQuery(speaker=str(sp.id), about=None if chosen == "*" else chosen, limit=PAGE, offset=offset)
    if format:
        return download(store.quotes(replace(own, limit=DOWNLOAD_CAP, offset=0)), format, f"speaker-{sp.id}-quotes")
    found = store.quotes(replace(own, limit=PAGE + 1))
    quotes = found[:PAGE]
    # One chart per topic family ("Veskara", "Veskaran" and "Veskarans" are one topic).
    series = speaker_series(request, sp.name, families=True)
    if chosen and chosen != "*":
        families = service.topic_families(store)
        chosen = next((f.name for f in families if chosen.lower() in {m.lower() for m in f.members}), chosen)
    topics = [(s.topic, len(s.statements)) for s in series]
    shown = [s for s in series if s.topic == chosen] if chosen else series[:TOPICS_SHOWN]
    href = statement_href(sp.id)
    # One date range for every chart on the page: the speaker's whole record, so the topic
    # charts and the volume chart line up and can be compared.
    rng = charts.series_range(series)
    volume_svg, vol = figures.volume_figure(store, rng, "volume", speaker=sp.name)
    rng = charts.joined(rng, figures.volume_range(vol))
    shown_charts = [
        (s, charts.tone_chart([s], rng, f"chart-{i}", href=href, bucket=settings.timeline_bucket),
         [shift_dict(sh, href) for sh in s.shifts])
        for i, s in enumerate(shown)
    ]
    return render(
        request, "speaker.html", sp=sp, quotes=quotes, offset=offset, charts=shown_charts, topics=topics,
        topic=chosen, bucket=settings.timeline_bucket, max_dots=views.MAX_DOTS,
        volume_svg=volume_svg, vol=vol, legend=charts.legend(figures.TONE_KEYS),
        volume_legend=charts.legend(figures.VOLUME_KEYS),
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if len(found) > PAGE else None,
        csv_qs=query_string(request, format="csv", offset=None),
        jsonl_qs=query_string(request, format="jsonl", offset=None),
    )


@router.get("/go/statement/{attribution_id}")
def statement(request: Request, attribution_id: int, speaker: int, date: str) -> Response:
    """Redirect to one statement in its article (charts link here: statements carry no doc id)."""
    day = check_date(date, "date") or ""
    on = views.parse_date(day) or dt.date.min
    after = on + dt.timedelta(days=1) if on < dt.date.max else on  # 9999-12-31 has no next day
    rows = store_of(request).quotes(
        QuoteQuery(id=attribution_id, speaker=str(speaker), since=day, until=after.isoformat(), limit=1)
    )
    found = rows[0] if rows else None
    if found is None:
        raise HTTPError(404, f"No statement {attribution_id} by speaker {speaker} on {day}.")
    return RedirectResponse(f"/articles/{found.doc_pk}#att-{found.id}", status_code=303)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: str | None = None, b: str | None = None, topic: str | None = None) -> Response:
    """Who moved first (``service.compare``: the same answer as ``saidwhat compare`` and /api/compare)."""
    store, settings = store_of(request), settings_of(request)
    a, b, chosen = clean_filter(a), clean_filter(b), clean_filter(topic)
    context: dict[str, Any] = {"a": a or "", "b": b or "", "topic": chosen or "", "ready": False}
    if a and b:
        sa, sb = find_speaker(store, a), find_speaker(store, b)
        result, st_a, st_b = service.compare_with_statements(store, settings, sa.name, sb.name, chosen)
        common = sorted({s.target for s in st_a} & {s.target for s in st_b})
        # Charted: the topic compared; without one, the topics of the shifts that count.
        shown_a = {result.topic} if result.topic else {s.target for s in result.shifts_a} or {"*"}
        shown_b = {result.topic} if result.topic else {s.target for s in result.shifts_b} or {"*"}
        ser_a = _charted(speaker_series(request, sa.name), shown_a, result.shifts_a)
        ser_b = _charted(speaker_series(request, sb.name), shown_b, result.shifts_b)
        rng = charts.series_range(ser_a + ser_b)
        href_a, href_b = statement_href(sa.id), statement_href(sb.id)

        def href(st: Statement) -> str:
            return href_a(st) if st.speaker == sa.name else href_b(st)

        context.update(
            ready=True, sa=sa, sb=sb, common=common, n_a=len(result.statements_a), n_b=len(result.statements_b),
            topic_label=result.topic_label, summary=result.summary(),
            chart=charts.tone_chart(ser_a + ser_b, rng, "compare", href=href, styles=[0] * len(ser_a) + [1] * len(ser_b),
                                    bucket=settings.timeline_bucket,
                                    shift_anchors=["compare-a"] * len(ser_a) + ["compare-b"] * len(ser_b)),
            legend=charts.legend([("series-0", f"{sa.name} ({len(result.statements_a)} statements)"),
                                  ("series-1", f"{sb.name} ({len(result.statements_b)} statements)"),
                                  ("band", "95% interval of each mean"), ("shift", "detected shift (click: its evidence)")]),
            shifts_a=[shift_dict(s, href_a) for s in result.shifts_a],
            shifts_b=[shift_dict(s, href_b) for s in result.shifts_b],
            moved=result.moved,
        )
    return render(request, "compare.html", **context)


def _charted(series: list[views.Series], shown: set[str], shifts: Sequence[Shift]) -> list[views.Series]:
    """The series of the topics shown, each with the shifts that count in the comparison (the
    series of a speaker's statements on those topics alone are the same, computed already)."""
    return [replace(s, shifts=tuple(sh for sh in shifts if (sh.speaker, sh.target) == (s.speaker, s.topic)))
            for s in series if s.topic in shown]


def _evidence_href(request: Request, name: str) -> Any:
    """Links from a shift's evidence to its statements (None when the speaker is gone)."""
    row = store_of(request).speaker(name)
    return statement_href(row.id) if row is not None else None


@router.get("/shifts", response_class=HTMLResponse)
def shifts(
    request: Request, speaker: str | None = None, topic: str | None = None,
    offset: int = Query(0, ge=0), format: str | None = None,
) -> Response:
    name = None
    if clean_filter(speaker):
        name = find_speaker(store_of(request), speaker or "").name
    found = corpus_shifts(request, name, clean_filter(topic))
    if format:
        return download([shift_dict(s) for s in found], format, "shifts", SHIFT_COLUMNS)
    page_items = found[offset:offset + PAGE]
    rows = [shift_dict(s, _evidence_href(request, s.speaker)) for s in page_items]
    anchors = [f"shifts-shift-{k}" for k in range(1, len(page_items) + 1)]
    return render(
        request, "shifts.html", rows=rows, speaker=speaker or "", topic=topic or "",
        total=len(found), offset=offset,
        chart=charts.shift_chart(list(zip(page_items, anchors)), figures.corpus_range(request.app.state.cache.stats(store_of(request))), "shift-chart"),
        legend=charts.legend([("up", "turned warmer (height: change in tone)"), ("down", "turned cooler"),]),
        prev_qs=query_string(request, offset=max(offset - PAGE, 0)) if offset else None,
        next_qs=query_string(request, offset=offset + PAGE) if found and offset + PAGE < len(found) else None,
        csv_qs=query_string(request, format="csv"), jsonl_qs=query_string(request, format="jsonl"),
    )
