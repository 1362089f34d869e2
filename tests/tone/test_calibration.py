"""Temperature scaling and its calibration error (tone/calibration.py, tone/fit_calibration.py)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from saidwhat.errors import InputError
from saidwhat.tone.calibration import expected_calibration_error, fit_temperature, softmax
from saidwhat.tone.fit_calibration import calibrate_tone
from saidwhat.tone.model import META_FILE, OnnxToneModel, model_dir
from saidwhat.tone.newsmtsc import read_newsmtsc


@pytest.mark.parametrize("true_t", [0.5, 2.0])
def test_the_fitted_temperature_recovers_the_one_that_drew_the_labels(true_t: float) -> None:
    rng = np.random.default_rng(3)
    logits = rng.normal(0.0, 3.0, size=(20000, 3))
    p = softmax(logits, true_t)
    labels = [int(rng.choice(3, p=row)) for row in p]
    assert fit_temperature(logits, labels) == pytest.approx(true_t, rel=0.06)


def test_a_temperature_keeps_every_label() -> None:
    logits = np.array([[2.0, 0.1, -1.0], [0.0, 0.3, 0.2], [-3.0, 1.0, 4.0]])
    for t in (0.3, 1.0, 4.0):
        assert softmax(logits, t).argmax(axis=1).tolist() == [0, 1, 2]
    assert softmax(logits, 1.0)[0, 0] > softmax(logits, 4.0)[0, 0]  # a higher temperature is less sure


def test_ece_by_hand() -> None:
    # Two rows at confidence 0.9, one right and one wrong: |0.5 - 0.9| in the one bin used;
    # two rows at 0.5, both right: |1.0 - 0.5|. Each bin holds half the rows.
    probs = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.5, 0.3, 0.2], [0.2, 0.5, 0.3]])
    labels = [0, 1, 0, 1]
    assert expected_calibration_error(probs, labels) == pytest.approx(0.5 * 0.4 + 0.5 * 0.5)
    assert expected_calibration_error(np.array([[1.0, 0.0, 0.0]]), [0]) == 0.0


def test_heldout_share_is_split_by_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sentences = [
        ("The mayor met the governor.", [(4, 9), (18, 26)]),
        ("Voters cheered the coach.", [(19, 24)]),
        ("The minister left Geneva.", [(4, 12), (18, 24)]),
        ("Critics mocked the senator.", [(19, 26)]),
        ("The council approved the budget.", [(4, 11)]),
    ]
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps({"sentence_normalized": text, "targets": [
        {"Input.gid": f"g{i}_{j}", "from": s, "to": e, "polarity": 4.0} for j, (s, e) in enumerate(spans)
    ]}) + "\n" for i, (text, spans) in enumerate(sentences)), "utf-8")
    held = read_newsmtsc(path, every=2, heldout=True)
    rest = read_newsmtsc(path, every=2)
    assert [e.gid for e in held] == ["g0_0", "g0_1", "g2_0", "g2_1", "g4_0"]  # lines 1, 3, 5
    assert [e.gid for e in rest] == ["g1_0", "g3_0"]
    assert [e.gid for e in read_newsmtsc(path)] == ["g0_0", "g0_1", "g1_0", "g2_0", "g2_1", "g3_0", "g4_0"]


def test_calibration_needs_a_fold_model_trained_with_the_same_holdout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(model_dir(), tmp_path / "model")
    meta = json.loads((tmp_path / "model" / META_FILE).read_text("utf-8"))
    meta["train"]["holdout"] = 0  # as if trained on all of train
    (tmp_path / "model" / META_FILE).write_text(json.dumps(meta), "utf-8")
    with pytest.raises(InputError, match="trained with holdout 0, not 5"):
        calibrate_tone("tests/tone/data", tmp_path / "model", tmp_path / "model", holdout=5)
    with pytest.raises(InputError, match="No tone model in"):
        calibrate_tone("tests/tone/data", tmp_path / "missing", tmp_path / "model", holdout=5)


def test_the_model_divides_its_logits_by_the_stored_temperature(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(model_dir(), tmp_path / "model")
    meta = json.loads((tmp_path / "model" / META_FILE).read_text("utf-8"))
    meta["calibration"] = {"temperature": 2.5}
    (tmp_path / "model" / META_FILE).write_text(json.dumps(meta), "utf-8")
    text = "Critics said the mayor is a corrupt liar who ruined the city."
    item = [(text, text.index("mayor"), text.index("mayor") + len("mayor"))]
    warm = OnnxToneModel(tmp_path / "model")
    logits = warm.logits(item)
    expected = np.exp(logits[0] / 2.5) / np.exp(logits[0] / 2.5).sum()
    assert warm.probabilities(item)[0] == pytest.approx(expected, abs=1e-6)


def test_train_tone_calibration_cli_writes_the_temperature(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from saidwhat.cli import app

    # A "fold" model: the shipped one, labelled as trained with holdout 2 (the mechanics are
    # what is tested here, not the fitted value).
    shutil.copytree(model_dir(), tmp_path / "fold")
    meta = json.loads((tmp_path / "fold" / META_FILE).read_text("utf-8"))
    meta["train"]["holdout"] = 2
    (tmp_path / "fold" / META_FILE).write_text(json.dumps(meta), "utf-8")
    shutil.copytree(model_dir(), tmp_path / "model")
    lines = [
        ("Critics slammed the mayor as a corrupt liar.", "mayor", 2.0),
        ("The senator praised the governor for her generous help.", "governor", 6.0),
        ("The minister arrived in Geneva on Tuesday.", "minister", 4.0),
        ("Fans booed the coach after the dismal defeat.", "coach", 2.0),
        ("The council thanked the volunteers for their wonderful work.", "volunteers", 6.0),
    ]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.jsonl").write_text("".join(json.dumps({"sentence_normalized": t, "targets": [
        {"Input.gid": f"g{i}", "from": t.index(m), "to": t.index(m) + len(m), "polarity": p}]}) + "\n"
        for i, (t, m, p) in enumerate(lines)), "utf-8")
    result = CliRunner().invoke(app, ["train", "tone-calibration", "--data", str(tmp_path / "data"), "--fold",
                                      str(tmp_path / "fold"), "--out", str(tmp_path / "model"), "--holdout", "2"])
    assert result.exit_code == 0, result.output
    entry = json.loads((tmp_path / "model" / META_FILE).read_text("utf-8"))["calibration"]
    assert entry["heldout_targets"] == 3  # lines 1, 3 and 5
    assert entry["fold_model"]["holdout"] == 2
    assert result.stdout.startswith(f"temperature {entry['temperature']}: held-out ECE ")
    assert OnnxToneModel(tmp_path / "model").temperature == entry["temperature"]
    bad = CliRunner().invoke(app, ["train", "tone-calibration", "--data", str(tmp_path / "data"), "--fold",
                                   str(tmp_path / "fold"), "--out", str(tmp_path / "model")])
    assert bad.exit_code == 1
    assert "trained with holdout 2, not 5" in bad.output and "Traceback" not in bad.output


def test_a_model_under_another_name_is_calibrated_in_its_own_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.tone.model import MODEL_FILE

    model = tmp_path / "model"
    model.mkdir()
    (model / "tone-other.v1.onnx").write_bytes((model_dir() / MODEL_FILE).read_bytes())
    (model / "tokenizer.json").write_bytes((model_dir() / "tokenizer.json").read_bytes())
    meta = json.loads((model_dir() / META_FILE).read_text("utf-8"))
    meta["train"]["holdout"] = 2
    (model / "tone-other.v1.json").write_text(json.dumps(meta), "utf-8")
    text = "Critics slammed the mayor as a corrupt liar."
    (tmp_path / "train.jsonl").write_text("".join(json.dumps({"sentence_normalized": text, "targets": [
        {"Input.gid": f"g{i}", "from": 20, "to": 25, "polarity": 2.0}]}) + "\n" for i in range(4)), "utf-8")
    entry = calibrate_tone(tmp_path, model, model, holdout=2, log=lambda m: None, model_file="tone-other.v1.onnx")
    assert entry["heldout_targets"] == 2  # lines 1 and 3
    assert json.loads((model / "tone-other.v1.json").read_text("utf-8"))["calibration"] == entry
    assert sorted(p.name for p in model.iterdir()) == ["tokenizer.json", "tone-other.v1.json", "tone-other.v1.onnx"]
