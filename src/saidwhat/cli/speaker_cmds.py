"""CLI commands of the speakers area: ``saidwhat eval speakers``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .app import CONFIG_OPTION, app, err, eval_app, settings_from, train_app  # noqa: F401

SOURCES = Path("tests/data/speakers/polnear_dev_sources.jsonl")
ALIASES = Path("tests/data/speakers/polnear_dev_aliases.jsonl")


@eval_app.command("speakers")
def eval_speakers_cli(
    data: Path = typer.Option(
        Path("../shared/data/polnear"), "--data", help="PolNeAR folder that holds dev/ (text/, attributions/)."
    ),
    sources: Path = typer.Option(SOURCES, "--sources", help="Pronoun/description sources with gold speakers (JSONL)."),
    aliases: Path = typer.Option(ALIASES, "--aliases", help="Named sources with gold canonical names (JSONL)."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="Also list every miss on stderr."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Score speaker resolution and alias merging on PolNeAR dev (gold source spans)."""
    from ..speakers.evaluate import evaluate

    scores = evaluate(data, sources, aliases, settings_from(config))
    if errors:
        for miss in scores.errors:
            err.print(
                f"{miss['doc']}\t{miss['source_text']!r}\tgold={miss['gold']}\tpredicted={miss['predicted']}",
                highlight=False, markup=False,
            )
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), sort_keys=True))
        return
    typer.echo(f"resolvable   {scores.correct}/{scores.resolvable} correct  accuracy {scores.accuracy:.3f}")
    typer.echo(f"unresolvable {scores.left_null}/{scores.unresolvable} left null  null-rate {scores.null_rate:.3f}")
    typer.echo(
        f"aliases      {scores.alias_items} named sources  P {scores.alias_precision:.3f}"
        f"  R {scores.alias_recall:.3f}  F1 {scores.alias_f1:.3f}"
    )
