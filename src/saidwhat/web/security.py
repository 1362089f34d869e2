"""Who may write: the token check every write route calls."""

from __future__ import annotations

import hmac

from fastapi import Request

from .errors import HTTPError

READ_ONLY = "This server is read-only. Restart it with --token to allow uploads and corrections."


def require_token(request: Request) -> None:
    """Refuse a write unless the request carries the configured token.

    The token comes as ``Authorization: Bearer T`` or ``X-Saidwhat-Token: T``.

    Raises:
        HTTPError: 403 when the server is read-only or the token is wrong, 401 when missing.
    """
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-saidwhat-token")
    check_token(request, given, "Missing token. Send 'Authorization: Bearer <token>'.")


def check_token(request: Request, given: str | None, missing: str = "Missing token. Fill in the token field.") -> None:
    """Refuse a write unless ``given`` (from a header or a form field) is the configured token.

    Raises:
        HTTPError: 403 when the server is read-only or the token is wrong, 401 when missing.
    """
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPError(403, READ_ONLY)
    if not given:
        raise HTTPError(401, missing)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPError(403, "Wrong token.")
