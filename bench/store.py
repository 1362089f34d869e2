"""Store benchmark: ingest rate and p95 latency of ten typical queries on synthetic data.

    python bench/store.py                          # SQLite, 100k and 1M attributions
    python bench/store.py --sizes 20000 --db postgresql://localhost/bench

Synthetic corpus: documents of ten attributions each; quote words drawn from a Zipf-like
vocabulary (so common words match many rows, as in news), 2,000 speakers, 200 topics,
30 outlets, dates over four years. Nothing is downloaded; the numbers are printed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from saidwhat.models import Article, Attribution, Parsed, Target
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import QuoteQuery, Store, is_postgres, open_store

PER_DOC = 10
BATCH_DOCS = 200
REPEATS = 30


def vocabulary(rng: random.Random, n: int = 20_000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


def make_docs(n_docs: int, seed: int = 7) -> tuple[list[Parsed], dict[str, list[str]]]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    cumulative, total = [], 0.0
    for i in range(len(vocab)):
        total += 1 / (i + 1)
        cumulative.append(total)
    speakers = [f"{rng.choice(vocab).title()} {rng.choice(vocab).title()}" for _ in range(2000)]
    topics = [rng.choice(vocab) for _ in range(200)]
    outlets = [f"Outlet {i}" for i in range(30)]
    docs = []
    for d in range(n_docs):
        paragraphs, atts, cursor = [], [], 0
        for k in range(PER_DOC):
            speaker = speakers[int(rng.paretovariate(1.2)) % len(speakers)]
            words = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(12, 24))
            content = " ".join(words)
            para = f"{speaker} said {content}."
            start = cursor + len(speaker) + 6
            atts.append(Attribution(
                content=((start, start + len(content)),), source=((cursor, cursor + len(speaker)),),
                cue=((cursor + len(speaker) + 1, cursor + len(speaker) + 5),), kind="indirect",
                cue_lemma="say", source_text=speaker, speaker=speaker, speaker_type="PERSON",
                tone=round(rng.uniform(-1, 1), 3), polarity="neutral",
                targets=(Target(rng.choice(topics), "TOPIC", round(rng.uniform(-1, 1), 3), "neutral"),),
            ))
            paragraphs.append(para)
            cursor += len(para) + 2
        text = "\n\n".join(paragraphs)
        day = f"{2013 + d % 4}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        article = Article(
            doc_id=f"doc-{d}", path=f"synthetic/doc-{d}.txt", text=text, title=f"Story {d}",
            published=day, outlet=outlets[d % len(outlets)], raw=text, offsets="text",
            content_hash=f"{d:064x}",
        )
        docs.append(Parsed(article, tuple(atts)))
    return docs, {"vocab": vocab, "speakers": speakers, "topics": topics, "outlets": outlets}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), p95(samples)


def queries(store: Store, pools: dict[str, list[str]], rng: random.Random) -> dict[str, Callable[[], Any]]:
    vocab, speakers, topics, outlets = pools["vocab"], pools["speakers"], pools["topics"], pools["outlets"]
    common = vocab[:50]  # the most frequent words (Zipf head)
    mid = vocab[200:2000]
    return {
        "stats": lambda: store.stats(),
        "quotes newest page": lambda: store.quotes(QuoteQuery(limit=50, offset=rng.randint(0, 500))),
        "quotes by speaker": lambda: store.quotes(QuoteQuery(speaker=rng.choice(speakers[:200]), limit=50)),
        "quotes about topic": lambda: store.quotes(QuoteQuery(about=rng.choice(topics), limit=50)),
        "quotes outlet+dates": lambda: store.quotes(QuoteQuery(
            outlet=rng.choice(outlets), since="2014-01-01", until="2014-12-31", limit=50)),
        "FTS common word": lambda: store.quotes(QuoteQuery(search=rng.choice(common), limit=20)),
        "FTS two words": lambda: store.quotes(QuoteQuery(search=f"{rng.choice(mid)} {rng.choice(common)}", limit=20)),
        "FTS phrase OR prefix": lambda: store.quotes(QuoteQuery(
            search=f'"{rng.choice(common)} {rng.choice(common)}" OR {rng.choice(mid)[:4]}*', limit=20)),
        "search quotes+articles": lambda: store.search(rng.choice(mid), limit=20),
        "speakers page": lambda: store.speakers(limit=50, offset=rng.randint(0, 500)),
        "speaker timeline": lambda: store.statements(speaker=rng.choice(speakers[:50]), target="*"),
        "article detail": lambda: store.article(rng.randint(1, 1000)),
    }


def bench(target: str, n_attributions: int, reuse: bool = False) -> None:
    n_docs = n_attributions // PER_DOC
    t = time.perf_counter()
    docs, pools = make_docs(n_docs)
    print(f"\n== {n_attributions:,} attributions ({n_docs:,} documents) on {'PostgreSQL' if is_postgres(target) else 'SQLite'}"
          f" (generated in {time.perf_counter() - t:.1f}s)", flush=True)
    store = open_store(target)
    try:
        if not reuse:
            t, cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(docs), BATCH_DOCS):
                store.add_batch(docs[i:i + BATCH_DOCS], None)
            write_s, write_cpu = time.perf_counter() - t, time.process_time() - cpu
            t = time.perf_counter()
            n_names = refresh_speakers(store)
            refresh_s = time.perf_counter() - t
            store.optimize()  # as `saidwhat ingest` does at the end of a run
            print(f"ingest: {n_attributions / write_s:,.0f} attributions/s wall, {n_attributions / write_cpu:,.0f}/s "
                  f"of this process's CPU ({n_docs / write_s:,.0f} documents/s, {write_s:.1f}s, batches of "
                  f"{BATCH_DOCS} documents, FTS indexing included)")
            print(f"refresh_speakers: {refresh_s:.1f}s for {n_names:,} names")
        del docs
        rng = random.Random(11)
        print(f"{'query':<26}{'median ms':>11}{'p95 ms':>10}")
        for name, fn in queries(store, pools, rng).items():
            fn()  # warm the cache once
            med, high = timed(fn)
            print(f"{name:<26}{med:>11.1f}{high:>10.1f}", flush=True)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="attribution counts")
    parser.add_argument("--db", help="postgresql:// DSN (an empty database); default: a temp SQLite file per size")
    parser.add_argument("--keep", help="keep SQLite files in this folder and reuse them on the next run (queries only)")
    args = parser.parse_args(argv)
    for size in args.sizes:
        if args.db:
            bench(args.db, size)
            continue
        if args.keep:
            path = Path(args.keep) / f"bench-{size}.db"
            bench(str(path), size, reuse=path.exists())
            continue
        with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
            path = Path(tmp) / "bench.db"
            bench(str(path), size)
            print(f"database file: {path.stat().st_size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
