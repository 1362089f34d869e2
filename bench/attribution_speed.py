"""Attribution speed: articles per CPU-second of the extract pipeline vs plain spaCy (issue 3).

Runs, in one process on the same articles with the same spaCy model:

1. plain ``nlp.pipe`` over the texts (the baseline),
2. the attribution stage alone (``attribution.attribute``: parse + extract),
3. the whole ``saidwhat extract`` pipeline in-process (site profile, clean, attribute, speakers, tone),

and prints articles per CPU-second of each (best of interleaved passes) and their ratio to plain spaCy (goal: extract
>= 0.5x, pipeline goal 0.8x). CPU time of this process is used, so other jobs on the
machine do not count. Articles: PolNeAR dev when ``../shared`` exists, else the packaged
sample corpus.

    .venv/bin/python bench/attribution_speed.py [--repeat 2] [--tagger]

``--tagger`` runs the attribution stage and the pipeline with the span tagger on
(setting ``attribution_tagger``).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path

from saidwhat import pipeline
from saidwhat.clean import build_profile
from saidwhat.attribution import attribute
from saidwhat.config import load_settings
from saidwhat.ingest import iter_pages, resolve_inputs
from saidwhat.models import Article, RawPage
from saidwhat.nlp import load_nlp

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
CORPUS = REPO / "src" / "saidwhat" / "data" / "corpus"


def pages(settings) -> tuple[str, list[RawPage]]:  # type: ignore[no-untyped-def]
    if (POLNEAR / "dev" / "text").is_dir():
        files = sorted((POLNEAR / "dev" / "text").glob("*.txt"))
        return "PolNeAR dev", [RawPage(f.stem, str(f), f.read_text("utf-8")) for f in files]
    found = [p for p in iter_pages(resolve_inputs([str(CORPUS)]), settings) if isinstance(p, RawPage)]
    return "packaged corpus", found


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="interleaved passes (best of each is kept)")
    parser.add_argument("--tagger", action="store_true", help="with the span tagger (attribution_tagger = true)")
    args = parser.parse_args()
    settings = replace(load_settings(env={}, workers=1), attribution_tagger=args.tagger)
    source, raw = pages(settings)
    nlp = load_nlp(settings.nlp_model)
    texts = [p.text for p in raw]
    articles = [Article(doc_id=p.doc_id, path=p.path, text=p.text) for p in raw]
    # Warm-up: model and shipped weights loaded, caches filled.
    list(attribute(articles[:4], settings))
    list(pipeline.process_partition(raw[:4], settings))

    runs: dict[str, Callable[[], object]] = {
        "plain nlp.pipe": lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)),
        "attribution stage": lambda: list(attribute(articles, settings)),
        # with the site profile built over the run's pages first, as `extract` does
        "extract pipeline": lambda: list(pipeline.process_partition(raw, settings, build_profile(raw, settings))),
    }
    # Interleaved passes, best of each: warm-up and order effects fall out.
    best = {name: cpu(fn) for name, fn in runs.items()}
    for _ in range(args.repeat - 1):
        for name, fn in runs.items():
            best[name] = min(best[name], cpu(fn))
    n = len(raw)
    base = best["plain nlp.pipe"]
    print(f"{source}: {n} articles, best of {args.repeat} passes, model {settings.nlp_model}, "
          f"span tagger {'on' if args.tagger else 'off'}")
    for name, secs in best.items():
        print(f"{name:18} {secs:7.2f} CPU-s  {n / secs:6.2f} articles/CPU-s  ratio {base / secs:.2f}")


if __name__ == "__main__":
    main()
