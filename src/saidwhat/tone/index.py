"""One parsed article's entities, sentences and phrases indexed by position.

Each attribution looks up the entities inside its content, the sentence around it and
the phrases around a keyword. Scanning every entity of the article for every attribution
costs time quadratic in the article's length (a 150,000-word transcript: hours); with the
starts sorted once, each lookup is a binary search plus what it finds.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..models import Entity, Parsed, Phrase, Range


@dataclass(frozen=True, slots=True)
class PositionIndex:
    """Build with :meth:`of`; lookups answer in the article's own order of items."""

    entities: tuple[Entity, ...]
    entity_order: tuple[int, ...]  # entity indices sorted by start
    entity_starts: tuple[int, ...]
    longest_entity: int
    sentences: tuple[Range, ...]
    sentence_starts: tuple[int, ...]
    phrases: tuple[Phrase, ...]  # sorted by word start
    phrase_starts: tuple[int, ...]
    longest_word: int

    @classmethod
    def of(cls, parsed: Parsed) -> "PositionIndex":
        """Index one parsed article (linear time after a sort)."""
        ents = parsed.entities
        order = tuple(sorted(range(len(ents)), key=lambda i: ents[i].start))
        sentences = tuple(sorted(parsed.sentences))
        phrases = tuple(sorted(parsed.phrases, key=lambda p: p.word_start))
        return cls(
            ents, order, tuple(ents[i].start for i in order), max((e.end - e.start for e in ents), default=0),
            sentences, tuple(s for s, _ in sentences),
            phrases, tuple(p.word_start for p in phrases),
            max((p.word_end - p.word_start for p in phrases), default=0),
        )

    def entities_within(self, lo: int, hi: int) -> list[Entity]:
        """Entities wholly inside ``[lo, hi)``, in the article's order."""
        a = bisect.bisect_left(self.entity_starts, lo)
        b = bisect.bisect_left(self.entity_starts, hi)
        found = sorted(i for i in self.entity_order[a:b] if self.entities[i].end <= hi)
        return [self.entities[i] for i in found]

    def sentence_extent(self, lo: int, hi: int) -> Range:
        """``(lo, hi)`` widened to the sentences holding its two ends."""
        i = bisect.bisect_right(self.sentence_starts, lo) - 1
        if i >= 0 and lo < self.sentences[i][1]:
            lo = self.sentences[i][0]
        j = bisect.bisect_left(self.sentence_starts, hi) - 1
        if j >= 0 and hi <= self.sentences[j][1]:
            hi = self.sentences[j][1]
        return lo, hi

    def phrases_touching(self, start: int, end: int) -> list[Phrase]:
        """Phrases whose noun overlaps ``[start, end)``."""
        a = bisect.bisect_left(self.phrase_starts, start - self.longest_word)
        b = bisect.bisect_left(self.phrase_starts, end)
        return [p for p in self.phrases[a:b] if start < p.word_end]
