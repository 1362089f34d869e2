"""User corrections to speakers: the one rule, applied after automatic alias merging.

Only the last word on each (alias, canonical) pair is in force; those are replayed in the
order they were made:

- ``merge A C``: A joins C's speaker; when A is itself a canonical speaker, all of its
  aliases come along;
- ``split A C``: A leaves C's speaker and becomes a speaker of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

Correction = tuple[str, str, str]  # (action "merge" | "split", alias, canonical)


def in_force(corrections: Sequence[Correction]) -> list[Correction]:
    """The last correction of each (alias, canonical) pair, in the order those were made."""
    last: dict[tuple[str, str], tuple[int, str]] = {}
    for i, (action, alias, canonical) in enumerate(corrections):
        last[(alias, canonical)] = (i, action)
    ordered = sorted(last.items(), key=lambda item: item[1][0])
    return [(action, alias, canonical) for (alias, canonical), (_, action) in ordered]


def apply_corrections(canon: dict[str, str], corrections: Sequence[Correction]) -> dict[str, str]:
    """Enforce user corrections on a name -> canonical-name mapping, whatever the merger did.

    Args:
        canon: every observed name -> its canonical name (canonical names map to themselves).
        corrections: ``(action, alias, canonical)`` in the order they were made (every one:
            only those :func:`in_force` count).

    Returns:
        The corrected mapping; every corrected alias and canonical name is a key.
    """
    out = dict(canon)

    def root(name: str) -> str:
        seen: set[str] = set()
        while out.get(name, name) != name and name not in seen:
            seen.add(name)
            name = out[name]
        return name

    for action, alias, canonical in in_force(corrections):
        head = root(canonical)
        if action == "merge":
            if root(alias) == head:
                continue
            movers = [n for n in out if root(n) == alias] if root(alias) == alias else [alias]
            for name in movers or [alias]:
                out[name] = head
            out.setdefault(head, head)
        elif alias in out and alias != head and root(alias) == head:
            out[alias] = alias
    final = {name: root(name) for name in out}
    for name in set(final.values()):
        final.setdefault(name, name)
    return final
