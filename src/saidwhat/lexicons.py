"""The small word lists shipped under ``data/speakers/`` (first names, role words), read once.

Both the speakers stage (gender evidence for pronouns) and the cleaner (whether a byline or
a would-be outlet name opens with a person's first name) read them, so they live here,
outside either package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    """The lower-case entries of ``data/speakers/<name>``, comments (``#``) and blanks aside."""
    text = resources.files("saidwhat").joinpath("data", "speakers", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common first names of either gender (lower case)."""
    return lexicon("female_names.txt") | lexicon("male_names.txt")
