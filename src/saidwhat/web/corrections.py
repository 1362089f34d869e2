"""Corrections from the browser and the API: merge, split and rename a speaker, mark an
attribution wrong. Each route checks the token, then calls the service (the functions
``saidwhat speakers merge|split|rename`` and ``saidwhat mark-wrong`` call), so a correction
shows at once on every page and in every shell.

    POST /speakers/{key}/merge   form: alias, token   -> the speaker page
    POST /speakers/{key}/split   form: alias, token
    POST /speakers/{key}/rename  form: name, token
    POST /attributions/{id}/wrong form: wrong (1|0), back, token -> back
    POST /api/speakers/{key}/merge|split|rename, /api/attributions/{id}/wrong: the same with
         the token as ``Authorization: Bearer``; JSON answers.

Without a configured token every one of them answers 403 and the pages hide their forms.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from .. import service
from ..store import SpeakerRow
from .deps import clean_filter, find_speaker, settings_of, store_of
from .errors import HTTPError
from .export import plain
from .security import check_token, require_token

pages_router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["corrections"])
SPEAKER_ACTIONS = ("merge", "split", "rename")


def _correct_speaker(request: Request, key: str, action: str, value: str | None) -> SpeakerRow:
    """Apply one speaker correction through the service; returns the speaker to show next."""
    text = clean_filter(value)
    if text is None:
        what = "new name" if action == "rename" else "alias"
        raise HTTPError(400, f"Give the {what} to {action}.")
    store, settings = store_of(request), settings_of(request)
    sp = find_speaker(store, key)
    if action == "merge":
        row = service.merge(store, settings, text, sp.name)
    elif action == "split":
        service.split(store, settings, text, sp.name)
        row = find_speaker(store, sp.name)
    else:
        row = service.rename(store, settings, sp.name, text)
    request.app.state.cache.invalidate()
    return row


def _mark(request: Request, attribution_id: int, wrong: bool) -> str | None:
    speaker = service.mark_wrong(store_of(request), attribution_id, wrong)
    request.app.state.cache.invalidate()
    return speaker


def _local(url: str | None, fallback: str) -> str:
    """``url`` when it is a path on this site (never another host), else ``fallback``."""
    if not url:
        return fallback
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return fallback
    return url


@pages_router.post("/speakers/{key:path}/{action}")
def speaker_form(
    request: Request, key: str, action: str, token: str = Form(""), alias: str = Form(""), name: str = Form(""),
) -> Response:
    if action not in SPEAKER_ACTIONS:
        raise HTTPError(404, f"Nothing at {request.url.path}.")
    check_token(request, token)
    row = _correct_speaker(request, key, action, name if action == "rename" else alias)
    return RedirectResponse(_flagged(f"/speakers/{row.id}", action), status_code=303)


@pages_router.post("/attributions/{attribution_id}/wrong")
def wrong_form(
    request: Request, attribution_id: int, token: str = Form(""), wrong: str = Form("1"), back: str = Form(""),
) -> Response:
    check_token(request, token)
    _mark(request, attribution_id, wrong != "0")
    return RedirectResponse(_flagged(_local(back, "/search"), "wrong" if wrong != "0" else "right"), status_code=303)


def _flagged(url: str, done: str) -> str:
    """``url`` with ``corrected=done`` in its query (before any #fragment), for the page's notice."""
    path, _, fragment = url.partition("#")
    path += ("&" if "?" in path else "?") + "corrected=" + quote(done)
    return path + ("#" + fragment if fragment else "")


@api_router.post("/speakers/{key}/{action}", summary="Merge an alias into, split an alias from, or rename a speaker (needs the token)")
def speaker_api(request: Request, key: str, action: str, value: str) -> dict[str, Any]:
    """``value``: the alias to merge or split, or the new name."""
    if action not in SPEAKER_ACTIONS:
        raise HTTPError(404, f"Unknown correction {action!r}. Use one of: {', '.join(SPEAKER_ACTIONS)}.")
    require_token(request)
    return {"ok": True, "speaker": plain(_correct_speaker(request, key, action, value))}


@api_router.post("/attributions/{attribution_id}/wrong", summary="Mark an attribution wrong, or right again (needs the token)")
def wrong_api(request: Request, attribution_id: int, wrong: bool = True) -> dict[str, Any]:
    require_token(request)
    return {"ok": True, "id": attribution_id, "wrong": wrong, "speaker": _mark(request, attribution_id, wrong)}
