"""Corpus-wide alias merging: many observed names -> one canonical speaker each.

    Kerry, John Kerry, Secretary Kerry, Mr. Kerry, John F. Kerry -> John Kerry
    the State Department, State Department, U.S. State Department -> State Department
    IMF, International Monetary Fund                               -> International Monetary Fund

People are blocked by surname (the last name token, "Jr." kept apart), so the work is
linear in the number of distinct names: full names join when their first names agree
(nicknames folded: Bill = William); a bare surname ("Lind", "Minister Lind") joins the one
full name with that surname. When several share it (Bill / Hillary / Chelsea Clinton) it
joins the one the evidence singles out, in this order: gender (Mrs. Clinton), most shared
documents, the only one named within ``JOIN_DAYS`` days of it, the only one in the same
outlet, most shared role words, the one with two thirds of the full-name mentions; with none of these it stays
apart. ``explain_speaker`` gives the evidence for each join. Organisations are keyed by their normalised name; an
acronym joins the one full name it abbreviates. User corrections come last and win.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..models import CanonicalSpeaker, NameSummary, SpeakerObservation
from .corrections import Correction, apply_corrections
from .names import (
    Gender,
    acronym,
    display_name,
    first_name_gender,
    name_tokens,
    org_key,
    org_name,
    person_key,
)
from .summaries import summarise


@dataclass
class _Name:
    """Everything seen about one observed name string."""

    name: str
    types: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    count: int = 0


@dataclass
class _Cluster:
    key: str
    type: str | None
    names: list[_Name] = field(default_factory=list)
    gender: Gender | None = None
    name: str = ""
    why: dict[str, str] = field(default_factory=dict)  # alias -> why it joined
    loose_roles: set[str] = field(default_factory=set)  # aliases whose roles may be another person's

    def add(self, rec: _Name, why: str) -> None:
        self.names.append(rec)
        self.why.setdefault(rec.name, why)

    @property
    def count(self) -> int:
        return sum(n.count for n in self.names)

    def docs(self) -> set[str]:
        return set().union(*(n.docs for n in self.names)) if self.names else set()

    def role_words(self) -> set[str]:
        return {w.lower() for n in self.names for r in n.roles for w in r.split()}

    def dates(self) -> set[date]:
        return set().union(*(n.dates for n in self.names)) if self.names else set()

    def outlets(self) -> set[str]:
        return set().union(*(n.outlets for n in self.names)) if self.names else set()


def _collect(summaries: Iterable[NameSummary]) -> dict[str, _Name]:
    """Each name's record, in the order the names first appear."""
    return {
        s.name: _Name(s.name, Counter(dict(s.types)), Counter(dict(s.roles)), {d for d, _ in s.docs},
                      {date.fromisoformat(d) for d, _ in s.days}, {o for o, _ in s.outlets}, s.count)
        for s in sorted(summaries, key=lambda s: s.first)
    }


def _is_person(rec: _Name) -> bool:
    typed = [(n, t) for t, n in rec.types.items() if t != "?"]
    if typed:
        return max(typed)[1] == "PERSON"
    tokens, gender = name_tokens(rec.name)
    return bool(tokens) and (gender is not None or first_name_gender(tokens[0]) is not None)


def _surnames_of_full_names(people: list[_Name]) -> dict[str, set[tuple[str | None, str]]]:
    """Surname -> the (first name, suffix) pairs of the full personal names that carry it."""
    out: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    for rec in people:
        tokens, _ = name_tokens(rec.name)
        if len(tokens) >= 2:
            surname, first, suffix = person_key(tokens)
            if first is not None:
                out[surname].add((first, suffix))
    return out


