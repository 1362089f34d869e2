"""Each limit of issue 24 under the default settings: a clear reason, never a crash or a hang."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from hostile import article, html_page

from saidwhat import pipeline
from saidwhat.clean import clean
from saidwhat.config import load_settings
from saidwhat.errors import ConfigError
from saidwhat.ingest.decode import decode
from saidwhat.ingest.files import read_path
from saidwhat.ingest.limits import display_path, json_depth, replace_surrogates
from saidwhat.models import Article, RawPage, Skipped
from saidwhat.watchdog import TimeLimitExceeded, call_with_time_limit


def _only(records: list[RawPage | Skipped]) -> RawPage | Skipped:
    assert len(records) == 1, records
    return records[0]


def test_watchdog_stops_a_runaway_call() -> None:
    started = time.perf_counter()
    with pytest.raises(TimeLimitExceeded, match="spinning: took longer than 0.2 s"):
        call_with_time_limit(0.2, "spinning", lambda: [None for _ in iter(int, 1)])
    assert time.perf_counter() - started < 2


def test_watchdog_never_fires_after_the_call_returned() -> None:
    assert call_with_time_limit(0.05, "quick", lambda: 41 + 1) == 42
    time.sleep(0.2)  # a late timer would raise here
    assert sum(range(100_000)) == 4_999_950_000


def test_slow_html_is_skipped_by_the_watchdog(settings) -> None:  # type: ignore[no-untyped-def]
    slow = load_settings(env={}, workers=1, max_parse_seconds=0.5, max_html_attributes=1_000_000)
    tag = "<div " + " ".join(f"a{i}" for i in range(25_000)) + ">x</div>"
    page = RawPage("slow", "slow.html", html_page(article("Tern Point", "Rafael Osei")).replace("<article>", tag + "<article>"), "html")
    started = time.perf_counter()
    result = _only(list(pipeline.process_partition([page], slow)))
    assert isinstance(result, Skipped) and result.stage == "clean"
    assert result.reason == "cleaning: took longer than 0.5 s and was stopped (raise max_parse_seconds)"
    assert time.perf_counter() - started < 30  # the parser's C calls finish before it stops


def test_tag_with_50k_attributes_is_refused_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    tag = "<p " + " ".join(f'a{i}="x"' for i in range(50_000)) + ">text</p>"
    page = RawPage("attrs", "attrs.html", f"<html><body>{tag}</body></html>", "html")
    started = time.perf_counter()
    result = _only(list(pipeline.process_partition([page], settings)))
    assert result == Skipped("attrs", "attrs.html", "clean",
                             "an HTML tag has 50,000 attributes, over the limit of 1,000 (max_html_attributes)")
    assert time.perf_counter() - started < 2


def test_deeply_nested_json_ld_keeps_the_article(settings) -> None:  # type: ignore[no-untyped-def]
    deep = "[" * 100_000 + "]" * 100_000
    html = html_page(article("Tern Point", "Rafael Osei"), f'<script type="application/ld+json">{deep}</script>')
    result = clean(RawPage("deep", "deep.html", html, "html"), settings)
    assert isinstance(result, Article)
    assert result.text.startswith("TERN POINT, May 4 (Coastwire)")


def test_gzip_of_zeros_named_warc_gz(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "zeros.warc.gz"
    path.write_bytes(gzip.compress(b"\0" * 20_000_000, 9))
    assert _only(list(read_path(str(path), settings))) == Skipped(
        "zeros", str(path), "ingest", "not a WARC archive (it does not start with 'WARC/')")


def test_warc_inflating_past_the_file_limit_stops_at_the_limit(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "endless.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"A" * 60_000_000, 9))
    result = _only(list(read_path(str(path), settings)))
    assert isinstance(result, Skipped)
    assert result.reason == "more than 50 MB (decompressed); raise max_file_mb (SAIDWHAT_MAX_FILE_MB) to read it"


def test_csv_field_over_the_csv_modules_default_is_read(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "long.csv"
    path.write_text('id,text\nlong,"' + "word " * 40_000 + '"\n', "utf-8")
    page = _only(list(read_path(str(path), settings)))
    assert isinstance(page, RawPage) and len(page.text) == 200_000


def test_jsonl_record_nested_100k_deep_is_one_skipped_record(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + '\n{"id": "ok", "text": "Fine text."}\n', "utf-8")
    skipped, page = list(read_path(str(path), settings))
    assert skipped == Skipped("deep-1", f"{path}:1", "ingest",
                              f"{path}:1: JSON nested 100000 deep, over the limit of 200 (max_nesting)")
    assert isinstance(page, RawPage) and page.doc_id == "ok"


def test_undefined_byte_in_a_legacy_charset_is_replaced() -> None:
    data = "Привет мир, сказал он".encode("cp1251") + b"\x98"
    text, encoding = decode(data, "x.txt")
    assert (text[-1], encoding, len(text)) == ("\ufffd", "cp1251", len(data))


def test_json_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth('{"a": "[[[[{{{{", "b": [[1], {"c": "\\"]]"}]}') == 3


def test_surrogates_and_undecodable_names_become_valid_utf8() -> None:
    assert replace_surrogates("a\ud800b") == "a\ufffdb"
    assert display_path("/in/caf\udce9.txt") == "/in/caf\\xe9.txt"
    assert display_path("/in/café.txt") == "/in/café.txt"


@pytest.mark.parametrize("name", ["max_nesting", "max_parse_seconds", "max_document_chars"])
def test_limits_must_be_positive(name: str) -> None:
    with pytest.raises(ConfigError, match=f"Setting {name} is 0; use a positive number."):
        load_settings(env={}, **{name: 0})
