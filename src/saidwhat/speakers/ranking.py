"""Mention ranking for pronoun sources: a logistic regression over the earlier referents.

For a pronoun source ("he said", "they argued", "it said") every referent with a mention in
the six sentences before it is a candidate, plus "nobody" (the pronoun stays null). Each
candidate gets features of agreement (gender, number, type), distance (sentences,
recency rank), salience (mentions so far, subject, earlier speaker, the one asked),
syntax (quoted mention for an unquoted pronoun, same sentence) and whether the hand-written
rules (``resolve._salient``) pick it; the model scores them and the best one wins.

Weights live in ``data/speakers/pronoun_ranker.v1.json``, written by ``saidwhat train
speakers`` from the PolNeAR train labels (``tests/data/speakers/polnear_train_sources.jsonl``),
with the cross-validated setting and score next to them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .document import PERSONAL, Document

PLURAL_WORDS = {"they", "them", "their", "theirs", "themselves"}
NEUTER_WORDS = {"it", "its", "itself"}
RANKED = set(PERSONAL) | PLURAL_WORDS | NEUTER_WORDS
WINDOW = 6  # sentences back
FEATURES = (
    "null", "null_quoted", "null_plural", "null_neuter", "null_no_fit",
    "sent_dist", "same_sentence", "recency_rank", "log_count",
    "subject", "speaker", "addressee", "quoted_mention", "last_speaker",
    "gender_match", "gender_clash", "gender_unknown", "full_name",
    "person", "org", "group", "type_fits", "blocked", "rule_pick",
)
MODEL_FILE = "pronoun_ranker.v1.json"


@dataclass(frozen=True)
class Candidate:
    """One referent (or nobody, ``ref=None``) a pronoun may point at, with its features."""

    ref: int | None
    features: dict[str, float]


def candidates(
    doc: Document, pos: int, word: str, rule_pick: int | None, blocked: Callable[[int], str | None]
) -> list[Candidate]:
    """The candidates for the pronoun ``word`` at ``pos``, nobody first.

    Args:
        doc: the article's referents and mentions.
        pos: where the pronoun starts.
        word: the pronoun in lower case.
        rule_pick: the referent the rules chose, or None.
        blocked: why a referent can be no speaker (places, outlets), or None.

    Returns:
        ``Candidate(None, ...)`` then one candidate per referent mentioned in the window.
    """
    psent = doc.sentence_index(pos)
    pron_quoted = doc.quoted(pos)
    gender = PERSONAL.get(word)
    plural, neuter = word in PLURAL_WORDS, word in NEUTER_WORDS
    latest: dict[int, int] = {}
    counts: dict[int, int] = {}
    last_speaker: int | None = None
    for i, m in enumerate(doc.mentions):
        if m.start >= pos:
            break
        counts[m.ref] = counts.get(m.ref, 0) + 1
        if psent - doc.sentence_index(m.start) <= WINDOW:
            latest[m.ref] = i
        if m.speaker:
            last_speaker = m.ref
    order = sorted(latest, key=lambda r: -latest[r])
    out: list[Candidate] = []
    fits = 0
    for rank, rid in enumerate(order):
        ref = doc.refs_by_id.get(rid)
        if ref is None:
            continue
        m = doc.mentions[latest[rid]]
        kind = ref.type
        type_fits = (
            (gender is not None and kind == "PERSON")
            or (plural and kind in {"ORG", "GROUP"})
            or (neuter and kind == "ORG")
        )
        fits += bool(type_fits and not (gender and ref.gender and ref.gender != gender))
        sent_dist = psent - doc.sentence_index(m.start)
        out.append(Candidate(rid, {
            "sent_dist": min(sent_dist, WINDOW) / WINDOW,
            "same_sentence": float(sent_dist == 0),
            "recency_rank": min(rank, 5) / 5,
            "log_count": math.log1p(counts.get(rid, 0)),
            "subject": float(m.subject), "speaker": float(m.speaker), "addressee": float(m.addressee),
            "quoted_mention": float(m.quoted and not pron_quoted),
            "last_speaker": float(last_speaker == rid),
            "gender_match": float(bool(gender and ref.gender == gender)),
            "gender_clash": float(bool(gender and ref.gender and ref.gender != gender)),
            "gender_unknown": float(bool(gender and ref.gender is None)),
            "full_name": float(ref.first is not None),
            "person": float(kind == "PERSON"), "org": float(kind == "ORG"), "group": float(kind == "GROUP"),
            "type_fits": float(type_fits),
            "blocked": float(blocked(rid) is not None),
            "rule_pick": float(rid == rule_pick),
        }))
    nobody = Candidate(None, {
        "null": 1.0, "null_quoted": float(pron_quoted), "null_plural": float(plural),
        "null_neuter": float(neuter), "null_no_fit": float(fits == 0),
        "rule_pick": float(rule_pick is None),
    })
    return [nobody, *out]


def vector(candidate: Candidate) -> list[float]:
    """The candidate's features in ``FEATURES`` order."""
    return [candidate.features.get(name, 0.0) for name in FEATURES]


@lru_cache(maxsize=1)
def load_weights() -> tuple[tuple[float, ...], float] | None:
    """The shipped ranker's (weights, bias), or None when no model file is packaged."""
    path = resources.files("saidwhat").joinpath("data", "speakers", MODEL_FILE)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None  # a model for another feature set: the rules decide
    return tuple(data["weights"]), float(data["bias"])


def choose(cands: list[Candidate], weights: tuple[tuple[float, ...], float]) -> int | None:
    """The referent the ranker scores highest (None: nobody)."""
    w, b = weights
    best = max(cands, key=lambda c: sum(x * y for x, y in zip(vector(c), w)) + b)
    return best.ref
