"""Step 1 of a page dump: split it into units (lines or hard-wrapped paragraphs).

A *unit* is what the line classifier keeps or drops as a whole. Flatteners such as
``lxml_blocks`` and ``inscriptis`` write one block per line with blank lines between, so a
unit is usually one line. Old wire dumps hard-wrap paragraphs at ~70 columns; those lines
are merged into one unit, joined by a space that no segment covers.

Every unit remembers the exact ``(start, end)`` pieces of the input it came from, so the
cleaned text maps back to the raw page character for character. What each unit looks like
is :mod:`.describe`'s step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")
_NEWLINE = re.compile(r"\r\n|\r|\n")
WORD = re.compile(r"\w+", re.UNICODE)
# inscriptis lays a page's layout table out as columns padded with spaces: "National
# <36 spaces> By Liza Kappelle and Nicolas Perpitch", "Kim Wendel <170 spaces> Most popular
# stories"; one such line held menu and article together. Prose has no five spaces in a
# row. 5-fold CV by site on cleaning-extra + AEB dev, inscriptis: AEB 0.939 -> 0.944, L3S
# 0.865 -> 0.875; lxml_blocks AEB 0.936 -> 0.938; Dragnet the same. Gaps of 3 or 10 spaces
# give the same within 0.001 (mean over sources); 5 leaves a typed double or triple space alone.
COLUMN_GAP = re.compile(r"[ \t\u00a0]{5,}")
TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
# A line this long is a layout table that the flattener ran into one line: menu, article and
# related links together (with inscriptis, 8 of cleaning-extra's 495 L3S pages came out with no
# body at all for that). Such a line is cut after each sentence end, so its pieces are classified one
# by one. Chosen by the cross-validation of `saidwhat train cleaning` on cleaning-extra + AEB
# dev (mean F1 over the six source/flattener pairs): no cut 0.9041; lines over 1,000
# characters 0.9036, 1,500 0.9053, 2,000 0.9056, 3,000 0.9065, 4,500 0.9054, 6,000 0.9055.
LONG_LINE = 3000
# A page whose units give no body at all is split again with lines over this many characters
# cut at sentence ends (``clean.find_body``): a layout table of 1,000-3,000 characters is
# otherwise one unit the line model must keep or drop whole. Only pages left with nothing are
# split this way, so no other page changes.
RETRY_LINE = 1000
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’»)\]]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class UnitRecurrence:
    """Cross-page evidence for the units of one page.

    Attributes:
        others: for each unit, on how many other (non-copy) pages of the site it occurs.
        site_pages: how many other (non-copy) pages of the site the profile holds; 0 means
            the page is alone and ``others`` says nothing.
    """

    others: tuple[int, ...]
    site_pages: int


@dataclass(frozen=True, slots=True)
class Unit:
    """One keep-or-drop unit of a text dump.

    Attributes:
        pieces: ``(start, end)`` ranges of the input, in order (one per physical line).
        text: the pieces joined by one space (what features and the output see).
        block: index of the blank-line separated block the unit belongs to.
    """

    pieces: tuple[tuple[int, int], ...]
    text: str
    block: int


def _is_wrapped(lines: list[str]) -> bool:
    """A block whose lines are a hard-wrapped paragraph (not a list of separate lines).

    Wire dumps wrap at a fixed width: "WASHINGTON (AP) — The Senate voted on Tuesday to" /
    "approve the measure, ...". Most lines but the last are long, of similar length, and
    do not end a sentence.
    """
    if len(lines) < 2:
        return False
    body = lines[:-1]
    lengths = [len(x) for x in body]
    if min(lengths) < 40 or max(lengths) > 140:
        return False
    if max(lengths) - min(lengths) > 0.35 * max(lengths):
        return False
    ends = sum(1 for x in body if TERMINAL.search(x))
    if ends > len(body) // 2:
        return False
    # Continuation lines often start mid-sentence in lower case ("tighten inspections of
    # cargo ..."); a headline followed by its first paragraph does not.
    joins = lines[1:]
    lower = sum(1 for x in joins if x[:1].islower() or x[:1].isdigit())
    return lower == 1 if len(lines) == 2 else lower / len(joins) >= 0.3


def _sentences_of_long(text: str, start: int, end: int, limit: int = LONG_LINE) -> list[tuple[int, int]]:
    """``(start, end)`` as it is, or cut after each sentence end when longer than ``limit``."""
    if end - start <= limit:
        return [(start, end)]
    out, cut = [], start
    for gap in _SENTENCE_GAP.finditer(text, start, end):
        out.append((cut, gap.start(1)))
        cut = gap.end(1)
    out.append((cut, end))
    return out


def split_units(text: str, long_line: int = LONG_LINE) -> list[Unit]:
    """Cut ``text`` into units with their exact input ranges.

    Args:
        text: the decoded page, unchanged (any newline convention).
        long_line: lines longer than this are cut after each sentence end.

    Returns:
        Units in reading order; whitespace-only lines are skipped.
    """
    raw_lines: list[tuple[int, int, int]] = []  # start, end, block
    block = 0
    prev_end = 0
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        seg = m.group()
        stripped = seg.strip()
        if not stripped:
            continue
        lead = len(seg) - len(seg.lstrip())
        s2, e2 = s + lead, s + lead + len(stripped)
        if raw_lines and len(_NEWLINE.findall(text, prev_end, s)) >= 2:
            block += 1
        # cells of one table row, set side by side by the flattener, are units of their own
        cut = s2
        for gap in COLUMN_GAP.finditer(text, s2, e2):
            raw_lines.extend((a, b, block) for a, b in _sentences_of_long(text, cut, gap.start(), long_line))
            cut = gap.end()
        raw_lines.extend((a, b, block) for a, b in _sentences_of_long(text, cut, e2, long_line))
        prev_end = e
    units: list[Unit] = []
    i = 0
    while i < len(raw_lines):
        j = i
        while j + 1 < len(raw_lines) and raw_lines[j + 1][2] == raw_lines[i][2]:
            j += 1
        group = raw_lines[i : j + 1]
        strings = [text[s:e] for s, e, _ in group]
        if _is_wrapped(strings):
            units.append(Unit(tuple((s, e) for s, e, _ in group), " ".join(strings), group[0][2]))
        else:
            for (s, e, b), string in zip(group, strings):
                units.append(Unit(((s, e),), string, b))
        i = j + 1
    return units


def has_long_piece(units: list[Unit], limit: int = RETRY_LINE) -> bool:
    """Whether some unit holds one input line longer than ``limit`` characters."""
    return any(e - s > limit for u in units for s, e in u.pieces)
