"""In-document resolution on hand-built ``Parsed`` records (our own sentences, no spaCy).

Each case writes a short article, marks entity mentions and sources by their text, and
checks who ``resolve`` says is speaking. Offsets are found with ``str.index`` on the text
we wrote, so every range is exact.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from saidwhat.attribution import quote_ranges
from saidwhat.models import Antecedent, Article, Attribution, Entity, Parsed
from saidwhat.speakers import resolve


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The nth whole-word occurrence of ``needle`` ("he" is not the "he" in "the")."""
    found = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    return found[nth]


def build(text: str, entities: list[tuple[str, str, int]], sources: list[tuple[str, int]]) -> Parsed:
    """A Parsed record: entities as (text, label, nth occurrence), sources as (text, nth)."""
    ents = tuple(Entity(*_span(text, t, n), t, label) for t, label, n in entities)
    atts = tuple(
        Attribution(content=(), source=(_span(text, s, n),), source_text=s) for s, n in sources
    )
    return Parsed(Article(doc_id="t", path="t", text=text), atts, ents, quotes=quote_ranges(text))


def speakers(parsed: Parsed) -> list[tuple[str | None, str | None]]:
    return [(a.speaker, a.speaker_type) for a in resolve(parsed).attributions]


SEED = (
    "Kerry in Moscow.\n\n"
    "US Secretary of State John Kerry met Russian Foreign Minister Sergey Lavrov on Thursday. "
    "Lavrov said the talks were useful. "
    "“We made progress,” Kerry told reporters. He added that more work was needed. "
    "AP journalist Matt Lee asked about Syria. "
    "The head of Russia's Foreign Affairs Committee Alexei Pushkov said the visit was late. "
    "Pushkov also said the sanctions would stay. "
    "The Russian president, Vladimir Putin, said little. Putin said he would wait."
)


def seed_parsed() -> Parsed:
    entities = [
        ("Kerry", "PERSON", 0), ("John Kerry", "PERSON", 0), ("Sergey Lavrov", "PERSON", 0),
        ("Lavrov", "PERSON", 1), ("Kerry", "PERSON", 2), ("Matt Lee", "PERSON", 0),
        ("Russia", "GPE", 0), ("Foreign Affairs Committee", "ORG", 0), ("Alexei Pushkov", "PERSON", 0),
        ("Pushkov", "PERSON", 1), ("Vladimir Putin", "PERSON", 0), ("Putin", "PERSON", 1),
    ]
    sources = [
        ("Lavrov", 1), ("Kerry", 2), ("He", 0), ("AP journalist Matt Lee", 0),
        ("The head of Russia's Foreign Affairs Committee Alexei Pushkov", 0), ("Pushkov", 1),
        ("The Russian president, Vladimir Putin,", 0), ("Putin", 1), ("he", 0),
    ]
    return build(SEED, entities, sources)


def test_seed_page_speakers() -> None:
    out = resolve(seed_parsed()).attributions
    assert [a.speaker for a in out] == [
        "Sergey Lavrov", "John Kerry", "John Kerry", "Matt Lee", "Alexei Pushkov",
        "Alexei Pushkov", "Vladimir Putin", "Vladimir Putin", "Vladimir Putin",
    ]
    assert {a.speaker_type for a in out} == {"PERSON"}


def test_seed_page_roles() -> None:
    roles = {a.speaker: a.role for a in resolve(seed_parsed()).attributions}
    assert roles["Sergey Lavrov"] == "Russian Foreign Minister"
    assert roles["Alexei Pushkov"] == "head of Russia's Foreign Affairs Committee"
    assert roles["Matt Lee"] == "AP journalist"
    assert roles["Vladimir Putin"] == "Russian president"


def test_pronouns_follow_gender_evidence() -> None:
    text = (
        "Loretta Lynch met Kevin Sullivan in Hartford. "
        "She said the review was complete. He said nothing had leaked."
    )
    parsed = build(
        text,
        [("Loretta Lynch", "PERSON", 0), ("Kevin Sullivan", "PERSON", 0), ("Hartford", "GPE", 0)],
        [("She", 0), ("He", 0)],
    )
    assert speakers(parsed) == [("Loretta Lynch", "PERSON"), ("Kevin Sullivan", "PERSON")]


