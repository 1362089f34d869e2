"""Noun phrases around the nouns of each attribution's content, for the tone stage.

The tone model was trained on NewsMTSC, whose targets are whole mentions with their
determiner and modifiers ("the attack", "his House committee"). A topic found by its
keyword is a bare noun, and the keyword alone is what the model then judges: in "We are
pleased with this agreement on sanctions", "sanctions" marked alone reads -0.73 (the word
is seldom welcome in news), while "this agreement on sanctions" reads +0.88. So for each
noun inside a content span the parse gives the phrase it belongs to:

- its own determiner and modifiers ("the remaining sanctions", "its latest sanctions");
- the noun it modifies when it is a compound ("the sanctions talks");
- the noun it complements through of / on / over / ... ("the easing of sanctions",
  "this agreement on sanctions"); right-hand clauses ("..., which is a real success")
  stay out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Phrase, Ranges

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NOUNS = frozenset({"NOUN", "PROPN"})
COMPLEMENT_PREPS = frozenset({"of", "on", "over", "against", "from", "for", "about", "to", "with"})
MAX_CLIMB = 2  # "the easing of the sanctions talks": compound, then complement
MAX_TOKENS = 8  # a longer "phrase" is a parse running away; the noun's own phrase is used


def _phrase_head(tok: "Token") -> "Token":
    """The noun whose phrase ``tok`` belongs to: itself, or the noun it modifies or complements."""
    head = tok
    for _ in range(MAX_CLIMB):
        up = head.head
        if head.dep_ == "compound" and up.pos_ in NOUNS and up.i > head.i:
            head = up
        elif (head.dep_ == "pobj" and up.dep_ == "prep" and up.lower_ in COMPLEMENT_PREPS
              and up.head.pos_ == "NOUN" and up.head.i < head.i):
            head = up.head
        else:
            break
    return head


def _span(tok: "Token", head: "Token") -> tuple[int, int]:
    """Token range [start, end) from the head's leftmost modifier to the later of the two."""
    return head.left_edge.i, max(tok.i, head.i) + 1


def noun_phrases(doc: "Doc", content: Ranges) -> tuple[Phrase, ...]:
    """The phrase of each noun inside ``content`` (character ranges), kept inside the range
    that holds the noun; only phrases longer than the noun itself are returned."""
    out: list[Phrase] = []
    for lo, hi in content:
        span = doc.char_span(lo, hi, alignment_mode="contract")
        if span is None:
            continue
        for tok in span:
            if tok.pos_ not in NOUNS:
                continue
            start, end = _span(tok, _phrase_head(tok))
            if end - start > MAX_TOKENS:
                start, end = _span(tok, tok)
                if end - start > MAX_TOKENS:
                    continue
            first = max(doc[start].idx, lo)
            last = min(doc[end - 1].idx + len(doc[end - 1].text), hi)
            word_end = tok.idx + len(tok.text)
            if (first, last) != (tok.idx, word_end):
                out.append(Phrase(tok.idx, word_end, first, last))
    return tuple(sorted(set(out), key=lambda p: (p.word_start, p.start)))
