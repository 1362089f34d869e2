"""The page the project started from (``../shared/data/seed``): an RT op-ed dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.clean import clean
from saidwhat.ingest.files import read_path
from saidwhat.models import Article

SUBHEADS = ("Ceasefire on Syria?", "Sanctions no more?", "Silent treatment and isolation doesn’t work",
            "Time for cautious optimism")


@pytest.fixture(scope="module")
def seed(shared_dir: Path, settings) -> Article:  # type: ignore[no-untyped-def]
    path = shared_dir / "data" / "seed" / "rt-2016-03-25-kerry-in-moscow.txt"
    if not path.is_file():
        pytest.skip("the seed page is not in ../shared/data/seed")
    article = clean(next(read_path(str(path), settings)), settings)
    assert isinstance(article, Article)
    return article


def test_seed_metadata(seed: Article) -> None:
    assert (seed.title, seed.published, seed.kind, seed.outlet) == (
        "Kerry in Moscow: Penny has dropped; isolating Russia was never going to work",
        "2016-03-25T16:12", "opinion", "RT")


def test_seed_body_keeps_the_article(seed: Article) -> None:
    assert seed.text.startswith("In a single tweet, the head of Russia’s Foreign Affairs Committee")
    assert seed.text.endswith("For everyone’s sake, let’s hope it was a good one.")
    assert "Kerry would only divulge: “That’s a secret between me and Putin.”" in seed.text
    assert len(seed.text.split("\n\n")) == 15


def test_seed_body_drops_furniture_and_subheads(seed: Article) -> None:
    paragraphs = seed.text.split("\n\n")
    for gone in ("icon bookmark", "READ MORE", "solely those of the author", "25 Mar, 2016",
                 "Penny has dropped"):
        assert gone not in seed.text
    assert [p for p in paragraphs if p in SUBHEADS] == []


def test_seed_segments_are_verbatim(seed: Article) -> None:
    for seg in seed.segments:
        assert seed.text[seg.text_start : seg.text_start + seg.length] == \
            seed.raw[seg.input_start : seg.input_start + seg.length]
