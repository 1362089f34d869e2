"""In-document speaker resolution: every source span -> the person or organisation it names.

The input is what the attribution stage hands over (``Parsed``): the text, the source
ranges and the NER mentions. There is no parse tree here, on purpose: spaCy Docs do not
leave ``attribution/``, and resolution must stay cheap (<= 10% of extract's CPU time). So
the rules work on character offsets, the mention list and a few lexicons:

1. Referents: PERSON mentions are grouped by surname and first name ("John Kerry",
   "Kerry", "Mr. Kerry" -> one referent named by its fullest form); ORG/GPE mentions by
   their normalised name, acronym ("IMF") and last word ("The Post" -> "New York Post").
2. Evidence per referent: gender (honorifics, first names, gendered role nouns, the
   pronouns in sentences that mention only that referent), roles (titles before a name,
   appositions after it), party.
3. Each source, in text order: a pronoun goes to the most salient compatible referent
   before it; a name to its referent; a definite description ("the senator", "the
   daily") to the referent whose roles or name match it. Indefinite and unnamed sources
   ("a source", "analysts", "the poll") stay ``None``. Every resolved source becomes a
   mention too, so pronoun chains carry on ("Kerry said ... He added ... he said").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from ..models import Attribution, Entity, Parsed, SpeakerType
from .names import (
    DETERMINERS,
    Gender,
    acronym,
    display_name,
    female_names,
    first_name_gender,
    male_names,
    name_tokens,
    org_heads,
    org_key,
    org_name,
    person_key,
    role_words,
    strip_possessive,
)
from .roles import Party, apposition_role, party_of, prenominal_role

Number = Literal["sg", "pl"]

PERSONAL: dict[str, Gender] = {
    "he": "M", "him": "M", "his": "M", "himself": "M",
    "she": "F", "her": "F", "hers": "F", "herself": "F",
}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
NEUTER = {"it", "its", "itself"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "you", "your"}

# "a source", "another official", "many experts", "two Democratic speechwriters": an
# indefinite or quantified source introduces somebody new and unnamed.
INDEFINITE = {
    "a", "an", "another", "some", "one", "many", "several", "two", "three", "four", "five",
    "few", "most", "all", "both", "other", "others", "any", "each", "every", "no", "numerous",
    "multiple", "various", "certain", "such", "more", "fellow",
}
POSSESSIVE_DET = {"his": "M", "her": "F", "their": None, "its": None}
HONORIFIC_WORDS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "miss"}
# A name after these is a complement, not the speaker ("advisers to Mr. Obama").
COMPLEMENT = {
    "of", "for", "at", "in", "on", "with", "from", "by", "to", "about", "under", "over",
    "including", "like", "as", "among", "between",
}
PREPOSITIONS = {"of", "for", "at", "in", "on", "with", "from", "by", "to", "about", "under", "over"}
FEMALE_NOUNS = {
    "woman", "lady", "mother", "wife", "daughter", "sister", "congresswoman", "chairwoman",
    "spokeswoman", "actress", "businesswoman", "girl", "widow", "grandmother", "mom",
}
MALE_NOUNS = {
    "man", "businessman", "husband", "father", "son", "brother", "congressman", "chairman",
    "spokesman", "actor", "boy", "widower", "grandfather", "dad",
}
# Description heads that may fall back to the most salient person when no role in the
# article matches: "the Republican nominee" usually names the article's main candidate
# even when the article never spells the role out ("Donald Trump ... The GOP nominee
# argued ..."). Specific offices ("the governor") need a matching role instead.
SALIENT_HEADS = {
    "nominee", "candidate", "businessman", "billionaire", "mogul", "president", "senator",
    "lady", "rival", "challenger", "incumbent", "tycoon", "developer", "politician",
    "congressman", "congresswoman", "chairman", "chairwoman", "secretary",
}
# Nouns that make the name before them a modifier ("NBC News colleague Matt Lauer").
KIN_NOUNS = {
    "colleague", "campaign", "ally", "wife", "husband", "daughter", "son", "friend", "mother",
    "father", "brother", "sister", "rival", "opponent", "challenger", "partner",
}
OWNED_NOUNS = {
    "administration", "supporters", "aides", "team", "staff", "allies", "voters", "camp",
    "spokesman", "spokeswoman", "adviser", "advisers", "aide", "surrogate", "surrogates",
}
NEWS_WORDS = ("times", "post", "journal", "news", "herald", "tribune", "daily", "gazette")
QUOTE_PAIRS = {"“": "”", "‘": "’"}
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")
WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
PRONOUN_WORD = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")


@dataclass
class _Referent:
    """One person, organisation or group within one article (mutable while building)."""

    id: int
    type: SpeakerType
    name: str
    key: str = ""
    first: str | None = None
    suffix: str = ""
    gender: Gender | None = None
    party: Party | None = None
    roles: list[str] = field(default_factory=list)
    count: int = 0
    label: str = "PERSON"


@dataclass
class _Mention:
    start: int
    end: int
    ref: int
    subject: bool = False
    quoted: bool = False
    speaker: bool = False


@dataclass(frozen=True)
class _Answer:
    ref: int | None
    role: str | None = None
    name: str | None = None  # a derived name ("Clinton campaign") instead of the referent's
    type: SpeakerType | None = None


class _Document:
    """The referents and mentions of one article, and the rules that resolve its sources."""

    def __init__(self, parsed: Parsed) -> None:
        self.text = parsed.article.text
        self.sentences = _split_paragraphs(self.text, list(parsed.sentences) or _split_sentences(self.text))
        self.sent_starts = [s for s, _ in self.sentences]
        self.quotes = _quote_spans(self.text)
        self.quote_starts = [s for s, _ in self.quotes]
        self.refs: list[_Referent] = []
        self.mentions: list[_Mention] = []
        self._build(parsed.entities)

    # ----------------------------------------------------------------- positions
    def sentence(self, pos: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def sentence_index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)

    def quoted(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]

    # ----------------------------------------------------------------- referents
    def _build(self, entities: tuple[Entity, ...]) -> None:
        entities = tuple(f for f in (self._headline_fix(e) for e in entities) if f is not None)
        people = [e for e in entities if e.label == "PERSON"]
        people = self._missed_full_names(people)
        self._build_people(people)
        known = {r.key for r in self.refs} | {r.name.lower() for r in self.refs}
        others = [
            e for e in entities
            if e.label in {"ORG", "GPE", "NORP"} and strip_possessive(e.text).lower() not in known
        ]
        self._scan_surnames(entities)
        self._build_orgs(others)
        self.mentions.sort(key=lambda m: m.start)
        self._mark_subjects()
        self._infer_gender()
        self.refs_by_id = {r.id: r for r in self.refs}

    def _headline_fix(self, ent: Entity) -> Entity | None:
        # Headlines are Title Case, and the small NER model reads names into them ("Obama
        # Says", "Black Lawmakers Rip Donald Trump", "Gold Star Mom Corners Obama"): keep a
        # mention there only as far as the body repeats it ("Donald Trump").
        line_start = self.text.rfind("\n", 0, ent.start) + 1
        line_end = self.text.find("\n", ent.end)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        words = [w for w in WORD.findall(line) if len(w) > 3]
        if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
            return ent
        elsewhere = self.text[:line_start] + " " + self.text[line_start + len(line) :]
        tokens = ent.text.split()
        for i in range(len(tokens)):
            tail = " ".join(tokens[i:])
            if (i == 0 or ent.label == "PERSON") and re.search(r"\b" + re.escape(strip_possessive(tail)) + r"\b", elsewhere):
                if i == 0:
                    return ent
                start = ent.end - len(tail)
                return Entity(start, ent.end, tail, ent.label)
        return None

    def _missed_full_names(self, people: list[Entity]) -> list[Entity]:
        # "Mr. Obama ... 'Barack Obama has ...'": the small NER model misses full names in
        # quotes and lists, or tags "Amelize Joseph" as just "Joseph"; a known first name
        # right before a known surname is a full name.
        surnames = {strip_possessive(e.text).split()[-1] for e in people if e.text.split()}
        surnames = {w for w in surnames if len(w) >= 2 and w[0].isupper()}
        if not surnames:
            return people
        firsts = female_names() | male_names()
        pattern = re.compile(
            r"\b([A-Z][a-z]+) (" + "|".join(re.escape(w) for w in sorted(surnames)) + r")\b"
        )
        found: list[Entity] = []
        for match in pattern.finditer(self.text):
            if match.group(1).lower() in firsts:
                found.append(Entity(match.start(), match.end(), match.group(), "PERSON"))
        if not found:
            return people
        # A found full name replaces a short mention of its surname; longer ones stay.
        kept = [
            e for e in people
            if not any(f.start <= e.start and e.end <= f.end and len(e.text) < len(f.text) for f in found)
        ]
        added = [f for f in found if not any(e.start < f.end and f.start < e.end for e in kept)]
        return sorted(kept + added, key=lambda e: e.start)

    def _scan_surnames(self, entities: tuple[Entity, ...]) -> None:
        # The small NER model labels "McAuliffe" PERSON once and LOC or ORG later, or not at
        # all; every capitalised occurrence of a known person's surname is a mention of them.
        people = [r for r in self.refs if r.type == "PERSON"]
        known = {r.key for r in people} | {r.name.lower() for r in people}
        taken = sorted(
            [(m.start, m.end) for m in self.mentions]
            + [
                (e.start, e.end) for e in entities
                if e.label != "PERSON" and strip_possessive(e.text).lower() not in known
            ]
        )
        starts = [a for a, _ in taken]
        by_word: dict[str, list[_Referent]] = {}
        for ref in people:
            word = ref.name.split()[-1]
            if ref.suffix and len(ref.name.split()) > 2:
                word = ref.name.split()[-2]
            if len(word) >= 2 and word[0].isupper():
                by_word.setdefault(word, []).append(ref)
        if not by_word:
            return
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True)) + r")\b")
        last_seen: dict[int, int] = {}
        for m in self.mentions:
            last_seen[m.ref] = max(last_seen.get(m.ref, -1), m.start)
        for found in pattern.finditer(self.text):
            a, b = found.span()
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and taken[i][0] <= a < taken[i][1]:
                continue
            if i + 1 < len(taken) and taken[i + 1][0] < b:
                continue
            options = by_word[found.group(1)]
            before = HONORIFIC_BEFORE.search(self.text[max(0, a - 6) : a])
            gender: Gender | None = None
            if before:
                gender = "M" if before.group(1) == "Mr" else "F"
            seen_before = {r.id: last_seen[r.id] for r in options if last_seen.get(r.id, a) < a}
            ref = self._pick_namesake(options, gender, seen_before, a)
            if ref is None:
                continue
            last_seen[ref.id] = a
            ref.count += 1
            self.mentions.append(_Mention(a, b, ref.id, quoted=self.quoted(a)))

    def _new(self, type_: SpeakerType, name: str) -> _Referent:
        self._next_id = getattr(self, "_next_id", -1) + 1
        ref = _Referent(id=self._next_id, type=type_, name=name)
        self.refs.append(ref)
        return ref

    def _build_people(self, people: list[Entity]) -> None:
        parsed: list[tuple[Entity, list[str], Gender | None]] = []
        for ent in people:
            tokens, gender = name_tokens(ent.text)
            before = HONORIFIC_BEFORE.search(self.text[max(0, ent.start - 6) : ent.start])
            if before:
                gender = "M" if before.group(1) == "Mr" else "F"
            if tokens:
                parsed.append((ent, tokens, gender))
        # Full names first, so that "Kerry" can join "John Kerry" wherever it appears.
        full: dict[tuple[str, str | None, str], _Referent] = {}
        for _, tokens, _ in parsed:
            surname, first, suffix = person_key(tokens)
            if first is None:
                continue
            ref = full.get((surname, first, suffix))
            if ref is None:
                ref = self._new("PERSON", display_name(tokens))
                ref.key, ref.first, ref.suffix = surname, first, suffix
                full[(surname, first, suffix)] = ref
            elif len(display_name(tokens)) > len(ref.name):
                ref.name = display_name(tokens)
        # "Guajardo Villarreal" and "Suu Kyi" are the tail of the fuller "Ildefonso Guajardo
        # Villarreal" and "Aung San Suu Kyi": one person.
        for key, ref in list(full.items()):
            tail = ref.name.lower().split()
            longer = [
                r for k, r in full.items()
                if r is not ref and k[0] == key[0] and r.name.lower().split()[-len(tail):] == tail
                and len(r.name.split()) > len(tail)
            ]
            if len(longer) != 1:
                continue
            if first_name_gender(ref.name.split()[0]) is None:
                full[key] = longer[0]
                self.refs = [r for r in self.refs if r.id != ref.id]
            else:
                # "Crooked Hillary Clinton" (a nickname in a quote) is "Hillary Clinton".
                long_ref = longer[0]
                for k, r in list(full.items()):
                    if r is long_ref:
                        full[k] = ref
                self.refs = [r for r in self.refs if r.id != long_ref.id]
        by_surname: dict[str, list[_Referent]] = {}
        by_first: dict[str, list[_Referent]] = {}
        for ref in sorted({r.id: r for r in full.values()}.values(), key=lambda r: r.id):
            by_surname.setdefault(ref.key, []).append(ref)
            if ref.first:
                by_first.setdefault(ref.first, []).append(ref)
        single: dict[str, _Referent] = {}
        seen_at: dict[int, list[int]] = {}
        self._by_surname: dict[int, int] = {}
        self._introduced: dict[int, int] = {}
        assigned: dict[int, _Referent] = {}
        # Full names first, then surnames with an honorific ("Mr. Obama" cannot be Michelle
        # Obama), then bare surnames, which lean on what the first two passes settled.
        order = sorted(
            range(len(parsed)),
            key=lambda i: (person_key(parsed[i][1])[1] is None, parsed[i][2] is None, parsed[i][0].start),
        )
        for i in order:
            ent, tokens, gender = parsed[i]
            surname, first, suffix = person_key(tokens)
            if first is not None:
                ref = full[(surname, first, suffix)]
                self._introduced.setdefault(ref.id, ent.start)
            else:
                options = by_surname.get(surname) or by_first.get(surname) or []
                last_seen = {
                    rid: pos[bisect.bisect_left(pos, ent.start) - 1]
                    for rid, pos in seen_at.items() if bisect.bisect_left(pos, ent.start) > 0
                }
                ref = self._pick_namesake(options, gender, last_seen, ent.start) if options else None
                if ref is None:
                    ref = single.get(surname)
                    if ref is None:
                        ref = self._new("PERSON", " ".join(tokens))
                        ref.key = surname
                        single[surname] = ref
            if first is None and gender is not None:
                self._by_surname[ref.id] = self._by_surname.get(ref.id, 0) + 1
            bisect.insort(seen_at.setdefault(ref.id, []), ent.start)
            ref.count += 1
            if gender and ref.gender is None:
                ref.gender = gender
            assigned[i] = ref
        for i, (ent, _, _) in enumerate(parsed):
            ref = assigned[i]
            self._add_roles(ref, ent)
            self.mentions.append(_Mention(ent.start, ent.end, ref.id, quoted=self.quoted(ent.start)))

    def _pick_namesake(
        self, options: list[_Referent], gender: Gender | None, last_seen: dict[int, int], pos: int
    ) -> _Referent | None:
        # "Bill Clinton ... Hillary Clinton ... Mrs. Clinton said": the honorific picks
        # Hillary; otherwise the namesake named most recently, then the most frequent.
        if gender:
            fitting = [
                r for r in options
                if (r.gender or first_name_gender(r.first or "") or gender) == gender
            ]
            if not fitting:
                return None  # "Michelle Obama ... Mr. Obama": somebody else
            options = fitting
        if len(options) == 1:
            return options[0]
        # Otherwise the namesake the paper calls by surname: the one its "Mr."/"Mrs." surnames
        # went to ("Mr. Obama" x15 beside one "Michelle Obama"), else the one introduced
        # first: once "Ivanka Trump" appears, a bare "Trump" still means the candidate.
        return max(options, key=lambda r: (self._by_surname.get(r.id, 0), -self._introduced.get(r.id, 0)))

    def _add_roles(self, ref: _Referent, ent: Entity) -> None:
        start, end = self.sentence(ent.start)
        for role in (
            prenominal_role(self.text, ent.start, start),
            apposition_role(self.text, ent.end, max(end, ent.end)),
        ):
            if role and role not in ref.roles:
                ref.roles.append(role)
        after = self.text[ent.end : ent.end + 12]
        ref.party = ref.party or party_of(after if after.lstrip().startswith("(") else None, *ref.roles)

    def _build_orgs(self, entities: list[Entity]) -> None:
        by_key: dict[str, _Referent] = {}
        pending: list[tuple[Entity, str, str]] = []
        for ent in entities:
            name = org_name(ent.text)
            if not name or not name[0].isupper():
                continue
            if ent.label == "NORP" and not name.endswith("s"):
                continue  # "Republican nominee", "Russian President": a modifier, not a group
            key = org_key(name)
            if not key:
                continue
            pending.append((ent, name, key))
            ref = by_key.get(key)
            if ref is None:
                type_: SpeakerType = "GROUP" if ent.label == "NORP" else "ORG"
                ref = self._new(type_, name)
                ref.key, ref.label = key, ent.label
                by_key[key] = ref
        # "The Post" -> "New York Post", "IMF" -> "International Monetary Fund" (when unique).
        alias: dict[str, _Referent] = {}
        longer = [r for r in by_key.values() if len(r.key.split()) > 1]
        for ref in by_key.values():
            words = ref.key.split()
            if len(words) == 1:
                same = [r for r in longer if acronym(r.name).lower() == ref.key]
                if not same:
                    same = [r for r in longer if r.key.split()[-1] == ref.key and r.type == ref.type]
            else:
                # "the Security Council" after "The United Nations Security Council".
                same = [
                    r for r in longer
                    if len(r.key.split()) > len(words) and r.key.split()[-len(words):] == words
                ]
            if len(same) == 1:
                alias[ref.key] = same[0]
        for ent, _, key in pending:
            ref = alias.get(key, by_key[key])
            ref.count += 1
            self.mentions.append(_Mention(ent.start, ent.end, ref.id, quoted=self.quoted(ent.start)))
        merged = {r.id for k, r in by_key.items() if k in alias}
        self.refs = [r for r in self.refs if r.id not in merged]

    def _mark_subjects(self) -> None:
        # A sentence's subject is its first mention that is not a possessive ("Holt’s"),
        # not the object of a preposition ("in Chelsea") and not a modifier of the next name
        # ("NBC News colleague Matt Lauer", "Trump campaign spokesman Jason Miller").
        done: set[int] = set()
        for i, m in enumerate(self.mentions):
            idx = self.sentence_index(m.start)
            if idx in done or m.quoted:
                continue
            s, _ = self.sentences[idx] if self.sentences else (0, 0)
            after = self.text[m.end : m.end + 3]
            if after.startswith(("’s", "'s", "’ ", "' ")):
                continue
            before = self.text[max(s, m.start - 30) : m.start].lower().split()
            if before and (before[-1] in PREPOSITIONS or (len(before) > 1 and before[-1] in DETERMINERS and before[-2] in PREPOSITIONS)):
                continue
            follower = re.match(r"\s+([a-z]+)", self.text[m.end : m.end + 20])
            if follower and (follower.group(1) in KIN_NOUNS or follower.group(1) in OWNED_NOUNS):
                continue  # "the Clinton campaign took ...": the campaign is the subject
            if i + 1 < len(self.mentions):
                gap = self.text[m.end : self.mentions[i + 1].start]
                words = gap.split()
                if (
                    words and len(words) <= 3 and re.fullmatch(r"[\sa-z-]+", gap)
                    and (words[-1] in role_words() or words[-1] in KIN_NOUNS)
                ):
                    continue
            m.subject = True
            done.add(idx)

    def _infer_gender(self) -> None:
        refs = {r.id: r for r in self.refs}
        votes: dict[int, list[int]] = {}
        for ref in refs.values():
            if ref.type != "PERSON":
                continue
            if ref.gender is None and ref.first:
                ref.gender = first_name_gender(ref.first)
            if ref.gender is None:
                words = {w.lower() for role in ref.roles for w in role.split()}
                if words & FEMALE_NOUNS:
                    ref.gender = "F"
                elif words & MALE_NOUNS:
                    ref.gender = "M"
        # Pronoun evidence: in "Figueroa said Stein complied ... she said", nothing but the
        # pronouns after a sentence's only person tells us who is "she".
        by_sentence: dict[int, set[int]] = {}
        for m in self.mentions:
            if refs.get(m.ref) and refs[m.ref].type == "PERSON":
                by_sentence.setdefault(self.sentence_index(m.start), set()).add(m.ref)
        for idx, ids in by_sentence.items():
            if len(ids) != 1 or not self.sentences:
                continue
            (rid,) = ids
            start, end = self.sentences[idx]
            if idx + 1 < len(self.sentences) and idx + 1 not in by_sentence:
                end = self.sentences[idx + 1][1]
            first = min(m.start for m in self.mentions if m.ref == rid and start <= m.start < end)
            for word in PRONOUN_WORD.findall(self.text[first:end]):
                tally = votes.setdefault(rid, [0, 0])
                tally[0 if PERSONAL[word.lower()] == "M" else 1] += 1
        for rid, (male, female) in votes.items():
            ref = refs[rid]
            if ref.gender is None and male != female and max(male, female) >= 1:
                ref.gender = "M" if male > female else "F"

    # ----------------------------------------------------------------- resolution
    def add_speaker_mention(self, start: int, end: int, ref: int) -> None:
        i = bisect.bisect_left([m.start for m in self.mentions], start)
        self.mentions.insert(i, _Mention(start, end, ref, subject=True, speaker=True))

    def resolve_source(self, start: int, end: int, source_text: str) -> _Answer:
        text = source_text.strip()
        low = text.lower()
        if low in PERSONAL or low in PLURAL or low in NEUTER or low in RELATIVE:
            return self._pronoun(start, end, low)
        if low in FIRST_PERSON:
            return _Answer(None)
        if text.isupper() and text.isalpha() and len(text) > 2:
            # Transcripts: "WALLACE:", "PENCE:" name the speaker by surname in capitals.
            for ref in self.refs:
                if ref.type == "PERSON" and ref.key == low:
                    return _Answer(ref.id)
        inside = [m for m in self.mentions if start <= m.start and m.end <= end and not m.speaker]
        first = WORD.match(low)
        if first and first.group() in INDEFINITE:
            # "Many Democrats", "a Homeland Security Department official": nobody named,
            # unless an apposition names them ("one of the family's attorneys, Justin Bamberg").
            inside = [
                m for m in inside
                if self.refs_by_id[m.ref].type == "PERSON" and self.text[m.start - 2 : m.start] == ", "
            ]
            if not inside:
                return _Answer(None)
        if inside:
            answer = self._named(start, end, inside)
            if answer is not None:
                return answer
        answer = self._description(start, end, text)
        if answer.ref is None and answer.name is None:
            return self._bare_name(start, text)
        return answer

    def _bare_name(self, start: int, text: str) -> _Answer:
        # A source that is itself a proper name the NER model missed: "Christina Lastra"
        # (a known first name), "RT", "Zero Hedge". Common nouns at a sentence start
        # ("Protesters", "Authorities") are no names: they occur in lower case elsewhere.
        words = text.replace("\u00a0", " ").split()
        if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
            return _Answer(None)
        if self._headline_line(start) or words[0].lower() in DETERMINERS | INDEFINITE:
            return _Answer(None)
        name = " ".join(strip_possessive(w) for w in words)
        if len(words) >= 2 and first_name_gender(words[0]) is not None:
            return _Answer(None, name=name, type="PERSON")
        low = name.lower()
        if name.isupper() and len(name) >= 2 or re.search(r"\b" + re.escape(low) + r"\b", self.text) is None:
            if len(words) == 1 and low in role_words():
                return _Answer(None)
            return _Answer(None, name=name, type="ORG")
        return _Answer(None)

    def _headline_line(self, pos: int) -> bool:
        line_start = self.text.rfind("\n", 0, pos) + 1
        line_end = self.text.find("\n", pos)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        words = [w for w in WORD.findall(line) if len(w) > 3]
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)

    def _named(self, start: int, end: int, inside: list[_Mention]) -> _Answer | None:
        # "Phil Smith, a spokesman for the United Mine Workers of America," -> the name
        # before the apposition; "Hillary Clinton’s campaign manager Robby Mook" -> the last
        # name that is not a modifier; "A spokeswoman for Hillary Clinton", "Proponents,
        # including the United States Conference of Mayors," -> nobody named; "Mr. Grassley
        # and Mr. Leahy" -> more than one speaker, so nobody in particular.
        core_end = end
        relative = re.search(r",?\s+(?:who|which|whose)\b", self.text[start:end])
        if relative:
            core_end = start + relative.start()
        for m in inside:
            if self.refs_by_id[m.ref].type == "PERSON" and self.text[m.end : m.end + 2] == ", " and m.end < core_end:
                core_end = m.end
                break
        people = [m for m in inside if self.refs_by_id[m.ref].type == "PERSON"]
        if any(re.search(r"\b(?:and|&)\s+(?:(?:Mr|Mrs|Ms|Sen|Rep|Dr)\.\s+)?$", self.text[start : m.start]) for m in people[1:]):
            return _Answer(None)
        inside = [m for m in inside if m.end <= core_end]
        for i, m in enumerate(inside):
            before = [w for w in self.text[start : m.start].lower().split() if w not in HONORIFIC_WORDS]
            if before and (before[-1] in COMPLEMENT or (len(before) > 1 and before[-1] in DETERMINERS and before[-2] in COMPLEMENT)):
                continue
            nxt = inside[i + 1].start if i + 1 < len(inside) else core_end
            after = self.text[m.end : nxt].strip()
            if i + 1 < len(inside) and not after:
                continue  # "Charlotte Mayor Jennifer Roberts": the first name is a modifier
            after_words = after.lower().split()
            ref = self.refs_by_id[m.ref]
            if after_words and after_words[0].strip(",") in {"and", "&", "or"}:
                return _Answer(None)
            if i + 1 == len(inside) and re.fullmatch(r"(?:’s |'s )?(?:presidential )?(campaign|administration)(?:’s|'s)?", after):
                return self._owned(ref, re.sub(r"^.*?(campaign|administration).*$", r"\1", after))
            if after in {"’s", "'s", "’", "'"}:
                after = ""  # "Trump’s" as a source ("Trump’s claim"): the owner speaks
            if not after or after[0] in ",(" or after_words[0] in PREPOSITIONS | {"who", "which", "that"}:
                role = prenominal_role(self.text, m.start, start) if m.start > start else None
                if role is None and ref.type == "PERSON" and core_end < end:
                    role = apposition_role(self.text, m.end, end + 1)
                return _Answer(ref.id, role=role)
        return None

    def _owned(self, ref: _Referent, what: str) -> _Answer:
        what = what.split("’")[0].split("'")[0]
        if ref.type != "PERSON":
            return _Answer(None, name=f"{ref.name} {what}", type="ORG")
        surname = ref.name.split()[-1]
        return _Answer(None, name=f"{surname} {what}", type="ORG")

    def _pronoun(self, start: int, end: int, word: str) -> _Answer:
        if word in RELATIVE:
            return self._relative(start, word)
        sent = self.sentence_index(start)
        window_start = self.sentences[max(sent - 4, 0)][0] if self.sentences else 0
        if word in PERSONAL:
            gender = PERSONAL[word]
            best = self._salient(start, window_start, {"PERSON"}, gender)
            if best is None:
                best = self._salient(start, 0, {"PERSON"}, gender, strict=True)
            return _Answer(best)
        # "they" is a group or an organisation that acts as one ("Republicans ... they
        # only learned on Friday"), never a country; "it" may be either.
        near = self.sentences[max(sent - 1, 0)][0] if self.sentences else 0
        if word in PLURAL:
            return _Answer(
                self._salient(start, near, {"ORG", "GROUP"}, None, need_subject=True, labels={"ORG", "NORP"})
            )
        return _Answer(self._salient(start, near, {"ORG"}, None, need_subject=True))

    def _salient(
        self,
        pos: int,
        window_start: int,
        types: set[str],
        gender: Gender | None,
        strict: bool = False,
        need_subject: bool = False,
        labels: set[str] | None = None,
    ) -> int | None:
        pron_quoted = self.quoted(pos)
        psent = self.sentence_index(pos)
        best: tuple[float, int] | None = None
        for m in self.mentions:
            if m.start >= pos:
                break
            if m.end <= window_start:
                continue
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type not in types or (labels and ref.label not in labels):
                continue
            if gender and ref.gender and ref.gender != gender:
                continue
            if strict and gender and ref.gender != gender:
                continue
            if need_subject and not (m.subject or m.speaker):
                continue
            # Sentences back, not characters: a subject two sentences back beats a name in
            # the quote right before "he said" ("“... ,” he said" after "Schiff called ...").
            score = -float(psent - self.sentence_index(m.start)) - (pos - m.end) / 5000.0
            score += 1.0 if m.speaker else 0.0
            score += 1.5 if m.subject else 0.0
            if m.quoted and not pron_quoted:
                score -= 3.0
            if gender and ref.gender is None:
                score -= 1.0
            if best is None or score >= best[0]:
                best = (score, ref.id)
        return best[1] if best else None

    def _relative(self, start: int, word: str) -> _Answer:
        # "Ted Cruz endorses Trump, who says he is honored": the relative pronoun takes the
        # name right before it, also across an apposition ("John Bentel, a tech staffer at
        # the State Department who told ..."). "some who saw", "Tyresha McClenney and Bryan
        # Anderson, who saw": nobody, or more than one person.
        s, _ = self.sentence(start)
        wanted = {"PERSON"} if word in {"who", "whom", "whose"} else {"ORG"}
        prior = [m for m in self.mentions if s <= m.start and m.end <= start and not m.speaker]
        for n, m in enumerate(reversed(prior)):
            ref = self.refs_by_id.get(m.ref)
            if ref is None:
                continue
            gap = self.text[m.end : start]
            conjoined = re.search(r"[^;]\s(?:and|or|&)\s+$", self.text[max(s, m.start - 7) : m.start])
            if gap.strip(" ,") == "":
                if conjoined:
                    return _Answer(None)
                if ref.type in wanted or word == "that":
                    return _Answer(ref.id)
                if word in {"who", "whom", "whose"} and ref.type != "PERSON":
                    continue  # "a tech staffer at the State Department who": look further back
                return _Answer(None)
            if re.fullmatch(r"\s+[a-z][a-z\s-]*", gap) and len(gap.split()) <= 5:
                continue  # "a Clinton campaign staffer-turned-legal assistant who": a modifier
            if (
                ref.type in wanted
                and re.match(r", (?:a|an|the)\s", gap)
                and " and " not in gap
                and len(gap) < 100
                and not conjoined
            ):
                return _Answer(ref.id)
            return _Answer(None)
        return _Answer(None)

    def _description(self, start: int, end: int, text: str) -> _Answer:
        words = [strip_possessive(w).lower() for w in WORD.findall(text.split(",")[0])]
        if not words:
            return _Answer(None)
        det = words[0]
        if det in INDEFINITE or det[0].isdigit():
            return _Answer(None)
        if det in POSSESSIVE_DET:
            rest = words[1:]
            if rest and rest[-1] in {"campaign", "administration"} and len(rest) <= 2:
                owner = self._pronoun(start, start + len(det), det).ref
                if owner is not None:
                    return self._owned(self.refs_by_id[owner], rest[-1])
            return _Answer(None)
        if det not in {"the", "this", "that"}:
            return _Answer(None)
        content: list[str] = []
        for w in words[1:]:
            if w in PREPOSITIONS or w in {"who", "which", "that"}:
                break
            content.append(w)
        if not content:
            return _Answer(None)
        head = content[-1]
        raw_words = text.split(",")[0].split()[1:]
        capitals = [strip_possessive(w) for w in raw_words if w[:1].isupper()]
        if head in {"campaign", "administration"} and capitals:
            for ref in self.refs:
                if ref.type == "PERSON" and ref.name.split()[-1] in capitals:
                    return self._owned(ref, head)
        if head in org_heads() and not (set(content) & (FEMALE_NOUNS | MALE_NOUNS)):
            return _Answer(self._org_by_head(start, head, content))
        if head in role_words() or head in SALIENT_HEADS or head in FEMALE_NOUNS | MALE_NOUNS or "and" in content:
            return _Answer(self._person_by_role(start, words[1:], content))
        return _Answer(None)

    def _org_by_head(self, pos: int, head: str, content: list[str]) -> int | None:
        hints = org_heads()[head]
        best: tuple[int, int] | None = None
        for m in self.mentions:
            if m.start >= pos:
                break
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type != "ORG":
                continue
            name = ref.name.lower()
            words = set(name.replace(".", "").split())
            if any(h in words or (" " in h and h in name) for h in hints) or (
                head in {"daily", "paper", "newspaper"} and any(n in words for n in NEWS_WORDS)
            ):
                modifiers = [c for c in content[:-1] if c not in {"former", "new"}]
                if all(c in name for c in modifiers):
                    best = (m.start, ref.id)
        return best[1] if best else None

    def _person_by_role(self, pos: int, words: list[str], content: list[str]) -> int | None:
        gender: Gender | None = None
        if set(words) & FEMALE_NOUNS:
            gender = "F"
        elif set(words) & MALE_NOUNS:
            gender = "M"
        party = party_of(" ".join(words))
        wanted = [w for w in content if w not in {"former", "and", "current", "then"}]
        scored: list[tuple[int, int, int]] = []
        last: dict[int, int] = {}
        for m in self.mentions:
            if m.start >= pos:
                break
            last[m.ref] = m.start
        for rid, at in last.items():
            ref = self.refs_by_id.get(rid)
            if ref is None or ref.type != "PERSON":
                continue
            if gender and ref.gender and ref.gender != gender:
                continue
            if party and ref.party and ref.party != party:
                continue
            role_text = " ".join(ref.roles).lower()
            role_set = set(WORD.findall(role_text))
            role_set |= {w.rstrip(".") for w in role_set}
            if wanted and all(w in role_set for w in wanted):
                scored.append((2, at, rid))
            elif content[-1] in role_set:
                scored.append((1, at, rid))
        if scored:
            return max(scored)[2]
        if not (set(content) & SALIENT_HEADS) and not (set(content) & (FEMALE_NOUNS & {"lady"})):
            return None
        # No role matches: the article's main person so far ("Donald Trump ... The GOP
        # presidential nominee argued ..."): most mentions, recent ones counting double.
        sent = self.sentence_index(pos)
        weight: dict[int, float] = {}
        for m in self.mentions:
            if m.start >= pos:
                break
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type != "PERSON":
                continue
            if (gender and ref.gender and ref.gender != gender) or (party and ref.party and ref.party != party):
                continue
            recent = sent - self.sentence_index(m.start) <= 3
            weight[m.ref] = weight.get(m.ref, 0.0) + (2.0 if recent else 1.0)
        if not weight:
            return None
        return max(weight.items(), key=lambda kv: kv[1])[0]

    def answer_fields(self, answer: _Answer) -> tuple[str | None, SpeakerType | None, str | None]:
        if answer.ref is None:
            return answer.name, answer.type if answer.name else None, answer.role
        ref = self.refs_by_id[answer.ref]
        role = answer.role or (ref.roles[0] if ref.roles else None)
        return ref.name, ref.type, role


def _split_sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_BREAK.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _split_paragraphs(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences never cross a line break (the parser's sometimes run across paragraphs)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(sentences):
        cut = start
        for m in re.finditer(r"\n+", text[start:end]):
            piece_end = start + m.start()
            if piece_end > cut and text[cut:piece_end].strip():
                out.append((cut, piece_end))
            cut = start + m.end()
        if end > cut and text[cut:end].strip():
            out.append((cut, end))
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (curly pairs; straight quotes paired within a paragraph)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch == "“":
            open_at = i
        elif ch == "”" and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i + 1))
                straight = None
        elif ch == "\n":
            straight = None
            if open_at is not None and text.startswith("\n\n", i):
                open_at = None
    spans.sort()
    return spans


def resolve(parsed: Parsed) -> Parsed:
    """Resolve sources within one document (pronouns, titles, surnames -> full names).

    Args:
        parsed: an article with attributions and entity mentions.

    Returns:
        The same record with ``speaker``, ``speaker_type`` and ``role`` filled on every
        attribution whose source names somebody identifiable; the others keep ``None``
        and their ``source_text``.
    """
    if not parsed.attributions:
        return parsed
    doc = _Document(parsed)
    order = sorted(
        range(len(parsed.attributions)),
        key=lambda i: (parsed.attributions[i].source or ((10**12, 0),))[0][0],
    )
    out: list[Attribution] = list(parsed.attributions)
    for i in order:
        att = parsed.attributions[i]
        if not att.source:
            continue
        start = min(s for s, _ in att.source)
        end = max(e for _, e in att.source)
        text = att.source_text if att.source_text is not None else doc.text[start:end]
        answer = doc.resolve_source(start, end, text)
        speaker, speaker_type, role = doc.answer_fields(answer)
        if answer.ref is not None:
            doc.add_speaker_mention(start, end, answer.ref)
        out[i] = replace(att, speaker=speaker, speaker_type=speaker_type, role=role)
    return replace(parsed, attributions=tuple(out))
