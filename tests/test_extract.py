"""``saidwhat extract``: the JSON contract other tools rely on, and bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

DATA = Path(__file__).parent / "data" / "extract"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$")
KINDS = {"news", "opinion", "analysis", "other"}
runner = CliRunner()


def run_extract(*args: str) -> tuple[int, list[dict], str]:
    result = runner.invoke(app, ["extract", "--workers", "1", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def check_spans(record: dict, raw: str) -> None:
    """Every span is a list of [start, end) pairs that index the right string."""
    base = raw if record["offsets"] == "input" else record["text"]
    for att in record["attributions"]:
        assert att["kind"] in {"direct", "indirect", "mixed"}
        assert att["speaker_type"] in {None, "PERSON", "ORG", "GROUP"}
        assert att["tone"] is None or -1.0 <= att["tone"] <= 1.0
        assert att["content"], "content is never empty"
        for role in ("source", "cue", "content"):
            spans = att[role]
            if spans is None:
                continue
            for start, end in spans:
                assert 0 <= start < end <= len(base)
            pieces = "".join(base[s:e] for s, e in spans)
            expected = att["content_text"] if role == "content" else att[f"{role}_text"]
            squash = lambda t: re.sub(r"\s+|…", "", t)  # noqa: E731
            assert squash(pieces) == squash(expected)


def check_contract(record: dict) -> None:
    assert set(record) >= {"doc", "path", "title", "published", "outlet", "author", "kind", "text",
                           "offsets", "attributions", "skipped"}
    assert record["kind"] in KINDS
    assert record["offsets"] in {"input", "text"}
    assert record["published"] is None or ISO.match(record["published"]), record["published"]


def test_extract_text_dump_maps_spans_to_the_input():
    code, records, _ = run_extract(str(DATA / "wire-ceasefire.txt"))
    assert code == 0
    assert len(records) == 1
    record = records[0]
    check_contract(record)
    assert record["doc"] == "wire-ceasefire"
    assert record["offsets"] == "input"
    assert "Share this article" not in record["text"]
    assert "Varga said the monitoring mission" in record["text"]
    raw = (DATA / "wire-ceasefire.txt").read_text("utf-8")
    check_spans(record, raw)
    speakers = {a["speaker"] for a in record["attributions"]}
    assert "Elena Varga" in speakers


def test_extract_html_and_jsonl_records():
    code, records, _ = run_extract(str(DATA / "tabloid-trade.html"), str(DATA / "records.jsonl"))
    assert code == 0
    by_doc = {r["doc"]: r for r in records}
    assert set(by_doc) == {"tabloid-trade", "ledger-0001", "ledger-0002"}
    html = by_doc["tabloid-trade"]
    check_contract(html)
    assert html["offsets"] == "text"
    assert "We use cookies" not in html["text"]
    assert "betrayal of every worker" in html["text"]
    check_spans(html, html["text"])
    ledger = by_doc["ledger-0001"]
    assert ledger["outlet"] == "The Harbour Ledger"
    assert ledger["published"].startswith("2026-01-20T14:00")
    assert any(a["speaker"] == "Anna Lindqvist" for a in ledger["attributions"])


def test_bad_files_inside_a_batch_are_skipped_with_reasons(tmp_path):
    for name in ("wire-ceasefire.txt", "empty.txt", "binary.txt"):
        shutil.copy(DATA / name, tmp_path / name)
    code, records, stderr = run_extract(str(tmp_path))
    assert code == 1
    by_doc = {r["doc"]: r for r in records}
    assert by_doc["wire-ceasefire"]["skipped"] is None
    assert by_doc["empty"]["skipped"] == "ingest: empty file"
    assert "binary" in by_doc["binary"]["skipped"]
    assert "3 documents" in stderr and "2 skipped" in stderr


def test_duplicate_inputs_are_counted_once(tmp_path):
    shutil.copy(DATA / "wire-ceasefire.txt", tmp_path / "a.txt")
    shutil.copy(DATA / "wire-ceasefire.txt", tmp_path / "b.txt")
    code, records, _ = run_extract(str(tmp_path))
    assert [r["skipped"] for r in records] == [None, f"ingest: duplicate of {tmp_path / 'a.txt'}"]
    assert code == 1


def test_missing_path_is_one_line_error():
    result = runner.invoke(app, ["extract", "no/such/file.txt"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no/such/file.txt: no such file or directory"


def test_directory_without_documents_is_one_line_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path}: directory holds no readable documents")
    assert "Traceback" not in result.output


def test_stdin_is_read_with_dash():
    text = (DATA / "wire-ceasefire.txt").read_text("utf-8")
    result = runner.invoke(app, ["extract", "--workers", "1", "-"], input=text)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["doc"] == "stdin"
    check_spans(record, text)


@pytest.mark.slow
def test_worker_pool_gives_the_same_records_as_in_process():
    files = [str(DATA / "wire-ceasefire.txt"), str(DATA / "records.jsonl")]
    _, one, _ = run_extract(*files)
    result = runner.invoke(app, ["extract", "--workers", "2", *files])
    assert result.exit_code == 0
    two = [json.loads(line) for line in result.stdout.splitlines()]
    assert two == one


def test_seed_page_gives_contract_records(shared_dir):
    seed = next((shared_dir / "data" / "seed").glob("*.txt"))
    code, records, _ = run_extract(str(seed))
    assert code == 0
    check_contract(records[0])
    check_spans(records[0], seed.read_text("utf-8"))


def test_polnear_dev_texts_give_contract_records(shared_dir):
    text_dir = shared_dir / "data" / "polnear" / "dev" / "text"
    files = sorted(text_dir.glob("*.txt"))[:8]
    code, records, _ = run_extract(*map(str, files))
    assert code == 0
    assert [r["doc"] for r in records] == [f.stem for f in files]
    for record, f in zip(records, files):
        check_contract(record)
        check_spans(record, f.read_text("utf-8"))


HARBOUR = Path(__file__).parent / "clean" / "data" / "harbour"
# One invented outlet's four dumps share this promo, which reads like a sentence.
PROMO = "Get the Harbour Gazette morning briefing in your inbox every weekday at six."


@pytest.mark.slow
def test_a_directory_of_one_site_drops_its_shared_furniture(tmp_path):
    # The pages carry no URL: their folder names the site (settings: site_profile).
    code, records, _ = run_extract(str(HARBOUR))
    assert code == 0 and len(records) == 4
    assert all(PROMO not in r["text"] for r in records)
    for r in records:
        check_spans(r, Path(r["path"]).read_text("utf-8"))
    off = tmp_path / "off.toml"
    off.write_text("site_profile = false\n", encoding="utf-8")
    _, alone, _ = run_extract("--config", str(off), str(HARBOUR))
    assert any(PROMO in r["text"] for r in alone)
    # The worker pool gets the same profile (through its initializer) as the in-process run.
    result = runner.invoke(app, ["extract", "--workers", "2", str(HARBOUR)])
    assert [json.loads(line) for line in result.stdout.splitlines()] == records


def test_site_profile_pass_reports_pages_and_can_be_turned_off(settings):
    from dataclasses import replace

    from saidwhat.pipeline import corpus_profile

    files = sorted(str(p) for p in HARBOUR.glob("*.txt"))
    seen: list[int] = []
    assert corpus_profile(files, settings, seen.append) is not None
    assert seen == [1, 2, 3, 4]
    assert corpus_profile(files, replace(settings, site_profile=False), seen.append) is None
    assert corpus_profile(["-"], settings) is None  # stdin is never read twice
    assert seen == [1, 2, 3, 4]
