"""Each target's calibrated tone probabilities in the store (migration 14), and the weight they give."""

from __future__ import annotations

from dataclasses import replace

from store_factory import corpus
from store_fixtures import store, store_target  # noqa: F401  (fixtures)
from test_migrations import open_at, versions

from saidwhat.models import Parsed
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store

BERG = {"ferry terminal": (0.85, 0.1, 0.05), "Linda Okafor": (0.3, 0.6, 0.1)}


def with_probabilities() -> list:  # type: ignore[type-arg]
    """The store corpus, Tomas Berg's targets with probabilities (the others have none)."""
    out = []
    for item in corpus():
        if isinstance(item, Parsed) and item.article.doc_id == "harbour":
            atts = tuple(
                replace(a, targets=tuple(replace(t, probabilities=BERG[t.name]) for t in a.targets))
                if a.speaker == "Tomas Berg" else a
                for a in item.attributions
            )
            item = replace(item, attributions=atts)
        out.append(item)
    return out


def test_probabilities_are_stored_and_weigh_statements(store) -> None:  # type: ignore[no-untyped-def]
    store.add_batch(with_probabilities(), None)
    refresh_speakers(store)
    berg = {st.target: (st.probabilities, round(st.weight, 4)) for st in store.statements("Tomas Berg")}
    assert berg == {
        "*": (None, 1.0),
        "ferry terminal": ((0.85, 0.1, 0.05), 0.9),
        "Linda Okafor": ((0.3, 0.6, 0.1), 0.4),
    }
    okafor = [st for st in store.statements("Linda Okafor") if st.target == "ferry terminal"]
    assert [(st.probabilities, st.weight) for st in okafor] == [(None, 1.0)]
    harbour = next(a for a in store.articles() if a.doc_id == "harbour")
    targets = [t for a in store.article(harbour.id).attributions for t in a.targets]
    assert [(t.name, t.probabilities) for t in targets] == [
        ("ferry terminal", None), ("ferry terminal", (0.85, 0.1, 0.05)), ("Linda Okafor", (0.3, 0.6, 0.1)),
    ]


def test_a_v7_database_gains_the_columns_and_its_old_targets_weigh_one(store_target: str) -> None:
    old = open_at(store_target, 7)
    old.add_batch(corpus(), None)
    refresh_speakers(old)
    assert 14 not in versions(old)
    old.close()
    upgraded = open_store(store_target)
    try:
        assert 14 in versions(upgraded)
        berg = [st for st in upgraded.statements("Tomas Berg") if st.target != "*"]
        assert [(st.target, st.probabilities, st.weight) for st in berg] == [
            ("ferry terminal", None, 1.0), ("Linda Okafor", None, 1.0),
        ]
        assert {r["p_neutral"] for r in upgraded._rows("SELECT p_neutral FROM targets")} == {None}
    finally:
        upgraded.close()


def test_topic_pages_read_the_same_probabilities(store) -> None:  # type: ignore[no-untyped-def]
    """The topic pages' statements (read by target name) weigh as the speaker's timeline does."""
    store.add_batch(with_probabilities(), None)
    refresh_speakers(store)
    berg = store.speaker("Tomas Berg")
    found = store.topic_statements(["ferry terminal", "Linda Okafor"], [berg.id])
    assert sorted((st.target, st.probabilities, round(st.weight, 4)) for st in found) == [
        ("Linda Okafor", (0.3, 0.6, 0.1), 0.4),
        ("ferry terminal", (0.85, 0.1, 0.05), 0.9),
    ]
