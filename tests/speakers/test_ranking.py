"""The pronoun mention ranker: candidates and their features, the choice, the shipped model."""

from __future__ import annotations

import json
from importlib import resources

from saidwhat.speakers.ranking import FEATURES, Candidate, candidates, choose, load_weights
from saidwhat.speakers.resolve import _Resolver

from .test_resolve import build, speakers

TEXT = (
    "Anna Lind met Peter Osterberg in Arden on Monday. Lind said the border would reopen. "
    "\"We are ready,\" she said."
)


def _doc() -> _Resolver:
    parsed = build(TEXT, [("Anna Lind", "PERSON", 0), ("Peter Osterberg", "PERSON", 0), ("Arden", "GPE", 0),
                          ("Lind", "PERSON", 1)], [("she", 0)])
    return _Resolver(parsed)


def test_candidates_nobody_first_with_agreement_features() -> None:
    doc = _doc()
    pos = TEXT.index("she said")
    anna = next(r.id for r in doc.refs if r.name == "Anna Lind")
    cands = candidates(doc, pos, "she", anna, doc.blocked)
    assert cands[0].ref is None and cands[0].features["null"] == 1.0
    names = {doc.refs_by_id[c.ref].name: c.features for c in cands[1:]}
    assert set(names) == {"Anna Lind", "Peter Osterberg", "Arden"}
    assert (names["Anna Lind"]["gender_match"], names["Anna Lind"]["rule_pick"]) == (1.0, 1.0)
    assert (names["Peter Osterberg"]["gender_clash"], names["Peter Osterberg"]["rule_pick"]) == (1.0, 0.0)
    assert names["Arden"]["blocked"] == 1.0
    assert names["Anna Lind"]["recency_rank"] == 0.0  # "Lind said" is the latest mention


def test_choose_takes_the_best_score() -> None:
    weights = tuple(1.0 if f == "gender_match" else 0.0 for f in FEATURES)
    cands = [Candidate(None, {"null": 1.0}), Candidate(3, {"gender_clash": 1.0}), Candidate(7, {"gender_match": 1.0})]
    assert choose(cands, (weights, 0.0)) == 7
    assert choose(cands[:2], (weights, 0.0)) is None  # a tie keeps the first: nobody


def test_shipped_model_matches_the_features_and_records_its_training() -> None:
    record = json.loads(
        resources.files("saidwhat").joinpath("data", "speakers", "pronoun_ranker.v1.json").read_text(encoding="utf-8")
    )
    assert tuple(record["features"]) == FEATURES and len(record["weights"]) == len(FEATURES)
    assert record["pronouns"] >= 100 and record["cv_accuracy"] >= record["rules_accuracy_same_items"]
    assert load_weights() is not None


def test_resolution_with_the_ranker() -> None:
    parsed = build(TEXT, [("Anna Lind", "PERSON", 0), ("Peter Osterberg", "PERSON", 0), ("Arden", "GPE", 0),
                          ("Lind", "PERSON", 1)], [("Lind", 1), ("she", 0)])
    assert speakers(parsed) == [("Anna Lind", "PERSON"), ("Anna Lind", "PERSON")]
