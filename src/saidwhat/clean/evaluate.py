"""Body-extraction quality on the article-extraction benchmark (``saidwhat eval cleaning``)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..models import Article
from . import build_profile, clean
from .score import body_f1
from .train import FLATTENERS, load_truth, page_files, raw_pages

VARIANTS = FLATTENERS + ("html",)


def predict_bodies(aeb_dir: str | Path, variant: str, settings: Settings) -> dict[str, str]:
    """Page id -> cleaned body for every page of one variant (a skipped page gives "").

    The variant's pages are cleaned as one corpus, as a user's run would: each page's URL
    (from ``ground-truth.json``) names its site, and what recurs across a site's pages
    counts as furniture (:func:`~saidwhat.clean.build_profile`).
    """
    pages = raw_pages(Path(aeb_dir), variant)
    profile = build_profile(pages, settings)
    out: dict[str, str] = {}
    for page in pages:
        result = clean(page, settings, profile)
        out[page.doc_id] = result.text if isinstance(result, Article) else ""
    return out


def evaluate(aeb_dir: str | Path, settings: Settings,
             variants: tuple[str, ...] = VARIANTS) -> dict[str, dict[str, float]]:
    """4-gram shingle F1 (the benchmark's metric) per variant present under ``aeb_dir``.

    Args:
        aeb_dir: a directory with ``ground-truth.json``, ``html/`` and ``dumps/<flattener>/``.
        settings: run settings.
        variants: which of ``lxml_blocks``, ``inscriptis``, ``html`` to score.

    Returns:
        variant -> ``{"f1", "precision", "recall", "pages"}``; pages missing from a variant's
        folder count as empty predictions, as in the reference scorer.

    Raises:
        InputError: no ground truth, or none of the variants' folders exist.
    """
    truth = load_truth(Path(aeb_dir))
    results: dict[str, dict[str, float]] = {}
    for variant in variants:
        if not page_files(Path(aeb_dir), variant):
            continue
        results[variant] = body_f1(truth, predict_bodies(aeb_dir, variant, settings))
    if not results:
        raise InputError(
            f"{aeb_dir}: found none of html/, dumps/lxml_blocks/, dumps/inscriptis/ to evaluate"
        )
    return results
