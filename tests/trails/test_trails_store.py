"""Trails through a real SQLite store: grouping, labels, first appearance, incremental updates."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from trails_corpus import ARTICLES, BUDGET, ORIGINAL, STOCK, corpus, parsed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_fixtures import store_target  # noqa: E402,F401  (fixture: a SQLite file, or PostgreSQL)

from saidwhat.errors import QueryError
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store
from saidwhat.store.base import Store
from saidwhat.trails import get, query, update_trails


def build(target: str, batches: list[list[int]]) -> Store:
    """A store holding ARTICLES, written batch by batch with trails updated after each."""
    store = open_store(target)
    for batch in batches:
        store.add_batch([parsed(*ARTICLES[i]) for i in batch])
        refresh_speakers(store)
        update_trails(store)  # type: ignore[arg-type]
    return store


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = build(store_target, [list(range(len(ARTICLES)))])
    yield s
    s.close()


def test_the_statement_trail_lists_every_printing_with_its_label(store: Store) -> None:
    trails = query(store)  # type: ignore[arg-type]
    assert [(t.text, t.speaker, len(t.outlets)) for t in trails] == [
        (ORIGINAL, "Hana Kovac", 7), (BUDGET, "Piotr Lind", 2),
    ]
    kovac = trails[0]
    assert (kovac.first.outlet, kovac.first.published) == ("Atlas Wire", "2026-03-02")  # tie: by outlet
    assert [(a.outlet, a.published, a.speaker, a.variant, a.negation) for a in kovac.appearances] == [
        ("Atlas Wire", "2026-03-02", "Hana Kovac", "verbatim", False),
        ("Northern Post", "2026-03-02", "Hana Kovac", "verbatim", False),
        ("Daily Courier", "2026-03-03", "Hana Kovac", "verbatim", False),
        ("River Times", "2026-03-03", "Hana Kovac", "trimmed", False),
        ("Evening Ledger", "2026-03-04", "Hana Kovac", "extended", False),
        ("Free Voice", "2026-03-05", "Hana Kovac", "altered", True),
        ("Morning Herald", "2026-03-05", "Piotr Lind", "misattributed", False),
    ]
    assert kovac.to_record()["appearances"][5]["diff"] == [
        {"op": "delete", "from": "not", "to": "", "negation": True}
    ]
    assert kovac.to_record()["first"] == {"doc": "atlas-1", "outlet": "Atlas Wire", "published": "2026-03-02"}


def test_look_alikes_and_the_stock_phrase_get_no_trail(store: Store) -> None:
    texts = {a.quote for t in query(store) for a in t.appearances}  # type: ignore[arg-type]
    assert not any("taxes" in q or "coast" in q or q == STOCK for q in texts)
    assert len(texts) == 6  # 5 distinct printings of Kovac's remark + the budget line


def test_filters_by_variant_speaker_and_date(store: Store) -> None:
    def ids(**kw: object) -> list[str]:
        return [t.speaker or "" for t in query(store, **kw)]  # type: ignore[arg-type]

    assert ids(variant="altered") == ["Hana Kovac"]
    assert ids(variant="misattributed") == ["Hana Kovac"]
    assert ids(variant="verbatim") == ["Hana Kovac", "Piotr Lind"]
    assert ids(speaker="piotr lind") == ["Hana Kovac", "Piotr Lind"]  # he is misquoted in one
    assert ids(speaker="Hana Kovac") == ["Hana Kovac"]
    assert ids(since="2026-03-03") == ["Piotr Lind"]
    assert ids(limit=1, offset=1) == ["Piotr Lind"]
    with pytest.raises(QueryError, match="Variant 'doctored' is not one of: verbatim, trimmed"):
        query(store, variant="doctored")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="No speaker named 'Nobody Known'. List them with: saidwhat speakers"):
        query(store, speaker="Nobody Known")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="since 'March' is not a date"):
        query(store, since="March")  # type: ignore[arg-type]


def test_one_trail_by_id_and_the_links_from_quotes(store: Store) -> None:
    first = query(store)[0]  # type: ignore[arg-type]
    again = get(store, first.id)  # type: ignore[arg-type]
    assert again == first
    assert get(store, 999) is None  # type: ignore[arg-type]
    links = store.trails_of([a.attribution_id for a in first.appearances] + [7])  # type: ignore[attr-defined]
    assert links == {a.attribution_id: first.id for a in first.appearances}  # 7: the taxes decoy


def test_the_datasette_view_lists_every_printing_of_repeated_statements(store: Store) -> None:
    rows = store._rows("SELECT outlet, speaker, quote FROM trails_view ORDER BY segment_id")  # type: ignore[attr-defined]
    assert len(rows) == 9  # seven printings of Kovac's remark, two of Lind's budget line
    assert (rows[0]["outlet"], rows[0]["speaker"], rows[0]["quote"]) == ("Northern Post", "Hana Kovac", ORIGINAL)


def test_updating_again_adds_nothing(store: Store) -> None:
    before = [t.to_record() for t in query(store)]  # type: ignore[arg-type]
    assert update_trails(store) == 0  # type: ignore[arg-type]
    assert [t.to_record() for t in query(store)] == before  # type: ignore[arg-type]


def test_one_article_at_a_time_gives_the_same_trails_as_all_at_once(tmp_path: Path, store: Store) -> None:
    expected = [t.to_record() for t in query(store)]  # type: ignore[arg-type]
    one_by_one = build(str(tmp_path / "incremental.db"), [[i] for i in range(len(ARTICLES))])
    try:
        assert [t.to_record() for t in query(one_by_one)] == expected  # type: ignore[arg-type]
    finally:
        one_by_one.close()


def test_reverse_order_gives_the_same_groups_and_first_appearance(tmp_path: Path, store: Store) -> None:
    def groups(s: Store) -> list[tuple[str, list[tuple[str, str]]]]:
        return sorted(
            (t.first.doc, sorted((a.doc, a.variant) for a in t.appearances))
            for t in query(s)  # type: ignore[arg-type]
        )

    reverse = build(str(tmp_path / "reverse.db"), [[i] for i in reversed(range(len(ARTICLES)))])
    try:
        assert groups(reverse) == groups(store)
    finally:
        reverse.close()


def test_an_older_printing_ingested_later_becomes_the_first(store: Store) -> None:
    early = ("early-1", "Zenith Daily", "2026-03-01", [
        ("Hana Kovac", f"Kovac said: “{ORIGINAL}”", ORIGINAL, "direct"),
    ])
    store.add_batch([parsed(*early)])
    refresh_speakers(store)
    assert update_trails(store) == 1  # type: ignore[arg-type]
    kovac = query(store)[0]  # type: ignore[arg-type]
    assert (kovac.first.doc, kovac.first.outlet, len(kovac.appearances)) == ("early-1", "Zenith Daily", 8)


def test_corpus_helper_holds_every_article() -> None:
    assert [p.article.doc_id for p in corpus()] == [a[0] for a in ARTICLES]


def test_a_remark_printed_more_often_than_a_stock_phrase_key_allows_stays_one_trail(store_target: str) -> None:
    from saidwhat.trails import build

    viral = [(f"viral-{i}", f"Outlet {i}", f"2026-04-{1 + i % 28:02d}", [
        ("Hana Kovac", f"In town {i}, Kovac said: “{BUDGET}”", BUDGET, "direct"),
    ]) for i in range(12)]
    store = open_store(store_target)
    try:
        for article in viral:  # one at a time: each update finds the trail through hot keys
            store.add_batch([parsed(*article)])
            update_trails(store, chunk=50)  # type: ignore[arg-type]
        hot, build.HOT_KEY = build.HOT_KEY, 3
        try:
            store.add_batch([parsed("late-1", "Late Outlet", "2026-05-01", [
                ("Hana Kovac", f"Kovac said: “{BUDGET}”", BUDGET, "direct")])])
            update_trails(store)  # type: ignore[arg-type]
            trails = query(store)  # type: ignore[arg-type]
        finally:
            build.HOT_KEY = hot
        assert [(len(t.appearances), len(t.outlets)) for t in trails] == [(13, 13)]
    finally:
        store.close()
