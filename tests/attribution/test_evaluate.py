"""The PolNeAR reader and our implementation of the reference metric, on tiny hand-made data."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.attribution.evaluate import TokenIndex, score
from saidwhat.errors import InputError
from saidwhat.ingest.polnear import GoldArticle, GoldAttribution, parse_ann, read_split

TEXT = "“We will win,” Trump said. “Then we govern.” Officials said the talks failed."
#       0         1         2         3         4         5         6         7
ANN = (
    "T1\tSource 15 20\tTrump\n"
    "T2\tCue 21 25\tsaid\n"
    "T3\tContent 1 13;28 43\tWe will win, Then we govern.\n"
    "T4\tAttribution 21 25\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 45 54\tOfficials\n"
    "T6\tContent 60 76\tthe talks failed\n"
    "T7\tAttribution 55 59\tsaid\n"
    "E2\tAttribution:T7 Content:T6 Source:T5\n"
    "T8\tAttribution 0 1\tx\n"
    "E3\tAttribution:T8 Source:T5\n"
)


def test_parse_ann_merges_discontinuous_content_and_drops_relations_without_content() -> None:
    assert parse_ann(ANN) == [
        GoldAttribution(content=((1, 13), (28, 43)), speaker=((15, 20),), cue=((21, 25),)),
        GoldAttribution(content=((60, 76),), speaker=((45, 54),), cue=None),
    ]


def test_read_split_uses_the_first_annotator_file(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a.txt").write_text(TEXT, "utf-8")
    (tmp_path / "dev" / "attributions" / "a_00aa.ann").write_text(ANN, "utf-8")
    (tmp_path / "dev" / "attributions" / "a_ffff.ann").write_text("", "utf-8")
    (art,) = read_split(tmp_path, "dev")
    assert (art.doc_id, len(art.attributions)) == ("a", 2)


def test_read_split_names_the_missing_split(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No PolNeAR split 'test'"):
        read_split(tmp_path, "test")


def test_tokens_ignore_punctuation_at_span_edges() -> None:
    index = TokenIndex(TEXT)
    assert index.tokens(((0, 14),)) == index.tokens(((1, 12),))


def gold() -> list[GoldArticle]:
    return [GoldArticle("a", TEXT, tuple(parse_ann(ANN)))]


def test_perfect_predictions_score_one() -> None:
    pred = {"a": [{"content": g.content, "speaker": g.speaker, "cue": g.cue} for g in gold()[0].attributions]}
    res = score(gold(), pred)
    assert (res["relation"].f, res["content"]["strict"].f, res["speaker"]["lenient"].f) == (1.0, 1.0, 1.0)


def test_relation_needs_half_the_content_and_an_overlapping_speaker() -> None:
    pred = {"a": [
        # content "We will win" is 3 of 6 gold tokens: Jaccard 0.5, speaker right -> correct
        {"content": ((1, 12),), "speaker": ((15, 20),), "cue": ((21, 25),)},
        # right content, wrong speaker -> not a correct relation
        {"content": ((60, 76),), "speaker": ((0, 3),), "cue": None},
    ]}
    res = score(gold(), pred)
    assert (res["relation"].p, res["relation_content_only"].p) == (0.5, 1.0)
    assert res["content"]["strict"].p == 0.5  # only the second content is exact
    assert res["speaker"]["strict"].p == 0.5


def test_exact_match_needs_the_same_tokens_and_no_alignment() -> None:
    art = GoldArticle("a", TEXT, tuple(parse_ann(ANN)))
    pred = [
        # first gold content in two pieces with its punctuation: the same token set
        {"content": ((0, 14), (27, 44)), "speaker": ((15, 20),), "cue": ((21, 26),)},
        # "talks failed" is not "the talks failed"; "Officials" is its source exactly
        {"content": ((64, 76),), "speaker": ((45, 54),), "cue": None},
    ]
    res = score([art], {"a": pred})
    assert (res["content"]["exact"].p, res["content"]["exact"].r) == (0.5, 0.5)  # type: ignore[index]
    assert (res["speaker"]["exact"].p, res["speaker"]["exact"].r) == (1.0, 1.0)  # type: ignore[index]
    assert (res["cue"]["exact"].p, res["cue"]["exact"].r) == (1.0, 1.0)  # type: ignore[index]
