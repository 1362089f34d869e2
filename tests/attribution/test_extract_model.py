"""The whole attribution stage with the real spaCy model, on hand-written sentences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.attribution import attribute
from saidwhat.attribution.component import featurize, load_model
from saidwhat.attribution.quotes import find_quotes
from saidwhat.attribution.rules import QuoteIndex, find_candidates
from saidwhat.models import Article
from saidwhat.nlp import load_nlp

pytestmark = pytest.mark.slow


def extract(text: str, settings) -> list[tuple[str | None, str, list[str], str]]:  # type: ignore[no-untyped-def]
    (parsed,) = attribute([Article(doc_id="t", path="t.txt", text=text)], settings)
    out = []
    for a in parsed.attributions:
        cue = " ".join(text[x:y] for x, y in a.cue or ())
        out.append((a.source_text, cue, [text[x:y] for x, y in a.content], a.kind))
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“We will not give up,” the minister said.",
         [("the minister", "said", ["We will not give up,"], "direct")]),
        ("The minister said: “We will not give up.”",
         [("The minister", "said", ["We will not give up."], "direct")]),
        ("“We will not give up,” she said, “and we will win the vote next week.”",
         [("she", "said", ["We will not give up,", "and we will win the vote next week."], "direct")]),
        ("“I am tired.\n\n“I am going home,” the coach said.",
         [("the coach", "said", ["I am tired.", "I am going home,"], "direct")]),
        ("''We may finally be seeing some wage growth,'' the economist wrote on his blog.",
         [("the economist", "wrote", ["We may finally be seeing some wage growth,"], "direct")]),
        ("«We have won», the minister said.", [("the minister", "said", ["We have won"], "direct")]),
        ("Officials said the ceasefire was holding.",
         [("Officials", "said", ["the ceasefire was holding"], "indirect")]),
        ("Sources said that the president would resign.",
         [("Sources", "said", ["that the president would resign"], "indirect")]),
        ("The talks were productive, according to the Kremlin.",
         [("the Kremlin", "according to", ["The talks were productive"], "indirect")]),
        ("The ceasefire, he said, was holding.",
         [("he", "said", ["The ceasefire", "was holding"], "indirect")]),
        ("The White House said the meeting would be “constructive and frank.”",
         [("The White House", "said", ["the meeting would be “constructive and frank."], "mixed")]),
        ("In a single tweet, the senator summed up the visit: “There is nothing more powerful in politics than need.”",
         [("the senator", "summed", ["There is nothing more powerful in politics than need."], "direct")]),
        ("Asked about the briefcase, the minister would only divulge: “That is a secret.”",
         [("the minister", "divulge", ["That is a secret."], "direct")]),
        ("The senator believes the bill will pass.",
         [("The senator", "believes", ["the bill will pass"], "indirect")]),
        ("Voters fear that prices will keep rising.",
         [("Voters", "fear", ["that prices will keep rising"], "indirect")]),
        ("The company wants to expand into Asia.",
         [("The company", "wants", ["to expand into Asia"], "indirect")]),
        ("The governor tweeted that the storm had passed.",
         [("The governor", "tweeted", ["that the storm had passed"], "indirect")]),
        ("The mayor insisted the budget was balanced.",
         [("The mayor", "insisted", ["the budget was balanced"], "indirect")]),
        ("She admitted that the plan had failed.",
         [("She", "admitted", ["that the plan had failed"], "indirect")]),
        ("He warned that the deal would collapse.",
         [("He", "warned", ["that the deal would collapse"], "indirect")]),
        ("The ministry confirmed that two soldiers had died.",
         [("The ministry", "confirmed", ["that two soldiers had died"], "indirect")]),
        ("The aide pointed out that the polls had closed.",
         [("The aide", "pointed", ["that the polls had closed"], "indirect")]),
        ("She emphasized that the treaty remained in force.",
         [("She", "emphasized", ["that the treaty remained in force"], "indirect")]),
        ("The analyst surmised that the money was for negotiations.",
         [("The analyst", "surmised", ["that the money was for negotiations"], "indirect")]),
        # nominal cue
        ("Trump’s claim that the election was rigged drew criticism.",
         [("Trump’s", "claim", ["that the election was rigged"], "indirect")]),
        # a quoted fragment in mid-sentence: the whole complement, not just the quote
        ("The site reported “2,521 shooting incidents” in the city between January and September.",
         [("The site", "reported",
           ["“2,521 shooting incidents” in the city between January and September"], "mixed")]),
        ("Clinton said she would “never, ever” give up.",
         [("Clinton", "said", ["she would “never, ever” give up"], "mixed")]),
        # headline speaker before a colon
        ("Pat Caddell: Democrat Voters Worried About Hillary Clinton’s Health",
         [("Pat Caddell", ":", ["Democrat Voters Worried About Hillary Clinton’s Health"], "direct")]),
        # a second report with its own cue is not part of the first one's content
        ("Lee says the mayor promised a vote on the bridge and said she would call it in May.",
         [("Lee", "says", ["the mayor promised a vote on the bridge"], "indirect"),
          ("the mayor", "said", ["she would call it in May"], "indirect")]),
        # a clause about the circumstances after a comma is not the cue's own complement
        ("“You should resign,” Warren told the banker, after he admitted that nobody had been fired.",
         [("Warren", "told", ["You should resign,"], "direct"),
          ("he", "admitted", ["that nobody had been fired"], "indirect")]),
        # a time stamp paragraph glued to the next one's subject is not the speaker
        ("12:15 p.m.\n\nDonald Trump says political correctness has run amok in the military.",
         [("Donald Trump", "says", ["political correctness has run amok in the military"], "indirect")]),
        # the reason given after the object is part of the content
        ("The senator blasted the agency for being “unbelievably slow.”",
         [("The senator", "blasted", ["the agency for being “unbelievably slow."], "mixed")]),
        # the writer's aside at the end (", which ...", "— ...") is not; a remark between two dashes is
        ("The mayor acknowledged the cost of the bridge, which makes her an outlier in her party.",
         [("The mayor", "acknowledged", ["the cost of the bridge"], "indirect")]),
        ("The minister dismissed the report as biased — a charge the agency denies.",
         [("The minister", "dismissed", ["the report as biased"], "indirect")]),
        ("The minister said the plan — drafted in May — was dead.",
         [("The minister", "said", ["the plan — drafted in May — was dead"], "indirect")]),
        # "He said:" ends its paragraph; the quotation is set off below it
        ("At the rally the senator turned to the economy. He said:\n\n“We have a situation where our towns are "
         "losing their young people.”\n\nThe crowd cheered.",
         [("He", "said", ["We have a situation where our towns are losing their young people."], "direct")]),
        # a clause the parser hangs on the cue from the next paragraph is not its complement
        ("“This is a waste of time. It is destroying this committee,” said Del. Stacey Plaskett of the Virgin "
         "Islands.\n\nDemocrats repeatedly noted that the hearing was closed.",
         [("Del. Stacey Plaskett of the Virgin Islands", "said",
           ["This is a waste of time. It is destroying this committee,"], "direct"),
          ("Democrats", "noted", ["that the hearing was closed"], "indirect")]),
        # ... but a that-clause after a comma is the cue's own complement, not the quote before
        ("“No.” The minister said, however, that talks would resume.",
         [("The minister", "said", ["that talks would resume"], "indirect")]),
        # a dash that goes on with the speaker's words is no aside
        ("The minister said the plan was dead — and that he would not revive it.",
         [("The minister", "said", ["the plan was dead — and that he would not revive it"], "indirect")]),
        # a quote set off below "He said:" with a cue of its own belongs to that cue
        ("He said:\n\n“We will win,” Smith added later.", [("Smith", "added", ["We will win,"], "direct")]),
        # "which she said were ...": the relative word is not part of what she said, and her
        # words are not part of what the mayor praised
        ("The mayor praised the talks, which she said were productive and friendly.",
         [("The mayor", "praised", ["the talks"], "indirect"),
          ("she", "said", ["were productive and friendly"], "indirect")]),
        # organisations and vague sources speak too
        ("The Kremlin said the sanctions were illegal.",
         [("The Kremlin", "said", ["the sanctions were illegal"], "indirect")]),
    ],
)
def test_construction(text: str, expected: list[tuple[str, str, list[str], str]], settings) -> None:  # type: ignore[no-untyped-def]
    assert extract(text, settings) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The said agreement was signed in 2014.",  # "said" as an adjective
        "She watched “The Godfather” last night.",  # a title in quotation marks
        "The so-called “reform” made things worse.",  # scare quotes
        "The committee met on Tuesday.",
        # the writer's own voice: nobody is reported as saying anything
        "Let’s hope the new talks go better than the last round.",
        "One might therefore assume that some progress was made behind closed doors.",
        "The fact remains that the border has been closed for a year.",
        "But it cannot be denied that relations have changed in recent months.",
        # a person talked about is not something said
        "He was mentioned by the minister only in response to a question.",
        # a title set off below a colon is no quotation
        "The minister wrote:\n\n“Mapping the Dark” is her best book.",
    ],
)
@pytest.mark.parametrize("tagger", [False, True], ids=["rules", "tagger"])
def test_no_attribution(text: str, tagger: bool, settings) -> None:  # type: ignore[no-untyped-def]
    assert extract(text, replace(settings, attribution_tagger=tagger)) == []


def test_entities_and_sentences_are_filled(settings) -> None:  # type: ignore[no-untyped-def]
    text = "Kerry met Lavrov in Moscow. Officials said the talks went well."
    (parsed,) = attribute([Article(doc_id="t", path="t.txt", text=text)], settings)
    assert [text[a:b] for a, b in parsed.sentences] == [
        "Kerry met Lavrov in Moscow.", "Officials said the talks went well."
    ]
    assert ("Moscow", "GPE") in {(e.text, e.label) for e in parsed.entities}


@pytest.mark.parametrize("tagger", [False, True], ids=["rules", "tagger"])
def test_signed_quotes_and_transcript_turns(tagger: bool, settings) -> None:  # type: ignore[no-untyped-def]
    settings = replace(settings, attribution_tagger=tagger)
    letters = ("Readers wrote to us about the bypass.\n\n"
               "“We were never asked once about the bypass.” ― Dana Whitfield\n\n"
               "“The noise will ruin the valley for good.”— Ravi Okafor, Lindholm.")
    assert extract(letters, settings) == [
        ("Dana Whitfield", "―", ["We were never asked once about the bypass."], "direct"),
        ("Ravi Okafor", "—", ["The noise will ruin the valley for good."], "direct"),
    ]
    transcript = ("Partial transcript:\n\n"
                  "MORAN: What happens to the ceasefire now that the deadline has passed?\n\n"
                  "HOLT: We will keep talking to both sides, and we expect an answer by Friday.\n\n"
                  "MORAN: And if they refuse to answer?\n\n"
                  "HOLT: Then the monitors will stay where they are.")
    assert [(s, c, k) for s, c, _, k in extract(transcript, settings)] == [
        ("MORAN", ":", "direct"), ("HOLT", ":", "direct"), ("MORAN", ":", "direct"), ("HOLT", ":", "direct")]



def features_of(settings, text: str, lemma: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The filter's features of the one candidate with cue ``lemma`` in ``text``."""
    doc = load_nlp(settings.nlp_model)(text)
    quotes = QuoteIndex(text, find_quotes(text))
    lexicon = load_model().lexicon
    (cand,) = [c for c in find_candidates(doc, quotes, lexicon.lemmas, [len(text)]) if c.lemma == lemma]
    return featurize(doc, cand, quotes, lexicon)


