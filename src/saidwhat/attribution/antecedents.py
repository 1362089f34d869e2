"""The word a relative-pronoun source stands for, as the dependency parse attaches it.

"said Bob Mulholland, a California superdelegate and Clinton supporter who has accused ...":
the source "who" is the subject of a relative clause (``relcl``) that hangs on the noun it
describes. The clause hangs on "supporter"; climbing the coordination ("superdelegate and
... supporter") and the apposition (", a California superdelegate") leads to "Mulholland".
A head that is itself a name (a proper noun, or inside a PERSON/ORG/FAC entity) stops the
climb. A head with names coordinated after it ("Bernie Sanders and Martin O'Malley, who
both back") stands for more than one, and gives no antecedent. Words inside a
nationality or place entity ("an influential Hispanic Republican who") are descriptions and
are climbed past.

Only the head word is recorded (``Antecedent``); speaker resolution maps it to the referent
whose mention holds it (``speakers/resolve.py``), so the parse decides *where* and the
article's referents decide *who*.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import Antecedent, Range

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RELATIVE = frozenset({"who", "which", "that"})
NAME_LABELS = frozenset({"PERSON", "ORG", "FAC"})
MAX_CLIMB = 4  # appositions and coordinations above the clause's noun


def relative_antecedents(doc: "Doc", sources: Iterable[Range]) -> tuple[Antecedent, ...]:
    """For each source that is one relative pronoun, the head word of what it stands for.

    Args:
        doc: the parsed article.
        sources: character ranges of attribution sources.

    Returns:
        One ``Antecedent`` per relative-pronoun source the parse attaches to a noun.
    """
    out: list[Antecedent] = []
    for lo, hi in sorted(set(sources)):
        span = doc.char_span(lo, hi, alignment_mode="contract")
        if span is None or len(span) != 1 or span[0].lower_ not in RELATIVE:
            continue
        head = _antecedent(span[0])
        if head is not None:
            out.append(Antecedent(lo, head.idx, head.idx + len(head.text)))
    return tuple(out)


def _is_name(tok: "Token") -> bool:
    if tok.ent_type_:
        return tok.ent_type_ in NAME_LABELS
    return tok.pos_ == "PROPN"


def _antecedent(pronoun: "Token") -> "Token | None":
    verb = pronoun.head
    if pronoun.dep_ not in {"nsubj", "nsubjpass"} or verb.dep_ != "relcl" or verb.head.i >= pronoun.i:
        return None
    noun = verb.head
    if noun.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    for _ in range(MAX_CLIMB):
        if _is_name(noun):
            break
        up = noun.head
        if noun.dep_ in {"appos", "conj"} and up.i < noun.i and up.pos_ in {"NOUN", "PROPN"}:
            noun = up
        else:
            break
    if any(child.dep_ == "conj" and child.i > noun.i for child in noun.children):
        return None  # "Bernie Sanders and Martin O'Malley, who both back": more than one
    return noun
