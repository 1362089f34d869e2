"""The sample corpus's planted shifts, found by the whole pipeline (see data/corpus/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat import pipeline
from saidwhat.ingest import iter_pages, resolve_inputs
from saidwhat.models import Parsed
from saidwhat.records import to_record
from saidwhat.tone.shifts import detect_shifts, who_moved_first
from saidwhat.tone.statements import select, statements_from_records

CORPUS = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "data" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def statements(settings):  # type: ignore[no-untyped-def]
    if not (CORPUS / "README.md").is_file():
        pytest.skip("the sample corpus is not present")
    results = pipeline.run(pipeline.dedupe(iter_pages(resolve_inputs([str(CORPUS)]), settings)), settings)
    return statements_from_records(to_record(r) for r in results if isinstance(r, Parsed))


@pytest.mark.parametrize(
    ("speaker", "topic", "when", "direction"),
    [("Elena Varga", "sanctions", "2026-01-15", "warmer"), ("Tomas Reiner", "ceasefire", "2026-03-16", "cooler")],
)
def test_planted_shift_is_found(statements, settings, speaker, topic, when, direction) -> None:  # type: ignore[no-untyped-def]
    found = detect_shifts(select(statements, speaker, topic), settings)
    # The README gives the first statement of the new regime: the shift is dated on it.
    assert [(s.direction, s.date) for s in found] == [(direction, when)]


@pytest.mark.parametrize(
    ("speaker", "topic"),
    [("Katarina Holm", "elections"), ("International Migration Council", "migration"),
     ("Pieter Vandermeer", "trade agreement")],
)
def test_control_speakers_show_no_shift(statements, settings, speaker, topic) -> None:  # type: ignore[no-untyped-def]
    series = select(statements, speaker, topic)
    assert len(series) >= settings.min_statements  # long enough that a shift could be reported
    assert detect_shifts(series, settings) == []


def test_varga_moved_first(statements, settings) -> None:  # type: ignore[no-untyped-def]
    varga = detect_shifts(select(statements, "Elena Varga", "sanctions"), settings)
    reiner = detect_shifts(select(statements, "Tomas Reiner", "ceasefire"), settings)
    moved = who_moved_first(varga, reiner)
    assert moved is not None
    assert (moved.first, moved.second) == ("Elena Varga", "Tomas Reiner")
    assert moved.days == 60  # planted: 2026-01-15 -> 2026-03-16
