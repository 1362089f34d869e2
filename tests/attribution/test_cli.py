"""``saidwhat eval polnear`` and ``saidwhat train attribution`` on a tiny hand-made corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.attribution.component import load_model
from saidwhat.cli import app

TEXT = "Officials said the talks failed.\n\nThe committee met on Tuesday.\n"
ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 31\tthe talks failed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


def corpus(root: Path, split: str, extra: str = "") -> Path:
    (root / split / "text").mkdir(parents=True)
    (root / split / "attributions").mkdir()
    (root / split / "text" / "a.txt").write_text(TEXT + extra, "utf-8")
    (root / split / "attributions" / "a_0001.ann").write_text(ANN, "utf-8")
    return root


@pytest.mark.slow
def test_eval_polnear_prints_the_table(tmp_path: Path) -> None:
    data = corpus(tmp_path / "polnear", "dev")
    pred = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", "polnear", str(data), "--split", "dev", "--predictions", str(pred)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "PolNeAR dev: 1 docs, 1 gold / 1 predicted attributions",
        "                        strict P   R     F    lenient P   R     F",
        "content                 100.0 100.0 100.0   100.0 100.0 100.0",
        "speaker                 100.0 100.0 100.0   100.0 100.0 100.0",
        "cue                     100.0 100.0 100.0   100.0 100.0 100.0",
        "relation (J>=.5+speaker)100.0 100.0 100.0",
        "relation (content only) 100.0 100.0 100.0",
    ]
    (line,) = pred.read_text("utf-8").splitlines()
    assert json.loads(line) == {
        "doc": "a", "attributions": [{"source": [[0, 9]], "cue": [[10, 14]], "content": [[15, 31]]}]
    }


@pytest.mark.slow
def test_eval_polnear_json(tmp_path: Path) -> None:
    data = corpus(tmp_path / "polnear", "dev")
    result = CliRunner().invoke(app, ["eval", "polnear", str(data), "--json"])
    assert result.exit_code == 0, result.output
    res = json.loads(result.stdout)
    assert (res["relation"]["f"], res["speaker"]["strict"]["p"], res["gold_relations"]) == (1.0, 1.0, 1)


def test_eval_polnear_missing_split_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--split", "dev"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: No PolNeAR split 'dev' under {tmp_path} (expected {tmp_path / 'dev' / 'attributions'}). "
        "Available splits: none. Pass the PolNeAR data directory."
    )


@pytest.mark.slow
def test_train_attribution_writes_a_loadable_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training needs the [train] extra (scikit-learn)")
    # the second paragraph gives a rejected candidate ("told the children about ..."), so both classes exist
    data = corpus(tmp_path / "polnear", "train", "\nShe told the children about the weather.\n")
    out = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", "attribution", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = load_model(str(out))
    assert model.lexicon.counts["say"] == (1, 1)
    assert "trained on 1 articles (1 attributions)" in result.output


@pytest.mark.slow
def test_train_attribution_prints_the_chosen_settings_cv_figures(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training needs the [train] extra (scikit-learn)")
    # ten copies of one article (2 x 5 folds: the setting is chosen by cross-validation); each
    # fold's filter learns from the other copies to keep "said" and drop "told ... about", so
    # every held-out copy is read exactly right
    data = corpus(tmp_path / "polnear", "train", "\nShe told the children about the weather.\n")
    for k in range(2, 11):
        (data / "train" / "text" / f"a{k}.txt").write_text((data / "train" / "text" / "a.txt").read_text("utf-8"), "utf-8")
        (data / "train" / "attributions" / f"a{k}_0001.ann").write_text(ANN, "utf-8")
    result = CliRunner().invoke(app, ["train", "attribution", "--data", str(data), "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    assert "trained on 10 articles (10 attributions)" in result.output
    assert (
        "CV relation P / R / F1 100.00 / 100.00 / 100.00, content strict / lenient F1 100.00 / 100.00, "
        "source strict / lenient F1 100.00 / 100.00, cue strict / lenient F1 100.00 / 100.00"
    ) in " ".join(result.output.split())


def test_train_attribution_needs_both_outcomes(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training needs the [train] extra (scikit-learn)")
    data = corpus(tmp_path / "polnear", "train")
    result = CliRunner().invoke(app, ["train", "attribution", "--data", str(data), "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: Training found 1 candidate attributions, all correct; the filter needs both "
        "correct and wrong ones. Train on the full PolNeAR train split (--data DIR)."
    )


def test_train_tagger_bad_inputs_are_clean_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["train", "tagger", "--data", str(tmp_path / "nope"), "--work", str(tmp_path / "w")])
    assert missing.exit_code != 0
    assert "No PolNeAR split 'train'" in missing.output and "Traceback" not in missing.output
    data = corpus(tmp_path / "polnear", "train")
    bad_fold = CliRunner().invoke(app, ["train", "tagger", "--data", str(data), "--work", str(tmp_path / "w"),
                                        "--fold", "5"])
    assert bad_fold.exit_code != 0
    assert "No fold 5: folds are 0 to 1." in bad_fold.output
