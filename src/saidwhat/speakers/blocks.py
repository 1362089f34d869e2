"""Which observed names alias merging (``speakers.aliases``) may decide together.

A speaker refresh after an ingest merges again only the names whose outcome can change
(``saidwhat.service.speakers``). It finds them by keys kept per name in the store: each rule
of ``aliases`` that compares two names gives both of them a key, and the two keys are
*partners*. A name's neighbours are the names holding a partner of one of its keys.

Keys name the rule, not a word the names share. "Abbrook Council" and "Corbrook Council"
share the word "council" but no rule relates them, so they share no key; only a name that
one of them ends with ("S:" beside "s:"), starts ("H:" beside "h:"), abbreviates ("A:"
beside "a:") or whose surname it shares as a person would, is a neighbour. Rules that look
one way get a pair of keys, so the many full names with the first name "Ada" are not each
other's neighbours, only the bare "Ada" that the first-name rule joins to one of them is:

    o:K  organisations with the grouping key K (same speaker)        partner o:
    s:K  a multi-word key K; S:K  a longer key ending with K          partners
    h:K  every key K; H:K  "K party" and "K of ..."                   partners
    a:K  a one-word key K; A:K  a name whose initials are K           partners
    f:W  a one-word name W; F:W  a longer name starting with W        partners
    p:S|F|X  a full personal name (surname, first name, suffix)      partner p:
    N:S  a full name with surname S; n:S  a bare surname S            n: also n:
    G:F  a full name with first name F; g:F  a bare first name F      partners
    c:S  "<S> campaign" (named after the person with surname S)       N:, n:, l:
    l:T  a name with no personal-name tokens (text T)                 l:, c:

Lower-case keys are the *looking* ones: their holder decides by looking at the holders of
the partners (a bare surname at the full names, a shorter organisation at the longer ones),
or shares one group with them; a name merged again needs those holders beside it.

Every name gets the keys of both readings (person and organisation): which one applies
depends on the types it was observed with, which a later document may change.
"""

from __future__ import annotations

from collections.abc import Iterable

from .aliases import FOLLOWERS, org_cluster_key
from .names import acronym, name_tokens, org_name, person_key

_PARTNERS: dict[str, tuple[str, ...]] = {
    "o": ("o",), "s": ("S",), "S": ("s",), "h": ("H",), "H": ("h",), "a": ("A",), "A": ("a",),
    "f": ("F",), "F": ("f",), "p": ("p",), "N": ("n", "c"), "n": ("N", "n", "c"), "G": ("g",), "g": ("G",),
    "c": ("N", "n", "l"), "l": ("l", "c"),
}
# Keys whose holder decides by looking at the holders of the partner keys (a bare surname at
# the full names, a shorter organisation at the longer ones), and keys shared by one group.
_LOOKING = frozenset("o p l n g s h a f c".split())


def block_keys(name: str) -> set[str]:
    """The keys of ``name`` (see the module docstring)."""
    return _organisation_keys(name) | _person_keys(name)


def partner_keys(keys: Iterable[str]) -> set[str]:
    """The keys whose holders are neighbours of a name holding ``keys``."""
    return {other + key[1:] for key in keys for other in _PARTNERS[key[0]]}


def looking_keys(keys: Iterable[str]) -> set[str]:
    """The looking ones of ``keys`` (see the module docstring)."""
    return {key for key in keys if key[0] in _LOOKING}


def _organisation_keys(name: str) -> set[str]:
    key = org_cluster_key(name)
    words = key.split()
    keys = {"o:" + key, "h:" + key}
    if len(words) > 1:
        keys.add("s:" + key)
        keys |= {"S:" + " ".join(words[i:]) for i in range(1, len(words) - 1)}
        if words[-1] == "party":
            keys.add("H:" + " ".join(words[:-1]))
        keys |= {"H:" + " ".join(words[:i]) for i, w in enumerate(words) if w == "of" and i > 0}
        if words[-1] in FOLLOWERS:
            keys |= {"c:" + words[0], "F:" + words[0]}
    else:
        keys.add("a:" + key)
    letters = acronym(name).lower()
    if len(letters) > 1:
        keys.add("A:" + letters)
    for form in (org_name(name), name):
        first = form.split()
        if len(first) > 1:
            keys.add("F:" + first[0].lower())
        elif first:
            keys |= {"f:" + first[0].lower(), "n:" + first[0].lower()}
    return keys


def _person_keys(name: str) -> set[str]:
    tokens, _ = name_tokens(name)
    if not tokens:
        return {"l:" + name.lower()}
    surname, first, suffix = person_key(tokens)
    if first is None:
        return {"n:" + surname, "g:" + surname}
    return {f"p:{surname}|{first}|{suffix}", "N:" + surname, "G:" + first}
