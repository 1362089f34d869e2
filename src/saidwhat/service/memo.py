"""Answers kept in memory until the corpus changes: grouped counts over a whole store
(topic families, outlets, volumes), a speaker's statements and the decoded shift listing
cost a scan of many rows, and pages ask for them on every request.

The key holds the store's ``corpus_version()`` (new documents, speaker corrections or wrong
marks change it, a few ``max()`` lookups), so an answer is never served for a corpus it was
not computed on, and a store's answers for an older version are dropped when it changes.
The least recently used answer goes first when ``LIMIT`` are kept, so a page that asks for
many different filters does not push out what every page needs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..store import Store

T = TypeVar("T")
LIMIT = 256  # answers kept (a busy speaker's statements are a few MB; most answers are small)
_answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_versions: dict[Any, str] = {}  # store target -> the corpus version its answers are for
_lock = threading.Lock()


def remembered(store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the answer it gave for ``key`` on this store at its current version."""
    target, version = getattr(store, "target", id(store)), store.corpus_version()
    full = (target, version, *key)
    with _lock:
        if _versions.get(target) != version:  # the corpus changed: its old answers are no use
            for stale in [k for k in _answers if k[0] == target]:
                del _answers[stale]
            _versions[target] = version
        if full in _answers:
            _answers.move_to_end(full)
            return _answers[full]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if _versions.get(target) != version:  # the corpus changed while it was computed
            return value
        _answers[full] = value
        _answers.move_to_end(full)
        while len(_answers) > LIMIT:
            _answers.popitem(last=False)
    return value
