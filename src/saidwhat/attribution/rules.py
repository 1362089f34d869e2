"""Candidate attributions from dependency rules around cue words.

Finding is split from deciding (spaCy's ``span_ruler`` does the same): this module turns
every plausible cue token of a parsed ``Doc`` into one :class:`Candidate` with speaker,
cue and content spans plus the features the learned filter (``component.py``) scores.
Nothing here decides whether a candidate is kept.

Token-level work is kept small: one pass over the tokens with a set lookup per token;
only the cue tokens get the tree walks (about 5% on top of the parse on PolNeAR dev).

Rules, in the order they are tried for one cue (first match wins):

1. a quotation right before the cue clause (“...,” X said), plus the quotes that continue
   it; with the unquoted lead-in of a mixed quote when there is one;
2. a quotation right after the cue (X said: “...”), when the sentence ends with it;
3. "according to X" and "in a poll": the rest of the clause;
4. a clausal or object complement (X said (that) ..., X wants to ..., X called it ...);
5. a parenthetical cue inside its content (The ceasefire, he said, was holding);
6. a colon without quotes; 7. a prepositional object (called for ...); 8. a passive
   with an agent (was endorsed by X).

Transcript and headline speakers ("PENCE: ...") and quotes signed with a dash
("“...” ― Name") are found per paragraph; transcript turns are told apart from headlines
(rule ``colon_dialogue``) so the filter can learn how much more they are to be trusted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..models import AttributionKind, Range, Ranges
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SUBJ = {"nsubj", "csubj"}
# "President Obama, saying ...": a participle on a named speaker (not "made great pains to stress").
_SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_CLAUSE = ("ccomp", "xcomp")
# Between a quote and its speaker only punctuation may stand: "“...,” he said."
_GAP_BEFORE = re.compile(r"[\s,.;—–-]*")
# Between a cue and a following quote: "he said: “...”", "she told reporters, “...”".
_GAP_AFTER = re.compile(r"[\s,:;—–-]*")
_GAP_LOOSE = re.compile(r"[\s,:;.—–-]*")


@dataclass(slots=True)
class Candidate:
    """One possible attribution around one cue token (character ranges into the text)."""

    cue_i: int
    cue: Ranges
    content: Ranges
    source: Ranges | None
    kind: AttributionKind
    rule: str
    lemma: str


def _is_punct(tok: "Token") -> bool:
    return tok.is_punct or tok.pos_ == "PUNCT"


def _ranges(doc: "Doc", idx: list[int]) -> Ranges:
    """Token indices -> character ranges, one per contiguous run, punctuation at run edges dropped.

    "The ceasefire, he said, was holding." -> "The ceasefire" and "was holding".
    """
    out: list[tuple[int, int]] = []
    run: list[int] = []
    for i in sorted(set(idx)) + [-2]:
        if run and i != run[-1] + 1:
            while run and (_is_punct(doc[run[0]]) or doc[run[0]].is_space):
                run.pop(0)
            while run and (_is_punct(doc[run[-1]]) or doc[run[-1]].is_space):
                run.pop()
            if run:
                last = doc[run[-1]]
                out.append((doc[run[0]].idx, last.idx + len(last)))
            run = []
        run.append(i)
    return tuple(out)


def _subtree(tok: "Token") -> list[int]:
    return list(range(tok.left_edge.i, tok.right_edge.i + 1))


def subject_of(tok: "Token") -> "Token | None":
    """The speaker head of a cue verb, climbing through conjoined and adverbial clauses.

    "Trump attacked the judge, saying he was biased" - ``saying`` has no subject of its
    own; the speaker is the subject of ``attacked``.
    """
    cur = tok
    for _ in range(3):
        # Of two subjects (a parse slip: "12:15 p.m.\n\nTrump says ..." makes both "p.m."
        # and "Trump" subjects of "says"), the one next to the verb speaks.
        subjects = [c for c in cur.children if c.dep_ in _SUBJ]
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - cur.i))
        for c in cur.children:
            if c.dep_ == "agent":  # "was told by officials"
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp") and cur.head.i != cur.i:
            participle = cur.dep_ == "advcl" and cur.tag_ == "VBG"
            control = cur.dep_ == "xcomp"
            cur = cur.head
            if cur.pos_ == "ADP" and cur.dep_ == "prep" and cur.head.pos_ in ("VERB", "AUX"):
                # "Since announcing that he would not run, Biden has been loyal", "followed
                # up by asking whether ...": the one announcing is the subject of the verb
                # the preposition hangs on.
                cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                return None
            if control:
                # "The announcement led some to speculate that ...": with an object, the
                # verb's object, not its subject, is the one speculating.
                objects = [c for c in cur.children if c.dep_ == "dobj" and c.i < tok.i]
                if objects:
                    return objects[-1]
            if participle and cur.dep_ == "ccomp" and cur.head.i != cur.i:
                # "He said the reforms were incomplete, arguing ..." - the parser hangs the
                # participle on the reported clause; the one arguing is the speaker.
                cur = cur.head
        else:
            return None
    return None


# Subjects that frame the writer's own claim ("The fact remains that ...", "The truth is
# that ..."); with a possessor they may report someone ("his point was that ...").
_NOT_SPEAKING_NOUNS = frozenset({"fact", "truth", "reality", "irony", "problem", "trouble"})


_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET"})


def _name_before(doc: "Doc", tok: "Token") -> list[int]:
    """A name right before a cue the parser left without a subject of its own.

    "“We win.” Ana Ruiz said." parsed with "said" conjoined to the quote's "win" and the
    name hanging on nothing useful: the words between the quote and the cue (nouns and
    names, with at least one name, but no date: "Monday Ana Ruiz said") are the speaker.
    """
    i = tok.i
    while i > 0 and (doc[i - 1].pos_ in _NAME_POS or doc[i - 1].is_title) and not doc[i - 1].is_punct \
            and doc[i - 1].ent_type_ not in ("DATE", "TIME"):
        i -= 1
    idx = list(range(i, tok.i))
    return idx if any(doc[k].pos_ == "PROPN" for k in idx) else []


def _readers_voice(doc: "Doc", subj: "Token") -> bool:
    """Whether the subject is the writer and reader together, not someone who said something.

    "Let’s hope it was a good one" (the parser makes "’s" the subject of "hope") and
    "One might assume that some progress was made" are the column's own voice: no one
    is reported as saying anything, and a source of "’s" or "One" helps no reader.
    """
    if subj.lower_ in ("’s", "'s", "us") and subj.i > 0 and doc[subj.i - 1].lower_ == "let":
        return True
    if subj.lemma_.lower() in _NOT_SPEAKING_NOUNS and not any(c.dep_ == "poss" for c in subj.children):
        return True  # "The fact remains that what Kerry says in Moscow ..."
    return subj.lower_ == "one" and subj.left_edge.i == subj.right_edge.i and any(
        c.tag_ == "MD" for c in subj.head.children
    )


# Personal pronouns only: "it", "this" and "that" stand for claims ("Moscow denied it").
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i", "me", "you"})


_ADDRESSED = frozenset({"to", "with", "at", "for"})


def bare_pronoun(text: str, content: tuple[tuple[int, int], ...]) -> bool:
    """"He was mentioned by Kerry only in response to a question": a content that is just a
    pronoun is a person talked about, not something said; "Readers wrote to us": one that is
    a preposition and a pronoun is who was addressed."""
    if len(content) != 1:
        return False
    words = text[content[0][0] : content[0][1]].lower().split()
    return len(words) in (1, 2) and words[-1] in _PRONOUNS and (len(words) == 1 or words[0] in _ADDRESSED)


def _impersonal(tok: "Token") -> bool:
    """"But it cannot be denied that ...", "it must be said that ...": the writer's hedge.

    An agentless passive with an empty "it" and a modal or a negation reports no one;
    "it was reported that ..." (no modal) still may, and is left to the filter.
    """
    children = list(tok.children)
    return (
        any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in children)
        and not any(c.dep_ == "agent" for c in children)
        and any(c.tag_ == "MD" or c.dep_ == "neg" for c in children)
    )


def writers_voice(doc: "Doc", tok: "Token", subj: "Token | None") -> bool:
    """Whether the cue ``tok`` with subject ``subj`` (None: it has none) is the writer's own
    voice, which reports no one: "One might assume that ...", "Let's hope ...", "it cannot
    be denied that ..." (``_readers_voice``, ``_impersonal``)."""
    return _readers_voice(doc, subj) if subj is not None else _impersonal(tok)