def _mistyped_surnames(people: list[_Name], orgs: list[_Name]) -> list[_Name]:
    """One-word "organisations" that are the surname of exactly one person in the corpus.

    "Varga said ..." in an article that never writes her first name: the NER model calls
    the lone word an ORG, but "Elena Varga" is the only full name with that surname and no
    organisation of the corpus is called "Varga ..." (then "Kestrel" is Kestrel Energy).
    """
    surnames = _surnames_of_full_names(people)
    org_first_words = {
        org_name(r.name).split()[0].lower() for r in orgs if len(org_name(r.name).split()) > 1
    }
    moved: list[_Name] = []
    for rec in orgs:
        words = org_name(rec.name).split()
        if len(words) != 1 or words[0].isupper() or not words[0][:1].isupper():
            continue
        word = words[0].lower()
        if len(surnames.get(word, ())) == 1 and word not in org_first_words:
            moved.append(rec)
    return moved


def _merge_people(names: list[_Name]) -> list[_Cluster]:
    full: dict[tuple[str, str | None, str], _Cluster] = {}
    bare: list[tuple[_Name, str, Gender | None]] = []
    loose: list[_Cluster] = []
    for rec in names:
        tokens, gender = name_tokens(rec.name)
        if not tokens:
            loose.append(_Cluster(rec.name.lower(), "PERSON", [rec]))
            continue
        surname, first, suffix = person_key(tokens)
        if first is None:
            bare.append((rec, surname, gender))
            continue
        cluster = full.setdefault((surname, first, suffix), _Cluster(surname, "PERSON"))
        cluster.add(rec, f"same first name ({first}) and surname ({surname})")
        cluster.gender = cluster.gender or gender or first_name_gender(first)
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
    by_first: dict[str, list[_Cluster]] = defaultdict(list)
    for (surname, first, _), cluster in full.items():
        by_surname[surname].append(cluster)
        if first:
            by_first[first].append(cluster)
    alone: dict[str, _Cluster] = {}
    for rec, word, gender in bare:
        options = by_surname.get(word, [])
        why = f"surname alone ({word}): the only full name with it in the corpus"
        if not options and word in by_first:
            # "Hillary" alone: only when one person with that first name dominates.
            options = by_first[word]
            total = sum(c.count for c in options)
            top = max(options, key=lambda c: c.count)
            options = [top] if top.count * 3 >= total * 2 else []
            why = f"first name alone ({word}): this person has {top.count} of its {total} full-name mentions"
        chosen: _Cluster | None = options[0] if len(options) == 1 else None
        if len(options) > 1:
            chosen, evidence = _choose(options, rec, gender)
            why = f"surname alone ({word}): {len(options)} full names share it; {evidence}"
        if chosen is not None:
            chosen.add(rec, why)
            if len(options) > 1:
                # "Trump" may be Donald or Ivanka: its roles need not be the chosen one's.
                chosen.loose_roles.add(rec.name)
        else:
            alone.setdefault(word, _Cluster(word, "PERSON")).add(
                rec, why if len(options) > 1 else f"the same surname ({word}); no full name has it"
            )
    return list(full.values()) + list(alone.values()) + loose


JOIN_DAYS = 14  # a bare surname joins the only namesake named within this many days of it
DOMINANT = 2 / 3  # ... or the namesake with this share of the full-name mentions


