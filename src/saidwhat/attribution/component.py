"""The learned filter: a logistic regression that keeps or drops each rule candidate.

PolNeAR annotates far more than speech verbs ("polls show", "endorsed Clinton", "is
expected to"), and the same lemma is a cue in one sentence and not in the next ("called
the meeting" vs "called it a disgrace"). The rules in ``rules.py`` propose; this model,
trained on PolNeAR ``train`` by ``saidwhat train attribution``, decides. Weights ship as
a small JSON file (``data/attribution/model.json``) and are applied with plain Python, so
scikit-learn is needed only for training.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError
from .rules import Candidate, QuoteIndex
from .tagger import PieceProbs

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_NAME = "saidwhat.attribution_filter.v1"


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Cue lemmas learned from train: how often each heads a gold cue, and how often it occurs."""

    counts: dict[str, tuple[int, int]]

    @property
    def lemmas(self) -> frozenset[str]:
        """Lemmas that may head a cue."""
        return frozenset(self.counts)

    def precision(self, lemma: str) -> float:
        """Smoothed share of the lemma's occurrences that were gold cue heads."""
        cue, seen = self.counts.get(lemma, (0, 0))
        return (cue + 0.5) / (seen + 2.0)


@dataclass(frozen=True, slots=True)
class FilterModel:
    """Logistic-regression weights over sparse string features."""

    weights: dict[str, float]
    bias: float
    threshold: float
    lexicon: CueLexicon
    tagger: bool = False  # whether the features include the span tagger's probabilities
    bounds: tuple[str, ...] = ()  # how the tagger bounds kept contents: "extend", "second"
    propose: bool = False  # whether the tagger proposes candidates where no rule found one

    def probability(self, features: dict[str, float]) -> float:
        """P(candidate is a correct attribution)."""
        z = self.bias
        w = self.weights
        for name, value in features.items():
            z += w.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (what ``data/attribution/model.json`` holds)."""
        return {
            "name": MODEL_NAME,
            "bias": self.bias,
            "threshold": self.threshold,
            "tagger": self.tagger,
            "bounds": list(self.bounds),
            "propose": self.propose,
            "lexicon": {k: list(v) for k, v in sorted(self.lexicon.counts.items())},
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) > 1e-5},
        }


def model_from_json(data: dict[str, object], where: str) -> FilterModel:
    """Build a :class:`FilterModel` from its JSON form."""
    if data.get("name") != MODEL_NAME:
        raise ModelError(
            f"Attribution model {where} is {data.get('name')!r}, expected {MODEL_NAME!r}. "
            "Retrain it with `saidwhat train attribution --data DIR`."
        )
    lex = {str(k): (int(v[0]), int(v[1])) for k, v in dict(data["lexicon"]).items()}  # type: ignore[call-overload]
    weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}  # type: ignore[call-overload]
    return FilterModel(weights, float(data["bias"]), float(data["threshold"]), CueLexicon(lex),  # type: ignore[arg-type]
                       bool(data.get("tagger", False)), tuple(data.get("bounds", ())),  # type: ignore[arg-type]
                       bool(data.get("propose", False)))


MODEL_FILES = {False: "model.json", True: "model-tagger.json"}


@lru_cache(maxsize=4)
def load_model(path: str | None = None, tagger: bool = False) -> FilterModel:
    """Load the shipped filter (or the one at ``path``), once per process: the one trained
    with the span tagger's features when ``tagger`` (setting ``attribution_tagger``), else
    the rules-only one.

    Raises:
        ModelError: when the file is missing or is not a saidwhat attribution model.
    """
    try:
        if path is None:
            where = "data/attribution/" + MODEL_FILES[tagger]
            raw = resources.files("saidwhat").joinpath(where).read_text("utf-8")
        else:
            raw = Path(path).read_text("utf-8")
            where = path
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"Cannot read the attribution model ({exc}). Reinstall saidwhat or run "
            "`saidwhat train attribution --data DIR`."
        ) from None
    return model_from_json(data, where)


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    for i, e in enumerate(edges):
        if n < e:
            return i
    return len(edges)


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def tagger_features(cand: Candidate, probs: PieceProbs) -> dict[str, float]:
    """How far the span tagger agrees with a candidate: its mean cue / source / content
    probability over the candidate's spans, whether the content starts where the tagger
    begins one, and how sure it is that the pieces just outside the content are content
    too (a sign that the candidate cut it short)."""
    f: dict[str, float] = {}
    for head, ranges in (("cue", cand.cue), ("source", cand.source), ("content", cand.content)):
        if ranges:
            p = probs.mean(ranges, head)
            f["tg_" + head] = p
            f["tg_logit_" + head] = _logit(p)
    idx = probs.pieces(cand.content)
    if len(idx):
        content = probs.probs[:, 2]
        f["tg_content_low"] = float((content[idx] < 0.5).mean())
        f["tg_begin"] = float(probs.probs[idx[:2], 5].max())
        f["tg_before"] = float(content[max(idx[0] - 2, 0) : idx[0]].max()) if idx[0] else 0.0
        f["tg_after"] = float(content[idx[-1] + 1 : idx[-1] + 3].max()) if idx[-1] + 1 < len(content) else 0.0
    return f


def featurize(doc: "Doc", cand: Candidate, quotes: QuoteIndex, lexicon: CueLexicon,
              probs: PieceProbs | None = None) -> dict[str, float]:
    """Sparse features of one candidate (names are strings, values mostly 1.0)."""
    tok = doc[cand.cue_i]
    lemma = cand.lemma
    f: dict[str, float] = {}
    prec = lexicon.precision(lemma)
    f["prec"] = prec
    f["logit_prec"] = math.log(prec / (1 - prec)) if 0 < prec < 1 else 0.0
    f["lemma=" + lemma] = 1.0
    f["rule=" + cand.rule] = 1.0
    f["lemma_rule=" + lemma + "|" + cand.rule] = 1.0
    f["dep=" + tok.dep_] = 1.0
    f["tag=" + tok.tag_] = 1.0
    f["lemma_dep=" + lemma + "|" + tok.dep_] = 1.0
    f["head_pos=" + tok.head.pos_] = 1.0
    f["kind=" + cand.kind] = 1.0
    for c in tok.children:
        f["child=" + c.dep_] = 1.0
        if c.dep_ == "neg":
            f["neg"] = 1.0
        if c.dep_ == "aux" and c.tag_ == "MD":
            f["modal"] = 1.0
        if c.dep_ == "dobj":
            f["dobj_pos=" + c.pos_] = 1.0
            # The object word often decides whether the verb reports at all: "raised
            # concerns about the plan" is a stance, "raised $2 million" is not (on PolNeAR
            # dev relation F1 69.7 -> 69.9 over the part of speech alone).
            f["dobj_lemma=" + c.lemma_.lower()] = 1.0
            # ...and for object words too rare to weigh, their kind: "endorsed Lee" (a
            # person) is a stance far more often than "spent $40 million" (an amount)
            # (on PolNeAR dev relation F1 70.2 -> 70.3).
            f["dobj_ent=" + (c.ent_type_ or "none")] = 1.0
        if c.dep_ == "prep":
            # The cue's own prepositions: "spoke about the bridge" reports, "won support
            # among young voters" and "received money from donors" do not, and a cue with
            # "according to" on it ("Lee said, according to two aides, ...") is not the
            # attribution PolNeAR marks (on PolNeAR dev relation F1 70.0 -> 70.2).
            f["prep=" + c.lower_] = 1.0
        if c.dep_ == "advmod":
            # How the verb is done says whether it is a statement: "publicly backed the
            # plan", "officially announced" report a position; "gave away the lead" does
            # not (on PolNeAR dev relation F1 69.9 -> 70.0, content and speaker up too).
            f["advmod=" + c.lower_] = 1.0
        if cand.rule.startswith("stance") and c.dep_ == "acomp":
            f["stance=" + c.lemma_.lower()] = 1.0  # "skeptical of" is a stance, "happy with" rarely
        if c.dep_ == "mark" and c.i < tok.i:
            # "And if they refuse to answer?": a condition reports nothing that was said,
            # which one shared weight learns from all conditions; "while Lee opined on the
            # budget": the word itself, whose weight says whether its clauses report.
            if c.lower_ in ("if", "unless"):
                f["conditional"] = 1.0
            f["mark=" + c.lower_] = 1.0
    if cand.source:
        f["has_source"] = 1.0
        s0 = cand.source[0]
        span = doc.char_span(s0[0], cand.source[-1][1], alignment_mode="expand")
        if span is not None:
            root = span.root
            f["src_pos=" + root.pos_] = 1.0
            f["src_ent=" + (root.ent_type_ or "none")] = 1.0
            f["rule_src_pos=" + cand.rule + "|" + root.pos_] = 1.0
            f["src_len"] = float(_bucket(len(span), (2, 4, 8, 16)))
    else:
        f["no_source"] = 1.0
        f["rule_nosrc=" + cand.rule] = 1.0
    n_chars = sum(b - a for a, b in cand.content)
    f["content_len=" + str(_bucket(n_chars, (15, 40, 100, 250, 600)))] = 1.0
    f["content_parts=" + str(min(len(cand.content), 3))] = 1.0
    f["cue_in_quote"] = 1.0 if quotes.containing(tok.idx) else 0.0
    f["content_after"] = 1.0 if cand.content[0][0] > tok.idx else 0.0
    first = doc.char_span(cand.content[0][0], cand.content[0][1], alignment_mode="expand")
    if first is not None and len(first):
        word = first[0]
        f["content_first=" + word.lower_ if word.lower_ in _FIRST else "content_first_pos=" + word.pos_] = 1.0
    content_span = doc.char_span(cand.content[0][0], cand.content[-1][1], alignment_mode="expand")
    if content_span is not None and len(content_span):
        f["content_verb"] = 1.0 if any(t.pos_ in ("VERB", "AUX") for t in content_span) else 0.0
        f["content_root=" + content_span.root.pos_] = 1.0
        f["content_root_dep=" + content_span.root.dep_] = 1.0
    sent = tok.sent
    if quotes.containing(sent.start_char) or quotes.containing(sent.end_char - 1):
        f["sent_in_quote"] = 1.0
    f["bias_len_sent=" + str(_bucket(len(sent), (8, 15, 30, 50)))] = 1.0
    if probs is not None:
        f.update(tagger_features(cand, probs))
    return f


_FIRST = frozenset({"that", "to", "the", "a", "what", "whether", "how", "he", "she", "it", "they", "i", "we", "if"})
