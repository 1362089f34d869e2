"""Quote trails: the same statement across outlets, who printed it first, every altered copy.

    update_trails(store)                    group the quotes stored since the last update
    rebuild_trails(store)                   forget the trails and group every quote again
    query(store, speaker_id=, variant=, since=, limit=)  -> [Trail], most outlets first
    get(store, trail_id)                    -> Trail | None

Modules: ``text`` (normalising words, which segments are tracked), ``sketch`` (MinHash/LSH
and clause keys for the candidate search), ``relate`` (same / part / near, grouping, stock
phrases kept apart), ``variants`` (labels and word-level diffs), ``build`` (incremental
update through the store), ``query`` and ``records`` (what readers get).
"""

from __future__ import annotations

from .build import rebuild_trails, update_trails
from .query import assemble, get, query
from .records import Appearance, Trail
from .variants import VARIANTS, Change

__all__ = ["VARIANTS", "Appearance", "Change", "Trail", "assemble", "get", "query", "rebuild_trails", "update_trails"]
