"""A hostile-file corpus written by the tests themselves, next to good files.

Every text here is invented. :func:`write_good` writes documents that must be stored;
:func:`write_hostile` writes files built to crash, hang or exhaust a reader, and returns
each one's name with a fragment of the reason it must be skipped for.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path

# Limits small enough for the hostile files to stay small; the good files fit under them.
LIMITS = {
    "max_file_mb": 5, "max_record_mb": 2, "max_document_chars": 300_000, "max_csv_field_kb": 300,
    "max_parse_seconds": 20, "max_html_attributes": 1000, "max_nesting": 200,
}


def article(place: str, speaker: str) -> str:
    """A short invented news article with one direct and one indirect quote."""
    return (
        f"Harbour council backs new ferry line for {place}\n\n"
        f"{place.upper()}, May 4 (Coastwire) — The harbour council voted on Tuesday to fund a second ferry "
        f"line to {place}, ending a dispute that had split the chamber for most of the winter.\n\n"
        f'"This is the day the island stops being an afterthought," council chair {speaker} told reporters '
        "after the vote. \"We have waited long enough for a boat that runs on time.\"\n\n"
        f"{speaker.split()[-1]} said the first crossings would begin in the autumn and that fares would stay "
        "at last year's level until the new terminal opens.\n\n"
        "Opponents said the plan would cost more than the council had budgeted for.\n"
    )


def html_page(body: str, head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[1:])
    return (
        f"<!DOCTYPE html><html><head><title>Ferry line</title>{head}</head><body>"
        f"<article><h1>Harbour council backs new ferry line</h1>{paras}</article></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]], compress: bool = True) -> bytes:
    """A WARC archive holding one HTML response per (url, html)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for url, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=http))
    return out.getvalue()


def write_good(folder: Path) -> set[str]:
    """Good documents; returns the paths they must be stored under."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.txt").write_text(article("Marrow Island", "Ines Calloway"), "utf-8")
    deep = "[" * 100_000 + "]" * 100_000
    (folder / "deep-jsonld.html").write_text(
        html_page(article("Tern Point", "Rafael Osei"), f'<script type="application/ld+json">{deep}</script>'), "utf-8"
    )
    records = [
        json.dumps({"id": "rec-ok", "text": article("Gull Rock", "Mara Lindqvist")}),
        # Prose that mentions a tag early is text, not HTML.
        json.dumps({"id": "rec-body", "text": "Notes on <body> language. " + article("Skerry Bay", "Tobias Wren")}),
        # A lone surrogate escape: replaced, never a crash.
        '{"id": "rec-surrogate", "text": ' + json.dumps(article("Puffin Cove", "Anya Petrov"))[:-1] + ' \\ud800"}',
        "[" * 100_000 + "]" * 100_000,
        "[1, 2, 3]",
    ]
    (folder / "records.jsonl").write_text("\n".join(records) + "\n", "utf-8")
    with (folder / "table.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,notes,text\n")
        # A 200 KB field: over the csv module's own 128 KB default, under the setting.
        fh.write('csv-ok,"' + "n" * 200_000 + '","' + article("Heron Quay", "Luca Brandt").replace('"', '""') + '"\n')
    (folder / "archive.warc.gz").write_bytes(
        warc_bytes([("http://coastwire.example/ferry", html_page(article("Seal Harbour", "Dana Moreau")))])
    )
    (folder / os.fsdecode(b"caf\xe9-notes.txt")).write_text(article("Crab Sound", "Omar Haddad"), "utf-8")
    return {
        str(folder / "plain.txt"), str(folder / "deep-jsonld.html"),
        f"{folder}/records.jsonl#rec-ok", f"{folder}/records.jsonl#rec-body", f"{folder}/records.jsonl#rec-surrogate",
        f"{folder}/table.csv#csv-ok", f"{folder}/archive.warc.gz#http://coastwire.example/ferry",
        f"{folder}/caf\\xe9-notes.txt",
    }


def write_hostile(folder: Path, outside: Path) -> dict[str, str]:
    """Hostile files (for :data:`LIMITS`); returns file name -> a fragment of its skip reason."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(24)
    tag = "<p " + " ".join(f"a{i}" for i in range(40_000)) + ">text</p>"
    (folder / "attributes.html").write_text(f"<html><body>{tag}</body></html>", "utf-8")
    (folder / "header-only.csv").write_text("id,title,text\n", "utf-8")
    (folder / "no-text-column.csv").write_text("id,title\n1,Ferry\n", "utf-8")
    (folder / "random.csv").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    (folder / "field.csv").write_text('id,text\nbig,"' + "x" * 400_000 + '"\n', "utf-8")
    (folder / "nested.jsonl").write_text("{\"a\": " * 100_000 + "1" + "}" * 100_000 + "\n", "utf-8")
    (folder / "empty.warc").write_bytes(b"")
    (folder / "not-warc.warc").write_text("just some text, not an archive\n", "utf-8")
    (folder / "text.warc.gz").write_text("a text file with a .warc.gz name\n", "utf-8")
    (folder / "zeros.warc.gz").write_bytes(gzip.compress(b"\0" * 8_000_000, 9))
    (folder / "endless-header.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"A" * 8_000_000, 9))
    good = warc_bytes([("http://coastwire.example/a", html_page(article("Auk Ness", "Bea Kowal")))])
    (folder / "truncated.warc.gz").write_bytes(good[: len(good) // 2])
    (folder / "bad-header.warc").write_bytes(b"WARC/1.0\r\nthis line is no header\r\n\r\nbody\r\n\r\n")
    (folder / "bad-length.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\nHTTP/1.1 200 OK\r\n\r\nhi\r\n\r\n"
    )
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 8_000_000, 9))
    (folder / "huge.txt").write_text(article("Long Reach", "Kit Marsh") * 700, "utf-8")
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    (folder / "link.txt").symlink_to(outside)
    return {
        "attributes.html": "attributes, over the limit of 1,000",
        "header-only.csv": "a header line and no rows",
        "no-text-column.csv": "CSV header has no text column",
        "random.csv": "",
        "field.csv": "field larger than field limit",
        "nested.jsonl": "over the limit of 200 (max_nesting)",
        "empty.warc": "empty file",
        "not-warc.warc": "not a WARC archive",
        "text.warc.gz": "not a WARC archive",
        "zeros.warc.gz": "not a WARC archive",
        "endless-header.warc.gz": "more than 5 MB (decompressed)",
        "truncated.warc.gz": "",
        "bad-header.warc": "",
        "bad-length.warc": "",
        "bomb.txt.gz": "decompresses to more than 5 MB",
        "huge.txt": "over the limit of 300,000",
        "link.txt": "symbolic link to a file outside",
    }
