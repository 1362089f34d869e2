"""Decoding the span tagger's per-piece probabilities into spans, and bounding contents with them.

The probabilities here are written by hand (what a tagger would say), so these tests pin
the decoding itself, independent of any trained model.
"""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.attribution import bound
from saidwhat.attribution.rules import Candidate
from saidwhat.attribution.spans import decode, extend_content, piece_runs, second_half
from saidwhat.attribution.tagger import (
    BREAK_ID, HEADS, PieceProbs, encode_text, owner_windows, tag_pieces, tokenizer_path, window_starts,
)
from saidwhat.tone.model import load_tokenizer


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    return load_tokenizer(tokenizer_path())


def tagged(tokenizer, text: str, marks: dict[str, list[str]]) -> PieceProbs:  # type: ignore[no-untyped-def]
    """Probabilities of 0.9 on the pieces inside each marked substring (0.9 "begin" on its
    first piece), 0.05 elsewhere."""
    ids, offsets = encode_text(tokenizer, text)
    offs = np.array(offsets)
    probs = np.full((len(ids), len(HEADS)), 0.05, dtype=np.float32)
    for head, phrases in marks.items():
        for phrase in phrases:
            a = text.index(phrase)
            b = a + len(phrase)
            hit = np.flatnonzero((offs[:, 1] > a) & (offs[:, 0] < b))
            probs[hit, HEADS.index(head)] = 0.9
            probs[hit[0], HEADS.index(head + "_begin")] = 0.9
    return PieceProbs(offs, probs)


