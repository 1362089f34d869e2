"""Every list as CSV or JSONL: rows (dataclasses or dicts) -> a download response.

The rows are written by the one tabular writer (``saidwhat.tabular``), so a download and
``saidwhat quotes --format csv`` defuse spreadsheet formulas the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from starlette.responses import StreamingResponse

from ..errors import QueryError
from ..tabular import FORMULA_START, csv_cell, csv_lines, jsonl_lines, plain

FORMATS = ("csv", "jsonl")

__all__ = ["FORMATS", "FORMULA_START", "csv_cell", "download", "plain"]


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
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    if format == "jsonl":
        body: Iterator[str] = jsonl_lines(rows)
        return StreamingResponse(body, media_type="application/x-ndjson; charset=utf-8", headers=headers)
    return StreamingResponse(csv_lines(rows, columns), media_type="text/csv; charset=utf-8", headers=headers)
