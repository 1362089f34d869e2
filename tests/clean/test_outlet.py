"""The outlet from the best evidence on an invented page dump."""

from __future__ import annotations

import pytest

from saidwhat.clean.names import normalise_outlet
from saidwhat.clean.outlet import OUTLET_FEATURES, best_outlet, outlet_candidates
from saidwhat.clean.units import split_units

BODY = ("The council agreed on Monday to rebuild the footbridge over the river before the spring floods, "
        "after residents complained that the old one had been closed for most of the winter.")


def _dump(*lines: str) -> list:
    return split_units("\n".join(lines) + "\n")


@pytest.mark.parametrize(("name", "outlet"), [
    ("CSTV Networks, Inc.", "CSTV"),
    ("G4 Media, Inc.", "G4"),
    ("Fox Television Stations, Inc.", "Fox"),
    ("Copyright © 2012 Harbour Gazette", "Harbour Gazette"),
])
def test_more_corporate_trimmings_go(name: str, outlet: str) -> None:
    assert normalise_outlet(name) == outlet


def test_a_copyright_line_names_the_outlet_not_its_section() -> None:
    units = _dump("Home", "World", "Politics", "Footbridge to be rebuilt", BODY,
                  "© 2019 The Riverside Courier. All rights reserved.")
    assert best_outlet(units) == "The Riverside Courier"


def test_the_site_names_itself_where_no_copyright_line_does() -> None:
    units = _dump("Home", "About", "Contact", "Footbridge to be rebuilt", BODY,
                  "Welcome to the Millbrook Ledger, where the town reads its news.",
                  "Got a question or comment about Millbrook Ledger? Write to us.")
    assert best_outlet(units) == "Millbrook Ledger"


def test_the_outlet_beats_the_wire_agency_that_owns_the_copy() -> None:
    units = _dump("Valley Chronicle", "Home", "News", "Footbridge to be rebuilt", BODY,
                  "Copyright 2008 Associated Press. All rights reserved.",
                  "Valley Chronicle on Twitter", "© 2008 Valley Chronicle")
    assert best_outlet(units) == "Valley Chronicle"


def test_a_domain_with_dots_is_kept_whole() -> None:
    units = _dump("Footbridge to be rebuilt", BODY, "Copyright © 2008 Tech.co.uk, Future Publishing.")
    assert best_outlet(units) == "Tech.co.uk"


def test_no_evidence_no_outlet() -> None:
    assert best_outlet(_dump("home", "Footbridge to be rebuilt", BODY)) is None


def test_the_writer_a_page_follows_is_not_its_outlet() -> None:
    """A blog prints its writer's name as often as its own (outlet.v9's first-name feature;
    outlet.v8 chose the writer here)."""
    units = _dump("Home", "About", "Footbridge to be rebuilt - Kestrel Ridge Notes", BODY,
                  "Subscribe to Kestrel Ridge Notes", "Follow Jeff Marsh on Twitter", "Jeff Marsh")
    assert best_outlet(units) == "Kestrel Ridge Notes"


@pytest.mark.xfail(reason="the outlet ranker (outlet.v9) scores 'Ada Quell' of 'Follow Ada Quell' (a phrase that "
                   "names a site) above 'Lantern Hill Notes' (a masthead line that spells the address); leaving the "
                   "byline's name out cost more personal blogs on the labelled pages than it fixed (3 dumps against 2)")
def test_a_line_spelling_out_the_site_address_names_the_outlet() -> None:
    # the page names its author more often than its own name, which it prints once, below
    # the menu of sections; only the blog's name spells out its address
    units = _dump("Home", "Archives", "Roads", "Bridges", "Town Hall", "Schools", "Weather", "Events", "Sport",
                  "Lantern Hill Notes", "Footbridge to be rebuilt", "By Ada Quell", BODY,
                  "Subscribe: www.LanternHillNotes.com/feed", "Follow Ada Quell",
                  "Ada Quell writes about the town's roads and bridges.")
    assert best_outlet(units) == "Lantern Hill Notes"


def test_a_sentence_case_headline_alone_is_no_outlet_but_a_name_shaped_line_is() -> None:
    # neither page prints a copyright line; only the second prints a name of its own at the top
    assert best_outlet(_dump("Footbridge to be rebuilt", BODY)) is None
    assert best_outlet(_dump("Quarry Times", "Footbridge to be rebuilt", BODY)) == "Quarry Times"


def test_a_name_inside_a_longer_one_loses_to_it() -> None:
    units = _dump("Guardian Unlimited", "Footbridge to be rebuilt", BODY,
                  "Guardian Unlimited © Guardian News and Media Limited 2008")
    assert best_outlet(units) == "Guardian Unlimited"


def test_a_two_part_suffix_stays_on_the_address() -> None:
    from saidwhat.clean.outlet import _ADDRESS

    found = [(m.group("name"), m.group("stem")) for m in _ADDRESS.finditer("www.ferrybay.com.au and news.ferrybay.co.uk")]
    assert found == [("www.ferrybay.com.au", "ferrybay"), ("news.ferrybay.co.uk", "ferrybay")]


def test_a_year_closed_by_a_full_stop_still_names_the_outlet() -> None:
    # the copyright line, "Copyright © 2008." then the name, was not read at all
    units = _dump("www.ferrybay.com.au", "Home", "Footbridge to be rebuilt", BODY,
                  "Copyright © 2008. The Ferry Bay Herald.")
    assert best_outlet(units) == "The Ferry Bay Herald"


@pytest.mark.parametrize(("line", "name"), [
    # an address whose first word is a menu word ("News") is still the site's address
    ("Source: harbournews.com.au", "harbournews.com.au"),
    ("news.com.au", "news.com.au"),
    # a name in quotation marks after "Follow"
    ("Follow “Lantern Hill Notes”", "Lantern Hill Notes"),
    # a trade mark sign is not part of the name
    ("©2012 Quarry Times® Weekly", "Quarry Times Weekly"),
])
def test_evidence_names_come_out_whole(line: str, name: str) -> None:
    names = {c.name for c in outlet_candidates(_dump("Footbridge to be rebuilt", BODY, line))}
    assert name in names


def test_a_name_its_address_abbreviates_is_the_outlet_not_the_address() -> None:
    # the masthead spells the name; the footer's address is its initials (www.smh.com.au for
    # The Sydney Morning Herald) or its initials and last word (latimes.com)
    units = _dump("Home", "News", "Quarry Valley Herald", "Footbridge to be rebuilt", BODY, "www.qvh.com.au")
    assert best_outlet(units) == "Quarry Valley Herald"
    names = {c.name: c.features[OUTLET_FEATURES.index("stem_abbrev")] for c in outlet_candidates(
        _dump("Footbridge to be rebuilt", BODY, "Read more at qvherald.com", "The Quarry Valley Herald"))}
    assert names["The Quarry Valley Herald"] == 1.0 and names["qvherald.com"] == 0.0
