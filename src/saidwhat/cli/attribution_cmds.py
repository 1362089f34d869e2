"""CLI commands of the attribution area: ``saidwhat eval polnear``, ``saidwhat train tagger|attribution``."""

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


@train_app.command("tagger")
def train_tagger_cli(
    data: str = typer.Option(..., "--data", help="PolNeAR data directory (its train/ split is used)."),
    work: str = typer.Option(..., "--work", help="Directory for the held-out probabilities (oof<fold>.npz) and checkpoints."),
    out: Optional[str] = typer.Option(
        None, "--out", help="Directory to write the ONNX tagger into (default: the packaged data/attribution/)."
    ),
    epochs: int = typer.Option(2, "--epochs", help="Passes over each fold's training articles."),
    max_steps: int = typer.Option(0, "--max-steps", help="Stop each fold after this many batches of 16 windows (0: run all epochs)."),
    fold: list[int] = typer.Option([0], "--fold", help="Folds to run (0 is the shipped model; add --fold 1 "
                                   "to tag the other half of train too)."),
    seed: int = typer.Option(13, "--seed", help="Random seed (folds, head initialisation, batch order)."),
    layers: int = typer.Option(3, "--layers", min=1, max=6,
                               help="Lowest MiniLM transformer layers kept (CPU per piece grows with them)."),
) -> None:
    """Fine-tune the span tagger on PolNeAR train (2 article folds), export fold 0's model
    and write the held-out articles' probabilities for `train attribution --tagger-probs`."""
    from ..attribution.tagger_train import train_tagger
    from ..ingest.polnear import read_split

    gold = read_split(Path(data), "train")
    target = Path(out) if out else Path(__file__).resolve().parents[1] / "data" / "attribution"
    meta = train_tagger(gold, target, Path(work), epochs=epochs, seed=seed, max_steps=max_steps or None,
                        only=sorted(set(fold)), layers=layers, log=lambda m: err.print(m, highlight=False, soft_wrap=True))
    err.print(f"tagger -> {target}, out-of-fold probabilities -> {Path(work)}/oof*.npz "
              f"({meta['seconds']} s)", highlight=False, soft_wrap=True)


@train_app.command("attribution")
def train_cli(
    data: str = typer.Option(..., "--data", help="PolNeAR data directory (its train/ split is used)."),
    out: Optional[str] = typer.Option(
        None, "--out", help="Where to write the model JSON (default: the packaged data/attribution/model.json, "
        "or model-tagger.json with --tagger-probs)."
    ),
    tagger_probs: Optional[str] = typer.Option(
        None, "--tagger-probs", help="oof.npz from `saidwhat train tagger`: use the tagger's probabilities as features."
    ),
    nlp_model: Optional[str] = typer.Option(None, "--nlp-model", help="spaCy pipeline name or path."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Train the attribution filter on PolNeAR train (settings chosen by cross-validation
    over article folds) and write its weights."""
    from ..attribution.train import train

    settings = settings_from(config, nlp_model=nlp_model, workers=1)
    from ..attribution.component import MODEL_FILES

    packaged = Path(__file__).resolve().parents[1] / "data" / "attribution" / MODEL_FILES[tagger_probs is not None]
    target = Path(out) if out else packaged
    counts = train(Path(data), settings, target, tagger_probs=tagger_probs,
                   log=lambda m: err.print(m, highlight=False, soft_wrap=True))
    cv = counts.get("cv") or {}
    summary = ""
    if cv:
        rel = cv["relation"]
        roles = ", ".join(
            f"{name} strict / lenient F1 {100 * cv[role]['strict'].f:.2f} / {100 * cv[role]['lenient'].f:.2f}"
            for name, role in (("content", "content"), ("source", "speaker"), ("cue", "cue"))
        )
        summary = f"; CV relation P / R / F1 {100 * rel.p:.2f} / {100 * rel.r:.2f} / {100 * rel.f:.2f}, {roles}"
    err.print(
        f"trained on {counts['articles']} articles ({counts['attributions']} attributions): "
        f"{counts['cue_lemmas']} cue lemmas, {counts['features']} features, C {counts['C']}, "
        f"threshold {counts['threshold']}, bounds {counts['bounds'] or 'rules'}{summary} -> {target}",
        highlight=False,
        soft_wrap=True,
    )
