"""Splitting a dump into units: exact input ranges, and the columns of a layout table."""

from __future__ import annotations

from saidwhat.clean.units import split_units


def test_columns_padded_with_spaces_are_units_of_their_own() -> None:
    text = "Home\nNational" + " " * 36 + "By Ana Lind and Oskar Berg\n\nThe ferry  runs twice a day.\n"
    units = split_units(text)
    assert [u.text for u in units] == ["Home", "National", "By Ana Lind and Oskar Berg",
                                       "The ferry  runs twice a day."]
    assert [text[u.pieces[0][0]:u.pieces[0][1]] for u in units] == [u.text for u in units]
    assert units[1].block == units[2].block == 0 and units[3].block == 1


def test_a_row_of_four_spaces_stays_one_unit() -> None:
    assert [u.text for u in split_units("Name    Age\n")] == ["Name    Age"]
