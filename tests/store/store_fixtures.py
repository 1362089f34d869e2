"""Fixtures of the store tests (imported by each test module; the one conftest stays global).

``store_target`` yields a fresh, empty database for each backend: a SQLite file in
``tmp_path``, and a PostgreSQL schema of its own in the server named by
``SAIDWHAT_TEST_PG_DSN`` (``.ci/postgres.sh`` starts one). Without that variable the
PostgreSQL cases skip with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saidwhat.store import Store, open_store

PG_ENV = "SAIDWHAT_TEST_PG_DSN"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
STORE_DATA = Path(__file__).resolve().parent / "data"


def pg_dsn() -> str:
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run: eval \"$(.ci/postgres.sh)\")")
    return dsn


def with_schema(dsn: str, schema: str) -> str:
    """``dsn`` with ``search_path`` set to ``schema`` (libpq ``options``)."""
    joiner = "&" if "?" in dsn else "?"
    return f"{dsn}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database target per backend: a file path or a DSN."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    import psycopg

    dsn = pg_dsn()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(dsn, schema)
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    """An open, empty store on each backend."""
    opened = open_store(store_target)
    try:
        yield opened
    finally:
        opened.close()


def dump(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an ingest decides, keyed by natural keys (no ids, times or run numbers)."""
    q = store._rows  # the store's own connection: same snapshot rules on both backends
    return {
        "documents": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT path, doc_id, version, is_latest, content_hash, title, published, published_date, outlet, "
            "author, kind, url, venue, text, raw, offsets, segments FROM documents ORDER BY path, version")],
        "attributions": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT d.path, d.version, a.ordinal, a.kind, a.content_spans, a.source_spans, a.cue_spans, "
            "a.content_text, a.source_text, a.cue_text, a.cue_lemma, a.speaker_name, a.speaker_type, a.role, "
            "a.tone, a.polarity, a.venue, a.confidence FROM attributions a JOIN documents d ON d.id = a.document_id "
            "ORDER BY d.path, d.version, a.ordinal")],
        "targets": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT d.path, d.version, a.ordinal, t.ordinal, t.name, t.type, t.tone, t.polarity FROM targets t "
            "JOIN attributions a ON a.id = t.attribution_id JOIN documents d ON d.id = a.document_id "
            "ORDER BY d.path, d.version, a.ordinal, t.ordinal")],
        "speakers": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT name, type, roles, attributions FROM speakers ORDER BY name")],
        "aliases": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT a.alias, s.name FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id ORDER BY a.alias")],
        "skipped": [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in q(
            "SELECT path, doc_id, stage, reason FROM skipped ORDER BY path, stage, reason")],
    }
