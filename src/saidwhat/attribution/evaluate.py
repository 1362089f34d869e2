"""PolNeAR attribution metrics (the definitions of the reference scorer, our own code).

Every span becomes the set of word tokens it touches (tokens: ``\\w+`` or one non-space
symbol, punctuation-only tokens dropped), so quote marks, commas and whitespace at span
edges never matter and discontinuous spans are plain sets.

- Predictions are aligned to gold one-to-one, greedily by content-token Jaccard (any
  overlap counts). Per role (content, speaker, cue):
  strict: a span is right iff its token set equals the aligned gold one
  (P = right / predicted spans of the role, R = right / gold spans);
  lenient: token overlap over aligned pairs / all predicted (P) or gold (R) tokens.
- Exact match (per role, no alignment): a predicted span is right when an unused gold span
  of the same role has exactly its token set (how span taggers such as CofeNet report).
- Relation: a prediction is right when its content Jaccard with a gold attribution is
  >= 0.5 and its speaker shares a token with the gold speaker (when gold has one);
  matched one-to-one, greedily. "content only" drops the speaker condition.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..ingest.polnear import GoldArticle
from ..models import Attribution, Ranges

ROLES = ("content", "speaker", "cue")
_TOKEN = re.compile(r"\w+|[^\w\s]")


class TokenIndex:
    """Word tokens of one text; maps character ranges to sets of token numbers."""

    def __init__(self, text: str):
        spans = [
            m.span() for m in _TOKEN.finditer(text)
            if not all(unicodedata.category(ch).startswith("P") for ch in m.group())
        ]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def tokens(self, ranges: Ranges | None) -> frozenset[int]:
        """Numbers of the tokens that overlap any of ``ranges``."""
        out: set[int] = set()
        for a, b in ranges or ():
            i = bisect.bisect_right(self.ends, a)
            while i < len(self.starts) and self.starts[i] < b:
                out.add(i)
                i += 1
        return frozenset(out)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Token-set Jaccard similarity (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match_greedy(pairs: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) pairs, best score first, ties by index."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 (fractions)."""

    p: float
    r: float
    f: float

    @classmethod
    def of(cls, hit_p: float, n_p: float, hit_r: float, n_g: float) -> "PRF":
        """From hit and total counts."""
        p = hit_p / n_p if n_p else 0.0
        r = hit_r / n_g if n_g else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


Triple = dict[str, frozenset[int]]


def _triples(index: TokenIndex, items: Sequence[Mapping[str, Ranges | None]]) -> list[Triple]:
    return [{r: index.tokens(item.get(r)) for r in ROLES} for item in items]


def relation_matches(
    index: TokenIndex,
    predicted: Sequence[Mapping[str, Ranges | None]],
    gold: Sequence[Mapping[str, Ranges | None]],
) -> list[tuple[int, int]]:
    """(pred, gold) pairs that count as correct relations for one article."""
    P, G = _triples(index, predicted), _triples(index, gold)
    ok = [
        (jaccard(p["content"], g["content"]), i, j)
        for i, p in enumerate(P) for j, g in enumerate(G)
        if p["content"] & g["content"]
    ]
    ok = [x for x in ok if x[0] >= 0.5 and (not G[x[2]]["speaker"] or P[x[1]]["speaker"] & G[x[2]]["speaker"])]
    return match_greedy(ok)


def as_roles(a: Attribution) -> dict[str, Ranges | None]:
    """An attribution's spans by role name."""
    return {"content": a.content, "speaker": a.source, "cue": a.cue}