def test_pronoun_skips_names_inside_the_quote() -> None:
    text = "Donald Trump spoke in Ohio. “Hillary Clinton is wrong about Barack Obama,” he said."
    parsed = build(
        text,
        [("Donald Trump", "PERSON", 0), ("Ohio", "GPE", 0), ("Hillary Clinton", "PERSON", 0),
         ("Barack Obama", "PERSON", 0)],
        [("he", 0)],
    )
    assert speakers(parsed) == [("Donald Trump", "PERSON")]


def test_pronoun_chain_carries_on() -> None:
    text = (
        "Mark Cole opened the session. Later Tom Hart said the bill would pass. "
        "He added that the vote was close. “We will see,” he said."
    )
    parsed = build(
        text,
        [("Mark Cole", "PERSON", 0), ("Tom Hart", "PERSON", 0)],
        [("Tom Hart", 0), ("He", 0), ("he", 0)],
    )
    assert [s for s, _ in speakers(parsed)] == ["Tom Hart", "Tom Hart", "Tom Hart"]


@pytest.mark.parametrize(
    "source",
    ["a source", "sources", "analysts", "the poll", "A spokeswoman", "Many Democrats", "another official"],
)
def test_unidentifiable_sources_stay_null(source: str) -> None:
    text = f"Senator Jane Doe of Ohio spoke on Monday. {source} said the plan was dead."
    entities = [("Jane Doe", "PERSON", 0), ("Ohio", "GPE", 0)]
    if "Democrats" in source:
        entities.append(("Democrats", "NORP", 0))
    parsed = build(text, entities, [(source, 0)])
    out = resolve(parsed).attributions[0]
    assert (out.speaker, out.speaker_type, out.source_text) == (None, None, source)


def test_description_matches_a_role_seen_earlier() -> None:
    text = (
        "Mayor Bill de Blasio spoke after Governor Andrew Cuomo left. "
        "The mayor said the city was safe."
    )
    parsed = build(
        text, [("Bill de Blasio", "PERSON", 0), ("Andrew Cuomo", "PERSON", 0)], [("The mayor", 0)]
    )
    assert speakers(parsed) == [("Bill de Blasio", "PERSON")]


def test_description_without_a_matching_role_stays_null() -> None:
    text = "Jane Roe runs a bakery in Ohio. The governor said the rules would change."
    parsed = build(text, [("Jane Roe", "PERSON", 0), ("Ohio", "GPE", 0)], [("The governor", 0)])
    assert speakers(parsed) == [(None, None)]


def test_newspaper_short_name_and_description() -> None:
    text = (
        "The New York Post reported the story on Monday. The Post said two aides left. "
        "The daily added that more would follow."
    )
    parsed = build(
        text,
        [("The New York Post", "ORG", 0), ("Post", "ORG", 1)],
        [("The New York Post", 0), ("The Post", 0), ("The daily", 0)],
    )
    assert speakers(parsed) == [("New York Post", "ORG")] * 3


def test_acronym_joins_full_organisation_name() -> None:
    text = "The International Monetary Fund cut its forecast. The IMF said growth was weak."
    parsed = build(
        text, [("The International Monetary Fund", "ORG", 0), ("IMF", "ORG", 0)], [("The IMF", 0)]
    )
    assert speakers(parsed) == [("International Monetary Fund", "ORG")]


def test_honorific_picks_between_namesakes() -> None:
    text = (
        "Bill Clinton and Hillary Clinton arrived together. "
        "Mrs. Clinton said the campaign was ready. Mr. Clinton said little."
    )
    parsed = build(
        text,
        [("Bill Clinton", "PERSON", 0), ("Hillary Clinton", "PERSON", 0), ("Clinton", "PERSON", 2),
         ("Clinton", "PERSON", 3)],
        [("Mrs. Clinton", 0), ("Mr. Clinton", 0)],
    )
    assert [s for s, _ in speakers(parsed)] == ["Hillary Clinton", "Bill Clinton"]


def test_bare_surname_means_the_first_introduced_namesake() -> None:
    text = (
        "Donald Trump unveiled a plan on Tuesday. Ivanka Trump helped write it. "
        "Trump said it would pass."
    )
    parsed = build(
        text,
        [("Donald Trump", "PERSON", 0), ("Ivanka Trump", "PERSON", 0), ("Trump", "PERSON", 2)],
        [("Trump", 2)],
    )
    assert speakers(parsed) == [("Donald Trump", "PERSON")]


