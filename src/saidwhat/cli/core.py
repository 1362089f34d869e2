"""``saidwhat extract``: files in, contract JSON out (stores nothing)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Optional

import typer

from .. import pipeline
from ..models import Skipped
from ..records import to_record
from .app import CONFIG_OPTION, FOLLOW_SYMLINKS_OPTION, app, err, settings_from
from .progress import counting_progress
from .terminal import printable


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive): .txt, .html/.htm, .jsonl, .csv, .warc(.gz); '-' reads stdin."),
    format: str = typer.Option("jsonl", "--format", help="Output format (jsonl)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: one per core; 1 runs in-process)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet name for every page, overriding the one detected."),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    follow_symlinks: Optional[bool] = FOLLOW_SYMLINKS_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Extract who said what from files and print one JSON object per document to stdout."""
    if format != "jsonl":
        raise typer.BadParameter(f"unsupported format {format!r}; use jsonl", param_hint="--format")
    settings = settings_from(config, workers=workers, outlet=outlet, nlp_model=nlp_model,
                             follow_symlinks=follow_symlinks)
    counts: Counter[str] = Counter()
    skipped: list[Skipped] = []
    with counting_progress("site profile") as read:
        recipe = pipeline.plan(paths, settings, lambda n: read(n, "pages read"))
    with counting_progress("extract") as tick:
        for result in recipe.run():
            record = to_record(result)
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                counts["attributions"] += len(result.attributions)
            counts["documents"] += 1
            tick(counts["documents"], f"{counts['attributions']} attributions, {len(skipped)} skipped")
    sys.stdout.flush()
    for s in skipped:
        err.print(printable(f"skipped {s.path}: {s.stage}: {s.reason}"), highlight=False, markup=False)
    err.print(
        f"{counts['documents']} documents, {counts['attributions']} attributions, "
        f"{len(skipped)} skipped",
        highlight=False,
    )
    if skipped:
        raise typer.Exit(1)


@app.command()
def spark(
    paths: list[str] = typer.Argument(..., help="Input files or directories on any filesystem Spark reads (hdfs://, s3a://, gs://, file://, or the default one)."),
    out: str = typer.Option(..., "--out", help="Output directory for the part files (must not exist)."),
    format: str = typer.Option("jsonl", "--format", help="Output format: jsonl or parquet."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Spark partitions for the pipeline (default: four per core)."),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Run extract on Apache Spark: spark-submit's master and conf, else local[*]."""
    from ..batch.spark import run_spark

    settings = settings_from(config, nlp_model=nlp_model)
    summary = run_spark(paths, out, settings, partitions=partitions, format=format)
    err.print(f"{summary['documents']} documents, {summary['skipped']} skipped -> {summary['out']}", highlight=False)
    if summary["skipped"]:
        raise typer.Exit(1)
