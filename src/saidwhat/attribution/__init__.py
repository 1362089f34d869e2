"""Attribution stage: Article -> Parsed (speaker / cue / content spans, entity mentions).

Rules around cue words propose candidates (``rules.py``, with quotation spans from
``quotes.py``); a span tagger fine-tuned from MiniLM on PolNeAR (``tagger.py``) marks
cue / source / content word pieces, and a small learned filter trained on PolNeAR keeps
the right candidates from both kinds of evidence (``component.py``); its probability is
each attribution's ``confidence``. spaCy ``Doc`` objects never leave this package: everything returned
is character offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..models import Article, Attribution, Entity, Parsed, Range
from ..nlp import load_nlp
from .antecedents import relative_antecedents
from .component import FilterModel, featurize, load_model
from .languages import SUPPORTED_LANGUAGES, unsupported_language
from .long_texts import parse_texts
from .phrases import noun_phrases
from .quotes import Quote, find_quotes
from .rules import Candidate, QuoteIndex, find_candidates
from .spans import extend_content, piece_runs, second_half, tagger_candidates
from .subjects import clause_subjects
from .tagger import PieceProbs, load_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SUPPORTED_LANGUAGES", "attribute", "extract_doc", "quote_ranges", "unsupported_language"]

_NEWLINE = re.compile(r"\n")


def quote_ranges(text: str, found: list[Quote] | None = None) -> tuple[tuple[int, int], ...]:
    """The quotations of ``text``, marks included, as later stages read them (``Parsed.quotes``;
    ``found``: the quotations when already paired)."""
    return tuple((q.start, q.end) for q in (find_quotes(text) if found is None else found))


def scored_candidates(
    doc: "Doc", model: FilterModel, found: list[Quote] | None = None, probs: PieceProbs | None = None
) -> list[tuple[float, Candidate]]:
    """Every rule candidate of ``doc`` with the filter's probability (``found``: the
    quotations of ``doc.text`` when the caller has paired them already; ``probs``: the
    tagger's output on ``doc.text``, needed when the filter was trained with it)."""
    text = doc.text
    quotes = QuoteIndex(text, find_quotes(text) if found is None else found)
    para_ends = [m.start() for m in _NEWLINE.finditer(text)] + [len(text)]
    cands = find_candidates(doc, quotes, model.lexicon.lemmas, para_ends)
    if probs is not None and model.propose:
        cands += tagger_candidates(doc, probs, quotes, {c.cue_i for c in cands})
    return [(model.probability(featurize(doc, c, quotes, model.lexicon, probs)), c) for c in cands]


_STRETCH = 512  # characters


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> float:
    """Shared characters over the shorter span's length."""
    shared = sum(max(0, min(y, d) - max(x, c)) for x, y in a for c, d in b)
    shorter = min(sum(y - x for x, y in a), sum(d - c for c, d in b)) or 1
    return shared / shorter


