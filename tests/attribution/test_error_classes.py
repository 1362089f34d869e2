"""The error classes of issue 16, one invented sentence each, through the whole attribution
stage (spaCy parse, rules, tagger, filter).

Each check says what a reader expects; where the shipped model does not get it right yet,
the case is marked ``xfail`` (strict, so a model that starts getting it right is noticed).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.attribution import attribute
from saidwhat.models import Article

pytestmark = pytest.mark.slow


def found(text: str, settings) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """(source text, content pieces) of every attribution of ``text``, with the span tagger on."""
    tagged = replace(settings, attribution_tagger=True)
    (parsed,) = attribute([Article(doc_id="t", path="t.txt", text=text)], tagged)
    return [(a.source_text or "", [text[x:y] for x, y in a.content]) for a in parsed.attributions]


NOT_YET = pytest.mark.xfail(strict=True, reason="the shipped model does not get it right yet (issue 16)")

# 1. Verbs that are not speech or belief.
NOT_SPEECH = [
    "The council blocked the plan to widen Elm Street on Tuesday.",
    "Voters in the valley chose the incumbent by a wide margin.",
    "That said, the harbour reopened to fishing boats on Monday.",
    "Shares of the bakery chain rose, a gain that added 0.1% to the index.",
]

# 4. Captions.
CAPTIONS = ["FILE PHOTO: Dock workers unload crates at the port of Varna, June 3, 2025."]


@pytest.mark.parametrize("text", [
    pytest.param(NOT_SPEECH[0], marks=NOT_YET),  # PolNeAR marks many such stances; the tagger says cue 0.60
    NOT_SPEECH[1],
    NOT_SPEECH[2],
    NOT_SPEECH[3],
    CAPTIONS[0],
])
def test_no_attribution_where_nobody_speaks(text: str, settings) -> None:  # type: ignore[no-untyped-def]
    assert found(text, settings) == []


# 2. Missed reports: (text, source word, a phrase the content must contain).
MISSED = [
    ("The union rejected the offer on Friday, saying it did not protect pensions.",
     "union", "did not protect pensions"),
    ("Governor Tala Renn described the new budget as a betrayal of rural towns.",
     "Tala Renn", "betrayal of rural towns"),
    pytest.param("The port authority issued a notice on Sunday, warning of long delays at the border.",
                 "authority", "long delays at the border", marks=NOT_YET),
    ("‘‘We will rebuild the bridge,’’ Mayor Dora Vance said.", "Dora Vance", "We will rebuild the bridge"),
]


@pytest.mark.parametrize("text,source,phrase", MISSED)
def test_reports_are_found(text: str, source: str, phrase: str, settings) -> None:  # type: ignore[no-untyped-def]
    hits = [(s, c) for s, c in found(text, settings) if phrase in " ".join(c)]
    assert hits, found(text, settings)
    assert source in hits[0][0]


# 3. Content cut short: (text, the phrase the content must reach).
CUT_SHORT = [
    ("Ona Reyes said the levy was unfair and that it would drive farmers away.", "drive farmers away"),
    ("The reforms are not 'add-ons,' Rivka Sand said, but instead 'part of how we build.'", "part of how we build"),
    ('"The crews are ready," the fire chief said. "They have trained for this all winter."', "trained for this"),
]


@pytest.mark.parametrize("text,phrase", CUT_SHORT)
def test_content_reaches_its_end(text: str, phrase: str, settings) -> None:  # type: ignore[no-untyped-def]
    contents = [" ".join(c) for _, c in found(text, settings)]
    assert any(phrase in c for c in contents), contents


@pytest.mark.parametrize("text", [
    CAPTIONS[0],
    "REUTERS PICTURE: A ferry leaves the harbour at dawn.",
    "Editor's Note: This story was updated to correct the mayor's title.",
])
def test_a_caption_label_is_no_speaker_with_the_rules_alone(text: str, settings) -> None:  # type: ignore[no-untyped-def]
    (parsed,) = attribute([Article(doc_id="t", path="t.txt", text=text)], replace(settings, attribution_tagger=False))
    assert parsed.attributions == ()


@pytest.mark.parametrize("tagger", [False, True], ids=["rules", "tagger"])
def test_that_said_turns_the_point_but_a_message_that_said_reports(tagger: bool, settings) -> None:  # type: ignore[no-untyped-def]
    settings = replace(settings, attribution_tagger=tagger)
    text = ("That said, the ferry kept running. By noon a sign went up that said, "
            "“The ferry is closed until further notice.”")
    (parsed,) = attribute([Article(doc_id="t", path="t.txt", text=text)], settings)
    assert [text[a:b] for att in parsed.attributions for a, b in att.content] == [
        "The ferry is closed until further notice."]
