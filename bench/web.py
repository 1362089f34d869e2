"""p95 latency of every page and API route on a database of 100k attributions.

    python bench/web.py [--db bench-web.db] [--attributions 100000] [--requests 20]

The database is synthetic and built once (kept at --db): articles of five "<speaker> said
that <content>." paragraphs written straight into the real SQLite store with add_batch, no
model involved. Speakers follow a skewed distribution so the busiest speaker has thousands
of statements, as a real corpus does. Requests go through the ASGI app in-process
(TestClient), so the numbers are the app's and the store's time, not the network's.
Each URL is requested once untimed-for-p95 (reported as "first ms": the per-speaker cache
is cold then, so it shows the store's raw cost), then --requests times for p50/p95.
Exits 1 when a route's p95 is over --target-ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
import zlib
from pathlib import Path

from saidwhat.config import load_settings
from saidwhat.models import Article, Attribution, Parsed, Segment, Target

FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "Mo", "Nia", "Omar", "Pia", "Raj", "Sara", "Tom", "Uma"]
LAST = ["Adams", "Baker", "Costa", "Dube", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kim", "Lopez", "Mensah", "Novak"]
TOPICS = ["bridge", "budget", "tariffs", "schools", "housing", "pensions", "the treaty", "the strike", "energy prices", "the election"]
GOOD = ["a welcome step", "an excellent plan", "good news for families", "a real success", "a hopeful sign"]
BAD = ["a terrible mistake", "a shameful failure", "bad news for everyone", "a costly disaster", "deeply wrong"]
OUTLETS = ["Harbour Gazette", "Evening Post", "Daily Ledger", "North Star", "City Wire", "Morning Call"]
PER_ARTICLE = 5


def speakers(n: int = 280) -> list[str]:
    return [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}" for i in range(n)]


def synthetic(n_articles: int, seed: int = 7) -> list[Parsed]:
    """Articles with ``PER_ARTICLE`` attributions each, dated over two years."""
    rng = random.Random(seed)
    names = speakers()
    start = dt.date(2023, 1, 2)
    out = []
    for i in range(n_articles):
        paragraphs, atts, cursor = [], [], 0
        day = start + dt.timedelta(days=rng.randrange(730))
        for _ in range(PER_ARTICLE):
            name = names[int(len(names) * rng.random() ** 2)]  # skewed: a few speakers say a lot
            topic = rng.choice(TOPICS)
            # A speaker's mood about a topic turns half-way through, so shifts exist.
            warm = (zlib.crc32(f"{name}/{topic}".encode()) % 2 == 0) == (day < start + dt.timedelta(days=365))
            tone = rng.uniform(0.2, 0.9) if warm else rng.uniform(-0.9, -0.2)
            content = f"{topic} is {rng.choice(GOOD if warm else BAD)} and the minister must act"
            para = f"{name} said that {content}."
            cue = cursor + len(name) + 1
            pol = "positive" if tone > 0 else "negative"
            atts.append(Attribution(
                content=((cue + 10, cue + 10 + len(content)),), source=((cursor, cursor + len(name)),),
                cue=((cue, cue + 4),), kind="indirect", cue_lemma="say", source_text=name,
                speaker=name, speaker_type="PERSON", tone=round(tone, 3), polarity=pol,  # type: ignore[arg-type]
                targets=(Target(topic, "TOPIC", round(tone, 3), pol),),  # type: ignore[arg-type]
            ))
            paragraphs.append(para)
            cursor += len(para) + 2
        text = "\n\n".join(paragraphs)
        article = Article(
            doc_id=f"bench-{i}", path=f"bench.jsonl#bench-{i}", text=text, title=f"Report {i}",
            published=day.isoformat(), outlet=OUTLETS[i % len(OUTLETS)], author="Bench Writer",
            raw=text, offsets="input", segments=(Segment(0, 0, len(text)),), content_hash=f"bench-{i}",
        )
        out.append(Parsed(article, tuple(atts)))
    return out


def build(db: Path, attributions: int) -> None:
    from saidwhat.service.speakers import refresh_speakers
    from saidwhat.store import open_store

    store = open_store(str(db))
    try:
        have = store.stats()["attributions"]
        if have >= attributions:
            return
        n_articles = attributions // PER_ARTICLE
        began = time.perf_counter()
        docs = synthetic(n_articles)
        for k in range(0, len(docs), 500):
            store.add_batch(docs[k:k + 500])
            print(f"  wrote {min(k + 500, len(docs))}/{len(docs)} articles", file=sys.stderr, end="\r")
        refresh_speakers(store)
        print(f"\nbuilt {db} in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    finally:
        store.close()


def routes(client) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Each route with several concrete URLs (different ids, the busiest speaker included)."""
    sp = client.get("/api/speakers", params={"limit": 5}).json()["items"]
    arts = client.get("/api/articles", params={"limit": 5, "offset": 1000}).json()["items"]
    top, second = sp[0], sp[1]
    sids = [s["id"] for s in sp]
    aids = [a["id"] for a in arts]
    return [
        ("page /", ["/"]),
        ("page /search?q", ["/search?q=disaster", "/search?q=welcome+step", "/search?q=pensions"]),
        ("page /search common word", ["/search?q=the", "/search?q=minister+must"]),
        ("page /search sorted", ["/search?q=disaster&sort=oldest", "/search?q=pensions&sort=newest", "/search?sort=oldest"]),
        ("page /search filters", [f"/search?speaker={top['id']}&topic=budget", "/search?outlet=Evening+Post&since=2024-01-01&kind=indirect"]),
        ("page /articles", ["/articles", "/articles?offset=5000", "/articles?outlet=City+Wire"]),
        ("page /articles/{id}", [f"/articles/{i}" for i in aids]),
        ("page /speakers", ["/speakers", "/speakers?q=Kim"]),
        ("page /speakers/{id}", [f"/speakers/{i}" for i in sids]),
        ("page /speakers/{id}?topic", [f"/speakers/{top['id']}?topic=budget", f"/speakers/{second['id']}?topic=housing"]),
        ("page /compare", [f"/compare?a={top['id']}&b={second['id']}&topic=budget", f"/compare?a={top['id']}&b={second['id']}"]),
        ("page /shifts", ["/shifts"]),
        ("api /api/articles", ["/api/articles", "/api/articles?offset=10000&limit=100"]),
        ("api /api/articles/{id}", [f"/api/articles/{i}" for i in aids]),
        ("api /api/quotes", ["/api/quotes?q=disaster", f"/api/quotes?speaker={top['id']}", "/api/quotes?topic=schools&since=2024-06-01"]),
        ("api /api/quotes facets", ["/api/quotes?q=disaster&facets=true", "/api/quotes?facets=true&sort=oldest",
                                    f"/api/quotes?speaker={top['id']}&facets=true"]),
        ("api /api/suggest", ["/api/suggest?field=speaker&q=a", "/api/suggest?field=topic&q=e",
                              "/api/suggest?field=outlet&q=", "/api/suggest?field=speaker&q=kim"]),
        ("api /api/speakers", ["/api/speakers", "/api/speakers?q=Lopez"]),
        ("api /api/speakers/{id}/timeline", [f"/api/speakers/{i}/timeline" for i in sids]),
        ("api /api/shifts", ["/api/shifts", f"/api/shifts?speaker={top['id']}"]),
        ("page /topics", ["/topics"]),
        ("page /topics/{name}", ["/topics/budget", "/topics/the%20treaty"]),
        ("page /outlets", ["/outlets"]),
        ("page /outlets/{name}", ["/outlets/Evening%20Post", "/outlets/City%20Wire"]),
        ("api /api/volume", ["/api/volume?by=day", f"/api/volume?speaker={top['id']}", "/api/volume?by=month&topic=budget",
                             "/api/volume?outlet=City+Wire"]),
    ]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="bench-web.db", help="SQLite file (built when missing or smaller)")
    parser.add_argument("--attributions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per route")
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    db = Path(args.db)
    build(db, args.attributions)
    settings = load_settings(env={}, db=str(db), workers=1)
    results = []
    with TestClient(create_app(settings)) as client:
        stats = client.get("/api/stats").json()
        print(f"{db}: {stats['documents']} articles, {stats['attributions']} attributions, {stats['speakers']} speakers")
        began = time.perf_counter()
        client.get("/api/shifts")  # waits for corpus-wide shift detection (background, then cached)
        cold = (time.perf_counter() - began) * 1000
        print(f"corpus-wide shift detection at startup (background thread, cached after): {cold:.0f} ms")
        for name, urls in routes(client):
            first = []
            for url in urls:  # the first request of each URL is reported apart (caches cold)
                t0 = time.perf_counter()
                assert client.get(url).status_code == 200, url
                first.append((time.perf_counter() - t0) * 1000)
            times = []
            for k in range(args.requests):
                url = urls[k % len(urls)]
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.text[:200])
            results.append({
                "route": name, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95(times), 1),
                "max_ms": round(max(times), 1), "first_ms": round(max(first), 1),
            })
    width = max(len(r["route"]) for r in results)
    print(f"{'route':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  {'first ms':>9}")
    for r in results:
        flag = "" if r["p95_ms"] < args.target_ms else f"  OVER {args.target_ms:g} ms"
        print(f"{r['route']:<{width}}  {r['p50_ms']:>8.1f}  {r['p95_ms']:>8.1f}  {r['max_ms']:>8.1f}  {r['first_ms']:>9.1f}{flag}")
    print("first ms: the slowest first request of the route's URLs (per-speaker caches cold)")
    if args.json:
        Path(args.json).write_text(json.dumps({"stats": stats, "cold_ms": round(cold), "routes": results}, indent=2))
    return 0 if all(r["p95_ms"] < args.target_ms for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
