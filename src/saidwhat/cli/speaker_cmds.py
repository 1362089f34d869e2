"""CLI commands of the speakers area: ``saidwhat eval speakers``, ``saidwhat train speakers``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..speakers.ranking import MODEL_FILE
from .app import CONFIG_OPTION, app, err, eval_app, settings_from, train_app  # noqa: F401

SOURCES = Path("tests/data/speakers/polnear_dev_sources.jsonl")
ALIASES = Path("tests/data/speakers/polnear_dev_aliases.jsonl")
TRAIN_SOURCES = Path("tests/data/speakers/polnear_train_sources.jsonl")
ROUND_SOURCES = [Path(f"tests/data/speakers/polnear_train_sources.round{n}.jsonl") for n in (3, 4, 5)]
RANKER = Path("src/saidwhat/data/speakers") / MODEL_FILE


@eval_app.command("speakers")
def eval_speakers_cli(
    data: Path = typer.Option(
        Path("../shared/data/polnear"), "--data", help="PolNeAR folder that holds dev/ (text/, attributions/)."
    ),
    sources: Path = typer.Option(SOURCES, "--sources", help="Pronoun/description sources with gold speakers (JSONL)."),
    aliases: Path = typer.Option(ALIASES, "--aliases", help="Named sources with gold canonical names (JSONL)."),
    split: str = typer.Option("dev", "--split", help="PolNeAR split the files annotate: dev or train."),
    subset: Optional[str] = typer.Option(
        None, "--subset", help="Only source items marked with this split (train or heldout in the train labels)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="Also list every miss on stderr."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Score speaker resolution and alias merging on PolNeAR dev (gold source spans)."""
    from ..speakers.evaluate import evaluate

    if split not in {"dev", "train"}:
        raise typer.BadParameter(f"{split!r} is no PolNeAR split here; use dev or train.", param_hint="--split")
    # The alias file annotates dev; on train only resolution is scored unless --aliases says otherwise.
    alias_file = None if split != "dev" and aliases == ALIASES else aliases
    scores = evaluate(data, sources, alias_file, settings_from(config), split=split, subset=subset)
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
    if alias_file is not None:
        typer.echo(
            f"aliases      {scores.alias_items} named sources  P {scores.alias_precision:.3f}"
            f"  R {scores.alias_recall:.3f}  F1 {scores.alias_f1:.3f}"
        )


@train_app.command("speakers")
def train_speakers_cli(
    data: Path = typer.Option(
        Path("../shared/data/polnear"), "--data", help="PolNeAR folder that holds train/ (text/, attributions/)."
    ),
    sources: list[Path] = typer.Option(
        [TRAIN_SOURCES, *ROUND_SOURCES], "--sources",
        help="Pronoun/description sources of PolNeAR train with their referents (JSONL); repeat for several files.",
    ),
    out: Path = typer.Option(RANKER, "--out", help="Where to write the mention ranker."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Fit the mention ranker (pronouns, descriptions) on the train share of the labels (C by grouped CV)."""
    from ..speakers.train_ranker import train

    record = train(data, sources, out, settings_from(config))
    err.print(
        f"{record['pronouns']} pronouns and {record['descriptions']} descriptions from {record['articles']} articles:"
        f" CV accuracy {record['cv_accuracy']:.3f}"
        f" (rules {record['rules_accuracy_same_items']:.3f}), C={record['C']}, {record['features_left_out']};"
        f" end to end {record['cv_end_to_end']} (rules {record['rules_end_to_end']}); wrote {out}",
        highlight=False, markup=False, soft_wrap=True,
    )
