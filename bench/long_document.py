"""A long document through the whole pipeline: time and peak memory against its length.

    python bench/long_document.py [--words 50000 150000 500000] [--chunk 100000]

The document is generated (invented people, outlets and quotes; each paragraph different
by its numbers and names), about 60 words a paragraph, like a long transcript dump. Each
size runs in a fresh process; the script prints one JSON line per size: words,
characters, attributions, CPU seconds, CPU seconds per 1,000 words (flat when the time is
linear) and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

FIRST = ["Ilse", "Ravi", "Peg", "Amos", "Noor", "Tomas", "Elena", "Marta", "Jonas", "Anna", "Oskar", "Lena"]
LAST = ["Darrow", "Ostend", "Lindqvist", "Kerrin", "Baptiste", "Brandt", "Varga", "Sollen", "Weber", "Rusk",
        "Halloran", "Petrakis"]
ORGS = ["the Harbour Council", "the Bayview Ferry Company", "the Coastal Trust", "the Teachers' Union",
        "the Port Authority", "the Chamber of Trade"]
TOPICS = ["the ferry pier", "the parking charges", "the dredging plan", "the school roof", "the budget",
          "the night patrols", "the sea wall", "the bus lanes"]


def _ward(i: int) -> str:
    """A name per paragraph, in letters: the cleaner collapses digits when it looks for
    repeated paragraphs, so numbers alone would not keep paragraphs apart."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += "aeioubcdfghklmnprstvwyzjqx"[r]
        if i == 0:
            return "Ward " + letters.capitalize()


def paragraph(i: int) -> str:
    ward = _ward(i)
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
    surname = name.split()[1]
    topic, org = TOPICS[(i * 3) % len(TOPICS)], ORGS[(i * 5) % len(ORGS)]
    kind = i % 4
    if kind == 0:
        return (f'"We will finish {topic} by week {i % 50 + 1}, and nobody should doubt it," {name} said on Tuesday. '
                f"The meeting in {ward} heard {i % 90 + 10} questions from residents, several of them angry about {topic}.")
    if kind == 1:
        return (f"{surname} told reporters that {topic} had cost {i % 70 + 5} million so far and that {org} "
                f"would publish the figures in full. Residents of {ward} said they had waited too long for an answer.")
    if kind == 2:
        return (f"According to {org}, {topic} was {i % 30 + 2} weeks behind schedule. A spokesman for {org} in {ward} said "
                f'the delay was "regrettable but unavoidable" and promised a written update within a month.')
    return (f"She added: \"We have listened to {i % 60 + 3} people this week, and we will act on {topic}.\" "
            f"{surname} later said the council would meet in {ward} again in the spring to review {topic}.")


def document(words: int) -> str:
    out: list[str] = []
    count = i = 0
    while count < words:
        p = paragraph(i)
        out.append(p)
        count += len(p.split())
        i += 1
    return "Harbour inquiry: the full transcript\n\n" + "\n\n".join(out) + "\n"


def measure(words: int, chunk: int) -> dict[str, object]:
    from saidwhat.config import load_settings
    from saidwhat.models import RawPage, Skipped
    from saidwhat.pipeline import process_partition

    settings = load_settings(env={}, workers=1, parse_chunk_chars=chunk, site_profile=False)
    list(process_partition([RawPage("warm", "warm.txt", document(300), "text")], settings))  # load models
    text = document(words)
    t0 = time.process_time()
    result = next(process_partition([RawPage("long", "long.txt", text, "text")], settings))
    cpu = time.process_time() - t0
    attributions = None if isinstance(result, Skipped) else len(result.attributions)
    return {
        "words": len(text.split()), "chars": len(text), "chunk": chunk, "attributions": attributions,
        "skipped": result.reason if isinstance(result, Skipped) else None, "cpu_s": round(cpu, 1),
        "cpu_s_per_1k_words": round(cpu / len(text.split()) * 1000, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, nargs="+", default=[50_000, 150_000, 500_000])
    ap.add_argument("--chunk", type=int, default=40_000, help="parse_chunk_chars")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.words[0], args.chunk)), flush=True)
        return
    for words in args.words:
        subprocess.run([sys.executable, __file__, "--one", "--words", str(words), "--chunk", str(args.chunk)],
                       check=True)


if __name__ == "__main__":
    main()
