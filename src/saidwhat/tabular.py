"""The one tabular writer: rows (dataclasses or dicts) as CSV, JSON Lines or Parquet.

Every table saidwhat writes goes through here: ``quotes --format csv``, ``export``, the web
app's downloads, ``shifts`` / ``compare`` / ``speakers`` listings. So one rule holds for all:

- CSV: lists joined with ``"; "``, None empty, and a cell that a spreadsheet would run as a
  formula (it starts with ``= + - @``, a tab or a carriage return and is not a number) gets
  a leading apostrophe. Scraped quotes can start with anything: ``=HYPERLINK("http://x")``
  in a quote must not become a live link in the analyst's spreadsheet.
- JSON Lines: one object per row, lists as lists.
- Parquet: typed columns (lists as lists, dates as dates, numbers as numbers).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_COLUMNS = ("published", "published_date", "date")


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


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value: Any) -> str:
    """One CSV cell: flat lists joined with ``; ``, nested data as JSON, formulas defused, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (list, tuple, dict)) for v in value):
        text = "; ".join(csv_cell(v) for v in value)
    elif isinstance(value, (list, tuple, dict)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def columns_of(rows: list[dict[str, Any]], columns: list[str] | None = None) -> list[str]:
    """The given columns, or the first row's keys."""
    return columns or (list(rows[0]) if rows else ["id"])


def csv_lines(rows: Iterable[Any], columns: list[str] | None = None) -> Iterator[str]:
    """CSV text, header first, a chunk per row (streamed downloads)."""
    dicts = [plain(r) for r in rows]
    cols = columns_of(dicts, columns)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in dicts:
        writer.writerow([csv_cell(row.get(c)) for c in cols])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def jsonl_lines(rows: Iterable[Any], columns: list[str] | None = None) -> Iterator[str]:
    """One JSON object per row and line."""
    for row in rows:
        data = plain(row)
        if columns:
            data = {c: data.get(c) for c in columns}
        yield json.dumps(data, ensure_ascii=False) + "\n"


def write(rows: Iterable[Any], format: str, out: IO[str], columns: list[str] | None = None) -> None:
    """Write rows as ``csv`` or ``jsonl`` to an open text stream."""
    lines = csv_lines(rows, columns) if format == "csv" else jsonl_lines(rows, columns)
    for chunk in lines:
        out.write(chunk)


def _arrow_value(column: str, value: Any) -> Any:
    if column in DATE_COLUMNS and isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value


def write_parquet(rows: Iterable[Any], path: Path, columns: list[str]) -> None:
    """Rows as a Parquet file with typed columns: lists stay lists, dates become dates."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dicts = [plain(r) for r in rows]
    data = {c: [_arrow_value(c, d.get(c)) for d in dicts] for c in columns}
    arrays = {c: pa.array(v) if any(x is not None for x in v) else pa.array(v, pa.string()) for c, v in data.items()}
    pq.write_table(pa.table(arrays), path)


def write_file(rows: Iterable[Any], format: str, path: Path, columns: list[str]) -> None:
    """Rows to a file in ``csv``, ``jsonl`` or ``parquet``."""
    if format == "parquet":
        write_parquet(rows, path, columns)
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        write(rows, format, fh, columns)
