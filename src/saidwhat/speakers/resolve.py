"""In-document speaker resolution: every source span -> the person or organisation it names.

The input is what the attribution stage hands over (``Parsed``): the text, the source
ranges and the NER mentions. There is no parse tree here, on purpose: spaCy Docs do not
leave ``attribution/``, and resolution must stay cheap (<= 10% of extract's CPU time). So
the rules work on character offsets, the referents of ``document.py`` and a few lexicons.

Each source, in text order:

- a pronoun goes to the most salient compatible referent before it (gender, number,
  sentence distance, subjects and earlier speakers first, names inside quotes last);
- a relative pronoun ("who", "which") to the name right before it;
- a name to its referent, with the role its title or apposition gives;
- a definite description ("the senator", "the daily", "her campaign") to the referent
  whose roles or name match it.

Indefinite and unnamed sources ("a source", "analysts", "the poll") stay ``None``. Every
resolved source becomes a mention too, so pronoun chains carry on ("Kerry said ... He
added ... he said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Attribution, Parsed, SpeakerType
from .document import (
    FEMALE_NOUNS,
    MALE_NOUNS,
    PERSONAL,
    PREPOSITIONS,
    WORD,
    Document,
    Mention,
    Referent,
    after_preposition,
)
from .names import (
    DETERMINERS,
    Gender,
    display_name,
    first_name_gender,
    name_tokens,
    org_heads,
    org_key,
    person_key,
    role_words,
    strip_possessive,
)
from .bodies import body_name, country_of, described_body
from .nonspeakers import not_a_speaker, outlet_names, place_names
from .ranking import RANKED, Candidate, Description, Weights, candidates, choose, description_candidates, load_weights
from .roles import Party, apposition_role, party_of, prenominal_role

PLURAL = {"they", "them", "their", "theirs", "themselves"}
NEUTER = {"it", "its", "itself"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
# What the parse's antecedent of a relative pronoun may be ("who": a person; "which": an
# organisation; "that": either). "whom" and "whose" are never a clause's subject, so no source.
RELATIVE_TAKES: dict[str, frozenset[str]] = {
    "who": frozenset({"PERSON"}), "whom": frozenset({"PERSON"}), "whose": frozenset({"PERSON"}),
    "which": frozenset({"ORG"}), "that": frozenset({"PERSON", "ORG"}),
}
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
COMPLEMENT = PREPOSITIONS | {"including", "like", "as", "among", "between"}
# Description heads that may fall back to the most salient person when no role in the
# article matches: "the Republican nominee" usually names the article's main candidate
# even when the article never spells the role out ("Donald Trump ... The GOP nominee
# argued ..."). Specific offices ("the governor") need a matching role instead.
SALIENT_HEADS = {
    "nominee", "candidate", "businessman", "billionaire", "mogul", "magnate", "president", "senator",
    "lady", "rival", "challenger", "incumbent", "tycoon", "developer", "politician",
    "congressman", "congresswoman", "chairman", "chairwoman", "secretary",
}
# "Sen. Marco Rubio of Florida, who suspended his campaign": the place is no antecedent.
# " of Florida", " from Des Moines": a place after a name
PLACE_AFTER = r"\s+(?:of|from)\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}"
PLACE_GAP = re.compile(PLACE_AFTER + r",\s*")
LIST_GAP = re.compile(r",?\s+(?:and|or|&)\s+(?:the\s+)?|,\s+(?:the\s+)?")
LIST_AHEAD = re.compile(r",\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*,?\s+(?:and|or)\s")
# "Mr. Grassley and Mr. Leahy": a second person joined by "and".
CONJOINED = re.compile(r"\b(?:and|&)\s+(?:(?:Mr|Mrs|Ms|Sen|Rep|Dr)\.\s+)?$")
# "Clinton’s campaign", "the Trump presidential campaign": the organisation, not the person.
OWNED = re.compile(r"(?:’s |'s )?(?:presidential )?(campaign|administration)(?:’s|'s)?")
# "the head of Russia’s Foreign Affairs Committee Alexei Pushkov": a name the NER missed.
TRAILING_NAME = re.compile(r"(?:^|\s)(([A-Z][a-z]+)(?: [A-Z]\.)? [A-Z][\w’'-]+)$")
# Words for one office ("Rep. Adam Schiff" is "the California congressman").
OFFICE_SYNONYMS = {
    "representative": "congressman", "congresswoman": "congressman", "lawmaker": "congressman",
    "rep": "congressman", "sen": "senator", "gov": "governor", "pres": "president",
    "chairwoman": "chairman", "chair": "chairman", "spokeswoman": "spokesman",
    "spokesperson": "spokesman", "attorney": "lawyer",
}
# A candidate's descriptions are interchangeable ("Republican nominee", "the New York
# businessman", "the GOP candidate").
CANDIDATE_HEADS = {
    "nominee", "candidate", "businessman", "billionaire", "mogul", "magnate", "tycoon", "developer",
    "rival", "challenger", "incumbent", "politician",
}
# Plural nouns through which an organisation speaks ("Pentagon officials said").
BODY_VOICES = {"officials", "spokesmen", "spokespeople", "spokespersons", "representatives"}
RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\b")
# Heads whose organisation may carry another name ("Kestrel Energy ... the company said").
ACTING_ORG_HEADS = {"company", "firm", "consortium"}
NEWS_WORDS = ("times", "post", "journal", "news", "herald", "tribune", "daily", "gazette")


@dataclass(frozen=True)
class _Answer:
    ref: int | None
    role: str | None = None
    name: str | None = None  # a derived name ("Clinton campaign") instead of the referent's
    type: SpeakerType | None = None


class _Resolver(Document):
    """An article's referents plus the rules that resolve its sources."""

    def __init__(self, parsed: Parsed, weights: Weights | None = None) -> None:
        super().__init__(parsed)
        self.places = place_names(self.text, parsed.entities)
        self.outlets = outlet_names(parsed.article.outlet, self.text)
        self._blocked: dict[int, str | None] = {}
        self.org_words = {strip_possessive(e.text).lower() for e in parsed.entities if e.label == "ORG"}
        # the mention ranker's weights (the shipped model unless given); None: the rules decide
        self.weights = weights if weights is not None else load_weights()
        self.bodies: dict[str, str] = {}  # "foreign ministry" -> "Foreign Ministry (Veskara)", once described
        self._lower_seen: dict[str, bool] = {}
        self._article_roles: set[str] | None = None

    def blocked(self, ref_id: int) -> str | None:
        """Why the referent can be no speaker (a place, the outlet, "Nobody"), or None."""
        if ref_id not in self._blocked:
            ref = self.refs_by_id[ref_id]
            self._blocked[ref_id] = not_a_speaker(ref.name, self.places, self.outlets)
        return self._blocked[ref_id]

    def name_blocked(self, name: str | None) -> str | None:
        """Why a derived name ("Lorin", "Neither") can be no speaker, or None."""
        return not_a_speaker(name, self.places, self.outlets) if name else None

    def resolve_source(self, start: int, end: int, source_text: str) -> _Answer:
        text = source_text.strip()
        low = text.lower()
        if low in PERSONAL or low in PLURAL or low in NEUTER or low in RELATIVE:
            return self._ranked(start, low, self._pronoun(start, end, low))
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
                if self.refs_by_id[m.ref].type == "PERSON" and self._after_apposition_comma(start, m.start)
            ]
            if not inside:
                # "said Rep. Xavier Becerra, a California Democrat": a noun phrase set beside a name
                return _Answer(self._apposition_of(start) if first.group() in {"a", "an"} else None)
        if inside:
            answer = self._named(start, end, inside)
            if answer is not None:
                return answer
        found = self._unseen_name(start, end)
        if found is not None:
            return found
        answer = self._description(start, end, text)
        if answer.ref is None and answer.name is None:
            # "Kestrel Energy, which operates Northway,": the name before the relative clause
            return self._bare_name(start, RELATIVE_CLAUSE.split(text)[0])
        return answer

    def _apposition_of(self, start: int) -> int | None:
        """The person a source at ``start`` is an apposition to ("said Rep. Xavier Becerra, a
        California Democrat", "Sen. Joni Ernst of Iowa - a rare next-generation star"), or None."""
        before = self.text[max(0, start - 60) : start]
        sep = re.search(r"(?:,|\s[-–—])\s*$", before)
        if sep is None:
            return None
        cut = start - len(before) + sep.start()
        for m in reversed(self.mentions_before(cut)):
            if m.end > cut:
                continue
            gap = self.text[m.end : cut]
            if gap.strip() and not re.fullmatch(PLACE_AFTER, gap):
                return None
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type != "PERSON" or self.blocked(ref.id):
                return None
            return ref.id
        return None

    def _after_apposition_comma(self, floor: int, pos: int) -> bool:
        """The name at ``pos`` opens an apposition: right after ", ", or after ", " and a
        title ("Another Clinton ally, Agriculture Secretary Tom Vilsack,")."""
        if self.text[pos - 2 : pos] == ", ":
            return True
        comma = self.text.rfind(", ", floor, pos)
        return comma >= 0 and prenominal_role(self.text, pos, comma + 2) is not None and bool(
            re.fullmatch(r"(?:[A-Z][\w.’'-]*\s+)+", self.text[comma + 2 : pos])
        )

    def _unseen_name(self, start: int, end: int) -> _Answer | None:
        # "the head of Russia’s Foreign Affairs Committee Alexei Pushkov": the NER model
        # missed the name, but a known first name and a capitalised word end the source.
        m = TRAILING_NAME.search(self.text[start:end].rstrip(" ,"))
        if m is None or first_name_gender(m.group(2)) is None:
            return None
        a, b = start + m.start(1), start + m.end(1)
        tokens, _ = name_tokens(m.group(1))
        surname, first, suffix = person_key(tokens)
        ref = next((r for r in self.refs if r.type == "PERSON" and r.key == surname and r.first == first), None)
        if ref is None:
            ref = self.new_referent("PERSON", display_name(tokens))
            ref.key, ref.first, ref.suffix = surname, first, suffix
            ref.gender = first_name_gender(m.group(2))
            self.refs_by_id[ref.id] = ref
            # Later bare surnames ("Pushkov said") are mentions of the new person too, even
            # where the NER model guessed another label for the lone word ("as Pushkov
            # tweeted" came out ORG): the full name in this article is the better evidence.
            word = re.escape(tokens[-1])
            for later in re.finditer(r"\b" + word + r"\b", self.text[b:]):
                s0, e0 = b + later.start(), b + later.end()
                self.mentions = [
                    x for x in self.mentions
                    if x.speaker or not (x.start == s0 and x.end == e0)
                ]
                self.add_mention(s0, e0, ref.id)
        self.add_mention(a, b, ref.id)
        role = prenominal_role(self.text, a, start) if a > start else None
        return _Answer(ref.id, role=role)


    def _written_lower(self, low: str) -> bool:
        """Whether the article writes ``low`` in lower case (remembered: one scan per word,
        not one per attribution, which a book-length text cannot afford)."""
        if low not in self._lower_seen:
            self._lower_seen[low] = re.search(r"\b" + re.escape(low) + r"\b", self.text) is not None
        return self._lower_seen[low]

    def _bare_name(self, start: int, text: str) -> _Answer:
        # A source that is itself a proper name the NER model missed: "Christina Lastra"
        # (a known first name), "RT", "Zero Hedge". Common nouns at a sentence start
        # ("Protesters", "Authorities") are no names: they occur in lower case elsewhere.
        words = text.replace("\u00a0", " ").split()
        if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
            return _Answer(None)
        if self.headline_line(start) or words[0].lower() in DETERMINERS | INDEFINITE:
            return _Answer(None)
        name = " ".join(strip_possessive(w) for w in words)
        if len(words) >= 2 and first_name_gender(words[0]) is not None:
            return _Answer(None, name=name, type="PERSON")
        low = name.lower()
        if len(words) == 1 and _is_group_noun(low):
            # "Officials said ...", "Analysts say ...": a plural common noun that happens to
            # open the sentence, even when the article never writes it in lower case.
            return _Answer(None)
        if name.isupper() and len(name) >= 2 or not self._written_lower(low):
            if len(words) == 1 and low in role_words():
                return _Answer(None)
            if len(words) == 1 and not name.isupper() and low not in self.org_words:
                # "Lorin talks about sanctions. Sorvik talks about the election.": one
                # capitalised word nothing tagged as an organisation is as likely a place.
                return _Answer(None)
            return self._new_org(start, name)
        return _Answer(None)


    def _new_org(self, start: int, name: str) -> _Answer:
        # A referent for the organisation the NER model missed, so that "the company said"
        # and "it said" later in the article find it.
        key = org_key(name)
        ref = next((r for r in self.refs if r.type == "ORG" and r.key == key), None)
        if ref is None:
            ref = self.new_referent("ORG", name)
            ref.key, ref.label = key, "ORG"
            self.refs_by_id[ref.id] = ref
        return _Answer(ref.id)

    def _named(self, start: int, end: int, inside: list[Mention]) -> _Answer | None:
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
        if any(CONJOINED.search(self.text[start : m.start]) for m in people[1:]):
            return _Answer(None)
        inside = [m for m in inside if m.end <= core_end]
        for i, m in enumerate(inside):
            if after_preposition(self.text[start : m.start], COMPLEMENT, HONORIFIC_WORDS):
                continue
            nxt = inside[i + 1].start if i + 1 < len(inside) else core_end
            after = self.text[m.end : nxt].strip()
            if i + 1 < len(inside) and not after:
                continue  # "Charlotte Mayor Jennifer Roberts": the first name is a modifier
            after_words = after.lower().split()
            ref = self.refs_by_id[m.ref]
            if after_words and after_words[0].strip(",") in {"and", "&", "or"}:
                return _Answer(None)
            owned = OWNED.fullmatch(after)
            if i + 1 == len(inside) and owned:
                return self._owned(ref, owned.group(1))
            if i + 1 == len(inside) and after_words in ([w] for w in BODY_VOICES) and ref.type == "ORG":
                if ref.label == "ORG" and not self.blocked(ref.id):
                    return _Answer(ref.id)  # "Pentagon officials", "Union officials": the body speaks
                return _Answer(None)
            if after in {"’s", "'s", "’", "'"}:
                after = ""  # "Trump’s" as a source ("Trump’s claim"): the owner speaks
            if not after or after[0] in ",(" or after_words[0] in PREPOSITIONS | {"who", "which", "that"}:
                role = prenominal_role(self.text, m.start, start) if m.start > start else None
                lead = self.text[start : m.start]
                if role is None and lead.endswith(", ") and _is_role((WORD.findall(lead) or [""])[-1]):
                    # "The Russian president, Vladimir Putin,"
                    role = re.sub(r"^(?:the|a|an)\s+", "", lead.strip(" ,"), flags=re.IGNORECASE)
                if role is None and ref.type == "PERSON" and core_end < end:
                    role = apposition_role(self.text, m.end, end + 1)
                return _Answer(ref.id, role=role)
        return None

    def _owned(self, ref: Referent, what: str) -> _Answer:
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
            found = self._salient(start, near, {"ORG", "GROUP"}, None, need_subject=True, labels={"ORG", "NORP"})
            if found is not None and self._coordinated(found, start):
                return _Answer(None)  # "The Teamsters, the Firefighters and UNITE HERE ... they"
            return _Answer(found)
        return _Answer(self._salient(start, near, {"ORG"}, None, need_subject=True))

    def _ranked(self, start: int, word: str, rules: _Answer) -> _Answer:
        """The learned mention ranker's choice for a pronoun source (``ranking.py``), the rules'
        choice being one of its features; the rules alone where no model is packaged."""
        if word not in RANKED:
            return rules
        cands = candidates(self, start, word, rules.ref, self.blocked)
        self.seen_candidates(start, cands)
        return _Answer(choose(cands, self.weights)) if self.weights else rules

    def seen_candidates(self, start: int, cands: list[Candidate]) -> None:
        """Called with each pronoun's candidates (training records them; a no-op here)."""

    def _acting(self, pos: int) -> set[int]:
        """Referents with a mention before ``pos`` as a sentence subject or a speaker."""
        return {m.ref for m in self.mentions_before(pos) if m.subject or m.speaker}

    def _coordinated(self, ref: int, pos: int) -> bool:
        """Whether the last mention of ``ref`` before ``pos`` is one item of a list ("X and Y")."""
        before = self.mentions_before(pos)
        for i in range(len(before) - 1, -1, -1):
            if before[i].ref != ref:
                continue
            m = before[i]
            ahead = self.text[m.end : before[i + 1].start] if i + 1 < len(before) else ""
            behind = self.text[before[i - 1].end : m.start] if i > 0 else ""
            listed = LIST_AHEAD.match(self.text[m.end : m.end + 60])
            return bool(LIST_GAP.fullmatch(ahead) or LIST_GAP.fullmatch(behind) or listed)
        return False

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
        acting: set[int] | None = None
        for m in self.mentions[self.first_ending_after(window_start):]:
            if m.start >= pos:
                break
            if m.end <= window_start:
                continue
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type not in types or (labels and ref.label not in labels):
                continue
            if self.blocked(ref.id):
                continue  # "Hallen" (a town the NER model called a person) is nobody's "he"
            if gender and ref.gender and ref.gender != gender:
                continue
            if strict and gender and ref.gender != gender:
                continue
            if need_subject and not (m.subject or m.speaker):
                continue
            if gender and ref.first is None and not self._by_surname.get(ref.id):
                if acting is None:
                    acting = self._acting(pos)  # once per pronoun, only when a bare word is a candidate
                if ref.id not in acting:
                    continue  # "the shelling of Hallen ... she said": a bare word never seen acting
            # Sentences back, not characters: a subject two sentences back beats a name in
            # the quote right before "he said" ("“... ,” he said" after "Schiff called ...").
            score = -float(psent - self.sentence_index(m.start)) - (pos - m.end) / 5000.0
            score += 1.0 if m.speaker else 0.0
            score += 1.5 if m.subject else 0.0
            score += 1.0 if m.addressee else 0.0
            if m.quoted and not pron_quoted:
                score -= 3.0
            if gender and ref.gender is None:
                score -= 1.0
            if best is None or score >= best[0]:
                best = (score, ref.id)
        return best[1] if best else None

    def _relative(self, start: int, word: str) -> _Answer:
        """The rules' referent for a relative pronoun; where they find none, the referent
        named by the word the parse attaches the clause to (``attribution/antecedents.py``):
        "said Harold Doley, a banker and former Reagan administration official who has"."""
        answer = self._relative_rules(start, word)
        if answer.ref is not None or start not in self.antecedents:
            return answer
        mention = self.mention_holding(*self.antecedents[start])
        if mention is None or mention.ref not in self.refs_by_id or self.blocked(mention.ref):
            return answer
        if self.refs_by_id[mention.ref].type in RELATIVE_TAKES[word]:
            return _Answer(mention.ref)
        return answer

    def _relative_rules(self, start: int, word: str) -> _Answer:
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
            # "Tyresha McClenney and Bryan Anderson, who": a name right before the "and";
            # not "... called the pact 'insanity,' and Sanders, who says"
            conjoined = re.search(r"[^;]\s(?:and|or|&)\s+$", self.text[max(s, m.start - 7) : m.start]) and any(
                re.fullmatch(r",?\s+(?:and|or|&)\s+", self.text[p.end : m.start]) for p in prior[-n - 2 : -n - 1]
            )
            if gap.strip(" ,(-–—") == "":
                if conjoined:
                    return _Answer(None)
                if ref.type in wanted or word == "that":
                    return _Answer(ref.id)
                if word in {"who", "whom", "whose"} and ref.type == "ORG":
                    continue  # "a tech staffer at the State Department who": look further back
                return _Answer(None)
            if word in {"who", "whom", "whose"} and ref.type == "ORG":
                continue  # "Harlan Crow, a Texas real estate developer, who": a place in the apposition
            if re.fullmatch(r"\s+[a-z][a-z\s-]*", gap) and len(gap.split()) <= 5:
                continue  # "a Clinton campaign staffer-turned-legal assistant who": a modifier
            if (
                ref.type in wanted
                and (re.match(r", (?:a|an|the)\s", gap) or PLACE_GAP.fullmatch(gap))
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
        raw = WORD.findall(text.split(",")[0])
        body = self._body(start, raw)
        if body is not None:
            return body
        if len(raw) > 1 and raw[0] != strip_possessive(raw[0]) and country_of(raw[0], self.places):
            # "Dravania's prime minister": the country's office, as "the prime minister" would be
            raw, words, det = ["the", *raw[1:]], ["the", *words[1:]], "the"
        if any(re.search(r"(?:’s|'s|s’|s')$", w) for w in raw[:-1]) and words[-1] not in {"campaign", "administration"}:
            # "the former vice president’s spokeswoman": somebody else, whom the text leaves unnamed
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
        if head in {"team", "camp"} and len(content) == 2 and capitals:
            head = "campaign"  # "the Clinton team", "the Sanders camp"
        if head in {"campaign", "administration"} and capitals:
            for ref in self.refs:
                if ref.type == "PERSON" and ref.name.split()[-1] in capitals:
                    return self._owned(ref, head)
        if head == "administration" and len(content) == 1:
            return self._administration(start)
        if head in org_heads() and not (set(content) & (FEMALE_NOUNS | MALE_NOUNS)):
            found = self._org_by_head(start, head, content)
            if found is None and head in ACTING_ORG_HEADS:
                found = self._acting_org(start)
            return self._ranked_description(start, Description(tuple(content), head, "ORG"), words[1:], found)
        if (
            head in role_words() or head in SALIENT_HEADS or head in FEMALE_NOUNS | MALE_NOUNS or "and" in content
            or head in self._role_words_here()
        ):
            found = self._person_by_role(start, words[1:], content)
            return self._ranked_description(start, Description(tuple(content), head, "PERSON"), words[1:], found)
        return _Answer(None)

    def _role_words_here(self) -> set[str]:
        """The head words of the roles this article gives its people ("Admiral Harris" ->
        "admiral"; "director of the survey" -> "director"): a description headed by one ("the
        admiral") names a person."""
        if self._article_roles is None:
            heads: set[str] = set()
            for ref in self.refs:
                if ref.type != "PERSON":
                    continue
                for role in ref.roles:
                    words = []
                    for w in WORD.findall(role.lower()):
                        if w in PREPOSITIONS:
                            break  # "director of the survey": the head is "director"
                        words.append(w.rstrip("."))
                    if words:
                        heads.add(words[-1])
            self._article_roles = heads
        return self._article_roles

    def _ranked_description(self, start: int, desc: Description, words: list[str], rule: int | None) -> _Answer:
        """The mention ranker's choice for a definite description (``ranking.py``); the rules'
        choice is one of its features, and decides alone where no model is packaged."""
        gender: Gender | None = "F" if set(words) & FEMALE_NOUNS else "M" if set(words) & MALE_NOUNS else None
        party = party_of(" ".join(words))
        cands = description_candidates(
            self, start, desc, rule, self.blocked, lambda rid: self._description_fit(rid, desc, gender, party)
        )
        self.seen_candidates(start, cands)
        return _Answer(choose(cands, self.weights)) if self.weights else _Answer(rule)

    def _description_fit(
        self, rid: int, desc: Description, gender: Gender | None, party: Party | None
    ) -> dict[str, float]:
        """How well referent ``rid`` fits a description: roles, name, office, gender, party."""
        ref = self.refs_by_id[rid]
        role_set = {w.rstrip(".") for w in WORD.findall(" ".join(ref.roles).lower())}
        wanted = [w for w in desc.words if w not in {"former", "and", "current", "then"}]
        return {
            "d_role_all": float(bool(wanted) and all(w in role_set for w in wanted)),
            "d_role_head": float(desc.head in role_set),
            "d_role_other": float(bool(role_set) and desc.head not in role_set),
            "d_no_roles": float(not ref.roles),
            "d_other_office": float(ref.type == "PERSON" and self._holds_other_office(ref, list(desc.words))),
            "d_name_hint": float(desc.type == "ORG" and _named_for(desc.head, ref.name.lower())),
            "d_gender_clash": float(bool(gender and ref.gender and ref.gender != gender)),
            "d_party_clash": float(bool(party and ref.party and ref.party != party)),
        }

    def _administration(self, pos: int) -> _Answer:
        # "The administration said": the "X administration" named before, else the
        # president's ("President Obama ... the administration" -> "Obama administration").
        for m in reversed(self.mentions_before(pos)):
            ref = self.refs_by_id.get(m.ref)
            if ref is None:
                continue
            if ref.type == "ORG" and ref.name.lower().endswith("administration"):
                return _Answer(ref.id)
            if ref.type == "PERSON" and any("president" == r.lower().split()[-1] for r in ref.roles):
                return self._owned(ref, "administration")
        return _Answer(None)

    @staticmethod
    def _holds_other_office(ref: Referent, content: list[str]) -> bool:
        # "Manhattan Supreme Court Justice Frank Nervo" is not "the GOP presidential
        # nominee", however often the article names him; a candidate's roles are all
        # compatible ("Republican nominee" and "the New York businessman").
        words = {w.lower().rstrip(".") for role in ref.roles for w in WORD.findall(role)}
        jobs = {OFFICE_SYNONYMS.get(w, w) for w in words if w in role_words() or w in OFFICE_SYNONYMS}
        wanted = {OFFICE_SYNONYMS.get(w, w) for w in content}
        if not wanted & CANDIDATE_HEADS:
            return False  # "the former first lady and U.S. senator": offices change over time
        return bool(jobs) and not (jobs & (wanted | CANDIDATE_HEADS))

    def _org_by_head(self, pos: int, head: str, content: list[str]) -> int | None:
        best: tuple[int, int] | None = None
        fits: set[int] = set()
        for m in self.mentions:
            if m.start >= pos:
                break
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type != "ORG":
                continue
            name = ref.name.lower()
            if _named_for(head, name):
                modifiers = [c for c in content[:-1] if c not in {"former", "new"}]
                if all(c in name for c in modifiers):
                    best = (m.start, ref.id)
                fits.add(ref.id)
        if best is None and len(fits) == 1:
            return fits.pop()  # "the central bank" after "the National Bank of Veskara", the only bank
        return best[1] if best else None

    def _acting_org(self, pos: int) -> int | None:
        # "Kestrel Energy said it welcomed the guarantees. ... the company said": no "company"
        # in the name, so the organisation that last spoke or acted within three sentences.
        sent = self.sentence_index(pos)
        for m in reversed([m for m in self.mentions if m.start < pos]):
            if sent - self.sentence_index(m.start) > 3:
                break
            ref = self.refs_by_id.get(m.ref)
            if ref and ref.type == "ORG" and ref.label == "ORG" and (m.subject or m.speaker) and not self.blocked(ref.id):
                return ref.id
        return None

    def _body(self, pos: int, raw: list[str]) -> _Answer | None:
        """A described state body ("the French foreign ministry") as an ORG with its country."""
        found = described_body(raw, self.places)
        if found is None:
            return None
        body, country = found
        head = raw[-1].lower()
        if head in org_heads():
            named = self._org_by_head(pos, head, [w.lower() for w in raw[1:]])
            if named is not None and country is None:
                return _Answer(named)  # "the central bank" after "the National Bank of Veskara"
        if country is not None:
            self.bodies[body.lower()] = body_name(body, country)
            return _Answer(None, name=body_name(body, country), type="ORG")
        known = self.bodies.get(body.lower())
        if known is None:
            same_head = {v for k, v in self.bodies.items() if k.split()[-1] == head}
            known = same_head.pop() if len(same_head) == 1 else None
        return _Answer(None, name=known, type="ORG") if known else None

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
        ahead = self._named_later(pos, wanted, gender)
        if ahead is not None:
            return ahead
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
            if self._holds_other_office(ref, content):
                continue
            recent = sent - self.sentence_index(m.start) <= 3
            weight[m.ref] = weight.get(m.ref, 0.0) + (2.0 if recent else 1.0)
        if not weight:
            return None
        return max(weight.items(), key=lambda kv: kv[1])[0]

    def _named_later(self, pos: int, wanted: list[str], gender: Gender | None) -> int | None:
        # A news lede describes before it names: "Dravania's prime minister on Tuesday
        # praised the monitors ... Prime Minister Tomas Reiner said". The one person named in
        # the next three sentences whose title has every word of the description.
        if not wanted:
            return None
        sent = self.sentence_index(pos)
        found: set[int] = set()
        for m in self.mentions:
            if m.start <= pos:
                continue
            if self.sentence_index(m.start) - sent > 3:
                break
            ref = self.refs_by_id.get(m.ref)
            if ref is None or ref.type != "PERSON" or (gender and ref.gender and ref.gender != gender):
                continue
            role_set = {w.rstrip(".") for w in WORD.findall(" ".join(ref.roles).lower())}
            if all(w in role_set for w in wanted):
                found.add(ref.id)
        return found.pop() if len(found) == 1 else None

    def answer_fields(self, answer: _Answer) -> tuple[str | None, SpeakerType | None, str | None]:
        if answer.ref is None:
            return answer.name, answer.type if answer.name else None, answer.role
        ref = self.refs_by_id[answer.ref]
        role = answer.role or (ref.roles[0] if ref.roles else None)
        return ref.name, ref.type, role



GROUP_NOUNS = {
    "official", "source", "analyst", "expert", "critic", "diplomat", "resident", "protester",
    "authority", "witness", "observer", "economist", "lawmaker", "investigator", "prosecutor",
    "negotiator", "aide", "activist", "supporter", "opponent", "officer", "voter", "relative",
    "monitor", "leader", "minister", "insider", "executive", "scientist", "doctor", "worker",
}


def _is_group_noun(low: str) -> bool:
    """A plural common noun for people ("officials", "authorities"), not a name."""
    if not low.endswith("s") or len(low) < 4:
        return False
    singulars = {low[:-1], low[:-2] if low.endswith("es") else "", low[:-3] + "y" if low.endswith("ies") else ""}
    return any(w and (w in GROUP_NOUNS or w in role_words()) for w in singulars)


def _named_for(head: str, name: str) -> bool:
    """Whether an organisation's lower-cased name fits a description's head ("the bank")."""
    words = set(name.replace(".", "").split())
    return any(h in words or (" " in h and h in name) for h in org_heads().get(head, ())) or (
        head in {"daily", "paper", "newspaper"} and any(n in words for n in NEWS_WORDS)
    )


def _is_role(word: str) -> bool:
    return word.lower() in role_words()



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
    return resolve_with(_Resolver(parsed), parsed)


def resolve_with(doc: _Resolver, parsed: Parsed) -> Parsed:
    """``resolve`` with a given resolver (training passes one that records candidates)."""
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
        if (doc.blocked(answer.ref) if answer.ref is not None else doc.name_blocked(answer.name)):
            answer = _Answer(None)  # "Lorin denied ...", "Nobody expects ...", "LONDON"
        speaker, speaker_type, role = doc.answer_fields(answer)
        if answer.ref is not None:
            doc.add_mention(start, end, answer.ref, speaker=True)
            roles = doc.refs_by_id[answer.ref].roles
            if answer.role and answer.role not in roles:
                roles.append(answer.role)  # later "Putin said" keeps "Russian president"
        out[i] = replace(att, speaker=speaker, speaker_type=speaker_type, role=role)
    return replace(parsed, attributions=tuple(out))
