"""Attribution stage: Article -> Parsed (source / cue / content spans, entity mentions).

spaCy ``Doc`` objects never leave this package: everything returned is character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..config import Settings
from ..models import Article, Attribution, Entity, Parsed
from ..nlp import load_nlp


def attribute(articles: Iterable[Article], settings: Settings) -> Iterator[Parsed]:
    """Parse articles in batches and find every attribution in each.

    Args:
        articles: cleaned articles.
        settings: ``nlp_model`` and ``batch_size`` are used.

    Yields:
        One ``Parsed`` per article, in input order.
    """
    nlp = load_nlp(settings.nlp_model)
    items = list(articles)
    docs = nlp.pipe((a.text for a in items), batch_size=settings.batch_size)
    for article, doc in zip(items, docs):
        found = []
        for tok in doc:
            if tok.lemma_ in {"say", "tell", "add"} and tok.pos_ == "VERB":
                subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
                comp = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"}]
                if subj and comp:
                    s = subj[0].left_edge.idx, subj[0].right_edge.idx + len(subj[0].right_edge)
                    c = comp[0].left_edge.idx, comp[0].right_edge.idx + len(comp[0].right_edge)
                    found.append(
                        Attribution(
                            content=(c,), source=(s,), cue=((tok.idx, tok.idx + len(tok)),),
                            kind="indirect", cue_lemma=tok.lemma_, source_text=doc.text[s[0]:s[1]],
                        )
                    )
        ents = tuple(Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
        sents = tuple((s.start_char, s.end_char) for s in doc.sents)
        yield Parsed(article, tuple(found), ents, sents)
