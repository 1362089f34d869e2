"""Tone-model training helpers (``saidwhat train tone-finetune``): recipe defaults, class weights, weight averaging.

The full training run takes minutes of CPU and is not run here; these tests pin the pieces
that decide what a retrain reproduces.
"""

from __future__ import annotations

import inspect

import pytest

from saidwhat.cli.tone_cmds import _seeds, train_tone_finetune_cli
from saidwhat.tone.train import _class_weights, train_tone


def test_cli_defaults_reproduce_the_library_recipe() -> None:
    # `saidwhat train tone-finetune --data DIR` must retrain tone-minilm.v1's recipe, so every option the
    # CLI shares with train_tone() has the same default.
    library = inspect.signature(train_tone).parameters
    cli = inspect.signature(train_tone_finetune_cli).parameters
    shared = sorted(set(library) & set(cli) - {"data", "out"})
    assert shared == sorted([
        "average_last", "balance_classes", "batch_size", "bf16", "checkpoints", "epochs",
        "freeze_embeddings", "holdout", "label_smoothing", "layer_decay", "lr", "max_len", "seed", "soup",
        "threads",
    ])
    for name in shared:
        default = cli[name].default.default
        assert (_seeds(default) if name == "soup" else default) == library[name].default, name


def test_soup_seeds_parse() -> None:
    assert _seeds("17,29") == (17, 29)
    assert _seeds(" 5 , 6 ") == (5, 6)
    assert _seeds("") == ()


def test_class_weights_are_balanced_inverse_frequency() -> None:
    weights = _class_weights([0, 0, 0, 0, 1, 1, 2, 2])  # 4 negative, 2 neutral, 2 positive
    assert weights == pytest.approx([8 / 12, 8 / 6, 8 / 6])
    assert _class_weights([0, 1, 2]) == pytest.approx([1.0, 1.0, 1.0])


def test_weight_average_and_layer_decay() -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from saidwhat.tone.train import _average, _param_groups

    a = {"w": torch.tensor([1.0, 3.0]), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 5.0]), "ids": torch.tensor([0, 1])}
    averaged = _average([a, b])
    assert averaged["w"].tolist() == [2.0, 4.0]
    assert averaged["ids"].tolist() == [0, 1]

    class Net(torch.nn.Module):  # the ToneNet layout on a two-layer toy encoder
        def __init__(self) -> None:
            super().__init__()
            config = transformers.BertConfig(vocab_size=20, hidden_size=8, num_hidden_layers=2,
                                             num_attention_heads=2, intermediate_size=16)
            self.encoder = transformers.BertModel(config, add_pooling_layer=False)
            self.head = torch.nn.Linear(16, 3)

    groups = _param_groups(Net(), lr=1.0, layer_decay=0.5, weight_decay=0.01)
    rates = sorted({(g["lr"], g["weight_decay"]) for g in groups}, reverse=True)
    # head 1.0, top layer 0.5, bottom layer 0.25, embeddings 0.125; biases and norms undecayed
    assert rates == [(1.0, 0.01), (1.0, 0.0), (0.5, 0.01), (0.5, 0.0), (0.25, 0.01), (0.25, 0.0),
                     (0.125, 0.01), (0.125, 0.0)]
    assert sum(len(g["params"]) for g in groups) == len(list(Net().parameters()))
