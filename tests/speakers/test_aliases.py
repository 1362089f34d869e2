"""Corpus-wide alias merging: names in, canonical speakers out."""

from __future__ import annotations

import time

from saidwhat.models import SpeakerObservation as Obs
from saidwhat.speakers import merge_aliases


def names(result: dict, *observed: str) -> list[str]:  # type: ignore[type-arg]
    return [result[o].name for o in observed]


def test_kerry_variants_become_john_kerry() -> None:
    obs = [
        Obs("John Kerry", "PERSON", "Secretary of State", "d1"),
        Obs("Kerry", "PERSON", None, "d1"),
        Obs("Secretary Kerry", "PERSON", None, "d2"),
        Obs("Mr. Kerry", "PERSON", None, "d3"),
        Obs("John F. Kerry", "PERSON", None, "d4"),
    ]
    out = merge_aliases(obs)
    assert names(out, "Kerry", "Secretary Kerry", "Mr. Kerry", "John F. Kerry") == ["John Kerry"] * 4
    assert out["Kerry"].aliases == ("John F. Kerry", "John Kerry", "Kerry", "Mr. Kerry", "Secretary Kerry")
    assert out["Kerry"].roles == ("Secretary of State",)
    assert out["Kerry"].type == "PERSON"


def test_shared_surname_goes_to_the_namesake_of_the_same_documents() -> None:
    obs = [
        Obs("Bill Clinton", "PERSON", "former president", "d1"),
        Obs("Clinton", "PERSON", None, "d1"),
        Obs("Hillary Clinton", "PERSON", None, "d2"),
        Obs("Hillary Clinton", "PERSON", None, "d3"),
        Obs("Clinton", "PERSON", None, "d2"),
        Obs("Clinton", "PERSON", None, "d3"),
        Obs("Chelsea Clinton", "PERSON", None, "d4"),
    ]
    out = merge_aliases(obs)
    assert names(out, "Bill Clinton", "Hillary Clinton", "Chelsea Clinton", "Clinton") == [
        "Bill Clinton", "Hillary Clinton", "Chelsea Clinton", "Hillary Clinton",
    ]


def test_honorific_gender_breaks_the_tie() -> None:
    obs = [
        Obs("Bill Clinton", "PERSON", None, "d1"),
        Obs("Hillary Clinton", "PERSON", None, "d1"),
        Obs("Mrs. Clinton", "PERSON", None, "d1"),
        Obs("Mr. Clinton", "PERSON", None, "d1"),
    ]
    out = merge_aliases(obs)
    assert names(out, "Mrs. Clinton", "Mr. Clinton") == ["Hillary Clinton", "Bill Clinton"]


def test_junior_is_another_person() -> None:
    obs = [Obs("Donald Trump", "PERSON", None, "d1")] * 3 + [
        Obs("Donald Trump Jr.", "PERSON", None, "d2"),
        Obs("Trump", "PERSON", None, "d1"),
    ]
    out = merge_aliases(obs)
    assert names(out, "Donald Trump Jr.", "Trump", "Donald Trump") == [
        "Donald Trump Jr.", "Donald Trump", "Donald Trump",
    ]


def test_nicknames_fold_into_one_person() -> None:
    obs = [Obs("Len Burman", "PERSON"), Obs("Leonard E. Burman", "PERSON"), Obs("Leonard Burman", "PERSON")]
    out = merge_aliases(obs)
    assert len({out[n].name for n in ("Len Burman", "Leonard E. Burman", "Leonard Burman")}) == 1


def test_organisations_are_normalised_and_typed() -> None:
    obs = [
        Obs("the State Department", "ORG"), Obs("State Department", "ORG"),
        Obs("U.S. State Department", "ORG"), Obs("International Monetary Fund", "ORG"),
        Obs("IMF", "ORG"), Obs("the Kremlin", "ORG"),
    ]
    out = merge_aliases(obs)
    assert names(out, "the State Department", "U.S. State Department") == ["State Department"] * 2
    assert out["IMF"].name == "International Monetary Fund"
    assert (out["the Kremlin"].name, out["the Kremlin"].type) == ("Kremlin", "ORG")


def test_campaigns_merge_by_candidate() -> None:
    obs = [Obs("Clinton campaign", "ORG"), Obs("Hillary Clinton campaign", "ORG"), Obs("Trump campaign", "ORG")]
    out = merge_aliases(obs)
    assert names(out, "Hillary Clinton campaign", "Trump campaign") == ["Clinton campaign", "Trump campaign"]


def test_user_merge_and_split_override_the_automatic_result() -> None:
    obs = [Obs("Hillary Clinton", "PERSON", None, "d1"), Obs("Clinton", "PERSON", None, "d1"),
           Obs("HRC", "PERSON", None, "d2")]
    automatic = merge_aliases(obs)
    assert automatic["HRC"].name == "HRC"
    out = merge_aliases(obs, corrections=[("merge", "HRC", "Hillary Clinton"), ("split", "Clinton", "Hillary Clinton")])
    assert out["HRC"].name == "Hillary Clinton"
    assert out["Clinton"].name == "Clinton"
    assert "HRC" in out["Hillary Clinton"].aliases and "Clinton" not in out["Hillary Clinton"].aliases


def test_empty_input_gives_empty_mapping() -> None:
    assert merge_aliases([]) == {}


def test_hundred_thousand_observations_stay_fast() -> None:
    # Blocking by surname keeps this linear: 100k observations of 20k distinct names.
    obs = [
        Obs(f"Person{i % 10000} Surname{i % 5000}" if i % 2 else f"Surname{i % 5000}", "PERSON", None, f"d{i % 3000}")
        for i in range(100_000)
    ]
    start = time.process_time()
    out = merge_aliases(obs)
    elapsed = time.process_time() - start
    assert len(out) == len({o.name for o in obs})
    assert elapsed < 10.0, f"merge_aliases took {elapsed:.1f}s CPU for 100k observations"


def test_lone_word_tagged_person_joins_the_one_organisation_it_starts() -> None:
    from saidwhat.models import SpeakerObservation as Obs
    from saidwhat.speakers.aliases import merge_aliases as merge

    out = merge([
        Obs("Kestrel", "PERSON"), Obs("Kestrel Energy", "ORG"),
        Obs("Clinton", "PERSON"), Obs("Hillary Clinton", "PERSON"), Obs("Clinton Foundation", "ORG"),
    ])
    assert (out["Kestrel"].name, out["Kestrel"].type) == ("Kestrel Energy", "ORG")
    assert out["Clinton"].name == "Hillary Clinton"
    assert out["Clinton Foundation"].name == "Clinton Foundation"
