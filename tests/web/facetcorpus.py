"""An invented corpus for volume, topic and outlet tests: hand-built pipeline results.

Two speakers, five articles over three months. The outlet is printed four ways for one
paper ("The Lakeside Courier", its "Media Group", its "Opinion" section) and one article
names none; the topic Morvania is written three ways (a place, its adjective, its people)
and the Coastal League also as plain "League". Every count the tests expect is worked out
by hand from ``ARTICLES`` in the test docstrings.
"""

from __future__ import annotations

from pathlib import Path

from saidwhat.service.speakers import refresh_speakers

# (doc id, published, outlet, [(speaker, target, tone)]): one sentence per statement.
ARTICLES = [
    ("lc-1", "2024-01-01", "The Lakeside Courier", [("Ada Quill", "Morvania", 0.5), ("Ben Tarr", "League", -0.4)]),
    ("lc-2", "2024-01-03", "The Lakeside Courier Media Group", [("Ada Quill", "Morvanian", 0.3)]),
    ("lc-3", "2024-01-10", "Lakeside Courier | Opinion", [("Ada Quill", "Morvanians", -0.2), ("Ben Tarr", "Coastal League", -0.6)]),
    ("ht-1", "2024-02-05", "Hill Times", [("Ben Tarr", "Coastal League", 0.2), ("Ada Quill", "trade", 0.4)]),
    ("none-1", "2024-03-20", None, [("Ben Tarr", "trade", -0.8)]),
]


def parsed(articles=ARTICLES):  # type: ignore[no-untyped-def]
    """The articles as pipeline results with exact spans, speakers, targets and tones."""
    from saidwhat.models import Article, Attribution, Parsed, Target

    out = []
    for doc_id, published, outlet, statements in articles:
        sentences = [f"{speaker} said that the {target} question matters a great deal this week."
                     for speaker, target, _ in statements]
        text = "\n\n".join(sentences)
        atts = []
        for (speaker, target, tone), sentence in zip(statements, sentences):
            base = text.index(sentence)
            cue = base + len(speaker) + 1
            polarity = "positive" if tone > 0 else "negative"
            atts.append(Attribution(
                content=((cue + len("said that "), base + len(sentence) - 1),), source=((base, base + len(speaker)),),
                cue=((cue, cue + 4),), kind="indirect", cue_lemma="say", source_text=speaker, speaker=speaker,
                speaker_type="PERSON", tone=tone, polarity=polarity,  # type: ignore[arg-type]
                targets=(Target(target, "GPE", tone, polarity),),  # type: ignore[arg-type]
            ))
        article = Article(doc_id=doc_id, path=f"facets/{doc_id}.txt", text=text, title=f"Article {doc_id}",
                          published=published, outlet=outlet, raw=text, content_hash=doc_id)
        out.append(Parsed(article, tuple(atts)))
    return out


def build(path: Path, *more) -> Path:  # type: ignore[no-untyped-def]
    """A real SQLite store holding these articles (and any more pipeline results given)."""
    from saidwhat.store import open_store

    store = open_store(str(path))
    try:
        for batch in (*more, parsed()):
            store.add_batch(batch)
        refresh_speakers(store)
    finally:
        store.close()
    return path
