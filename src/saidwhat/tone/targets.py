"""What a statement is about: named entities inside its content, plus issue topics.

Topics come from a small packaged lexicon (``data/tone/topics.v1.txt``); entities come
from ``Parsed.entities`` (people, organisations, countries and groups) that fall inside
the attribution's content spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..models import Attribution, Parsed
from .index import PositionIndex

TOPIC_FILE = "data/tone/topics.v1.txt"
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
MAX_MENTIONS = 3  # mentions scored per target; their probabilities are averaged


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a target inside an attribution's content (offsets into ``Article.text``).

    ``marked`` is what the tone model is shown as the target: for a topic keyword, the noun
    phrase it belongs to ("this agreement on sanctions"); None: the mention itself.
    """

    name: str
    type: str
    start: int
    end: int
    marked: tuple[int, int] | None = None

    @property
    def mark(self) -> tuple[int, int]:
        return self.marked or (self.start, self.end)


def parse_topics(text: str, source: str = TOPIC_FILE) -> dict[str, re.Pattern[str]]:
    """Compile a topic lexicon: ``"topic: term, term*"`` lines into one regex per topic.

    Raises:
        ConfigError: a line has no ``:`` or no terms.
    """
    topics: dict[str, re.Pattern[str]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, rest = line.partition(":")
        terms = [t.strip() for t in rest.split(",") if t.strip()]
        if not sep or not name.strip() or not terms:
            raise ConfigError(
                f"{source} line {number} is not 'topic: term, term*': {raw!r}."
            )
        alternatives = []
        for term in terms:
            prefix = term.endswith("*")
            words = re.split(r"[\s-]+", term.rstrip("*").lower())
            body = r"[\s-]+".join(re.escape(w) for w in words)
            alternatives.append(body + (r"\w*" if prefix else ""))
        topics[name.strip().lower()] = re.compile(
            r"(?<!\w)(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!\w)",
            re.IGNORECASE,
        )
    return topics


@lru_cache(maxsize=4)
def load_topics(path: str | None = None) -> dict[str, re.Pattern[str]]:
    """The packaged topic lexicon (or the one at ``path``), compiled once."""
    if path:
        return parse_topics(Path(path).read_text("utf-8"), path)
    text = resources.files("saidwhat").joinpath(TOPIC_FILE).read_text("utf-8")
    return parse_topics(text)


def topic_of(term: str, topics: dict[str, re.Pattern[str]] | None = None) -> str | None:
    """The topic a user's word belongs to ("sanctioned" -> "sanctions"), or None."""
    topics = topics if topics is not None else load_topics()
    key = term.strip().lower()
    if key in topics:
        return key
    for name, pattern in topics.items():
        if pattern.fullmatch(term.strip()):
            return name
    return None


def clean_name(text: str) -> str:
    """Entity display name: drop a leading "the" and a possessive ("the Kremlin's" -> "Kremlin")."""
    name = re.sub(r"^(?:the|The)\s+", "", text.strip())
    name = re.sub(r"['’]s?$", "", name)
    return " ".join(name.split())


def _phrase(index: PositionIndex, start: int, end: int, within: tuple[int, int]) -> tuple[int, int] | None:
    """The widest parsed phrase around a keyword match ("trade deal" in "the new trade deal"
    covers two nouns of one phrase), kept inside its content range; None when there is none.

    Entity mentions are not widened: spaCy's entities already are the whole names, as
    NewsMTSC marks them.
    """
    around = index.phrases_touching(start, end)
    lo = max(min([start] + [p.start for p in around]), within[0])
    hi = min(max([end] + [p.end for p in around]), within[1])
    return (lo, hi) if (lo, hi) != (start, end) else None


def find_mentions(
    parsed: Parsed, att: Attribution, topics: dict[str, re.Pattern[str]] | None = None,
    index: PositionIndex | None = None,
) -> list[Mention]:
    """The entity and topic mentions inside one attribution's content, in text order.

    Only mentions wholly inside a content range count: in "Speaking in Brussels, Merkel
    said the sanctions against Russia hurt ...", the targets are the sanctions and Russia;
    Brussels (the venue) and Merkel (the speaker) are outside the content.

    Args:
        parsed: the article.
        att: one of its attributions.
        topics: the topic patterns (default: the packaged lexicon).
        index: ``PositionIndex.of(parsed)``, built once per article by the caller that
            looks up many attributions (built here otherwise).
    """
    topics = topics if topics is not None else load_topics()
    index = index or PositionIndex.of(parsed)
    text = parsed.article.text
    out: list[Mention] = []
    for start, end in att.content:
        for ent in index.entities_within(start, end):
            name = clean_name(ent.text) if ent.label in ENTITY_TYPES else ""
            if name:
                out.append(Mention(name, ent.label, ent.start, ent.end))
    for start, end in att.content:
        for name, pattern in topics.items():
            for m in pattern.finditer(text, start, end):
                marked = _phrase(index, m.start(), m.end(), (start, end))
                out.append(Mention(name, "TOPIC", m.start(), m.end(), marked))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def group_mentions(mentions: list[Mention]) -> dict[tuple[str, str], list[Mention]]:
    """Mentions grouped by target, keyed by (name, type); names compare case-insensitively."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    canonical: dict[str, tuple[str, str]] = {}
    for m in mentions:
        key = canonical.setdefault(m.name.lower(), (m.name, m.type))
        groups.setdefault(key, []).append(m)
    return groups
