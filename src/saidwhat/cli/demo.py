"""``saidwhat demo``: the whole pipeline on the built-in sample corpus, then a summary."""

from __future__ import annotations

from importlib import resources
from typing import Optional

import typer
from rich.table import Table

from ..models import Shift
from ..store import open_store
from ..tone.shifts import detect_shifts, who_moved_first
from ..tone.statements import worth_tracking
from .app import CONFIG_OPTION, app, out, settings_from
from .progress import ingest_with_progress

OVERALL = "*"


def corpus_dir() -> str:
    """The packaged sample corpus directory."""
    return str(resources.files("saidwhat").joinpath("data/corpus"))


def _quote(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_shifts(shifts: list[Shift]) -> None:
    table = Table(title="Detected tone shifts", title_justify="left")
    for column in ("speaker", "topic", "date", "tone before → after", "confidence", "statements"):
        table.add_column(column)
    for s in shifts:
        table.add_row(
            s.speaker, s.target, s.date, f"{s.before:+.2f} → {s.after:+.2f} ({s.direction})",
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


def _print_moved_first(shifts: list[Shift]) -> None:
    """Who changed their tune first, for each pair of speakers that both shifted."""
    speakers = sorted({s.speaker for s in shifts})
    for i, a in enumerate(speakers):
        for b in speakers[i + 1:]:
            result = who_moved_first(
                [s for s in shifts if s.speaker == a], [s for s in shifts if s.speaker == b]
            )
            if result is None:
                continue
            if result.first is None:
                out.print(f"{a} and {b} shifted on the same day ({result.first_shift.date}).")
                continue
            out.print(
                f"Who moved first: [bold]{result.first}[/bold] ({result.first_shift.target}, "
                f"{result.first_shift.date}), {result.days} days before {result.second} "
                f"({result.second_shift.target}, {result.second_shift.date}).",
                highlight=False,
            )


@app.command()
def demo(
    db: str = typer.Option("saidwhat-demo.db", "--db", help="SQLite file (or postgresql:// DSN) to build."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: one per core)."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Run the whole pipeline on the built-in sample corpus and summarise what it found."""
    settings = settings_from(config, db=db, workers=workers)
    summary = ingest_with_progress([corpus_dir()], settings)
    with open_store(settings.db) as store:
        stats = store.stats()
        skipped = store.skipped()
        speakers = store.speakers(limit=10, offset=0)
        statements = worth_tracking(st for st in store.statements() if st.target != OVERALL)
    shifts = detect_shifts(statements, settings)

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
    if shifts:
        _print_shifts(shifts)
        _print_moved_first(shifts)
    else:
        out.print("No tone shifts detected.")
    out.print(
        "\nExplore further:\n"
        f"  saidwhat quotes --db {settings.db} --speaker 'Elena Varga' --about sanctions\n"
        f"  saidwhat shifts --db {settings.db}\n"
        f"  saidwhat compare 'Elena Varga' 'Tomas Reiner' --about ceasefire --db {settings.db}\n"
        f"  saidwhat serve --db {settings.db}     # then open http://127.0.0.1:8000",
        highlight=False,
    )
