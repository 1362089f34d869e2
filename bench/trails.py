"""Quote-trail benchmark: build time, memory and grouping quality up to 1M quotes.

    python bench/trails.py                                  # 1M quotes, checkpoints 100k 250k 500k 1M
    python bench/trails.py --quotes 200000 --checkpoints 50000 100000 200000

Synthetic corpus: statements seeded from real quotes (the quoted sentences of the PolNeAR
articles in ../shared when present, else made-up sentences), each made distinct by
swapping half of its words for words of a Zipf-like vocabulary. Each statement is
printed 1 to 20 times (half of them once): verbatim, trimmed to a clause-sized run,
extended at the end, altered (a negation dropped or added, or one word changed), or
credited to another speaker, in documents of ten quotes from 30 outlets. The copies are
shuffled across documents, so every step of the incremental update sees some of them.

The store is filled up to each checkpoint (not timed: that is ingestion), then
``update_trails`` takes in the new quotes (timed). Printed per checkpoint: quotes, wall and
CPU seconds for the step (the CPU time is the figure to compare on a shared machine),
quotes per CPU second, peak memory (max RSS of this process), database size, and how well
the trails recover the planted statements (pairwise precision and recall over copies).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from saidwhat.models import Article, Attribution, Parsed
from saidwhat.store import open_store
from saidwhat.trails import update_trails

PER_DOC = 10
BATCH_DOCS = 500
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
_QUOTED = re.compile(r"“([^”]{40,300})”|\"([^\"]{40,300})\"")
FALLBACK = [
    "We have never accepted the terms they put on the table and we never will",
    "The people of this city deserve better schools, safer streets and honest leaders",
    "Our economy grew faster last year than at any time in the past decade",
    "I will not stand by while working families pay for the mistakes of the banks",
]


def seed_quotes() -> list[list[str]]:
    """Real quoted sentences (PolNeAR) as word lists, or the fallback sentences."""
    found = []
    for split in ("train", "dev"):
        for path in sorted((SHARED / split / "text").glob("*.txt")) if SHARED.is_dir() else []:
            for m in _QUOTED.finditer(path.read_text(encoding="utf-8", errors="replace")):
                words = (m.group(1) or m.group(2)).split()
                if len(words) >= 8:
                    found.append(words)
    return found or [s.split() for s in FALLBACK]


def vocabulary(rng: random.Random, n: int = 30_000) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    vocab = sorted(words)
    cumulative, total = [], 0.0
    for i in range(n):
        total += 1 / (i + 1)
        cumulative.append(total)
    return vocab, cumulative


def printings(n_quotes: int, seed: int) -> list[tuple[int, str, str, str]]:
    """(statement, variant, text, speaker) for ``n_quotes`` printings, shuffled."""
    rng = random.Random(seed)
    seeds = seed_quotes()
    vocab, cumulative = vocabulary(rng)
    speakers = [f"Speaker {i}" for i in range(5000)]
    out: list[tuple[int, str, str, str]] = []
    statement = 0
    while len(out) < n_quotes:
        words = list(rng.choice(seeds))
        for i in rng.sample(range(len(words)), k=len(words) // 2):
            words[i] = rng.choices(vocab, cum_weights=cumulative)[0]
        speaker = rng.choice(speakers)
        copies = min(20, int(rng.expovariate(0.7)) + 1)
        for c in range(copies):
            variant = "verbatim" if c == 0 else rng.choices(
                ["verbatim", "trimmed", "extended", "altered", "misattributed"], [50, 15, 10, 15, 10])[0]
            text, who = list(words), speaker
            if variant == "trimmed":
                size = max(6, len(text) // 2)
                start = rng.randrange(0, len(text) - size + 1)
                text = text[start:start + size]
            elif variant == "extended":
                text += rng.choices(vocab, cum_weights=cumulative, k=rng.randint(3, 6))
            elif variant == "altered":
                at = rng.randrange(1, len(text) - 1)
                if "not" in text:
                    text.remove("not")
                elif rng.random() < 0.5:
                    text.insert(at, "not")
                else:
                    text[at] = rng.choices(vocab, cum_weights=cumulative)[0]
            elif variant == "misattributed":
                who = rng.choice(speakers)
            out.append((statement, variant, " ".join(text), who))
        statement += 1
    out = out[:n_quotes]
    rng.shuffle(out)
    return out


def documents(quotes: list[tuple[int, str, str, str]], first_doc: int) -> list[Parsed]:
    docs = []
    for d in range(0, len(quotes), PER_DOC):
        n = first_doc + d // PER_DOC
        paragraphs, atts, cursor = [], [], 0
        for _, _, text, speaker in quotes[d:d + PER_DOC]:
            para = f"{speaker} said: “{text}”"
            start = cursor + len(speaker) + 8
            atts.append(Attribution(
                content=((start, start + len(text)),), kind="direct", cue_lemma="say", source_text=speaker,
                speaker=speaker, speaker_type="PERSON",
            ))
            paragraphs.append(para)
            cursor += len(para) + 2
        text = "\n\n".join(paragraphs)
        docs.append(Parsed(Article(
            doc_id=f"doc-{n}", path=f"synthetic/doc-{n}.txt", text=text, raw=text, offsets="text",
            published=f"{2014 + n % 4}-{1 + n % 12:02d}-{1 + n % 28:02d}", outlet=f"Outlet {n % 30}",
            content_hash=f"{n:064x}",
        ), tuple(atts)))
    return docs


def quality(store, truth: dict[int, int]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Pairwise precision and recall of the trails against the planted statements."""
    rows = store._rows("SELECT attribution_id, trail_id FROM trail_segments")
    trail_of = {int(r["attribution_id"]): int(r["trail_id"]) for r in rows}

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = Counter((truth[a], t) for a, t in trail_of.items())
    found = Counter(trail_of.values())
    planted = Counter(truth[a] for a in trail_of)
    tp = pairs(both)  # type: ignore[arg-type]
    return tp / max(pairs(found), 1), tp / max(pairs(planted), 1)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--checkpoints", type=int, nargs="*", default=[100_000, 250_000, 500_000, 1_000_000])
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    checkpoints = sorted(c for c in args.checkpoints if c <= args.quotes) or [args.quotes]
    t0 = time.perf_counter()
    quotes = printings(checkpoints[-1], args.seed)
    print(f"generated {len(quotes)} printings of {len({q[0] for q in quotes})} statements "
          f"in {time.perf_counter() - t0:.1f} s; variants {dict(Counter(q[1] for q in quotes))}", file=sys.stderr)
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "trails.db")
    truth: dict[int, int] = {}
    print("quotes\tstep_wall_s\tstep_cpu_s\tquotes_per_cpu_s\ttotal_cpu_s\tpeak_rss_mb\tdb_mb\tpair_precision\tpair_recall")
    with open_store(db) as store:
        done, total, last = 0, 0.0, 0
        for goal in checkpoints:
            for start in range(done, goal, PER_DOC * BATCH_DOCS):
                chunk = quotes[start:min(goal, start + PER_DOC * BATCH_DOCS)]
                store.add_batch(documents(chunk, start // PER_DOC))
            ids = [int(r["id"]) for r in store._rows("SELECT id FROM attributions WHERE id > ? ORDER BY id", (last,))]
            truth.update((i, q[0]) for i, q in zip(ids, quotes[done:goal]))
            last = ids[-1]
            t, c = time.perf_counter(), time.process_time()
            update_trails(store)  # type: ignore[arg-type]
            wall, step = time.perf_counter() - t, time.process_time() - c
            total += step
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 2**20
            precision, recall = quality(store, truth)
            print(f"{goal}\t{wall:.1f}\t{step:.1f}\t{(goal - done) / step:.0f}\t{total:.1f}\t{rss:.0f}\t{size:.0f}\t"
                  f"{precision:.3f}\t{recall:.3f}", flush=True)
            done = goal
    tmp.cleanup()


if __name__ == "__main__":
    main()
