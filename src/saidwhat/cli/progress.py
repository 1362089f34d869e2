"""Progress display shared by the commands that ingest (ingest, demo)."""

from __future__ import annotations

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..config import Settings
from ..store.base import IngestSummary
from ..store.ingest import ingest
from .app import err


def ingest_with_progress(paths: list[str], settings: Settings) -> IngestSummary:
    """Run ``store.ingest.ingest`` with a Rich progress bar (counts and rate) on stderr."""
    progress = Progress(
        TextColumn("ingest"), BarColumn(), TextColumn("{task.completed} inputs"),
        TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingest", total=None, counts="")

        def tick(s: IngestSummary) -> None:
            progress.update(
                task, completed=s.inputs,
                counts=f"{s.documents} new, {s.unchanged} unchanged, {s.attributions} attributions, "
                       f"{s.skipped} skipped, {s.rate:.1f}/s",
            )

        return ingest(paths, settings, on_progress=tick)
