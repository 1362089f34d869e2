"""``saidwhat train outlet``: the ranker learns from labelled pages which name a page gives
itself is its outlet; the shipped model is rebuilt byte for byte from ../shared."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.clean.outlet import OUTLET_RESOURCE, best_outlet, load_outlet_model
from saidwhat.errors import ModelError
from saidwhat.clean.units import split_units
from saidwhat.cli import app

pytest.importorskip("sklearn")

REPO = Path(__file__).resolve().parents[2]
BODY = ("The council agreed on Monday to rebuild the footbridge over the river before the spring floods, "
        "after residents complained that the old one had been closed for most of the winter.")
# invented outlets, each page with a section menu, a headline and a copyright line
OUTLETS = ("Harbour Gazette", "Millbrook Ledger", "Valley Chronicle", "Quarry Times", "Fenwick Standard",
           "Lantern Post", "Ridge Courier", "Orchard Herald", "Saltmarsh Echo", "Tollgate Mercury")


def _page(outlet: str, section: str) -> str:
    return "\n".join([section, "Weather", "Footbridge to be rebuilt", BODY, f"© 2012 {outlet}. All rights reserved."])


def _data(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "extra"
    rows = ["page\ttitle\tdate\tauthor\toutlet\tsource\tsplit"]
    for flattener in ("lxml_blocks", "inscriptis"):
        (data / "dumps" / flattener).mkdir(parents=True)
    for k, outlet in enumerate(OUTLETS):
        page = f"dragnet-{k}"
        for flattener in ("lxml_blocks", "inscriptis"):
            (data / "dumps" / flattener / f"{page}.txt").write_text(_page(outlet, ("Politics", "Sport")[k % 2]), "utf-8")
        rows.append(f"{page}\t\t\t\t{outlet}\tdragnet\toutlet")
    labels = tmp_path / "labels.tsv"
    labels.write_text("\n".join(rows) + "\n", "utf-8")
    return data, labels


def test_the_ranker_learns_the_copyright_line_over_the_menu(tmp_path: Path) -> None:
    data, labels = _data(tmp_path)
    out = tmp_path / "outlet.json"
    result = CliRunner().invoke(app, ["train", "outlet", str(data), "--labels", str(labels), "--out", str(out),
                                      "--c", "1"])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text("utf-8"))["training"]
    assert record["dumps"] == 20 and record["cv"]["1.0"]["all"] == 1.0
    page = split_units(_page("Cobble Street Journal", "Business") + "\n")
    assert best_outlet(page, load_outlet_model(out)) == "Cobble Street Journal"


def test_a_labelled_page_without_its_dump_is_one_clear_error(tmp_path: Path) -> None:
    data, labels = _data(tmp_path)
    (data / "dumps" / "inscriptis" / "dragnet-3.txt").unlink()
    result = CliRunner().invoke(app, ["train", "outlet", str(data), "--labels", str(labels),
                                      "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 1
    assert "no inscriptis dump for labelled page dragnet-3" in result.output
    assert "Traceback" not in result.output


def test_a_ranker_for_other_features_is_refused(tmp_path: Path) -> None:
    data, labels = _data(tmp_path)
    out = tmp_path / "outlet.json"
    CliRunner().invoke(app, ["train", "outlet", str(data), "--labels", str(labels), "--out", str(out), "--c", "1"])
    model = json.loads(out.read_text("utf-8"))
    model["model"]["names"][0] = "n_disclaimer"
    out.write_text(json.dumps(model), "utf-8")
    with pytest.raises(ModelError, match="retrain it with `saidwhat train outlet`"):
        load_outlet_model(out)


@pytest.mark.slow
def test_the_shipped_outlet_model_is_rebuilt_byte_for_byte(shared_dir: Path, tmp_path: Path) -> None:
    from saidwhat.clean.train_outlet import train_outlet

    out = tmp_path / "outlet.json"
    train_outlet(shared_dir / "data" / "cleaning-extra", REPO / "tests" / "data" / "clean" / "meta-labels.tsv", out)
    assert out.read_bytes() == (REPO / "src" / "saidwhat" / OUTLET_RESOURCE).read_bytes()


def test_silver_pages_named_by_their_head_train_too_but_none_of_a_held_aside_site(tmp_path: Path) -> None:
    data, labels = _data(tmp_path)
    (data / "html").mkdir()
    silver = {"dragnet-s1": "Cobble Street Journal", "dragnet-s2": "Wherry Bulletin", "dragnet-s3": "Harbour Gazette"}
    heads = {f"dragnet-{k}": outlet for k, outlet in enumerate(OUTLETS)} | silver | {"dragnet-h": "Harbour Gazette"}
    for page, outlet in heads.items():
        host = outlet.replace(" ", "").lower()
        html = (f'<html><head><meta property="og:site_name" content="{outlet}">'
                f'<meta property="og:url" content="http://{host}.example/a"></head><body></body></html>')
        (data / "html" / f"{page}.html.gz").write_bytes(gzip.compress(html.encode()))
        for flattener in ("lxml_blocks", "inscriptis"):
            (data / "dumps" / flattener / f"{page}.txt").write_text(_page(outlet, "Politics"), "utf-8")
    with labels.open("a", encoding="utf-8") as f:
        f.write("dragnet-h\t\t\t\tHarbour Gazette\tdragnet\theldout\n")
    out = tmp_path / "outlet.json"
    result = CliRunner().invoke(app, ["train", "outlet", str(data), "--labels", str(labels), "--out", str(out),
                                      "--c", "1", "--silver"])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text("utf-8"))["training"]
    # ten hand-labelled pages agree with their heads; the held-aside page's site gives no silver page
    assert record["silver"] == {"agreement": {"outlet:og": [10, 10], "outlet:application": [0, 0]},
                                "sources": ["outlet:og"], "pages": 2, "weight": 0.3}
    assert record["cv"]["1.0"]["all"] == 1.0
