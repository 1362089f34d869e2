"""The words of a unit as hashed features for the line model (:mod:`.model`).

Shape features tell prose from menus; words tell a site's furniture from its article in a
way that carries across sites: "Share this article", "Related stories", "Sign up for our
newsletter", "© 2012 ... All rights reserved", "Comments (12)". Instead of a hand list, the
regression learns a weight per hashed word and word pair from 1,595 pages of hundreds of
sites. Only short units (where furniture lives) give all their words; a long unit gives its
first and last word and word pair ("Copyright 2012 ...", "... All rights reserved"), so prose
is still judged by its shape, in any language.

Words are lower-cased and their digits folded to 0 ("Comments (12)" and "Comments (3)" are
one feature); a token is hashed by CRC-32 into :data:`BUCKETS` buckets, the same in training
and at inference, without a vocabulary to store.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

from .units import WORD

BUCKETS = 1 << 16
# Units of at most this many words give all their words and word pairs.
SHORT_WORDS = 8
_DIGIT = re.compile(r"\d")


def unit_tokens(text: str) -> list[str]:
    """The tokens a unit's text gives: for a short unit its words ("u"), word pairs ("b")
    and first and last word ("^", "$"); for a longer one its first and last word and its
    first and last word pair ("<", ">")."""
    words = [_DIGIT.sub("0", w) for w in WORD.findall(text.lower())]
    if not words:
        return []
    edges = ["^" + words[0], "$" + words[-1]]
    if len(words) > SHORT_WORDS:
        return edges + ["<" + " ".join(words[:2]), ">" + " ".join(words[-2:])]
    return ["u" + w for w in words] + ["b" + a + " " + b for a, b in zip(words, words[1:])] + edges


# A site's menus and footers recur on each of its pages: worth caching, as describe.py does.
@lru_cache(maxsize=8192)
def unit_buckets(text: str) -> frozenset[int]:
    """The hash buckets of a unit's tokens (each counted once)."""
    return frozenset(zlib.crc32(t.encode("utf-8")) & (BUCKETS - 1) for t in unit_tokens(text))
