"""``saidwhat train cleaning`` on a tiny benchmark of invented pages: the model it writes
loads, carries the recurrence weights, and folds can keep a site together."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.clean.describe import FEATURES, UNCENTRED
from saidwhat.clean.model import load_model
from saidwhat.clean.train import PageData, fold_of, train, training_labels
from saidwhat.clean.units import split_units
from saidwhat.cli import app

pytest.importorskip("sklearn")

HARBOUR = Path(__file__).parent / "data" / "harbour"
PROMO = "Get the Harbour Gazette morning briefing in your inbox every weekday at six."
runner = CliRunner()


def _body(text: str) -> str:
    """The article of a Harbour Gazette dump: between the share bar and "Most read"."""
    lines = text.splitlines()
    start = lines.index("Email this story") + 1
    end = lines.index("Most read")
    return "\n".join(line for line in lines[start:end] if line != PROMO)


def _benchmark(root: Path) -> Path:
    aeb = root / "aeb"
    truth = {}
    for path in sorted(HARBOUR.glob("*.txt")):
        for variant in ("lxml_blocks", "inscriptis"):
            (aeb / "dumps" / variant).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, aeb / "dumps" / variant / path.name)
        truth[path.stem] = {"articleBody": _body(path.read_text("utf-8")),
                            "url": f"https://harbourgazette.example/{path.stem}"}
    (aeb / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    return aeb


def test_train_writes_a_model_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "lines.json"
    result = runner.invoke(app, ["train", "cleaning", str(_benchmark(tmp_path)), "--out", str(out),
                                 "--no-cv", "--extend", "0.25", "--word-scale", "1"])
    assert result.exit_code == 0, result.output
    assert "8 pages, " in result.output
    model = load_model(out)
    assert model.first.names == FEATURES
    assert model.extend == 0.25
    # cross-page features are uncentred, so a page alone (all zeros) gets nothing from them
    for name in UNCENTRED:
        k = FEATURES.index(name)
        assert (model.first.mean[k], model.first.scale[k]) == (0.0, 1.0)
    # every page of the tiny corpus shares the promo: the recurrence weight learns it is not body
    assert model.first.coef[FEATURES.index("recur")] < 0
    # the words of the footer every page prints are learned as furniture, the body's not
    assert model.words is not None
    assert model.words.logit("Most read") < 0
    assert model.words.logit("Contact the newsroom") < 0


def test_site_folds_keep_a_sites_pages_together() -> None:
    pages = [PageData(f"p{i}", flattener, "", [], None, [], [], site)
             for i, site in enumerate(["a.example", "a.example", "b.example", "c.example", "c.example", "d.example"])
             for flattener in ("lxml_blocks", "inscriptis")]
    fold = fold_of(pages, 3, by_site=True)
    by_site: dict[str, set[int]] = {}
    for page, k in zip(pages, fold):
        by_site.setdefault(page.site, set()).add(k)
    assert all(len(ks) == 1 for ks in by_site.values())
    assert len({k for ks in by_site.values() for k in ks}) == 3
    # by page, the two pages of a.example land in different folds
    by_page = fold_of(pages, 3)
    assert by_page[0] != by_page[2]


def _extra(root: Path) -> Path:
    """The same pages as a second collection without URLs whose gold keeps the headline,
    as ``cleaning-extra``'s Dragnet pages do."""
    extra = root / "extra"
    truth = {}
    for path in sorted(HARBOUR.glob("*.txt")):
        for variant in ("lxml_blocks", "inscriptis"):
            (extra / "dumps" / variant).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, extra / "dumps" / variant / f"dragnet-{path.name}")
        truth[f"dragnet-{path.stem}"] = {"articleBody": _body(path.read_text("utf-8")), "url": "", "source": "dragnet"}
    (extra / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    return extra


def test_train_on_two_collections_reports_each_source_and_the_check(tmp_path: Path) -> None:
    out = tmp_path / "lines.v4.json"
    result = runner.invoke(app, ["train", "cleaning", str(_extra(tmp_path)), "--out", str(out),
                                 "--check", str(_benchmark(tmp_path)), "--by-page"])
    assert result.exit_code == 0, result.output
    keys = [line.split(": F1")[0] for line in result.output.splitlines() if ": F1" in line]
    assert keys == ["cv dragnet inscriptis penalty=1.0", "cv dragnet lxml_blocks penalty=1.0",
                    "check aeb inscriptis", "check aeb lxml_blocks"]
    record = json.loads(out.read_text("utf-8"))["training"]
    assert (record["data"], record["pages"], sorted(record["check"])) == (
        ["extra"], 8, ["aeb inscriptis", "aeb lxml_blocks"])
    assert load_model(out).first.names == FEATURES


def test_headline_and_byline_in_dragnet_gold_are_not_learned_as_body() -> None:
    units = split_units("Ferry fares to rise\nBy Ana Lind\n" + "The island ferry operator will raise fares "
                        "by a tenth in the spring, its chief executive said on Monday.\nShare")
    page = PageData("dragnet-1", "lxml_blocks", "", units, None, [], [1, 1, 1, 0], "", "dragnet")
    assert training_labels(page) == [0, 0, 1, 0]
    assert training_labels(replace(page, source="l3s")) == [1, 1, 1, 0]


def test_cross_validation_by_site_of_one_site_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "cleaning", str(_extra(tmp_path)), "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: cross-validation needs pages of two sites or more; pass --by-page or --no-cv")


def test_pages_known_only_by_their_folder_are_their_own_fold_group() -> None:
    pages = [PageData(f"p{i}", "lxml_blocks", "", [], None, [], [], "dir:/data/extra") for i in range(6)]
    assert sorted(set(fold_of(pages, 3, by_site=True))) == [0, 1, 2]


def test_by_default_the_model_file_has_no_word_weights(tmp_path: Path) -> None:
    out = tmp_path / "lines.json"
    train(_benchmark(tmp_path), out, evaluate=False)
    assert json.loads(out.read_text("utf-8"))["words"] is None
    assert load_model(out).words is None


def test_pages_printing_the_same_lines_share_a_fold_whatever_their_site() -> None:
    footer = ["Contact the newsroom today", "Advertise with the Gazette", "Terms and conditions apply",
              "Privacy and cookies policy"]

    def page(pid: str, lines: list[str]) -> PageData:
        return PageData(pid, "lxml_blocks", "", split_units("\n".join(lines)), None, [], [], "dir:/data/extra")

    pages = [page("a", ["Ferry fares rise in spring"] + footer), page("b", ["Lifeboat crew rescue kayaker"] + footer),
             page("c", ["Festival date confirmed by council"] + footer[:3]), page("d", []), page("e", [])]
    fold = fold_of(pages, 4, by_site=True)
    # a and b share four lines: one site; c shares three with each, d and e nothing
    assert fold[0] == fold[1]
    assert len({fold[0], fold[2], fold[3], fold[4]}) == 4
