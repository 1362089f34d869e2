"""Trail matching on plain strings: normalising, relations, grouping, stock phrases, labels."""

from __future__ import annotations

import itertools

import pytest
from trails_corpus import DECOY_COAST, DECOY_TAXES, DOCTORED, EXTENDED, ORIGINAL, STOCK, TRIMMED

from saidwhat.trails.build import regroup
from saidwhat.trails.relate import cluster, inner_changes, opcodes, relation
from saidwhat.trails.sketch import keys
from saidwhat.trails.text import MIN_WORDS, segments, words
from saidwhat.trails.variants import changes, label


def norm(text: str) -> tuple[str, ...]:
    return words(text).norm


def test_normalising_ignores_marks_case_punctuation_and_spacing() -> None:
    assert norm("“We WON’T  sign,” he… — said.") == ("we", "won't", "sign", "he", "said")
    assert norm("ISIS’s best") == norm("ISIS’ best") == ("isis", "best")
    assert words("“We WON’T  sign,” he said.").shown == ("“We", "WON’T", "sign,”", "he", "said.")


def test_segments_are_direct_quotes_and_the_quoted_parts_of_mixed_ones() -> None:
    assert segments("direct", "We will build the new bridge by spring.") == ["We will build the new bridge by spring."]
    assert segments("mixed", "the plan was “a reckless gamble with our money” and “bad”") == [
        "a reckless gamble with our money"  # "bad" is under MIN_WORDS words
    ]
    assert segments("indirect", "the bridge would be built by spring") == []
    assert MIN_WORDS == 5


@pytest.mark.parametrize(("a", "b", "expected"), [
    (ORIGINAL, ORIGINAL.upper().replace(",", ""), "same"),
    (ORIGINAL, TRIMMED, "part"),
    (EXTENDED, ORIGINAL, "part"),
    (ORIGINAL, DOCTORED, "near"),
    (ORIGINAL, DECOY_TAXES, None),  # a shared opening, then a different statement
    (ORIGINAL, DECOY_COAST, None),  # most of a clause, then a different ending
    (ORIGINAL, "We will not sign any agreement that weakens our coast, and we will defend every "
               "village along the river.", "near"),  # one word changed inside
    ("We will sign any deal", "We will not sign any deal", "near"),  # the doctored short quote
    ("We will go now", "We will not go now", None),  # under MIN_WORDS matched words
    (DOCTORED, STOCK, "part"),  # trimmed and changed ("not"): a part, so the stock-phrase test applies
    # A common phrase with two words changed around it, in a longer remark: not a copy.
    ("The senator not fit to serve as president of the united states",
     "Nobody is more qualified than the senator to serve as president of the united states of america", None),
])
def test_relation(a: str, b: str, expected: str | None) -> None:
    assert relation(norm(a), norm(b), MIN_WORDS) == expected
    assert relation(norm(b), norm(a), MIN_WORDS) == expected


def test_a_changed_last_word_counts_as_a_change_but_an_added_one_does_not() -> None:
    assert inner_changes(opcodes(["a", "b", "c"], ["a", "b", "c", "d"])) == 0
    assert inner_changes(opcodes(["a", "b", "c"], ["a", "x", "c"])) == 1
    assert inner_changes(opcodes(["a", "b", "c"], ["a", "b", "x"])) == 1


def test_the_trimmed_copy_shares_a_candidate_key_with_the_original() -> None:
    # Its Jaccard with the whole quote is too low for the LSH bands; the clause key finds it.
    assert set(keys(words(TRIMMED))) & set(keys(words(ORIGINAL)))
    assert set(keys(words(DOCTORED))) & set(keys(words(ORIGINAL)))


SEGMENTS = {1: ORIGINAL, 2: DOCTORED, 3: TRIMMED, 4: EXTENDED, 5: DECOY_TAXES, 6: STOCK, 7: DECOY_COAST}


def test_grouping_keeps_look_alikes_and_the_stock_phrase_apart() -> None:
    groups = regroup({k: words(v) for k, v in SEGMENTS.items()})
    assert groups == {1: 1, 2: 1, 3: 1, 4: 1, 5: 5, 6: 6, 7: 7}


def test_a_phrase_inside_one_statement_only_joins_it() -> None:
    groups = regroup({k: words(v) for k, v in SEGMENTS.items() if k != 5})
    assert groups == {1: 1, 2: 1, 3: 1, 4: 1, 6: 1, 7: 7}