def _source_span(doc: "Doc", subj: "Token") -> list[int]:
    """The speaker's tokens: the subject's subtree.

    PolNeAR marks a relative pronoun itself as the speaker ("Sanders, *who* said he
    would stay"); the speakers stage resolves it, so it is kept as it is.
    """
    return _subtree(subj)


class QuoteIndex:
    """The text of one document (``Doc.text`` is rebuilt on every access, so it is kept
    here once) and its quotes, with a bisect lookup by character offset."""

    def __init__(self, text: str, quotes: list[Quote]):
        self.text = text
        self.quotes = quotes
        self.starts = [q.start for q in quotes]

    def containing(self, char: int) -> Quote | None:
        """The quote whose marks enclose ``char``."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and self.quotes[i].start <= char < self.quotes[i].end:
            return self.quotes[i]
        return None

    def ending_before(self, text: str, char: int, floor: int) -> Quote | None:
        """The quote ending just before ``char`` with only punctuation between (not before ``floor``)."""
        i = bisect.bisect_left(self.starts, char) - 1
        if i >= 0:
            q = self.quotes[i]
            # A multi-paragraph quote counts from its last paragraph's opening mark.
            if floor <= q.parts[-1][0] and q.end <= char and _GAP_BEFORE.fullmatch(text, q.end, char):
                return q
        return None

    def starting_after(self, text: str, char: int, ceiling: int, loose: bool = False) -> Quote | None:
        """The quote starting just after ``char`` (only a colon/comma between), before ``ceiling``.

        ``loose`` also allows a full stop between: "he said. “And then ...”".
        """
        i = bisect.bisect_left(self.starts, char)
        if i < len(self.quotes):
            q = self.quotes[i]
            gap = _GAP_LOOSE if loose else _GAP_AFTER
            if q.start < ceiling and gap.fullmatch(text, char, q.start):
                return q
        return None


def _edge(doc: "Doc", idx: list[int]) -> tuple[int, int]:
    first, last = doc[min(idx)], doc[max(idx)]
    return first.idx, last.idx + len(last)


def _following_quotes(text: str, quotes: QuoteIndex, q: Quote | None, char: int, para_end: int) -> list[Range]:
    """Quotes that continue one speaker's words after ``char`` in the same paragraph.

    "“It’s hard to avoid,” said Ellis. “Any time you want to cut taxes ...”" - the second
    quote has no cue of its own, so it belongs to the first attribution. A quote that is
    followed by its own cue ("“B,” she said") is left to that cue.
    """
    out: list[Range] = []
    nxt = quotes.starting_after(text, char, para_end + 1, loose=True) if q is None else q
    while nxt is not None and nxt.start < para_end + 1:
        tail = text[nxt.end:nxt.end + 3].lstrip()
        if tail[:1].islower() or text[nxt.end - 2:nxt.end - 1] == ",":
            break
        out.extend(nxt.parts)
        nxt = quotes.starting_after(text, nxt.end, para_end + 1)
    return out


# Prepositions that, after the cue's object, carry the rest of what was said about it:
# "blasted the media for being “dishonest”", "accused the senator of lying about the
# deal", "criticised the mayor over the budget". On PolNeAR train the gold content goes
# on through an "of" or "over" phrase after the object in 51 of 56 cases; other
# prepositions after an object are as often circumstances ("announced it in June").
_AFTER_OBJECT = frozenset({"for", "of", "over", "to"})


def _right_complements(tok: "Token") -> list["Token"]:
    """Object-like dependents right of the cue: "called Friday's decision a huge win", and
    after an object the reason or the charge: "accused the senator of lying"."""
    out: list["Token"] = []
    for c in tok.rights:
        if c.dep_ in ("dobj", "oprd", "dative") or (c.dep_ == "prep" and c.lower_ == "as"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in _AFTER_OBJECT and any(o.dep_ == "dobj" for o in out):
            out.append(c)
    return out


def _in_para(doc: "Doc", idx: list[int], lo: int, hi: int) -> list[int]:
    return [i for i in idx if lo <= doc[i].idx < hi]


_MINOR = frozenset({"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "or", "with"})


def _is_title(words: str) -> bool:
    """Short and Title Cased, like the name of a film, book or song."""
    tokens = [w for w in re.findall(r"[\w'’]+", words)]
    return 0 < len(tokens) <= 8 and all(w[0].isupper() or w.lower() in _MINOR or w[0].isdigit() for w in tokens)


def _ends_statement(text: str, char: int, sent_end: int) -> bool:
    """Whether only punctuation (or a new sentence) follows ``char`` up to the sentence end."""
    rest = text[char:sent_end].strip()
    return not rest or rest[0] in ".!?;)\"”'’" or rest[0].isupper()


def _trim_clause(doc: "Doc", head: "Token") -> list[int]:
    """The complement's tokens without a trailing participle clause or dangling conjunction.

    "He said that Burma's reforms were not complete, arguing that ..." - the participle
    clause is the speaker's action, not the content; ", and" left by a parse error neither.
    """
    end = head.right_edge.i
    for c in reversed(list(head.rights)):
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.left_edge.i > head.i and doc[c.left_edge.i - 1].text == ",":
            end = c.left_edge.i - 1
            break
        if c.dep_ == "conj" and c.lemma_ in _SPEECH and any(g.dep_ in _CLAUSE for g in c.children):
            # "Lee says the mayor promised a vote and said she would call it in May" - the
            # second report has its own cue; the first content ends before it.
            end = c.left_edge.i - 1
            continue
        if c.dep_ not in ("punct", "cc"):
            break
        end = c.left_edge.i - 1
    return list(range(head.left_edge.i, max(end, head.i) + 1))


_RELATIVES = frozenset({"which", "who", "whose", "whom"})
_DASHES = frozenset({"—", "–", "―", "--"})
_REMARK_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM"})


def _trim_aside(doc: "Doc", idx: list[int]) -> list[int]:
    """The complement without the writer's aside at its end: a non-restrictive relative
    clause or a dash-set remark that runs to the end of the complement.

    "acknowledged the reality of climate change, which makes him an outlier" and
    "dismissed the report as biased — a charge the agency denies": what follows the comma
    or the dash is the writer's, not the speaker's.
    """
    for k in range(1, len(idx) - 1):
        tok = doc[idx[k]]
        nxt = doc[idx[k + 1]]
        if tok.text in _DASHES:
            # "the plan — drafted in May — was dead": a remark closed by a second dash is
            # inside the content; only one that runs to the end is an aside, and only a
            # remark about it ("— a charge the agency denies"), not more of the speaker's
            # words ("— and that he would not revive it", "— for now").
            if sum(doc[i].text in _DASHES for i in idx) == 1 and nxt.pos_ in _REMARK_POS:
                return idx[:k]
        elif tok.text == "," and nxt.lower_ in _RELATIVES:
            # The relative clause is the first "relcl" above the relative word: "whose
            # design won" hangs "whose" on "design"; "which she said were productive" hangs
            # "which" on "were", the complement of the relative "said".
            clause = nxt.head
            for _ in range(3):
                if clause.dep_ == "relcl" or clause.head.i == clause.i:
                    break
                clause = clause.head
            if clause.dep_ == "relcl" and clause.right_edge.i >= idx[-1] - 1:
                return idx[:k]
    return idx


def _circumstance(doc: "Doc", tok: "Token", comp: "Token") -> bool:
    """A "complement" after a comma opened by a conjunction of time or cause is a parse slip
    on a clause about the circumstances: "“You should resign,” Warren told him, after he
    admitted ..." (while "said, however, that talks would resume" is the complement)."""
    comma = any(t.text == "," for t in doc[tok.i + 1 : comp.left_edge.i])
    return comma and any(g.dep_ == "mark" and g.lower_ not in ("that", "whether", "if") for g in comp.children)


