"""The seed page, with the real NER model: who the issue says speaks there, by canonical name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saidwhat.attribution import quote_ranges
from saidwhat.models import Article, Attribution, Entity, Parsed
from saidwhat.speakers import resolve

SEED = "data/seed/rt-2016-03-25-kerry-in-moscow.txt"

# (source text, the words right after it that pin the occurrence, canonical, role)
CASES = [
    ("the head of Russia’s Foreign Affairs Committee Alexei Pushkov", " summed up",
     "Alexei Pushkov", "head of Russia’s Foreign Affairs Committee"),
    ("Kerry", " that he had", "John Kerry", None),
    ("Kerry", " said the ceasefire", "John Kerry", None),
    ("Lavrov", " saying there were", "Sergey Lavrov", "Russian Foreign Minister"),
    ("AP journalist Matt Lee", " pointed out", "Matt Lee", "AP journalist"),
    ("President Putin", " has made", "Vladimir Putin", None),
    ("Kerry", " would only divulge", "John Kerry", None),
    # "Listening to American astronaut Scott Kelly ... recount ..., he said, emphasized":
    # the listener is Kerry, from the sentence before.
    ("he", " said, emphasized", "John Kerry", None),
]


@pytest.fixture(scope="module")
def seed_parsed(shared_dir: Path, settings) -> Parsed:  # type: ignore[no-untyped-def]
    from saidwhat.nlp import load_nlp

    text = (shared_dir / SEED).read_text(encoding="utf-8")
    doc = load_nlp(settings.nlp_model)(text)
    atts = []
    for source, after, _, _ in CASES:
        m = re.search(re.escape(source) + re.escape(after), text)
        assert m is not None, source
        atts.append(Attribution(content=(), source=((m.start(), m.start() + len(source)),), source_text=source))
    entities = tuple(Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    return Parsed(Article(doc_id="seed", path=SEED, text=text), tuple(atts), entities, sentences,
                  quotes=quote_ranges(text))


@pytest.mark.slow
@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c[0]}{c[1]}" for c in CASES])
def test_seed_page_canonical_speakers(seed_parsed: Parsed, i: int) -> None:
    att = resolve(seed_parsed).attributions[i]
    _, _, canonical, role = CASES[i]
    assert att.speaker == canonical
    assert att.speaker_type == "PERSON"
    if role is not None:
        assert att.role == role
