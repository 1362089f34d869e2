"""Hand metadata label files (``clean/train_labels.py``): which rows a split holds."""

from __future__ import annotations

from pathlib import Path

from saidwhat.clean.train_labels import load_labels


def test_a_labels_file_without_a_split_column_is_all_seen(tmp_path: Path) -> None:
    plain = tmp_path / "plain.tsv"
    plain.write_text("page\ttitle\ndragnet-1\tA harbour reopens\nl3s-2\tRain closes the pass\n", "utf-8")
    assert [r["page"] for r in load_labels(plain, ("seen", "dev"))] == ["dragnet-1", "l3s-2"]
    assert load_labels(plain, ("heldout",)) == []


def test_rows_of_other_splits_are_left_out(tmp_path: Path) -> None:
    split = tmp_path / "split.tsv"
    split.write_text("page\ttitle\tsplit\na\tOne\tdev\nb\tTwo\theldout\nc\tThree\toutlet\n", "utf-8")
    assert [r["page"] for r in load_labels(split, ("seen", "dev"))] == ["a"]
    assert [r["page"] for r in load_labels(split, ("heldout",))] == ["b"]
    assert [r["page"] for r in load_labels(split)] == ["a", "b", "c"]