def test_relative_pronoun_takes_the_name_before_it() -> None:
    text = "Ted Cruz endorsed Donald Trump, who said he was honored."
    parsed = build(text, [("Ted Cruz", "PERSON", 0), ("Donald Trump", "PERSON", 0)], [("who", 0)])
    assert speakers(parsed) == [("Donald Trump", "PERSON")]


def test_relative_pronoun_after_two_people_stays_null() -> None:
    text = "Voters like Ann Lee and Tom Hart, who saw the rally, were unsure."
    parsed = build(text, [("Ann Lee", "PERSON", 0), ("Tom Hart", "PERSON", 0)], [("who", 0)])
    assert speakers(parsed) == [(None, None)]


def test_possessive_campaign_becomes_an_organisation() -> None:
    text = "Hillary Clinton rested on Sunday. Her campaign said she would return on Thursday."
    parsed = build(text, [("Hillary Clinton", "PERSON", 0)], [("Her campaign", 0)])
    assert speakers(parsed) == [("Clinton campaign", "ORG")]


def test_two_named_speakers_at_once_stay_null() -> None:
    text = "Barack Obama and Hillary Clinton said the deal was fair."
    parsed = build(
        text, [("Barack Obama", "PERSON", 0), ("Hillary Clinton", "PERSON", 0)],
        [("Barack Obama and Hillary Clinton", 0)],
    )
    assert speakers(parsed) == [(None, None)]


def test_name_after_a_preposition_is_not_the_speaker() -> None:
    text = "A spokeswoman for Hillary Clinton said the schedule was unchanged."
    parsed = build(text, [("Hillary Clinton", "PERSON", 0)], [("A spokeswoman for Hillary Clinton", 0)])
    assert speakers(parsed) == [(None, None)]


def test_apposition_gives_the_role() -> None:
    text = "Phil Smith, a spokesman for the United Mine Workers of America, said the deal was bad."
    source = "Phil Smith, a spokesman for the United Mine Workers of America,"
    parsed = build(
        text, [("Phil Smith", "PERSON", 0), ("the United Mine Workers of America", "ORG", 0)], [(source, 0)]
    )
    out = resolve(parsed).attributions[0]
    assert (out.speaker, out.role) == ("Phil Smith", "spokesman for the United Mine Workers of America")


def test_surname_joins_full_name_even_when_ner_mislabels_it() -> None:
    # The small model tags "McAuliffe" PERSON once and LOC later; the text still names him.
    text = "Gov. Terry McAuliffe met aides. McAuliffe said the list was long. He said no more."
    parsed = build(
        text, [("Terry McAuliffe", "PERSON", 0), ("McAuliffe", "LOC", 1)], [("McAuliffe", 1), ("He", 0)]
    )
    assert [s for s, _ in speakers(parsed)] == ["Terry McAuliffe", "Terry McAuliffe"]


def test_no_attributions_returns_the_same_record() -> None:
    parsed = build("Nothing said here.", [], [])
    assert resolve(parsed) is parsed


def test_attribution_without_source_is_left_alone() -> None:
    text = "The plan was dead, according to nobody in particular."
    parsed = Parsed(Article(doc_id="t", path="t", text=text), (Attribution(content=((0, 17),)),))
    assert resolve(parsed).attributions == parsed.attributions


def test_organisation_aliases_chain_to_the_fullest_name() -> None:
    # "SC" abbreviates "Security Council", itself the tail of the full name: both reach it.
    text = "The United Nations Security Council met. The Security Council voted. The SC said more."
    parsed = build(
        text,
        [("The United Nations Security Council", "ORG", 0), ("Security Council", "ORG", 1), ("SC", "ORG", 0)],
        [("The Security Council", 0), ("The SC", 0)],
    )
    assert speakers(parsed) == [("United Nations Security Council", "ORG")] * 2


def test_person_tails_chain_to_the_fullest_name() -> None:
    text = (
        "Ildefonso Guajardo Villarreal spoke first. Guajardo Villarreal said trade would grow. "
        "Mr. Guajardo Villarreal added that talks would go on."
    )
    parsed = build(
        text,
        [("Ildefonso Guajardo Villarreal", "PERSON", 0), ("Guajardo Villarreal", "PERSON", 1),
         ("Guajardo Villarreal", "PERSON", 2)],
        [("Guajardo Villarreal", 1), ("Mr. Guajardo Villarreal", 0)],
    )
    assert [s for s, _ in speakers(parsed)] == ["Ildefonso Guajardo Villarreal"] * 2


