"""Compare two speakers: who changed their tune first, and by how many days.

The meaning, for every shell (CLI ``compare``, the demo summary, the web compare page, REST
``/api/compare``, ``Corpus.compare``):

- the shifts that count are those of :func:`service.shifts.shifts` for each speaker and the
  same ``about``: with a topic, each speaker's shifts toward that topic; with ``overall``,
  their overall-tone shifts; without a topic, each speaker's shifts toward any topic;
- of one shift of each, pairs going the same direction are preferred, then the pair
  closest in time, then the more confident (:func:`saidwhat.tone.shifts.who_moved_first`);
  without a topic the two shifts may be on different topics (the sample corpus: Elena Varga
  warms to the sanctions 60 days before Tomas Reiner turns on the ceasefire);
- no shift for either speaker: neither moved first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from ..models import Shift, Statement
from ..store import Store
from ..tone.shifts import MovedFirst, who_moved_first
from ..tone.statements import OVERALL
from .lookup import find_speaker, resolve_topic
from .shifts import shifts
from .timeline import speaker_statements


@dataclass(frozen=True, slots=True)
class Comparison:
    """The answer to "who moved first?" for two speakers on one topic (or any topic).

    Attributes:
        a / b: the two speakers' canonical names, in the order asked.
        topic: the target compared on (``"*"``: overall tone; None: any topic).
        statements_a / statements_b: each speaker's dated statements on it.
        shifts_a / shifts_b: the shifts that count (newest first).
        moved: who moved first, or None when either has no shift.
    """

    a: str
    b: str
    topic: str | None
    statements_a: tuple[Statement, ...]
    statements_b: tuple[Statement, ...]
    shifts_a: tuple[Shift, ...]
    shifts_b: tuple[Shift, ...]
    moved: MovedFirst | None

    @property
    def topic_label(self) -> str:
        """How the topic reads in a sentence."""
        return "any topic" if self.topic is None else "overall tone" if self.topic == OVERALL else self.topic

    def summary(self) -> str:
        """The answer in one sentence (the same words in every shell)."""
        m = self.moved
        if m is None:
            return f"No shift on {self.topic_label} for at least one of them: neither moved first."
        if m.first is None:
            return (f"Both shifted on {m.first_shift.date} ({m.first_shift.target} {m.first_shift.direction}, "
                    f"{m.second_shift.target} {m.second_shift.direction}).")
        return (f"{m.first} moved first: {m.first_shift.direction} on {m.first_shift.target} on "
                f"{m.first_shift.date}, {m.days} days before {m.second} "
                f"({m.second_shift.direction} on {m.second_shift.target}, {m.second_shift.date}).")

    def to_dict(self) -> dict[str, object]:
        """The comparison as JSON-ready data (REST, ``--format jsonl``)."""
        m = self.moved
        return {
            "a": self.a, "b": self.b, "topic": self.topic,
            "statements_a": len(self.statements_a), "statements_b": len(self.statements_b),
            "shifts_a": len(self.shifts_a), "shifts_b": len(self.shifts_b),
            "first": None if m is None else m.first, "second": None if m is None else m.second,
            "days": None if m is None else m.days,
            "first_shift": None if m is None else _shift_brief(m.first_shift),
            "second_shift": None if m is None else _shift_brief(m.second_shift),
            "summary": self.summary(),
        }


def _shift_brief(s: Shift) -> dict[str, object]:
    return {"speaker": s.speaker, "topic": s.target, "date": s.date, "direction": s.direction,
            "before": s.before, "after": s.after, "confidence": s.confidence}


def _on_topic(statements: Iterable[Statement], topic: str | None) -> tuple[Statement, ...]:
    """The statements a comparison is about: toward ``topic`` (``*``: the overall tone), or
    toward any topic when it is None (the overall tone left out)."""
    if topic is None:
        return tuple(st for st in statements if st.target != OVERALL)
    wanted = topic.lower()
    return tuple(st for st in statements if st.target.lower() == wanted)


def compare(store: Store, settings: Settings, a: str, b: str, about: str | None = None) -> Comparison:
    """Which of two speakers changed their tone first (see the module docstring for the meaning).

    Args:
        store: an open store.
        settings: shift detection settings.
        a / b: speaker names, aliases or ids (unknown: ``QueryError`` with suggestions).
        about: a topic, ``overall``, or None for any topic.

    Returns:
        The comparison.
    """
    sa, sb = find_speaker(store, a), find_speaker(store, b)
    topic = resolve_topic(store, about)
    return _comparison(store, settings, sa.name, sb.name, about, topic,
                       speaker_statements(store, sa.name, topic), speaker_statements(store, sb.name, topic))


def compare_with_statements(
    store: Store, settings: Settings, a: str, b: str, about: str | None = None,
) -> tuple[Comparison, list[Statement], list[Statement]]:
    """:func:`compare`, and every dated statement of each speaker (all topics and the overall
    tone), each read once: what a page charting the comparison needs besides."""
    sa, sb = find_speaker(store, a), find_speaker(store, b)
    topic = resolve_topic(store, about)
    all_a, all_b = list(speaker_statements(store, sa.name)), list(speaker_statements(store, sb.name))
    return _comparison(store, settings, sa.name, sb.name, about, topic, all_a, all_b), all_a, all_b


def _comparison(
    store: Store, settings: Settings, a: str, b: str, about: str | None, topic: str | None,
    statements_a: Iterable[Statement], statements_b: Iterable[Statement],
) -> Comparison:
    shifts_a = tuple(shifts(store, settings, a, about))
    shifts_b = tuple(shifts(store, settings, b, about))
    return Comparison(
        a, b, topic, _on_topic(statements_a, topic), _on_topic(statements_b, topic),
        shifts_a, shifts_b, who_moved_first(shifts_a, shifts_b),
    )
