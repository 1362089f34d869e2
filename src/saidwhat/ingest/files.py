"""Walk input paths and turn files and records into ``RawPage`` objects.

Supported: ``.txt`` dumps, ``.html``/``.htm`` pages, ``.jsonl`` and ``.csv`` corpora (one
article per record), ``.warc``/``.warc.gz`` web archives, each optionally ``.gz``-compressed,
and ``-`` for stdin.

Isolation: whatever is wrong with one file or one record -- broken, hostile, over a limit
(:mod:`.limits`), or an exception nobody foresaw -- becomes a ``Skipped`` with the reason,
and the files and records around it are read as usual. A file that yields nothing at all
(a header-only CSV, an archive with no pages) says so with a ``Skipped`` too.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Settings
from ..errors import InputError
from ..models import RawPage, Skipped
from .decode import decode
from .limits import (
    MB, BoundedReader, LimitExceeded, check_chars, check_depth, display_path, over_mb, replace_surrogates,
)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
WARC_SUFFIXES = {".warc"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | WARC_SUFFIXES
META_KEYS = ("title", "published", "outlet", "author", "url", "kind")
TEXT_KEYS = ("text", "body", "content", "html")
# Longest reason kept from an unforeseen exception (its message may quote the input).
_REASON_CHARS = 300


class RefusedPath(str):
    """An input :func:`resolve_inputs` found but will not read, with the reason.

    A ``str`` so that every caller that passes paths along keeps working; :func:`read_path`
    turns it into a ``Skipped`` instead of opening it.
    """

    reason: str

    def __new__(cls, path: str, reason: str) -> RefusedPath:
        obj = super().__new__(cls, path)
        obj.reason = reason
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.reason


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


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: str, follow_symlinks: bool) -> Iterator[str]:
    """Readable files under ``root``; a symbolic link that leads out of it is refused
    unless ``follow_symlinks`` (a link to /etc/passwd in an upload folder is not an article)."""
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root, followlinks=follow_symlinks):
        dirs.sort()
        for name in list(dirs):
            full = os.path.join(folder, name)
            if not follow_symlinks and os.path.islink(full) and not _inside(full, real_root):
                yield RefusedPath(full, f"symbolic link to a folder outside {display_path(root)}; "
                                        "pass --follow-symlinks to read it")
        for name in sorted(files):
            full = os.path.join(folder, name)
            if name.startswith(".") or _suffix(Path(name)) not in ALL_SUFFIXES or not os.path.isfile(full):
                continue
            if not follow_symlinks and os.path.islink(full) and not _inside(full, real_root):
                yield RefusedPath(full, f"symbolic link to a file outside {display_path(root)}; "
                                        "pass --follow-symlinks to read it")
                continue
            yield full


def resolve_inputs(paths: Iterable[str], follow_symlinks: bool = False) -> list[str]:
    """Expand files and directories (recursively) into the list of input files.

    Args:
        paths: files, directories, or ``-`` for stdin.
        follow_symlinks: read symbolic links that lead out of a directory given here; off,
            they are listed as :class:`RefusedPath` and skipped with the reason.

    Raises:
        InputError: a path does not exist, or a directory holds no readable documents.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-" or isinstance(raw, RefusedPath):
            out.append(raw)
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{display_path(raw)}: no such file or directory")
        if p.is_dir():
            found = sorted(_walk(raw, follow_symlinks))
            if not found:
                kinds = ", ".join(sorted(ALL_SUFFIXES))
                raise InputError(f"{display_path(raw)}: directory holds no readable documents ({kinds})")
            out.extend(found)
        else:
            out.append(str(p))
    return out


