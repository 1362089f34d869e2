"""When a statement was said: one test per time-expression family, on invented sentences."""

from __future__ import annotations

import pytest

from saidwhat.tone.time import SaidOn, date_statement, sentences_of

PUB = "2016-09-26"  # a Monday


def said_on(sentence: str, cue: str, content: str | None = None, published: str | None = PUB,
            before: str = "") -> SaidOn | None:
    """Date the statement whose cue (and content) are the first such words of ``sentence``."""
    text = before + sentence
    c = text.index(cue, len(before))
    content_ranges: tuple[tuple[int, int], ...] = ()
    if content:
        s = text.index(content, len(before))
        content_ranges = ((s, s + len(content)),)
    return date_statement(text, ((c, c + len(cue)),), content_ranges, published)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mayor Odile Brun said Friday that the bridge would reopen.", "2016-09-23"),
        ("On Sunday, Brun told reporters the bridge would reopen.", "2016-09-25"),
        ("Brun said late Saturday that the bridge would reopen.", "2016-09-24"),
        ("In a Friday interview, Brun said the bridge would reopen.", "2016-09-23"),
        ("Brun said Monday that the bridge would reopen.", "2016-09-26"),  # the publication day itself
        ("Brun said last Monday that the bridge would reopen.", "2016-09-19"),
    ],
)
def test_weekday_is_the_most_recent_such_day(sentence: str, expected: str) -> None:
    cue = "said" if "said" in sentence else "told"
    assert said_on(sentence, cue, "the bridge would reopen") == SaidOn(expected, "text")


def test_weekday_in_the_future_tense_is_the_next_such_day() -> None:
    got = said_on("Brun will speak on Thursday about the bridge.", "speak", "about the bridge")
    assert got == SaidOn("2016-09-29", "text")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Brun said yesterday that the bridge would reopen.", "2016-09-25"),
        ("Brun said this morning that the bridge would reopen.", "2016-09-26"),
        ("Brun said last night that the bridge would reopen.", "2016-09-25"),
        ("Three days ago, Brun said that the bridge would reopen.", "2016-09-23"),
    ],
)
def test_days_relative_to_publication(sentence: str, expected: str) -> None:
    assert said_on(sentence, "said", "the bridge would reopen") == SaidOn(expected, "text")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Brun said in May that the bridge would reopen.", "2016-05"),
        ("At the convention in July, Brun said the bridge would reopen.", "2016-07"),
        ("Brun said in late October that the bridge would reopen.", "2015-10"),  # after September: last year
        ("Brun said on June 3 that the bridge would reopen.", "2016-06-03"),
        ("Brun wrote in a June 10, 2009 email that the bridge would reopen.", "2009-06-10"),
        ("Last September, Brun said the bridge would reopen.", "2015-09"),
    ],
)
def test_months_with_and_without_day_or_year(sentence: str, expected: str) -> None:
    cue = "wrote" if "wrote" in sentence else "said"
    assert said_on(sentence, cue, "the bridge would reopen") == SaidOn(expected, "text")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Earlier this month, Brun said the bridge would reopen.", "2016-09"),
        ("Brun said last month that the bridge would reopen.", "2016-08"),
        ("Brun said last week that the bridge would reopen.", "2016-09"),
        ("Brun said last year that the bridge would reopen.", "2015"),
        ("Six months ago, Brun said the bridge would reopen.", "2016-03"),
    ],
)
def test_periods_at_their_granularity(sentence: str, expected: str) -> None:
    assert said_on(sentence, "said", "the bridge would reopen") == SaidOn(expected, "text")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In a 2012 interview, Brun said the bridge would reopen.", SaidOn("2012", "text")),
        ("In 2011 Brun said the bridge would reopen.", SaidOn("2011", "text")),
        # Not when it was said: a span, an election, someone's relative clause.
        ("Brun, who was mayor from 2004 to 2010, said the bridge would reopen.", SaidOn(PUB, "published")),
        ("The 2012 nominee, Brun, said the bridge would reopen.", SaidOn(PUB, "published")),
        ("Brun, who became mayor in 2014, said the bridge would reopen.", SaidOn(PUB, "published")),
    ],
)
def test_years_only_when_they_date_the_statement(sentence: str, expected: SaidOn) -> None:
    assert said_on(sentence, "said", "the bridge would reopen") == expected


