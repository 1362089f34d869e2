"""Mention ranking for pronoun and description sources: a logistic regression over referents.

For a pronoun source ("he said", "they argued", "it said") every referent with a mention in
the six sentences before it is a candidate (for "he" and "she" also the article's main person
so far, however far back; never a person for "it"), plus "nobody" (the pronoun stays null). Each
candidate gets features of agreement (gender, number, type), distance (sentences,
recency rank), salience (mentions so far, subject, the subject of a main clause as the
dependency parse finds it, earlier speaker, the article's main person), syntax (quoted
mention for an unquoted pronoun, same sentence) and whether the hand-written rules
(``resolve._salient``) pick it; the model scores them and the best one wins.

A definite description with a person or organisation head ("the senator", "the company",
"the GOP candidate") has as candidates every referent mentioned before it and those named in
the three sentences after it (a lede describes before it names), plus "nobody". Its
features (``d_*``) add the match between the description's words and the candidate's known
roles or name (all words, the head only, another office held), party, and whether the
description's head is a vague one ("the official", "the source") that usually names nobody.

Weights live in ``data/speakers/mention_ranker.v7.json``, written by ``saidwhat train
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
    "person", "org", "group", "type_fits", "blocked", "rule_pick", "main_person", "bare_idle",
    "clause_subject",
    # descriptions
    "d_null", "d_null_vague_head", "d_null_no_role", "d_null_org_head",
    "d_sent_dist", "d_recency_rank", "d_log_count", "d_later", "d_subject", "d_speaker", "d_last_speaker",
    "d_main_person", "d_role_all", "d_role_head", "d_role_other", "d_no_roles", "d_other_office",
    "d_name_hint", "d_gender_clash", "d_party_clash", "d_type_fits", "d_blocked", "d_rule_pick",
    "d_clause_subject",
)
MODEL_FILE = "mention_ranker.v7.json"
# "the official", "the source": a description that, unnamed, is usually nobody identifiable
VAGUE_HEADS = {
    "official", "source", "person", "aide", "adviser", "advisor", "spokesman", "spokeswoman",
    "spokesperson", "man", "woman", "people", "staffer", "attendee", "narrator", "analyst", "expert",
}
LATER = 3  # sentences ahead a description may be named in


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
    history = _history(doc, pos, WINDOW)
    latest, counts, last_speaker = history.latest, history.counts, history.last_speaker
    main = _main_person(doc, counts)
    if main is not None and main not in latest and gender is not None:
        # the article's main person is a candidate even when last named further back
        latest[main] = history.last_seen[main]
    acting = {m.ref for m in doc.mentions_before(pos) if m.subject or m.speaker}
    order = sorted(latest, key=lambda r: -latest[r])
    out: list[Candidate] = []
    fits = 0
    for rank, rid in enumerate(order):
        ref = doc.refs_by_id.get(rid)
        if ref is None:
            continue
        m = doc.mentions[latest[rid]]
        kind = ref.type
        if neuter and kind == "PERSON":
            continue  # "it" is never a person
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
            "clause_subject": float(m.clause_subject),
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
            "main_person": float(rid == main),
            # "the shelling of Hallen ... she said": one word, never a subject or speaker so far
            "bare_idle": float(" " not in ref.name.strip() and rid not in acting),
        }))
    nobody = Candidate(None, {
        "null": 1.0, "null_quoted": float(pron_quoted), "null_plural": float(plural),
        "null_neuter": float(neuter), "null_no_fit": float(fits == 0),
        "rule_pick": float(rule_pick is None),
    })
    return [nobody, *out]


@dataclass(frozen=True)
class _History:
    """Per referent before a position: its latest mention within the window (``latest``) and
    anywhere before (``last_seen``), both as indices into ``doc.mentions``; its mention count;
    and the referent of the latest speaker mention."""

    latest: dict[int, int]
    last_seen: dict[int, int]
    counts: dict[int, int]
    last_speaker: int | None


def _history(doc: Document, pos: int, window: int) -> _History:
    """What the mentions before ``pos`` say about each referent (one pass over them)."""
    psent = doc.sentence_index(pos)
    latest: dict[int, int] = {}
    last_seen: dict[int, int] = {}
    counts: dict[int, int] = {}
    last_speaker: int | None = None
    for i, m in enumerate(doc.mentions):
        if m.start >= pos:
            break
        counts[m.ref] = counts.get(m.ref, 0) + 1
        last_seen[m.ref] = i
        if psent - doc.sentence_index(m.start) <= window:
            latest[m.ref] = i
        if m.speaker:
            last_speaker = m.ref
    return _History(latest, last_seen, counts, last_speaker)


def _main_person(doc: Document, counts: dict[int, int]) -> int | None:
    """The person with the most mentions so far (ties: none)."""
    people = sorted(
        ((n, rid) for rid, n in counts.items() if (r := doc.refs_by_id.get(rid)) and r.type == "PERSON"),
        reverse=True,
    )
    if not people or (len(people) > 1 and people[0][0] == people[1][0]):
        return None
    return people[0][1]


@dataclass(frozen=True)
class Description:
    """What a definite description asks for: its words after the determiner, head, wanted type."""

    words: tuple[str, ...]
    head: str
    type: str  # "PERSON" or "ORG"


def description_candidates(
    doc: Document,
    pos: int,
    desc: Description,
    rule_pick: int | None,
    blocked: Callable[[int], str | None],
    fit: Callable[[int], dict[str, float]],
) -> list[Candidate]:
    """The candidates for a definite description at ``pos``, nobody first.

    Args:
        doc: the article's referents and mentions.
        pos: where the description starts.
        desc: its content words, head and the type of referent it names.
        rule_pick: the referent the rules chose, or None.
        blocked: why a referent can be no speaker (places, outlets), or None.
        fit: the description-to-referent match features (roles, name, office, gender, party).

    Returns:
        ``Candidate(None, ...)`` then one candidate per referent mentioned before ``pos`` or
        named in the ``LATER`` sentences after it.
    """
    psent = doc.sentence_index(pos)
    history = _history(doc, pos, 10**9)
    latest, counts, last_speaker = history.latest, history.counts, history.last_speaker
    main = _main_person(doc, counts)
    later: dict[int, int] = {}
    for i, m in enumerate(doc.mentions):
        if m.start <= pos or m.ref in latest or m.ref in later:
            continue
        if doc.sentence_index(m.start) - psent > LATER:
            break
        later[m.ref] = i
    order = sorted(latest, key=lambda r: -latest[r])
    out: list[Candidate] = []
    any_role = False
    for rid in [*order, *later]:
        ref = doc.refs_by_id.get(rid)
        if ref is None or ref.type == "GROUP":
            continue
        m = doc.mentions[latest.get(rid, later.get(rid, 0))]
        matched = fit(rid)
        any_role |= bool(matched.get("d_role_all") or matched.get("d_role_head") or matched.get("d_name_hint"))
        ahead = rid in later
        out.append(Candidate(rid, {
            **matched,
            "d_sent_dist": 0.0 if ahead else min(psent - doc.sentence_index(m.start), 20) / 20,
            "d_recency_rank": 0.0 if ahead else min(order.index(rid), 10) / 10,
            "d_log_count": math.log1p(counts.get(rid, 0)),
            "d_later": float(ahead),
            "d_subject": float(m.subject), "d_speaker": float(m.speaker),
            "d_clause_subject": float(m.clause_subject),
            "d_last_speaker": float(last_speaker == rid),
            "d_main_person": float(rid == main),
            "d_type_fits": float(ref.type == desc.type),
            "d_blocked": float(blocked(rid) is not None),
            "d_rule_pick": float(rid == rule_pick),
        }))
    nobody = Candidate(None, {
        "d_null": 1.0, "d_null_vague_head": float(desc.head in VAGUE_HEADS),
        "d_null_no_role": float(not any_role), "d_null_org_head": float(desc.type == "ORG"),
        "d_rule_pick": float(rule_pick is None),
    })
    return [nobody, *out]


def vector(candidate: Candidate) -> list[float]:
    """The candidate's features in ``FEATURES`` order."""
    return [candidate.features.get(name, 0.0) for name in FEATURES]


Weights = tuple[tuple[float, ...], float]  # per feature in ``FEATURES`` order, bias


@lru_cache(maxsize=1)
def load_weights() -> Weights | None:
    """The shipped ranker's (weights, bias), or None when no model file is packaged."""
    path = resources.files("saidwhat").joinpath("data", "speakers", MODEL_FILE)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None  # a model for another feature set: the rules decide
    return tuple(data["weights"]), float(data["bias"])


def choose(cands: list[Candidate], weights: Weights) -> int | None:
    """The referent the ranker scores highest (None: nobody)."""
    w, b = weights
    best = max(cands, key=lambda c: sum(x * y for x, y in zip(vector(c), w)) + b)
    return best.ref
