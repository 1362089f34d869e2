"""The web app: ``create_app(settings)`` builds a FastAPI app over one store.

    create_app ──▶ SecurityMiddleware (body limit → 413, CSP and friends on every response)
               ├── pages.router   HTML: /, /search, /articles, /articles/{id}, /speakers, ...
               ├── api.router     JSON under /api/ (OpenAPI at /openapi.json, docs at /docs)
               ├── facet_routes   /api/volume, /api/topics, /api/outlets; /topics, /outlets pages
               ├── trail_routes   /api/trails and the /trails pages (quote trails)
               ├── corrections    POST: merge/split/rename a speaker, mark an attribution wrong
               ├── /static        CSS, JS and the vendored Swagger UI, all served by the app
               └── one error handler: JSON {"ok": false, "error", "status"} under /api/,
                   the HTML error page elsewhere; only 500s log a traceback.

The app is read-only unless a token is configured; every write route calls
:func:`saidwhat.web.security.require_token`.
"""

from __future__ import annotations

import html
import logging
import threading
import time
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
from ..service import open_existing
from ..store import Store
from .api import router as api_router
from .corrections import api_router as corrections_api_router
from .corrections import pages_router as corrections_pages_router
from .errors import HTTPError
from .facet_routes import api_router as facet_api_router
from .facet_routes import pages_router as facet_pages_router
from .pages import router as pages_router
from .trail_routes import api_router as trail_api_router
from .trail_routes import pages_router as trail_pages_router

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

        if self.allowed_hosts is not None:
            # A web page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding);
            # a server bound to loopback answers only to the loopback names.
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                response = error_response(path, 400, f"Unknown Host header {host!r}.", self.templates, Request(scope))
                await response(scope, receive, secured_send)
                return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._too_large(path, scope, receive, secured_send)
            return
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

    def __init__(self, target: str, search_time_limit_ms: int | None = None) -> None:
        self.target = target
        self.search_time_limit_ms = search_time_limit_ms
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_existing(self.target, search_time_limit_ms=self.search_time_limit_ms)
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
    """Corpus counts, kept a few seconds: stats() scans the corpus (~250 ms at 100k attributions).

    Shifts need no cache here: the service keeps them in the store, computed once.
    """

    STATS_TTL_S = 5.0

    def __init__(self, target: str, settings: Settings) -> None:
        self.target = target
        self.settings = settings
        self._lock = threading.Lock()
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
    app.state.stores = StoreProvider(settings.db, settings.search_time_limit_ms)
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

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> Response:
        # A number or date past what Python, SQLite or the calendar holds is the request's fault.
        return error_response(request.url.path, 400, "A number or date in the request is out of range.", templates, request)

    @app.exception_handler(SaidwhatError)
    async def _saidwhat_error(request: Request, exc: SaidwhatError) -> Response:
        status = _status_of(exc)
        if status >= 500:
            log.error("error serving %s", request.url.path, exc_info=exc)
        return error_response(request.url.path, status, str(exc), templates, request)

    _add_security_scheme(app)
    _mount_swagger(app)  # before /static, which would shadow /static/swagger
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    app.include_router(api_router)
    app.include_router(corrections_api_router)
    app.include_router(pages_router)
    app.include_router(corrections_pages_router)
    app.include_router(trail_api_router)
    app.include_router(trail_pages_router)
    app.include_router(facet_api_router)
    app.include_router(facet_pages_router)

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
