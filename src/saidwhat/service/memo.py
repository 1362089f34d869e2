"""Answers kept in memory until the corpus changes: grouped counts over a whole store
(topic families, outlets, volumes) cost a scan of every statement, and pages ask for them
on every request.

The key holds the store's ``corpus_version()`` (new documents or speaker corrections change
it, two ``max()`` lookups), so an answer is never served for a corpus it was not computed on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..store import Store

T = TypeVar("T")
LIMIT = 256  # answers kept; all are dropped when it is reached (the corpus changed or many filters)
_answers: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()


def remembered(store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the answer it gave for ``key`` on this store at its current version."""
    full = (getattr(store, "target", id(store)), store.corpus_version(), *key)
    with _lock:
        if full in _answers:
            return _answers[full]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if len(_answers) >= LIMIT:
            _answers.clear()
        _answers[full] = value
    return value
