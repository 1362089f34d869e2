"""``saidwhat eval newsmtsc``, ``shifts`` and ``compare`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.service.speakers import refresh_speakers

TINY = Path(__file__).parent / "data" / "tiny_newsmtsc.jsonl"
runner = CliRunner()


def test_eval_newsmtsc_json_and_predictions(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "newsmtsc", str(TINY), "--json", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in preds] == ["tiny_0_0", "tiny_1_0", "tiny_2_0", "tiny_3_0", "tiny_3_1"]
    assert all(set(p) == {"id", "polarity", "score"} for p in preds)
    gold = ["positive", "negative", "neutral", "negative", "positive"]
    right = sum(p["polarity"] == g for p, g in zip(preds, gold))
    assert report["targets"] == 5
    assert report["accuracy"] == round(100 * right / 5, 2)
    assert report["scorer"] == "onnx"
    assert right >= 4  # clear, hand-written sentences


def test_eval_newsmtsc_vader_exact(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "newsmtsc", str(TINY), "--tone-model", "vader"])
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_VADER


def test_eval_missing_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(app, ["eval", "newsmtsc", str(missing)])
    assert result.exit_code == 1
    assert f"Error: NewsMTSC file {missing} does not exist." in result.output


def test_eval_bad_record_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentence_normalized": "x"}\n')
    result = runner.invoke(app, ["eval", "newsmtsc", str(bad)])
    assert result.exit_code == 1
    assert f"{bad} line 1 is not a NewsMTSC record" in result.output


EXPECTED_VADER = (
    "5 targets  F1m 61.11  accuracy 60.00  (F1 negative 66.67 neutral 50.00 positive 66.67)  scorer vader\n"
)


def _store_with_two_speakers(path: Path) -> None:
    """Two speakers on sanctions: Alma Kerr turns cold on day 100, Bo Lind on day 160."""
    from datetime import date, timedelta

    from saidwhat.models import Article, Attribution, Parsed, Target
    from saidwhat.store import open_store

    batch = []
    for speaker, change in (("Alma Kerr", 100), ("Bo Lind", 160)):
        for i, day in enumerate(range(0, 300, 5)):
            warm = day < change
            tone = (0.6 if warm else -0.6) + (0.2 if i % 3 == 0 else -0.1)
            text = f"{speaker} said the sanctions were {'working well' if warm else 'a cruel failure'} ({i})."
            published = (date(2025, 1, 1) + timedelta(days=day)).isoformat()
            doc = f"{speaker[:4]}-{i}"
            start = text.index("the sanctions")
            att = Attribution(
                content=((start, len(text) - 1),), speaker=speaker, speaker_type="PERSON", tone=tone,
                polarity="positive" if warm else "negative", venue="Lorin" if i % 2 else "Sorvik",
                targets=(Target("sanctions", "TOPIC", tone, "positive" if warm else "negative", start + 4, start + 13),),
            )
            article = Article(doc, f"{doc}.txt", text, published=published, content_hash=doc)
            batch.append(Parsed(article, (att,), (), ((0, len(text)),)))
    with open_store(str(path)) as store:
        store.add_batch(batch)
        refresh_speakers(store)


def test_shifts_and_compare_on_a_real_database(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _store_with_two_speakers(db)
    result = runner.invoke(app, ["shifts", "--about", "sanctioned", "--db", str(db)])
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert heads == [  # newest first, as every shift listing
        "2025-06-10  Bo Lind  sanctions  cooler  +0.60 -> -0.60  confidence 1.00  (32 before, 28 after)",
        "2025-04-11  Alma Kerr  sanctions  cooler  +0.60 -> -0.60  confidence 1.00  (20 before, 40 after)",
    ]
    assert "    before 2025-04-01 in Sorvik (+0.80): the sanctions were working well (18)" in result.stdout
    result = runner.invoke(app, ["compare", "Alma Kerr", "Bo Lind", "--about", "sanctions", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Bo Lind: 60 statements on sanctions, 1 shift(s); by venue: Lorin +0.04 (n=30), Sorvik +0.04 (n=30)" in (
        result.stdout.splitlines())
    assert result.stdout.splitlines()[-1] == (
        "Alma Kerr moved first: cooler on sanctions on 2025-04-11, 60 days before Bo Lind "
        "(cooler on sanctions, 2025-06-10)."
    )


@pytest.mark.parametrize("command", ["tone", "tone-finetune"])
def test_train_tone_needs_the_newsmtsc_files(tmp_path: Path, command: str) -> None:
    result = runner.invoke(app, ["train", command, "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert f"Error: No train.jsonl in {tmp_path}. Pass the NewsMTSC directory with --data." in result.output
    assert not (tmp_path / "m").exists()
