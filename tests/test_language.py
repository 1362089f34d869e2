"""Each document's language is detected and stored; a language attribution does not read
is reported as the reason the document was not attributed, not as zero attributions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.clean import clean
from saidwhat.clean.language import detect_language
from saidwhat.models import Article, RawPage

runner = CliRunner()

# Invented stories, one per language.
ENGLISH = ("The harbour master confirmed on Friday that the north pier will reopen next week. "
           "\"We have checked every pile twice,\" said Ana Lind, who leads the repair crew.")
GERMAN = ("Der Hafenmeister bestätigte am Freitag, dass der Nordpier in der kommenden Woche wieder "
          "öffnet. \"Wir haben jeden Pfahl zweimal geprüft\", sagte Ana Lind, die den Reparaturtrupp leitet.")
FRENCH = ("Le capitaine du port a confirmé vendredi que la jetée nord rouvrira la semaine prochaine. "
          "« Nous avons vérifié chaque pieu deux fois », a déclaré Ana Lind, qui dirige l'équipe.")
REASON = ("language 'de' is not supported by attribution (supported: en); "
          "the text was cleaned but not attributed")


@pytest.mark.parametrize(("text", "language"), [
    (ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr"),
    ("Ana Lind said.", None),  # too short to tell: no guess
    ("12:41 | 3/4", None),
])
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_clean_sets_the_language_of_dumps_records_and_html(settings) -> None:  # type: ignore[no-untyped-def]
    dump = clean(RawPage("d", "d.txt", GERMAN, "text"), settings)
    record = clean(RawPage("r", "r.jsonl#r", FRENCH, "text", record=True), settings)
    html = clean(RawPage("h", "h.html", f"<html><body><article><p>{ENGLISH}</p><p>{ENGLISH}</p></article>"
                                        "</body></html>", "html"), settings)
    assert [a.language if isinstance(a, Article) else a for a in (dump, record, html)] == ["de", "fr", "en"]


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    rows = [{"id": "pier-en", "text": ENGLISH}, {"id": "pier-de", "text": GERMAN}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_extract_says_why_a_german_page_has_no_attributions(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "--workers", "1", str(_corpus(tmp_path))])
    records = {r["doc"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["pier-de"]["skipped"] == f"attribution: {REASON}"
    assert records["pier-en"]["language"] == "en"
    assert [a["speaker"] for a in records["pier-en"]["attributions"]] == [None, "Ana Lind"]  # the harbour master, unnamed


def test_ingest_stores_the_language_and_counts_the_reason(tmp_path: Path) -> None:
    db = str(tmp_path / "lang.db")
    result = runner.invoke(app, ["ingest", "--workers", "1", "--db", db, str(_corpus(tmp_path))])
    assert result.exit_code == 1  # something was skipped
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT doc_id, language FROM documents").fetchall() == [("pier-en", "en")]
    skipped = runner.invoke(app, ["skipped", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in skipped.stdout.splitlines()]
    assert [(r["doc_id"], r["stage"], r["reason"]) for r in rows] == [("pier-de", "attribution", REASON)]
