"""Keeping trails up to date: group the quotes stored since the last update (run after ingest).

Each step takes the next chunk of attributions, stores their quoted segments with their
candidate keys (:mod:`.sketch`), looks up the trails that hold one of those keys, and
regroups the new segments together with every member of those trails
(:func:`.relate.cluster`): a new copy can join a trail, merge two, or show that a phrase
two trails share is a stock phrase and split it off. A trail is named by its smallest
segment id, so a rebuild from scratch names the same trails the same way.

Crash safety: the segments of a chunk are written first (a rerun finds and keeps them),
and the chunk counts as done only when its grouping commits with the progress mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from .relate import cluster
from .sketch import keys as candidate_keys
from .text import MIN_WORDS, Words, segments, words

CHUNK = 2000  # attributions per step
# A key shared by more trails (or, within one regrouping, more distinct texts) than this is
# a stock phrase or a chance collision, not a sign of one statement: it is not followed.
HOT_KEY = 200


class TrailIndex(Protocol):
    """What the trail builder needs from a store (``saidwhat.store.trail_sql.TrailSql``)."""

    def trail_progress(self) -> int: ...
    def trail_sources(self, after: int, limit: int) -> tuple[int, list[tuple[int, str, str]]]: ...
    def add_trail_segments(self, rows: Sequence[tuple[int, int, str, Sequence[int]]]) -> list[int]: ...
    def trail_postings(self, keys: Sequence[int], most: int) -> list[tuple[int, int]]: ...  # (key, trail)
    def trail_segments(
        self, segment_ids: Sequence[int] = (), trail_ids: Sequence[int] = (),
    ) -> list[tuple[int, str, int]]: ...
    def set_trail_ids(self, assign: Mapping[int, int], upto: int) -> None: ...
    def clear_trails(self) -> None: ...


def update_trails(
    store: TrailIndex, chunk: int = CHUNK, on_progress: Callable[[int], None] | None = None,
) -> int:
    """Group every quote stored since the last update into trails.

    Args:
        store: an open store.
        chunk: attributions per step (each step commits).
        on_progress: called after each step with the number of segments added so far.

    Returns:
        The number of quoted segments added.
    """
    added = 0
    after = store.trail_progress()
    while True:
        upto, sources = store.trail_sources(after, chunk)
        if upto == after:
            return added
        added += _step(store, sources, upto)
        after = upto
        if on_progress:
            on_progress(added)


def rebuild_trails(
    store: TrailIndex, chunk: int = CHUNK, on_progress: Callable[[int], None] | None = None,
) -> int:
    """Forget every trail and group all stored quotes again (after the matching changed).

    Returns:
        The number of quoted segments grouped.
    """
    store.clear_trails()
    return update_trails(store, chunk, on_progress)


def _step(store: TrailIndex, sources: Sequence[tuple[int, str, str]], upto: int) -> int:
    rows: list[tuple[int, int, str, Sequence[int]]] = []
    for attribution_id, kind, content in sources:
        for ordinal, text in enumerate(segments(kind, content)):
            rows.append((attribution_id, ordinal, text, candidate_keys(words(text))))
    ids = store.add_trail_segments(rows) if rows else []
    new = set(ids)
    found = {trail for _, trail in store.trail_postings([k for r in rows for k in r[3]], HOT_KEY)}
    members = store.trail_segments(trail_ids=sorted(found - new))
    texts = {sid: text for sid, text, _ in members}
    texts.update((sid, r[2]) for sid, r in zip(ids, rows))
    before = {sid: trail for sid, _, trail in members}
    assign = regroup({sid: words(text) for sid, text in texts.items()})
    changed = {sid: trail for sid, trail in assign.items() if before.get(sid, sid) != trail}
    store.set_trail_ids(changed, upto)
    return len(new)


def regroup(parsed: Mapping[int, Words]) -> dict[int, int]:
    """Group segments (by id) into trails: each id's trail, named by its smallest member.

    Copies with the same normalised words are grouped once (a remark printed by hundreds of
    outlets is one text to compare). Candidate pairs are the texts that share a key, except
    keys shared by more than :data:`HOT_KEY` texts.
    """
    same: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for sid in sorted(parsed):
        same[parsed[sid].norm].append(sid)
    holders: dict[int, list[int]] = defaultdict(list)
    for ids in same.values():
        for key in candidate_keys(parsed[ids[0]]):
            holders[key].append(ids[0])
    pairs = {
        (a, b) for group in holders.values() if 1 < len(group) <= HOT_KEY
        for i, a in enumerate(group) for b in group[i + 1:]
    }
    groups = cluster({ids[0]: norm for norm, ids in same.items()}, pairs, MIN_WORDS)
    return {sid: groups[ids[0]] for ids in same.values() for sid in ids}