def test_later_surname_follows_an_unseen_full_name_even_when_ner_says_org() -> None:
    # The small NER model misses "Alexei Pushkov" and tags the later lone "Pushkov" ORG.
    text = (
        "In a post, the head of the committee Alexei Pushkov summed up the visit. "
        "Later, as Pushkov wrote, the talks had begun to move."
    )
    parsed = build(
        text,
        [("Pushkov", "ORG", 1)],
        [("the head of the committee Alexei Pushkov", 0), ("Pushkov", 1)],
    )
    assert speakers(parsed) == [("Alexei Pushkov", "PERSON"), ("Alexei Pushkov", "PERSON")]


@pytest.mark.parametrize("noun", ["Officials", "Authorities", "Analysts", "Diplomats"])
def test_plural_common_noun_opening_a_sentence_names_nobody(noun: str) -> None:
    text = f"The talks ended late. {noun} said a second round would begin next week."
    assert speakers(build(text, [], [(noun, 0)])) == [(None, None)]


def test_a_one_word_outlet_is_still_a_name() -> None:
    text = "The talks ended late. Northwire said a second round would begin next week."
    assert speakers(build(text, [("Northwire", "ORG", 0)], [("Northwire", 0)])) == [("Northwire", "ORG")]


def test_a_one_word_name_nothing_tagged_is_no_speaker() -> None:
    # "Lorin talks about sanctions. Sorvik talks about the election.": a capital standing
    # for its government, which the model tagged as nothing; as likely a place as a name.
    text = "Governments would rather talk about other things. Brenmoor talks about sanctions."
    assert speakers(build(text, [], [("Brenmoor", 0)])) == [(None, None)]


def test_name_in_a_participle_phrase_after_a_title_is_not_the_subject() -> None:
    # "Listening to Brazilian pilot Ana Ruiz ... , he said, stressed": the one listening is
    # the minister of the sentence before; the title between "to" and the name must not
    # make the pilot the sentence's subject.
    text = (
        "Minister Paul Dorn praised the joint mission. "
        "Listening to Chilean pilot Marco Ruiz and engineer Ines Lobo describe the flight, "
        "he said, stressed how much partners can do together."
    )
    parsed = build(
        text,
        [("Paul Dorn", "PERSON", 0), ("Marco Ruiz", "PERSON", 0), ("Ines Lobo", "PERSON", 0)],
        [("Paul Dorn", 0), ("he", 0)],
    )
    assert [s for s, _ in speakers(parsed)] == ["Paul Dorn", "Paul Dorn"]


def test_name_after_a_comma_ended_phrase_is_still_the_subject() -> None:
    text = "Officials met on Monday. According to the report, Maria Sol said the plan was late. She added more."
    parsed = build(text, [("Maria Sol", "PERSON", 0)], [("Maria Sol", 0), ("She", 0)])
    assert [s for s, _ in speakers(parsed)] == ["Maria Sol", "Maria Sol"]


def test_relative_pronoun_after_a_clause_with_and_and_across_a_dash_or_bracket() -> None:
    text = (
        'Compare that with Ilse Varn, who has called the pact "folly," and Teo Marsh, who says it is fine. '
        "Still, Marsh - who lost the vote - said he would try again. "
        "It worked, but Varn (who had doubts) said nothing more."
    )
    parsed = build(text, [("Ilse Varn", "PERSON", 0), ("Teo Marsh", "PERSON", 0), ("Marsh", "PERSON", 1),
                          ("Varn", "PERSON", 1)], [("who", 0), ("who", 1), ("who", 2), ("who", 3)])
    assert [s for s, _ in speakers(parsed)] == ["Ilse Varn", "Teo Marsh", "Teo Marsh", "Ilse Varn"]


def test_relative_pronoun_after_two_conjoined_names_stays_null() -> None:
    text = "Reporters met Ilse Varn and Teo Marsh, who said the pact was fine."
    parsed = build(text, [("Ilse Varn", "PERSON", 0), ("Teo Marsh", "PERSON", 0)], [("who", 0)])
    assert speakers(parsed) == [(None, None)]


