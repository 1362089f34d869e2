"""Peak RSS of one pipeline worker against the number of articles it has processed.

    python bench/worker_memory.py [--articles 1000 10000] [--chunk 40000 0]

One process works as one worker of ``saidwhat extract --workers N`` does: chunks of
``batch_size`` pages through ``process_partition`` (models loaded once). The articles are
PolNeAR train and dev (``../shared``, 924 articles) or, without it, the packaged sample
corpus, cycled to the count asked for. It prints the peak RSS after each checkpoint, per ``parse_chunk_chars`` value
(0: batches bounded by ``batch_size`` texts only, as before that setting), one JSON line
per run, each run in a fresh process. Target: <= 600 MB, flat from the first checkpoint
to the last.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLNEAR = [REPO.parent / "shared" / "data" / "polnear" / split / "text" for split in ("train", "dev")]
CORPUS = REPO / "src" / "saidwhat" / "data" / "corpus"


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure(checkpoints: list[int], chunk: int) -> dict[str, object]:
    from saidwhat.config import load_settings
    from saidwhat.ingest import iter_pages
    from saidwhat.models import RawPage
    from saidwhat.pipeline import process_partition

    settings = load_settings(env={}, workers=1, parse_chunk_chars=chunk, site_profile=False)
    sources = POLNEAR if all(p.is_dir() for p in POLNEAR) else [CORPUS]
    pages = [p for p in iter_pages([str(s) for s in sources], settings) if isinstance(p, RawPage)]
    out: dict[str, object] = {"source": "sample" if sources == [CORPUS] else "polnear-train+dev",
                              "distinct": len(pages), "parse_chunk_chars": chunk, "rss_mb": {}}
    done, t0 = 0, time.process_time()
    stream = cycle(pages)
    for target in sorted(checkpoints):
        while done < target:
            n = min(settings.batch_size, target - done)
            list(process_partition(list(islice(stream, n)), settings))
            done += n
        out["rss_mb"][str(target)] = _rss_mb()  # type: ignore[index]
        print(json.dumps({"articles": target, "rss_mb": _rss_mb(), "cpu_s": round(time.process_time() - t0)}),
              file=sys.stderr, flush=True)  # progress: a long run still says something if stopped
    out["articles_per_cpu_s"] = round(done / (time.process_time() - t0), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], help="checkpoints")
    ap.add_argument("--chunk", type=int, nargs="+", default=[40000, 0], help="parse_chunk_chars values")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.articles, args.chunk[0])), flush=True)
        return
    for chunk in args.chunk:
        subprocess.run([sys.executable, __file__, "--one", "--chunk", str(chunk), "--articles",
                        *map(str, args.articles)], check=True)


if __name__ == "__main__":
    main()
