"""Hand metadata label files (``clean/train_labels.py``): which rows a split holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean.train_labels import TRAIN_SPLITS, load_labels, meta_key


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


@pytest.mark.parametrize("split", ["dev2", "dev3", "dev4"])
def test_later_pages_are_new_and_share_no_outlet_with_a_held_aside_page(split: str) -> None:
    rows = load_labels(Path(__file__).resolve().parents[1] / "data" / "clean" / "meta-labels.tsv")
    new = [r for r in rows if r["split"] == split]
    others = [r for r in rows if r["split"] != split]
    held = {meta_key(r["outlet"], "outlet") for r in others if r["split"] == "heldout" and r["outlet"]}
    assert len(new) >= 60 and sum(bool(r["title"]) for r in new) >= 0.95 * len(new)
    assert not {r["page"] for r in new} & {r["page"] for r in others}
    assert not {meta_key(r["outlet"], "outlet") for r in new} & held
    assert split in TRAIN_SPLITS


def test_the_second_held_aside_set_trains_nothing() -> None:
    rows = load_labels(Path(__file__).resolve().parents[1] / "data" / "clean" / "meta-labels.tsv")
    held2 = [r for r in rows if r["split"] == "heldout2"]
    assert len(held2) >= 60 and "heldout2" not in TRAIN_SPLITS
    assert not {r["page"] for r in held2} & {r["page"] for r in rows if r["split"] != "heldout2"}
