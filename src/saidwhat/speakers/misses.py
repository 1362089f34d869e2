"""Why a labelled pronoun or description source was resolved wrong: where the miss starts.

The mention ranker can only choose among the candidates it is given, so a miss is put in
one of four groups, each with a finer reason:

- ``absent``: the gold referent is not among the candidates (the NER model missed the
  person, an organisation's name is cut short, or its last mention is out of the window);
- ``out-ranked``: it is among them, and another candidate (or nobody) scored higher;
- ``span``: the labelled source span is cut short ("the Sanders" of "the Sanders
  campaign"), so the text resolved is not the text labelled;
- ``unranked``: no candidates at all, because the rules decided alone (an indefinite or
  possessive description, a relative pronoun, an unknown head) and found nobody or the
  wrong one.

A miss whose gold is ``"none"`` is ``out-ranked`` when the ranker named somebody and
``unranked`` when the rules did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .document import Document
from .evaluate import same_name
from .ranking import Candidate

GROUPS = ("absent", "out-ranked", "span", "unranked")
# "the Sanders campaign", "the Clinton administration": a source cut before its head noun
CUT_BEFORE = re.compile(r"[A-Za-z]|\s+(?:campaign|administration|team|camp|spokes\w+|aides?|officials?)\b")


@dataclass(frozen=True)
class Miss:
    """One wrong source: the labelled item, what came out, and where the miss starts."""

    doc: str
    source_text: str
    gold: str
    predicted: str | None
    group: str  # one of GROUPS
    reason: str


def names_gold(name: str | None, gold: str) -> bool:
    """Whether a referent's name is the gold one, or shares its surname ("Nefzi", "Adel Nefzi")."""
    return name is not None and (same_name(name, gold) or name.split()[-1].lower() == gold.split()[-1].lower())


def classify(item: dict[str, Any], predicted: str | None, doc: Document, cands: list[Candidate] | None) -> Miss:
    """Where the miss of one labelled source starts.

    Args:
        item: the labelled source (``doc``, ``source``, ``source_text``, ``gold``).
        predicted: the speaker it was resolved to (None: nobody).
        doc: the article's referents after resolution.
        cands: the candidates the ranker saw for it, or None where the rules decided alone.

    Returns:
        The miss with its group (``GROUPS``) and a finer reason.
    """
    gold, (_, end) = item["gold"], item["source"]
    if gold == "none":
        group, reason = ("out-ranked", "null wanted, the ranker named somebody") if cands else (
            "unranked", "null wanted, the rules named somebody")
    elif CUT_BEFORE.match(doc.text[end : end + 25]):
        group, reason = "span", "source span cut short"
    elif cands:
        names = [doc.refs_by_id[c.ref].name if c.ref is not None else None for c in cands]
        if any(names_gold(n, gold) for n in names):
            group, reason = "out-ranked", "gold among the candidates"
        else:
            group, reason = "absent", _absent(doc, gold)
    else:
        known = any(names_gold(r.name, gold) for r in doc.refs)
        did = "left it null" if predicted is None else "named another"
        group, reason = "unranked", f"rules {did}; gold {'a referent' if known else 'no referent'} of the article"
    return Miss(item["doc"], item["source_text"], gold, predicted, group, reason)


def _absent(doc: Document, gold: str) -> str:
    window = "a referent of the article, not in the window"
    if any(same_name(r.name, gold) for r in doc.refs):
        return window
    words = set(gold.lower().split())
    if any(r.type != "PERSON" and set(r.name.lower().split()) < words for r in doc.refs):
        return "an organisation's name cut short"  # "Veterans for America" for "Concerned Veterans for America"
    if any(r.type == "PERSON" and names_gold(r.name, gold) for r in doc.refs):
        return window
    if re.search(r"\b" + re.escape(gold.split()[-1]) + r"\b", doc.text):
        return "named in the text, no referent (NER missed it)"
    return "not named in the text as labelled"
