"""``saidwhat eval speakers``: the quality gate on PolNeAR dev, and its error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "tests" / "data" / "speakers" / "polnear_dev_sources.jsonl"
ALIASES = REPO / "tests" / "data" / "speakers" / "polnear_dev_aliases.jsonl"

# Pinned floors (measured with mention ranker v2: accuracy 0.859, null-rate 0.951, alias F1 0.965). Raise them
# when the resolver gets better; lowering one needs a reason in the commit message.
FLOORS = {"accuracy": 0.85, "null_rate": 0.90, "alias_f1": 0.95}


def test_annotation_files_are_big_enough() -> None:
    items = [json.loads(line) for line in SOURCES.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 150
    assert {i["kind"] for i in items} == {"pronoun", "description"}
    assert all(set(i) == {"doc", "source", "source_text", "kind", "gold"} for i in items)
    aliases = [json.loads(line) for line in ALIASES.read_text(encoding="utf-8").splitlines()]
    assert sum(a["gold"] != "none" for a in aliases) >= 500


def test_missing_data_folder_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "speakers", "--data", str(tmp_path), "--sources", str(SOURCES), "--aliases", str(ALIASES)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: No PolNeAR split at {tmp_path / 'dev'}: expected text/ and attributions/ there. "
        "Pass --data DIR (the folder that holds dev/)."
    )


@pytest.mark.slow
def test_quality_gate_on_polnear_dev(shared_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["eval", "speakers", "--data", str(shared_dir / "data" / "polnear"),
         "--sources", str(SOURCES), "--aliases", str(ALIASES), "--json"],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["resolvable"] + scores["unresolvable"] >= 150
    for key, floor in FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"


TRAIN_SOURCES = REPO / "tests" / "data" / "speakers" / "polnear_train_sources.jsonl"
# Measured on the held-aside train articles (26 articles): before the mention ranker v2
# accuracy 0.726 (162/223), null-rate 0.950 (227/239); with it 0.735 (164/223) and 0.979
# (234/239). The target is 0.85 / 0.90; these floors only stop regressions.
HELDOUT_FLOORS = {"accuracy": 0.72, "null_rate": 0.95}


def test_train_labels_hold_articles_aside_whole() -> None:
    items = [json.loads(line) for line in TRAIN_SOURCES.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 990
    keys = {"doc", "source", "source_text", "kind", "gold", "split"}
    # The second round of labels says how each one was decided ("how").
    assert all(set(i) in (keys, keys | {"how"}) for i in items)
    assert sum("how" in i for i in items) >= 640
    by_doc: dict[str, set[str]] = {}
    for i in items:
        by_doc.setdefault(i["doc"], set()).add(i["split"])
    assert all(len(splits) == 1 for splits in by_doc.values())  # an article is on one side only
    held = [d for d, s in by_doc.items() if s == {"heldout"}]
    assert 0.4 <= len(held) / len(by_doc) <= 0.55
    resolvable_held = [i for i in items if i["split"] == "heldout" and i["gold"] != "none"]
    assert len(resolvable_held) >= 150


ROUNDS = {n: REPO / "tests" / "data" / "speakers" / f"polnear_train_sources.round{n}.jsonl" for n in (3, 4, 5)}


@pytest.mark.parametrize("n", sorted(ROUNDS))
def test_later_rounds_are_train_articles_apart_from_the_earlier_rounds(n: int) -> None:
    earlier = [json.loads(line) for line in TRAIN_SOURCES.read_text(encoding="utf-8").splitlines()]
    for m in range(3, n):
        earlier += [json.loads(line) for line in ROUNDS[m].read_text(encoding="utf-8").splitlines()]
    items = [json.loads(line) for line in ROUNDS[n].read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 150 and all(i["split"] == "train" and i.get("how") for i in items)
    assert all(set(i) == {"doc", "source", "source_text", "kind", "gold", "split", "how"} for i in items)
    # new articles only: the held-aside share and the earlier train articles stay as they were
    assert not {i["doc"] for i in items} & {i["doc"] for i in earlier}
    assert len({(i["doc"], *i["source"]) for i in items}) == len(items)


def test_round6_is_a_second_held_aside_share_of_new_articles() -> None:
    earlier = [json.loads(line) for line in TRAIN_SOURCES.read_text(encoding="utf-8").splitlines()]
    for path in ROUNDS.values():
        earlier += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path = REPO / "tests" / "data" / "speakers" / "polnear_train_sources.round6.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 200 and all(i["split"] == "heldout" and i.get("how") for i in items)
    assert not {i["doc"] for i in items} & {i["doc"] for i in earlier}
    assert len({(i["doc"], *i["source"]) for i in items}) == len(items)


def test_unknown_subset_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "speakers", "--split", "train", "--sources", str(TRAIN_SOURCES), "--subset", "test"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: No items in {TRAIN_SOURCES} with split 'test'. Pass --subset train or heldout."
    )


@pytest.mark.slow
def test_quality_gate_on_held_aside_train_articles(shared_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["eval", "speakers", "--data", str(shared_dir / "data" / "polnear"), "--split", "train",
         "--sources", str(TRAIN_SOURCES), "--subset", "heldout", "--json"],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert (scores["resolvable"], scores["unresolvable"]) == (223, 239)
    for key, floor in HELDOUT_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"
