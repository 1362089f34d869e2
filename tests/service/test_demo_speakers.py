"""Speakers of the demo corpus have one answer: the refresh after an ingest ends where a full
refresh does, and user corrections give the same listing from the CLI and the Python API and
survive re-ingestion (the service decides; the store only keeps rows)."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

import saidwhat
from saidwhat import service
from saidwhat.cli import app
from saidwhat.service.speakers import refresh_speakers

CORPUS = Path(str(resources.files("saidwhat").joinpath("data/corpus")))
EDITED = "dumps/continental-wire-2025-12-04-varga-legal-case.txt"
ANCHOR = "The filing, seen by Continental Wire,"
ADDED = "Varga said that the court would see the listings for what they were, a political act.\n\n"
CORRECTIONS = [("merge", "National Bank", "Veskaran Export Bank"), ("split", "Varga", "Elena Varga")]


def _listing(store) -> list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int]]:  # type: ignore[no-untyped-def]
    return [(s.name, s.type, s.aliases, s.roles, s.count) for s in store.speakers(limit=1000)]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory, settings):  # type: ignore[no-untyped-def]
    """The demo corpus ingested in two runs (text dumps, then the HTML pages and records), and
    what the speaker refresh after the second run did."""
    base = tmp_path_factory.mktemp("demo-speakers")
    pages = base / "pages"
    shutil.copytree(CORPUS, pages)
    db = str(base / "demo.db")
    service.ingest([str(pages / "dumps")], settings, db=db)
    with service.open_existing(db) as store:
        last = store.last_document()
        names_before = len(store.alias_map())
    # The store stage alone leaves speakers stale; the service's incremental refresh follows.
    from saidwhat.store.ingest import ingest as store_ingest

    with service.open_existing(db) as store:
        store_ingest([str(pages / "html"), str(pages / "records.jsonl")], settings, store=store)
        assert store.speakers_stale()
        merged = refresh_speakers(store, last)
        names_after = len(store.alias_map())
    return base, pages, db, merged, names_before, names_after


def test_incremental_refresh_equals_a_full_one_on_the_demo_corpus(demo) -> None:  # type: ignore[no-untyped-def]
    base, _, db, merged, names_before, names_after = demo
    assert names_after > names_before  # the second run brought new names
    assert 0 < merged < names_after  # and the refresh merged only some of them again
    copy = str(base / "full.db")
    shutil.copy(db, copy)
    with service.open_existing(db) as store:
        incremental = _listing(store)
    with service.open_existing(copy) as store:
        refresh_speakers(store)
        full = _listing(store)
    assert ("Elena Varga", "PERSON", ("Elena Varga", "Varga")) in [s[:3] for s in full]
    assert incremental == full


def test_corrections_from_the_cli_and_the_python_api_give_one_listing(demo, settings) -> None:  # type: ignore[no-untyped-def]
    base, _, db, *_ = demo
    by_cli, by_api = str(base / "cli.db"), str(base / "api.db")
    shutil.copy(db, by_cli)
    shutil.copy(db, by_api)
    for action, alias, canonical in CORRECTIONS:
        _cli("speakers", action, alias, canonical, "--db", by_cli)
    corpus = saidwhat.Corpus(by_api)
    assert corpus.merge("National Bank", "Veskaran Export Bank").name == "Veskaran Export Bank"
    assert corpus.split("Varga", "Elena Varga").name == "Varga"

    listed = [_cli("speakers", "--db", target, "--format", "jsonl", "--limit", "1000") for target in (by_cli, by_api)]
    assert listed[0] == listed[1]
    rows = {r["name"]: r for r in map(json.loads, listed[0].splitlines())}
    assert rows["Varga"]["aliases"] == ["Varga"]
    assert rows["Elena Varga"]["aliases"] == ["Elena Varga"]
    assert "National Bank" in rows["Veskaran Export Bank"]["aliases"]
    assert "National Bank" not in rows["National Bank of Veskara"]["aliases"]
    assert saidwhat.Corpus(by_cli).speakers(limit=1000).to_dicts() == corpus.speakers(limit=1000).to_dicts()
    shifts = [_cli("shifts", "--db", target, "--format", "jsonl") for target in (by_cli, by_api)]
    assert shifts[0] == shifts[1]


def test_corrections_survive_re_ingestion(demo, settings) -> None:  # type: ignore[no-untyped-def]
    base, pages, db, *_ = demo
    target = str(base / "reingest.db")
    shutil.copy(db, target)
    corpus = saidwhat.Corpus(target)
    for action, alias, canonical in CORRECTIONS:
        getattr(corpus, action)(alias, canonical)
    edited = pages / EDITED
    text = edited.read_text("utf-8")
    assert ANCHOR in text
    edited.write_text(text.replace(ANCHOR, ADDED + ANCHOR), "utf-8")
    try:
        summary = corpus.ingest([str(pages / "dumps")])
    finally:
        edited.write_text(text, "utf-8")
    assert (summary.documents, summary.new_versions) == (1, 1)
    with service.open_existing(target) as store:
        after = _listing(store)
        by_name = {s[0]: s for s in after}
        assert by_name["Varga"][2] == ("Varga",)
        assert "Varga" not in by_name["Elena Varga"][2]
        assert "National Bank" in by_name["Veskaran Export Bank"][2]
        refresh_speakers(store)
        assert _listing(store) == after
