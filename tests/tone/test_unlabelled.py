"""Targets drawn from news texts that are not NewsMTSC, for the student's distillation
(``tone/unlabelled.py``): the texts they are read from, how a sentence's target is found and
drawn, and the clear line when the texts run short."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from saidwhat.errors import InputError
from saidwhat.nlp import load_nlp
from saidwhat.tone.unlabelled import candidate_targets, extra_targets, read_texts

ARTICLE = (
    "Mayor Okafor opened the new bridge on Monday.\n\n"
    "Short line.\n\n"
    "Residents said the new trade agreement would lower prices for farmers in the region.\n"
)


def test_texts_come_from_txt_files_in_name_order_or_a_ground_truth_file(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("First.", "utf-8")
    (tmp_path / "notes.md").write_text("Not read.", "utf-8")
    assert read_texts(tmp_path) == ["Second.", "First."]  # b.txt sorts before sub/a.txt
    truth = tmp_path / "gt.json"
    truth.write_text(json.dumps({"y": {"articleBody": "Two."}, "x": {"articleBody": "One."}}), "utf-8")
    assert read_texts(truth) == ["One.", "Two."]


@pytest.mark.parametrize("name", ["missing", "empty", "bad.json"])
def test_a_path_without_texts_is_one_clear_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.json").write_text('{"x": {"body": "no articleBody"}}', "utf-8")
    with pytest.raises(InputError) as caught:
        read_texts(tmp_path / name)
    assert str(caught.value) == (
        f"{tmp_path / name}: no article texts (want a directory of .txt files or a ground-truth .json with "
        "articleBody values). Pass e.g. --extra ../shared/data/polnear/train/text.")


def test_each_usable_sentence_gives_one_entity_or_topic_phrase(settings) -> None:  # type: ignore[no-untyped-def]
    nlp = load_nlp(settings.nlp_model)
    found = list(candidate_targets([ARTICLE], nlp, random.Random(3)))
    marked = [(text[:20], text[start:end]) for text, start, end in found]
    # "Short line." has too few tokens; the trade keyword is marked as its whole noun phrase.
    assert marked == [("Mayor Okafor opened ", "Okafor"),
                      ("Residents said the n", "the new trade agreement")]
    assert list(candidate_targets([ARTICLE], nlp, random.Random(3), frozenset({found[0][0]})))[0] == found[1]


def test_too_few_targets_name_the_texts_and_the_count(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    assert extra_targets([tmp_path], 2, 3, settings.nlp_model) == extra_targets([tmp_path], 2, 3, settings.nlp_model)
    with pytest.raises(InputError) as caught:
        extra_targets([tmp_path], 3, 3, settings.nlp_model)
    assert str(caught.value) == (f"The extra texts ({tmp_path}) gave 2 targets, fewer than the 3 asked for. "
                                 "Pass more texts with --extra, fewer --extra-rows or a larger --targets-per-sentence.")


def test_several_targets_of_one_sentence_come_distinct_and_together(settings) -> None:  # type: ignore[no-untyped-def]
    nlp = load_nlp(settings.nlp_model)
    text = "Mayor Okafor met Governor Lindqvist in Berlin on Monday to sign the trade agreement.\n"
    names = {"Okafor", "Lindqvist", "Berlin", "the trade agreement"}
    for k in (2, 3):
        found = list(candidate_targets([text], nlp, random.Random(5), per_sentence=k))
        marked = [sentence[start:end] for sentence, start, end in found]
        assert len(marked) == k and len(set(marked)) == k and set(marked) <= names
    everything = list(candidate_targets([text], nlp, random.Random(5), per_sentence=9))
    assert {sentence[start:end] for sentence, start, end in everything} == names
