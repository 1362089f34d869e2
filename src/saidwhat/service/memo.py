"""Answers kept in memory until the corpus changes: grouped counts over a whole store
(topic families, outlets, volumes), a speaker's statements and the decoded shift listing
cost a scan of many rows, and pages ask for them on every request.

The key holds the store's ``corpus_version()`` (new documents, rewritten speakers, speaker
corrections or wrong marks change it, a few lookups), so an answer is never served for a corpus it was
not computed on, and a store's answers for an older version are dropped when it changes.
The least recently used answer goes first when more than ``LIMIT`` answers, or answers of
more than ``ROW_LIMIT`` rows (statements, shifts) in all, are kept: a page that asks for
many different filters does not push out what every page needs, and a large corpus does not
fill the memory (a statement kept costs about 300 bytes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..store import Store

T = TypeVar("T")
LIMIT = 256  # answers kept
ROW_LIMIT = 400_000  # rows kept in all (answers that say how many rows they hold)
_answers: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()  # key -> (answer, rows)
_versions: dict[Any, str] = {}  # store target -> the corpus version its answers are for
_rows = 0
_lock = threading.Lock()


def remembered(store: Store, key: tuple[Hashable, ...], compute: Callable[[], T],
               rows: Callable[[T], int] | None = None) -> T:
    """``compute()``, or the answer it gave for ``key`` on this store at its current version.

    Args:
        store: the store the answer is about.
        key: what the answer depends on besides the store's corpus.
        compute: computes the answer.
        rows: how many rows (statements, shifts) an answer holds, for ``ROW_LIMIT``; None:
            a small answer (one row).
    """
    global _rows
    target, version = getattr(store, "target", id(store)), store.corpus_version()
    full = (target, version, *key)
    with _lock:
        if _versions.get(target) != version:  # the corpus changed: its old answers are no use
            for stale in [k for k in _answers if k[0] == target]:
                _rows -= _answers.pop(stale)[1]
            _versions[target] = version
        if full in _answers:
            _answers.move_to_end(full)
            return _answers[full][0]  # type: ignore[no-any-return]
    value = compute()
    size = max(1, rows(value)) if rows is not None else 1
    with _lock:
        if _versions.get(target) != version or size > ROW_LIMIT or full in _answers:
            return value  # the corpus changed while it was computed, or too large to keep
        _answers[full] = (value, size)
        _rows += size
        while len(_answers) > LIMIT or _rows > ROW_LIMIT:
            _rows -= _answers.popitem(last=False)[1][1]
    return value
