"""CLI commands of the cleaning area: ``saidwhat eval cleaning``, ``saidwhat train cleaning``,
``saidwhat train roles``, ``saidwhat train outlet``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..clean.outlet import OUTLET_RESOURCE
from ..clean.roles import ROLES_RESOURCE
from .app import CONFIG_OPTION, app, err, eval_app, settings_from, train_app  # noqa: F401

# the shipped model files, as a checkout holds them (each module names its own file once)
PACKAGE = Path("src/saidwhat")


@eval_app.command("cleaning")
def eval_cleaning_cli(
    aeb_dir: Path = typer.Argument(..., help="Benchmark directory: ground-truth.json, html/, dumps/lxml_blocks/, dumps/inscriptis/."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    config: Optional[str] = CONFIG_OPTION,
) -> None:
    """Score article-body extraction (4-gram shingle F1) on text dumps and HTML."""
    from ..clean.evaluate import evaluate

    results = evaluate(aeb_dir, settings_from(config))
    if as_json:
        typer.echo(json.dumps(results, sort_keys=True))
        return
    typer.echo(f"{'input':<12} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6}")
    for variant, m in results.items():
        typer.echo(f"{variant:<12} {int(m['pages']):>5} {m['f1']:>6.3f} {m['precision']:>6.3f} {m['recall']:>6.3f}")


@train_app.command("cleaning")
def train_cleaning_cli(
    data_dirs: list[Path] = typer.Argument(..., help="Benchmark-layout directories with ground-truth.json and dumps/ (e.g. ../shared/data/cleaning-extra ../shared/data/aeb)."),
    out: Path = typer.Option(Path("src/saidwhat/data/clean/lines.v4.json"), "--out", help="Where to write the model JSON."),
    check: Optional[Path] = typer.Option(None, "--check", help="A benchmark directory kept out of training; the fitted model is scored on it last."),
    c: float = typer.Option(0.1, "--c", help="Inverse L2 regularisation strength."),
    threshold: float = typer.Option(0.5, "--threshold", help="Keep units whose body probability reaches this (penalty 0)."),
    penalty: float = typer.Option(1.0, "--penalty", help="Viterbi cost of switching between body and furniture (0: plain threshold)."),
    stages: int = typer.Option(1, "--stages", min=1, max=2, help="1: one logistic regression; 2: add a stacked stage on neighbours' probabilities."),
    cv: bool = typer.Option(True, "--cv/--no-cv", help="Report cross-validated F1 first (5 folds; see --by-site)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Shuffle the page-to-fold split of the cross-validation (default: fixed split)."),
    extend: float = typer.Option(0.3, "--extend", help="Grow kept runs over adjacent prose lines scoring at least this (0: off)."),
    by_site: bool = typer.Option(True, "--by-site/--by-page", help="Cross-validation folds keep all pages of a site, and pages that print four of the same lines, together (default) or only both dumps of a page."),
    word_scale: Optional[float] = typer.Option(None, "--word-scale", min=0.0, help="What a hashed word of a short unit is worth beside the shape features (0: no words; default: the shipped setting)."),
) -> None:
    """Train the text-dump line classifier (needs scikit-learn) and write its weights."""
    from ..clean.train import WORD_SCALE, train

    report = train(data_dirs, out, c=c, threshold=threshold, penalty=penalty, evaluate=cv, stages=stages, seed=seed,
                   by_site=by_site, extend=extend, check=check,
                   word_scale=WORD_SCALE if word_scale is None else word_scale)
    for part in ("cv", "check"):
        for key, m in report.get(part, {}).items():
            err.print(f"{part} {key}: F1 {m['f1']:.4f} P {m['precision']:.4f} R {m['recall']:.4f} "
                      f"({int(m['pages'])} pages)", highlight=False)
    err.print(f"{report['pages']} pages, {report['units']} units; wrote {report['out']}", highlight=False)


_LABELLED_PAGES = typer.Argument(..., help="The cleaning-extra directory (ground-truth.json, dumps/) holding the "
                                               "labelled pages.")
_LABELS = typer.Option(Path("tests/data/clean/meta-labels.tsv"), "--labels",
                       help="Hand labels: page, title, date, author, outlet, source, split.")


def _print_cv(cv: dict[str, dict[str, float]]) -> None:
    """One line per setting tried (C, and for the roles the rankers' penalty and the dateline
    bar): its cross-validated score per field or group."""
    for key, m in cv.items():
        err.print(f"cv C={key}: " + "  ".join(f"{g} {v:.3f}" for g, v in m.items()), highlight=False, soft_wrap=True)


@train_app.command("roles")
def train_roles_cli(
    data_dir: Path = _LABELLED_PAGES,
    labels: Path = _LABELS,
    out: Path = typer.Option(PACKAGE / ROLES_RESOURCE, "--out", help="Where to write the model JSON."),
    c: Optional[float] = typer.Option(None, "--c", help="Inverse L2 regularisation strength (default: chosen by grouped CV)."),
    gold: int = typer.Option(0, "--gold", min=0, help="Also train on this many Dragnet pages whose gold text gives title, author and date."),
    silver: bool = typer.Option(False, "--silver/--no-silver", help="Also train on the unlabelled pages whose HTML head states their title or author (the sources that agree with the hand labels; pages of held-aside sites left out)."),
) -> None:
    """Train the line-role model (headline, byline, dateline) on the labelled pages' dumps."""
    from ..clean.train_roles import train_roles

    report = train_roles(data_dir, labels, out, c=c, gold=gold, silver=silver)
    _print_cv(report["cv"])
    err.print(f"{report['pages']} pages, {report['lines']} lines, C={report['c']}; wrote {report['out']}", highlight=False)


@train_app.command("outlet")
def train_outlet_cli(
    data_dir: Path = _LABELLED_PAGES,
    labels: Path = _LABELS,
    out: Path = typer.Option(PACKAGE / OUTLET_RESOURCE, "--out", help="Where to write the model JSON."),
    c: Optional[float] = typer.Option(None, "--c", help="Inverse L2 regularisation strength (default: chosen by site-grouped CV)."),
    silver: bool = typer.Option(False, "--silver/--no-silver", help="Also train on the unlabelled pages whose HTML head names their outlet (og:site_name; pages of held-aside sites left out)."),
) -> None:
    """Train the outlet ranker (which of the names a page gives itself is its outlet) on the labelled pages' dumps."""
    from ..clean.train_outlet import train_outlet

    report = train_outlet(data_dir, labels, out, c=c, silver=silver)
    _print_cv(report["cv"])
    err.print(f"{report['dumps']} dumps, {report['candidates']} candidates, labelled outlet among them "
              f"{report['reachable']:.3f}, C={report['c']}; wrote {report['out']}", highlight=False)
