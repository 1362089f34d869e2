"""Walk input paths and turn files and records into ``RawPage`` objects.

Supported: ``.txt`` dumps, ``.html``/``.htm`` pages, ``.jsonl`` and ``.csv`` corpora (one
article per record), ``.warc``/``.warc.gz`` web archives, each optionally ``.gz``-compressed,
and ``-`` for stdin. Unreadable files inside a batch become ``Skipped``, never an exception.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..config import Settings
from ..errors import InputError
from ..models import RawPage, Skipped
from .decode import decode

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
WARC_SUFFIXES = {".warc"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | WARC_SUFFIXES
META_KEYS = ("title", "published", "outlet", "author", "url", "kind")
TEXT_KEYS = ("text", "body", "content", "html")


def _suffix(path: Path) -> str:
    """The meaningful suffix: ``a.html.gz`` -> ``.html``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def suffix_of(path: str) -> str:
    """The suffix that picks an input's format: ``s3a://b/a.html.gz`` -> ``.html``."""
    return _suffix(Path(path))


def _stem(path: Path) -> str:
    name = path.name
    for s in reversed(path.suffixes):
        if s.lower() in ALL_SUFFIXES | {".gz"}:
            name = name[: -len(s)]
        else:
            break
    return name or path.name


def resolve_inputs(paths: Iterable[str]) -> list[str]:
    """Expand files and directories (recursively) into the list of input files.

    Raises:
        InputError: a path does not exist, or a directory holds no readable documents.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append("-")
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{raw}: no such file or directory")
        if p.is_dir():
            found = sorted(
                str(f) for f in p.rglob("*")
                if f.is_file() and _suffix(f) in ALL_SUFFIXES and not f.name.startswith(".")
            )
            if not found:
                kinds = ", ".join(sorted(ALL_SUFFIXES))
                raise InputError(f"{raw}: directory holds no readable documents ({kinds})")
            out.extend(found)
        else:
            out.append(str(p))
    return out


def _read_bytes(path: str, settings: Settings) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    limit = settings.max_file_mb * 1024 * 1024
    size = p.stat().st_size
    if size > limit:
        raise InputError(
            f"{path}: file is {size / 1e6:.0f} MB, over the {settings.max_file_mb} MB limit "
            "(raise max_file_mb, e.g. SAIDWHAT_MAX_FILE_MB=500)"
        )
    return p.read_bytes()


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head


def _record_page(record: dict[str, object], path: str, index: int | str) -> RawPage:
    doc_id = str(record.get("id") or record.get("doc") or f"{Path(path).stem}-{index}")
    body = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body is None:
        raise InputError(f"{path}#{doc_id}: record has no text field ({', '.join(TEXT_KEYS)})")
    meta = tuple((k, str(record[k])) for k in META_KEYS if record.get(k) not in (None, ""))
    fmt = "html" if "html" in record and body is record["html"] or _looks_like_html(str(body)) else "text"
    return RawPage(doc_id, f"{path}#{doc_id}", str(body), fmt, meta)  # type: ignore[arg-type]


def _records(text: str, path: str, suffix: str) -> Iterator[RawPage | Skipped]:
    if suffix == ".csv":
        rows: Iterable[object] = csv.DictReader(io.StringIO(text))
        for i, row in enumerate(rows, 1):
            try:
                yield _record_page(dict(row), path, i)  # type: ignore[arg-type]
            except InputError as exc:
                yield Skipped(f"{Path(path).stem}-{i}", f"{path}:{i}", "ingest", str(exc))
        return
    for i, line in enumerate(text.splitlines(), 1):
        page = read_json_line(line, path, i)
        if page is not None:
            yield page


def read_json_line(line: str, path: str, number: int | str) -> RawPage | Skipped | None:
    """One line of a JSONL corpus as a page (None for a blank line).

    Args:
        line: the line's text.
        path: the corpus file's name as the user gave it.
        number: the line's number in the file, from 1, or where that is unknown (a later
            block of a file split across readers) a label of its place; it names records
            without an id.
    """
    if not line.strip():
        return None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: line is not a JSON object")
        return _record_page(record, path, number)
    except json.JSONDecodeError as exc:
        return Skipped(f"{Path(path).stem}-{number}", f"{path}:{number}", "ingest", f"invalid JSON ({exc.msg})")
    except InputError as exc:
        return Skipped(f"{Path(path).stem}-{number}", f"{path}:{number}", "ingest", str(exc))


def _warc(stream: BinaryIO, path: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" not in ctype and "text" not in ctype:
            continue
        doc_id = record.rec_headers.get_header("WARC-Record-ID") or url
        doc_id = doc_id.strip("<>").replace("urn:uuid:", "")
        try:
            text, enc = decode(
                record.content_stream().read(), f"{path}#{url}",
                max_bytes=settings.max_file_mb * 1024 * 1024,
            )
        except InputError as exc:
            yield Skipped(doc_id, f"{path}#{url}", "ingest", str(exc))
            continue
        date = record.rec_headers.get_header("WARC-Date")
        meta = (("url", url),) + ((("crawled", date),) if date else ())
        fmt = "html" if "html" in ctype else "text"
        yield RawPage(doc_id, f"{path}#{url}", text, fmt, meta, enc)  # type: ignore[arg-type]


def read_path(path: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    """Read one input file (or ``-``) into pages; problems become ``Skipped``."""
    doc_id = "stdin" if path == "-" else _stem(Path(path))
    suffix = "" if path == "-" else _suffix(Path(path))
    try:
        if suffix in WARC_SUFFIXES:
            with open(path, "rb") as fh:
                yield from _warc(fh, path, settings)
            return
        data = _read_bytes(path, settings)
    except InputError as exc:
        yield Skipped(doc_id, path, "ingest", str(exc).removeprefix(f"{path}: "))
        return
    except OSError as exc:
        yield Skipped(doc_id, path, "ingest", f"cannot read: {exc.strerror or exc}")
        return
    yield from read_data(path, data, settings)


def read_data(path: str, data: bytes, settings: Settings) -> Iterator[RawPage | Skipped]:
    """The pages of one input file already read into memory (how Spark hands files over).

    Args:
        path: the file's name as the user gave it (its suffix picks the format).
        data: the file's bytes, possibly gzip-compressed.
        settings: run settings (``max_file_mb`` bounds decompression).

    Yields:
        Pages, and ``Skipped`` for what cannot be read.
    """
    doc_id = "stdin" if path == "-" else _stem(Path(path))
    suffix = "" if path == "-" else _suffix(Path(path))
    if suffix in WARC_SUFFIXES:
        yield from _warc(io.BytesIO(data), path, settings)
        return
    if not data.strip():
        yield Skipped(doc_id, path, "ingest", "empty file")
        return
    try:
        text, encoding = decode(data, path, max_bytes=settings.max_file_mb * 1024 * 1024)
    except InputError as exc:
        yield Skipped(doc_id, path, "ingest", str(exc).removeprefix(f"{path}: "))
        return
    if suffix in RECORD_SUFFIXES:
        yield from _records(text, path, suffix)
        return
    fmt = "html" if suffix in HTML_SUFFIXES or (path == "-" and _looks_like_html(text)) else "text"
    yield RawPage(doc_id, path, text, fmt, (), encoding)  # type: ignore[arg-type]


def iter_pages(paths: Iterable[str], settings: Settings) -> Iterator[RawPage | Skipped]:
    """Every page from every input path, in order.

    Raises:
        InputError: a path does not exist or a directory holds no documents (checked first,
            before anything is read, so a typo fails the command at once).
    """
    for path in resolve_inputs(paths):
        yield from read_path(path, settings)
