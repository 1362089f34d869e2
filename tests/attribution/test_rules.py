"""Rule candidates on hand-built Docs (no model): one test per construction.

Each token is ``(text, space_after, head, dep, pos, lemma)``; ``head`` is an absolute index.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from saidwhat.attribution.quotes import find_quotes
from saidwhat.attribution.rules import Candidate, QuoteIndex, find_candidates

CUES = frozenset({
    "say", "according", "believe", "want", "tweet", "divulge", "call", "sum", "watch",
    "accuse", "opine", "explain", "announce", "speculate",
})
Tok = tuple[str, bool, int, str, str, str]
VOCAB = spacy.blank("en").vocab  # lexical attributes (lower_, is_punct) without a model


def make_doc(tokens: list[Tok]) -> Doc:
    words, spaces, heads, deps, pos, lemmas = (list(x) for x in zip(*tokens))
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def candidates(doc: Doc, cues: frozenset[str] = CUES) -> list[Candidate]:
    text = doc.text
    ends = [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]
    return find_candidates(doc, QuoteIndex(text, find_quotes(text)), cues, ends)


def spans(doc: Doc, cand: Candidate) -> tuple[str | None, str, list[str], str]:
    t = doc.text
    src = " ".join(t[a:b] for a, b in cand.source) if cand.source else None
    cue = " ".join(t[a:b] for a, b in cand.cue)
    return src, cue, [t[a:b] for a, b in cand.content], cand.kind


OFFICIALS_SAID = [
    ("Officials", True, 1, "nsubj", "NOUN", "official"),
    ("said", True, 1, "ROOT", "VERB", "say"),
    ("the", True, 3, "det", "DET", "the"),
    ("ceasefire", True, 5, "nsubj", "NOUN", "ceasefire"),
    ("was", True, 5, "aux", "AUX", "be"),
    ("holding", False, 1, "ccomp", "VERB", "hold"),
    (".", False, 1, "punct", "PUNCT", "."),
]

QUOTE_BEFORE = [
    ("“", False, 7, "punct", "PUNCT", "“"),
    ("We", True, 3, "nsubj", "PRON", "we"),
    ("will", True, 3, "aux", "AUX", "will"),
    ("win", False, 7, "ccomp", "VERB", "win"),
    (",", False, 7, "punct", "PUNCT", ","),
    ("”", True, 7, "punct", "PUNCT", "”"),
    ("Trump", True, 7, "nsubj", "PROPN", "Trump"),
    ("said", False, 7, "ROOT", "VERB", "say"),
    (".", False, 7, "punct", "PUNCT", "."),
]

INTERRUPTED = [
    ("“", False, 7, "punct", "PUNCT", "“"),
    ("We", True, 3, "nsubj", "PRON", "we"),
    ("will", True, 3, "aux", "AUX", "will"),
    ("win", False, 7, "ccomp", "VERB", "win"),
    (",", False, 7, "punct", "PUNCT", ","),
    ("”", True, 7, "punct", "PUNCT", "”"),
    ("she", True, 7, "nsubj", "PRON", "she"),
    ("said", False, 7, "ROOT", "VERB", "say"),
    (",", True, 7, "punct", "PUNCT", ","),
    ("“", False, 12, "punct", "PUNCT", "“"),
    ("and", True, 12, "cc", "CCONJ", "and"),
    ("then", True, 12, "advmod", "ADV", "then"),
    ("govern", False, 7, "ccomp", "VERB", "govern"),
    (".", False, 7, "punct", "PUNCT", "."),
    ("”", False, 7, "punct", "PUNCT", "”"),
]

COLON_QUOTE = [
    ("The", True, 1, "det", "DET", "the"),
    ("minister", True, 2, "nsubj", "NOUN", "minister"),
    ("divulged", False, 2, "ROOT", "VERB", "divulge"),
    (":", True, 2, "punct", "PUNCT", ":"),
    ("“", False, 6, "punct", "PUNCT", "“"),
    ("That", True, 6, "nsubj", "PRON", "that"),
    ("is", True, 2, "ccomp", "AUX", "be"),
    ("a", True, 8, "det", "DET", "a"),
    ("secret", False, 6, "attr", "NOUN", "secret"),
    (".", False, 2, "punct", "PUNCT", "."),
    ("”", False, 2, "punct", "PUNCT", "”"),
]

ACCORDING = [
    ("According", True, 7, "prep", "VERB", "accord"),
    ("to", True, 0, "prep", "ADP", "to"),
    ("the", True, 3, "det", "DET", "the"),
    ("Kremlin", False, 1, "pobj", "PROPN", "Kremlin"),
    (",", True, 7, "punct", "PUNCT", ","),
    ("the", True, 6, "det", "DET", "the"),
    ("talks", True, 7, "nsubj", "NOUN", "talk"),
    ("were", True, 7, "ROOT", "AUX", "be"),
    ("productive", False, 7, "acomp", "ADJ", "productive"),
    (".", False, 7, "punct", "PUNCT", "."),
]

PARENTHETICAL = [
    ("The", True, 1, "det", "DET", "the"),
    ("ceasefire", False, 7, "nsubj", "NOUN", "ceasefire"),
    (",", True, 7, "punct", "PUNCT", ","),
    ("he", True, 4, "nsubj", "PRON", "he"),
    ("said", False, 7, "parataxis", "VERB", "say"),
    (",", True, 7, "punct", "PUNCT", ","),
    ("was", True, 7, "aux", "AUX", "be"),
    ("holding", False, 7, "ROOT", "VERB", "hold"),
    (".", False, 7, "punct", "PUNCT", "."),
]

BELIEVES = [
    ("The", True, 1, "det", "DET", "the"),
    ("senator", True, 2, "nsubj", "NOUN", "senator"),
    ("believes", True, 2, "ROOT", "VERB", "believe"),
    ("the", True, 4, "det", "DET", "the"),
    ("bill", True, 6, "nsubj", "NOUN", "bill"),
    ("will", True, 6, "aux", "AUX", "will"),
    ("pass", False, 2, "ccomp", "VERB", "pass"),
    (".", False, 2, "punct", "PUNCT", "."),
]

MIXED = [
    ("She", True, 1, "nsubj", "PRON", "she"),
    ("said", True, 1, "ROOT", "VERB", "say"),
    ("the", True, 3, "det", "DET", "the"),
    ("system", True, 4, "nsubj", "NOUN", "system"),
    ("was", True, 1, "ccomp", "AUX", "be"),
    ("“", False, 6, "punct", "PUNCT", "“"),
    ("rigged", False, 4, "acomp", "ADJ", "rigged"),
    ("”", False, 1, "punct", "PUNCT", "”"),
    (".", False, 1, "punct", "PUNCT", "."),
]


@pytest.mark.parametrize(
    "tokens,expected",
    [
        (OFFICIALS_SAID, ("Officials", "said", ["the ceasefire was holding"], "indirect")),
        (QUOTE_BEFORE, ("Trump", "said", ["We will win,"], "direct")),
        (INTERRUPTED, ("she", "said", ["We will win,", "and then govern."], "direct")),
        (COLON_QUOTE, ("The minister", "divulged", ["That is a secret."], "direct")),
        (ACCORDING, ("the Kremlin", "According to", ["the talks were productive"], "indirect")),
        (PARENTHETICAL, ("he", "said", ["The ceasefire", "was holding"], "indirect")),
        (BELIEVES, ("The senator", "believes", ["the bill will pass"], "indirect")),
        (MIXED, ("She", "said", ["the system was “rigged"], "mixed")),
    ],
    ids=["indirect", "quote-before", "interrupted", "colon-quote", "according-to",
         "parenthetical", "internal-state", "mixed"],
)
def test_construction(tokens: list[Tok], expected: tuple[str, str, list[str], str]) -> None:
    doc = make_doc(tokens)
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [expected]


def test_said_as_adjective_is_no_cue() -> None:
    # "The said agreement was signed."
    doc = make_doc([
        ("The", True, 2, "det", "DET", "the"),
        ("said", True, 2, "amod", "VERB", "say"),
        ("agreement", True, 4, "nsubjpass", "NOUN", "agreement"),
        ("was", True, 4, "auxpass", "AUX", "be"),
        ("signed", False, 4, "ROOT", "VERB", "sign"),
        (".", False, 4, "punct", "PUNCT", "."),
    ])
    assert candidates(doc) == []


def test_scare_quotes_without_a_cue_give_nothing() -> None:
    # "The so-called “reform” failed."
    doc = make_doc([
        ("The", True, 3, "det", "DET", "the"),
        ("so-called", True, 3, "amod", "ADJ", "so-called"),
        ("“", False, 3, "punct", "PUNCT", "“"),
        ("reform", False, 5, "nsubj", "NOUN", "reform"),
        ("”", True, 3, "punct", "PUNCT", "”"),
        ("failed", False, 5, "ROOT", "VERB", "fail"),
        (".", False, 5, "punct", "PUNCT", "."),
    ])
    assert candidates(doc) == []


def test_cue_governing_its_own_clause_does_not_take_the_previous_quote() -> None:
    # "“Yes.” Officials said the ceasefire was holding." - the quote is someone else's.
    doc = make_doc([
        ("“", False, 1, "punct", "PUNCT", "“"),
        ("Yes", False, 1, "ROOT", "INTJ", "yes"),
        (".", False, 1, "punct", "PUNCT", "."),
        ("”", True, 1, "punct", "PUNCT", "”"),
    ] + [(w, s, h + 4, d, p, lem) for w, s, h, d, p, lem in OFFICIALS_SAID])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Officials", "said", ["the ceasefire was holding"], "indirect")]


def test_title_of_a_work_in_quotation_marks_is_no_content() -> None:
    # "She watched “The Godfather”." - a dobj that is exactly a Title Cased quotation
    doc = make_doc([
        ("She", True, 1, "nsubj", "PRON", "she"),
        ("watched", True, 1, "ROOT", "VERB", "watch"),
        ("“", False, 4, "punct", "PUNCT", "“"),
        ("The", True, 4, "det", "DET", "the"),
        ("Godfather", False, 1, "dobj", "PROPN", "Godfather"),
        ("”", False, 4, "punct", "PUNCT", "”"),
        (".", False, 1, "punct", "PUNCT", "."),
    ])
    assert candidates(doc) == []


def test_transcript_speaker_before_a_colon() -> None:
    # "WALLACE: Let us start." - the paragraph belongs to the name before the colon
    doc = make_doc([
        ("WALLACE", False, 4, "nsubj", "PROPN", "WALLACE"),
        (":", True, 4, "punct", "PUNCT", ":"),
        ("Let", True, 4, "ROOT", "VERB", "let"),
        ("us", True, 4, "nsubj", "PRON", "we"),
        ("start", False, 2, "ccomp", "VERB", "start"),
        (".", False, 2, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("WALLACE", ":", ["Let us start."], "direct")]


def _paragraphs(lines: list[list[tuple[str, str]]]) -> Doc:
    """One paragraph per line, each a flat tree under its first token: (word, pos) pairs."""
    tokens: list[Tok] = []
    for n, line in enumerate(lines):
        root = len(tokens)
        for k, (word, pos) in enumerate(line):
            glued = k + 1 < len(line) and line[k + 1][0] in (":", ".", ",")
            tokens.append((word, not glued and k + 1 < len(line), root, "ROOT" if k == 0 else "dep", pos, word.lower()))
        if n + 1 < len(lines):
            tokens.append(("\n", False, root, "dep", "SPACE", "\n"))
    return make_doc(tokens)


def _said(label: str, *words: str) -> list[tuple[str, str]]:
    return [(label, "PROPN"), (":", "PUNCT")] + [(w, "VERB" if w in ("wait", "talk", "agree", "is") else "PRON")
                                                 for w in words] + [(".", "PUNCT")]


def test_transcript_dialogue_is_marked() -> None:
    # "MORAN: ... / HOLT: ... / MORAN: ...": speakers take turns, so every turn is a dialogue line
    doc = _paragraphs([_said("MORAN", "we", "all", "wait"), _said("HOLT", "we", "all", "talk"),
                       _said("MORAN", "they", "all", "agree")])
    found = candidates(doc)
    assert [(spans(doc, c)[0], c.rule) for c in found] == [
        ("MORAN", "colon_dialogue"), ("HOLT", "colon_dialogue"), ("MORAN", "colon_dialogue")]


def test_labels_without_speech_are_no_dialogue() -> None:
    # a tally ("Clinton: 2,316.") has labels that repeat, but nobody says anything
    doc = _paragraphs([[("Lund", "PROPN"), (":", "PUNCT"), ("2,316", "NUM"), (".", "PUNCT")],
                       [("Berg", "PROPN"), (":", "PUNCT"), ("1,547", "NUM"), (".", "PUNCT")],
                       [("Lund", "PROPN"), (":", "PUNCT"), ("61", "NUM"), (".", "PUNCT")]])
    assert {c.rule for c in candidates(doc)} == {"colon_speaker"}


def test_quote_signed_with_a_dash() -> None:
    # "“We waited too long.” ― Dana Whitfield." - a reader's voice signed under the quote
    doc = make_doc([
        ("“", False, 3, "punct", "PUNCT", "“"),
        ("We", True, 2, "nsubj", "PRON", "we"),
        ("waited", True, 2, "ROOT", "VERB", "wait"),
        ("long", False, 2, "advmod", "ADV", "long"),
        (".", False, 2, "punct", "PUNCT", "."),
        ("”", True, 2, "punct", "PUNCT", "”"),
        ("―", True, 8, "punct", "PUNCT", "―"),
        ("Dana", True, 8, "compound", "PROPN", "Dana"),
        ("Whitfield", False, 8, "ROOT", "PROPN", "Whitfield"),
        (".", False, 8, "punct", "PUNCT", "."),
    ])
    found = [(spans(doc, c), c.rule) for c in candidates(doc)]
    assert found == [(("Dana Whitfield", "―", ["We waited long."], "direct"), "quote_before")]


def test_name_between_quote_and_a_cue_hung_on_the_quote() -> None:
    # "“We win.” Ana Ruiz said." parsed with "said" conjoined to the quote's "win" and the
    # name on nothing useful: the name speaks, not the quote's "We"
    doc = make_doc([
        ("“", False, 2, "punct", "PUNCT", "“"),
        ("We", True, 2, "nsubj", "PRON", "we"),
        ("win", False, 2, "ROOT", "VERB", "win"),
        (".", False, 2, "punct", "PUNCT", "."),
        ("”", True, 2, "punct", "PUNCT", "”"),
        ("Ana", True, 6, "compound", "PROPN", "Ana"),
        ("Ruiz", True, 2, "dep", "PROPN", "Ruiz"),
        ("said", False, 2, "conj", "VERB", "say"),
        (".", False, 7, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Ana Ruiz", "said", ["We win."], "direct")]


def test_lead_in_of_a_mixed_quote_stays_in_its_paragraph() -> None:
    # "Update\nLee backs “the plan”, she said." parsed as one sentence across the line
    # break: the time stamp paragraph above is not part of her words
    doc = make_doc([
        ("Update", False, 3, "npadvmod", "NOUN", "update"),
        ("\n", False, 0, "dep", "SPACE", "\n"),
        ("Lee", True, 3, "nsubj", "PROPN", "Lee"),
        ("backs", True, 10, "ccomp", "VERB", "back"),
        ("“", False, 6, "punct", "PUNCT", "“"),
        ("the", True, 6, "det", "DET", "the"),
        ("plan", False, 3, "dobj", "NOUN", "plan"),
        ("”", False, 6, "punct", "PUNCT", "”"),
        (",", True, 10, "punct", "PUNCT", ","),
        ("she", True, 10, "nsubj", "PRON", "she"),
        ("said", False, 10, "ROOT", "VERB", "say"),
        (".", False, 10, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("she", "said", ["Lee backs “the plan"], "mixed")]


def test_charge_after_the_object_belongs_to_the_content() -> None:
    # "Lee accused the mayor of hiding the report." - the "of" phrase is the charge,
    # not a circumstance: the content runs on through it
    doc = make_doc([
        ("Lee", True, 1, "nsubj", "PROPN", "Lee"),
        ("accused", True, 1, "ROOT", "VERB", "accuse"),
        ("the", True, 3, "det", "DET", "the"),
        ("mayor", True, 1, "dobj", "NOUN", "mayor"),
        ("of", True, 1, "prep", "ADP", "of"),
        ("hiding", True, 4, "pcomp", "VERB", "hide"),
        ("the", True, 7, "det", "DET", "the"),
        ("report", False, 5, "dobj", "NOUN", "report"),
        (".", False, 1, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Lee", "accused", ["the mayor of hiding the report"], "indirect")]


def test_cue_in_a_clause_of_time_reports_its_own_object() -> None:
    # "Students listened while Lee opined on the budget." - the "while" clause is not a
    # parenthetical inside "Students listened"; Lee opined on the budget
    doc = make_doc([
        ("Students", True, 1, "nsubj", "NOUN", "student"),
        ("listened", True, 1, "ROOT", "VERB", "listen"),
        ("while", True, 4, "mark", "SCONJ", "while"),
        ("Lee", True, 4, "nsubj", "PROPN", "Lee"),
        ("opined", True, 1, "advcl", "VERB", "opine"),
        ("on", True, 4, "prep", "ADP", "on"),
        ("the", True, 7, "det", "DET", "the"),
        ("budget", False, 5, "pobj", "NOUN", "budget"),
        (".", False, 1, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Lee", "opined", ["the budget"], "indirect")]


def test_second_that_clause_on_the_cue_continues_the_content() -> None:
    # "Lee explained that the vote was close, and that the count would take days." parsed
    # with both that-clauses on "explained": the content is both
    doc = make_doc([
        ("Lee", True, 1, "nsubj", "PROPN", "Lee"),
        ("explained", True, 1, "ROOT", "VERB", "explain"),
        ("that", True, 5, "mark", "SCONJ", "that"),
        ("the", True, 4, "det", "DET", "the"),
        ("vote", True, 5, "nsubj", "NOUN", "vote"),
        ("was", True, 1, "ccomp", "AUX", "be"),
        ("close", False, 5, "acomp", "ADJ", "close"),
        (",", True, 1, "punct", "PUNCT", ","),
        ("and", True, 1, "cc", "CCONJ", "and"),
        ("that", True, 13, "mark", "SCONJ", "that"),
        ("the", True, 11, "det", "DET", "the"),
        ("count", True, 13, "nsubj", "NOUN", "count"),
        ("would", True, 13, "aux", "AUX", "would"),
        ("take", True, 1, "ccomp", "VERB", "take"),
        ("days", False, 13, "dobj", "NOUN", "day"),
        (".", False, 1, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Lee", "explained", ["that the vote was close, and that the count would take days"], "indirect")]


def test_cue_under_a_preposition_takes_the_subject_of_the_main_verb() -> None:
    # "Since announcing that he would run, Lee was loyal." - the one announcing is Lee,
    # found through the preposition "Since"
    doc = make_doc([
        ("Since", True, 8, "prep", "ADP", "since"),
        ("announcing", True, 0, "pcomp", "VERB", "announce"),
        ("that", True, 5, "mark", "SCONJ", "that"),
        ("he", True, 5, "nsubj", "PRON", "he"),
        ("would", True, 5, "aux", "AUX", "would"),
        ("run", False, 1, "ccomp", "VERB", "run"),
        (",", True, 8, "punct", "PUNCT", ","),
        ("Lee", True, 8, "nsubj", "PROPN", "Lee"),
        ("was", True, 8, "ROOT", "AUX", "be"),
        ("loyal", False, 8, "acomp", "ADJ", "loyal"),
        (".", False, 8, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("Lee", "announcing", ["that he would run"], "indirect")]


def test_object_of_a_control_verb_speaks() -> None:
    # "The report led some to speculate that the deal was dead." - "some" speculate,
    # not "The report"
    doc = make_doc([
        ("The", True, 1, "det", "DET", "the"),
        ("report", True, 2, "nsubj", "NOUN", "report"),
        ("led", True, 2, "ROOT", "VERB", "lead"),
        ("some", True, 2, "dobj", "PRON", "some"),
        ("to", True, 5, "aux", "PART", "to"),
        ("speculate", True, 2, "xcomp", "VERB", "speculate"),
        ("that", True, 9, "mark", "SCONJ", "that"),
        ("the", True, 8, "det", "DET", "the"),
        ("deal", True, 9, "nsubj", "NOUN", "deal"),
        ("was", True, 5, "ccomp", "AUX", "be"),
        ("dead", False, 9, "acomp", "ADJ", "dead"),
        (".", False, 2, "punct", "PUNCT", "."),
    ])
    found = [spans(doc, c) for c in candidates(doc)]
    assert found == [("some", "speculate", ["that the deal was dead"], "indirect")]


def test_stance_with_an_adjective_and_a_preposition() -> None:
    # "These voters are skeptical of free trade." - the copula cue's adjective states a stance
    doc = make_doc([
        ("These", True, 1, "det", "DET", "these"),
        ("voters", True, 2, "nsubj", "NOUN", "voter"),
        ("are", True, 2, "ROOT", "AUX", "be"),
        ("skeptical", True, 2, "acomp", "ADJ", "skeptical"),
        ("of", True, 3, "prep", "ADP", "of"),
        ("free", True, 6, "amod", "ADJ", "free"),
        ("trade", False, 4, "pobj", "NOUN", "trade"),
        (".", False, 2, "punct", "PUNCT", "."),
    ])
    found = [(spans(doc, c), c.rule) for c in candidates(doc, CUES | {"be"})]
    assert found == [(("These voters", "are", ["free trade"], "indirect"), "stance_prep")]


def test_stance_with_an_adjective_and_a_clause() -> None:
    # "Most were certain they would vote." - the adjective's clause is the content
    doc = make_doc([
        ("Most", True, 1, "nsubj", "ADJ", "most"),
        ("were", True, 1, "ROOT", "AUX", "be"),
        ("certain", True, 1, "acomp", "ADJ", "certain"),
        ("they", True, 5, "nsubj", "PRON", "they"),
        ("would", True, 5, "aux", "AUX", "would"),
        ("vote", False, 2, "ccomp", "VERB", "vote"),
        (".", False, 1, "punct", "PUNCT", "."),
    ])
    found = [(spans(doc, c), c.rule) for c in candidates(doc, CUES | {"be"})]
    assert found == [(("Most", "were", ["they would vote"], "indirect"), "stance_clause")]


def test_a_poll_named_with_in_is_the_source() -> None:
    # "In the poll, Lee leads by eight points." - the poll speaks; "in a video" would not
    doc = make_doc([
        ("In", True, 5, "prep", "ADP", "in"),
        ("the", True, 2, "det", "DET", "the"),
        ("poll", False, 0, "pobj", "NOUN", "poll"),
        (",", True, 5, "punct", "PUNCT", ","),
        ("Lee", True, 5, "nsubj", "PROPN", "Lee"),
        ("leads", True, 5, "ROOT", "VERB", "lead"),
        ("by", True, 5, "prep", "ADP", "by"),
        ("eight", True, 8, "nummod", "NUM", "eight"),
        ("points", False, 6, "pobj", "NOUN", "point"),
        (".", False, 5, "punct", "PUNCT", "."),
    ])
    found = [(spans(doc, c), c.rule) for c in candidates(doc, CUES | {"in"})]
    assert found == [(("the poll", "In", ["Lee leads by eight points"], "indirect"), "in")]