def score(gold: Sequence[GoldArticle], predicted: Mapping[str, Sequence[Mapping[str, Ranges | None]]]) -> dict[str, object]:
    """Score predictions against gold articles.

    Args:
        gold: the split's articles.
        predicted: doc id -> attributions as role -> ranges (missing docs predict nothing).

    Returns:
        ``{"docs", "gold_relations", "pred_relations", "content"|"speaker"|"cue":
        {"strict", "lenient": {"p","r","f"}, "n_pred", "n_gold"}, "relation",
        "relation_content_only"}`` with fractions.
    """
    c: dict[str, float] = {"rel": 0, "rel_c": 0, "n_pred": 0, "n_gold": 0}
    for r in ROLES:
        for k in ("strict", "overlap", "np", "ng", "tp", "tg", "exact"):
            c[f"{r}_{k}"] = 0
    for art in gold:
        index = TokenIndex(art.text)
        golds = [{"content": g.content, "speaker": g.speaker, "cue": g.cue} for g in art.attributions]
        G = _triples(index, golds)
        P = _triples(index, predicted.get(art.doc_id, []))
        c["n_gold"] += len(G)
        c["n_pred"] += len(P)
        for r in ROLES:
            c[f"{r}_np"] += sum(1 for p in P if p[r])
            c[f"{r}_ng"] += sum(1 for g in G if g[r])
            c[f"{r}_tp"] += sum(len(p[r]) for p in P)
            c[f"{r}_tg"] += sum(len(g[r]) for g in G)
            unused = Counter(g[r] for g in G if g[r])
            for p in P:
                if p[r] and unused[p[r]] > 0:
                    unused[p[r]] -= 1
                    c[f"{r}_exact"] += 1
        sims = [
            (jaccard(p["content"], g["content"]), i, j)
            for i, p in enumerate(P) for j, g in enumerate(G) if p["content"] & g["content"]
        ]
        for i, j in match_greedy(sims):
            for r in ROLES:
                if P[i][r] and G[j][r]:
                    c[f"{r}_strict"] += P[i][r] == G[j][r]
                    c[f"{r}_overlap"] += len(P[i][r] & G[j][r])
        half = [x for x in sims if x[0] >= 0.5]
        c["rel_c"] += len(match_greedy(half))
        c["rel"] += len(match_greedy(
            [x for x in half if not G[x[2]]["speaker"] or P[x[1]]["speaker"] & G[x[2]]["speaker"]]
        ))
    res: dict[str, object] = {"docs": len(gold), "gold_relations": int(c["n_gold"]), "pred_relations": int(c["n_pred"])}
    for r in ROLES:
        res[r] = {
            "strict": PRF.of(c[f"{r}_strict"], c[f"{r}_np"], c[f"{r}_strict"], c[f"{r}_ng"]),
            "lenient": PRF.of(c[f"{r}_overlap"], c[f"{r}_tp"], c[f"{r}_overlap"], c[f"{r}_tg"]),
            "exact": PRF.of(c[f"{r}_exact"], c[f"{r}_np"], c[f"{r}_exact"], c[f"{r}_ng"]),
            "n_pred": int(c[f"{r}_np"]),
            "n_gold": int(c[f"{r}_ng"]),
        }
    res["relation"] = PRF.of(c["rel"], c["n_pred"], c["rel"], c["n_gold"])
    res["relation_content_only"] = PRF.of(c["rel_c"], c["n_pred"], c["rel_c"], c["n_gold"])
    return res


def format_table(res: Mapping[str, object], title: str) -> str:
    """A fixed-width text table of :func:`score` results (percentages)."""

    def row(d: PRF) -> str:
        return f"{100 * d.p:5.1f} {100 * d.r:5.1f} {100 * d.f:5.1f}"

    lines = [
        f"{title}: {res['docs']} docs, {res['gold_relations']} gold / {res['pred_relations']} predicted attributions",
        f"{'':24}{'strict P   R     F':20}  lenient P   R     F",
    ]
    for r in ROLES:
        d = res[r]
        assert isinstance(d, dict)
        lines.append(f"{r:24}{row(d['strict'])}   {row(d['lenient'])}")
    rel, rel_c = res["relation"], res["relation_content_only"]
    assert isinstance(rel, PRF) and isinstance(rel_c, PRF)
    lines.append(f"{'relation (J>=.5+speaker)':24}{row(rel)}")
    lines.append(f"{'relation (content only)':24}{row(rel_c)}")
    return "\n".join(lines)


def to_json(res: Mapping[str, object]) -> dict[str, object]:
    """Results with every :class:`PRF` as ``{"p", "r", "f"}`` (JSON-ready)."""

    def conv(v: object) -> object:
        if isinstance(v, PRF):
            return {"p": v.p, "r": v.r, "f": v.f}
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    out = conv(dict(res))
    assert isinstance(out, dict)
    return out
