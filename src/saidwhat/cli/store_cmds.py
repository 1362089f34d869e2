"""Store commands: ingest, stats, quotes, timeline, skipped, export, speakers (list/merge/split).

Each command opens the store named by ``--db`` (default: the ``db`` setting), calls one
library function and prints: data to stdout, messages and progress to stderr.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from typing import Any, Optional

import typer
from rich.markup import escape

from .. import service
from ..errors import QueryError
from ..store import QUOTE_SORTS, QuoteQuery, Store, snippet_text
from ..store.base import MARK_END, MARK_START
from .app import CONFIG_OPTION, FOLLOW_SYMLINKS_OPTION, app, err, make_app, settings_from
from .listing import check_format, emit, table
from .progress import ingest_with_progress

DB_OPTION = typer.Option(None, "--db", help="SQLite file or postgresql:// DSN (default: the db setting, saidwhat.db).")

speakers_app = make_app("List canonical speakers, or correct them (merge / split / rename).")
speakers_app.info.no_args_is_help = False
app.add_typer(speakers_app, name="speakers")


def open_for_reading(db: str | None, config: str | None = None) -> Store:
    """The store for a reading command: a missing SQLite file is an error, not a new file."""
    settings = settings_from(config)
    return service.open_existing(db or settings.db, search_time_limit_ms=settings.search_time_limit_ms)


_check_format = check_format
_table = table


def _jsonl(rows: list[dict[str, object]]) -> None:
    emit(rows, "jsonl")


def _hint(shown: int, total: int, what: str, offset: int | None) -> None:
    """``50 of 1,234 quotes`` on stderr when a listing is cut short (data stays on stdout)."""
    if (offset or 0) + shown < total:
        more = "--limit N" if offset is None else f"--offset {offset + shown} or --limit N"
        err.print(f"{shown} of {total:,} {what}; see more with {more}", highlight=False, markup=False, soft_wrap=True)


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
    follow_symlinks: Optional[bool] = FOLLOW_SYMLINKS_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Parse files and store documents, attributions and speakers (idempotent, resumable).

    Content already stored at the same path is skipped; a changed file becomes a new
    version of its document. A killed run can be rerun with the same command. Exits 1
    if any input was skipped (see `saidwhat skipped`).
    """
    settings = settings_from(config, workers=workers, outlet=outlet, nlp_model=nlp_model, db=db,
                             follow_symlinks=follow_symlinks)
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
    with open_for_reading(db, config) as store:
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
    sort: str = typer.Option("relevance", "--sort", help="relevance (best match first with --search, whole "
                                                         "statements before fragments), newest or oldest."),
    facets: bool = typer.Option(False, "--facets", help="Print the matches' counts per speaker, outlet, topic and kind instead."),
    limit: int = typer.Option(50, "--limit", min=0, help="Most rows to print."),
    offset: int = typer.Option(0, "--offset", min=0, help="Rows to skip first."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Quotes matching the filters, newest first (best match first with --search)."""
    _check_format(format, ("table", "jsonl", "csv"))
    _check_format(sort, QUOTE_SORTS, "--sort")
    query = QuoteQuery(speaker=speaker, about=about, outlet=outlet, since=since, until=until, kind=kind,
                       search=search, limit=limit, offset=offset, sort=sort)
    if facets:
        _print_facets(query, format, db, config)
        return
    with open_for_reading(db, config) as store:
        rows = service.quotes(store, query)
        # A full page may not be all: say how many there are (counting costs a scan, so only then).
        total = store.count_quotes(query) if limit and len(rows) == limit else offset + len(rows)
    _hint(len(rows), total, "quotes", offset)
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
        record["targets"] = list(r.targets)
        records.append({k: record[k] for k in QUOTE_COLUMNS})
    emit(records, format, QUOTE_COLUMNS)


def _print_facets(query: QuoteQuery, format: str, db: Optional[str], config: Optional[str]) -> None:
    with open_for_reading(db, config) as store:
        found = service.search_quotes(store, replace(query, limit=0, offset=0))
    rows = [{"facet": f, "value": c.value, "count": c.count} for f, cs in found.facets.items() for c in cs]
    window = f" (counted over the newest {found.facets_window:,})" if found.facets_window else ""
    err.print(f"{found.total:,} quotes match{window}", highlight=False, markup=False, soft_wrap=True)
    if format != "table":
        emit(rows, format, ["facet", "value", "count"])
        return
    _table(["facet", "value", "count"], [[r["facet"], escape(str(r["value"])), str(r["count"])] for r in rows])


@app.command()
def timeline(
    speaker: str = typer.Argument(..., help="Speaker name, alias or id."),
    about: Optional[str] = typer.Option(None, "--about", help="Target/topic (default: the overall tone of each statement)."),
    by: Optional[str] = typer.Option(None, "--by", help="day, week or month (default: the timeline_bucket setting)."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """A speaker's mean tone per time bucket, overall or toward one topic."""
    _check_format(format, ("table", "jsonl", "csv"))
    settings = settings_from(config, db=db)
    with open_for_reading(settings.db) as store:
        found = service.timeline(store, settings, speaker, about, by)
    rows = [{"speaker": found.speaker, "topic": found.topic, "bucket": p.start, "statements": p.count, "tone": p.mean,
             "low": p.low, "high": p.high} for p in found.points]
    if format != "table":
        emit(rows, format, list(rows[0]) if rows else ["speaker", "topic", "bucket", "statements", "tone", "low", "high"])
        return
    err.print(f"{found.speaker} - {'overall tone' if found.topic == '*' else found.topic}, by {found.bucket}",
              highlight=False, markup=False, soft_wrap=True)
    _table(["bucket", "statements", "tone", "95% interval"], [
        [str(r["bucket"]), str(r["statements"]), _tone(r["tone"]),  # type: ignore[arg-type]
         f"{_tone(r['low'])} .. {_tone(r['high'])}"]  # type: ignore[arg-type]
        for r in rows
    ])


@app.command()
def skipped(
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Inputs a stage could not process, with the stage and the reason."""
    _check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        rows = store.skipped()
    if format != "table":
        emit([{"doc_id": r.doc_id, "path": r.path, "stage": r.stage, "reason": r.reason} for r in rows], format,
             ["doc_id", "path", "stage", "reason"])
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
    with open_for_reading(db, config) as store:
        files = store.export(format, out_dir)
    for path in files:
        sys.stdout.write(path + "\n")
    err.print(f"{len(files)} files written to {out_dir}", highlight=False, markup=False, soft_wrap=True)


@speakers_app.callback(invoke_without_command=True)
def speakers(
    ctx: typer.Context,
    search: Optional[str] = typer.Option(None, "--search", help="Only names or aliases containing this text."),
    limit: int = typer.Option(100, "--limit", min=0, help="Most rows to print."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """List canonical speakers, most quoted first (`speakers merge|split` correct them)."""
    if ctx.invoked_subcommand is not None:
        return
    _check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        rows = store.speakers(limit=limit, search=search)
        total = len(store.speakers(limit=1_000_000, search=search)) if search and len(rows) == limit else (
            int(store.stats()["speakers"]) if len(rows) == limit else len(rows))
    _hint(len(rows), total, "speakers", None)
    if format != "table":
        emit([{"id": r.id, "name": r.name, "type": r.type, "aliases": list(r.aliases), "roles": list(r.roles),
               "count": r.count} for r in rows], format, ["id", "name", "type", "aliases", "roles", "count"])
        return
    _table(["id", "name", "type", "quotes", "aliases", "roles"], [
        [str(r.id), escape(r.name), r.type or "", str(r.count), escape(", ".join(a for a in r.aliases if a != r.name)),
         escape(", ".join(r.roles))]
        for r in rows
    ])


def _speaker_correction(config: Optional[str], db: Optional[str], correct: Any, *names: str) -> Any:
    """Run one service correction (merge, split, rename) on the store; returns its speaker."""
    settings = settings_from(config, db=db)
    with open_for_reading(settings.db) as store:
        return correct(store, settings, *names)


@speakers_app.command("merge")
def speakers_merge(
    alias: str = typer.Argument(..., help="The name (or speaker) to fold in."),
    canonical: str = typer.Argument(..., help="The speaker it belongs to."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Record that ALIAS is the same speaker as CANONICAL (kept across re-ingestion)."""
    row = _speaker_correction(config, db, service.merge, alias, canonical)
    err.print(f"{alias} is now an alias of {row.name} ({row.count} quotes)", highlight=False, markup=False, soft_wrap=True)


@speakers_app.command("split")
def speakers_split(
    alias: str = typer.Argument(..., help="The alias to separate."),
    canonical: str = typer.Argument(..., help="The speaker it wrongly belongs to."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Record that ALIAS is NOT the speaker CANONICAL; it becomes a speaker of its own."""
    row = _speaker_correction(config, db, service.split, alias, canonical)
    err.print(f"{row.name} is now its own speaker ({row.count} quotes)", highlight=False, markup=False, soft_wrap=True)


@speakers_app.command("rename")
def speakers_rename(
    name: str = typer.Argument(..., help="The speaker (name, alias or id)."),
    new_name: str = typer.Argument(..., help="The name to show from now on."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Show speaker NAME as NEW_NAME from now on (kept across re-ingestion)."""
    row = _speaker_correction(config, db, service.rename, name, new_name)
    err.print(f"{name} is now called {row.name} ({row.count} quotes)", highlight=False, markup=False, soft_wrap=True)


@app.command("mark-wrong")
def mark_wrong(
    attribution_id: int = typer.Argument(..., help="The attribution's id (the id column of `saidwhat quotes --format jsonl`)."),
    undo: bool = typer.Option(False, "--undo", help="Count it again (it was right after all)."),
    note: Optional[str] = typer.Option(None, "--note", help="Why it is wrong (kept with the mark)."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Mark an attribution wrong: left out of quotes, timelines, shifts and compare (kept across re-ingestion)."""
    settings = settings_from(config, db=db)
    with open_for_reading(settings.db) as store:
        speaker = service.mark_wrong(store, attribution_id, not undo, note)
    state = "counts again" if undo else "is marked wrong"
    err.print(f"attribution {attribution_id} ({speaker or 'no speaker'}) {state}", highlight=False, markup=False,
              soft_wrap=True)


@speakers_app.command("explain")
def speakers_explain(
    name: str = typer.Argument(..., help="A canonical speaker or any of its aliases."),
    format: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """List the aliases of speaker NAME and why each one joined it."""
    _check_format(format, ("table", "jsonl", "csv"))
    with open_for_reading(db, config) as store:
        canonical, rows = service.explain_speaker(store, name)
    err.print(f"{len(rows)} aliases of {canonical}", highlight=False, markup=False, soft_wrap=True)
    if format != "table":
        emit([{"speaker": canonical, "alias": alias, "reason": why} for alias, why in rows], format,
             ["speaker", "alias", "reason"])
        return
    _table(["alias", "reason"], [[escape(alias), escape(why)] for alias, why in rows])
