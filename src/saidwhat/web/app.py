"""The web app: ``create_app(settings)`` builds a FastAPI app over one store.

    create_app ──▶ SecurityMiddleware (body limit → 413, CSP and friends on every response)
               ├── pages.router   HTML: /, /search, /articles, /articles/{id}, /speakers, ...
               ├── api.router     JSON under /api/ (OpenAPI at /openapi.json, docs at /docs)
               ├── /static        CSS, JS and the vendored Swagger UI, all served by the app
               └── one error handler: JSON {"ok": false, "error", "status"} under /api/,
                   the HTML error page elsewhere; only 500s log a traceback.

The app is read-only unless a token is configured; every write route calls
:func:`require_token`.
"""

from __future__ import annotations

import hmac
import html
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings
from ..errors import InputError, QueryError, SaidwhatError, StoreError
from ..models import Shift, Statement
from ..store import Store, open_store

log = logging.getLogger("saidwhat.web")

WEB_DIR = Path(str(resources.files("saidwhat.web")))
DEFAULT_MAX_UPLOAD_MB = 10

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Scripts and styles only from this app: even if escaping failed somewhere, an injected
# <script> or onerror= would not run. The docs page needs inline styles (Swagger UI sets them).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class HTTPError(Exception):
    """An error with an HTTP status, raised by routes (turned into the one error shape)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _TooLarge(Exception):
    pass


class SecurityMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413; add security headers to responses."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, templates: Jinja2Templates | None = None,
        allowed_hosts: Sequence[str] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.templates = templates
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        if self.allowed_hosts is not None:
            # A web page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding);
            # a server bound to loopback answers only to the loopback names.
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                response = error_response(path, 400, f"Unknown Host header {host!r}.", self.templates, Request(scope))
                await response(scope, receive, send)
                return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._too_large(path, scope, receive, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"content-security-policy", (CSP_DOCS if path == "/docs" else CSP).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            if started:
                raise
            await self._too_large(path, scope, receive, secured_send)
        except Exception as exc:
            # The one place a bug becomes a 500: logged with its traceback, shown without it.
            log.error("unexpected error serving %s", path, exc_info=exc)
            if started:
                raise
            message = "Internal server error (this is a bug; the server log has the traceback)."
            response = error_response(path, 500, message, self.templates, Request(scope))
            await response(scope, receive, secured_send)

    async def _too_large(self, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        mb = round(self.max_bytes / (1024 * 1024), 2)
        message = f"Request body is larger than the limit of {mb:g} MB. Send a smaller document."
        response = error_response(path, 413, message, self.templates, Request(scope))
        await response(scope, receive, send)


class StoreProvider:
    """One open store per worker thread (SQLite connections stay on the thread that made them)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.target)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - a connection made on another thread; shutting down anyway
                pass


class CorpusCache:
    """Derived data that is slow to compute, kept until the store changes.

    Shift detection over a whole corpus takes minutes at 100k attributions (a permutation
    test per (speaker, topic) series), so it runs in a background thread with its own store
    connection; pages show what is ready and say when it is not, the API can wait for it.
    One speaker's statements and shifts (seconds for the busiest speaker) are kept in a
    small LRU so the second look at a speaker page is fast.
    """

    SPEAKERS_KEPT = 32
    # stats() scans the corpus (~250 ms at 100k attributions), so whether the store changed
    # is checked at most this often; an upload through this app invalidates at once.
    STATS_TTL_S = 5.0

    def __init__(self, target: str, settings: Settings) -> None:
        self.target = target
        self.settings = settings
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._shifts: list[Shift] | None = None
        self._ready = threading.Event()
        self._worker: threading.Thread | None = None
        self._speakers: OrderedDict[tuple[Any, ...], tuple[list[Statement], list[Shift]]] = OrderedDict()
        self._stats: dict[str, Any] | None = None
        self._stats_at = 0.0

    def stats(self, store: Store) -> dict[str, Any]:
        """``store.stats()``, at most ``STATS_TTL_S`` seconds old."""
        with self._lock:
            if self._stats is not None and time.monotonic() - self._stats_at < self.STATS_TTL_S:
                return dict(self._stats)
        stats = store.stats()
        with self._lock:
            self._stats, self._stats_at = stats, time.monotonic()
        return dict(stats)

    def invalidate(self) -> None:
        """Forget everything (after a write through this app)."""
        with self._lock:
            self._stats = None

    def signature(self, store: Store) -> tuple[Any, ...]:
        stats = self.stats(store)
        return tuple(stats.get(k) for k in ("documents", "attributions", "versions", "runs", "speakers"))

    def _refresh(self, key: tuple[Any, ...]) -> None:
        """Start recomputing corpus-wide shifts when the store changed (caller holds the lock)."""
        if key == self._key:
            return
        self._key = key
        self._speakers.clear()
        self._ready.clear()
        self._worker = threading.Thread(target=self._compute, args=(key,), name="saidwhat-shifts", daemon=True)
        self._worker.start()

    def _compute(self, key: tuple[Any, ...]) -> None:
        try:
            store = open_store(self.target)
            try:
                shifts = detect(store.statements(), self.settings)
            finally:
                store.close()
        except Exception:  # noqa: BLE001 - logged; pages fall back to per-speaker detection
            log.exception("corpus-wide shift detection failed")
            shifts = []
        with self._lock:
            if self._key == key:
                self._shifts = shifts
                self._ready.set()

    def shifts(self, store: Store, wait: bool = False) -> list[Shift] | None:
        """Every shift in the corpus, or None while they are being computed (``wait=False``)."""
        key = self.signature(store)
        with self._lock:
            self._refresh(key)
            ready = self._ready
        if wait:
            ready.wait()
        with self._lock:
            return list(self._shifts) if ready.is_set() and self._shifts is not None else None

    def speaker(self, store: Store, name: str, target: str | None = None) -> tuple[list[Statement], list[Shift]]:
        """One speaker's dated statements (optionally on one target) and the shifts in them."""
        from ..tone.statements import is_generic

        key = self.signature(store)
        with self._lock:
            self._refresh(key)
            hit = self._speakers.get((key, name, target))
            if hit is not None:
                self._speakers.move_to_end((key, name, target))
                return hit
            corpus = list(self._shifts) if self._ready.is_set() and self._shifts is not None else None
        statements = store.statements(speaker=name, target=target)
        if corpus is not None and not is_generic(target):
            shifts = [s for s in corpus if s.speaker == name and (target is None or s.target == target)]
        else:
            shifts = detect(statements, self.settings, target)
        with self._lock:
            self._speakers[(key, name, target)] = (statements, shifts)
            while len(self._speakers) > self.SPEAKERS_KEPT:
                self._speakers.popitem(last=False)
        return statements, shifts


