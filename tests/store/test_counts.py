"""Grouped counts (charts, topic and outlet pages) on both backends, over ``store_factory.corpus``:
harbour (2016-03-01, Gazette, 2 attributions), school (2016-03-08, Courier, 2), storm (undated,
Gazette, 1). Expected values worked out by hand from that corpus."""

from __future__ import annotations

import pytest
from store_factory import corpus
from store_fixtures import store, store_target  # noqa: F401  (fixtures)

from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import Filter, Store


@pytest.fixture
def filled(store: Store) -> Store:  # noqa: F811
    store.add_batch(corpus())
    refresh_speakers(store)
    return store


def test_daily_counts_leave_undated_documents_out_and_filter(filled: Store) -> None:
    assert filled.daily_counts() == [("2016-03-01", 2), ("2016-03-08", 2)]
    assert filled.daily_counts(Filter(outlets=("gazette",))) == [("2016-03-01", 2)]
    assert filled.daily_counts(Filter(targets=("Ferry Terminal", "free lunches"))) == [("2016-03-01", 2), ("2016-03-08", 1)]
    berg = filled.speaker("Tomas Berg")
    assert berg is not None and filled.daily_counts(Filter(speaker_id=berg.id)) == [("2016-03-01", 1)]
    assert filled.daily_counts(Filter(targets=())) == []


def test_outlet_and_target_counts(filled: Store) -> None:
    assert [(o.name, o.documents, o.count) for o in filled.outlet_counts()] == [("Gazette", 2, 3), ("Courier", 1, 2)]
    targets = {t.name: (t.count, round(t.mean_tone or 0, 3)) for t in filled.target_counts()}
    assert targets == {"ferry terminal": (2, -0.05), "Linda Okafor": (1, -0.4), "free lunches": (1, 0.8)}


def test_speaker_counts_take_the_tone_toward_the_topic(filled: Store) -> None:
    got = sorted((s.name, s.count, round(s.mean_tone or 0, 3)) for s in filled.speaker_counts(Filter(targets=("ferry terminal",))))
    assert got == [("Linda Okafor", 1, 0.7), ("Tomas Berg", 1, -0.8)]


def test_topic_statements_read_one_topic_of_some_speakers(filled: Store) -> None:
    okafor, berg = filled.speaker("Linda Okafor"), filled.speaker("Tomas Berg")
    assert okafor is not None and berg is not None
    found = filled.topic_statements(["Ferry terminal"], [okafor.id])
    assert [(s.speaker, s.target, s.tone, s.published) for s in found] == [("Linda Okafor", "ferry terminal", 0.7, "2016-03-01")]
    assert len(filled.topic_statements(["ferry terminal"], [okafor.id, berg.id])) == 2
    assert filled.topic_statements([], [okafor.id]) == []
