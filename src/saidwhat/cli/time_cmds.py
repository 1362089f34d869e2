"""CLI command of the statement-time area: ``saidwhat eval time``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .app import err, eval_app

LABELS = Path("tests/data/time/polnear_train_said_on.tsv")


@eval_app.command("time")
def eval_time_cli(
    data: Path = typer.Option(
        Path("../shared/data/polnear"), "--data", help="PolNeAR folder that holds metadata.tsv and train/text/."
    ),
    labels: Path = typer.Option(LABELS, "--labels", help="Hand-dated statements (TSV)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="Also list every miss on stderr."),
) -> None:
    """Score said_on on hand-dated PolNeAR train statements (gold cue and content spans)."""
    from ..tone.time_eval import GROUPS, SHARES, evaluate

    table, misses = evaluate(data, labels)
    if errors:
        for m in misses:
            err.print(f"{m.share}\t{m.group}\t{m.doc}\t{m.cue_text!r}\tgold={m.gold}\tpredicted={m.predicted}",
                      highlight=False, markup=False)
    if as_json:
        typer.echo(json.dumps({s: {g: list(c) for g, c in groups.items()} for s, groups in table.items()}, sort_keys=True))
        return
    typer.echo("share   group     right/total  accuracy")
    for share in SHARES:
        for group in GROUPS:
            ok, total = table.get(share, {}).get(group, (0, 0))
            if total:
                typer.echo(f"{share:<7} {group:<9} {ok:>5}/{total:<5}  {ok / total:.3f}")
