"""What pages and API routes share: the store, settings, paging and filter parsing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from ..config import Settings
from ..errors import QueryError
from ..models import Shift, Statement
from ..store import SpeakerRow, Store
from .app import HTTPError

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


def speaker_data(request: Request, name: str, target: str | None = None) -> tuple[list[Statement], list[Shift]]:
    """One speaker's dated statements and the shifts in them (cached until the store changes)."""
    result: tuple[list[Statement], list[Shift]] = request.app.state.cache.speaker(store_of(request), name, target)
    return result


def statement_href(speaker_id: int) -> Callable[[Statement], str]:
    """Where a statement of this speaker is shown: its quote in its article (via /go/statement)."""

    def href(st: Statement) -> str:
        return f"/go/statement/{st.attribution_id}?" + urlencode({"speaker": speaker_id, "date": st.published[:10]})

    return href


def shift_dict(shift: Shift, href: Callable[[Statement], str] | None = None) -> dict[str, Any]:
    """A shift as JSON, with its evidence statements (and their article links when known)."""

    def ev(st: Statement) -> dict[str, Any]:
        item: dict[str, Any] = {
            "attribution_id": st.attribution_id, "doc_id": st.doc_id, "published": st.published,
            "said_on": st.when, "said_on_basis": st.said_on_basis or "published",
            "tone": st.tone, "polarity": st.polarity, "quote": st.quote, "outlet": st.outlet,
        }
        if href is not None:
            item["url"] = href(st)
        return item

    return {
        "speaker": shift.speaker, "topic": shift.target, "date": shift.date,
        "direction": shift.direction, "before": shift.before, "after": shift.after,
        "confidence": shift.confidence, "n_before": shift.n_before, "n_after": shift.n_after,
        "evidence_before": [ev(s) for s in shift.evidence_before],
        "evidence_after": [ev(s) for s in shift.evidence_after],
    }


def corpus_shifts(
    request: Request, speaker: str | None = None, topic: str | None = None, wait: bool = False
) -> list[Shift] | None:
    """Shifts over the whole corpus, newest first; None while still being computed."""
    shifts: list[Shift] | None = request.app.state.cache.shifts(store_of(request), wait=wait)
    if shifts is None:
        return None
    if speaker:
        shifts = [s for s in shifts if s.speaker.lower() == speaker.lower()]
    if topic:
        shifts = [s for s in shifts if s.target.lower() == topic.lower()]
    shifts.sort(key=lambda s: s.date, reverse=True)
    return shifts