def _choose(options: list[_Cluster], rec: _Name, gender: Gender | None) -> tuple[_Cluster | None, str]:
    """The namesake a bare surname means, with the evidence; ``(None, why)`` when nothing decides.

    In order: gender (Mrs. Clinton), most shared documents, the only one named within
    ``JOIN_DAYS`` days, the only one in the same outlet, most shared role words, a namesake
    with ``DOMINANT`` of the full-name mentions.
    """
    fitting = [c for c in options if not (gender and c.gender and c.gender != gender)]
    if len(fitting) == 1:
        return fitting[0], f"the only one of gender {gender}"
    options = fitting or options
    shared = sorted(((len(rec.docs & c.docs()), i) for i, c in enumerate(options)), reverse=True)
    if shared[0][0] > (shared[1][0] if len(shared) > 1 else 0):
        return options[shared[0][1]], f"shares {shared[0][0]} document(s) with it"
    near = [c for c in options if any(abs((a - b).days) <= JOIN_DAYS for a in rec.dates for b in c.dates())]
    if len(near) == 1:
        return near[0], f"the only one named within {JOIN_DAYS} days of it"
    same_outlet = [c for c in options if rec.outlets & c.outlets()]
    if len(same_outlet) == 1:
        outlet = sorted(rec.outlets & same_outlet[0].outlets())[0]
        return same_outlet[0], f"the only one in the same outlet ({outlet})"
    words = {w.lower() for r in rec.roles for w in r.split()}
    roles = sorted(((len(words & c.role_words()), i) for i, c in enumerate(options)), reverse=True)
    if roles[0][0] > roles[1][0]:
        return options[roles[0][1]], f"shares {roles[0][0]} role word(s) with it"
    total = sum(c.count for c in options)
    top = max(options, key=lambda c: c.count)
    if top.count >= DOMINANT * total:
        return top, f"named in {top.count} of their {total} full-name mentions"
    return None, f"neither documents, dates (±{JOIN_DAYS} days), outlet nor frequency single one out: no join"


# "Foreign Ministry (Veskara)": a described body keeps its country in its name and key.
BODY_WITH_COUNTRY = re.compile(r".+ \([A-Z][^()]*\)")


FOLLOWERS = frozenset({"campaign", "administration"})  # "<surname> campaign": one per person


def org_cluster_key(name: str) -> str:
    """The key organisations are grouped by: the normalised name, a described body's name
    with its country, and "<surname> campaign" for any campaign of that person."""
    key = name.lower() if BODY_WITH_COUNTRY.fullmatch(name) else org_key(name) or name.lower()
    words = key.split()
    # "Hillary Clinton campaign", "the Clinton campaign" -> one "Clinton campaign".
    if len(words) >= 2 and words[-1] in FOLLOWERS:
        key = f"{words[-2]} {words[-1]}"
    return key


def _merge_orgs(names: list[_Name], person_surnames: dict[str, str]) -> list[_Cluster]:
    clusters: dict[str, _Cluster] = {}
    for rec in names:
        key = org_cluster_key(rec.name)
        type_ = max(((n, t) for t, n in rec.types.items()), default=(0, "ORG"))[1]
        cluster = clusters.setdefault(key, _Cluster(key, None if type_ == "?" else type_))
        cluster.add(rec, f"same organisation name once normalised ({key})")
    # "IMF" -> "International Monetary Fund"; "Security Council" -> "United Nations
    # Security Council": only when exactly one longer name fits.
    for key in sorted(clusters, key=lambda k: len(k.split())):
        words = key.split()
        if words[-1] in FOLLOWERS:
            continue
        if len(words) == 1:
            targets = [
                c for k, c in clusters.items()
                if len(k.split()) > 1 and any(acronym(n.name).lower() == key for n in c.names)
            ]
        else:
            targets = [
                c for k, c in clusters.items()
                if len(k.split()) > len(words) and k.split()[-len(words):] == words
            ]
        how = "acronym of" if len(words) == 1 else "ending of the one longer name"
        if not targets and len(words) >= 2:
            targets, how = _org_heads_of(key, clusters)
        if len(targets) == 1:
            for rec in clusters.pop(key).names:
                targets[0].add(rec, f"{how} {max(targets[0].names, key=lambda n: n.count).name}")
    for cluster in clusters.values():
        words = cluster.key.split()
        if len(words) == 2 and words[1] in FOLLOWERS:
            cluster.name = f"{person_surnames.get(words[0], words[0].title())} {words[1]}"
    return list(clusters.values())


def _org_heads_of(key: str, clusters: dict[str, _Cluster]) -> tuple[list[_Cluster], str]:
    """The one organisation a shorter name stands for: "Civic Renewal party" -> "Civic Renewal",
    "National Bank" -> "National Bank of Veskara" (the longer name goes on with "of")."""
    words = key.split()
    if words[-1] == "party" and " ".join(words[:-1]) in clusters:
        return [clusters[" ".join(words[:-1])]], "the party's name plus 'party':"
    longer = [
        c for k, c in clusters.items()
        if len(k.split()) > len(words) + 1 and k.split()[: len(words) + 1] == [*words, "of"]
    ]
    return longer, "the start of the one longer name"


