"""The service on both backends: the shift cache (schema v3) and the incremental speaker refresh."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS / "store"), str(TESTS / "web"), str(TESTS / "service")]

import webcorpus  # noqa: E402
from store_fixtures import store_target  # noqa: E402,F401  (fixture: a fresh SQLite file or PostgreSQL schema)
from test_speaker_refresh import (  # noqa: E402
    ORGS_1,
    ORGS_2,
    PEOPLE_1,
    PEOPLE_2,
    _docs,
    _speakers,
    refresh_in_batches_equals_a_full_refresh,
)

from saidwhat import service  # noqa: E402
from saidwhat.service.speakers import refresh_speakers  # noqa: E402


def test_shifts_are_cached_and_compared_on_each_backend(store_target: str, settings) -> None:  # type: ignore[no-untyped-def]
    with service.open_or_create(store_target) as store:
        store.add_batch(webcorpus.parsed_corpus())
        refresh_speakers(store)
        found = service.shifts(store, settings)
        assert sorted((s.speaker, s.target) for s in found) == [("Jane Holloway", "bridge"), ("Marcus Webb", "bridge")]
        assert len(store.cached_shifts()) == 4  # topic and overall tone, kept
        assert store.shift_state() == (service.shifts_cache_key(store, settings), [])
        again = service.shifts(store, settings)
        assert again == found
        result = service.compare(store, settings, "Jane Holloway", "Marcus Webb", "bridge")
        assert result.moved is not None and result.moved.first == "Jane Holloway"
        assert service.resolve_topic(store, "BRIDGE") == "bridge"


def test_incremental_speaker_refresh_on_each_backend(store_target: str) -> None:
    with service.open_or_create(store_target) as store:
        store.add_batch(_docs("a", PEOPLE_1, ORGS_1, 1))
        refresh_speakers(store)
        last = store.last_document()
        store.add_batch(_docs("b", PEOPLE_2, ORGS_2, 10))
        refresh_speakers(store, last)
        incremental = _speakers(store)
        refresh_speakers(store)
        assert _speakers(store) == incremental


def test_refresh_in_batches_equals_a_full_refresh_on_each_backend(store_target: str) -> None:
    partial, runs = refresh_in_batches_equals_a_full_refresh(store_target, range(3))
    assert partial > runs * 0.9


# Made in this order; the last word on (Kerry, John Kerry) is the merge.
CORRECTIONS = [("merge", "Greenpeace", "State Department"), ("split", "Kerry", "John Kerry"),
               ("merge", "Kerry", "John Kerry"), ("split", "Merkel", "Angela Merkel")]


def test_corrections_from_the_cli_on_each_backend_equal_the_python_api_on_sqlite(
    store_target: str, tmp_path: Path,
) -> None:
    import json

    from typer.testing import CliRunner

    from saidwhat import Corpus
    from saidwhat.cli import app

    reference = str(tmp_path / "reference.db")
    for target in (store_target, reference):
        with service.open_or_create(target) as store:
            store.add_batch(_docs("a", PEOPLE_1, ORGS_1, 1))
            refresh_speakers(store)
    runner = CliRunner()
    for action, alias, canonical in CORRECTIONS:
        result = runner.invoke(app, ["speakers", action, alias, canonical, "--db", store_target])
        assert result.exit_code == 0, result.output
        getattr(Corpus(reference), action)(alias, canonical)
    listed = runner.invoke(app, ["speakers", "--db", store_target, "--format", "jsonl", "--limit", "1000"])
    by_cli = [{k: v for k, v in json.loads(line).items() if k != "id"} for line in listed.stdout.splitlines()]
    by_api = [{k: v for k, v in row.items() if k != "id"} for row in Corpus(reference).speakers(limit=1000).to_dicts()]
    assert by_cli == by_api
    aliases = {row["name"]: row["aliases"] for row in by_cli}
    assert "Greenpeace" in aliases["State Department"] and "Kerry" in aliases["John Kerry"]
    assert aliases["Merkel"] == ["Merkel"] and "Merkel" not in aliases["Angela Merkel"]
