"""A time limit on one call, in whichever thread runs it (a worker process's main thread,
or a web server's thread pool, where ``signal.alarm`` is not available).

A timer thread raises :class:`_Expired` inside the calling thread
(``PyThreadState_SetAsyncExc``); it is a ``BaseException`` so that the libraries we call,
which catch ``Exception`` broadly (trafilatura does), cannot swallow it. Like a signal, it
lands between two Python bytecodes: a single long call into C (the HTML parser proper) is
interrupted only when it returns, which is why pathological markup is also refused up
front (``clean.html.check_markup``).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

from .errors import InputError

T = TypeVar("T")


class TimeLimitExceeded(InputError):
    """A call ran past its time limit and was stopped."""


class _Expired(BaseException):
    pass


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _guarded(seconds: float, fn: Callable[[], T]) -> T:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(thread_id, _Expired)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        return fn()
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:
                _raise_in(thread_id, None)  # fired as fn returned: drop it, it must not land later


def call_with_time_limit(seconds: float, what: str, fn: Callable[[], T]) -> T:
    """``fn()``, stopped after ``seconds``.

    Args:
        seconds: the limit (setting ``max_parse_seconds`` for cleaning).
        what: names the work in the error message.
        fn: the call to guard.

    Raises:
        TimeLimitExceeded: ``fn`` ran past the limit.
    """
    try:
        return _guarded(seconds, fn)
    except _Expired:
        raise TimeLimitExceeded(
            f"{what}: took longer than {seconds:g} s and was stopped (raise max_parse_seconds)"
        ) from None
