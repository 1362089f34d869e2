"""A speaker's tone over time: mean tone per day, week or month, overall or toward one topic."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..errors import QueryError
from ..models import Statement
from ..store import Store
from ..tone.statements import OVERALL
from ..tone.timeline import TimelinePoint, timeline as tone_timeline
from .lookup import find_speaker, resolve_topic
from .memo import remembered

BUCKETS = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class Timeline:
    """One speaker's tone per time bucket toward one target (``"*"``: overall tone)."""

    speaker: str
    topic: str
    bucket: str
    points: tuple[TimelinePoint, ...]


def timeline(store: Store, settings: Settings, speaker: str, about: str | None = None,
             by: str | None = None) -> Timeline:
    """A speaker's mean tone per bucket, oldest first.

    Args:
        store: an open store.
        settings: ``timeline_bucket`` is the default bucket.
        speaker: name, alias or id (unknown: ``QueryError`` with suggestions).
        about: a topic; None or ``overall`` for the overall tone of each statement.
        by: ``day``, ``week`` or ``month``.

    Returns:
        The timeline.
    """
    bucket = by or settings.timeline_bucket
    if bucket not in BUCKETS:
        raise QueryError(f"Unknown time bucket {bucket!r}; use one of: {', '.join(BUCKETS)}.")
    sp = find_speaker(store, speaker)
    topic = resolve_topic(store, about) or OVERALL
    return Timeline(sp.name, topic, bucket, tuple(tone_timeline(speaker_statements(store, sp.name, topic), bucket)))


def speaker_statements(store: Store, name: str, target: str | None = None) -> tuple[Statement, ...]:
    """One canonical speaker's dated statements (``Store.statements``), read once per corpus
    version: a busy speaker's page, timeline and comparison chart read thousands of them.

    Args:
        store: an open store.
        name: the speaker's canonical name.
        target: a stored target name, ``"*"`` (the overall tone), or None for every target and
            the overall tone.
    """
    return remembered(store, ("statements", name, target),
                      lambda: tuple(store.statements(speaker=name, target=target)), rows=len)
