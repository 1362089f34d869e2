"""Loading and running the shipped ONNX span tagger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from saidwhat.attribution.spans import decode
from saidwhat.attribution.tagger import HEADS, MODEL_FILE, OnnxTagger, load_tagger, tagger_available
from saidwhat.errors import ModelError

pytestmark = pytest.mark.skipif(not tagger_available(), reason="the tagger file is not installed")

TEXT = '"The ferry will keep running all winter," Harbour Master Ilse Dunn told reporters on Monday.'


def test_the_packaged_tagger_loads_and_marks_the_roles() -> None:
    probs = load_tagger()(TEXT)
    assert probs.probs.shape == (len(probs.offsets), len(HEADS))
    assert ((probs.probs >= 0) & (probs.probs <= 1)).all()
    cues = [TEXT[a:b] for a, b in decode(probs, "cue")]
    name = probs.pieces(((TEXT.index("Ilse Dunn"), TEXT.index("Ilse Dunn") + len("Ilse Dunn")),))
    assert (probs.probs[name, HEADS.index("source")] >= 0.5).all()
    contents = [TEXT[a:b] for a, b in decode(probs, "content")]
    assert any("told" in c for c in cues), cues
    assert any("ferry will keep running" in c for c in contents), contents


def test_results_do_not_depend_on_what_was_tagged_before() -> None:
    tagger = load_tagger()
    long_text = " ".join([TEXT] * 12)  # several windows
    first = tagger(TEXT).probs.copy()
    tagger(long_text)
    assert np.array_equal(tagger(TEXT).probs, first)


def test_a_missing_tagger_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="tagger .* is missing"):
        OnnxTagger(tmp_path)


def test_a_broken_tagger_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / MODEL_FILE).write_bytes(b"not an onnx model")
    with pytest.raises(ModelError, match="Cannot load attribution tagger"):
        OnnxTagger(tmp_path)


@pytest.mark.slow
def test_confidence_and_min_confidence(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from saidwhat.attribution import attribute
    from saidwhat.models import Article

    text = "“The ferry will keep running all winter,” Ilse Dunn said. Voters chose the incumbent."
    article = Article(doc_id="t", path="t.txt", text=text)
    for tagger in (False, True):
        settings = replace(settings, attribution_tagger=tagger)
        (parsed,) = attribute([article], settings)
        (att,) = [a for a in parsed.attributions if a.cue_lemma == "say"]
        assert 0.3 <= att.confidence <= 1.0
        top = max(a.confidence for a in parsed.attributions)
        (strict,) = attribute([article], replace(settings, min_confidence=min(1.0, top + 0.001)))
        assert strict.attributions == ()


@pytest.mark.slow
def test_an_articles_attributions_do_not_depend_on_its_batch_mates(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from saidwhat.attribution import attribute
    from saidwhat.models import Article

    settings = replace(settings, attribution_tagger=True)
    mine = Article(doc_id="a", path="a.txt", text=" ".join([TEXT] * 6))
    others = [Article(doc_id=f"o{i}", path="o.txt", text=f"Officials in Tarn said the river rose {i} metres. " * (3 + 9 * i))
              for i in range(3)]
    (alone,) = attribute([mine], settings)
    batch = list(attribute([others[0], mine, *others[1:]], settings))
    assert alone.attributions and batch[1].attributions == alone.attributions
