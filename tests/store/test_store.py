"""The Store protocol on both backends, with hand-built pipeline results (no spaCy)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from store_factory import HARBOUR, article, corpus, quote
from store_fixtures import dump, store, store_target  # noqa: F401  (fixtures)

from saidwhat.errors import QueryError, StoreError
from saidwhat.models import Parsed, Skipped, Target
from saidwhat.service.speakers import correct, refresh_speakers
from saidwhat.store import MARK_END, MARK_START, QuoteQuery, open_store, snippet_html, snippet_text


def fill(store) -> None:  # type: ignore[no-untyped-def]
    store.add_batch(corpus(), None)
    refresh_speakers(store)


def test_stats_counts_documents_attributions_speakers_skipped(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    stats = store.stats()
    assert {k: stats[k] for k in ("documents", "attributions", "speakers", "skipped", "outlets", "versions")} == {
        "documents": 3, "attributions": 5, "speakers": 4, "skipped": 1, "outlets": 2, "versions": 3,
    }
    assert (stats["first_date"], stats["last_date"]) == ("2016-03-01", "2016-03-08")
    assert stats["by_kind"] == {"direct": 1, "indirect": 4}


def test_same_content_twice_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    before = dump(store)
    result = store.add_batch(corpus(), None)
    refresh_speakers(store)
    assert (result.documents, result.unchanged, result.attributions, result.skipped) == (0, 3, 0, 1)
    assert dump(store) == before


def test_changed_file_becomes_new_version_and_queries_show_latest(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    changed = HARBOUR[:2] + ['Tomas Berg said: "The plan is bold and I now support it."']
    text = "\n\n".join(changed)
    parsed = Parsed(
        article("harbour", changed, published="2016-03-02", outlet="Gazette", title=changed[0]),
        (quote(text, "Tomas Berg", "said", "The plan is bold and I now support it.", speaker="Tomas Berg",
               kind="direct", tone=0.5, polarity="positive"),),
    )
    result = store.add_batch([parsed], None)
    refresh_speakers(store)
    assert (result.documents, result.new_versions) == (1, 1)
    stats = store.stats()
    assert (stats["documents"], stats["versions"], stats["attributions"]) == (3, 4, 4)
    berg = store.quotes(QuoteQuery(speaker="Tomas Berg"))
    assert [q.content for q in berg] == ["The plan is bold and I now support it."]
    latest = [a for a in store.articles() if a.doc_id == "harbour"]
    assert [(a.version, a.published) for a in latest] == [(2, "2016-03-02")]
    old = store.article(1)
    assert old is not None and (old.version, old.is_latest) == (1, False)
    # the old version's quotes are no longer searchable
    assert store.quotes(QuoteQuery(search="reckless")) == []


def test_same_content_under_another_path_is_not_stored_twice(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    first = corpus()[0]
    assert isinstance(first, Parsed)
    copy = replace(first, article=replace(first.article, path="elsewhere/harbour-copy.txt"))
    result = store.add_batch([copy], None)
    assert (result.documents, result.unchanged) == (0, 1)
    assert store.stats()["documents"] == 3


def test_fixed_input_clears_its_skipped_row(store) -> None:  # type: ignore[no-untyped-def]
    store.add_batch([Skipped("harbour", "corpus/harbour.txt", "clean", "no article body found")], None)
    assert [s.path for s in store.skipped()] == ["corpus/harbour.txt"]
    store.add_batch(corpus()[:1], None)
    assert store.skipped() == []


def test_article_detail_spans_are_text_coordinates_and_map_to_input(store) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ann Lee said the bridge will open in May, officials confirmed today.\n\nAnn Lee added that tolls stay low."
    paragraphs = text.split("\n\n")
    art = replace(article("bridge", paragraphs, published="2016-04-01", outlet="Post"),
                  raw="HEADER LINE\n\n" + text, segments=())
    from saidwhat.models import Segment

    art = replace(art, segments=(Segment(0, 13, len(paragraphs[0])), Segment(len(paragraphs[0]) + 2, 13 + len(paragraphs[0]) + 2, len(paragraphs[1]))))
    att = quote(text, "Ann Lee", "added", "tolls stay low", speaker="Ann Lee")
    store.add_batch([Parsed(art, (att,))], None)
    refresh_speakers(store)
    detail = store.article(store.articles()[0].id)
    assert detail is not None
    a = detail.attributions[0]
    assert detail.text[a.content[0][0]:a.content[0][1]] == "tolls stay low"
    (start, end), = detail.to_input(a.content)
    assert detail.raw[start:end] == "tolls stay low" and start == a.content[0][0] + 13
    assert (a.speaker, a.observed_speaker, a.cue_text, detail.offsets) == ("Ann Lee", "Ann Lee", "added", "input")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (QuoteQuery(), [3, 4, 1, 2, 5]),
        (QuoteQuery(speaker="okafor"), [4, 1]),  # an alias, any case -> the canonical speaker's quotes
        (QuoteQuery(speaker="Nobody Known"), []),
        (QuoteQuery(about="ferry terminal"), [1, 2]),  # a target
        (QuoteQuery(about="BEACHES"), [5]),  # words in the quote
        (QuoteQuery(outlet="courier"), [3, 4]),
        (QuoteQuery(since="2016-03-05"), [3, 4]),
        (QuoteQuery(until="2016-03-05"), [1, 2]),
        (QuoteQuery(kind="direct"), [2]),
        (QuoteQuery(search="city OR beaches"), None),
        (QuoteQuery(limit=2, offset=1), [4, 1]),
        (QuoteQuery(about="100%_"), []),  # LIKE wildcards are literal
    ],
)
def test_quote_filters(store, query: QuoteQuery, expected: list[int] | None) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    ids = {q.content: q.id for q in store.quotes(QuoteQuery(limit=100))}
    order = ["hungry children cannot learn", "the free lunches were a wonderful idea for the harbour families",
             "the terminal would bring thousands of visitors to the old town",
             "The plan is reckless and will bury the city in debt.",
             "residents should secure loose objects and avoid the beaches"]
    # Name quotes 1..5 in factory order (harbour x2, school x2, storm) whatever ids the backend gave.
    number = {ids[order[2]]: 1, ids[order[3]]: 2, ids[order[0]]: 3, ids[order[1]]: 4, ids[order[4]]: 5}
    got = [number[q.id] for q in store.quotes(query)]
    if expected is None:
        assert sorted(got) == [2, 5]
    else:
        assert got == expected
    assert store.count_quotes(replace(query, limit=50, offset=0)) == len(
        store.quotes(replace(query, limit=50, offset=0))
    )


def test_quote_rows_carry_speaker_tone_targets(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    row = store.quotes(QuoteQuery(kind="direct"))[0]
    assert (row.doc_id, row.published, row.outlet, row.speaker, row.cue, row.tone, row.polarity, row.targets) == (
        "harbour", "2016-03-01", "Gazette", "Tomas Berg", "say", -0.8, "negative", ("ferry terminal", "Linda Okafor"),
    )
    assert row.snippet == row.content  # no search: the snippet is the quote


def test_search_highlights_and_ranks_quotes_and_articles(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    hits = store.search("lunches")
    kinds = sorted((h.type, h.doc_pk) for h in hits)
    school = [a.id for a in store.articles() if a.doc_id == "school"][0]
    assert kinds == [("article", school), ("quote", school)]
    for h in hits:
        assert f"{MARK_START}lunches{MARK_END}" in h.snippet
        assert h.rank > 0
    quote_hit = [h for h in hits if h.type == "quote"][0]
    assert snippet_text(quote_hit.snippet).endswith("free [lunches] were a wonderful idea for the harbour families")
    assert "<mark>lunches</mark>" in snippet_html(quote_hit.snippet)


def test_search_stems_phrases_prefixes_and_negation(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)

    def found(q: str) -> list[str]:
        return sorted(r.doc_id for r in store.quotes(QuoteQuery(search=q)))

    assert found("visitor") == ["harbour"]  # stemming: visitor ~ visitors
    assert found('"bury the city"') == ["harbour"]
    assert found('"city the bury"') == []
    assert found("famil*") == ["school"]
    assert found("okafor") == ["harbour", "school"]
    assert found("okafor -lunches") == ["harbour"]
    assert found("okafor NOT lunches") == ["harbour"]
    assert found("lunches OR reckless") == ["harbour", "school"]


@pytest.mark.parametrize(
    "bad",
    ['"unbalanced', "OR city", "city OR", "-city", "NOT city", "city NOT", "", "   ", "---"],
)
def test_malformed_search_is_a_query_error(store, bad: str) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    if bad:  # an empty --search is no filter at all
        with pytest.raises(QueryError):
            store.quotes(QuoteQuery(search=bad))
    with pytest.raises(QueryError):
        store.search(bad)


@pytest.mark.parametrize(
    "hostile",
    ["city'); DROP TABLE documents; --", 'NEAR("city" "debt", 2)', "content_text:city", "city^", "{content_text}: city",
     "city AND", "'; SELECT pg_sleep(5); --", "ci*ty", "%", "\x00city"],
)
def test_hostile_search_is_data_not_code(store, hostile: str) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    try:
        store.quotes(QuoteQuery(search=hostile))
        store.search(hostile)
    except QueryError:
        pass
    assert store.stats()["documents"] == 3


def test_speakers_list_lookup_and_corrections(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    rows = store.speakers()
    assert [(r.name, r.count) for r in rows] == [
        ("Linda Okafor", 2), ("Grace Holloway", 1), ("Helen Marsh", 1), ("Tomas Berg", 1)
    ]
    okafor = store.speaker("okafor")
    assert okafor is not None and (okafor.name, okafor.aliases, okafor.roles, okafor.type) == (
        "Linda Okafor", ("Linda Okafor", "Okafor"), ("mayor",), "PERSON"
    )
    assert store.speaker(okafor.id) == okafor
    assert store.speaker("Nobody") is None
    assert [r.name for r in store.speakers(search="hollo")] == ["Grace Holloway"]

    merged = correct(store, "merge", "helen marsh", "Okafor")
    assert (merged.name, merged.count, merged.id) == ("Linda Okafor", 3, okafor.id)
    assert store.stats()["speakers"] == 3
    split = correct(store, "split", "Okafor", "Linda Okafor")
    assert (split.name, split.count, split.aliases) == ("Okafor", 1, ("Okafor",))
    # corrections survive a refresh (re-ingestion recomputes speakers)
    refresh_speakers(store)
    assert sorted((r.name, r.count) for r in store.speakers()) == [
        ("Grace Holloway", 1), ("Linda Okafor", 2), ("Okafor", 1), ("Tomas Berg", 1)
    ]
    assert [q.speaker for q in store.quotes(QuoteQuery(about="beaches"))] == ["Linda Okafor"]


def test_speaker_correction_errors(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    with pytest.raises(QueryError, match="No speaker or alias named 'Nobody'"):
        correct(store, "merge", "Nobody", "Tomas Berg")
    with pytest.raises(QueryError, match="No speaker named 'Nobody'"):
        correct(store, "merge", "Tomas Berg", "Nobody")
    with pytest.raises(QueryError, match="is not an alias of"):
        correct(store, "split", "Tomas Berg", "Linda Okafor")
    with pytest.raises(QueryError, match="canonical name"):
        correct(store, "split", "Linda Okafor", "Linda Okafor")


def test_statements_per_target_plus_overall(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    got = [(s.speaker, s.target, s.published, s.tone, s.polarity) for s in store.statements()]
    assert got == [
        ("Linda Okafor", "*", "2016-03-01", 0.6, "positive"),
        ("Linda Okafor", "ferry terminal", "2016-03-01", 0.7, "positive"),
        ("Tomas Berg", "*", "2016-03-01", -0.8, "negative"),
        ("Tomas Berg", "ferry terminal", "2016-03-01", -0.8, "negative"),
        ("Tomas Berg", "Linda Okafor", "2016-03-01", -0.4, "negative"),
        ("Grace Holloway", "*", "2016-03-08", -0.3, "negative"),
        ("Linda Okafor", "*", "2016-03-08", 0.8, "positive"),
        ("Linda Okafor", "free lunches", "2016-03-08", 0.8, "positive"),
    ]  # Helen Marsh's article is undated: no statements
    assert [s.target for s in store.statements(speaker="okafor", target="*")] == ["*", "*"]
    assert [s.doc_id for s in store.statements(target="FERRY TERMINAL")] == ["harbour", "harbour"]
    assert store.statements(speaker="Nobody") == []


def test_articles_listing_and_filters(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    assert [(a.doc_id, a.attributions) for a in store.articles()] == [("school", 2), ("harbour", 2), ("storm", 1)]
    assert [a.doc_id for a in store.articles(outlet="gazette")] == ["harbour", "storm"]
    assert [a.doc_id for a in store.articles(since="2016-03-02")] == ["school"]
    assert [a.doc_id for a in store.articles(limit=1, offset=1)] == ["harbour"]
    assert store.article(999) is None
    with pytest.raises(QueryError, match="since 'yesterday' is not a date"):
        store.articles(since="yesterday")


def test_unknown_kind_is_a_query_error(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="Unknown attribution kind 'quoted'"):
        store.quotes(QuoteQuery(kind="quoted"))


def test_runs_are_recorded(store) -> None:  # type: ignore[no-untyped-def]
    run = store.begin_run(["a.txt"], {"workers": 1})
    store.finish_run(run, "finished", {"documents": 1})
    (row,) = store.runs()
    assert (row.id, row.status, row.inputs, row.settings, row.counts) == (
        run, "finished", ("a.txt",), {"workers": 1}, {"documents": 1}
    )
    assert row.finished_at is not None


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_tables(store, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    files = store.export(fmt, str(tmp_path / "out"))
    assert [Path(f).name for f in files] == [f"documents.{fmt}", f"quotes.{fmt}", f"speakers.{fmt}"]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        quotes = pq.read_table(files[1]).to_pylist()
    elif fmt == "csv":
        import csv

        with open(files[1], encoding="utf-8") as fh:
            quotes = list(csv.DictReader(fh))
    else:
        quotes = [json.loads(line) for line in Path(files[1]).read_text("utf-8").splitlines()]
    assert len(quotes) == 5
    berg = [q for q in quotes if q["speaker"] == "Tomas Berg"][0]
    assert berg["content"] == "The plan is reckless and will bury the city in debt."
    def spans(value):  # type: ignore[no-untyped-def]
        return json.loads(value) if fmt == "csv" else value  # JSON text in a CSV cell, lists elsewhere

    assert spans(berg["content_input_spans"]) == spans(berg["content_spans"])  # verbatim paragraphs
    assert isinstance(spans(berg["content_spans"]), list) and isinstance(spans(berg["content_spans"])[0], list)
    if fmt == "parquet":  # typed columns: lists as lists, dates as dates
        import datetime

        assert isinstance(berg["published"], datetime.date) and isinstance(berg["targets"], list)


def test_export_brat_matches_polnear_layout(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    files = store.export("brat", str(tmp_path / "brat"))
    assert len(files) == 6
    ann = [f for f in files if f.endswith("-harbour.ann")][0]
    text = Path(ann[:-4] + ".txt").read_text("utf-8")
    lines = Path(ann).read_text("utf-8").splitlines()
    assert lines[0].startswith("T1\tContent ")
    assert lines[4] == "E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3"
    for line in lines:
        if line.startswith("T"):
            _, mention, covered = line.split("\t")
            start, end = map(int, mention.split(" ")[1:3])
            assert text[start:end] == covered


def test_export_unknown_format(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="Unknown export format 'xml'"):
        store.export("xml", str(tmp_path))


def test_target_names_and_tones_round_trip(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    detail = store.article([a.id for a in store.articles() if a.doc_id == "harbour"][0])
    assert detail is not None
    assert detail.attributions[1].targets == (
        Target("ferry terminal", "TOPIC", -0.8, "negative"), Target("Linda Okafor", "PERSON", -0.4, "negative")
    )


def test_sqlite_errors_are_store_errors(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-db.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is damaged or not a saidwhat database"):
        open_store(str(bogus))
    with pytest.raises(StoreError, match="folder .* does not exist"):
        open_store(str(tmp_path / "missing" / "x.db"))


def test_sqlite_readers_and_second_writer_wait_for_a_long_write(tmp_path: Path) -> None:
    import threading
    import time

    target = str(tmp_path / "busy.db")
    writer = open_store(target)
    writer.add_batch(corpus()[:1], None)
    reader = open_store(target)
    second = open_store(target)
    done: list[object] = []
    with writer._write():  # a long write transaction holds the write lock
        writer._execute("UPDATE documents SET title = 'changing' WHERE id = 1")
        assert reader.stats()["documents"] == 1  # WAL: readers are not blocked
        assert reader.article(1).title == HARBOUR[0]  # and see the last committed state

        def write_more() -> None:
            done.append(second.add_batch(corpus()[1:2], None))

        thread = threading.Thread(target=write_more)
        thread.start()
        time.sleep(0.3)
        assert done == []  # the second writer waits (busy_timeout) instead of failing
    thread.join(timeout=10)
    assert [r.documents for r in done] == [1]  # type: ignore[attr-defined]
    assert reader.stats()["documents"] == 2
    for s in (writer, reader, second):
        s.close()


def test_speakers_are_stale_until_refreshed(store) -> None:  # type: ignore[no-untyped-def]
    assert store.speakers_stale() is False
    store.add_batch(corpus(), None)
    assert store.speakers_stale() is True
    refresh_speakers(store)
    assert store.speakers_stale() is False
    store.add_batch(corpus(), None)  # nothing new written
    assert store.speakers_stale() is False


def test_quote_by_id_is_one_row_or_none(store) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    every = store.quotes(QuoteQuery(limit=100))
    one = every[2]
    assert [q.id for q in store.quotes(QuoteQuery(id=one.id))] == [one.id]
    assert store.quotes(QuoteQuery(id=max(q.id for q in every) + 1)) == []


def test_replacing_the_shifts_of_more_speakers_than_one_in_list_holds(store) -> None:  # type: ignore[no-untyped-def]
    """1,200 speakers' cached shifts; replacing 1,100 of them (three IN-lists of at most 500)
    leaves the other 100 untouched and stores the new ones."""
    from saidwhat.models import Shift

    def shift(i: int, tone: float) -> Shift:
        return Shift(f"Speaker {i:04d}", "Harbour Board", "2016-03-04", tone, -tone, 0.9, 3, 3)

    store.replace_shifts([shift(i, 0.5) for i in range(1200)], "k1")
    replaced = [f"Speaker {i:04d}" for i in range(1100)]
    store.replace_shifts([shift(i, 0.25) for i in range(1100)], "k2", speakers=replaced)
    cached = {s.speaker: s.before for s in store.cached_shifts()}
    assert len(cached) == 1200
    assert cached["Speaker 0000"] == 0.25 and cached["Speaker 1099"] == 0.25
    assert cached["Speaker 1100"] == 0.5 and cached["Speaker 1199"] == 0.5
