"""``saidwhat trails``: statements printed by more than one outlet, first printing first."""

from __future__ import annotations

from typing import Any, Optional

import typer

from .. import service
from ..trails import Trail
from ..trails.variants import diff_text
from .app import CONFIG_OPTION, app
from .listing import check_format, emit, table
from .store_cmds import DB_OPTION, open_for_reading

CSV_COLUMNS = [
    "trail", "text", "speaker", "first_doc", "first_outlet", "first_published", "doc", "outlet", "published",
    "quote_speaker", "attribution_id", "variant", "negation", "diff", "quote",
]


def _summary(trail: Trail) -> str:
    parts = [f"{name} {n}" for name, n in trail.variants.items()]
    if any(a.negation for a in trail.appearances):
        parts.append("negation changed")
    return ", ".join(parts)


def _rows(trail: Trail) -> list[dict[str, Any]]:
    first = trail.first
    return [{
        "trail": trail.id, "text": trail.text, "speaker": trail.speaker, "first_doc": first.doc,
        "first_outlet": first.outlet, "first_published": first.published, "doc": a.doc, "outlet": a.outlet,
        "published": a.published, "quote_speaker": a.speaker, "attribution_id": a.attribution_id,
        "variant": a.variant, "negation": a.negation, "diff": diff_text(a.diff), "quote": a.quote,
    } for a in trail.appearances]


@app.command("trails")
def trails_cli(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only trails where a printing names this speaker (name, alias or id)."),
    variant: Optional[str] = typer.Option(None, "--variant", help="Only trails with a printing of this variant: verbatim, trimmed, extended, altered or misattributed."),
    since: Optional[str] = typer.Option(None, "--since", help="Only trails first printed on or after this date (YYYY-MM-DD)."),
    limit: int = typer.Option(50, "--limit", min=0, help="Most trails to print."),
    offset: int = typer.Option(0, "--offset", min=0, help="Trails to skip first."),
    format: str = typer.Option("table", "--format", help="table, jsonl (one trail a line) or csv (one printing a row)."),
    db: Optional[str] = DB_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Statements printed in more than one document: who printed them first, and every copy.

    Each printing is labelled verbatim, trimmed, extended, altered (words changed inside,
    with a word-level diff; a dropped or added negation is flagged) or misattributed
    (another speaker), against the first appearance. Most outlets first.
    """
    check_format(format)
    with open_for_reading(db, config) as store:
        found = service.trails(
            store, speaker=speaker, variant=variant, since=since, limit=limit, offset=offset,
        )
    if format == "jsonl":
        emit((trail.to_record() for trail in found), "jsonl")
    elif format == "csv":
        emit((row for trail in found for row in _rows(trail)), "csv", CSV_COLUMNS)
    else:
        table(
            ["trail", "first", "outlets", "printings", "speaker", "variants", "statement"],
            [[str(t.id), f"{t.first.published or '?'} {t.first.outlet or '?'}", str(len(t.outlets)),
              str(len(t.appearances)), t.speaker or "", _summary(t), t.text] for t in found],
        )