# Conjunctions that make a clause the circumstance of its host rather than a report on it;
# "as" stays out: "As the Post reported, the inspector issued subpoenas" is parenthetical.
_NOT_REPORTING_MARKS = frozenset({"while", "when", "although", "though", "because", "after", "before",
                                  "if", "since", "until", "whereas", "once", "unless", "where"})


def _subordinate(tok: "Token") -> bool:
    """Whether the cue heads a clause of time, contrast or cause inside another clause.

    "Analysts listened while the former minister opined on the economy", "his edge
    shrinks when third parties are mentioned": the host clause is not what the cue
    reports, so the cue's own object or subject is tried instead (rules 7 and 8).
    """
    return any(
        c.dep_ in ("mark", "advmod") and c.lower_ in _NOT_REPORTING_MARKS and c.i < tok.i for c in tok.children
    )


def _lead_in(doc: "Doc", sent: "Span", quote: Quote, quotes: QuoteIndex, para_start: int) -> int | None:
    """Start of the unquoted words before ``quote`` in the cue's sentence, when they are
    part of the same statement (no cue of their own), else None."""
    if not sent.start_char < quote.start - 1:
        return None
    # (a sentence the parser runs on from a time stamp paragraph starts at the paragraph)
    words = [t for t in sent if para_start <= t.idx < quote.start]
    if not any(t.is_alpha for t in words) or _starts_with_mark(words):
        return None
    if any(t.lemma_ in _SPEECH and quotes.containing(t.idx) is None for t in words):
        return None
    return words[0].idx


