"""Targets (entities + lexicon topics inside the content), venue, and the score() plumbing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.errors import ConfigError
from saidwhat.models import Article, Attribution, Entity, Parsed, Phrase
from saidwhat.tone import score, scorer_name
from saidwhat.tone.targets import clean_name, find_mentions, load_topics, parse_topics, topic_of
from saidwhat.tone.venue import find_venue

TEXT = "Speaking in Brussels, Merkel said the sanctions against Russia hurt the Kremlin's allies in Crimea."


def parsed(text: str = TEXT, venue: str | None = "BERLIN") -> Parsed:
    def ent(word: str, label: str) -> Entity:
        start = text.index(word)
        return Entity(start, start + len(word), word, label)

    entities = [ent(word, label) for word, label in
                [("Brussels", "GPE"), ("Merkel", "PERSON"), ("Russia", "GPE"), ("the Kremlin's", "ORG"),
                 ("Crimea", "GPE")] if word in text]
    said = text.index("said")
    content = ((said + 5, len(text) - 1),)
    att = Attribution(content=content, source=((said - 7, said - 1),), cue=((said, said + 4),))
    return Parsed(Article("d1", "d1.txt", text, venue=venue), (att,), tuple(entities), ((0, len(text)),))


@pytest.mark.parametrize(
    ("phrase", "topic"),
    [
        ("new sanctions", "sanctions"),
        ("they sanctioned banks", "sanctions"),
        ("an oil embargo", "sanctions"),
        ("the cease-fire held", "ceasefire"),
        ("a fragile ceasefire", "ceasefire"),
        ("the truce", "ceasefire"),
        ("the trade deals", "trade agreement"),
        ("a free-trade agreement", "trade agreement"),
        ("the Nord Stream pipelines", "pipeline"),
        ("the presidential elections", "elections"),
        ("illegal immigration", "migration"),
        ("refugees and migrants", "migration"),
    ],
)
def test_topic_lexicon_matches_synonyms_and_inflections(phrase: str, topic: str) -> None:
    topics = load_topics()
    assert [name for name, p in topics.items() if p.search(phrase)] == [topic]


@pytest.mark.parametrize("phrase", ["a trade fair", "the elect few", "sanctity of life", "piper"])
def test_topic_lexicon_ignores_lookalikes(phrase: str) -> None:
    assert [name for name, p in load_topics().items() if p.search(phrase)] == []


def test_topic_of_user_words() -> None:
    assert topic_of("Sanction") == "sanctions"
    assert topic_of("trade deal") == "trade agreement"
    assert topic_of("ceasefire") == "ceasefire"
    assert topic_of("weather") is None


def test_bad_topic_line_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="line 2 is not 'topic: term, term\\*'"):
        parse_topics("tariffs: tariff*\nno colon here\n", "my-topics.txt")


def test_clean_name() -> None:
    assert clean_name("the Kremlin's") == "Kremlin"
    assert clean_name("The  United Nations") == "United Nations"


def test_mentions_are_inside_the_content_only() -> None:
    p = parsed()
    mentions = find_mentions(p, p.attributions[0])
    assert [(m.name, m.type) for m in mentions] == [
        ("sanctions", "TOPIC"), ("Russia", "GPE"), ("Kremlin", "ORG"), ("Crimea", "GPE")]


def test_venue_from_the_sentence_not_the_content() -> None:
    p = parsed()
    assert find_venue(p, p.attributions[0]) == "Brussels"  # not Crimea, which is in the content


def test_venue_falls_back_to_the_dateline() -> None:
    text = "Merkel said the sanctions against Russia hurt the Kremlin's allies in Crimea."
    p = parsed(text, venue="BERLIN")
    assert find_venue(p, p.attributions[0]) == "Berlin"  # dateline "BERLIN -"
    assert find_venue(replace(p, article=replace(p.article, venue=None)), p.attributions[0]) is None


def test_score_fills_targets_tone_and_venue_with_vader(settings) -> None:  # type: ignore[no-untyped-def]
    vader = replace(settings, tone_model="vader")
    assert scorer_name(vader) == "vader"
    (out,) = score([parsed()], vader)
    (att,) = out.attributions
    assert [t.name for t in att.targets] == ["sanctions", "Russia", "Kremlin", "Crimea"]
    assert att.targets[0].start == TEXT.index("sanctions")
    assert att.venue == "Brussels"
    assert att.polarity == "negative"  # "hurt"
    assert -1.0 <= att.tone < -0.3


def test_score_without_targets_still_scores_the_statement(settings) -> None:  # type: ignore[no-untyped-def]
    text = "She said it was a wonderful, happy day."
    att = Attribution(content=((9, len(text) - 1),))
    p = Parsed(Article("d", "d", text), (att,), (), ((0, len(text)),))
    (out,) = score([p], replace(settings, tone_model="vader"))
    assert out.attributions[0].targets == ()
    assert out.attributions[0].polarity == "positive"


def test_unknown_tone_model_is_a_config_error(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="tone_model is 'bert'; use auto, onnx or vader"):
        score([parsed()], replace(settings, tone_model="bert"))


def test_topic_mentions_mark_their_parsed_phrase_inside_the_content() -> None:
    text = "Varga said she was pleased with this agreement on sanctions and with Ostland."
    content = (text.index("she"), len(text) - 1)
    word = text.index("sanctions")
    phrase = Phrase(word, word + 9, text.index("this agreement"), word + 9)
    ostland = text.index("Ostland")
    att = Attribution(content=(content,))
    p = Parsed(Article("d", "d.txt", text), (att,), (Entity(ostland, ostland + 7, "Ostland", "GPE"),),
               ((0, len(text)),), (phrase, Phrase(ostland, ostland + 7, text.index("with Ostland"), ostland + 7)))
    sanctions, place = find_mentions(p, att)
    assert (sanctions.start, sanctions.end) == (word, word + 9)  # the target itself stays the keyword
    assert text[slice(*sanctions.mark)] == "this agreement on sanctions"
    assert place.marked is None and place.mark == (ostland, ostland + 7)  # entities are whole names already
    # A phrase reaching outside the content range is cut at its edge.
    narrow = Attribution(content=((text.index("agreement"), len(text) - 1),))
    (cut, _) = find_mentions(replace(p, attributions=(narrow,)), narrow)
    assert text[slice(*cut.mark)] == "agreement on sanctions"
    # Without a parsed phrase, the keyword is what the model sees.
    (bare, _) = find_mentions(replace(p, phrases=()), att)
    assert bare.marked is None
