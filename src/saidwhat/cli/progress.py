"""Progress display shared by the commands that ingest (ingest, demo)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..config import Settings
from ..store.base import IngestSummary
from ..service import ingest
from .app import err


def ingest_with_progress(paths: list[str], settings: Settings) -> IngestSummary:
    """Run ``service.ingest`` with a Rich progress bar (counts and rate) on stderr."""
    progress = Progress(
        TextColumn("ingest"), BarColumn(), TextColumn("{task.completed} inputs"),
        TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )
    with progress:
        profile = progress.add_task("site profile", total=None, counts="")

        def read(n: int) -> None:
            progress.update(profile, completed=n, counts="pages read for the site profile")

        task = progress.add_task("ingest", total=None, counts="")

        def tick(s: IngestSummary) -> None:
            progress.update(
                task, completed=s.inputs,
                counts=f"{s.documents} new, {s.unchanged} unchanged, {s.attributions} attributions, "
                       f"{s.skipped} skipped, {s.rate:.1f}/s",
            )

        return ingest(paths, settings, on_progress=tick, on_profile=read)


@contextmanager
def counting_progress(label: str) -> Iterator[Callable[[int, str], None]]:
    """A Rich progress display on stderr for work of unknown size: count, rate and notes.

    Yields:
        ``tick(done, note)``: report ``done`` items so far and a short note.
    """
    progress = Progress(
        TextColumn(label), BarColumn(), TextColumn("{task.completed} documents"),
        TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[note]}"), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )
    started = time.perf_counter()
    with progress:
        task = progress.add_task(label, total=None, rate="", note="")

        def tick(done: int, note: str) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, completed=done, rate=f"{rate:.1f}/s", note=note)

        yield tick