def _starts_with_mark(words: list["Token"]) -> bool:
    """Whether the words start with a quotation mark (another quote, not a lead-in)."""
    return bool(words) and words[0].text in _MARKS


# Speech verbs that give lead-in words a speaker of their own: "“A,” he said, “B,” she said."
_SPEECH = frozenset({"say", "tell", "add", "write", "tweet", "claim", "argue", "insist", "ask",
                     "note", "explain", "declare", "state", "announce", "warn", "reply", "respond"})
_MARKS = frozenset({'"', "“", "”", "«", "»", "''", "``", "„"})


def _content_of(
    doc: "Doc", tok: "Token", clause: list[int], quotes: QuoteIndex, para: tuple[int, int]
) -> tuple[list[Range], str] | None:
    """Content ranges and the rule that found them for the cue ``tok``, whose speaker's
    tokens (``clause``: its subject, or a name right before it) belong to the cue clause."""
    text = quotes.text
    sent = tok.sent
    para_start, para_end = para
    left = min([tok.i] + clause)
    right = max([tok.i] + clause)
    for c in tok.rights:  # "said in a statement", "told reporters": part of the cue clause
        if c.dep_ in _SUBJ or c.dep_ == "punct":
            continue
        # "summed up the visit: “...”" - an object right before a colon belongs to the cue clause.
        colon_next = c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ":"
        if c.dep_ in ("prep", "npadvmod", "dative", "advmod", "advcl", "agent", "prt") and c.lower_ != "as" or (
            c.dep_ == "dobj" and (tok.lemma_ == "tell" or colon_next)
        ):
            if quotes.containing(c.right_edge.idx) is None:
                right = max(right, c.right_edge.i)
        else:
            break
    in_quote = quotes.containing(tok.idx) is not None
    # 1. Quote right before the cue clause: "“We will win,” Trump said." Interrupted quotes
    # continue after it: "“We will win,” he said, “and then we will govern.”"
    before = quotes.ending_before(text, doc[left].idx, para_start)
    after_char = doc[right].idx + len(doc[right])
    after = quotes.starting_after(text, after_char, para_end + 1)
    if after is None and text[after_char:para_end].strip() == ":":
        # "He said:" closing its paragraph, the quotation set off below it - when the quote
        # is that paragraph ("“We will win,” Smith added." has a cue of its own).
        below = quotes.starting_after(text, para_end, len(text))
        if below is not None and not text[para_end:below.start].strip():
            below_end = text.find("\n", below.end)
            if not text[below.end : below_end if below_end >= 0 else len(text)].strip(" ."):
                after = below
    # ...unless the cue governs its own (unquoted) complement: "“Yes.” Trump said the economy grew."
    own = any(
        c.dep_ in _CLAUSE and c.i > tok.i and quotes.containing(c.idx) is None and c.idx < para_end
        and not _circumstance(doc, tok, c)
        for c in tok.children
    )
    if before is not None and not own and not in_quote:
        parts = list(before.parts)
        lead = _lead_in(doc, sent, before, quotes, para_start)
        if lead is not None:
            # Mixed quote: "The US has “plenty of partners” but that “does not mean ...,”
            # Lavrov said." - the unquoted start of the sentence is his words too.
            parts = [(lead, parts[-1][1])] if len(parts) == 1 else [(lead, parts[0][1])] + parts[1:]
            parts.extend(_following_quotes(text, quotes, after, after_char, para_end))
            return parts, "quote_lead"
        parts.extend(_following_quotes(text, quotes, after, after_char, para_end))
        return parts, "quote_before"
    # 2. Quote right after the cue: "Kerry would only divulge: “That’s a secret.”"
    # Not when the sentence goes on after the quote: "It reported “2,521 shooting incidents”
    # in the city between January and September" - the complement rules take the whole.
    if after is not None and not in_quote and _ends_statement(text, after.end, sent.end_char):
        if tok.lemma_ not in _SPEECH and len(after.parts) == 1 and _is_title(text[after.parts[0][0]:after.parts[0][1]]):
            return None  # "She watched “The Godfather”."
        parts = list(after.parts)
        parts.extend(_following_quotes(text, quotes, None, after.end, para_end))
        return parts, "quote_after"
    # 3. "according to X, ..." and "in a poll by X, ...": the rest of the clause is the content.
    if tok.lower_ in ("according", "in"):
        host = tok.head
        while host.dep_ not in ("ROOT", "ccomp", "conj") and host.head.i != host.i:
            host = host.head
        idx = [i for i in _subtree(host) if i < tok.left_edge.i or i > tok.right_edge.i]
        return _split_ranges(doc, _in_para(doc, idx, para_start, para_end)), tok.lower_
    # 4. A clausal complement: "X said (that) the ceasefire was holding."
    comp = [c for c in tok.children if c.dep_ in _CLAUSE]
    rule = comp[0].dep_ if comp else "dobj"
    if tok.pos_ == "NOUN" and not comp:
        # A nominal cue with a that-clause: "an admission by Kerry that he had “reached a
        # better understanding”", "Trump's claim that the election was rigged".
        comp = [c for c in tok.rights if c.dep_ == "acl" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
        rule = "noun_that"
        if not comp:
            return None
    if not comp:
        comp = _right_complements(tok)
    if comp:
        right_comp = [c for c in comp if c.i > tok.i]
        if rule == "dobj":
            idx = [i for c in comp for i in _subtree(c)]
            idx = list(range(min(idx), max(idx) + 1))
        else:
            c = right_comp[0] if right_comp else comp[0]
            idx = _trim_clause(doc, c)
            more = [m for m in right_comp[1:] if c.dep_ == m.dep_ == "ccomp" and not _circumstance(doc, tok, m)]
            if more:
                # "Lee explained that the vote was close, and that the count would take
                # days": the parser hangs the second that-clause on the cue, not on the
                # first; both are the content (on PolNeAR train in 73 of 94 cases).
                idx = list(range(idx[0], _trim_clause(doc, more[-1])[-1] + 1))
            if c.i > tok.i:
                # "donations, which he said were accompanied by favors": the relative word
                # before the cue opens the clause; the content is what follows the cue.
                idx = [i for i in idx if i > tok.i]
        idx = _trim_aside(doc, _in_para(doc, idx, para_start, para_end))
        if not idx:
            return None
        lo, hi = _edge(doc, idx)
        # A complement that starts or ends inside a quote takes the whole quote:
        # "she said “the economy is rigged” and left" -> the quoted words in full.
        q = quotes.containing(lo) or quotes.containing(hi - 1)
        if q is not None and len(q.parts) == 1 and para_start <= q.start and q.end <= para_end + 1:
            if lo >= q.start and hi <= q.end:
                # The complement is the quotation itself. "She watched “The Godfather”":
                # a title of a work, not words anybody said.
                if tok.lemma_ not in _SPEECH and _is_title(text[q.parts[0][0]:q.parts[0][1]]):
                    return None
                return [_strip(text, q.parts[0])], rule + "_q"
            lo, hi = min(lo, q.parts[0][0]), max(hi, q.parts[0][1])
            return [(lo, hi)], rule + "_q"
        return _split_ranges(doc, idx), rule
    # 4b. A stance put with "be" and an adjective: "Voters are skeptical of free trade",
    # "Most were certain they would vote".
    if tok.lemma_ == "be":
        stance = _stance(doc, tok)
        if stance is not None:
            idx = _in_para(doc, stance[0], para_start, para_end)
            if idx:
                return _split_ranges(doc, idx), stance[1]
    # 5. Parenthetical cue inside its content: "The ceasefire, he said, was holding."
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i != tok.i and not _subordinate(tok):
        host = tok.head
        idx = [i for i in _subtree(host) if i < tok.left_edge.i or i > tok.right_edge.i]
        idx = _in_para(doc, idx, para_start, para_end)
        if idx:
            return _split_ranges(doc, idx), "parenthetical"
    # 6. Colon without quotes: "Pushkov summed up the visit: there is nothing ..."
    nxt = right + 1
    while nxt < sent.end and doc[nxt].dep_ in ("dobj", "prep", "pobj", "det", "compound", "amod", "poss", "dative"):
        nxt += 1
    if nxt < sent.end and doc[nxt].text == ":":
        idx = list(range(nxt + 1, sent.end))
        if idx:
            return _split_ranges(doc, idx), "colon"
    # 7. A prepositional object: "called for an investigation", "complained about the mic".
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in _PREP_CONTENT:
            pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if pobj:
                idx = _in_para(doc, _subtree(pobj[0]), para_start, para_end)
                if idx:
                    return _split_ranges(doc, idx), "prep"
    # 8. Passive with an agent: "Clinton has been endorsed by dozens of papers."
    pas = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if pas:
        return _split_ranges(doc, _subtree(pas[0])), "passive"
    return None


# "In the latest poll, Trump leads by 8 points": PolNeAR makes the poll the source and
# "in" the cue. On train, 56 of 179 "in" phrases on "poll" or "survey" are such cues;
# other nouns after "in" almost never are (report 1 of 16, video 1 of 22).
_POLL_NOUNS = frozenset({"poll", "survey"})


def _poll(tok: "Token") -> "Token | None":
    """The poll that an "in" phrase names as the source ("in a Monmouth poll"), if any."""
    for c in tok.children:
        if c.dep_ == "pobj" and c.lemma_.lower() in _POLL_NOUNS:
            return c
    return None


_PREP_CONTENT = frozenset({"for", "about", "of", "on", "against", "over", "with", "to"})
_STANCE_PREPS = _PREP_CONTENT | {"in", "toward", "towards"}


def _stance(doc: "Doc", tok: "Token") -> tuple[list[int], str] | None:
    """What a copula cue's adjective is about, and the rule that found it.

    PolNeAR marks stances as attributions: "These voters are skeptical of free trade"
    (content "free trade"), "Forty percent were certain they would vote" (the clause).
    The adjective decides whether it is one ("happy with the result" rarely is); the
    filter sees it as a feature. Nouns ("a supporter of the plan") are left out: on
    PolNeAR train 50 of 1522 such candidates were right, against 185 of 1455 adjectives.
    """
    for c in tok.rights:
        if c.dep_ == "acomp":
            clause = [g for g in c.rights if g.dep_ in _CLAUSE]
            if clause:
                return _trim_clause(doc, clause[0]), "stance_clause"
            for g in c.rights:
                if g.dep_ == "prep" and g.lower_ in _STANCE_PREPS:
                    pobj = [o for o in g.children if o.dep_ in ("pobj", "pcomp")]
                    if pobj:
                        return _subtree(pobj[0]), "stance_prep"
            return None
    return None


def _split_ranges(doc: "Doc", idx: list[int]) -> list[Range]:
    return list(_ranges(doc, idx))


_CONDITIONAL_MARKS = frozenset({"if", "unless"})


def hypothetical(tok: "Token") -> bool:
    """Whether the cue heads a condition ("And if they refuse to answer?", "unless she says
    otherwise"): speech that is only supposed is nobody's report. (A feature of the filter
    for rule candidates; the tagger proposes no such cue.)"""
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS and c.i < tok.i for c in tok.children)


