"""The frozen records a trail query returns, and their JSON form (``saidwhat trails --format jsonl``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .variants import Change


@dataclass(frozen=True, slots=True)
class Appearance:
    """One printing of a statement.

    Attributes:
        attribution_id: the attribution the words belong to (``saidwhat quotes`` id).
        doc_pk: the store's id of the document version (the article page's id).
        doc: the document id ``saidwhat extract`` prints.
        outlet, published: the document's outlet and publication date (ISO), if known.
        speaker: the canonical speaker of the attribution, if resolved.
        quote: the words as this outlet printed them.
        variant: ``verbatim``, ``trimmed``, ``extended``, ``altered`` or ``misattributed``
            (see :mod:`saidwhat.trails.variants`), judged against the first appearance.
        diff: the word-level differences from the first appearance (empty when the same).
    """

    attribution_id: int
    doc_pk: int
    doc: str
    outlet: str | None
    published: str | None
    speaker: str | None
    quote: str
    variant: str
    diff: tuple[Change, ...] = ()

    @property
    def negation(self) -> bool:
        """Whether a change adds or removes a negation."""
        return any(c.negation for c in self.diff)

    def to_record(self) -> dict[str, Any]:
        """The JSON form of one appearance (``diff`` is null when the words are the same)."""
        return {
            "doc": self.doc, "outlet": self.outlet, "published": self.published, "speaker": self.speaker,
            "attribution_id": self.attribution_id, "quote": self.quote, "variant": self.variant,
            "diff": [c.to_record() for c in self.diff] if self.diff else None,
        }


@dataclass(frozen=True, slots=True)
class Trail:
    """One statement and every printing of it, first appearance first.

    Attributes:
        id: the trail's id (stable while its copies stay together).
        text: the statement as first printed.
        speaker: the canonical speaker most of its printings name (ties: the first's).
        appearances: every printing, in order of publication (ties by outlet, then document).
    """

    id: int
    text: str
    speaker: str | None
    appearances: tuple[Appearance, ...]

    @property
    def first(self) -> Appearance:
        """The first appearance: the earliest publication, ties broken by outlet name."""
        return self.appearances[0]

    @property
    def outlets(self) -> tuple[str, ...]:
        """The distinct outlets that printed it, in order of first printing."""
        return tuple(dict.fromkeys(a.outlet for a in self.appearances if a.outlet))

    @property
    def variants(self) -> dict[str, int]:
        """How many printings carry each label."""
        counts: dict[str, int] = {}
        for a in self.appearances:
            counts[a.variant] = counts.get(a.variant, 0) + 1
        return counts

    def to_record(self) -> dict[str, Any]:
        """The JSON line of ``saidwhat trails --format jsonl`` and ``GET /api/trails``."""
        first = self.first
        return {
            "trail": self.id, "text": self.text, "speaker": self.speaker,
            "first": {"doc": first.doc, "outlet": first.outlet, "published": first.published},
            "appearances": [a.to_record() for a in self.appearances],
        }
