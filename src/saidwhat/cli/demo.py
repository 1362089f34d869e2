"""``saidwhat demo``: the whole pipeline on the built-in sample corpus, then a summary."""

from __future__ import annotations

from importlib import resources
from typing import Any, Optional

import typer
from rich.table import Table

from .. import service
from ..config import Settings
from ..models import Shift
from ..store import IngestSummary, SkippedRow, SpeakerRow, Store
from .app import CONFIG_OPTION, app, out, settings_from
from .progress import ingest_with_progress
from .terminal import printable


def corpus_dir() -> str:
    """The packaged sample corpus directory."""
    return str(resources.files("saidwhat").joinpath("data/corpus"))


def _quote(text: str, width: int = 110) -> str:
    text = printable(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_shifts(shifts: list[Shift]) -> None:
    table = Table(title="Detected tone shifts", title_justify="left")
    for column in ("speaker", "topic", "date", "tone before → after", "confidence", "statements"):
        table.add_column(column)
    for s in shifts:
        table.add_row(
            printable(s.speaker), printable(s.target), s.date, f"{s.before:+.2f} → {s.after:+.2f} ({s.direction})",
            f"{s.confidence:.2f}", f"{s.n_before} / {s.n_after}",
        )
    out.print(table)
    for s in shifts:
        out.print(f"[bold]{s.speaker}[/bold] on [bold]{s.target}[/bold], {s.date}:", highlight=False)
        for label, items in (("before", s.evidence_before), ("after", s.evidence_after)):
            if items:
                st = items[0]
                out.print(f"  {label:<6} {st.published[:10]} ({st.tone:+.2f}) “{_quote(st.quote)}”",
                          markup=False, highlight=False)


def _print_moved_first(store: Store, settings: Settings, shifts: list[Shift]) -> None:
    """Who changed their tune first, for each pair of speakers that both shifted (service.compare)."""
    speakers = sorted({s.speaker for s in shifts})
    for i, a in enumerate(speakers):
        for b in speakers[i + 1:]:
            result = service.compare(store, settings, a, b)
            if result.moved is not None:
                out.print(result.summary(), highlight=False, markup=False)


@app.command()
def demo(
    db: str = typer.Option("saidwhat-demo.db", "--db", help="SQLite file (or postgresql:// DSN) to build."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: one per core)."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Run the whole pipeline on the built-in sample corpus and summarise what it found."""
    settings = settings_from(config, db=db, workers=workers)
    summary = ingest_with_progress([corpus_dir()], settings)
    with service.open_existing(settings.db) as store:
        stats = store.stats()
        skipped = store.skipped()
        speakers = store.speakers(limit=10, offset=0)
        shifts = service.shifts(store, settings)
        _summarise(settings, summary, stats, skipped, speakers)
        if shifts:
            _print_shifts(shifts)
            _print_moved_first(store, settings, shifts)
        else:
            out.print("No tone shifts detected.")
    _explore(settings.db)


def _summarise(settings: Settings, summary: IngestSummary, stats: dict[str, Any], skipped: list[SkippedRow],
               speakers: list[SpeakerRow]) -> None:
    out.print(f"\n[bold]saidwhat demo[/bold] — sample corpus → {settings.db}")
    out.print(
        f"Documents: {stats['documents']} stored ({summary.documents} new this run, "
        f"{summary.unchanged} unchanged), {stats['skipped']} skipped"
    )
    for row in skipped:
        out.print(f"  skipped {row.path}: {row.stage}: {row.reason}", markup=False, highlight=False)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(stats["by_kind"].items()))
    out.print(f"Attributions: {stats['attributions']} ({kinds})")

    table = Table(title="Top speakers", title_justify="left")
    for column in ("speaker", "type", "attributions", "aliases"):
        table.add_column(column, overflow="fold")
    for sp in speakers:
        table.add_row(sp.name, sp.type or "", str(sp.count), ", ".join(a for a in sp.aliases if a != sp.name)[:80])
    out.print(table)


def _explore(db: str) -> None:
    out.print(
        "\nExplore further:\n"
        f"  saidwhat quotes --db {db} --speaker 'Elena Varga' --about sanctions\n"
        f"  saidwhat shifts --db {db}\n"
        f"  saidwhat compare 'Elena Varga' 'Tomas Reiner' --db {db}\n"
        f"  saidwhat serve --db {db}     # then open http://127.0.0.1:8000",
        highlight=False,
    )
