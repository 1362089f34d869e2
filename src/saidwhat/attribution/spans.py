"""Decoding the tagger's per-piece probabilities into character spans, and using them to
bound the content of rule candidates.

A span is a run of pieces whose "inside" probability is at least the threshold; a piece
whose "begin" probability also passes starts a new span even inside a run (two contents
back to back). Line-break pieces belong to a run when the tagger says so, which is how a
quotation that goes on in the next paragraph stays one span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .rules import Candidate, QuoteIndex, bare_pronoun, discourse_marker, hypothetical, subject_of, writers_voice
from .tagger import HEADS, PieceProbs

if TYPE_CHECKING:
    from spacy.tokens import Doc

Ranges = tuple[tuple[int, int], ...]


def piece_runs(probs: PieceProbs, head: str, threshold: float = 0.5) -> list[tuple[int, int]]:
    """Half-open piece-index runs ``[i, j)`` tagged ``head`` ("cue", "source" or "content")."""
    inside = probs.probs[:, HEADS.index(head)] >= threshold
    begin = probs.probs[:, HEADS.index(head + "_begin")] >= threshold
    runs: list[tuple[int, int]] = []
    start = -1
    for i, on in enumerate(inside):
        if on and start >= 0 and begin[i] and i > start:
            runs.append((start, i))
            start = i
        elif on and start < 0:
            start = i
        elif not on and start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(inside)))
    return runs


def run_chars(probs: PieceProbs, run: tuple[int, int]) -> tuple[int, int]:
    """Character range of a piece run."""
    return int(probs.offsets[run[0], 0]), int(probs.offsets[run[1] - 1, 1])


def decode(probs: PieceProbs, head: str, threshold: float = 0.5) -> list[tuple[int, int]]:
    """Character ranges of every ``head`` span the tagger marks."""
    return [run_chars(probs, r) for r in piece_runs(probs, head, threshold)]


_DANGLING = frozenset({"and", "or", "but", "which", "who", "that", "while", "as", "because"})


def _trim(text: str, start: int, end: int) -> int:
    """Move ``end`` back over punctuation, quote marks and a dangling word that only joins
    the next clause ("the talks, which", "the bridge and"), not before ``start``."""
    while True:
        while end > start and not text[end - 1].isalnum():
            end -= 1
        word_start = end
        while word_start > start and text[word_start - 1].isalpha():
            word_start -= 1
        if word_start == end or text[word_start:end].lower() not in _DANGLING:
            return end
        end = word_start


def extend_content(content: Ranges, probs: PieceProbs, runs: list[tuple[int, int]], limit: int,
                   text: str = "") -> Ranges:
    """Stretch the end of a candidate's content to the end of the tagger's content run that
    holds its last piece: the second coordinated clause, the sentences after "she said.",
    the next paragraph of a quotation. Not at all when the run goes past character
    ``limit`` (where the next candidate's material begins), and never backwards;
    punctuation, quote marks and a dangling "and" / "which" at the new end stay outside,
    as the rules leave them (needs ``text``).
    """
    if not content or not runs:
        return content
    last = probs.piece_at(content[-1][1] - 1)
    for i, j in runs:
        if i <= last < j:
            end = run_chars(probs, (i, j))[1]
            if end > limit:
                break  # the run goes on into the next attribution: the tagger has not found an end
            end = _trim(text, content[-1][1], end) if text else end
            if end > content[-1][1]:
                return content[:-1] + ((content[-1][0], end),)
            break
    return content


def second_half(content: Ranges, after: int, probs: PieceProbs, runs: list[tuple[int, int]], limit: int) -> Ranges:
    """Add the rest of an interrupted statement: when the content ends before its cue and
    source ("are not 'bolt-on things,' Cook said, but instead 'embedded in who we are'"),
    a tagger content run that starts right after them (``after``: the end of the later of
    the two; at most one piece, such as a comma, between) becomes a second range.
    """
    if not content or not runs or content[-1][1] > after:
        return content
    first = probs.piece_at(after)
    for i, j in runs:
        if first <= i <= first + 1:
            a, b = run_chars(probs, (i, j))
            if a >= after and b <= limit:
                return content + ((a, b),)
            break
    return content


_CLOSERS = ".,;:!?\"”’'»)] \t"


def _ends_paragraph(text: str, cue_end: int, end: int) -> bool:
    """Whether content ending at ``end`` reaches the end of its paragraph when a paragraph
    break lies between it and its cue (always true when none does)."""
    stop = text.find("\n", end)
    rest = text[end : len(text) if stop < 0 else stop]
    return "\n" not in text[cue_end:end] or not rest.strip(_CLOSERS)


def _sentence(doc: "Doc", i: int) -> tuple[int, int]:
    """Character range of the sentence holding token ``i``, found by walking to its
    boundaries (``Token.sent`` walks the whole document)."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def tagger_candidates(doc: "Doc", probs: PieceProbs, quotes: QuoteIndex, taken: set[int]) -> list[Candidate]:
    """Candidates the tagger proposes where no rule found one: each tagged cue whose words
    hold no rule candidate's cue token, with the tagged content run that touches it (at
    most two pieces away, the nearer side first) and the nearest tagged source in its
    sentence. "described the plan as reckless", ", warning of ...": cues no rule shape
    covers. The filter decides about them like about any other candidate (rule "tagger").
    As for the rules, a cue heading a condition ("if they refuse to answer") or a
    sentence-opening "That said," proposes nothing, nor does the writer's own voice ("One
    might assume that ...") or a content that is only a pronoun ("He was mentioned by the
    minister"); content in a later paragraph than its cue must run to the end of that
    paragraph, as what a colon sets off does (a quoted title opening the next paragraph
    after "wrote:" is not what was written).
    """
    text = doc.text  # spaCy joins it anew at each access
    contents = piece_runs(probs, "content")
    sources = piece_runs(probs, "source")
    out: list[Candidate] = []
    for i, j in piece_runs(probs, "cue"):
        a, b = run_chars(probs, (i, j))
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span) or any(t.i in taken for t in span) or hypothetical(span.root) \
                or discourse_marker(doc, span.root):
            continue
        near = [(min(abs(ci - j), abs(i - cj)), ci, cj) for ci, cj in contents if 0 <= ci - j <= 2 or 0 <= i - cj <= 2]
        if not near:
            continue
        _, ci, cj = min(near)
        content = run_chars(probs, (ci, cj))
        if content[0] > b and not _ends_paragraph(text, b, content[1]) or bare_pronoun(text, (content,)):
            continue
        tok = span.root
        verb = tok.head if tok.dep_ in ("aux", "auxpass") else tok  # "might" of "might assume"
        if writers_voice(doc, verb, subject_of(verb)):
            continue
        sent_start, sent_end = _sentence(doc, tok.i)
        in_sent = [(abs(si - i), si, sj) for si, sj in sources
                   if sent_start <= probs.offsets[si, 0] < sent_end and (sj <= ci or si >= cj)]
        source = (run_chars(probs, min(in_sent)[1:]),) if in_sent else None
        kind = "direct" if quotes.containing(content[0]) else "indirect"
        out.append(Candidate(tok.i, ((a, b),), (content,), source, kind, "tagger", tok.lemma_.lower()))
    return out
