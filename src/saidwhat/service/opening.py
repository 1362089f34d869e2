"""Opening a store the way every shell does: reads never create one, damage is one clear line.

    open_existing(target)   read commands, the web app, Corpus(): a missing SQLite file is an
                            error naming the file and the fix, never a new empty database
    open_or_create(target)  ingest, demo: creates and migrates as needed

Both return the store behind a guard that turns SQLite's "database disk image is malformed"
(raised on whichever query first touches a damaged page, long after opening) into a
``StoreError`` that names the file and says what to do.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any, cast

from ..errors import StoreError
from ..store import Store, is_postgres, open_store


def missing(target: str) -> StoreError:
    """The error for a database file that does not exist."""
    return StoreError(f"Database {target} does not exist. Create it with: saidwhat ingest PATH --db {target}")


def damaged(target: str, exc: BaseException) -> StoreError:
    """The error for a database SQLite cannot read (or a file that is not one)."""
    reason = str(exc).rstrip(".")
    if "locked" in reason or "busy" in reason:
        return StoreError(f"Database {target} is busy ({reason}); another process is writing it. Try again.")
    if "readonly" in reason or "read-only" in reason:
        return StoreError(f"Database {target} is read-only ({reason}). Copy it somewhere writable first.")
    return StoreError(
        f"Database {target} is damaged or not a saidwhat database ({reason}). "
        f"Move it aside and rebuild it with: saidwhat ingest PATH --db {target}"
    )


class _Guarded:
    """A store whose SQLite errors become ``StoreError`` naming the file (see module doc)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.target = store.target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._store, name)
        if not callable(value):
            return value

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return value(*args, **kwargs)
            except sqlite3.DatabaseError as exc:
                raise damaged(self.target, exc) from None

        return call

    def __enter__(self) -> _Guarded:
        return self

    def __exit__(self, *exc: object) -> None:
        self._store.close()


def _open(target: str, create: bool, search_time_limit_ms: int | None = None) -> Store:
    if not create and not is_postgres(target) and target != ":memory:" and not Path(target).exists():
        raise missing(target)
    try:
        store = open_store(target, create=create, search_time_limit_ms=search_time_limit_ms)
    except sqlite3.DatabaseError as exc:
        raise damaged(target, exc) from None
    return cast(Store, _Guarded(store))


def open_existing(target: str, search_time_limit_ms: int | None = None) -> Store:
    """Open a store that must already exist (every read).

    Args:
        target: a SQLite file path or a ``postgresql://`` DSN.
        search_time_limit_ms: stop a full-text search after this long (setting
            ``search_time_limit_ms``); None keeps the store's default.

    Returns:
        The open store (close it, or use it as a context manager).

    Raises:
        StoreError: the file does not exist, is not a saidwhat database, or is damaged.
    """
    return _open(target, create=False, search_time_limit_ms=search_time_limit_ms)


def open_or_create(target: str) -> Store:
    """Open a store to write to, creating and migrating it as needed (ingest, demo).

    Raises:
        StoreError: the database cannot be created, opened or migrated.
    """
    return _open(target, create=True)
