"""Versioned migrations: opening a database made by an older saidwhat upgrades it in place.

``schema_version`` holds one row per applied migration. Each migration runs in its own
transaction under the writer lock and re-reads the version first, so two processes
opening the same old file at once apply it exactly once.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import StoreError
from .schema import LATEST_VERSION, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS
from .sql import now

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def _too_new(target: str, found: int) -> StoreError:
    return StoreError(
        f"Database {target} has schema version {found}, newer than this saidwhat knows "
        f"({LATEST_VERSION}). Upgrade saidwhat to open it."
    )


def _statements(script: str) -> list[str]:
    """Split a SQLite script into statements (trigger bodies stay whole)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        out.append(buf.strip())
    return out


def sqlite_version(conn: sqlite3.Connection) -> int:
    """The schema version of a SQLite database (0: empty)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def _sqlite_applied(conn: sqlite3.Connection) -> set[int]:
    if sqlite_version(conn) == 0:
        return set()
    return {int(r[0]) for r in conn.execute("SELECT version FROM schema_version")}


def migrate_sqlite(conn: sqlite3.Connection, target: str, upto: int | None = None) -> int:
    """Bring a SQLite database (autocommit connection) up to ``upto`` (default: latest).

    Returns:
        The schema version after migrating.
    """
    if sqlite_version(conn) > LATEST_VERSION:
        raise _too_new(target, sqlite_version(conn))
    goal = LATEST_VERSION if upto is None else upto
    for version, description, script in SQLITE_MIGRATIONS:
        # Each missing version is applied, not only those above the highest: migrations are
        # numbered per feature, so a file may hold 5 and still lack 4.
        if version > goal or version in _sqlite_applied(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(VERSION_TABLE)
            if version in _sqlite_applied(conn):  # another process got here first
                conn.execute("COMMIT")
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (version, description, now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return sqlite_version(conn)


def postgres_version(conn: Any) -> int:
    """The schema version of a PostgreSQL database (0: empty)."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL AS present").fetchone()
    if not row["present"]:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) AS v FROM schema_version").fetchone()["v"])


# Any constant works as long as every saidwhat process uses the same one.
PG_LOCK_KEY = 0x5A1D_3A7


def _postgres_applied(conn: Any) -> set[int]:
    if postgres_version(conn) == 0:
        return set()
    return {int(r["version"]) for r in conn.execute("SELECT version FROM schema_version").fetchall()}


def migrate_postgres(conn: Any, target: str, upto: int | None = None) -> int:
    """Bring a PostgreSQL database (autocommit psycopg connection, dict rows) up to ``upto``."""
    if postgres_version(conn) > LATEST_VERSION:
        raise _too_new(target, postgres_version(conn))
    goal = LATEST_VERSION if upto is None else upto
    for version, description, script in POSTGRES_MIGRATIONS:
        if version > goal or version in _postgres_applied(conn):
            continue
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK_KEY,))
            conn.execute(VERSION_TABLE)
            if version in _postgres_applied(conn):
                continue
            conn.execute(script)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (%s, %s, %s)",
                (version, description, now()),
            )
    return postgres_version(conn)
