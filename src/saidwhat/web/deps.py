"""What pages and API routes share: the store, settings, paging and filter parsing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request

from ..config import Settings
from ..errors import QueryError
from ..models import Shift, Statement
from ..store import QuoteRow, SpeakerRow, Store
from .app import HTTPError, detect

QUOTE_KINDS = ("direct", "indirect", "mixed")
ARTICLE_KINDS = ("news", "opinion", "analysis", "other")
DOWNLOAD_CAP = 10_000  # rows in one CSV/JSONL download


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


def find_speaker(store: Store, id_or_name: str) -> SpeakerRow:
    """A speaker by numeric id, name or alias; 404 when unknown."""
    key: int | str = int(id_or_name) if id_or_name.isdigit() else id_or_name
    row = store.speaker(key)
    if row is None:
        raise HTTPError(404, f"No speaker {id_or_name!r}. See /speakers for the list.")
    return row


def speaker_shifts(statements: list[Statement], settings: Settings) -> list[Shift]:
    """Shifts in one speaker's statements (empty while shift detection is not installed)."""
    return detect(statements, settings)


def doc_links(quotes: list[QuoteRow]) -> dict[int, str]:
    """Attribution id -> the URL of that quote in its article."""
    return {q.id: f"/articles/{q.doc_pk}#att-{q.id}" for q in quotes}


def shift_dict(shift: Shift, links: dict[int, str] | None = None) -> dict[str, Any]:
    """A shift as JSON, with its evidence statements (and their article links when known)."""

    def ev(st: Statement) -> dict[str, Any]:
        item: dict[str, Any] = {
            "attribution_id": st.attribution_id, "doc_id": st.doc_id, "published": st.published,
            "tone": st.tone, "polarity": st.polarity, "quote": st.quote, "outlet": st.outlet,
        }
        if links and st.attribution_id in links:
            item["url"] = links[st.attribution_id]
        return item

    return {
        "speaker": shift.speaker, "topic": shift.target, "date": shift.date,
        "direction": shift.direction, "before": shift.before, "after": shift.after,
        "confidence": shift.confidence, "n_before": shift.n_before, "n_after": shift.n_after,
        "evidence_before": [ev(s) for s in shift.evidence_before],
        "evidence_after": [ev(s) for s in shift.evidence_after],
    }


def corpus_shifts(request: Request, speaker: str | None = None, topic: str | None = None) -> list[Shift]:
    """Shifts over the whole corpus (cached until the store changes), newest first."""
    shifts = request.app.state.shift_cache.get(store_of(request), settings_of(request))
    if speaker:
        shifts = [s for s in shifts if s.speaker.lower() == speaker.lower()]
    if topic:
        shifts = [s for s in shifts if s.target.lower() == topic.lower()]
    shifts.sort(key=lambda s: s.date, reverse=True)
    return shifts
