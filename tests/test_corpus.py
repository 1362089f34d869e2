"""The built-in sample corpus: enough articles, outlets, months and forms for the demo."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

CORPUS = Path(str(resources.files("saidwhat").joinpath("data/corpus")))
NAME = re.compile(r"^(?P<outlet>[a-z-]+?)-(?P<date>\d{4}-\d{2}-\d{2})-")


def corpus_items() -> list[tuple[str, date]]:
    items = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in {".txt", ".html", ".gz"}:
            m = NAME.match(path.name)
            assert m, path.name
            items.append((m["outlet"], date.fromisoformat(m["date"])))
    for line in (CORPUS / "records.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        items.append((record["outlet"], date.fromisoformat(record["published"][:10])))
    return items


def test_corpus_has_40_articles_5_outlets_6_months():
    items = corpus_items()
    assert len(items) >= 40
    assert len({outlet for outlet, _ in items}) >= 5
    days = [d for _, d in items]
    assert (max(days) - min(days)).days >= 182


def test_corpus_mixes_forms_and_encodings():
    assert len(list(CORPUS.glob("dumps/*.txt"))) >= 10
    assert len(list(CORPUS.glob("html/*.html"))) >= 10
    gz = list(CORPUS.rglob("*.txt.gz"))
    assert gz and gzip.decompress(gz[0].read_bytes()).decode("utf-8").strip()
    not_utf8 = []
    for path in CORPUS.glob("dumps/*.txt"):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            not_utf8.append(path.name)
    assert not_utf8 == ["daily-clarion-2026-02-24-varga-great-news.txt"]


def test_corpus_readme_states_the_expected_shifts():
    readme = (CORPUS / "README.md").read_text("utf-8")
    assert "## Expected shifts" in readme
    assert "| Elena Varga | sanctions | **2026-01-15**" in readme
    assert "| Tomas Reiner | ceasefire | **2026-03-16**" in readme
