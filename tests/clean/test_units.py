"""Splitting a dump into units: exact input ranges, and the columns of a layout table."""

from __future__ import annotations

from saidwhat.clean.units import LONG_LINE, split_units


def test_columns_padded_with_spaces_are_units_of_their_own() -> None:
    text = "Home\nNational" + " " * 36 + "By Ana Lind and Oskar Berg\n\nThe ferry  runs twice a day.\n"
    units = split_units(text)
    assert [u.text for u in units] == ["Home", "National", "By Ana Lind and Oskar Berg",
                                       "The ferry  runs twice a day."]
    assert [text[u.pieces[0][0]:u.pieces[0][1]] for u in units] == [u.text for u in units]
    assert units[1].block == units[2].block == 0 and units[3].block == 1


def test_a_row_of_four_spaces_stays_one_unit() -> None:
    assert [u.text for u in split_units("Name    Age\n")] == ["Name    Age"]


def test_a_layout_line_longer_than_long_line_is_cut_after_each_sentence() -> None:
    menu = "Home World Sport Business Opinion Weather Sign in Register Search this site"
    sentences = ['The harbour reopened on Monday after a week of storms.',
                 '"We lost two boats," the harbour master said.',
                 'Repairs will cost 3 million crowns (about $280,000).',
                 '(Reporting by Ana Lind.) Most read Ferry fares rise again']
    body = " ".join(sentences)
    filler = " ".join(f"Related story number {i} about the coast." for i in range(90))
    line = f"{menu} {body} {filler}"
    assert len(line) > LONG_LINE
    text = f"Top\n\n{line}\n"
    units = split_units(text)
    texts = [u.text for u in units]
    assert texts[:5] == ["Top", f"{menu} {sentences[0]}", sentences[1], sentences[2], "(Reporting by Ana Lind.)"]
    assert texts[5] == "Most read Ferry fares rise again Related story number 0 about the coast."
    assert len(texts) == 5 + 90 and all(u.block == 1 for u in units[1:])
    for u in units:
        (start, end), = u.pieces
        assert text[start:end] == u.text
    # A long paragraph under the limit stays one unit.
    short = " ".join(sentences * 5)
    assert len(short) <= LONG_LINE and [u.text for u in split_units(short)] == [short]


def test_kept_neighbouring_sentences_of_a_long_line_stay_one_paragraph() -> None:
    from saidwhat.clean.textdump import assemble

    sentences = [f"Sentence {i} of the article about the harbour and its boats." for i in range(60)]
    text = "Menu\n\n" + "  ".join(sentences) + "\nFooter     Contact\n"
    units = split_units(text)
    assert [u.text for u in units][:2] == ["Menu", sentences[0]] and units[-2:][0].text == "Footer"
    body, segments = assemble(text, units, [1, 2, 3, 5, len(units) - 2, len(units) - 1])
    # 1-3 are neighbours on one line; 5 follows a dropped sentence; the footer is another line,
    # and its two cells (a column gap apart) stay apart.
    assert body == (f"{sentences[0]} {sentences[1]} {sentences[2]}\n\n{sentences[4]}\n\nFooter\n\nContact")
    for seg in segments:
        assert body[seg.text_start:seg.text_start + seg.length] == text[seg.input_start:seg.input_start + seg.length]


def test_a_lower_limit_cuts_a_shorter_layout_line_and_long_pieces_are_found() -> None:
    from saidwhat.clean.units import RETRY_LINE, has_long_piece

    sentences = [f"Sentence {i} of the report on the harbour and its boats." for i in range(25)]
    line = " ".join(sentences)
    assert RETRY_LINE < len(line) <= LONG_LINE
    text = f"Menu\n{line}\n"
    units = split_units(text)
    assert [u.text for u in units] == ["Menu", line] and has_long_piece(units)
    again = split_units(text, RETRY_LINE)
    assert [u.text for u in again] == ["Menu", *sentences] and not has_long_piece(again)
    assert not has_long_piece(split_units("Menu\n" + sentences[0] + "\n"))
