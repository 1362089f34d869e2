"""The speaker refresh after an ingest merges again only what the new documents touch, and
ends where merging everything again would."""

from __future__ import annotations

from pathlib import Path

from saidwhat.models import Article, Attribution, Parsed
from saidwhat.service.speakers import correct, refresh_speakers
from saidwhat.store import open_store

PEOPLE_1 = ["John Kerry", "Kerry", "Secretary Kerry", "Hillary Clinton", "Clinton", "Sergei Lavrov", "Lavrov",
            "Angela Merkel", "Merkel", "Chancellor Merkel"]
ORGS_1 = ["State Department", "International Monetary Fund", "United Nations Security Council", "Greenpeace"]
PEOPLE_2 = ["Bill Clinton", "Mr. Lavrov", "Vladimir Putin", "Putin", "Clinton"]
ORGS_2 = ["IMF", "Security Council"]


def _docs(prefix: str, people: list[str], orgs: list[str], day: int) -> list[Parsed]:
    out = []
    for i, name in enumerate(people + orgs):
        text = f"{name} said the talks went well."
        att = Attribution(content=((len(name) + 6, len(text) - 1),), source=((0, len(name)),), speaker=name,
                          speaker_type="PERSON" if name in people else "ORG")
        doc = f"{prefix}{i}"
        out.append(Parsed(Article(doc, f"{doc}.txt", text, published=f"2026-01-{day + i:02d}", content_hash=doc),
                          (att,)))
    return out


def _speakers(store) -> set[tuple[str, str | None, int, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return {(s.name, s.type, s.count, s.aliases) for s in store.speakers(limit=1000)}


def test_incremental_refresh_equals_a_full_one(tmp_path: Path) -> None:
    first, second = _docs("a", PEOPLE_1, ORGS_1, 1), _docs("b", PEOPLE_2, ORGS_2, 10)
    with open_store(str(tmp_path / "inc.db")) as store:
        store.add_batch(first)
        refresh_speakers(store)
        correct(store, "merge", "Greenpeace", "State Department")  # a correction in force (odd, but the user's)
        merkel_id = store.speaker("Merkel").id  # type: ignore[union-attr]
        last = store.last_document()
        store.add_batch(second)
        assert store.speakers_stale()
        merged_again = refresh_speakers(store, last)
        assert not store.speakers_stale()
        incremental = _speakers(store)
        assert store.speaker("Chancellor Merkel").id == merkel_id  # type: ignore[union-attr]  # untouched
    with open_store(str(tmp_path / "full.db")) as store:
        store.add_batch(first)
        refresh_speakers(store)
        correct(store, "merge", "Greenpeace", "State Department")
        store.add_batch(second)
        refresh_speakers(store)
        full = _speakers(store)
    assert incremental == full
    names = set(PEOPLE_1 + ORGS_1 + PEOPLE_2 + ORGS_2)
    assert merged_again < len(names)  # the Merkel names were not merged again
    assert {"Bill Clinton", "IMF", "Security Council", "Clinton"} <= {a for s in incremental for a in s[3]}


def test_nothing_new_changes_nothing(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "c.db")) as store:
        store.add_batch(_docs("a", PEOPLE_1, ORGS_1, 1))
        refresh_speakers(store)
        before = _speakers(store)
        assert refresh_speakers(store, store.last_document()) == 0
        assert _speakers(store) == before


def test_refresh_reads_only_the_names_new_documents_touch(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.service.speakers import refresh_after

    crowd = [f"{first} {last}" for first in ("Ada", "Bram", "Cleo", "Dario") for last in
             ("Holmvik", "Ostdale", "Rilmark", "Savness", "Torlund", "Evgard", "Kelwick", "Lunstad")]
    with open_store(str(tmp_path / "big.db")) as store:
        store.add_batch(_docs("a", PEOPLE_1 + crowd, ORGS_1, 1))
        refresh_speakers(store)
        refresh_after(store, 0)  # the first refresh since the upgrade gives every name its keys, once
        last = store.last_document()
        store.add_batch(_docs("b", ["Senator Kerry"], [], 20))
        read: list[str] = []
        real = store.speaker_observations

        def observations(names=None):  # type: ignore[no-untyped-def]
            assert names is not None, "read every observation"
            read.extend(names)
            return real(names)

        def everything() -> dict[str, str]:
            raise AssertionError("read every alias")

        monkeypatch.setattr(store, "speaker_observations", observations)
        monkeypatch.setattr(store, "alias_map", everything)
        done = refresh_after(store, last)
        assert set(read) == {"Senator Kerry", "John Kerry", "Kerry", "Secretary Kerry"}
        assert done.names == 4
        assert done.after["Senator Kerry"] == done.after["Kerry"]
