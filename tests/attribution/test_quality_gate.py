"""Quality gate on PolNeAR dev, and agreement with the reference scorer in ../shared.

Floors sit a little below the measured scores (noise margin) and only ever go up.
Measured (issue 3 closing note): relation F1 65.7, content strict 56.2, content lenient
79.2, speaker strict 70.1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.attribution.polnear_eval import evaluate

pytestmark = pytest.mark.slow

FLOORS = {
    ("relation", None): 0.64,
    ("content", "strict"): 0.545,
    ("content", "lenient"): 0.775,
    ("speaker", "strict"): 0.685,
}


@pytest.fixture(scope="module")
def dev_run(shared_dir: Path, settings):  # type: ignore[no-untyped-def]
    data = shared_dir / "data" / "polnear"
    if not (data / "dev").is_dir():
        pytest.skip("../shared/data/polnear/dev is not present")
    return evaluate(data, "dev", settings)


@pytest.mark.parametrize("role,mode", list(FLOORS))
def test_dev_f1_above_floor(dev_run, role: str, mode: str | None) -> None:  # type: ignore[no-untyped-def]
    res, _ = dev_run
    f = res[role].f if mode is None else res[role][mode].f
    assert f >= FLOORS[(role, mode)], f"{role} {mode or ''} F1 {f:.3f} fell below {FLOORS[(role, mode)]}"


def test_agrees_with_reference_scorer(dev_run, shared_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scorer = shared_dir / "tools" / "polnear_score.py"
    if not scorer.is_file():
        pytest.skip("../shared/tools/polnear_score.py is not present")
    res, lines = dev_run
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    out = tmp_path / "ref.json"
    subprocess.run(
        [sys.executable, str(scorer), str(pred), "--data", str(shared_dir / "data" / "polnear"),
         "--split", "dev", "--json", str(out)],
        check=True, capture_output=True,
    )
    ref = json.loads(out.read_text("utf-8"))
    ours = {
        "relation": res["relation"].f,
        "content strict": res["content"]["strict"].f,
        "content lenient": res["content"]["lenient"].f,
        "speaker strict": res["speaker"]["strict"].f,
        "cue lenient": res["cue"]["lenient"].f,
    }
    theirs = {
        "relation": ref["relation"]["f"],
        "content strict": ref["content"]["strict"]["f"],
        "content lenient": ref["content"]["lenient"]["f"],
        "speaker strict": ref["source"]["strict"]["f"],
        "cue lenient": ref["cue"]["lenient"]["f"],
    }
    assert {k: round(v, 3) for k, v in ours.items()} == {k: round(v, 3) for k, v in theirs.items()}
