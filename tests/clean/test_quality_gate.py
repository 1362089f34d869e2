"""Quality gate: body F1 of the shipped line model on the AEB dev dumps (../shared).

Floors sit a little below the measured scores (lxml_blocks 0.936, inscriptis 0.946; noise
margin) and only ever go up. The model is trained on cleaning-extra and these pages
(``saidwhat train cleaning ../shared/data/cleaning-extra ../shared/data/aeb``), so this
guards against a broken model or rule, not against overfitting: the README gives the
cross-validated numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean.evaluate import evaluate

pytestmark = pytest.mark.slow

FLOORS = {"lxml_blocks": 0.935, "inscriptis": 0.94}


@pytest.mark.parametrize("variant", sorted(FLOORS))
def test_aeb_dev_dumps_above_floor(shared_dir: Path, settings, variant: str) -> None:  # type: ignore[no-untyped-def]
    aeb = shared_dir / "data" / "aeb"
    if not (aeb / "dumps" / variant).is_dir():
        pytest.skip(f"../shared/data/aeb/dumps/{variant} is not present")
    f1 = evaluate(aeb, settings, (variant,))[variant]["f1"]
    assert f1 >= FLOORS[variant], f"{variant} body F1 {f1:.4f} fell below {FLOORS[variant]}"
