"""The subject of each sentence's main clause, as the dependency parse finds it.

"Asked whether he was concerned that Donald Trump could be the next occupant of the White
House, Ban demurred.": the first name of the sentence is Trump's, but the clause the sentence
asserts is "Ban demurred", and a "he said" that follows continues Ban. Speaker resolution
(``speakers/document.py``) marks the mention holding such a word as its sentence's subject.

A sentence's main clauses are its root and the verbs coordinated with it ("X said ... and
argued ..."); their subjects are the words the parse attaches as ``nsubj`` or ``nsubjpass``.
Only the head word is recorded: the article's mentions decide who it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Ranges

if TYPE_CHECKING:
    from spacy.tokens import Doc

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def clause_subjects(doc: "Doc") -> Ranges:
    """Character ranges of the head words of every sentence's main-clause subjects, in order.

    Args:
        doc: the parsed article.

    Returns:
        One range per subject word of a sentence root or of a verb coordinated with it.
    """
    out = []
    for sent in doc.sents:
        root = sent.root
        clauses = [root, *(t for t in root.children if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))]
        for verb in clauses:
            out += [(t.idx, t.idx + len(t.text)) for t in verb.children if t.dep_ in SUBJECT_DEPS]
    return tuple(sorted(out))