def _canonical_person(cluster: _Cluster) -> str:
    forms: Counter[str] = Counter()
    for rec in cluster.names:
        tokens, _ = name_tokens(rec.name)
        if len(tokens) >= 2:
            forms[display_name(tokens)] += rec.count
    if not forms:
        tokens, _ = name_tokens(cluster.names[0].name)
        return display_name(tokens) if tokens else cluster.names[0].name
    return max(forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _canonical_org(cluster: _Cluster) -> str:
    if cluster.name:
        return cluster.name
    forms: Counter[str] = Counter()
    for rec in cluster.names:
        forms[rec.name if BODY_WITH_COUNTRY.fullmatch(rec.name) else org_name(rec.name) or rec.name] += rec.count
    multi = {k: v for k, v in forms.items() if len(k.split()) > 1} or forms
    return max(multi.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _short_org_names(people: list[_Cluster], orgs: list[_Cluster]) -> list[_Cluster]:
    """Move a lone word the NER model called a person into the one organisation it starts.

    "Kestrel said" (tagged PERSON) beside "Kestrel Energy said": with no first name, no
    person of that surname and exactly one organisation named "Kestrel …", it is that
    organisation. "Clinton" stays a person: Hillary Clinton shares the surname.
    """
    full_surnames = {
        c.key for c in people if any(len(n.name.split()) > 1 for n in c.names)
    }
    kept: list[_Cluster] = []
    for c in people:
        words = {n.name.split()[0].lower() for n in c.names}
        lone = all(len(n.name.split()) == 1 for n in c.names) and len(words) == 1
        word = next(iter(words)) if lone else ""
        starts = [o for o in orgs if len(o.name.split()) > 1 and o.name.split()[0].lower() == word]
        if lone and c.key not in full_surnames and first_name_gender(word.title()) is None and len(starts) == 1:
            for rec in c.names:
                starts[0].add(rec, f"one word that starts the only organisation named {starts[0].name}")
            continue
        kept.append(c)
    return kept


def merge_aliases(
    observations: Iterable[SpeakerObservation],
    corrections: Sequence[Correction] = (),
) -> dict[str, CanonicalSpeaker]:
    """Group observed names into canonical speakers.

    Args:
        observations: every speaker name seen, with type, role, document and date.
        corrections: user merges and splits as ``(action, alias, canonical)`` in the order
            they were made (the store's list), applied by the one rule,
            ``corrections.apply_corrections``.

    Returns:
        Observed name -> its canonical speaker (every observed name and every corrected
        alias is a key).
    """
    mapping, _ = group_names(summarise(observations), corrections)
    return mapping


def merge_names(summaries: Iterable[NameSummary], corrections: Sequence[Correction] = ()) -> dict[str, CanonicalSpeaker]:
    """:func:`merge_aliases` over per-name summaries (``speakers.summaries``), as a store keeps them."""
    mapping, _ = group_names(summaries, corrections)
    return mapping


def group_aliases(
    observations: Iterable[SpeakerObservation],
    corrections: Sequence[Correction] = (),
) -> tuple[dict[str, CanonicalSpeaker], dict[str, str]]:
    """:func:`merge_aliases` plus why each observed name joined its canonical speaker.

    Args:
        observations: every speaker name seen, with type, role, document and date.
        corrections: user merges and splits, in the order they were made (as for
            :func:`merge_aliases`).

    Returns:
        ``(mapping, reasons)``: the mapping :func:`merge_aliases` returns, and observed
        name -> one line saying which rule (or correction) put it where it is.
    """
    return group_names(summarise(observations), corrections)


def group_names(
    summaries: Iterable[NameSummary], corrections: Sequence[Correction] = (),
) -> tuple[dict[str, CanonicalSpeaker], dict[str, str]]:
    """:func:`group_aliases` over per-name summaries (``speakers.summaries``)."""
    seen = _collect(summaries)
    people = [r for r in seen.values() if _is_person(r)]
    orgs = [r for r in seen.values() if not _is_person(r)]
    retyped = {r.name for r in _mistyped_surnames(people, orgs)}
    people += [r for r in orgs if r.name in retyped]
    orgs = [r for r in orgs if r.name not in retyped]
    person_clusters = _merge_people(people)
    for c in person_clusters:
        c.name = _canonical_person(c)
    surnames = {c.key: c.name.split()[-1] for c in person_clusters if c.name}
    org_clusters = _merge_orgs(orgs, surnames)
    for c in org_clusters:
        c.name = _canonical_org(c)
    person_clusters = _short_org_names(person_clusters, org_clusters)
    assignment: dict[str, str] = {}
    reasons: dict[str, str] = {}
    info: dict[str, tuple[str | None, Counter[str]]] = {}
    for c in person_clusters + org_clusters:
        for rec in c.names:
            assignment[rec.name] = c.name
            why = c.why.get(rec.name, "")
            if rec.name in retyped:
                why = f"typed ORG in its documents, but {why}"
            reasons[rec.name] = "canonical name" if rec.name == c.name else why
        roles = info.get(c.name, (c.type, Counter()))[1]
        for rec in c.names:
            if rec.name not in c.loose_roles:
                roles.update(rec.roles)  # only the person's own mentions give roles
        info[c.name] = (info.get(c.name, (c.type, roles))[0], roles)
    named = {alias for _, alias, _ in corrections}
    corrected = {k: v for k, v in apply_corrections(assignment, corrections).items() if k in assignment or k in named}
    for alias, target in corrected.items():
        if assignment.get(alias) != target:  # a corrected name keeps what is known of its speaker
            source = info.get(assignment.get(alias, alias)) or info.get(alias) or (None, Counter())
            info.setdefault(target, (source[0], Counter()))
            if target == alias:
                reasons[alias] = f"user correction: split from {assignment.get(alias)}"
            else:
                reasons[alias] = f"user correction: merged into {target}"
    assignment = corrected
    members: dict[str, list[str]] = defaultdict(list)
    for alias, canonical in assignment.items():
        members[canonical].append(alias)
    out: dict[str, CanonicalSpeaker] = {}
    for canonical, aliases in members.items():
        type_, roles = info.get(canonical, (None, Counter()))
        speaker = CanonicalSpeaker(
            name=canonical,
            type=type_,
            aliases=tuple(sorted(aliases)),
            roles=tuple(r for r, _ in roles.most_common(5)),
        )
        for alias in aliases:
            out[alias] = speaker
    return out, reasons


def explain_speaker(
    name: str,
    observations: Iterable[SpeakerObservation],
    corrections: Sequence[Correction] = (),
) -> tuple[str, list[tuple[str, str]]] | None:
    """Why each alias of a speaker joined it.

    Args:
        name: a canonical name or any alias of it (case-insensitive).
        observations, corrections: as for :func:`merge_aliases`.

    Returns:
        ``(canonical name, [(alias, reason), ...])`` with the aliases sorted, or None when
        no speaker has that name.
    """
    return explain_name(name, summarise(observations), corrections)


def explain_name(
    name: str, summaries: Iterable[NameSummary], corrections: Sequence[Correction] = (),
) -> tuple[str, list[tuple[str, str]]] | None:
    """:func:`explain_speaker` over per-name summaries (``speakers.summaries``)."""
    mapping, reasons = group_names(summaries, corrections)
    found = mapping.get(name) or next((s for a, s in mapping.items() if a.lower() == name.lower()), None)
    if found is None:
        return None
    return found.name, [(alias, reasons.get(alias, "canonical name")) for alias in found.aliases]
