"""Parse texts of any length: long ones in pieces cut at paragraph breaks, joined again.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) and its memory grows
with the text, so a book-length document (a 500,000-word transcript dump) is cut into
pieces of at most ``parse_chunk_chars`` characters, at a blank line where there is one,
else at a line break, else after a sentence end, else at a space. The pieces are parsed
in batches of at most that many characters (the parser's memory follows the characters of
a batch: 32 articles parsed at once took 450 MB more than one at a time) and joined with
``Doc.from_docs``; nothing is lost
or added, so the joined text is the input and every offset stays valid. A sentence never
spans a paragraph break here anyway (a line break ends a sentence, see ``nlp.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)]*\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose join is ``text``.

    Args:
        text: the whole text.
        limit: the longest piece; 0 (or a text that fits) gives the text whole.

    Returns:
        The pieces, each ending at the strongest break that fits (see the module docstring).
    """
    if limit <= 0 or len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            # Only a break in the window's second half: pieces stay near the limit.
            ends = [e for e in ends if e > limit // 2]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit  # one unbroken run of characters: cut it anywhere
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _pieces(texts: Iterable[str], limit: int) -> Iterator[tuple[str, bool]]:
    """Every text's pieces, each with whether it is its text's last."""
    for text in texts:
        parts = split_text(text, limit)
        for k, part in enumerate(parts):
            yield part, k == len(parts) - 1


def _batches(
    pieces: Iterable[tuple[str, bool]], limit: int, size: int
) -> Iterator[list[tuple[str, bool]]]:
    """Pieces in batches of at most ``size`` and (past the first) ``limit`` characters."""
    batch: list[tuple[str, bool]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= size or (limit and chars + len(piece[0]) > limit)):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield batch


def parse_texts(nlp: "Language", texts: Iterable[str], limit: int, batch_size: int) -> Iterator["Doc"]:
    """One parse per text, in order, in bounded memory.

    The parser's memory follows the characters of a batch, not the number of texts, so
    batches hold at most ``batch_size`` texts and ``limit`` characters, and a text over
    ``limit`` characters is parsed in pieces (:func:`split_text`) over several batches.

    Args:
        nlp: the spaCy pipeline.
        texts: the texts.
        limit: ``parse_chunk_chars`` (0: no character bound, and texts are never split).
        batch_size: the most texts (pieces) in one ``nlp.pipe`` batch.
    """
    from spacy.tokens import Doc

    parts: list[Doc] = []
    for batch in _batches(_pieces(texts, limit), limit, batch_size):
        for (_, last), doc in zip(batch, nlp.pipe([p for p, _ in batch], batch_size=len(batch))):
            parts.append(doc)
            if last:
                yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                parts = []
