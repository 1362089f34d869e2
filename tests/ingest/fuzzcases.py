"""Fuzz cases for the readers and cleaners: good seed documents, mutated at random.

Shared by the fuzz tests (a few dozen cases, driven by hypothesis) and ``bench/fuzz.py``
(10,000 seeded cases). A case passes when reading and cleaning it ends in pages, articles
and ``Skipped`` records whose text is valid UTF-8, or in a ``SaidwhatError`` (a reason);
any other exception is a crash, and running past the time limit is a hang.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

from hostile import article, html_page, warc_bytes

from saidwhat.clean import build_profile, clean
from saidwhat.config import Settings
from saidwhat.errors import SaidwhatError
from saidwhat.ingest.files import read_path
from saidwhat.models import Article, RawPage, Skipped
from saidwhat.watchdog import TimeLimitExceeded, call_with_time_limit

SUFFIXES = (".txt", ".html", ".jsonl", ".csv", ".warc", ".warc.gz", ".txt.gz", ".html.gz", ".jsonl.gz", ".csv.gz")
# Pieces known to upset readers: deep nesting, tags, escapes, control and odd characters.
SNIPPETS = (
    b"[" * 3000, b"{\"a\":" * 500, b"<body>", b"<html>", b"<!DOCTYPE html>", b"\\ud800", b"\\udfff\\ud800",
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28", b"\xed\xa0\x80", b"\x1b[31m", b"\r", b"\r\n", b"\xe2\x80\xa8",
    b'"', b'""', b",", b"\n", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"<p " + b"a " * 1500 + b">",
    b"<script type='application/ld+json'>" + b"[" * 2000 + b"</script>", b"\x1f\x8b", b"&#0;", b"&#xD800;",
    "«»“”—‘’".encode(), "Привет".encode("cp1251"), b"\x85", b"\x0c",
)


def seeds() -> list[tuple[str, bytes]]:
    """Good documents of every kind, as (suffix, bytes)."""
    text = article("Marrow Island", "Ines Calloway")
    html = html_page(article("Tern Point", "Rafael Osei"))
    records = "\n".join(json.dumps({"id": f"r{i}", "text": article("Gull Rock", "Mara Lindqvist")}) for i in range(2))
    table = "id,text\nc1,\"" + article("Heron Quay", "Luca Brandt").replace('"', '""') + "\"\n"
    return [
        (".txt", text.encode()), (".html", html.encode()), (".jsonl", records.encode()), (".csv", table.encode()),
        (".warc.gz", warc_bytes([("http://x.example/a", html)])), (".warc", warc_bytes([("http://x.example/b", html)], False)),
        (".txt.gz", gzip.compress(text.encode())),
    ]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with 1-6 random edits: flips, cuts, insertions of :data:`SNIPPETS`, repeats."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(len(out) + 1)
        op = rng.randrange(6)
        if op == 0 and out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[pos:pos] = rng.choice(SNIPPETS)
        elif op == 2:
            del out[pos:pos + rng.randint(1, 200)]
        elif op == 3:
            out = out[:pos]
        elif op == 4:
            chunk = out[pos:pos + rng.randint(1, 64)]
            out[pos:pos] = chunk * rng.randint(2, 50)
        else:
            out[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return bytes(out)


def make_case(rng: random.Random) -> tuple[bytes, bytes]:
    """A (file name as bytes, content) pair: a mutated seed under a random suffix."""
    suffix, data = rng.choice(seeds())
    if rng.random() < 0.8:
        data = mutate(data, rng)
    if rng.random() < 0.3:
        suffix = rng.choice(SUFFIXES)
    if suffix.endswith(".gz") and data[:2] != b"\x1f\x8b" and rng.random() < 0.7:
        data = gzip.compress(data)
    stem = b"case" + (bytes([rng.randrange(0x80, 0x100)]) if rng.random() < 0.2 else b"")
    return stem + suffix.encode(), data


def _check_text(*texts: str | None) -> None:
    for text in texts:
        if text is not None:
            text.encode("utf-8")  # raises on a lone surrogate


def _read_and_clean(path: str, settings: Settings) -> None:
    records = list(read_path(path, settings))
    pages = [r for r in records if isinstance(r, RawPage)]
    profile = build_profile(pages + pages, settings)  # the first pass, as over a corpus
    for record in records:
        if isinstance(record, Skipped):
            _check_text(record.doc_id, record.path, record.reason)
            continue
        assert isinstance(record, RawPage), record
        _check_text(record.doc_id, record.path, record.text)
        try:
            result = clean(record, settings, profile)
        except SaidwhatError:
            continue
        if isinstance(result, Article):
            _check_text(result.text, result.title, result.author, result.outlet, result.published)


def run_case(folder: Path, name: bytes, data: bytes, settings: Settings, seconds: float = 20.0) -> str | None:
    """Read and clean one case; None when it passed, else ``"crash: ..."`` or ``"hang"``."""
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as fh:
        fh.write(data)
    try:
        call_with_time_limit(seconds, "case", lambda: _read_and_clean(os.fsdecode(path), settings))
    except TimeLimitExceeded:
        return "hang"
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        return f"crash: {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        os.unlink(path)
    return None
