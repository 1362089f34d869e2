"""The hand-written parts of cleaning: dates, bylines, venues, kinds, smoothing, units."""

from __future__ import annotations

import pytest

from saidwhat.clean.meta import detect_author, detect_kind, detect_outlet, detect_venue, parse_date
from saidwhat.clean.textdump import is_furniture, is_subhead, smooth
from saidwhat.clean.units import split_units


@pytest.mark.parametrize("text, expected", [
    ("25 Mar, 2016 16:12", "2016-03-25T16:12"),
    ("Nov 19, 2019 at 9:08 GMT1 day ago", "2019-11-19T09:08+00:00"),
    ("November 19th, 2019 at 8:40 AM", "2019-11-19T08:40"),
    ("Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST on Nov 18, 2019", "2019-11-18T16:07"),
    ("16:05, Sat, Oct 9, 2021 | UPDATED: 17:20, Sat, Oct 9, 2021", "2021-10-09T16:05"),
    ("2019-11-19T08:40:00+0100", "2019-11-19T08:40:00+01:00"),
    ("Posted on March 3, 2020 by Ellen Marsh", "2020-03-03"),
    ("20 Nov 2019", "2019-11-20"),
    ("Updated at 23:58 GMT", None),
    ("Tuesday 5 March 2019 12:00 pm", "2019-03-05T12:00"),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("By Jamelle Bouie", "Jamelle Bouie"),
    ("By Kelly Osgood, Showbiz Reporter", "Kelly Osgood"),
    ("Posted on March 3, 2020 by Ellen Marsh", "Ellen Marsh"),
    ("Posted by Owen Tarrant on 2 May 2023", "Owen Tarrant"),
    ("By Lea Brandt at 09:40", "Lea Brandt"),
    ("By Al on May 3, 2024", "Al"),  # a two-letter name ends at "on", not after it
    ("Posted by Al on 3 May 2024", "Al"),
    ("The bill was passed by the Senate on Tuesday.", None),
])
def test_bylines(line: str, expected: str | None) -> None:
    units = split_units(line + "\n\nBody text follows here in a long sentence.")
    assert detect_author(units, 1) == expected


@pytest.mark.parametrize("first, venue", [
    ("MOSCOW (Reuters) — The ministry said on Monday ...", "MOSCOW"),
    ("WASHINGTON (AP) -- The Senate voted ...", "WASHINGTON"),
    ("LONDON, Nov 19 (Reuters) - Britain's ...", "LONDON"),
    ("NEW YORK — Shares rose ...", "NEW YORK"),
    ("МОСКВА — Переговоры о возобновлении ...", "МОСКВА"),
    ("The ministry said on Monday ...", None),
    ("I — for one — disagree.", None),
])
def test_venue(first: str, venue: str | None) -> None:
    assert detect_venue(first) == venue


def test_outlet_from_disclaimer_and_copyright() -> None:
    disclaimer = split_units("Body.\n\nThe views expressed are solely those of the author and do not "
                             "necessarily represent those of RT.")
    assert detect_outlet(disclaimer) == "RT"
    assert detect_outlet(split_units("Body.\n\n© 2021 Harbour Gazette. All rights reserved.")) == "Harbour Gazette"
    assert detect_outlet(split_units("Body.\n\n© The Fenwick Standard 2023")) == "The Fenwick Standard"
    assert detect_outlet(split_units("Body.\n\nCopyright Harbour Gazette 2019-2023. All rights reserved.")) == "Harbour Gazette"
    assert detect_outlet(split_units("Body.\n\nNothing here.")) is None


def test_outlet_quoted_inside_a_company_form() -> None:
    # The copyright names the company and quotes the outlet it publishes (the demo's
    # Meridian Broadcast news pages showed no outlet for this reason).
    line = "© Autonomous Non-Profit Organization \u201cLakeview Radio\u201d, 2005\u20132025. All rights reserved."
    assert detect_outlet(split_units("Body.\n\n" + line)) == "Lakeview Radio"
    assert detect_outlet(split_units("Body.\n\nCopyright OOO \u00abKestrel Press\u00bb 2020")) == "Kestrel Press"


@pytest.mark.parametrize("page, kind", [
    ("Opinion\n\nHeadline here now\n\nBody text that is long enough to be a paragraph.", "opinion"),
    ("News Analysis\n\nHeadline here now\n\nBody text that is long enough to be a paragraph.", "analysis"),
    ("Home\n\nOp-ed\n\nSport\n\nHeadline here now\n\nBody text that is long enough.", "news"),
    ("Headline\n\nBody.\n\nThe opinions expressed in this article are the author's own.", "opinion"),
])
def test_kind(page: str, kind: str) -> None:
    units = split_units(page)
    body_start = len(units) - 1 if "Body text" in units[-1].text else len(units) - 2
    assert detect_kind(units, body_start) == kind


def test_smooth_keeps_a_short_line_inside_the_body_and_drops_a_lone_teaser() -> None:
    probs = [0.05, 0.1, 0.9, 0.95, 0.35, 0.9, 0.1, 0.05, 0.6, 0.05, 0.02]
    assert smooth(probs, 1.0) == [False, False, True, True, True, True, False, False, False, False, False]
    assert smooth(probs, 0.0) == [p >= 0.5 for p in probs]


def test_subheads_and_furniture() -> None:
    para = split_units("x " * 20)[0]
    sub = split_units("Ceasefire on Syria?")[0]
    assert is_subhead(sub, para) is True
    assert is_subhead(split_units("Please.")[0], para) is False
    assert is_subhead(split_units("1. Ditch the diet")[0], para) is False
    assert is_furniture(split_units("READ MORE: New Syrian constitution by August")[0]) is True
    assert is_furniture(split_units("Read more about the plan in the report, she said.")[0]) is False


def test_units_keep_exact_ranges_and_join_wrapped_lines() -> None:
    text = "Title line\r\n\r\nFirst wrapped line of a paragraph that goes on for a while\r\nand ends here.\r\n"
    units = split_units(text)
    assert [u.text for u in units] == [
        "Title line",
        "First wrapped line of a paragraph that goes on for a while and ends here.",
    ]
    assert [[text[a:b] for a, b in u.pieces] for u in units] == [
        ["Title line"],
        ["First wrapped line of a paragraph that goes on for a while", "and ends here."],
    ]


def test_a_headline_above_an_unseparated_paragraph_is_not_joined() -> None:
    text = ("Senate panel advances port security bill after delay\n"
            "The Commerce Committee voted 17-9 to send the measure to the full Senate on Tuesday.\n")
    assert [u.text for u in split_units(text)] == [
        "Senate panel advances port security bill after delay",
        "The Commerce Committee voted 17-9 to send the measure to the full Senate on Tuesday.",
    ]
