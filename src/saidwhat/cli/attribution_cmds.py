"""CLI commands of the attribution area: ``saidwhat eval polnear``, ``saidwhat train attribution``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..attribution.evaluate import format_table, to_json
from ..attribution.polnear_eval import evaluate
from .app import CONFIG_OPTION, err, eval_app, settings_from, train_app


@eval_app.command("polnear")
def evaluate_cli(
    data_dir: str = typer.Argument(..., help="PolNeAR data directory (holding train/, dev/)."),
    split: str = typer.Option("dev", "--split", help="Split to score (dev, train, ...)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON instead of a table."),
    predictions: Optional[str] = typer.Option(
        None, "--predictions", help="Also write the predictions as JSONL (reference scorer format) to this file."
    ),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Score attribution extraction on a PolNeAR split: P/R/F1 per role and relation F1."""
    settings = settings_from(config, nlp_model=nlp_model, workers=1)
    res, lines = evaluate(Path(data_dir), split, settings)
    if predictions:
        Path(predictions).write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
        err.print(f"wrote {len(lines)} documents to {predictions}", highlight=False, soft_wrap=True)
    if as_json:
        sys.stdout.write(json.dumps(to_json(res), indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(format_table(res, f"PolNeAR {split}") + "\n")


@train_app.command("attribution")
def train_cli(
    data: str = typer.Option(..., "--data", help="PolNeAR data directory (its train/ split is used)."),
    out: Optional[str] = typer.Option(
        None, "--out", help="Where to write the model JSON (default: the packaged data/attribution/model.json)."
    ),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Train the attribution filter on PolNeAR train and write its weights."""
    from ..attribution.train import train

    settings = settings_from(config, nlp_model=nlp_model, workers=1)
    target = Path(out) if out else Path(__file__).resolve().parents[1] / "data" / "attribution" / "model.json"
    counts = train(Path(data), settings, target)
    err.print(
        f"trained on {counts['articles']} articles ({counts['attributions']} attributions): "
        f"{counts['cue_lemmas']} cue lemmas, {counts['features']} features -> {target}",
        highlight=False,
        soft_wrap=True,
    )