def test_a_condition_is_marked_for_the_filter(settings) -> None:  # type: ignore[no-untyped-def]
    # "If they refuse to answer, ..." - a cue under "if" states a condition, not a report;
    # the filter sees it as a feature of its own
    assert features_of(settings, "If they refuse to answer, the monitors will stay.", "refuse").get("conditional") == 1.0


def test_the_object_word_is_a_feature_of_the_filter(settings) -> None:  # type: ignore[no-untyped-def]
    # "raised concerns about the bridge" reports a stance, "raised $2 million" does not:
    # the filter sees the object's lemma, not only its part of speech
    features = features_of(settings, "Neighbours raised concerns about the new bridge.", "raise")
    assert features.get("dobj_lemma=concern") == 1.0
    assert load_model().weights.get("dobj_lemma=concern", 0.0) > 0.0


def test_an_adverb_of_the_cue_is_a_feature_of_the_filter(settings) -> None:  # type: ignore[no-untyped-def]
    # "publicly backed the plan" states a position: the filter sees the adverb itself
    assert features_of(settings, "The mayor publicly backed the new bridge.", "back").get("advmod=publicly") == 1.0
    assert load_model().weights.get("advmod=publicly", 0.0) > 0.0


def test_a_preposition_on_the_cue_is_a_feature_of_the_filter(settings) -> None:  # type: ignore[no-untyped-def]
    # "spoke about the bridge" reports, "received money from donors" does not: the filter
    # sees the preposition itself
    assert features_of(settings, "The mayor spoke about the new bridge.", "speak").get("prep=about") == 1.0
    assert load_model().weights.get("prep=about", 0.0) > 0.0


def test_the_kind_of_the_object_is_a_feature_of_the_filter(settings) -> None:  # type: ignore[no-untyped-def]
    # "spent $40 million" names an amount, not a position: the filter sees the object's
    # entity type
    assert features_of(settings, "The campaign spent $40 million in Ohio.", "spend").get("dobj_ent=MONEY") == 1.0
    assert load_model().weights.get("dobj_ent=MONEY", 0.0) < 0.0
