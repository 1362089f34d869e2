"""Store commands: ingest, stats, quotes, timeline, skipped, export, speakers (list/merge/split).

Each command opens the store named by ``--db`` (default: the ``db`` setting), calls one
library function and prints: data to stdout, messages and progress to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import QueryError
from ..models import Statement
from ..store import QuoteQuery, Store, open_store, snippet_text
from ..store.base import MARK_END, MARK_START
from .app import CONFIG_OPTION, app, err, make_app, out, settings_from
from .progress import ingest_with_progress

DB_OPTION = typer.Option(None, "--db", help="SQLite file or postgresql:// DSN (default: the db setting, saidwhat.db).")

speakers_app = make_app("List canonical speakers, or correct alias merging (merge / split).")
speakers_app.info.no_args_is_help = False
app.add_typer(speakers_app, name="speakers")


def _open(db: str | None, config: str | None = None) -> Store:
    """The store for a reading command: a missing SQLite file is an error, not a new file."""
    return open_store(db or settings_from(config).db, create=False)


def _check_format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}", param_hint="--format")
    return value


def _jsonl(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _table(columns: list[str], rows: list[list[str]]) -> None:
    table = Table(show_lines=False, highlight=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _rich_snippet(snippet: str) -> str:
    return escape(snippet).replace(MARK_START, "[bold yellow]").replace(MARK_END, "[/bold yellow]")


def _tone(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive): .txt, .html, .jsonl, .csv, .warc(.gz)."),
    db: Optional[str] = DB_OPTION,
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: one per core; 1 runs in-process)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet name for every page, overriding the one detected."),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Parse files and store documents, attributions and speakers (idempotent, resumable).

    Content already stored at the same path is skipped; a changed file becomes a new
    version of its document. A killed run can be rerun with the same command. Exits 1
    if any input was skipped (see `saidwhat skipped`).
    """
    settings = settings_from(config, workers=workers, outlet=outlet, nlp_model=nlp_model, db=db)
    summary = ingest_with_progress(paths, settings)
    err.print(
        f"{summary.inputs} inputs: {summary.documents} documents stored "
        f"({summary.new_versions} new versions), {summary.unchanged} unchanged, "
        f"{summary.attributions} attributions, {summary.skipped} skipped "
        f"in {summary.seconds:.1f}s into {settings.db}",
        highlight=False, markup=False, soft_wrap=True,
    )
    if summary.skipped:
        err.print(f"See why: saidwhat skipped --db {settings.db}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def stats(
    db: Optional[str] = DB_OPTION,
    format: str = typer.Option("table", "--format", help="table or json."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Counts: documents, attributions, speakers, skipped, outlets, dates, attributions by kind."""
    _check_format(format, ("table", "json"))
    with _open(db, config) as store:
        numbers = store.stats()
    if format == "json":
        sys.stdout.write(json.dumps(numbers, indent=2) + "\n")
        return
    rows = [[k, ", ".join(f"{kk}: {vv}" for kk, vv in v.items()) if isinstance(v, dict) else str(v)]
            for k, v in numbers.items()]
    _table(["what", "value"], rows)


QUOTE_COLUMNS = ["id", "doc_id", "published", "outlet", "speaker", "kind", "cue", "tone", "polarity",
                 "targets", "content", "snippet"]


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker name, alias or id."),
    about: Optional[str] = typer.Option(None, "--about", help="Target/topic name, or words in the quote."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet name."),
    since: Optional[str] = typer.Option(None, "--since", help="Published on or after (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Published on or before (YYYY-MM-DD)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="direct, indirect or mixed."),
    search: Optional[str] = typer.Option(None, "--search", help='Full-text query: words, "phrases", OR, -word, prefix*.'),
    limit: int = typer.Option(50, "--limit", min=0, help="Most rows to print."),
    offset: int = typer.Option(0, "--offset", min=0, help="Rows to skip first."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Quotes matching the filters, newest first (best match first with --search)."""
    _check_format(format, ("table", "jsonl", "csv"))
    query = QuoteQuery(speaker=speaker, about=about, outlet=outlet, since=since, until=until, kind=kind,
                       search=search, limit=limit, offset=offset)
    with _open(db, config) as store:
        rows = store.quotes(query)
    if format == "table":
        _table(["date", "outlet", "speaker", "kind", "tone", "quote"], [
            [r.published or "", r.outlet or "", r.speaker or "", r.kind, _tone(r.tone), _rich_snippet(r.snippet)]
            for r in rows
        ])
        return
    records = []
    for r in rows:
        record = {k: v for k, v in asdict(r).items() if k in QUOTE_COLUMNS}
        record["snippet"] = snippet_text(r.snippet)
        record["targets"] = list(r.targets) if format == "jsonl" else "; ".join(r.targets)
        records.append({k: record[k] for k in QUOTE_COLUMNS})
    if format == "jsonl":
        _jsonl(records)
    else:
        _csv(records, QUOTE_COLUMNS)


def _bucket(day: str, by: str) -> str:
    d = date.fromisoformat(day[:10])
    if by == "day":
        return d.isoformat()
    if by == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    return d.replace(day=1).isoformat()


def bucket_means(statements: list[Statement], by: str) -> list[dict[str, Any]]:
    """Per-bucket tone: the tone area's ``timeline`` (mean, count, 95% interval) when present,
    else a plain mean and count per day, week (from Monday) or month, oldest first."""
    try:
        from ..tone.timeline import timeline as tone_timeline
    except ImportError:
        groups: dict[str, list[float]] = defaultdict(list)
        for s in statements:
            groups[_bucket(s.published, by)].append(s.tone)
        return [{"bucket": k, "statements": len(v), "tone": round(sum(v) / len(v), 4), "low": None, "high": None}
                for k, v in sorted(groups.items())]
    return [{"bucket": p.start, "statements": p.count, "tone": p.mean, "low": p.low, "high": p.high}
            for p in tone_timeline(statements, by)]


@app.command()
def timeline(
    speaker: str = typer.Argument(..., help="Speaker name, alias or id."),
    about: Optional[str] = typer.Option(None, "--about", help="Target/topic (default: the overall tone of each statement)."),
    by: Optional[str] = typer.Option(None, "--by", help="day, week or month (default: the timeline_bucket setting)."),
    format: str = typer.Option("table", "--format", help="table or jsonl."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """A speaker's mean tone per time bucket, overall or toward one target."""
    _check_format(format, ("table", "jsonl"))
    settings = settings_from(config, timeline_bucket=by, db=db)
    with open_store(settings.db, create=False) as store:
        found = store.speaker(speaker)
        if found is None:
            raise QueryError(f"No speaker named {speaker!r}. List them with: saidwhat speakers")
        statements = store.statements(speaker=found.name, target=about or "*")
    rows = bucket_means(statements, settings.timeline_bucket)
    if format == "jsonl":
        _jsonl([{"speaker": found.name, "target": about or "*", **r} for r in rows])
        return
    err.print(f"{found.name} - {about or 'overall tone'}, by {settings.timeline_bucket}", highlight=False, markup=False, soft_wrap=True)
    _table(["bucket", "statements", "tone", "95% interval"], [
        [r["bucket"], str(r["statements"]), _tone(r["tone"]),
         "" if r["low"] is None else f"{_tone(r['low'])} .. {_tone(r['high'])}"]
        for r in rows
    ])


@app.command()
def skipped(
    format: str = typer.Option("table", "--format", help="table or jsonl."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Inputs a stage could not process, with the stage and the reason."""
    _check_format(format, ("table", "jsonl"))
    with _open(db, config) as store:
        rows = store.skipped()
    if format == "jsonl":
        _jsonl([{"doc_id": r.doc_id, "path": r.path, "stage": r.stage, "reason": r.reason} for r in rows])
        return
    _table(["path", "stage", "reason"], [[escape(r.path), r.stage, escape(r.reason)] for r in rows])


@app.command()
def export(
    format: str = typer.Option(..., "--format", help="parquet, csv, jsonl or brat."),
    out_dir: str = typer.Option(..., "--out", help="Folder to write to (created if missing)."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Write documents, quotes and speakers (latest versions) to a folder; prints the files."""
    _check_format(format, ("parquet", "csv", "jsonl", "brat"))
    with _open(db, config) as store:
        files = store.export(format, out_dir)
    for path in files:
        sys.stdout.write(path + "\n")
    err.print(f"{len(files)} files written to {out_dir}", highlight=False, markup=False, soft_wrap=True)


@speakers_app.callback(invoke_without_command=True)
def speakers(
    ctx: typer.Context,
    search: Optional[str] = typer.Option(None, "--search", help="Only names or aliases containing this text."),
    limit: int = typer.Option(100, "--limit", min=0, help="Most rows to print."),
    format: str = typer.Option("table", "--format", help="table or jsonl."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """List canonical speakers, most quoted first (`speakers merge|split` correct them)."""
    if ctx.invoked_subcommand is not None:
        return
    _check_format(format, ("table", "jsonl"))
    with _open(db, config) as store:
        rows = store.speakers(limit=limit, search=search)
    if format == "jsonl":
        _jsonl([{"id": r.id, "name": r.name, "type": r.type, "aliases": list(r.aliases), "roles": list(r.roles),
                 "count": r.count} for r in rows])
        return
    _table(["id", "name", "type", "quotes", "aliases", "roles"], [
        [str(r.id), escape(r.name), r.type or "", str(r.count), escape(", ".join(a for a in r.aliases if a != r.name)),
         escape(", ".join(r.roles))]
        for r in rows
    ])


@speakers_app.command("merge")
def speakers_merge(
    alias: str = typer.Argument(..., help="The name (or speaker) to fold in."),
    canonical: str = typer.Argument(..., help="The speaker it belongs to."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Record that ALIAS is the same speaker as CANONICAL (kept across re-ingestion)."""
    with _open(db, config) as store:
        row = store.merge_speakers(alias, canonical)
    err.print(f"{alias} is now an alias of {row.name} ({row.count} quotes)", highlight=False, markup=False, soft_wrap=True)


@speakers_app.command("split")
def speakers_split(
    alias: str = typer.Argument(..., help="The alias to separate."),
    canonical: str = typer.Argument(..., help="The speaker it wrongly belongs to."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Record that ALIAS is NOT the speaker CANONICAL; it becomes a speaker of its own."""
    with _open(db, config) as store:
        row = store.split_speaker(alias, canonical)
    err.print(f"{row.name} is now its own speaker ({row.count} quotes)", highlight=False, markup=False, soft_wrap=True)


@speakers_app.command("explain")
def speakers_explain(
    name: str = typer.Argument(..., help="A canonical speaker or any of its aliases."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """List the aliases of speaker NAME and why each one joined it."""
    from ..speakers.aliases import explain_speaker

    with _open(db, config) as store:
        observations = store.speaker_observations()
        corrections = store.speaker_corrections()
    merges = [(a, c) for action, a, c in corrections if action == "merge"]
    splits = [(a, c) for action, a, c in corrections if action == "split"]
    found = explain_speaker(name, observations, merges, splits)
    if found is None:
        raise QueryError(f"No speaker named {name!r}. List them with `saidwhat speakers --search {name}`.")
    canonical, rows = found
    for alias, why in rows:
        typer.echo(f"{alias}\t{why}")
    err.print(f"{len(rows)} aliases of {canonical}", highlight=False, markup=False, soft_wrap=True)
