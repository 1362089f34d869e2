"""Where the speaker resolver's misses start, by end-to-end grouped CV on the train share.

    PYTHONPATH=src python scripts/speaker_misses.py --data ../shared/data/polnear \
        tests/data/speakers/polnear_train_sources.jsonl tests/data/speakers/polnear_train_sources.round[345].jsonl

Every labelled source of the ``train`` share (never ``heldout``) is resolved with the
mention ranker fitted on the other folds, with the C and feature set of the shipped model
(``data/speakers/mention_ranker.*.json``); each miss is put in a group (the gold referent is
absent from the candidates, out-ranked, a span cut short, or decided by the rules alone:
``speakers/misses.py``). Prints the score, the counts by group and reason, then every miss.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from importlib import resources
from pathlib import Path

from saidwhat.config import load_settings
from saidwhat.speakers.ranking import MODEL_FILE
from saidwhat.speakers.train_ranker import DROPS, cv_misses, parse_labelled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="labelled source files (JSONL), read together")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    args = parser.parse_args()
    record = json.loads(resources.files("saidwhat").joinpath("data", "speakers", MODEL_FILE).read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "sources.jsonl"
        joined.write_text("".join(p.read_text(encoding="utf-8") for p in args.sources), encoding="utf-8")
        items, parsed = parse_labelled(args.data, joined, load_settings())
    scores, misses = cv_misses(items, parsed, record["C"], DROPS[record["features_left_out"]])
    print(f"{MODEL_FILE} setting ({record['features_left_out']}, C={record['C']}), {len(parsed)} articles:"
          f" resolvable {scores.correct}/{scores.resolvable}, left null {scores.left_null}/{scores.unresolvable}")
    for group, n in Counter(m.group for m in misses).most_common():
        print(f"{n:4d}  {group}")
        for reason, k in Counter(m.reason for m in misses if m.group == group).most_common():
            print(f"      {k:4d}  {reason}")
    for m in sorted(misses, key=lambda m: (m.group, m.reason, m.doc)):
        print(f"{m.group} | {m.reason} | {m.doc} | {m.source_text!r} | gold {m.gold} | got {m.predicted}")


if __name__ == "__main__":
    main()
