"""Outlet and author names from dumps: no owner, no "Copyright", no section, no job title."""

from __future__ import annotations

import pytest

from saidwhat.clean.lines import split_units
from saidwhat.clean.meta import detect_author, detect_outlet
from saidwhat.clean.names import normalise_author, normalise_outlet


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
