"""Answers kept per corpus version (service.memo), over a real SQLite store: kept until the
corpus changes, the least recently used dropped first past the row limit."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat.service import memo
from saidwhat.service.memo import remembered
from saidwhat.store import Store, open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
import facetcorpus  # noqa: E402  (the facet tests' invented corpus: five articles, two speakers)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(facetcorpus.build(tmp_path / "memo.db")), create=False)
    yield opened
    opened.close()


class Counted:
    """A computation that counts how often it ran."""

    def __init__(self, rows: int = 1) -> None:
        self.runs = 0
        self.rows = rows

    def __call__(self) -> tuple[int, ...]:
        self.runs += 1
        return (self.runs,) * self.rows


def test_an_answer_is_kept_until_the_corpus_changes(store: Store) -> None:
    compute = Counted()
    assert remembered(store, ("kept",), compute) == (1,)
    assert remembered(store, ("kept",), compute) == (1,)
    store.add_batch(facetcorpus.parsed([("ht-9", "2024-04-01", "Hill Times", [("Ada Quill", "harbour dues", 0.3)])]))
    assert remembered(store, ("kept",), compute) == (2,)
    assert compute.runs == 2


def test_the_least_recently_used_answer_goes_first_past_the_row_limit(store: Store) -> None:
    half = memo.ROW_LIMIT // 2
    first, second, third = Counted(half), Counted(half), Counted(1)
    remembered(store, ("lru", 1), first, rows=len)
    remembered(store, ("lru", 2), second, rows=len)
    remembered(store, ("lru", 1), first, rows=len)  # used again: now the second is the oldest
    remembered(store, ("lru", 3), third, rows=len)  # one row over the limit: the second goes
    remembered(store, ("lru", 1), first, rows=len)
    remembered(store, ("lru", 2), second, rows=len)
    assert (first.runs, second.runs, third.runs) == (1, 2, 1)


def test_an_answer_over_the_row_limit_is_not_kept(store: Store) -> None:
    huge = Counted(memo.ROW_LIMIT + 1)
    remembered(store, ("huge",), huge, rows=len)
    remembered(store, ("huge",), huge, rows=len)
    assert huge.runs == 2


def test_a_speaker_refresh_alone_makes_kept_answers_stale(store: Store) -> None:
    """Documents written by one process and speakers refreshed after them: an answer computed in
    between (from the old speakers) must not outlive the refresh."""
    from saidwhat.service.speakers import refresh_speakers

    compute = Counted()
    store.add_batch(facetcorpus.parsed([("ht-9", "2024-04-01", "Hill Times", [("Ada Quill", "harbour dues", 0.3)])]))
    assert remembered(store, ("between",), compute) == (1,)
    refresh_speakers(store)
    assert remembered(store, ("between",), compute) == (2,)
