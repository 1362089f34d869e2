"""Long texts: parsed in pieces cut at paragraph breaks, never skipped for their length."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.attribution.long_texts import split_text
from saidwhat.models import RawPage, Skipped
from saidwhat.pipeline import process_partition


def test_pieces_join_back_to_the_text_and_end_at_blank_lines() -> None:
    paragraphs = [f"Paragraph {i} says a little more than the one before it." for i in range(12)]
    text = "\n\n".join(paragraphs) + "\n"
    pieces = split_text(text, 130)
    assert "".join(pieces) == text
    assert [len(p) <= 130 for p in pieces] == [True] * len(pieces)
    assert [p.endswith("\n\n") for p in pieces[:-1]] == [True] * (len(pieces) - 1)
    assert pieces[0] == "\n\n".join(paragraphs[:2]) + "\n\n"


def test_a_paragraph_longer_than_a_piece_is_cut_after_a_sentence() -> None:
    text = "The mayor spoke first. " * 10 + "Then the council voted."
    pieces = split_text(text, 100)
    assert "".join(pieces) == text
    assert pieces[0] == "The mayor spoke first. " * 4


def test_short_texts_and_no_limit_stay_whole() -> None:
    assert split_text("One line.\n\nTwo lines.", 100) == ["One line.\n\nTwo lines."]
    assert split_text("x" * 500, 0) == ["x" * 500]
    assert split_text("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]


SPEAKERS = ["Ilse Darrow", "Ravi Ostend", "Peg Lindqvist", "Amos Kerrin"]


def _transcript(paragraphs: int) -> str:
    """An invented council transcript: one quote per paragraph, its speaker named."""
    out = ["Harbour inquiry: the full transcript"]
    for i in range(paragraphs):
        who = SPEAKERS[i % len(SPEAKERS)]
        out.append(f'"We will finish the pier on the {["north", "south", "east", "west"][i % 4]} side '
                   f'before the storms come back, item {chr(97 + i % 26)}{chr(97 + i // 26 % 26)}," {who} said. '
                   "Residents listened in silence and asked for the figures in writing.")
    return "\n\n".join(out) + "\n"


@pytest.mark.slow
def test_a_text_over_the_parsers_limit_is_processed_in_pieces(settings) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.nlp import load_nlp

    nlp = load_nlp(settings.nlp_model)
    text = _transcript(120)  # about 21,000 characters
    page = RawPage("inquiry", "inquiry.txt", text, "text")
    limit = nlp.max_length
    nlp.max_length = 10_000  # spaCy's limit, lowered so that a small text is over it
    try:
        whole = next(process_partition([page], replace(settings, parse_chunk_chars=0, site_profile=False)))
        pieces = next(process_partition([page], replace(settings, parse_chunk_chars=4_000, site_profile=False)))
    finally:
        nlp.max_length = limit
    assert isinstance(whole, Skipped) and "[E088]" in whole.reason
    assert not isinstance(pieces, Skipped)
    assert pieces.article.text == text[text.index('"We will'):].rstrip()
    quotes = [a for a in pieces.attributions if a.kind == "direct"]
    assert len(quotes) == 120
    assert [a.speaker for a in quotes[:4]] == SPEAKERS
    assert [a.speaker for a in quotes[-4:]] == SPEAKERS
    assert [pieces.article.text[s:e] for s, e in quotes[-1].content] == [
        "We will finish the pier on the west side before the storms come back, item pe,"
    ]


def test_batches_are_bounded_by_texts_and_by_characters() -> None:
    from saidwhat.attribution.long_texts import _batches, _pieces

    texts = ["a" * 30, "b" * 30, "c" * 30, "d" * 250, "e" * 10]
    batches = list(_batches(_pieces(texts, 100), 100, 2))
    assert [[(p[0][0], len(p[0]), p[1]) for p in b] for b in batches] == [
        [("a", 30, True), ("b", 30, True)],
        [("c", 30, True)],
        [("d", 100, False)],
        [("d", 100, False)],
        [("d", 50, True), ("e", 10, True)],
    ]
