"""How listing commands print: ``--format table|jsonl|csv`` (data to stdout, always)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import typer
from rich.table import Table

from .. import tabular
from .app import out
from .terminal import printable

FORMATS = ("table", "jsonl", "csv")
FORMAT_OPTION = typer.Option("table", "--format", help="table, jsonl or csv.")


def check_format(value: str, allowed: tuple[str, ...] = FORMATS, option: str = "--format") -> str:
    """``value`` if allowed, else a usage error (exit 2) naming the choices."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}", param_hint=option)
    return value


def emit(rows: Iterable[Any], format: str, columns: list[str] | None = None) -> None:
    """Rows as JSON Lines or CSV on stdout, through the one tabular writer (formulas defused)."""
    tabular.write(rows, format, sys.stdout, columns)
    sys.stdout.flush()


def table(columns: list[str], rows: list[list[str]]) -> None:
    """A Rich table on stdout (not squeezed to 80 columns when piped)."""
    t = Table(show_lines=False, highlight=False)
    for column in columns:
        t.add_column(column, overflow="fold")
    for row in rows:
        t.add_row(*(printable(cell) for cell in row))  # corpus text: no escape codes to the terminal
    out.print(t)
