"""``saidwhat serve``: the web app and REST API over one database."""

from __future__ import annotations

import ipaddress
import socket
from typing import Optional

import typer

from .. import service
from ..errors import InputError
from .app import CONFIG_OPTION, app, err, settings_from

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")  # Host headers a loopback server answers


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help="SQLite file or postgresql:// DSN (default: the db setting)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default accepts local connections only."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", envvar="SAIDWHAT_TOKEN", help="Write token for uploads (POST /api/documents); without it the server is read-only."),
    max_upload_mb: float = typer.Option(10.0, "--max-upload-mb", min=0.001, help="Largest request body accepted (413 above it)."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Serve the web app (annotated articles, speakers, search, compare) and the REST API."""
    import uvicorn

    from ..web.app import create_app

    settings = settings_from(config, db=db)
    store = service.open_existing(settings.db)  # missing or damaged: one line, before serving
    local = is_loopback(host)
    allowed = (*LOOPBACK_HOSTS, host.lower()) if local else None
    application = create_app(settings, token=token, max_upload_mb=max_upload_mb, allowed_hosts=allowed)
    if not local:
        err.print(
            f"Warning: binding to {host}, so other machines can reach this server"
            f"{'' if token else ' (read-only: no --token)'}. Use --host 127.0.0.1 to keep it local.",
            highlight=False, markup=False, soft_wrap=True,
        )
    # Shifts are detected once and kept in the store; a store made before they were cached
    # gets them now, not in the middle of the first request (and before the port opens).
    with store:
        service.shifts(store, settings)
    sock = bind(host, port)  # before "Serving": a busy port is an error, not a promise broken later
    mode = "uploads allowed with the token" if token else "read-only"
    err.print(f"Serving {settings.db} at http://{host}:{port}/ ({mode}); API docs at /docs", highlight=False, markup=False, soft_wrap=True)
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning"))
    server.run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``.

    Raises:
        InputError: the port is taken (or the address cannot be bound), naming it and the fix.
    """
    name = host.strip("[]")
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((name, port))  # the server listens on it once it runs, after "Serving"
    except OSError as exc:
        sock.close()
        raise InputError(
            f"Cannot serve on {host}:{port}: {exc.strerror or exc}. Another server may be using the port; "
            f"pick a free one with --port N."
        ) from None
    sock.set_inheritable(True)
    return sock
