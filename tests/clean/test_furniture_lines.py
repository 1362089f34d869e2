"""Lines that read like the article's sentences but are not its body: captions that credit
their picture at the end of the line, and what signs an article off (a colleague's credit,
the reporter's address, a prompt to share it, an empty tag list, a call to subscribe).

And one that is body although it is short and sits over a paragraph as a subhead does: a
sentence leading into that paragraph ("Here is the catch for borrowers:").

Also comment excerpts that the site cut off at a word boundary ("... for the …"), and a
gallery's caption printed three times.

``captions.txt``, ``signoff.txt``, ``leadin.txt``, ``comments.txt`` and ``gallery.txt`` are
invented pages written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean import clean
from saidwhat.clean.textdump import is_furniture, is_subhead, select_body
from saidwhat.clean.units import split_units
from saidwhat.models import Article, RawPage

DATA = Path(__file__).parent / "data"


def test_credited_captions_inside_the_body_are_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / "captions.txt").read_text("utf-8")
    article = clean(RawPage("captions", "captions.txt", raw), settings)
    assert isinstance(article, Article), article
    paragraphs = article.text.split("\n\n")
    assert [p for p in paragraphs if "Credit" in p or "AP Photo" in p or p.startswith("Video:")] == []
    assert paragraphs[0].startswith("The harbour's new ferry carried its first passengers")
    assert paragraphs[-1].startswith("The old ferry will be sold")
    assert len(paragraphs) == 6


@pytest.mark.parametrize("line, furniture", [
    ("The new pier at dusk on Friday. Credit: Harbour Ferries", True),
    ("The new pier at dusk on Friday.Credit...Jane Doe/The Fenwick Standard", True),
    ("Workers paint the hull in the dry dock on Tuesday. (AP Photo/Jane Doe)", True),
    ("The mayor cuts the ribbon at the quay on Friday. (Reuters)", True),
    ("Media caption The ferry's first crossing of the estuary on Friday", True),
    ("Video: The operator's director explains why the new ferry took two years longer to build.", True),
])
def test_a_credit_at_the_end_or_a_caption_label_marks_a_caption(line: str, furniture: bool) -> None:
    assert is_furniture(split_units(line)[0]) is furniture


@pytest.mark.parametrize("line", [
    "Shoppers used more credit in May than in any month since 2019, the bank said.",
    "FENWICK (AP) — The harbour's new ferry carried its first passengers on Friday.",
    "The bank's chief said the credit: debit ratio had never been so high, and would fall.",
    "Above all, the town wants a ferry that runs on time, the mayor said on Friday.",
    "Video cameras on the quay recorded the first crossing, the operator said.",
])
def test_prose_about_credit_or_a_wire_dateline_is_not_a_caption(line: str) -> None:
    # guards for the rule above (these passed before it too)
    assert is_furniture(split_units(line)[0]) is False


SIGN_OFF = ["Get the Fenwick Standard delivered to your door every Saturday morning. Twelve issues for ten "
            "pounds. Click here for more information.",
            "Ana Lind contributed reporting from Ostby.", "owen.tarrant@example.com",
            "Like this story? Share it with a friend!", "Tags:"]


def test_what_signs_off_an_article_is_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / "signoff.txt").read_text("utf-8")
    article = clean(RawPage("signoff", "signoff.txt", raw), settings)
    assert isinstance(article, Article), article
    paragraphs = article.text.split("\n\n")
    assert [p for p in paragraphs if p in SIGN_OFF] == []
    assert paragraphs[-1].startswith("The council said the small pool would reopen first")
    assert len(paragraphs) == 5


@pytest.mark.parametrize("line", SIGN_OFF + ["Tell us what you think...",
                                             "Stay up to date with the Standard. Subscribe to our newsletter.",
                                             "Start your day with the Harbour Brief. Sign up for the free daily "
                                             "newsletter."])
def test_sign_off_lines_are_furniture(line: str) -> None:
    assert is_furniture(split_units(line)[0]) is True


@pytest.mark.parametrize("line", [
    "Volunteers contributed more than 400 hours to the repairs, the council said.",
    "Readers can tell us what they think at a meeting in the library on Friday, she said.",
    "Residents who subscribe to the heating scheme will pay less next winter, the council said.",
    "The council will sign up for the national recycling scheme next year, the mayor said.",
])
def test_prose_about_contributing_is_not_a_sign_off(line: str) -> None:
    # guards for the rule above (these passed before it too)
    assert is_furniture(split_units(line)[0]) is False


def test_a_sentence_leading_into_a_paragraph_is_not_a_subhead(settings) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / "leadin.txt").read_text("utf-8")
    article = clean(RawPage("leadin", "leadin.txt", raw), settings)
    assert isinstance(article, Article), article
    paragraphs = article.text.split("\n\n")
    assert "Here is the catch for borrowers:" in paragraphs
    assert paragraphs[paragraphs.index("Here is the catch for borrowers:") + 1].startswith("Books cannot be")
    assert "Students' corner" not in paragraphs  # a real subhead still goes
    assert any(p.startswith("The council said it would review the plan") for p in paragraphs)


def test_lead_in_versus_heading() -> None:
    para = split_units("A paragraph long enough to follow a subhead, with many words in it, "
                       "more than fifteen of them for sure.")[0]
    assert is_subhead(split_units("Here is the catch for borrowers:")[0], para) is False
    assert is_subhead(split_units("Here is the catch:")[0], para) is False


def test_comment_excerpts_cut_off_before_an_ellipsis_are_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    # a site that cuts its excerpts at a word boundary writes "for the …", not "for th…"
    raw = (DATA / "comments.txt").read_text("utf-8")
    article = clean(RawPage("comments", "comments.txt", raw), settings)
    assert isinstance(article, Article), article
    paragraphs = article.text.split("\n\n")
    assert [p for p in paragraphs if p.endswith("…")] == []
    assert paragraphs[-1].startswith("The club will now send two crews")


def test_a_caption_printed_three_times_is_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    # gallery.txt (invented): the lead picture's caption, then the same caption on two slides
    raw = (DATA / "gallery.txt").read_text("utf-8")
    article = clean(RawPage("gallery", "gallery.txt", raw), settings)
    assert isinstance(article, Article), article
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("OSTBY — The town's market hall reopened")
    assert not any(p.startswith("The mayor, left,") for p in paragraphs)


def test_a_body_printed_twice_keeps_its_first_copy() -> None:
    # a guard (it held before the gallery rule too): two copies are a body seen in two layouts
    from saidwhat.clean.textdump import select_body

    para = "The council agreed the new budget on Tuesday after a long debate about the cost of repairs."
    units = split_units("\n\n".join([para, "Print", para]))
    assert [units[i].text for i in select_body(units, [0.9, 0.1, 0.9], 0.5)] == [para]


def _select_lines(lines: list[str], probs: list[float]) -> list[str]:
    units = split_units("\n\n".join(lines))
    return [units[i].text for i in select_body(units, probs, 0.5)]


BIO_BODY = [
    "Pupils at Mill Lane primary school opened a science garden on Friday, two years after the school "
    "won a grant to turn an old car park into beds and ponds.",
    "Volunteers from the Ostby allotment society helped to build the beds over the summer holidays.",
]


@pytest.mark.parametrize("heading", ["About Ana Lind", "Über Ana Lind", "Sobre Ana Lind"])
def test_an_author_bio_under_its_heading_is_furniture(heading: str) -> None:
    bio = "Before she wrote about schools, Ana Lind taught chemistry in Fenwick for ten years."
    out = _select_lines([*BIO_BODY, heading, bio, "Home"], [0.9, 0.9, 0.6, 0.9, 0.0])
    assert out == BIO_BODY


def test_a_company_about_paragraph_and_a_paragraph_not_naming_the_person_stay() -> None:
    about = "Harbourtech makes charging points for electric ferries and employs 300 people in Ostby."
    out = _select_lines([*BIO_BODY, "About Harbourtech", about, "Home"], [0.9, 0.9, 0.3, 0.9, 0.0])
    assert out == [*BIO_BODY, about]
    closing = "The garden will open to parents on the first Saturday of every month."
    out = _select_lines([*BIO_BODY, "About Ana Lind", closing, "Home"], [0.9, 0.9, 0.3, 0.9, 0.0])
    assert out == [*BIO_BODY, closing]
