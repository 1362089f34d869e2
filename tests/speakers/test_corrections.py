"""User corrections: one rule (speakers/corrections.py), used by alias merging and the store alike."""

from __future__ import annotations

from pathlib import Path

from saidwhat.models import SpeakerObservation as Obs
from saidwhat.service.speakers import correct, refresh_speakers
from saidwhat.speakers.aliases import merge_aliases
from saidwhat.speakers.corrections import apply_corrections

CANON = {"Kerry": "John Kerry", "John Kerry": "John Kerry", "Sec. Kerry": "John Kerry", "JK": "JK"}


def test_merge_of_a_canonical_speaker_brings_its_aliases() -> None:
    canon = CANON | {"Jay": "JK"}
    out = apply_corrections(canon, [("merge", "JK", "Kerry")])
    assert out["JK"] == out["Jay"] == "John Kerry"


def test_split_makes_the_alias_its_own_speaker() -> None:
    out = apply_corrections(CANON, [("split", "Kerry", "John Kerry")])
    assert (out["Kerry"], out["Sec. Kerry"]) == ("Kerry", "John Kerry")


def test_the_last_correction_of_a_pair_wins() -> None:
    out = apply_corrections(CANON, [("merge", "JK", "John Kerry"), ("split", "JK", "John Kerry")])
    assert out["JK"] == "JK"
    out = apply_corrections(CANON, [("split", "Kerry", "John Kerry"), ("merge", "Kerry", "John Kerry")])
    assert out["Kerry"] == "John Kerry"


def test_an_unobserved_alias_can_be_merged() -> None:
    assert apply_corrections(CANON, [("merge", "Mr Kerry", "John Kerry")])["Mr Kerry"] == "John Kerry"


def test_the_store_and_merge_aliases_apply_the_same_rule(tmp_path: Path) -> None:
    from saidwhat.models import Article, Attribution, Parsed
    from saidwhat.store import open_store

    names = ["Hillary Clinton", "Clinton", "HRC"]
    batch = []
    for i, name in enumerate(names):
        text = f"{name} said the plan was fine."
        att = Attribution(content=((len(name) + 6, len(text) - 1),), source=((0, len(name)),), speaker=name,
                          speaker_type="PERSON")
        batch.append(Parsed(Article(f"d{i}", f"d{i}.txt", text, published="2026-01-0" + str(i + 1),
                                    content_hash=f"d{i}"), (att,)))
    corrections = [("merge", "HRC", "Hillary Clinton"), ("split", "Clinton", "Hillary Clinton")]
    with open_store(str(tmp_path / "c.db")) as store:
        store.add_batch(batch)
        refresh_speakers(store)
        correct(store, "merge", "HRC", "Hillary Clinton")
        correct(store, "split", "Clinton", "Hillary Clinton")
        stored = {name: store.speaker(name).name for name in names}  # type: ignore[union-attr]
    observations = [Obs(n, "PERSON", None, f"d{i}") for i, n in enumerate(names)]
    merged = {n: cs.name for n, cs in merge_aliases(observations, corrections=corrections).items()}
    assert stored == merged == {"Hillary Clinton": "Hillary Clinton", "Clinton": "Clinton", "HRC": "Hillary Clinton"}
