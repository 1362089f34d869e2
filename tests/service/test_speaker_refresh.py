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
        real = store.speaker_summaries

        def summaries(names=None):  # type: ignore[no-untyped-def]
            assert names is not None, "read every summary"
            read.extend(names)
            return real(names)

        def everything(*args):  # type: ignore[no-untyped-def]
            raise AssertionError("read every alias or observation")

        monkeypatch.setattr(store, "speaker_summaries", summaries)
        monkeypatch.setattr(store, "alias_map", everything)
        monkeypatch.setattr(store, "speaker_observations", everything)
        done = refresh_after(store, last)
        assert set(read) == {"Senator Kerry", "John Kerry", "Kerry", "Secretary Kerry"}
        assert done.names == 4
        assert done.after["Senator Kerry"] == done.after["Kerry"]


def test_a_common_word_makes_no_neighbours(tmp_path: Path) -> None:
    from saidwhat.service.speakers import refresh_after

    councils = [f"{town} Council" for town in ("Holmvik", "Ostdale", "Rilmark", "Savness", "Torlund", "Evgard")]
    with open_store(str(tmp_path / "councils.db")) as store:
        store.add_batch(_docs("a", ["Ana Lind", "Lind"], [*councils, "Harbor Union"], 1))
        refresh_speakers(store)
        last = store.last_document()
        store.add_batch(_docs("b", [], ["Kelwick Council", "Holmvik Council"], 20))
        done = refresh_after(store, last)
    # Each council is its own speaker: only the new names, and neither the other councils
    # nor the people, were merged again.
    assert (done.names, sorted(done.after)) == (2, ["Holmvik Council", "Kelwick Council"])


# Names that every alias-merging rule relates: surnames alone, first names alone, namesakes,
# acronyms, endings, "party" and "of", campaigns, one-word organisations and lone words.
RELATED = [
    ("Ana Lind", "PERSON"), ("Ruth Lind", "PERSON"), ("Lind", "PERSON"), ("Minister Lind", "PERSON"),
    ("Mrs. Lind", "PERSON"), ("Ana", "PERSON"), ("Ana Holm", "PERSON"), ("Holm", "PERSON"),
    ("Elena Varga", "PERSON"), ("Varga", "ORG"), ("Varga Holdings", "ORG"), ("Kestrel", "PERSON"),
    ("Kestrel Energy", "ORG"), ("Civic Renewal", "ORG"), ("Civic Renewal party", "ORG"),
    ("National Civic Renewal", "ORG"), ("National Bank", "ORG"), ("National Bank of Veskara", "ORG"),
    ("National Bank of Arland", "ORG"), ("International Migration Council", "ORG"), ("IMC", "ORG"),
    ("Migration Council", "ORG"), ("Harbor Council", "ORG"), ("Lind campaign", "ORG"),
    ("Security Council", "ORG"), ("United Nations Security Council", "ORG"), ("Abbrook Council", "ORG"),
]


def _related_docs(seed: int) -> list[list[Parsed]]:
    """The names above in small batches of one-attribution documents, drawn by ``seed``: each
    name one to three times, on varied dates and in two outlets."""
    import random

    rng = random.Random(seed)
    said = [(name, kind) for name, kind in RELATED for _ in range(rng.randint(1, 3))]
    rng.shuffle(said)
    docs = []
    for i, (name, kind) in enumerate(said):
        text = f"{name} said the talks went well."
        att = Attribution(content=((len(name) + 6, len(text) - 1),), source=((0, len(name)),), speaker=name,
                          speaker_type=kind)  # type: ignore[arg-type]
        doc = f"s{seed}-{i}"
        docs.append(Parsed(Article(doc, f"{doc}.txt", text, published=f"2026-{1 + rng.randrange(6):02d}-01",
                                   outlet=rng.choice(["Harbor Post", "Wire"]), content_hash=doc), (att,)))
    cuts = [0, *sorted(rng.sample(range(1, len(docs)), len(docs) // 3)), len(docs)]
    return [docs[a:b] for a, b in zip(cuts, cuts[1:])]


def refresh_in_batches_equals_a_full_refresh(target: str, seeds: range) -> tuple[int, int]:
    """The related names of each seed ingested into one store in small batches: after each,
    the incremental refresh gives the speakers a full refresh then gives. Returns how many
    incremental refreshes merged fewer names than the store holds, and how many ran."""
    from saidwhat.service import open_or_create

    partial = runs = 0
    with open_or_create(target) as store:
        for seed in seeds:
            for batch in _related_docs(seed):
                last = store.last_document()
                store.add_batch(batch)
                merged = refresh_speakers(store, last)
                incremental = _speakers(store)
                everything = refresh_speakers(store)
                partial, runs = partial + (merged < everything), runs + 1
                assert incremental == _speakers(store), f"seed {seed}, batch after document {last}"
    return partial, runs


def test_refresh_in_batches_equals_a_full_refresh(tmp_path: Path) -> None:
    partial, runs = refresh_in_batches_equals_a_full_refresh(str(tmp_path / "related.db"), range(12))
    assert partial > runs * 0.9  # nearly all merged only some names again


def test_a_new_version_takes_its_old_names_away(tmp_path: Path) -> None:
    from saidwhat.speakers.summaries import summarise

    def said(doc: str, name: str, version: str) -> Parsed:
        text = f"{name} said the talks went well."
        att = Attribution(content=((len(name) + 6, len(text) - 1),), source=((0, len(name)),), speaker=name,
                          speaker_type="PERSON")
        return Parsed(Article(doc, f"{doc}.txt", text, published="2026-02-01", content_hash=doc + version), (att,))

    with open_store(str(tmp_path / "versions.db")) as store:
        store.add_batch([said("a0", "Ana Lind", "1"), said("a1", "Lind", "1"), said("a2", "Ana Lind", "1")])
        refresh_speakers(store, 0)
        assert store.speaker("Lind").name == "Ana Lind"  # type: ignore[union-attr]
        last = store.last_document()
        # a0 and a2 now quote Ruth Lind: Ana Lind is gone, and the bare "Lind" is hers.
        store.add_batch([said("a0", "Ruth Lind", "2"), said("a2", "Ruth Lind", "2")])
        refresh_speakers(store, last)
        incremental = _speakers(store)
        summaries = store.speaker_summaries()
        assert summaries == summarise(store.speaker_observations())
        assert [(s.name, s.count, s.docs) for s in summaries] == [
            ("Lind", 1, (("a1", 1),)), ("Ruth Lind", 2, (("a0", 1), ("a2", 1)))]
        refresh_speakers(store)
        assert incremental == _speakers(store) == {
            ("Ruth Lind", "PERSON", 3, ("Lind", "Ruth Lind"))}
