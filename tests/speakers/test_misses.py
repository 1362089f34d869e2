"""Where a miss starts: the gold referent absent from the candidates, out-ranked, a span cut
short, or decided by the rules alone (``speakers/misses.py``), on hand-built articles."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from saidwhat.speakers.misses import GROUPS, classify
from saidwhat.speakers.ranking import MODEL_FILE, Candidate, candidates
from saidwhat.speakers.resolve import _Resolver
from saidwhat.speakers.train_ranker import DROPS, cv_misses, parse_labelled

from .test_resolve import build

TEXT = (
    "Anna Lind met Peter Osterberg in Arden on Monday. Lind said the border would reopen. "
    "\"We are ready,\" she said. Mira Sol, a farmer, was there too; she said little. "
    "The Quill campaign said it would wait. Veterans for America said the same."
)


def _doc() -> _Resolver:
    parsed = build(TEXT, [("Anna Lind", "PERSON", 0), ("Peter Osterberg", "PERSON", 0), ("Arden", "GPE", 0),
                          ("Lind", "PERSON", 1), ("Veterans for America", "ORG", 0)], [("she", 0)])
    return _Resolver(parsed)


def _item(source: str, nth: int, gold: str) -> dict[str, object]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(source, start + 1)
    return {"doc": "t", "source": [start, start + len(source)], "source_text": source, "gold": gold}


def _cands(doc: _Resolver, item: dict[str, object]) -> list[Candidate]:
    start = item["source"][0]  # type: ignore[index]
    return candidates(doc, start, "she", None, doc.blocked)


def test_gold_among_the_candidates_is_out_ranked() -> None:
    doc = _doc()
    item = _item("she", 0, "Anna Lind")
    miss = classify(item, "Peter Osterberg", doc, _cands(doc, item))
    assert (miss.group, miss.reason, miss.predicted) == ("out-ranked", "gold among the candidates", "Peter Osterberg")


def test_a_person_the_ner_model_missed_is_absent() -> None:
    doc = _doc()
    item = _item("she", 1, "Mira Sol")  # "Mira Sol" has no entity, so no referent
    miss = classify(item, "Anna Lind", doc, _cands(doc, item))
    assert (miss.group, miss.reason) == ("absent", "named in the text, no referent (NER missed it)")


def test_an_organisation_name_cut_short_is_absent() -> None:
    doc = _doc()
    item = _item("she", 1, "Concerned Veterans for America")
    miss = classify(item, None, doc, [Candidate(None, {"null": 1.0})])
    assert (miss.group, miss.reason) == ("absent", "an organisation's name cut short")


def test_a_span_cut_before_its_head_is_a_span_miss() -> None:
    doc = _doc()
    miss = classify(_item("The Quill", 0, "Quill campaign"), "Quill", doc, None)
    assert (miss.group, miss.reason) == ("span", "source span cut short")


def test_sources_the_rules_decide_alone_are_unranked() -> None:
    doc = _doc()
    left = classify(_item("a farmer", 0, "Anna Lind"), None, doc, None)
    assert (left.group, left.reason) == ("unranked", "rules left it null; gold a referent of the article")
    named = classify(_item("a farmer", 0, "none"), "Anna Lind", doc, None)
    assert (named.group, named.reason) == ("unranked", "null wanted, the rules named somebody")
    doc2 = _doc()
    item = _item("she", 0, "none")
    ranked = classify(item, "Anna Lind", doc2, _cands(doc2, item))
    assert (ranked.group, ranked.reason) == ("out-ranked", "null wanted, the ranker named somebody")


LABELS = Path(__file__).resolve().parents[1] / "data" / "speakers"
TRAIN_SOURCES = [LABELS / "polnear_train_sources.jsonl",
                 *(LABELS / f"polnear_train_sources.round{n}.jsonl" for n in (3, 4, 5))]


@pytest.mark.slow
def test_cv_misses_repeat_the_shipped_models_end_to_end_cv(shared_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    # the same folds and setting as `saidwhat train speakers`, so the same score as its record
    record = json.loads(resources.files("saidwhat").joinpath("data", "speakers", MODEL_FILE).read_text("utf-8"))
    items, parsed = parse_labelled(shared_dir / "data" / "polnear", TRAIN_SOURCES, settings)
    scores, misses = cv_misses(items, parsed, record["C"], DROPS[record["features_left_out"]])
    summary = (
        f"resolvable {scores.correct}/{scores.resolvable} = {scores.accuracy:.3f},"
        f" left null {scores.left_null}/{scores.unresolvable} = {scores.null_rate:.3f}"
    )
    assert summary == record["cv_end_to_end"]
    assert len(misses) == scores.resolvable - scores.correct + scores.unresolvable - scores.left_null
    assert set(Counter(m.group for m in misses)) <= set(GROUPS)