def test_grouping_does_not_depend_on_the_order_of_segments_or_pairs() -> None:
    texts = {k: norm(v) for k, v in SEGMENTS.items()}
    pairs = list(itertools.combinations(sorted(texts), 2))
    expected = cluster(texts, pairs, MIN_WORDS)
    for seed in range(5):
        shuffled = list(pairs)
        __import__("random").Random(seed).shuffle(shuffled)
        reordered = dict(sorted(texts.items(), key=lambda kv: -kv[0]))
        assert cluster(reordered, [(b, a) for a, b in shuffled], MIN_WORDS) == expected


@pytest.mark.parametrize(("copy", "variant"), [
    (ORIGINAL, "verbatim"),
    (TRIMMED, "trimmed"),
    (EXTENDED, "extended"),
    (DOCTORED, "altered"),
])
def test_labels_against_the_first_appearance(copy: str, variant: str) -> None:
    first = words(ORIGINAL)
    assert label(first, words(copy), longest=words(EXTENDED)) == variant


def test_another_speaker_is_misattributed_and_a_part_of_a_fuller_later_copy_is_trimmed() -> None:
    assert label(words(ORIGINAL), words(ORIGINAL), words(ORIGINAL), same_speaker=False) == "misattributed"
    assert label(words(TRIMMED), words(ORIGINAL), longest=words(ORIGINAL)) == "extended"
    # A wider excerpt: words added before, the end cut.
    wider = "and this is our answer: we will not sign any agreement that weakens our borders"
    assert label(words(ORIGINAL), words(wider), longest=words(wider)) == "extended"
    # The first printing was a fragment; another fragment of the full remark is trimmed.
    other = "we will not sign any agreement that weakens our borders"
    assert label(words(TRIMMED), words(other), longest=words(ORIGINAL)) == "trimmed"


def test_the_diff_shows_printed_words_and_flags_a_dropped_negation() -> None:
    diff = changes(words(ORIGINAL), words(DOCTORED))
    assert [c.to_record() for c in diff] == [{"op": "delete", "from": "not", "to": "", "negation": True}]
    added = changes(words(ORIGINAL), words(ORIGINAL.replace("river.", "river, every single one.")))
    assert [c.to_record() for c in added] == [
        {"op": "insert", "from": "", "to": "every single one.", "negation": False}
    ]


def test_a_surname_alone_is_the_same_person_as_the_full_name() -> None:
    from saidwhat.trails.query import same_person, trail_speaker

    assert same_person("Kovac", "Hana Kovac") and same_person("hana kovac", "Hana Kovac")
    assert not same_person("Ivo Kovac", "Hana Kovac")
    assert same_person("Calderon", "Felipe Calderón")
    assert not same_person("Piotr Lind", "Hana Kovac")
    # Four printings name Kovac (two by surname only), one names Lind: her fullest name wins.
    assert trail_speaker(["Lind", "Kovac", "Hana Kovac", None, "Kovac", "Hana Kovac"]) == "Hana Kovac"
    assert trail_speaker(["Piotr Lind", "Hana Kovac"]) == "Piotr Lind"  # a tie: the first printing's
    assert trail_speaker([None, None]) is None


def test_side_by_side_marks_what_each_side_lacks() -> None:
    from saidwhat.trails.variants import side_by_side

    left, right = side_by_side(ORIGINAL, DOCTORED)
    assert left == [("We will", ""), ("not", "neg"), (
        "sign any agreement that weakens our borders, and we will defend every village along the river.", "")]
    assert right == [("We will", ""), (
        "sign any agreement that weakens our borders, and we will defend every village along the river.", "")]
    left, right = side_by_side(ORIGINAL, TRIMMED)
    assert left == [("We will not sign any agreement that weakens our borders, and", "del"),
                    ("we will defend every village along the river.", "")]
    assert right == [("we will defend every village along the river", "")]


def test_two_outlets_extending_the_remark_differently_stay_in_its_trail() -> None:
    other = ORIGINAL + " That is our promise to every family."
    groups = regroup({1: words(ORIGINAL), 2: words(EXTENDED), 3: words(other), 4: words(DECOY_TAXES)})
    assert groups == {1: 1, 2: 1, 3: 1, 4: 4}