def discourse_marker(doc: "Doc", tok: "Token") -> bool:
    """Whether the cue is the "said" of a sentence-opening "That said," / "This said,": the
    writer turning to another point, not a report (a relative "a message that said, ..."
    is left alone)."""
    k = tok.i - 1
    return (k >= 0 and doc[k].lower_ in ("that", "this") and (k == 0 or doc[k].is_sent_start)
            and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ",")


def find_candidates(
    doc: "Doc", quotes: QuoteIndex, cue_lemmas: frozenset[str], para_ends: list[int]
) -> list[Candidate]:
    """Every candidate attribution around a cue token of ``doc``.

    Args:
        doc: the parsed article.
        quotes: the article's quotation spans.
        cue_lemmas: lemmas that may head a cue (the shipped lexicon).
        para_ends: sorted paragraph end offsets.

    Returns:
        Candidates in token order (at most one per cue token).
    """
    out: list[Candidate] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        poll = None
        if tok.lower_ == "according":
            lemma = "according"
            if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
                continue
        elif tok.lower_ == "in":
            poll = _poll(tok) if tok.dep_ == "prep" else None
            if poll is None:
                continue
        if lemma not in cue_lemmas:
            continue
        if lemma in ("according", "in"):
            pass
        elif tok.pos_ not in ("VERB", "NOUN", "AUX") or tok.dep_ in ("amod", "compound"):
            # "the said agreement": an adjective, not a cue.
            continue
        if discourse_marker(doc, tok):
            continue
        k = bisect.bisect_left(para_ends, tok.idx)
        para = (para_ends[k - 1] + 1 if k else 0, para_ends[k] if k < len(para_ends) else len(quotes.text))
        subj = subject_of(tok)
        own_subject = subj is not None and subj.head.i == tok.i
        speaker = _subtree(subj) if subj is not None and own_subject else _name_before(doc, tok)
        found = _content_of(doc, tok, speaker, quotes, para)
        if not found or not found[0]:
            continue
        content_list, rule = found
        content = tuple(r for r in content_list if r[1] > r[0])
        if not content or bare_pronoun(quotes.text, content):
            continue
        # A cue inside its own content (a dependency loop through a quote) is no cue.
        if any(a <= tok.idx < b for a, b in content):
            continue
        if tok.lower_ == "according":
            to = doc[tok.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            src_idx = _subtree(pobj[0]) if pobj else []
            cue_idx = [tok.i, tok.i + 1]
        elif poll is not None:
            src_idx = _subtree(poll)
            cue_idx = [tok.i]
        else:
            if writers_voice(doc, tok, subj):
                continue
            src_idx = _source_span(doc, subj) if subj is not None else []
            if rule in ("quote_before", "quote_lead") and not own_subject:
                # a subject found by climbing from a cue hung on the quote's verb is the
                # quote's own ("We"); the name between the quote and the cue speaks
                src_idx = speaker or src_idx
            if not src_idx and tok.dep_ == "acl" and (tok.head.pos_ == "PROPN" or tok.head.ent_type_ in _SPEAKER_ENTS):
                # "President Obama, saying the issue was manufactured, ..."
                src_idx = [i for i in _subtree(tok.head) if i < tok.left_edge.i]
            if rule == "passive":
                agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                src_idx = _subtree(agent[0]) if agent else []
            if not src_idx and tok.pos_ == "NOUN":
                # "Trump's claim that ...", "an admission by Kerry that ...": the possessor
                # or the by-phrase speaks.
                poss = [c for c in tok.children if c.dep_ == "poss"]
                by = [g for c in tok.rights if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
                src_idx = _subtree(poss[0]) if poss else (_subtree(by[0]) if by else [])
            cue_idx = [tok.i]
        # A speaker is in the cue's paragraph: the parser can glue a dateline or a time stamp
        # to the next paragraph's subject ("12:15 p.m.\n\nTrump says ..." gives "p.m.").
        src_idx = _in_para(doc, src_idx, para[0], para[1])
        source = _ranges(doc, src_idx) or None
        if source and any(a < d and c < b for a, b in source for c, d in content):
            source = None
        kind = _kind(quotes.text, content, rule, quotes)
        cand = Candidate(tok.i, _ranges(doc, cue_idx), content, source, kind, rule, lemma)
        out.append(cand)
    out.extend(_colon_speakers(doc, quotes, para_ends))
    out.extend(_signed_quotes(doc, quotes, para_ends))
    return out


# "PENCE: Gennifer Flowers will not be attending ..." (transcripts) and headlines such as
# "Pat Caddell: Democrat Voters Worried ...": a paragraph that opens with a short capitalised
# name and a colon gives the rest of the paragraph to that name.
_COLON_SPEAKER = re.compile(
    r"[\"“'‘]*((?:[A-Z][\w.'’-]*|of|the)(?: (?:[A-Z][\w.'’-]*|of|the)){0,4}): +(?=\S)"
)
_NOT_SPEAKERS = frozenset({
    "update", "note", "editor's note", "photo", "read more", "watch", "video", "source",
    "sources", "related", "transcript", "q", "a", "see also", "advertisement", "updated",
})


# The last word of a label that introduces a picture or a note, not a speaker ("FILE PHOTO",
# "REUTERS PICTURE", "Video", "Editor's Note").
_MEDIA_WORDS = frozenset({"photo", "photos", "picture", "pictures", "image", "images", "video", "videos",
                          "graphic", "caption", "note"})


def _media_label(label: str) -> bool:
    """Whether a capitalised label before a colon names no speaker (a caption's or an
    editor's label, "Read more", "Q")."""
    words = label.lower().split()
    return label.lower() in _NOT_SPEAKERS or words[-1] in _MEDIA_WORDS


def _colon_speakers(doc: "Doc", quotes: QuoteIndex, para_ends: list[int]) -> list[Candidate]:
    text = quotes.text
    out: list[Candidate] = []
    labels: list[str] = []  # of the turns that read as speech
    spoken: list[bool] = []  # per candidate
    start = 0
    for end in para_ends:
        m = _COLON_SPEAKER.match(text, start, end)
        if m and not _media_label(m.group(1)) and m.end() < end:
            colon = m.end(1)
            span = doc.char_span(colon, colon + 1)
            name = doc.char_span(m.start(1), m.end(1))
            body = _strip(text, (m.end(), end))
            if span is not None and name is not None and body[1] > body[0]:
                spoken.append(_speech(doc, body))
                if spoken[-1]:
                    labels.append(m.group(1).split()[-1].casefold())
                out.append(Candidate(
                    span[0].i, ((colon, colon + 1),), (body,), ((m.start(1), m.end(1)),),
                    "direct", "colon_speaker", ":",
                ))
        start = end + 1
    # A transcript: several paragraphs open with a speaker label, and some speaker comes
    # back ("WALLACE: ... / PENCE: ... / WALLACE: ..."). One label alone is more often a
    # headline ("Pat Caddell: Democrat Voters Worried") or a list ("Monday: talks resume").
    if len(labels) >= 3 and len(set(labels)) < len(labels) and len(set(labels)) >= 2:
        out = [replace(c, rule="colon_dialogue") if speech else c for c, speech in zip(out, spoken)]
    return out


def _speech(doc: "Doc", body: Range) -> bool:
    """Whether a labelled paragraph reads as speech: a clause with a verb, not a tally or a
    form field ("Clinton: 2,316." "Age: 27")."""
    span = doc.char_span(body[0], body[1], alignment_mode="expand")
    if span is None:
        return False
    words = sum(1 for t in span if t.is_alpha)
    return words >= 3 and any(t.pos_ in ("VERB", "AUX") for t in span)


# A quotation that fills its paragraph and is signed with a dash and a name, as pull quotes,
# reader voices and epigraphs are: "“We were never asked once.” ― Dana Whitfield". The
# shape of rule 1 (“...,” X said) with the dash as the cue, so it is scored as rule 1 is
# (training data has no signed quotes to learn a rule of its own from).
_SIGNATURE = re.compile(
    r"\s*[―—–]\s*([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,4})\s*(?:,[^\n]{0,80}?)?[\s.]*"
)


def _signed_quotes(doc: "Doc", quotes: QuoteIndex, para_ends: list[int]) -> list[Candidate]:
    text = quotes.text
    out: list[Candidate] = []
    start = 0
    for end in para_ends:
        first = _strip(text, (start, end))[0]
        q = quotes.containing(first)
        if q is not None and q.start == first and q.end < end:
            m = _SIGNATURE.fullmatch(text, q.end, end)
            if m:
                at = _strip(text, (q.end, end))[0]  # the dash
                cue = doc.char_span(at, at + 1, alignment_mode="expand")  # "―Ana" may be one token
                name_end = m.end(1)
                if text[name_end - 1] == "." and len(m.group(1).split()[-1]) > 2:
                    name_end -= 1  # "― Ana Ruiz." ends a sentence; "― Ed G." keeps its initial
                if cue is not None:
                    out.append(Candidate(
                        cue[0].i, ((at, at + 1),), tuple(_strip(text, r) for r in q.parts),
                        ((m.start(1), name_end),), "direct", "quote_before", text[at],
                    ))
        start = end + 1
    return out


def _kind(text: str, content: Ranges, rule: str, quotes: QuoteIndex) -> AttributionKind:
    if rule == "quote_lead":
        return "mixed"
    if rule.startswith("quote"):
        return "direct"
    if len(content) == 1:
        # A complement that is exactly one quotation: "summed up the visit: “There is ...”"
        q = quotes.containing(content[0][0])
        if q is not None and len(q.parts) == 1 and content[0] == _strip(text, q.parts[0]):
            return "direct"
    for a, b in content:
        if _HAS_MARK.search(text, a, b):
            return "mixed"
    return "indirect"


def _strip(text: str, rng: Range) -> Range:
    """A range without edge whitespace (token ranges never start or end with a space)."""
    a, b = rng
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_HAS_MARK = re.compile(r"[\"“”«»]|''|``")
