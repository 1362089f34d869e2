"""Tone shifts, detected once and kept in the store (schema v3).

What counts as a shift listing, for every shell (CLI ``shifts``, the demo, web pages, REST,
``Corpus.shifts``):

- without a topic: shifts in a speaker's tone toward a *topic* (a lexicon topic or a named
  entity). Shifts of the *overall* tone are left out: the overall tone mixes every topic a
  speaker talks about, so it mostly echoes a topic shift listed already (in the sample
  corpus Elena Varga's overall tone turns with her sanctions shift);
- ``about="overall"`` (or ``"*"``): only overall-tone shifts;
- ``about=<topic>``: shifts toward that topic (resolved as :func:`lookup.resolve_topic` says);
- newest first, then by speaker and topic;
- statements are those worth tracking (:func:`tone.statements.worth_tracking`): shifts toward
  generic institutions ("Senate", "elections") are detected only when ``about`` names one, and
  a speaker's statements about themself never count; statements are placed by when they were
  said (``said_on``), not by publication.

When they are recomputed: the cache records the detection settings and the corpus version
(:meth:`Store.corpus_version`: the last document and correction written). A read finds the
cache current, or only some speakers pending (an ingest through :mod:`service.ingest` marks
the speakers its documents touch and refreshes just those), or else out of date, and then
detects every series once and stores the result. Nothing runs in the background.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..config import Settings
from ..errors import StoreError
from ..models import Shift, Statement
from ..store import Store
from ..tone.shifts import detect_shifts
from ..tone.statements import OVERALL, is_generic, read_records, select, statements_from_records, worth_tracking
from ..tone.targets import topic_of
from .lookup import find_speaker, resolve_topic
from .memo import remembered

# Bump when detection changes in a way that changes results for the same settings.
DETECTOR_VERSION = 4  # 2: statements worth tracking, placed by said_on; 3: weighted by p(neg) + p(pos);
# 4: a change must move the class shares (MIN_CLASS_CHANGE)


def settings_key(settings: Settings) -> str:
    """What the detection depends on besides the statements."""
    return json.dumps({"v": DETECTOR_VERSION, "min_statements": settings.min_statements,
                       "shift_penalty": settings.shift_penalty}, sort_keys=True)


def cache_key(store: Store, settings: Settings) -> str:
    """The key of a cache that is current for this store and these settings."""
    return f"{settings_key(settings)}@{store.corpus_version()}"


def _detect(store: Store, settings: Settings, speakers: Iterable[str] | None) -> list[Shift]:
    if speakers is None:
        return detect_shifts(worth_tracking(store.statements()), settings)
    found: list[Shift] = []
    for name in sorted(set(speakers)):
        found += detect_shifts(worth_tracking(store.statements(speaker=name)), settings) if store.speaker(name) else []
    return found


def refresh_shifts(store: Store, settings: Settings, speakers: Iterable[str] | None = None) -> list[Shift]:
    """Detect shifts again for ``speakers`` (canonical names; None: everyone) and store them.

    Returns:
        The shifts detected now (of those speakers).
    """
    names = None if speakers is None else sorted(set(speakers))
    found = _detect(store, settings, names)
    store.replace_shifts(found, cache_key(store, settings), names)
    return found


def mark_touched(store: Store, speakers: Iterable[str]) -> None:
    """Record that these speakers' statements changed (their shifts are recomputed on the next read)."""
    store.mark_shifts_pending(speakers)


def all_shifts(store: Store, settings: Settings, speaker: str | None = None) -> list[Shift]:
    """Every cached shift (of one canonical speaker), every target and the overall tone,
    brought up to date first (see the module docstring); decoded once per corpus version."""
    if not _up_to_date(store, settings):  # a read-only store with an old cache: detect, don't write
        return list(remembered(store, ("shifts detected", settings_key(settings), speaker),
                               lambda: tuple(_detect(store, settings, [speaker] if speaker else None)), rows=_rows))
    return list(remembered(store, ("shifts cached", settings_key(settings), speaker),
                           lambda: tuple(store.cached_shifts(speaker)), rows=_rows))


