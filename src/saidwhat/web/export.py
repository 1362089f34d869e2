"""Every list as CSV or JSONL: rows (dataclasses or dicts) -> a download response."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from starlette.responses import StreamingResponse

from ..errors import QueryError

FORMATS = ("csv", "jsonl")
# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"),
# and scraped quotes can start with anything, so such cells get a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(row: Any) -> dict[str, Any]:
    """A row as a JSON-ready dict (dataclasses, tuples and nested records flattened)."""
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        data = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    else:
        data = dict(row)
    return {k: _plain_value(v) for k, v in data.items()}


def _plain_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(value)
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain_value(v) for k, v in value.items()}
    return value


def csv_cell(value: Any) -> str:
    """One CSV cell: lists joined with ``; ``, formulas defused, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = "; ".join(csv_cell(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def download(rows: Iterable[Any], format: str, name: str, columns: list[str] | None = None) -> StreamingResponse:
    """A CSV or JSONL attachment of ``rows``.

    Args:
        rows: dataclass rows or dicts.
        format: ``csv`` or ``jsonl``.
        name: the file name without extension.
        columns: CSV columns (default: the first row's keys).

    Raises:
        QueryError: ``format`` is neither csv nor jsonl.
    """
    if format not in FORMATS:
        raise QueryError(f"Unknown download format {format!r}. Use one of: {', '.join(FORMATS)}.")
    dicts = [plain(r) for r in rows]
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    if format == "jsonl":
        body: Iterator[str] = (json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
        return StreamingResponse(body, media_type="application/x-ndjson; charset=utf-8", headers=headers)
    cols = columns or (list(dicts[0]) if dicts else ["id"])
    return StreamingResponse(_csv_lines(dicts, cols), media_type="text/csv; charset=utf-8", headers=headers)