def test_team_and_camp_of_a_candidate_are_the_campaign() -> None:
    text = (
        "Mara Quill leads the race. The Quill team said the count was fair. "
        "Olek Brand trails her. The Brand camp said it would fight on."
    )
    parsed = build(text, [("Mara Quill", "PERSON", 0), ("Quill", "PERSON", 1), ("Olek Brand", "PERSON", 0),
                          ("Brand", "PERSON", 1)], [("The Quill team", 0), ("The Brand camp", 0)])
    assert speakers(parsed) == [("Quill campaign", "ORG"), ("Brand campaign", "ORG")]


# --- relative pronouns: the parse's antecedent where the rules find none --------------------

BRENNAN = (
    "“The channel is silting up,” said Orla Brennan, a harbour pilot and former union steward"
    " who has warned the council for years."
)


def _brennan(antecedent_word: str | None, entities: list[tuple[str, str, int]] | None = None) -> Parsed:
    parsed = build(BRENNAN, entities or [("Orla Brennan", "PERSON", 0)], [("who", 0)])
    if antecedent_word is None:
        return parsed
    start, end = _span(BRENNAN, antecedent_word)
    return replace(parsed, antecedents=(Antecedent(_span(BRENNAN, "who")[0], start, end),))


def test_relative_pronoun_takes_the_parsed_antecedent_where_the_rules_find_none() -> None:
    # the rules stop at the "and" inside the apposition
    assert speakers(_brennan(None)) == [(None, None)]
    assert speakers(_brennan("Brennan")) == [("Orla Brennan", "PERSON")]


def test_relative_pronoun_antecedent_of_the_wrong_kind_is_not_taken() -> None:
    # "who" is a person: a head word inside an organisation's mention leaves the rules' answer
    parsed = _brennan("union", [("Orla Brennan", "PERSON", 0), ("union", "ORG", 0)])
    assert speakers(parsed) == [(None, None)]
    # a common noun that no mention holds names nobody
    assert speakers(_brennan("steward")) == [(None, None)]


def test_description_headed_by_a_role_the_article_gives_names_that_person() -> None:
    # "sergeant" is no description head of the packaged role lexicon; the article's title
    # ("Sgt.") makes it one
    first = "On Monday, Sgt. Ilse Varn toured the base. "
    rest = "Teo Marsh, the base's mayor, welcomed her. The sergeant said the patrols would go on."

    def parsed_of(text: str) -> Parsed:
        parsed = build(text, [("Ilse Varn", "PERSON", 0), ("Teo Marsh", "PERSON", 0)], [("The sergeant", 0)])
        cut = [0, len(text) - len(rest), text.index("The sergeant"), len(text)]
        return replace(parsed, sentences=tuple(zip(cut, cut[1:])))  # the parser's sentences: "Sgt." ends none

    assert speakers(parsed_of(first + rest)) == [("Ilse Varn", "PERSON")]
    # the same description where no one in the article holds the role names nobody
    assert speakers(parsed_of(first.replace("Sgt. ", "") + rest)) == [(None, None)]


def test_indefinite_source_named_by_a_titled_apposition() -> None:
    text = "Fees rose again. Another harbour ally, Transport Minister Ilse Varn, said the fees were fair."
    source = "Another harbour ally, Transport Minister Ilse Varn,"
    parsed = build(text, [("Ilse Varn", "PERSON", 0)], [(source, 0)])
    assert speakers(parsed) == [("Ilse Varn", "PERSON")]
    # a name inside the description itself, with no comma before its title, names nobody
    text = "Fees rose again. A Transport Minister Ilse Varn ally said the fees were fair."
    parsed = build(text, [("Ilse Varn", "PERSON", 0)], [("A Transport Minister Ilse Varn ally", 0)])
    assert speakers(parsed) == [(None, None)]


def test_an_indefinite_apposition_to_a_name_is_that_person() -> None:
    text = "\"The fees are fair,\" said Ilse Varn, a Tarsa councillor who backs the plan."
    parsed = build(text, [("Ilse Varn", "PERSON", 0)], [("a Tarsa councillor who backs the plan", 0)])
    assert speakers(parsed) == [("Ilse Varn", "PERSON")]
    # a quantifier after a comma is no apposition
    text = "The fees rose, Ilse Varn conceded, many said."
    parsed = build(text, [("Ilse Varn", "PERSON", 0)], [("many", 0)])
    assert speakers(parsed) == [(None, None)]
