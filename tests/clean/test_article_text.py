"""Records that are article text already keep every paragraph (issue 25).

A JSONL/CSV corpus record's ``text``/``body``/``content`` is the article, not a page dump:
the cross-page profile must not take a sentence two records share for furniture, and a
record of one sentence is an article. The ``clean`` setting says which inputs are which.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from saidwhat.clean import build_profile, clean
from saidwhat.ingest import iter_pages
from saidwhat.models import Article, RawPage, Skipped

# Two stories of one invented outlet that share wire copy word for word.
SHARED = "The ministry said talks with the ferry union would resume on Monday."
FIRST = ["Ferry crews in Ostby walked out on Tuesday over a new rota.", SHARED,
         "Passengers were told to expect delays until the end of the week."]
SECOND = ["The Ostby ferry strike entered its second day on Wednesday.", SHARED,
          "Union leader Ana Lind said members were ready to talk."]
ONE_SENTENCE = "The harbour master confirmed that the north pier will reopen on Friday."
URL = "https://harbourgazette.example/news/"


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    rows = [
        {"id": "strike-1", "url": URL + "strike-1", "title": "Ferry crews walk out", "text": "\n\n".join(FIRST)},
        {"id": "strike-2", "url": URL + "strike-2", "body": "\n\n".join(SECOND)},
        {"id": "pier", "url": URL + "pier", "content": ONE_SENTENCE},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _clean_corpus(paths: list[Path], settings) -> dict[str, Article | Skipped]:  # type: ignore[no-untyped-def]
    pages = [p for p in iter_pages([str(p) for p in paths], settings) if isinstance(p, RawPage)]
    profile = build_profile(pages, settings)
    return {p.doc_id: clean(p, settings, profile) for p in pages}


def _paragraphs(result: Article | Skipped) -> list[str]:
    assert isinstance(result, Article), result
    return result.text.split("\n\n")


def test_jsonl_records_keep_every_paragraph_even_shared_ones(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    out = _clean_corpus([_jsonl(tmp_path)], settings)
    assert _paragraphs(out["strike-1"]) == FIRST
    assert _paragraphs(out["strike-2"]) == SECOND


def test_one_sentence_record_is_an_article(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    out = _clean_corpus([_jsonl(tmp_path)], settings)
    assert _paragraphs(out["pier"]) == [ONE_SENTENCE]


def test_record_offsets_map_back_to_the_record_text(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    out = _clean_corpus([_jsonl(tmp_path)], settings)
    article = out["strike-2"]
    assert isinstance(article, Article)
    start = article.text.index(SHARED)
    ((a, b),) = article.to_input(((start, start + len(SHARED)),))
    assert article.raw[a:b] == SHARED


def test_csv_records_keep_every_paragraph(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "records.csv"
    path.write_text('id,outlet,body\nstrike-1,Harbour Gazette,"' + "\n\n".join(FIRST) + '"\n'
                    'strike-2,Harbour Gazette,"' + "\n\n".join(SECOND) + '"\n', "utf-8")
    out = _clean_corpus([path], settings)
    assert _paragraphs(out["strike-1"]) == FIRST
    assert _paragraphs(out["strike-2"]) == SECOND


def test_records_are_not_profiled_but_dumps_are(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    pages = [p for p in iter_pages([str(_jsonl(tmp_path))], settings) if isinstance(p, RawPage)]
    assert build_profile(pages, settings).pages == {}
    as_dumps = build_profile(pages, replace(settings, clean="dump"))
    assert sorted(as_dumps.pages) == ["harbourgazette.example"]


def test_record_title_line_is_the_title_not_a_paragraph(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    page = RawPage("t", "r.jsonl#t", "Ferry crews walk out\n\n" + FIRST[0], "text",
                   (("title", "Ferry crews walk out"),), record=True)
    article = clean(page, settings)
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Ferry crews walk out", FIRST[0])


MENU = ["Home", "News", "Sport", "Weather", "Sign in"]


def test_clean_setting_none_keeps_a_dump_whole_and_dump_cleans_records(settings) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(MENU + FIRST + ["© 2026 Harbour Gazette Ltd. All rights reserved."])
    dump = RawPage("d", "d.txt", text, "text")
    as_dump = _paragraphs(clean(dump, settings))
    assert as_dump == FIRST
    assert _paragraphs(clean(dump, replace(settings, clean="none"))) == MENU + FIRST + [
        "© 2026 Harbour Gazette Ltd. All rights reserved."]
    record = replace(dump, path="r.jsonl#d", record=True)
    assert _paragraphs(clean(record, settings)) == MENU + FIRST + [
        "© 2026 Harbour Gazette Ltd. All rights reserved."]
    assert _paragraphs(clean(record, replace(settings, clean="dump"))) == as_dump


@pytest.mark.parametrize("text", ["", "  \n", "*** --- ***"])
def test_record_without_words_is_skipped_with_a_reason(text: str, settings) -> None:  # type: ignore[no-untyped-def]
    result = clean(RawPage("x", "r.jsonl#x", text, "text", record=True), settings)
    assert isinstance(result, Skipped)
    assert result.reason == ("empty document" if not text.strip() else "no words in the article text")
