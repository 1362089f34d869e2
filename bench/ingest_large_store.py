"""Ingest into an existing large store: does the speaker refresh grow with the corpus?

    python bench/ingest_large_store.py [--attributions 10000 1000000] [--new 50]

For each size, a SQLite store is built synthetically (not by running the pipeline): the
schema comes from the service's own opener, then invented documents and attributions are
bulk-inserted (10 per document, speakers drawn from a pool of invented names, so 1M
attributions hold ~25,000 distinct names), every name is its own speaker, and the shift
cache is marked current. Then articles (PolNeAR train from ``../shared``, else the packaged
sample corpus) are ingested through ``service.ingest``, the same call ``saidwhat ingest``
makes: ``--first`` of them (the first ingest after the upgrade to schema v16 gives every
known name its block keys, once), then ``--new`` others. Prints one JSON line per size:
build time, and per ingest its wall time and the time (wall and CPU: SQLite runs in this
process, so the CPU time is the one to compare on a busy machine) and names of the speaker refresh.
Target: the refresh time of the second ingest independent of the store's size.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
CORPUS = REPO / "src" / "saidwhat" / "data" / "corpus"
PER_DOC = 10
FIRST = ("Ada Bram Cleo Dario Edda Faro Gita Hale Ines Jory Kaia Lenn Mira Noor Odo Pia Quin Rhea "
         "Sten Tove Ulla Vito Wren Xavi Yara Zeno").split()
LAST_A = "Ab Bel Cor Dun Ev Fal Gor Hen Ist Jor Kel Lun Mor Nor Ost Pel Quor Ril Sav Tor".split()
LAST_B = "brook dale feld gard holm lund mark ness rud stad vik wick".split()
ORGS = ("Ministry Council Union Agency Bureau Institute League Board Office Tribunal").split()


def _names(rng: random.Random, n: int) -> list[str]:
    """Invented speaker names: people (with and without first names) and organisations."""
    surnames = [a + b for a in LAST_A for b in LAST_B]
    people = [f"{f} {s}" for f in FIRST for s in surnames]
    orgs = [f"{s} {o}" for s in surnames for o in ORGS]
    pool = people + surnames + orgs
    rng.shuffle(pool)
    return pool[:n]


def build(db: Path, attributions: int, settings: object) -> dict[str, float]:
    """A store with ``attributions`` invented attributions, speakers and a current shift cache."""
    from saidwhat.service.opening import open_or_create
    from saidwhat.service.shifts import cache_key

    t0 = time.perf_counter()
    with open_or_create(str(db)):
        pass  # the schema, as the service creates it
    rng = random.Random(7)
    docs = max(1, attributions // PER_DOC)
    names = _names(rng, max(50, min(25_000, attributions // 40)))
    con = sqlite3.connect(db)
    now = "2026-01-01T00:00:00+00:00"
    con.executemany(
        "INSERT INTO documents (id, doc_id, path, version, content_hash, title, published, published_date, "
        "outlet, text, raw, ingested_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, 'Synthetic Post', ?, '', ?)",
        ((i, f"syn-{i}", f"synthetic/{i}.txt", f"h{i}", f"Story {i}", f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
          f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Invented story number {i}.", now) for i in range(1, docs + 1)),
    )
    con.executemany(
        "INSERT INTO attributions (document_id, ordinal, kind, content_spans, content_text, source_text, "
        "cue_lemma, speaker_name, speaker_type, tone, polarity) "
        "VALUES (?, ?, 'direct', '[[0, 10]]', ?, ?, 'say', ?, ?, 0.0, 'neutral')",
        ((1 + k // PER_DOC, k % PER_DOC, f"invented quote {k}", name, name,
          "ORG" if name.split()[-1] in ORGS else "PERSON")
         for k in range(attributions) for name in [names[rng.randrange(len(names))]]),
    )
    con.executemany("INSERT INTO speakers (name, attributions) VALUES (?, 0)", ((n,) for n in names))
    con.execute("INSERT INTO speaker_aliases (alias, speaker_id) SELECT name, id FROM speakers")
    con.execute("INSERT OR REPLACE INTO store_state (key, value) VALUES ('speakers_stale', '0')")
    con.commit()
    con.close()
    with open_or_create(str(db)) as store:
        store.replace_shifts([], cache_key(store, settings))  # type: ignore[arg-type]
    return {"build_s": round(time.perf_counter() - t0, 1), "distinct_names": len(names)}


def measure(attributions: int, first: str, new: str, settings: object) -> dict[str, object]:
    """Build a store of ``attributions``, then ingest ``first`` (the store's first ingest since
    the upgrade: it keys every known name once) and ``new`` (the steady state)."""
    service_ingest = importlib.import_module("saidwhat.service.ingest")  # the module, not the function
    speakers = importlib.import_module("saidwhat.service.speakers")

    timed: dict[str, float] = {}
    real = speakers.refresh_after

    def refresh(store: object, since_doc: int) -> object:
        t, cpu = time.perf_counter(), time.process_time()
        done = real(store, since_doc)  # type: ignore[arg-type]
        timed["refresh_s"], timed["refreshed_names"] = time.perf_counter() - t, done.names
        timed["refresh_cpu_s"] = time.process_time() - cpu  # SQLite works in this process
        return done

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "large.db"
        out: dict[str, object] = {"attributions": attributions, **build(db, attributions, settings)}
        service_ingest.refresh_after = refresh  # type: ignore[assignment]
        try:
            for label, folder in (("first", first), ("next", new)):
                t0 = time.perf_counter()
                summary = service_ingest.ingest([folder], settings, db=str(db))  # type: ignore[arg-type]
                out[label] = {"documents": summary.documents, "ingest_wall_s": round(time.perf_counter() - t0, 1),
                              "refresh_s": round(timed.get("refresh_s", float("nan")), 3),
                              "refresh_cpu_s": round(timed.get("refresh_cpu_s", float("nan")), 3),
                              "refreshed_names": timed.get("refreshed_names")}
        finally:
            service_ingest.refresh_after = real  # type: ignore[assignment]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--attributions", type=int, nargs="+", default=[10_000, 1_000_000])
    ap.add_argument("--new", type=int, default=50, help="articles to ingest (measured)")
    ap.add_argument("--first", type=int, default=5, help="articles ingested first (keys every known name once)")
    args = ap.parse_args()
    from saidwhat.config import load_settings

    settings = load_settings(env={}, workers=1)
    source = POLNEAR if POLNEAR.is_dir() else CORPUS
    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(p for p in source.rglob("*") if p.is_file())
        folders = [Path(tmp) / "first", Path(tmp) / "new"]
        for folder, chosen in zip(folders, (files[: args.first], files[args.first: args.first + args.new])):
            folder.mkdir()
            for path in chosen:
                shutil.copy(path, folder / path.name)
        for size in args.attributions:
            shown = "polnear-train" if source == POLNEAR else "sample"
            print(json.dumps({"source": shown, **measure(size, str(folders[0]), str(folders[1]), settings)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
