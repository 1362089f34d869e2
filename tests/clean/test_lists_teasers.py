"""The two losses a reader notices first: the article's own list dropped as if it were a
menu, and a "more stories" block under the article kept as if it were body.

``keyfacts.txt`` and ``morestories.txt`` are invented pages written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean import clean
from saidwhat.clean.textdump import select_body
from saidwhat.clean.units import split_units
from saidwhat.models import Article, RawPage

DATA = Path(__file__).parent / "data"

KEY_FACTS = [
    "The key facts of the deal:",
    "Price: 6.2 million, paid in two stages",
    "Jobs: 140 at opening, up to 210 by 2026",
    "Lines: two of three restarted in October",
    "Training: a twelve-week course with the county college",
]
TEASERS = [
    "Elsewhere in the Standard",
    "Harbour car park to close for repairs in June",
    "The council says the work on the sea wall will take about six weeks",
    "Pupils at Mill Lane primary will plant the garden",
    "The operator has agreed to keep the service running",
    "Library extends its opening hours on Saturdays",
]


def body(name: str, settings) -> str:  # type: ignore[no-untyped-def]
    raw = (DATA / f"{name}.txt").read_text("utf-8")
    article = clean(RawPage(name, f"{name}.txt", raw), settings)
    assert isinstance(article, Article), article
    return article.text


@pytest.mark.xfail(reason="the line model trained on cleaning-extra (lines.v3) keeps the last item 'Training: a "
                          "twelve-week course ...' itself, and the subhead rule then drops it as a heading over the "
                          "next paragraph; the list rule only adds lines the model left out", strict=True)
def test_a_list_of_key_facts_between_paragraphs_is_kept(settings) -> None:  # type: ignore[no-untyped-def]
    paragraphs = body("keyfacts", settings).split("\n\n")
    start = paragraphs.index(KEY_FACTS[0])
    assert paragraphs[start : start + len(KEY_FACTS)] == KEY_FACTS
    assert paragraphs[start + len(KEY_FACTS)].startswith("Former workers will be offered interviews first")


def test_the_list_page_still_drops_its_furniture(settings) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n" + body("keyfacts", settings) + "\n\n"
    kept = [d for d in ("Share this article", "\n\nFacebook\n\n", "Most read", "Storm warning",
                        "Ferry timetable", "All rights reserved", "\n\nSubscribe\n\n") if d in text]
    assert kept == []


def test_more_stories_under_an_article_are_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    text = body("morestories", settings)
    assert [t for t in TEASERS if t in text] == []
    assert text.endswith("The choir will give a free concert in the church hall on 20 May to thank the town "
                         "for its support.")
    assert text.startswith("A choir formed in a church hall in Fenwick only three years ago")
    assert len(text.split("\n\n")) == 6


def _select(lines: list[str], probs: list[float]) -> list[str]:
    units = split_units("\n\n".join(lines))
    return [units[i].text for i in select_body(units, probs, 0.5)]


PROSE = ("The committee met on Tuesday evening and agreed the new budget after a long debate "
         "about the cost of the repairs.")
CLOSING = "Members will vote on the plan at the next meeting of the full council in the spring."


@pytest.mark.parametrize("items, kept", [
    # bullets, one shape: a list of the article's
    (["• Roads: 2.1 million", "• Schools: 1.4 million", "• Parks: 0.3 million"], True),
    # numbered steps
    (["1. Fill in the form", "2. Bring two photos", "3. Pay the fee at the desk"], True),
    # a "Print" line inside the ingredients is looked through, and not kept
    (["1 tsp salt", "Print", "2 cups flour", "3 eggs, beaten"], ["1 tsp salt", "2 cups flour", "3 eggs, beaten"]),
    # a run with its own heading is another block ("More:" teasers)
    (["More:", "Harbour car park to close", "Bus route is saved"], False),
    # menu words and links are furniture even between paragraphs
    (["Sign in", "Subscribe", "Newsletter"], False),
    (["www.example.org/roads", "www.example.org/schools"], False),
    # no shared shape: caption, name, date and a button between paragraphs
    (["Crowds at the harbour, May 2023", "Ana Lind", "Staff writer", "Large/Small text"], False),
])
def test_a_run_between_paragraphs_is_kept_only_when_it_looks_like_a_list(items: list[str],
                                                                          kept: bool | list[str]) -> None:
    probs = [0.9] + [0.05] * len(items) + [0.9]
    out = _select([PROSE, *items, CLOSING], probs)
    expected = kept if isinstance(kept, list) else items if kept else []
    assert out == [PROSE, *expected, CLOSING]


def test_a_sentence_ending_in_a_colon_introduces_a_list_at_the_end() -> None:
    intro = "The band will play these dates on the tour next summer:"
    dates = ["June 9 – Lisbon @ Coliseu", "June 12 – Porto @ Super Bock Arena", "June 15 – Madrid @ WiZink Center"]
    probs = [0.9, 0.9] + [0.05] * len(dates) + [0.0]
    assert _select([PROSE, intro, *dates, "Home"], probs) == [PROSE, intro, *dates]
    # without the introducing sentence, a run at the end of the body may be anything
    assert _select([PROSE, CLOSING, *dates, "Home"], probs) == [PROSE, CLOSING]


def test_teasers_need_three_pairs_and_text_above_them() -> None:
    pairs = ["Harbour ferry fares to rise in spring",
             "The operator says fuel costs have doubled since last year and more.",
             "School wins grant for a science garden",
             "Pupils will plant the garden with volunteers from the allotment society.",
             "Bus route to the hospital is saved after protest",
             "The operator has agreed to keep the service running until next spring."]
    probs = [0.9] + [0.3, 0.9] * 3
    assert _select([PROSE, *pairs], probs) == [PROSE]
    # two pairs are not a block: an article may alternate a subhead and a short paragraph twice
    assert _select([PROSE, *pairs[:4]], [0.9] + [0.3, 0.9] * 2) == [PROSE, pairs[1], pairs[3]]


def test_three_excerpts_cut_off_mid_word_are_dropped() -> None:
    comments = ["Ana Lind: Congratulations to the whole team on a well deser…",
                "Tom Berg: I was at the final and the second piece was the best thing I heard all...",
                "Eva Holm: My daughter sings in this choir and we could not be prou…"]
    assert _select([PROSE, CLOSING, *comments], [0.9, 0.9, 0.8, 0.8, 0.8]) == [PROSE, CLOSING]
    # two are not a block
    assert _select([PROSE, CLOSING, *comments[:2]], [0.9, 0.9, 0.8, 0.8]) == [PROSE, CLOSING, *comments[:2]]


def test_subheads_and_trailing_speech_inside_a_body_are_not_teasers() -> None:
    # an explainer's subheads over one-sentence paragraphs, with more of the body below
    explainer = ["What changes for drivers",
                 "Parking fees rise in the harbour district from the first of April for all visitors.",
                 "What changes for residents",
                 "Residents keep their permits and pay the same annual fee as they did before.",
                 "What changes for shops",
                 "Shops may apply for two delivery bays each, the council said in its statement."]
    probs = [0.9] + [0.3, 0.9] * 3 + [0.9]
    assert _select([PROSE, *explainer, CLOSING], probs) == [PROSE, *explainer[1::2], CLOSING]
    # a witness trailing off three times between two paragraphs of the body
    speech = ["And then we went down to the river and...", "We stood there and waited for the next...",
              "I said, go on, go on, go on..."]
    assert _select([PROSE, *speech, CLOSING], [0.9] * 5) == [PROSE, *speech, CLOSING]


TOUR = ["June 9 – Ostby, Town Hall @ Main Stage", "June 11 – Fenwick, Harbour Park @ Pier Stage",
        "June 14 – Mill Town, Corn Exchange @ Great Hall", "June 18 – Holm, Harbour Credit Union Arena @ Arena",
        "June 21 – Vik, Old Market @ Market Square"]


@pytest.mark.xfail(reason="the line model trained on cleaning-extra (lines.v3) gives the heading 'The Harbour "
                          "Lights Tour Dates' 0.21 and smoothing drops it, so no kept heading names the list", strict=True)
def test_a_list_under_a_kept_heading_is_kept(settings) -> None:  # type: ignore[no-untyped-def]
    # tourdates.txt (invented): the article ends with "The Harbour Lights Tour Dates" and the dates
    paragraphs = body("tourdates", settings).split("\n\n")
    start = paragraphs.index("The Harbour Lights Tour Dates")
    assert paragraphs[start + 1 :] == TOUR  # the venue's "Credit Union" does not end the list
    assert "Trending" not in paragraphs


def test_a_menu_under_a_kept_heading_is_not_a_list() -> None:
    # a guard (it held before the heading rule too): bare capitalised words are a menu's shape
    lines = [PROSE, "More in Music", "Home", "News", "Sport", "Arts"]
    assert _select(lines, [0.9, 0.9, 0.1, 0.1, 0.1, 0.1]) == [PROSE, "More in Music"]
