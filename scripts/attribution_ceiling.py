"""Where attribution recall is lost: the rule candidates' ceiling against what the filter keeps.

    PYTHONPATH=src python scripts/attribution_ceiling.py --data ../shared/data/polnear [--split train] [--limit N]

Every rule candidate of the split's articles is generated with the shipped cue lexicon
(``data/attribution/model.json``) and labelled as ``saidwhat train attribution`` labels it
(``attribution.train.candidates_of``); they are the candidates ``saidwhat extract`` sees.
Prints the relation figures of an oracle that keeps exactly the candidates that would count as right (the
candidates' ceiling) beside the shipped filter's, then puts each gold attribution in one
group: some candidate is right; a candidate sits on the gold cue but its content is cut
short, runs over, only partly overlaps or misses the gold content; its content is right but
its source is not; no candidate sits on the gold cue. Read it on ``train``: choices made by
looking at ``dev`` do not carry over to unseen news. (The shipped filter was fitted on all
of ``train``, so its line there is in-sample and flatters it; the cross-validated figures
are in the README.)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from saidwhat.attribution import select
from saidwhat.attribution.component import load_model
from saidwhat.attribution.evaluate import TokenIndex, jaccard, score
from saidwhat.attribution.rules import Candidate
from saidwhat.attribution.train import as_roles_of, candidates_of, relation_right
from saidwhat.config import load_settings
from saidwhat.ingest.polnear import GoldArticle, read_split
from saidwhat.models import Ranges
from saidwhat.nlp import load_nlp


def overlaps(a: Ranges | None, b: Ranges | None) -> bool:
    """Whether two range lists share a character."""
    return any(x0 < y1 and y0 < x1 for x0, x1 in a or () for y0, y1 in b or ())


def group(art: GoldArticle, index: TokenIndex, gold_i: int, cands: list[Candidate]) -> str:
    """The loss group of one gold attribution given the article's candidates."""
    g = art.attributions[gold_i]
    gc, gs = index.tokens(g.content), index.tokens(g.speaker)
    if any(relation_right(index.tokens(c.content), index.tokens(c.source), gc, gs) for c in cands):
        return "a candidate is right"
    if not g.cue:
        return "no candidate; the gold has no cue"
    on_cue = [c for c in cands if overlaps(c.cue, g.cue)]
    if not on_cue:
        return "no candidate on the gold cue"
    best = max(on_cue, key=lambda c: jaccard(index.tokens(c.content), gc))
    pc = index.tokens(best.content)
    if jaccard(pc, gc) >= 0.5:
        return "cue and content right, source wrong"
    if pc < gc:
        return "cue right, content cut short"
    if gc < pc:
        return "cue right, content runs over"
    return "cue right, content misses the gold" if not pc & gc else "cue right, content partly overlaps"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    args = parser.parse_args()
    gold = read_split(args.data, args.split)
    if args.limit:
        gold = gold[: args.limit]
    settings = load_settings()
    nlp = load_nlp(settings.nlp_model)
    model = load_model()
    groups: Counter[str] = Counter()
    oracle: dict[str, list[dict[str, object]]] = {}
    kept: dict[str, list[dict[str, object]]] = {}
    for n, (doc, art) in enumerate(zip(nlp.pipe((a.text for a in gold), batch_size=settings.batch_size), gold), 1):
        # the candidates, features and labels the filter is trained on (train.candidates_of)
        table = candidates_of(doc, art, model.lexicon)
        cands = [c for _, _, c in table]
        index = TokenIndex(art.text)
        for i in range(len(art.attributions)):
            groups[group(art, index, i, cands)] += 1
        oracle[art.doc_id] = [as_roles_of(c) for _, c in select([(1.0, c) for _, y, c in table if y], 0.5)]
        kept[art.doc_id] = [as_roles_of(c) for _, c in select([(model.probability(f), c) for f, _, c in table],
                                                              model.threshold)]
        if n % 100 == 0:
            print(f"{n}/{len(gold)} articles", file=sys.stderr)
    total = sum(groups.values())
    for name, pred in (("candidates' ceiling (oracle filter)", oracle), ("shipped filter", kept)):
        rel = score(gold, pred)["relation"]
        print(f"{name:38s} relation P {100 * rel.p:5.1f}  R {100 * rel.r:5.1f}  F1 {100 * rel.f:5.1f}")  # type: ignore[attr-defined]
    print(f"{total} gold attributions in {len(gold)} {args.split} articles:")
    for name, k in groups.most_common():
        print(f"  {k:6d}  {100 * k / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
