"""Quotation spans found on the raw text, independent of the parser.

News text mixes straight quotes (``"``), curly quotes (``“ ”``), guillemets (``« »``) and
the doubled apostrophes of some wire feeds (``''We finally may be seeing ...,'' he said``).
Marks are often unbalanced or mismatched (``“...“`` typed as an opener twice), so a mark
is classified by its context rather than by its glyph alone: a mark glued to the word on
its right opens, one glued to the word on its left closes; curly marks and guillemets
break ties.

Multi-paragraph quotes open every paragraph and close only the last one::

    “The first paragraph of the speech
    “and the second, which ends here,” she said.

A quote still open at the end of a paragraph continues when the next paragraph opens
with a mark, and is closed at the paragraph end otherwise (an unbalanced mark must not
swallow the rest of the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Two-character marks first so that '' is never read as two apostrophes.
_MARK = re.compile(r"''|``|[\"“”«»„]")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}
_PARA = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks; ``inner`` is the text between them.

    ``parts`` holds one inner range per paragraph for multi-paragraph quotes.
    """

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]

    @property
    def inner(self) -> tuple[int, int]:
        """From the first character after the opening mark to the last before the closing one."""
        return self.parts[0][0], self.parts[-1][1]


def _role(text: str, start: int, end: int, mark: str, is_open: bool) -> str:
    """``"open"``, ``"close"`` or ``"either"`` from the characters around a mark."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    glued_right = not after.isspace()
    glued_left = not before.isspace() and before not in "([{—–-"
    if mark in _OPENERS:
        if glued_right and not (glued_left and is_open):
            return "open"
        return "close" if is_open else "open"
    if mark in _CLOSERS and not (glued_right and not glued_left and not is_open):
        return "close"
    if glued_right and not glued_left:
        return "open"
    if glued_left and not glued_right:
        return "close"
    return "close" if is_open else "open"


def find_quotes(text: str) -> list[Quote]:
    """Every double-quotation span in ``text``, in order (single quotes are ignored).

    Args:
        text: the article text.

    Returns:
        Quotes with their mark-inclusive range and inner parts.
    """
    para_ends = [m.start() for m in _PARA.finditer(text)] + [len(text)]
    quotes: list[Quote] = []
    open_at: int | None = None  # offset of the current opening mark
    parts: list[tuple[int, int]] = []
    part_start = 0
    p = 0  # index into para_ends of the paragraph being scanned

    def close(end_inner: int, end: int) -> None:
        nonlocal open_at, parts
        assert open_at is not None
        parts.append((part_start, end_inner))
        if any(b > a for a, b in parts):
            quotes.append(Quote(open_at, end, tuple(parts)))
        open_at, parts = None, []

    for m in _MARK.finditer(text):
        s, e = m.span()
        while p < len(para_ends) - 1 and para_ends[p] <= s:
            # Crossing a paragraph break with a quote open: continue only when the new
            # paragraph starts with an opening mark (multi-paragraph quote).
            if open_at is not None:
                next_start = para_ends[p]
                while next_start < len(text) and text[next_start].isspace():
                    next_start += 1
                if next_start == s and _role(text, s, e, m.group(), False) == "open":
                    parts.append((part_start, para_ends[p]))
                    part_start = e
                    p += 1
                    break
                close(para_ends[p], para_ends[p])
            p += 1
        else:
            role = _role(text, s, e, m.group(), open_at is not None)
            if open_at is None:
                if role != "close":
                    open_at, parts, part_start = s, [], e
            elif role == "close" or m.group() in _CLOSERS:
                close(s, e)
            elif s > part_start:
                # An opener while open: the previous quote was never closed on this
                # side ("“Yes, “ he said“) - close it here and open a new one.
                close(s, s)
                open_at, parts, part_start = s, [], e
            continue
        # The mark opened a continuation paragraph (handled above).
    if open_at is not None:
        end = next((x for x in para_ends if x > part_start), len(text))
        close(end, end)
    return quotes
