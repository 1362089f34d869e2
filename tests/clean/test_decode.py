"""Robust reading: BOMs, UTF-16, legacy Russian and Western charsets, gzip."""

from __future__ import annotations

import gzip

import pytest

from saidwhat.errors import InputError
from saidwhat.ingest.decode import decode

RUSSIAN = (
    "Министр иностранных дел заявил во вторник, что переговоры о зерновом коридоре "
    "возобновятся на следующей неделе в Стамбуле.\n"
)
FRENCH = "Le ministre a déclaré mardi que les négociations reprendront à Genève.\n"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_russian_legacy_charsets(encoding: str) -> None:
    text, used = decode(RUSSIAN.encode(encoding), "ru.txt")
    assert (text, used) == (RUSSIAN, encoding)


def test_latin1() -> None:
    assert decode(FRENCH.encode("latin-1"), "fr.txt") == (FRENCH, "latin-1")


def test_cp1252_smart_quotes() -> None:
    text = "He said \u201cno\u201d \u2014 twice, at the caf\u00e9.\n"
    assert decode(text.encode("cp1252"), "q.txt") == (text, "cp1252")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = ("\ufeff" + RUSSIAN).encode(codec)
    assert decode(data, "u16.txt") == (RUSSIAN, "utf-16")


def test_utf16_without_bom() -> None:
    assert decode(FRENCH.encode("utf-16-le"), "u16.txt") == (FRENCH, "utf-16-le")


def test_utf8_bom_removed_and_nothing_else_changed() -> None:
    # NFD "é" and CRLF newlines must survive: offsets index the decoded text
    text = "Cafe\u0301 opened.\r\nSecond line.\r\n"
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "bom.txt") == (text, "utf-8")


def test_gzip_is_read_transparently() -> None:
    data = gzip.compress(RUSSIAN.encode("cp1251"))
    assert decode(data, "ru.txt.gz") == (RUSSIAN, "cp1251")


def test_corrupt_gzip_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"^bad\.gz: corrupt gzip data"):
        decode(b"\x1f\x8b\x08\x00garbage", "bad.gz")


def test_gzip_over_the_limit_names_the_setting() -> None:
    data = gzip.compress(b"a" * (3 * 1024 * 1024))
    with pytest.raises(InputError, match=r"more than 2 MB; raise max_file_mb"):
        decode(data, "big.txt.gz", max_bytes=2 * 1024 * 1024)


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "x.png")
