"""Candidate attributions from dependency rules around cue words.

Finding is split from deciding (spaCy's ``span_ruler`` does the same): this module turns
every plausible cue token of a parsed ``Doc`` into one :class:`Candidate` with speaker,
cue and content spans plus the features the learned filter (``component.py``) scores.
Nothing here decides whether a candidate is kept.

Token-level work is kept small: one pass over the tokens with a set lookup per token;
only the (few) cue tokens get the tree walks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import AttributionKind, Range, Ranges
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJ = {"nsubj", "csubj"}
_CLAUSE = ("ccomp", "xcomp")
# Between a quote and its speaker only punctuation may stand: "“...,” he said."
_GAP_BEFORE = re.compile(r"[\s,.;—–-]*")
# Between a cue and a following quote: "he said: “...”", "she told reporters, “...”".
_GAP_AFTER = re.compile(r"[\s,:;—–-]*")
_GAP_LOOSE = re.compile(r"[\s,:;.—–-]*")
_WH = {"what", "whether", "how", "why", "who", "when", "where", "if"}


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
    features: dict[str, float] = field(default_factory=dict)


def _ranges(doc: "Doc", idx: list[int]) -> Ranges:
    """Token indices -> merged character ranges, edge punctuation dropped."""
    idx = sorted(i for i in set(idx) if not doc[i].is_space)
    while idx and doc[idx[0]].is_punct:
        idx.pop(0)
    while idx and doc[idx[-1]].is_punct:
        idx.pop()
    out: list[list[int]] = []
    prev = -2
    for i in idx:
        t = doc[i]
        if i == prev + 1 and out:
            out[-1][1] = t.idx + len(t)
        else:
            out.append([t.idx, t.idx + len(t)])
        prev = i
    return tuple((a, b) for a, b in out)


def _subtree(tok: "Token") -> list[int]:
    return list(range(tok.left_edge.i, tok.right_edge.i + 1))


def _subject(tok: "Token") -> "Token | None":
    """The speaker head of a cue verb, climbing through conjoined and adverbial clauses.

    "Trump attacked the judge, saying he was biased" - ``saying`` has no subject of its
    own; the speaker is the subject of ``attacked``.
    """
    cur = tok
    for _ in range(3):
        for c in cur.children:
            if c.dep_ in _SUBJ:
                return c
            if c.dep_ == "agent":  # "was told by officials"
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp") and cur.head is not cur:
            cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                return None
        else:
            return None
    return None


def _source_span(doc: "Doc", subj: "Token") -> list[int]:
    """The speaker's tokens: the subject's subtree.

    PolNeAR marks a relative pronoun itself as the speaker ("Sanders, *who* said he
    would stay"); the speakers stage resolves it, so it is kept as it is.
    """
    return _subtree(subj)


class QuoteIndex:
    """Quotes of one text with a bisect lookup by character offset."""

    def __init__(self, quotes: list[Quote]):
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
            if floor <= q.start and q.end <= char and _GAP_BEFORE.fullmatch(text, q.end, char):
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


def _right_complements(tok: "Token") -> list["Token"]:
    """Object-like dependents right of the cue: "called Friday's decision a huge win"."""
    return [c for c in tok.rights if c.dep_ in ("dobj", "oprd", "dative") or (c.dep_ == "prep" and c.lower_ == "as")]


def _in_para(doc: "Doc", idx: list[int], lo: int, hi: int) -> list[int]:
    return [i for i in idx if lo <= doc[i].idx < hi]


def _content_of(doc: "Doc", tok: "Token", quotes: QuoteIndex, para: tuple[int, int]) -> tuple[list[Range], str] | None:
    """Content ranges and the rule that found them for the cue ``tok``."""
    text = doc.text
    sent = tok.sent
    para_start, para_end = para
    subj = _subject(tok)
    clause = _subtree(subj) if subj is not None and subj.head is tok else []
    left = min([tok.i] + clause)
    right = max([tok.i] + clause)
    for c in tok.rights:  # "said in a statement", "told reporters": part of the cue clause
        if c.dep_ in ("prep", "npadvmod", "dative", "advmod") and c.lower_ != "as" or (c.dep_ == "dobj" and c.pos_ in ("PRON", "PROPN", "NOUN") and tok.lemma_ == "tell"):
            right = max(right, c.right_edge.i)
        else:
            break
    in_quote = quotes.containing(tok.idx) is not None
    # 1. Quote right before the cue clause: "“We will win,” Trump said." Interrupted quotes
    # continue after it: "“We will win,” he said, “and then we will govern.”"
    before = quotes.ending_before(text, doc[left].idx, para_start)
    after_char = doc[right].idx + len(doc[right])
    after = quotes.starting_after(text, after_char, para_end + 1)
    # ...unless the cue governs its own (unquoted) complement: "“Yes.” Trump said the economy grew."
    own = any(
        c.dep_ in _CLAUSE and c.i > tok.i and quotes.containing(c.idx) is None for c in tok.children
    )
    if before is not None and not own and not in_quote:
        parts = list(before.parts)
        parts.extend(_following_quotes(text, quotes, after, after_char, para_end))
        return parts, "quote_before"
    # 2. Quote right after the cue: "Kerry would only divulge: “That’s a secret.”"
    if after is not None and not in_quote:
        parts = list(after.parts)
        parts.extend(_following_quotes(text, quotes, None, after.end, para_end))
        return parts, "quote_after"
    # 3. "according to X, ..." - the rest of the clause is the content.
    if tok.lower_ == "according":
        host = tok.head
        while host.dep_ not in ("ROOT", "ccomp", "conj") and host.head is not host:
            host = host.head
        idx = [i for i in _subtree(host) if i < tok.left_edge.i or i > tok.right_edge.i]
        return _split_ranges(doc, _in_para(doc, idx, para_start, para_end)), "according"
    # 4. A clausal complement: "X said (that) the ceasefire was holding."
    comp = [c for c in tok.children if c.dep_ in _CLAUSE]
    rule = comp[0].dep_ if comp else "dobj"
    if not comp:
        comp = _right_complements(tok)
    if comp:
        right_comp = [c for c in comp if c.i > tok.i]
        if rule == "dobj":
            idx = [i for c in comp for i in _subtree(c)]
            idx = list(range(min(idx), max(idx) + 1))
        else:
            c = right_comp[0] if right_comp else comp[0]
            idx = _subtree(c)
        idx = _in_para(doc, idx, para_start, para_end)
        if not idx:
            return None
        lo, hi = _edge(doc, idx)
        # A complement that starts or ends inside a quote takes the whole quote:
        # "she said “the economy is rigged” and left" -> the quoted words in full.
        q = quotes.containing(lo) or quotes.containing(hi - 1)
        if q is not None and len(q.parts) == 1 and para_start <= q.start and q.end <= para_end + 1:
            lo, hi = min(lo, q.parts[0][0]), max(hi, q.parts[0][1])
            return [(lo, hi)], rule + "_q"
        return _split_ranges(doc, idx), rule
    # 5. Parenthetical cue inside its content: "The ceasefire, he said, was holding."
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i != tok.i:
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


_PREP_CONTENT = frozenset({"for", "about", "of", "on", "against", "over", "with", "to"})


def _split_ranges(doc: "Doc", idx: list[int]) -> list[Range]:
    return list(_ranges(doc, idx))


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
        if tok.lower_ == "according":
            lemma = "according"
            if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
                continue
        if lemma not in cue_lemmas:
            continue
        if lemma == "according":
            pass
        elif tok.pos_ not in ("VERB", "NOUN", "AUX") or tok.dep_ in ("amod", "compound"):
            # "the said agreement": an adjective, not a cue.
            continue
        k = bisect.bisect_left(para_ends, tok.idx)
        para = (para_ends[k - 1] + 1 if k else 0, para_ends[k] if k < len(para_ends) else len(doc.text))
        found = _content_of(doc, tok, quotes, para)
        if not found or not found[0]:
            continue
        content_list, rule = found
        content = tuple(r for r in content_list if r[1] > r[0])
        if not content:
            continue
        # A cue inside its own content (a dependency loop through a quote) is no cue.
        if any(a <= tok.idx < b for a, b in content):
            continue
        if tok.lower_ == "according":
            to = doc[tok.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            src_idx = _subtree(pobj[0]) if pobj else []
            cue_idx = [tok.i, tok.i + 1]
        else:
            subj = _subject(tok)
            src_idx = _source_span(doc, subj) if subj is not None else []
            if not src_idx and tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN"):
                # "President Obama, saying the issue was manufactured, ..."
                src_idx = [i for i in _subtree(tok.head) if i < tok.left_edge.i]
            if rule == "passive":
                agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                src_idx = _subtree(agent[0]) if agent else []
            if not src_idx and tok.pos_ == "NOUN":
                # "Trump's claim that ...": the possessor speaks.
                poss = [c for c in tok.children if c.dep_ == "poss"]
                src_idx = _subtree(poss[0]) if poss else []
            cue_idx = [tok.i]
        source = _ranges(doc, src_idx) or None
        if source and any(a < d and c < b for a, b in source for c, d in content):
            source = None
        kind = _kind(doc.text, content, rule, quotes)
        cand = Candidate(tok.i, _ranges(doc, cue_idx), content, source, kind, rule, lemma)
        out.append(cand)
    return out


def _kind(text: str, content: Ranges, rule: str, quotes: QuoteIndex) -> AttributionKind:
    if rule.startswith("quote"):
        return "direct"
    for a, b in content:
        if _HAS_MARK.search(text, a, b):
            return "mixed"
    return "indirect"


_HAS_MARK = re.compile(r"[\"“”«»]|''|``")
