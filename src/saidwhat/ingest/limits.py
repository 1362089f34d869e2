"""What one input may cost before it is skipped with a reason instead of read.

Every limit is a setting (``data/defaults.toml``); each one exceeded raises
:class:`LimitExceeded`, an ``InputError`` whose message names the limit and the setting
that raises it, so a hostile or broken file becomes a ``Skipped`` and never a
``MemoryError``, a ``RecursionError`` or a hang.

Bytes are counted while decompressing (:class:`BoundedReader`): a 1 MB gzip of zeros
that inflates to gigabytes stops at the limit, not at the end of the machine's memory.
"""

from __future__ import annotations

import io
import os
import re
from typing import BinaryIO

from ..errors import InputError

MB = 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


class LimitExceeded(InputError):
    """An input is larger, deeper or slower than a configured limit allows."""


class BoundedReader(io.RawIOBase):
    """A binary stream that refuses to yield more than ``limit`` bytes in all.

    Wrap the *decompressed* stream, so what is counted is what would be held in memory.
    """

    def __init__(self, stream: BinaryIO, limit: int, what: str, setting: str = "max_file_mb") -> None:
        super().__init__()
        self._stream = stream
        self._limit = limit
        self._what = what
        self._setting = setting
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self._limit + 1 - self.count)
        data = self._stream.read(want) if want > 0 else b""
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.count > self._limit:
            raise LimitExceeded(f"{self._what}: {over_mb(self._limit, self._setting)}")
        return n


def over_mb(limit: int, setting: str) -> str:
    """The reason for a byte limit exceeded, naming the setting that raises it."""
    mb = limit / MB
    return f"more than {mb:g} MB (decompressed); raise {setting} (SAIDWHAT_{setting.upper()}) to read it"


def check_chars(text: str, limit: int, what: str) -> None:
    """Refuse a document over ``limit`` characters (setting ``max_document_chars``)."""
    if len(text) > limit:
        raise LimitExceeded(
            f"{what}: document is {len(text):,} characters, over the limit of {limit:,} "
            "(raise max_document_chars to read it)"
        )


def json_depth(text: str) -> int:
    """How deeply the JSON in ``text`` nests arrays and objects (strings ignored), without parsing it.

    Counting first means ``json.loads`` never meets a line nested 100,000 deep, which
    would raise ``RecursionError`` (or crash the interpreter with a stack overflow).
    """
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_depth(text: str, limit: int, what: str) -> None:
    """Refuse JSON nested deeper than ``limit`` (setting ``max_nesting``)."""
    depth = json_depth(text)
    if depth > limit:
        raise LimitExceeded(f"{what}: JSON nested {depth} deep, over the limit of {limit} (max_nesting)")


def replace_surrogates(text: str) -> str:
    """``text`` with lone surrogates (``"\\ud800"`` in JSON, undecodable file-name bytes)
    replaced by U+FFFD, one character for one, so offsets stay put and output stays UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def display_path(path: str) -> str:
    """A file path as valid UTF-8 text: bytes that are not UTF-8 are shown as ``\\xff``.

    The same bytes always give the same text, so a file keeps its identity between runs.
    """
    if not _SURROGATE.search(path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")
