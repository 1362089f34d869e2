"""Fuzzing the readers and the cleaners (hypothesis): no input crashes or hangs them.

Kept to a few dozen cases per test so the suite stays fast; ``python bench/fuzz.py``
runs 10,000 seeded cases of the same generator and reports cases run, crashes and hangs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from fuzzcases import SUFFIXES, make_case, run_case
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from saidwhat.clean import clean
from saidwhat.errors import SaidwhatError
from saidwhat.models import Article, RawPage, Skipped

FAST = hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every code point, lone surrogates included (JSON can carry them as escapes).
ANY_CHAR = st.characters(codec=None, categories=None, exclude_categories=())
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(ANY_CHAR, max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(ANY_CHAR, max_size=8), inner, max_size=4),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FAST
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_documents_never_crash_or_hang(folder: Path, settings, seed: int) -> None:  # type: ignore[no-untyped-def]
    name, data = make_case(random.Random(seed))
    assert run_case(folder, name, data, settings) is None


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_under_any_suffix(folder: Path, settings, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    assert run_case(folder, b"bytes" + suffix.encode(), data, settings) is None


@FAST
@given(records=st.lists(st.dictionaries(st.sampled_from(["id", "text", "title", "html", "published"]), JSON), max_size=4))
def test_any_json_records(folder: Path, settings, records: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    data = "\n".join(json.dumps(r) for r in records).encode()
    assert run_case(folder, b"records.jsonl", data, settings) is None


@FAST
@given(text=st.text(ANY_CHAR.filter(lambda c: not "\ud800" <= c <= "\udfff"), max_size=2000),
       fmt=st.sampled_from(["text", "html"]))
def test_cleaners_take_any_text(settings, text: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    try:
        result = clean(RawPage("fuzz", "fuzz", text, fmt), settings)  # type: ignore[arg-type]
    except SaidwhatError:
        return
    assert isinstance(result, (Article, Skipped))
    if isinstance(result, Article):
        result.text.encode("utf-8")
