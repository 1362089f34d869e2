"""Names users type, resolved once for every shell: speakers and topics, with "did you mean".

A topic is what a statement is about: a topic of the lexicon ("sanctioned" -> "sanctions")
or an entity a quote names ("Kremlin"), spelled as the store has it. ``overall`` (or ``*``)
is the overall tone of each statement, whatever it is about.
"""

from __future__ import annotations

import difflib
import re

from ..errors import QueryError
from ..store import SpeakerRow, Store
from ..tone.statements import OVERALL
from ..tone.targets import topic_of

OVERALL_NAMES = ("*", "overall")
SUGGESTIONS = 3


def did_you_mean(word: str, candidates: list[str]) -> str:
    """`` — did you mean A, B or C?`` for the closest candidates, or ``.`` when none is close."""
    by_lower: dict[str, str] = {}
    for c in candidates:
        by_lower.setdefault(c.lower(), c)
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=SUGGESTIONS, cutoff=0.6)
    if not close:
        return "."
    names = [repr(by_lower[c]) for c in close]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" — did you mean {listed}?"


def find_speaker(store: Store, name: str) -> SpeakerRow:
    """The canonical speaker called ``name`` (id, canonical name or alias, any case).

    Raises:
        QueryError: no such speaker; the message suggests the closest names.
    """
    row = store.speaker(name)
    if row is not None:
        return row
    raise QueryError(f"No speaker named {name!r}{did_you_mean(name, speaker_names_like(store, name))} "
                     "List them with: saidwhat speakers")


def speaker_names_like(store: Store, name: str) -> list[str]:
    """Speakers and aliases sharing a word with ``name`` (else the most quoted): what to suggest."""
    candidates: list[str] = []
    for word in {w for w in re.findall(r"\w+", name) if len(w) >= 3} or {name}:
        for sp in store.speakers(limit=50, search=word):
            candidates += [sp.name, *sp.aliases]
    return candidates or [sp.name for sp in store.speakers(limit=500)]


def resolve_topic(store: Store, about: str | None) -> str | None:
    """The target name a user's topic means: None (no topic given), ``"*"`` (overall tone) or a
    target as stored ("Sanctioned" -> "sanctions").

    Raises:
        QueryError: no statement is about it; the message suggests the closest topics.
    """
    if about is None or not about.strip():
        return None
    text = about.strip()
    if text.lower() in OVERALL_NAMES:
        return OVERALL
    for candidate in (topic_of(text), text):
        if candidate and (stored := store.target_name(candidate)) is not None:
            return stored
    names = store.target_names()
    raise QueryError(
        f"No statement is about {text!r}{did_you_mean(text, names)} "
        "Topics are lexicon topics or names quoted speakers mention; 'overall' is the overall tone."
    )