def _read_bytes(path: str, shown: str, settings: Settings) -> bytes:
    limit = settings.max_file_mb * MB
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise LimitExceeded(f"{shown}: {over_mb(limit, 'max_file_mb')}")
        return data
    size = os.stat(path).st_size
    if size > limit:
        raise LimitExceeded(
            f"{shown}: file is {size / 1e6:.0f} MB, over the {settings.max_file_mb} MB limit "
            "(raise max_file_mb, e.g. SAIDWHAT_MAX_FILE_MB=500)"
        )
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def _looks_like_html(text: str) -> bool:
    """Markup, not prose: it opens with a doctype or a tag, and has a <body> near the top
    (a JSONL text that merely mentions "<body" early is still text)."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (head.startswith("<") and "<body" in head)


def _record_page(record: dict[str, Any], path: str, index: int | str) -> RawPage:
    record = {k: replace_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
    doc_id = replace_surrogates(str(record.get("id") or record.get("doc") or f"{Path(path).stem}-{index}"))
    body = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body is None:
        raise InputError(f"{path}#{doc_id}: record has no text field ({', '.join(TEXT_KEYS)})")
    meta = tuple((k, replace_surrogates(str(record[k]))) for k in META_KEYS if record.get(k) not in (None, ""))
    fmt = "html" if "html" in record and body is record["html"] or _looks_like_html(body) else "text"
    return RawPage(doc_id, f"{path}#{doc_id}", body, fmt, meta, record=True)  # type: ignore[arg-type]


def _json_record(line: str, where: str, settings: Settings) -> dict[str, Any]:
    if len(line) > settings.max_record_mb * MB:
        raise LimitExceeded(f"{where}: line is {over_mb(settings.max_record_mb * MB, 'max_record_mb')}")
    check_depth(line, settings.max_nesting, where)
    record = json.loads(line)
    if not isinstance(record, dict):
        raise InputError(f"{where}: line is not a JSON object")
    return record


def _json_rows(text: str, path: str, settings: Settings) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    stem = Path(path).stem
    # "\n" only: JSON strings may hold U+2028 and other characters str.splitlines() splits on.
    for i, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{i}"
        try:
            record = _json_record(line, where, settings)
        except json.JSONDecodeError as exc:
            yield i, Skipped(f"{stem}-{i}", where, "ingest", f"invalid JSON ({exc.msg})")
            continue
        except InputError as exc:
            yield i, Skipped(f"{stem}-{i}", where, "ingest", str(exc))
            continue
        yield i, record


def read_json_line(line: str, path: str, number: int | str, settings: Settings) -> RawPage | Skipped | None:
    """One line of a JSONL corpus as a page (None for a blank line), under the same limits
    as a whole file's lines (how Spark reads a JSONL file split across tasks).

    Args:
        line: the line's text.
        path: the corpus file's name as the user gave it.
        number: the line's number in the file, from 1, or where that is unknown (a later
            block of a file split across readers) a label of its place; it names records
            without an id.
        settings: run settings (the record limits).
    """
    if not line.strip():
        return None
    stem, where = Path(path).stem, f"{path}:{number}"
    try:
        return _within_limits(_record_page(_json_record(line, where, settings), path, number), settings)
    except json.JSONDecodeError as exc:
        return Skipped(f"{stem}-{number}", where, "ingest", f"invalid JSON ({exc.msg})")
    except InputError as exc:
        return Skipped(f"{stem}-{number}", where, "ingest", str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad record never stops the file
        return Skipped(f"{stem}-{number}", where, "ingest", _unforeseen(exc))


def _next_row(reader: csv.DictReader[str], field_limit: int) -> dict[str, Any] | None:
    # The csv module's field limit is process-wide: set it for this read only.
    old = csv.field_size_limit(field_limit)
    try:
        return next(reader, None)
    finally:
        csv.field_size_limit(old)


def _csv_rows(text: str, path: str, settings: Settings) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    stem = Path(path).stem
    field_limit = settings.max_csv_field_kb * 1024
    reader = csv.DictReader(io.StringIO(text, newline=""))
    i = 0
    try:
        old = csv.field_size_limit(field_limit)
        try:
            header = reader.fieldnames or []
        finally:
            csv.field_size_limit(old)
        if not any(k in header for k in TEXT_KEYS):
            yield 0, Skipped(stem, path, "ingest", f"CSV header has no text column ({', '.join(TEXT_KEYS)})")
            return
        while (row := _next_row(reader, field_limit)) is not None:
            i += 1
            yield i, row
    except csv.Error as exc:
        reason = f"CSV row {i + 1}: {exc}"
        if "field larger" in str(exc):
            reason += f" ({settings.max_csv_field_kb} KB; raise max_csv_field_kb)"
        yield i + 1, Skipped(f"{stem}-{i + 1}", f"{path}:{i + 1}", "ingest", reason + "; the rest of the file was not read")


def _records(text: str, path: str, suffix: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    stem = Path(path).stem
    rows = _csv_rows(text, path, settings) if suffix == ".csv" else _json_rows(text, path, settings)
    count = 0
    for i, row in rows:
        count += 1
        if isinstance(row, Skipped):
            yield row
            continue
        try:
            yield _record_page(row, path, i)
        except InputError as exc:
            yield Skipped(f"{stem}-{i}", f"{path}:{i}", "ingest", str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad record never stops the file
            yield Skipped(f"{stem}-{i}", f"{path}:{i}", "ingest", _unforeseen(exc))
    if not count:
        what = "a header line and no rows" if suffix == ".csv" else "no records"
        yield Skipped(stem, path, "ingest", f"no documents: the file holds {what}")


def _warc(path: str, shown: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    with open(path, "rb") as raw:
        yield from _warc_stream(raw, shown, settings)


def _warc_stream(raw: BinaryIO, shown: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    record_limit = settings.max_record_mb * MB
    compressed = raw.read(2) == b"\x1f\x8b"
    raw.seek(0)
    # Decompress here, not inside warcio, so every byte is counted against the limit as
    # it is inflated (warcio would hold a 1 MB gzip of zeros as one multi-GB line).
    inflated = gzip.GzipFile(fileobj=raw) if compressed else raw
    stream = io.BufferedReader(BoundedReader(inflated, settings.max_file_mb * MB, shown), MB)
    head = stream.peek(5)[:5]
    if not head.strip():
        yield Skipped(_stem(Path(shown)), shown, "ingest", "empty file")
        return
    if head != b"WARC/":
        yield Skipped(_stem(Path(shown)), shown, "ingest", "not a WARC archive (it does not start with 'WARC/')")
        return
    found = 0
    for record in ArchiveIterator(stream, block_size=MB):
        if record.rec_type != "response":
            continue
        url = replace_surrogates(record.rec_headers.get_header("WARC-Target-URI") or "")
        ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" not in ctype and "text" not in ctype:
            continue
        found += 1
        doc_id = replace_surrogates(record.rec_headers.get_header("WARC-Record-ID") or url)
        doc_id = doc_id.strip("<>").replace("urn:uuid:", "")
        where = f"{shown}#{url}"
        try:
            data = record.content_stream().read(record_limit + 1)
            if len(data) > record_limit:
                raise LimitExceeded(f"{where}: record is {over_mb(record_limit, 'max_record_mb')}")
            text, enc = decode(data, where, max_bytes=record_limit)
        except InputError as exc:
            yield Skipped(doc_id, where, "ingest", str(exc))
            continue
        date = record.rec_headers.get_header("WARC-Date")
        meta = (("url", url),) + ((("crawled", date),) if date else ())
        fmt = "html" if "html" in ctype else "text"
        yield RawPage(doc_id, where, text, fmt, meta, enc)  # type: ignore[arg-type]
    if not found:
        yield Skipped(_stem(Path(shown)), shown, "ingest", "no HTML or text responses in the WARC archive")


def _read(path: str, shown: str, doc_id: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    suffix = "" if path == "-" else _suffix(Path(path))
    if suffix in WARC_SUFFIXES:
        yield from _warc(path, shown, settings)
        return
    yield from _pages_of(_read_bytes(path, shown, settings), shown, doc_id, suffix, settings, stdin=path == "-")


def _pages_of(
    data: bytes, shown: str, doc_id: str, suffix: str, settings: Settings, stdin: bool = False
) -> Iterator[RawPage | Skipped]:
    if not data.strip():
        yield Skipped(doc_id, shown, "ingest", "empty file")
        return
    text, encoding = decode(data, shown, max_bytes=settings.max_file_mb * MB)
    if suffix in RECORD_SUFFIXES:
        yield from _records(text, shown, suffix, settings)
        return
    fmt = "html" if suffix in HTML_SUFFIXES or (stdin and _looks_like_html(text)) else "text"
    yield RawPage(doc_id, shown, text, fmt, (), encoding)  # type: ignore[arg-type]


def _unforeseen(exc: BaseException) -> str:
    text = replace_surrogates(f"{type(exc).__name__}: {exc}")
    return "unreadable (" + (text if len(text) <= _REASON_CHARS else text[:_REASON_CHARS] + "…") + ")"


def _within_limits(item: RawPage | Skipped, settings: Settings) -> RawPage | Skipped:
    if isinstance(item, RawPage):
        try:
            check_chars(item.text, settings.max_document_chars, item.path)
        except LimitExceeded as exc:
            return Skipped(item.doc_id, item.path, "ingest", str(exc).removeprefix(f"{item.path}: "))
    return item


def read_path(path: str, settings: Settings) -> Iterator[RawPage | Skipped]:
    """Read one input file (or ``-``) into pages; every problem becomes a ``Skipped``.

    Pages read before a file turns out broken (a WARC truncated half-way) are kept; the
    rest of the file is one ``Skipped`` with the reason.
    """
    shown = "-" if path == "-" else display_path(path)
    doc_id = "stdin" if path == "-" else _stem(Path(shown))
    if isinstance(path, RefusedPath):
        yield Skipped(doc_id, shown, "ingest", path.reason)
        return
    try:
        for item in _read(path, shown, doc_id, settings):
            yield _within_limits(item, settings)
    except InputError as exc:
        yield Skipped(doc_id, shown, "ingest", str(exc).removeprefix(f"{shown}: "))
    except OSError as exc:
        yield Skipped(doc_id, shown, "ingest", f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        yield Skipped(doc_id, shown, "ingest", _unforeseen(exc))


def read_data(path: str, data: bytes, settings: Settings) -> Iterator[RawPage | Skipped]:
    """The pages of one input file already read into memory (how Spark hands files over),
    under the same limits and with the same isolation as :func:`read_path`.

    Args:
        path: the file's name as the user gave it (its suffix picks the format).
        data: the file's bytes, possibly gzip-compressed.
        settings: run settings (``max_file_mb`` bounds the bytes and their decompression).
    """
    doc_id = _stem(Path(path))
    try:
        if len(data) > settings.max_file_mb * MB:
            raise LimitExceeded(f"{path}: {over_mb(settings.max_file_mb * MB, 'max_file_mb')}")
        suffix = _suffix(Path(path))
        pages = _warc_stream(io.BytesIO(data), path, settings) if suffix in WARC_SUFFIXES else \
            _pages_of(data, path, doc_id, suffix, settings)
        for item in pages:
            yield _within_limits(item, settings)
    except InputError as exc:
        yield Skipped(doc_id, path, "ingest", str(exc).removeprefix(f"{path}: "))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        yield Skipped(doc_id, path, "ingest", _unforeseen(exc))


def iter_pages(paths: Iterable[str], settings: Settings) -> Iterator[RawPage | Skipped]:
    """Every page from every input path, in order.

    Raises:
        InputError: a path does not exist or a directory holds no documents (checked first,
            before anything is read, so a typo fails the command at once).
    """
    for path in resolve_inputs(paths, settings.follow_symlinks):
        yield from read_path(path, settings)