def test_bracketed_date_after_an_excerpt() -> None:
    text = 'Brun put it plainly: "The bridge will reopen." [10/29/13]'
    s = text.index("The bridge")
    e = text.index('"', s)
    c = text.index("put it plainly")
    got = date_statement(text, ((c, c + 14),), ((s, e),), PUB)
    assert got == SaidOn("2013-10-29", "text")


def test_the_following_morning_is_the_day_after_the_date_before() -> None:
    got = said_on("Brun answered the following morning that the bridge would reopen.", "answered",
                  "the bridge would reopen", before="The council voted on Thursday to close the bridge. ")
    assert got == SaidOn("2016-09-23", "text")


def test_dates_inside_the_content_do_not_date_the_statement() -> None:
    got = said_on("Brun said the bridge would reopen on Friday.", "said", "the bridge would reopen on Friday")
    assert got == SaidOn(PUB, "published")


def test_present_tense_cue_is_dated_by_publication() -> None:
    got = said_on("Engineers, who inspected it in 2011, say the bridge is safe.", "say", "the bridge is safe")
    assert got == SaidOn(PUB, "published")
    got = said_on("Brun has said this year that the bridge would reopen.", "said", "the bridge would reopen")
    assert got == SaidOn(PUB, "published")


def test_nothing_dates_it_and_no_publication_date() -> None:
    assert said_on("Brun said the bridge would reopen.", "said", "the bridge would reopen", published=None) is None
    # An absolute date still dates it without a publication date.
    got = said_on("In 2011 Brun said the bridge would reopen.", "said", "the bridge would reopen", published=None)
    assert got == SaidOn("2011", "text")


def test_the_name_may_is_not_the_month() -> None:
    got = said_on("Prime Minister Theresa May said the bridge would reopen.", "said", "the bridge would reopen")
    assert got == SaidOn(PUB, "published")


def test_sentences_do_not_break_after_titles() -> None:
    text = "Mr. Brun said Friday it would reopen. Ms. Lund disagreed."
    assert [text[s:e] for s, e in sentences_of(text)] == ["Mr. Brun said Friday it would reopen.", "Ms. Lund disagreed."]


def test_a_time_the_statement_was_made_for_does_not_date_it() -> None:
    got = said_on("Brun set out her priorities for the January talks, and said the bridge would reopen.", "said",
                  "the bridge would reopen")
    assert got == SaidOn(PUB, "published")
    # "will" in another clause does not make the cue future: "next April's" vote is not when he spoke.
    got = said_on("Asked whether next April's vote will be fair, Lund said the commission was independent.", "said",
                  "the commission was independent")
    assert got == SaidOn(PUB, "published")


@pytest.mark.parametrize(
    ("said", "published", "expected"),
    [("2012", "2016-09-26", True), ("2016-07", "2016-08-01", False), ("2016-07", "2016-09-26", True),
     ("2016-09-23", "2016-09-26", False), (None, "2016-09-26", False)],
)
def test_recalled_means_the_whole_period_ends_a_month_before(said: str | None, published: str, expected: bool) -> None:
    from saidwhat.tone.time import recalled

    assert recalled(said, published) is expected


def test_a_chain_of_anaphoric_times_goes_back_to_the_month_the_text_gave() -> None:
    before = ("Lund refused to back Brun at the party congress in July. The hall booed her. "
              "At a tense breakfast the following morning, Lund said she would not bow. ")
    got = said_on('"I will not bow," Lund said at the time.', "said", "I will not bow", before=before)
    assert got == SaidOn("2016-07", "text")
    # The act's own infinitive is dated by its time: "refused to back Brun ... in July".
    text = "Lund refused to back Brun at the party congress in July."
    c, s = text.index("refused"), text.index("to back")
    assert date_statement(text, ((c, c + 7),), ((s, len(text) - 1),), PUB) == SaidOn("2016-07", "text")


def test_the_same_day_that_is_not_an_anaphor() -> None:
    got = said_on("On the same day that the bridge closed, Brun said the city would cope.", "said",
                  "the city would cope", before="The council met on Wednesday. ")
    assert got == SaidOn(PUB, "published")


def test_a_reason_after_the_content_does_not_date_the_statement() -> None:
    got = said_on("Lund charged that Brun hid the plans because they broke her pledge in 2009.", "charged",
                  "that Brun hid the plans")
    assert got == SaidOn(PUB, "published")
