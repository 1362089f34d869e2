"""A tiny hand-built corpus for the search, suggestion and correction tests (invented text).

Five articles in two outlets; "sanctions" appears as a bare fragment, as "the sanctions",
and inside three whole statements, so ranking, totals and facets have known answers.
"""

from __future__ import annotations

from pathlib import Path

# (doc id, published, outlet, [(speaker, kind, content, topics)])
DOCS = [
    ("d1", "2024-01-10", "North Ledger", [("Ada Brenner", "indirect", "sanctions", ("sanctions",))]),
    ("d2", "2024-02-10", "North Ledger", [("Ada Brenner", "direct", "the sanctions", ())]),
    ("d3", "2024-03-10", "Valley Times", [
        ("Ada Brenner", "indirect", "the sanctions on timber exports will hurt the mill towns badly this winter",
         ("sanctions",)),
    ]),
    ("d4", "2024-04-10", "Valley Times", [
        ("Brendan Oyelaran", "indirect", "we will lift the sanctions once the border talks produce a signed agreement",
         ("sanctions",)),
        ("Brendan Oyelaran", "indirect", "the harbour budget is fine and the ferry fares can stay where they are",
         ("budget",)),
    ]),
    ("d5", "2024-05-10", "Valley Times", [
        ("Canada Trust", "indirect", "the budget is balanced and the sanctions changed nothing for our savers",
         ("budget",)),
        ("Adaline Ross", "indirect", "the budget needs a second look before the council votes on it in June",
         ("budget",)),
    ]),
]


def parsed() -> list:  # type: ignore[type-arg]
    """The corpus as pipeline results with exact spans ("<speaker> said that <content>.")."""
    from saidwhat.models import Article, Attribution, Parsed, Segment, Target

    out = []
    for doc_id, published, outlet, quotes in DOCS:
        paragraphs, atts, cursor = [], [], 0
        for speaker, kind, content, topics in quotes:
            para = f"{speaker} said that {content}."
            cue = cursor + len(speaker) + 1
            start = cue + len("said that ")
            atts.append(Attribution(
                content=((start, start + len(content)),), source=((cursor, cursor + len(speaker)),),
                cue=((cue, cue + 4),), kind=kind, cue_lemma="say", source_text=speaker,  # type: ignore[arg-type]
                speaker=speaker, speaker_type="ORG" if speaker.endswith("Trust") else "PERSON",
                tone=0.0, polarity="neutral",
                targets=tuple(Target(t, "TOPIC", 0.0, "neutral") for t in topics),
            ))
            paragraphs.append(para)
            cursor += len(para) + 2
        text = "\n\n".join(paragraphs)
        out.append(Parsed(Article(
            doc_id=doc_id, path=f"small.jsonl#{doc_id}", text=text, title=f"Story {doc_id}", published=published,
            outlet=outlet, author="Test Writer", raw=text, offsets="input", segments=(Segment(0, 0, len(text)),),
            content_hash=doc_id,
        ), tuple(atts)))
    return out


def build(path: Path) -> Path:
    """A real SQLite store at ``path`` holding :func:`parsed`."""
    from webcorpus import store_parsed

    return store_parsed(path, parsed())
