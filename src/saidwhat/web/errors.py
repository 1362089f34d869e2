"""The error routes raise: turned into the one error shape by the app's handler."""

from __future__ import annotations


class HTTPError(Exception):
    """An error with an HTTP status, raised by routes (turned into the one error shape)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