def test_line_breaks_become_pieces(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Rain fell.\n\nThe mayor spoke."
    ids, offsets = encode_text(tokenizer, text)
    assert ids.count(BREAK_ID) == 1
    assert offsets[ids.index(BREAK_ID)] == (10, 11)


def test_discontinuous_content_decodes_to_two_spans(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge, Mayor Lina Okafor said, will reopen in spring."
    probs = tagged(tokenizer, text, {"content": ["The bridge", "will reopen in spring"],
                                     "source": ["Mayor Lina Okafor"], "cue": ["said"]})
    assert [text[a:b] for a, b in decode(probs, "content")] == ["The bridge", "will reopen in spring"]
    assert [text[a:b] for a, b in decode(probs, "source")] == ["Mayor Lina Okafor"]
    assert [text[a:b] for a, b in decode(probs, "cue")] == ["said"]


def test_a_begin_piece_splits_back_to_back_contents(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Taxes will rise prices will fall"
    probs = tagged(tokenizer, text, {"content": ["Taxes will rise", "prices will fall"]})
    assert [text[a:b] for a, b in decode(probs, "content")] == ["Taxes will rise", "prices will fall"]


def test_a_quote_across_paragraphs_stays_one_span(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = '"The ferry will run all winter.\n\n"Nobody will be stranded," the captain said.'
    end = text.index("stranded") + len("stranded")
    probs = tagged(tokenizer, text, {"content": [text[:end]], "source": ["the captain"], "cue": ["said"]})
    runs = piece_runs(probs, "content")
    assert len(runs) == 1
    assert decode(probs, "content") == [(0, end)]


def test_extend_stretches_a_short_content_to_the_tagged_run(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Ona Reyes said the plan was sound and that the money was there. Then she left."
    second = "and that the money was there"
    probs = tagged(tokenizer, text, {"content": ["the plan was sound " + second]})
    short = ((text.index("the plan"), text.index(" and that")),)
    runs = piece_runs(probs, "content")
    longer = extend_content(short, probs, runs, len(text))
    assert text[longer[0][0] : longer[0][1]] == "the plan was sound " + second
    assert extend_content(short, probs, runs, text.index("the money")) == short  # the run would cross the limit


def test_second_half_of_an_interrupted_statement(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The parts are not 'add-ons,' Rivka Sand said, but instead 'part of the design.'"
    first = "The parts are not 'add-ons"
    rest = "but instead 'part of the design"
    probs = tagged(tokenizer, text, {"content": [first, rest], "source": ["Rivka Sand"], "cue": ["said"]})
    content = ((0, len(first)),)
    after = text.index("said") + 4
    out = second_half(content, after, probs, piece_runs(probs, "content"), len(text))
    assert [text[a:b] for a, b in out] == [first, rest]


def test_bound_does_not_run_into_the_next_attribution(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Ida Berg said taxes would fall. Tom Ash said they would rise."
    probs = tagged(tokenizer, text, {"content": ["taxes would fall. Tom Ash said they would rise"]})

    def span(phrase: str) -> tuple[tuple[int, int], ...]:
        a = text.index(phrase)
        return ((a, a + len(phrase)),)

    first = Candidate(0, span("said"), span("taxes"), span("Ida Berg"), "indirect", "test", "say")
    second_cue = text.index("said", text.index("Tom"))
    nxt = Candidate(0, ((second_cue, second_cue + 4),), span("they would rise"), span("Tom Ash"), "indirect", "test", "say")
    (_, a), (_, b) = bound([(0.9, first), (0.9, nxt)], probs, text=text)
    assert a.content == first.content
    assert b.content == nxt.content


def test_extension_leaves_the_closing_quote_and_stop_outside(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = 'Ida Berg said: "Taxes will fall. Prices will too." Then she left.'
    probs = tagged(tokenizer, text, {"content": ['"Taxes will fall. Prices will too."']})
    short = ((text.index("Taxes"), text.index(" Prices")),)
    cand = Candidate(0, ((9, 13),), short, ((0, 8),), "direct", "test", "say")
    ((_, c),) = bound([(0.9, cand)], probs, text=text)
    assert [text[x:y] for x, y in c.content] == ["Taxes will fall. Prices will too"]


def test_windows_are_back_to_back_and_the_tail_keeps_its_central_window() -> None:
    n, width = 250, 100
    starts = window_starts(n, width)
    assert starts == [0, 100, 150]
    assert window_starts(80, width) == [0]
    seen: list[int] = []

    def run(ids: list[int]) -> np.ndarray:
        seen.append(len(ids))
        # a logit that tells which window produced it: the window's first id
        return np.full((len(ids), len(HEADS)), float(ids[0]) / 100, dtype=np.float32)

    ids = list(range(n))
    out = tag_pieces(ids, [(i, i + 1) for i in ids], width, run)
    window_of = {i: round(float(np.log(out.probs[i, 0] / (1 - out.probs[i, 0]))) * 100) for i in (0, 99, 120, 180, 249)}
    assert window_of == {0: 0, 99: 0, 120: 100, 180: 150, 249: 150}
    assert seen == [width] * 3
    assert list(owner_windows(n, width, starts)[[149, 150, 175, 176, 200]]) == [1, 1, 1, 2, 2]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from saidwhat.config import load_settings
    from saidwhat.nlp import load_nlp

    return load_nlp(load_settings(env={}).nlp_model)


def proposals(nlp, tokenizer, text: str, marks: dict[str, list[str]]) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """(cue, contents) of what the tagger proposes from ``marks`` on ``text``."""
    from saidwhat.attribution.quotes import find_quotes
    from saidwhat.attribution.rules import QuoteIndex
    from saidwhat.attribution.spans import tagger_candidates

    probs = tagged(tokenizer, text, marks)
    cands = tagger_candidates(nlp(text), probs, QuoteIndex(text, find_quotes(text)), set())
    return [(text[c.cue[0][0]:c.cue[0][1]], [text[a:b] for a, b in c.content]) for c in cands]


def test_a_quoted_title_below_a_colon_is_not_proposed(nlp, tokenizer) -> None:  # type: ignore[no-untyped-def]
    title = "The minister wrote:\n\n“Mapping the Dark” is her best book."
    assert proposals(nlp, tokenizer, title, {"cue": ["wrote"], "source": ["The minister"],
                                             "content": ["“Mapping the Dark”"]}) == []
    # the whole paragraph below the colon is what was written
    letter = "The minister wrote:\n\n“The harbour will stay open all winter.”"
    assert proposals(nlp, tokenizer, letter, {"cue": ["wrote"], "source": ["The minister"],
                                              "content": ["“The harbour will stay open all winter."]}) == [
        ("wrote", ["“The harbour will stay open all winter."])]


def test_a_cue_heading_a_condition_is_not_proposed(nlp, tokenizer) -> None:  # type: ignore[no-untyped-def]
    marks = {"cue": ["refuse"], "source": ["they"], "content": ["to answer"]}
    assert proposals(nlp, tokenizer, "And if they refuse to answer?", marks) == []
    assert proposals(nlp, tokenizer, "They refuse to answer.", {**marks, "source": ["They"]}) == [
        ("refuse", ["to answer"])]


def test_the_writers_own_voice_is_not_proposed(nlp, tokenizer) -> None:  # type: ignore[no-untyped-def]
    # "One might suppose": the column's voice, whichever of the verb's words the tagger marks
    text = "One might suppose that the ferry fares were settled before the vote."
    content = ["that the ferry fares were settled before the vote."]
    for cue in ("suppose", "might"):
        assert proposals(nlp, tokenizer, text, {"cue": [cue], "source": ["One"], "content": content}) == []
    assert proposals(nlp, tokenizer, "It cannot be doubted that the ferry fares went up.",
                     {"cue": ["doubted"], "content": ["that the ferry fares went up."]}) == []
    named = "Ines Laval might suppose that the ferry fares were settled before the vote."
    assert proposals(nlp, tokenizer, named, {"cue": ["suppose"], "source": ["Ines Laval"], "content": content}) == [
        ("suppose", content)]


def test_a_content_that_is_only_a_pronoun_is_not_proposed(nlp, tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "She was praised by the harbour board in its annual report."
    assert proposals(nlp, tokenizer, text, {"cue": ["was praised"], "source": ["the"], "content": ["She"]}) == []
    assert proposals(nlp, tokenizer, "The board praised her plan to cut fares.",
                     {"cue": ["praised"], "source": ["The board"], "content": ["her plan to cut fares"]}) == [
        ("praised", ["her plan to cut fares"])]