def _rows(shifts: Iterable[Shift]) -> int:
    """What keeping shifts costs: each, and the statements of its evidence."""
    return sum(1 + len(s.evidence_before) + len(s.evidence_after) for s in shifts)


def _up_to_date(store: Store, settings: Settings) -> bool:
    """Bring the cache up to date; False when it is out of date and the store is read-only."""
    key, pending = store.shift_state()
    current = cache_key(store, settings)
    try:
        if key is None or key.split("@")[0] != settings_key(settings) or (key != current and not pending):
            refresh_shifts(store, settings)
        elif pending:
            refresh_shifts(store, settings, pending)
    except StoreError as exc:
        if "read-only" not in str(exc):
            raise
        return False
    return True


def order(shifts: Iterable[Shift]) -> list[Shift]:
    """The one order of shift listings: newest first, then speaker and topic."""
    return sorted(sorted(shifts, key=lambda s: (s.speaker, s.target)), key=lambda s: s.date, reverse=True)


def shifts(store: Store, settings: Settings, speaker: str | None = None, about: str | None = None) -> list[Shift]:
    """The shift listing (see the module docstring for what it includes).

    Args:
        store: an open store.
        settings: ``min_statements`` and ``shift_penalty``.
        speaker: a speaker's name, alias or id (unknown: ``QueryError`` with suggestions).
        about: a topic, ``overall``, or None.

    Returns:
        The shifts, newest first.
    """
    name = find_speaker(store, speaker).name if speaker else None
    target = resolve_topic(store, about)
    # The listing of a corpus version is kept (service.memo): the home page and /shifts ask
    # for the same few thousand shifts on every request.
    return list(remembered(store, ("shift listing", settings_key(settings), name, target),
                           lambda: tuple(_listing(store, settings, name, target)), rows=_rows))


def _listing(store: Store, settings: Settings, name: str | None, target: str | None) -> list[Shift]:
    if is_generic(target):  # not in the cache: detected when asked for by name
        return order(detect_shifts(worth_tracking(store.statements(speaker=name, target=target), target), settings))
    return order(
        s for s in all_shifts(store, settings, name)
        if (s.target.lower() == target.lower() if target is not None else s.target != OVERALL)
    )


def shifts_in_records(path: str, settings: Settings, speaker: str | None = None,
                      about: str | None = None) -> list[Shift]:
    """The shift listing over ``saidwhat extract`` output instead of a store (same meaning)."""
    target = OVERALL if about and about.strip().lower() in ("*", "overall") else (topic_of(about) or about) if about else None
    statements = select(statements_from_records(read_records(path)), speaker, target)
    return order(s for s in detect_shifts(statements, settings) if target is not None or s.target != OVERALL)


def speaker_shifts(store: Store, settings: Settings, name: str) -> list[Shift]:
    """Every shift of one canonical speaker, overall tone included (their timeline charts)."""
    return order(all_shifts(store, settings, name))


def shift_record(shift: Shift, href: Callable[[Statement], str] | None = None) -> dict[str, Any]:
    """A shift as JSON-ready data: the one shape of CLI ``--format jsonl``, REST and downloads.

    Args:
        shift: the shift.
        href: where a statement is shown (the web app links evidence to its article).
    """

    def evidence(st: Statement) -> dict[str, Any]:
        item: dict[str, Any] = {
            "attribution_id": st.attribution_id, "doc_id": st.doc_id, "published": st.published,
            "said_on": st.when, "said_on_basis": st.said_on_basis or "published", "tone": st.tone, "polarity": st.polarity, "quote": st.quote, "outlet": st.outlet, "venue": st.venue,
        }
        if href is not None:
            item["url"] = href(st)
        return item

    return {
        "speaker": shift.speaker, "topic": shift.target, "date": shift.date,
        "direction": shift.direction, "before": shift.before, "after": shift.after,
        "confidence": shift.confidence, "n_before": shift.n_before, "n_after": shift.n_after,
        "evidence_before": [evidence(s) for s in shift.evidence_before],
        "evidence_after": [evidence(s) for s in shift.evidence_after],
    }


SHIFT_COLUMNS = ["speaker", "topic", "date", "direction", "before", "after", "confidence", "n_before", "n_after"]
