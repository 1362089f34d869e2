"""``saidwhat eval cleaning``: the benchmark's 4-gram shingle F1, same as the reference scorer."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.clean.score import body_f1, page_counts
from saidwhat.cli import app

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

TABLOID_BODY = "\n\n".join([
    "A grandmother from Leeds could not believe her eyes when she pulled a dusty box of tin robots from her loft and learned it could fetch thousands at auction.",
    "Margaret Dobbs, 71, had been clearing out the house before a move when she stumbled on the toys, which had belonged to her late brother.",
    "\"I nearly took the lot to the charity shop,\" she told the Blare. \"My grandson said, 'Nan, wait, look at the markings on the bottom.' I'm so glad I listened.\"",
    "Auctioneer Peter Vance said the collection was \"one of the best-preserved sets I have handled in thirty years\" and put the estimate at £8,000.",
    "The robots will go under the hammer next month in Harrogate.",
    "Mrs Dobbs said she would use the money to take her family on holiday to Cornwall.",
])


def test_page_counts_by_hand() -> None:
    # shingles of "a b c d e": abcd, bcde; of "a b c d x": abcd, bcdx -> tp 1, fp 1, fn 1
    assert page_counts("a b c d e", "a b c d x") == (1 / 3, 1 / 3, 1 / 3)
    # fewer than four words make one short shingle
    assert page_counts("Hello there", "Hello there") == (1.0, 0.0, 0.0)
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_missing_prediction_counts_for_recall_only() -> None:
    m = body_f1({"a": "one two three four", "b": "five six seven eight"}, {"a": "one two three four"})
    assert (m["precision"], m["recall"], round(m["f1"], 6)) == (1.0, 0.5, round(2 / 3, 6))


def _reference_scorer(shared: Path):  # type: ignore[no-untyped-def]
    path = shared / "tools" / "aeb_score.py"
    if not path.is_file():
        pytest.skip("../shared/tools/aeb_score.py is not present")
    spec = importlib.util.spec_from_file_location("aeb_score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_agrees_with_the_reference_scorer(shared_dir: Path) -> None:
    ref = _reference_scorer(shared_dir)
    truth = {
        "p1": TABLOID_BODY,
        "p2": "Short body.",
        "p3": "The council met on Tuesday and agreed the budget for next year after a long debate.",
        "p4": "Nothing predicted for this page at all, so it only counts for recall.",
        "p5": "Identical text scores one.",
    }
    pred = {
        "p1": TABLOID_BODY.split("\n\n", 2)[-1] + "\n\nSign up for our newsletter today and never miss a story",
        "p2": "Short body. Share on Facebook",
        "p3": "The council met on Tuesday and agreed the budget",
        "p5": "Identical text scores one.",
    }
    mine = body_f1(truth, pred)
    theirs = ref.score(truth, pred, n_boot=2)
    for key in ("f1", "precision", "recall"):
        assert mine[key] == pytest.approx(theirs[key], abs=1e-12)


def _tiny_benchmark(root: Path) -> Path:
    aeb = root / "aeb"
    for variant in ("lxml_blocks", "inscriptis"):
        (aeb / "dumps" / variant).mkdir(parents=True)
        shutil.copy(DATA / "tabloid.txt", aeb / "dumps" / variant / "tabloid.txt")
    (aeb / "html").mkdir()
    (aeb / "html" / "opinion.html.gz").write_bytes(gzip.compress((DATA / "opinion.html").read_bytes()))
    html_body = "\n\n".join([
        "When the council shelved the harbour tunnel last winter, most of us assumed the idea was dead for a generation. The numbers published this week suggest we were too quick to give up on it.",
        "The revised estimate puts the cost at a little under half of the original figure, largely because the boring machines used on the rail link can be reused. \"We would be foolish not to look at this again,\" the transport committee chair, Daniel Osei, told members on Tuesday.",
        "There are good reasons for caution. The last project of this size ran two years late, and the harbour businesses that would lose trade during construction deserve a fair hearing before anything is signed.",
        "But a city that keeps postponing its hardest decisions ends up paying for them twice. The council should commission a full review this summer and put the results in front of residents before the autumn budget.",
    ])
    truth = {"tabloid": {"articleBody": TABLOID_BODY, "url": "https://blare.example/a"},
             "opinion": {"articleBody": html_body, "url": "https://harbourgazette.example/b"}}
    (aeb / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    return aeb


def test_eval_cleaning_cli_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "cleaning", str(_tiny_benchmark(tmp_path))])
    assert result.exit_code == 0, result.output
    # each variant holds one of the two pages; the other counts as an empty prediction
    assert result.stdout.splitlines()[0].split() == ["input", "pages", "F1", "P", "R"]
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["lxml_blocks"] == ["2", "0.667", "1.000", "0.500"]
    assert rows["inscriptis"] == ["2", "0.667", "1.000", "0.500"]
    assert rows["html"] == ["2", "0.667", "1.000", "0.500"]


def test_eval_cleaning_cli_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "cleaning", str(_tiny_benchmark(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(data) == ["html", "inscriptis", "lxml_blocks"]
    assert data["lxml_blocks"]["recall"] == 0.5


def test_eval_cleaning_cli_without_ground_truth(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "cleaning", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {tmp_path}: no ground-truth.json here; pass the benchmark directory "
        "(with ground-truth.json, html/ and dumps/)."
    )