def select(scored: list[tuple[float, Candidate]], threshold: float) -> list[tuple[float, Candidate]]:
    """Candidates at or above ``threshold``, dropping near-duplicates of a better one.

    "Trump said and repeated that ..." - two cues, one content: keep the surer one.
    """
    kept: list[tuple[float, Candidate]] = []
    # Kept contents by the stretches of text they touch: a candidate is compared with those
    # it can overlap only, so a book-length text costs linear time, not quadratic.
    near: dict[int, list[Candidate]] = {}
    for p, c in sorted(scored, key=lambda x: -x[0]):
        if p < threshold:
            break
        stretches = range(min(a for a, _ in c.content) // _STRETCH, max(b for _, b in c.content) // _STRETCH + 1)
        if any(_overlap(c.content, k.content) > 0.8 for s in stretches for k in near.get(s, ())):
            continue
        kept.append((p, c))
        for s in stretches:
            near.setdefault(s, []).append(c)
    kept.sort(key=lambda x: x[1].content[0])
    return kept


def bound(kept: list[tuple[float, Candidate]], probs: PieceProbs, extend: bool = True,
          second: bool = True, text: str = "") -> list[tuple[float, Candidate]]:
    """Let the tagger set where each kept candidate's content ends (``spans.py``): stretch
    it to the end of the tagger's content run (``extend``) and add the second half of an
    interrupted statement (``second``), never into the next attribution's material."""
    runs = piece_runs(probs, "content")
    text_end = int(probs.offsets[-1, 1]) if len(probs.offsets) else 0
    out: list[tuple[float, Candidate]] = []
    for n, (p, c) in enumerate(kept):
        later = sorted(r[0] for _, k in kept[n + 1 :] for r in (*k.content, *k.cue, *(k.source or ())))
        end = c.content[-1][1]
        own = [r[0] for r in (*c.cue, *(c.source or ())) if r[0] >= end]
        content = c.content
        if extend:
            content = extend_content(content, probs, runs, min([x for x in later if x >= end] + own + [text_end]), text)
        if second and content == c.content:
            after = max(r[1] for r in (*c.cue, *(c.source or ())))
            content = second_half(content, after, probs, runs, min([x for x in later if x >= after] + [text_end]))
        out.append((p, replace(c, content=content) if content != c.content else c))
    return out


def extract_doc(
    doc: "Doc", model: FilterModel | None = None, found: list[Quote] | None = None,
    min_confidence: float = 0.0,
) -> list[Attribution]:
    """The attributions of one parsed document (offsets into ``doc.text``; ``found``: its
    quotations, when already paired).

    ``min_confidence``: keep only attributions the filter is at least this sure of (the
    model's own threshold applies when it is higher).
    """
    model = model or load_model()
    text = doc.text
    probs = load_tagger()(text) if model.tagger else None
    kept = select(scored_candidates(doc, model, found, probs), max(model.threshold, min_confidence))
    if probs is not None and model.bounds:
        kept = bound(kept, probs, "extend" in model.bounds, "second" in model.bounds, text)
    out: list[Attribution] = []
    for p, c in kept:
        src = " ".join(text[a:b] for a, b in c.source) if c.source else None
        out.append(Attribution(
            content=c.content, source=c.source, cue=c.cue, kind=c.kind,
            cue_lemma=c.lemma, source_text=src, confidence=round(p, 4),
        ))
    return out


def speaker_hints(doc: "Doc", sources: Iterable[Range]) -> dict[str, Any]:
    """What the parse tells speaker resolution, as ``Parsed`` fields: what each relative-pronoun
    source stands for (``antecedents``) and the subjects of main clauses (``subjects``). The
    pipeline and ``saidwhat eval speakers`` both build their records with it."""
    return {"antecedents": relative_antecedents(doc, sources), "subjects": clause_subjects(doc)}


def attribute(articles: Iterable[Article], settings: Settings) -> Iterator[Parsed]:
    """Parse articles in batches and find every attribution in each.

    Args:
        articles: cleaned articles.
        settings: ``nlp_model``, ``batch_size``, ``parse_chunk_chars``, ``include_indirect``,
            ``min_confidence`` and ``attribution_tagger`` are used.

    Yields:
        One ``Parsed`` per article, in input order.
    """
    nlp = load_nlp(settings.nlp_model)
    model = load_model(tagger=settings.attribution_tagger)
    items = list(articles)
    docs = parse_texts(nlp, (a.text for a in items), settings.parse_chunk_chars, settings.batch_size)
    for article, doc in zip(items, docs):
        quotes = find_quotes(doc.text)  # paired once: the rules use them, and so does speaker resolution
        found = extract_doc(doc, model, quotes, settings.min_confidence)
        if not settings.include_indirect:
            found = [a for a in found if a.kind != "indirect"]
        ents = tuple(Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
        sents = tuple((s.start_char, s.end_char) for s in doc.sents)
        phrases = noun_phrases(doc, tuple(sorted({r for a in found for r in a.content})))
        yield Parsed(article, tuple(found), ents, sents, phrases, quote_ranges(doc.text, quotes),
                     **speaker_hints(doc, (r for a in found for r in a.source or ())))
