"""Outlet and author names from dumps: no owner, no "Copyright", no section, no job title."""

from __future__ import annotations

import pytest

from saidwhat.clean.meta import detect_author, detect_outlet
from saidwhat.clean.names import normalise_author, normalise_outlet
from saidwhat.clean.units import split_units


@pytest.mark.parametrize(("name", "outlet"), [
    ("Copyright 1996- The Washington Post Company", "The Washington Post"),
    ("© 2019 The Hill", "The Hill"),
    ("Guardian News and Media Limited", "Guardian"),
    ("Copyright of Telegraph Media Group Limited", "Telegraph"),
    ("Copyright Toronto Star 1996-2008 Privacy Code", "Toronto Star"),
    ("Harbour Gazette Ltd.", "Harbour Gazette"),
    ("RT", "RT"),
    ("Hearst Communications", None),  # owners
    ("NYP Holdings", None),
    ("Copyright Gannett", None),
    ("U.S.", None),  # a section
    ("Hosted", None),  # a word
    ("MMVIII", None),
    ("independent", None),
])
def test_normalise_outlet(name: str, outlet: str | None) -> None:
    assert normalise_outlet(name) == outlet


@pytest.mark.parametrize(("name", "author"), [
    ("Meg JamesStaff Writer", "Meg James"),  # two blocks glued by the flattener
    ("Phil Helsel is a reporter", "Phil Helsel"),
    ("Kelly Osgood, Showbiz Reporter", "Kelly Osgood"),
    ("Ana Lind, Senior Political Editor", "Ana Lind"),
    ("Lee Editor-Smith", "Lee Editor-Smith"),  # a name that starts like a job stays whole
    ("Jamelle Bouie", "Jamelle Bouie"),
])
def test_normalise_author(name: str, author: str | None) -> None:
    assert normalise_author(name) == author


def test_outlet_skips_an_owner_for_the_outlet_a_line_above_names() -> None:
    units = split_units("Body of the story.\n\n© 2019 The Hill\n\nCopyright Gannett 2019. All rights reserved.")
    assert detect_outlet(units) == "The Hill"


def test_byline_loses_the_job_title() -> None:
    units = split_units("By Meg JamesStaff Writer\n\nThe studio said on Monday that the film would open in May.")
    assert detect_author(units, 1) == "Meg James"


def test_masthead_names_the_outlet_of_a_page_without_copyright_line(settings) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.clean import clean
    from saidwhat.models import Article, RawPage

    page = "\n".join(["Log In", "Harbour Notes", "Home", "About", "Ferry timetable changes for winter",
                      "November 9, 2025 by Ana Lind",
                      "The island ferry will run two extra crossings a day from December, the operator said, "
                      "after a year of complaints from commuters about crowded boats at peak times.",
                      "Posted by Ana Lind on November 9, 2025 | Permalink"])
    article = clean(RawPage("n", "n.txt", page, "text"), settings)
    assert isinstance(article, Article)
    assert (article.outlet, article.author, article.title, article.published[:10]) == (
        "Harbour Notes", "Ana Lind", "Ferry timetable changes for winter", "2025-11-09")


def test_blog_post_signed_under_the_body_gives_author_and_date() -> None:
    from saidwhat.clean.meta import detect_published

    units = split_units("Harbour Notes\n\nFerry fares\n\n" + "The operator will raise fares in spring, "
                        "it said on Monday, citing fuel costs that doubled.\n\n"
                        "Posted by Ana Lind on Sunday, October 12, 2025 at 06:18 PM | Permalink\n\n"
                        "Posted by: Jo Berg | Monday, October 13, 2025 at 09:00 AM")
    assert detect_author(units, 2) == "Ana Lind"
    assert detect_published(units, 2) == "2025-10-12T18:18"
