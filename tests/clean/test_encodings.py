"""Dumps in legacy charsets, UTF-16 and gzip read the same as UTF-8, and offsets stay exact."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from saidwhat.clean import clean
from saidwhat.ingest.files import read_path
from saidwhat.models import Article, RawPage

DATA = Path(__file__).parent / "data"
KEEP = "«Мы готовы обсуждать все технические вопросы, включая страхование судов», — сказал он журналистам."


def _clean_file(path: Path, settings) -> tuple[RawPage, Article]:  # type: ignore[no-untyped-def]
    page = next(read_path(str(path), settings))
    assert isinstance(page, RawPage), page
    article = clean(page, settings)
    assert isinstance(article, Article), article
    return page, article


@pytest.mark.parametrize("encoding, suffix, compress", [
    ("utf-8", ".txt", False),
    ("cp1251", ".txt", False),
    ("koi8-r", ".txt", False),
    ("utf-16", ".txt", False),
    ("cp1251", ".txt.gz", True),
])
def test_russian_dump_in_any_encoding(encoding: str, suffix: str, compress: bool, tmp_path: Path,
                                      settings) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "ru_news.txt").read_text("utf-8")
    keep = KEEP
    if encoding == "koi8-r":  # no dashes or guillemets in KOI8-R
        table = str.maketrans({"—": "-", "«": '"', "»": '"'})
        text, keep = text.translate(table), KEEP.translate(table)
    data = text.encode(encoding)
    path = tmp_path / f"ru{suffix}"
    path.write_bytes(gzip.compress(data) if compress else data)
    page, article = _clean_file(path, settings)
    assert page.encoding == encoding
    assert keep in article.text
    assert "Читайте также" not in article.text and "Все права защищены" not in article.text
    assert article.title == "Переговоры о зерновом коридоре возобновятся на следующей неделе"
    assert (article.published, article.venue) == ("2022-02-14T09:30", "МОСКВА")
    for seg in article.segments:
        assert article.text[seg.text_start : seg.text_start + seg.length] == \
            page.text[seg.input_start : seg.input_start + seg.length]


def test_latin1_dump_keeps_accents(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "tabloid.txt").read_text("utf-8").replace("Harrogate", "Härrogaté").replace("£", "")
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    page, article = _clean_file(path, settings)
    assert page.encoding == "latin-1"
    assert "The robots will go under the hammer next month in Härrogaté." in article.text