def detect(statements: list[Statement], settings: Settings, asked: str | None = None) -> list[Shift]:
    """Shifts found by the tone stage's change-point detection; toward generic targets
    ("Senate", "elections") only when ``asked`` names one."""
    from ..tone.shifts import detect_shifts
    from ..tone.statements import worth_tracking

    return list(detect_shifts(worth_tracking(statements, asked), settings))


def wants_json(path: str) -> bool:
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def error_response(
    path: str, status: int, message: str, templates: Jinja2Templates | None, request: Request | None = None
) -> Response:
    """The one error shape: JSON under /api/, the HTML error page elsewhere."""
    if wants_json(path):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    if templates is None or request is None:
        body = f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1><p>{html.escape(message)}</p>"
        return HTMLResponse(body, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def require_token(request: Request) -> None:
    """Refuse a write unless the request carries the configured token.

    The token comes as ``Authorization: Bearer T`` or ``X-Saidwhat-Token: T``.

    Raises:
        HTTPError: 403 when the server is read-only or the token is wrong, 401 when missing.
    """
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPError(403, "This server is read-only. Restart it with --token to allow uploads.")
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-saidwhat-token")
    if not given:
        raise HTTPError(401, "Missing token. Send 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPError(403, "Wrong token.")


def _status_of(exc: SaidwhatError) -> int:
    if isinstance(exc, (QueryError, InputError)):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def create_app(
    settings: Settings, token: str | None = None, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """Build the web app over the store named by ``settings.db``.

    Args:
        settings: run settings (``db``, ``timeline_bucket``, shift detection settings).
        token: the write token; without one the app is read-only.
        max_upload_mb: the largest request body accepted (413 above it).
        allowed_hosts: Host header names to answer (others get 400); None answers all.

    Returns:
        The ASGI application.
    """
    from . import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="saidwhat",
        description="Who said what, about whom, in what tone, and when. Read-only unless a token is configured.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.token = token or None
    app.state.stores = StoreProvider(settings.db)
    app.state.cache = CorpusCache(settings.db, settings)
    # Corpus text is untrusted: autoescape everything, always (also in .svg or .txt templates).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WEB_DIR / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)
    app.state.templates = templates

    @app.exception_handler(HTTPError)
    async def _http_error(request: Request, exc: HTTPError) -> Response:
        return error_response(request.url.path, exc.status, exc.message, templates, request)

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 or exc.detail != "Not Found" else f"Nothing at {request.url.path}."
        return error_response(request.url.path, exc.status_code, message, templates, request)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
        return error_response(request.url.path, 422, "Invalid request: " + "; ".join(problems) + ".", templates, request)

    @app.exception_handler(SaidwhatError)
    async def _saidwhat_error(request: Request, exc: SaidwhatError) -> Response:
        status = _status_of(exc)
        if status >= 500:
            log.error("error serving %s", request.url.path, exc_info=exc)
        return error_response(request.url.path, status, str(exc), templates, request)

    _add_security_scheme(app)
    _mount_swagger(app)  # before /static, which would shadow /static/swagger
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    # Inside Starlette's ServerErrorMiddleware, outside the routes: sees every request body.
    app.add_middleware(
        SecurityMiddleware, max_bytes=int(max_upload_mb * 1024 * 1024), templates=templates,
        allowed_hosts=allowed_hosts,
    )
    return app


def _add_security_scheme(app: FastAPI) -> None:
    """Declare the bearer token in the OpenAPI description (POST /api/documents uses it)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["bearer"] = {"type": "http", "scheme": "bearer", "description": "the server's --token"}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_swagger(app: FastAPI) -> None:
    """Serve /docs from the vendored Swagger UI (package ``swagger-ui-bundle``), no CDN."""
    try:
        from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]
    except ImportError:
        swagger_ui_path = None
    if swagger_ui_path:
        app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not swagger_ui_path:
            return HTMLResponse(
                '<!doctype html><meta charset="utf-8"><title>saidwhat API</title>'
                '<p>Swagger UI is not installed (pip install swagger-ui-bundle). '
                'The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>.</p>'
            )
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>saidwhat API</title>'
            '<link rel="icon" href="/static/favicon.svg">'
            '<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head><body>'
            '<div id="swagger-ui"></div>'
            '<script src="/static/swagger/swagger-ui-bundle.js"></script>'
            '<script src="/static/docs-init.js"></script></body></html>'
        )
