"""What pages and API routes share: the store, settings, paging and filter parsing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from fastapi import Request

from .. import service
from ..config import Settings
from ..errors import QueryError
from ..models import ATTRIBUTION_KINDS, KINDS, Shift, Statement
from ..service.memo import remembered
from ..service.shifts import shift_record
from ..store import QUOTE_SORTS, QuoteQuery, SpeakerRow, Store
from . import views
from .errors import HTTPError
from .figures import by_family

QUOTE_KINDS = ATTRIBUTION_KINDS
ARTICLE_KINDS = KINDS
DOWNLOAD_CAP = 10_000  # rows in one CSV/JSONL download
_quoted = lru_cache(maxsize=1 << 12)(quote_plus)  # statement links: a few hundred dates, thousands of links


def store_of(request: Request) -> Store:
    """The store of this worker thread."""
    store: Store = request.app.state.stores.get()
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def clean_filter(value: str | None) -> str | None:
    """A filter value with surrounding blanks removed; empty means no filter."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_date(value: str | None, name: str) -> str | None:
    """An ISO date filter, or a ``QueryError`` naming the bad value."""
    value = clean_filter(value)
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        raise QueryError(f"{name}={value!r} is not a date. Use YYYY-MM-DD.") from None
    return value


def check_choice(value: str | None, name: str, choices: tuple[str, ...]) -> str | None:
    value = clean_filter(value)
    if value is not None and value not in choices:
        raise QueryError(f"{name}={value!r} is not valid. Use one of: {', '.join(choices)}.")
    return value


def quote_query(
    search: str | None, speaker: str | None, topic: str | None, outlet: str | None, since: str | None,
    until: str | None, kind: str | None, sort: str | None, limit: int, offset: int,
) -> QuoteQuery:
    """The quote filters of a search page or API request, checked (``QueryError`` names a bad one)."""
    return QuoteQuery(
        speaker=clean_filter(speaker), about=clean_filter(topic), outlet=clean_filter(outlet),
        since=check_date(since, "since"), until=check_date(until, "until"),
        kind=check_choice(kind, "kind", QUOTE_KINDS), search=clean_filter(search), limit=limit, offset=offset,
        sort=check_choice(sort, "sort", QUOTE_SORTS) or "relevance",
    )


def find_speaker(store: Store, id_or_name: str) -> SpeakerRow:
    """A speaker by numeric id, name or alias; 404 (with "did you mean") when unknown."""
    try:
        return service.find_speaker(store, id_or_name)
    except QueryError as exc:
        raise HTTPError(404, str(exc).replace("List them with: saidwhat speakers", "See /speakers for the list.")) from None


def speaker_series(request: Request, name: str, target: str | None = None, bucket: str | None = None,
                   families: bool = False) -> list[views.Series]:
    """One speaker's tone series (``views.timelines``: one per topic, the overall tone first)
    with the shifts in them, on one topic or all; ``families``: topics under their family's
    name (the speaker page). Computed once per corpus version (``service.memo``): a busy
    speaker has thousands of statements, and the page and API ask on every request."""
    store, settings = store_of(request), settings_of(request)
    topic = service.resolve_topic(store, target)
    bucket = bucket or settings.timeline_bucket

    def compute() -> tuple[views.Series, ...]:
        shifts = service.speaker_shifts(store, settings, name)
        if topic is not None:
            shifts = [s for s in shifts if s.target.lower() == topic.lower()]
        statements: Sequence[Statement] = service.speaker_statements(store, name, topic)
        if families:
            statements, shifts = by_family(statements, shifts, service.topic_families(store))
        return tuple(views.timelines(statements, bucket, shifts))

    key = ("speaker series", name, topic, bucket, families, service.shifts_settings_key(settings))
    return list(remembered(store, key, compute, rows=statement_count))


def statement_count(series: Iterable[views.Series]) -> int:
    """The statements a list of series holds (what keeping it costs)."""
    return sum(len(s.statements) for s in series)


def statement_href(speaker_id: int) -> Callable[[Statement], str]:
    """Where a statement of this speaker is shown: its quote in its article (via /go/statement)."""

    def href(st: Statement) -> str:  # urlencode's answer, built without it (a chart links hundreds)
        return f"/go/statement/{st.attribution_id}?speaker={speaker_id}&date={_quoted(st.published[:10])}"

    return href


def shift_dict(shift: Shift, href: Callable[[Statement], str] | None = None) -> dict[str, Any]:
    """A shift as JSON (``service.shifts.shift_record``), evidence linked to its articles when known."""
    return shift_record(shift, href)


def corpus_shifts(
    request: Request, speaker: str | None = None, topic: str | None = None, wait: bool = False
) -> list[Shift]:
    """The shift listing (``service.shifts``: topic shifts unless ``topic`` is overall), newest first."""
    return service.shifts(store_of(request), settings_of(request), speaker=speaker, about=topic)
