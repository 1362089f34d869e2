"""Escape codes in article text never reach the analyst's terminal through table output."""

from __future__ import annotations

from pathlib import Path

from store_factory import article, quote
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.cli.terminal import printable
from saidwhat.models import Parsed, Skipped
from saidwhat.service.speakers import refresh_speakers
from saidwhat.store import open_store

HOSTILE = 'Mayor Ada Quill\x1b]0;pwned\x07 said the \x1b[2Jferry plan\x9b31m was \u202eready\x07 for spring.'


def test_printable_drops_controls_and_keeps_text() -> None:
    assert printable("a\x1b[31mb\tc\nd\x7f\x85e\u202ef") == "a[31mb c\nde" + "f"


def test_quotes_and_skipped_tables_print_no_control_characters(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    text = "Ferry news\n\n" + HOSTILE
    parsed = Parsed(
        article("ferry", ["Ferry news", HOSTILE], published="2024-05-01", outlet="Coast\x1b[5mwire"),
        (quote(text, "Mayor Ada Quill\x1b]0;pwned\x07", "said", "the \x1b[2Jferry plan\x9b31m was \u202eready\x07",
               speaker="Ada Quill"),),
    )
    with open_store(db) as store:
        store.add_batch([parsed, Skipped("bad", "in/bad\x1b[2J.txt", "ingest", "odd \x1b[31mbytes")])
        refresh_speakers(store)
    runner = CliRunner()
    for args in (["quotes", "--db", db], ["skipped", "--db", db]):
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert not any(ch in result.stdout for ch in "\x1b\x07\x9b\u202e"), repr(result.stdout)
    quotes = runner.invoke(app, ["quotes", "--db", db], env={"COLUMNS": "200"}).stdout
    assert "ferry plan31m was ready" in quotes and "Coast[5mwire" in quotes
