"""Attention and facets: ``saidwhat volume``, ``saidwhat topics``, ``saidwhat outlets``.

The same answers as ``/api/volume``, ``/api/topics`` and ``/api/outlets`` (``saidwhat.service``).
"""

from __future__ import annotations

from typing import Any, Optional

import typer

from .. import service
from .app import CONFIG_OPTION, app
from .listing import check_format, emit, table
from .store_cmds import DB_OPTION, open_for_reading


@app.command()
def volume(
    by: str = typer.Option("week", "--by", help="day, week or month."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker name, alias or id."),
    about: Optional[str] = typer.Option(None, "--about", help="A topic; every spelling of it counts (Veskara, Veskarans)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="An outlet; every spelling of its name counts."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Statements published per day, week or month (attention over time)."""
    check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        found = service.volume(store, by, speaker=speaker, topic=about, outlet=outlet)
    _print([{"start": p.start, "end": p.end, "statements": p.count} for p in found.periods], format,
           ["start", "end", "statements"])


def _print(rows: list[dict[str, Any]], format: str, columns: list[str]) -> None:
    """Rows as jsonl/csv (every column) or a table (numbers as text, tones signed)."""
    if format != "table":
        emit(rows, format, columns)
        return

    def cell(value: Any) -> str:
        return "n/a" if value is None else f"{value:+.2f}" if isinstance(value, float) else str(value)
    table([c.replace("_", " ") for c in columns], [[cell(r[c]) for c in columns] for r in rows])


@app.command()
def topics(
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Topics statements are about, one per family of spellings, most statements first."""
    check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        found = service.topic_families(store)
    _print([{"topic": f.name, "statements": f.count, "mean_tone": f.mean_tone, "spellings": "; ".join(f.members)}
            for f in found], format, ["topic", "statements", "mean_tone", "spellings"])


@app.command()
def outlets(
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Outlets, every spelling of one name counted together, most attributions first."""
    check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        found = service.outlets(store)
    _print([{"outlet": o.name, "documents": o.documents, "attributions": o.attributions, "spellings": "; ".join(o.spellings)}
            for o in found], format, ["outlet", "documents", "attributions", "spellings"])
