"""Opening a database made by an older saidwhat upgrades it; a newer one is refused."""

from __future__ import annotations

import pytest
from store_factory import corpus
from store_fixtures import store_target  # noqa: F401  (fixture)

from saidwhat.errors import StoreError
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import is_postgres, open_store
from saidwhat.store.schema import LATEST_VERSION, SQLITE_MIGRATIONS

ALL_VERSIONS = [v for v, _, _ in SQLITE_MIGRATIONS]


def open_at(target: str, version: int):  # type: ignore[no-untyped-def]
    if is_postgres(target):
        from saidwhat.store.postgres import PostgresStore

        return PostgresStore(target, upto=version)
    from saidwhat.store.sqlite import SQLiteStore

    return SQLiteStore(target, upto=version)


def versions(store) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(r["version"]) for r in store._rows("SELECT version FROM schema_version ORDER BY version")]


def test_opening_a_v1_database_upgrades_it_and_keeps_its_rows(store_target: str) -> None:
    old = open_at(store_target, 1)
    old.add_batch(corpus(), None)
    refresh_speakers(old)
    assert versions(old) == [1]
    assert not [r for r in old._rows(
        "SELECT 1 AS present FROM information_schema.views WHERE table_name = 'quotes_view' "
        "AND table_schema = current_schema()"
        if is_postgres(store_target) else "SELECT 1 AS present FROM sqlite_master WHERE name = 'quotes_view'"
    )]  # the views arrive in v2
    old.close()

    upgraded = open_store(store_target)
    try:
        assert versions(upgraded) == ALL_VERSIONS
        assert upgraded.stats()["attributions"] == 5
        rows = upgraded._rows("SELECT speaker, content FROM quotes_view WHERE kind = 'direct'")
        assert [(r["speaker"], r["content"]) for r in rows] == [
            ("Tomas Berg", "The plan is reckless and will bury the city in debt.")
        ]
        # v4: rows stored before it have no said_on and are dated by their publication date.
        assert {r["said_on"] for r in upgraded._rows("SELECT said_on FROM attributions")} == {None}
        assert {(st.said_on, st.when) for st in upgraded.statements(target="*")} == {(None, "2016-03-01"), (None, "2016-03-08")}
    finally:
        upgraded.close()
    again = open_store(store_target)  # opening an up-to-date database changes nothing
    try:
        assert versions(again) == ALL_VERSIONS
    finally:
        again.close()


def test_a_database_from_a_newer_saidwhat_is_refused(store_target: str) -> None:
    store = open_store(store_target)
    with store._write():
        store._execute(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'future', 'x')",
            (LATEST_VERSION + 1,),
        )
    store.close()
    with pytest.raises(StoreError, match=f"schema version {LATEST_VERSION + 1}, newer than this saidwhat"):
        open_store(store_target)


def test_a_missing_lower_version_is_applied_even_above_a_higher_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Migrations are numbered per feature: a database can record a later number and still
    # lack one below it (here v4 applied by hand on a v1 file); opening it applies v2.
    import sqlite3

    from saidwhat.store.schema import SAID_ON_VERSION

    target = str(tmp_path / "gap.db")
    open_at(target, 1).close()
    conn = sqlite3.connect(target)
    conn.executescript(dict((v, sql) for v, _, sql in SQLITE_MIGRATIONS)[SAID_ON_VERSION])
    conn.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'said_on', 'x')",
                 (SAID_ON_VERSION,))
    conn.commit()
    conn.close()
    upgraded = open_store(target)
    try:
        assert versions(upgraded) == ALL_VERSIONS
        assert upgraded._rows("SELECT count(*) AS n FROM sqlite_master WHERE name = 'quotes_view'")[0]["n"] == 1
    finally:
        upgraded.close()
