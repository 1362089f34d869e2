"""A small corpus written for the web tests, ingested with the real pipeline into SQLite.

Two politicians talk about a bridge over ten weeks; Jane Holloway turns from praise to
criticism after week 5, Marcus Webb after week 6. One article carries script payloads in its quotes,
title and author: the pages must show them as text and run nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

XSS_SCRIPT = "<script>window.__xss = 1; alert(1)</script>"
XSS_IMG = '<img src=x onerror="window.__xss_img = 1; alert(2)">'
XSS_TITLE = '<img src=x onerror="window.__xss_title = 1">Council <b>row</b>'

PRAISE = [
    "Senator Jane Holloway said that the new bridge is a wonderful and hopeful project for the whole city.",
    "Senator Jane Holloway said that the bridge plan is a great success and the builders deserve praise.",
    "Jane Holloway said that she is delighted with the excellent progress on the bridge this month.",
    "Senator Jane Holloway said that the bridge gives families a safe and beautiful new route.",
    "Jane Holloway said that the bridge opening will be a joyful and proud day for the city.",
]
CRITICISM = [
    "Senator Jane Holloway said that the bridge is a terrible waste and a disgraceful failure.",
    "Jane Holloway said that the bridge plan is a disaster that hurts poor families badly.",
    "Senator Jane Holloway said that the awful delays on the bridge are a shameful scandal.",
    "Jane Holloway said that the bridge contract was corrupt, wasteful and deeply wrong.",
    "Senator Jane Holloway said that the bridge budget is a painful and hopeless mess.",
]
WEBB = [
    "Marcus Webb said that the bridge is a good idea and he is happy to support it.",
    "Marcus Webb said that the bridge brings welcome jobs and he is glad about it.",
    "Marcus Webb said that the bridge project is fine and the plan looks solid.",
    "Marcus Webb said that the bridge design is lovely and he is pleased with it.",
    "Marcus Webb said that the bridge team did a superb job and deserves thanks.",
    "Marcus Webb said that the bridge will make the harbour a nicer and better place.",
    "Marcus Webb said that the bridge is a dreadful failure and he is angry about it.",
    "Marcus Webb said that the bridge budget is a horrible mistake that hurts everyone.",
    "Marcus Webb said that the bridge was a bad gamble and a painful loss for taxpayers.",
    "Marcus Webb said that the bridge remains a miserable and hopeless project.",
]
WEEKS = 10
FILLER = "The city council met on Tuesday evening to discuss the transport budget for next year."
NAV = "Home | World | Politics | Sport"


def documents() -> list[dict[str, str]]:
    """The corpus as JSONL records (id, title, published, outlet, author, text)."""
    docs = []
    start = dt.date(2024, 3, 4)
    for week in range(WEEKS):
        holloway = (PRAISE + CRITICISM)[week]
        body = "\n\n".join([NAV, FILLER, holloway, WEBB[week], "Share this article"])
        docs.append({
            "id": f"bridge-{week + 1}",
            "title": f"Bridge debate, week {week + 1}",
            "published": (start + dt.timedelta(weeks=week)).isoformat(),
            "outlet": "Harbour Gazette" if week % 2 == 0 else "Evening Post",
            "author": "Sam Porter",
            "text": body,
        })
    payload = "\n\n".join([
        NAV,
        f"Mayor Tom Reyes said that the {XSS_SCRIPT} tag and the {XSS_IMG} image were harmless tests.",
        f'Tom Reyes said that visitors who type {XSS_IMG} into the form will see it as plain text.',
        FILLER,
    ])
    docs.append({
        "id": "payload", "title": XSS_TITLE, "published": "2024-04-17", "outlet": "Evening Post",
        "author": '<script>window.__xss_author = 1</script>', "text": payload,
    })
    return docs


def write_corpus(folder: Path) -> Path:
    """Write the corpus as one JSONL file in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bridge.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in documents()), "utf-8")
    return path


def build_db(base: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """Ingest the corpus with the real pipeline into ``base/corpus.db`` once per test session."""
    from dataclasses import replace

    from saidwhat.service import ingest

    db = base / "corpus.db"
    if not db.exists():
        source = write_corpus(base / "input")
        ingest([str(source)], replace(settings, workers=1, db=str(db)), db=str(db))
    return db


SPEAKERS = ("Senator Jane Holloway", "Jane Holloway", "Marcus Webb", "Mayor Tom Reyes", "Tom Reyes")
CANONICAL = {"Senator Jane Holloway": "Jane Holloway", "Mayor Tom Reyes": "Tom Reyes"}
ROLES = {"Senator Jane Holloway": "Senator", "Mayor Tom Reyes": "Mayor"}


def parsed_corpus():  # type: ignore[no-untyped-def]
    """The corpus as hand-built pipeline results: exact spans, speakers and tones.

    Each "<speaker> said that <content>." paragraph becomes one attribution; the tone is
    +0.6 for the praise sentences, -0.6 for the criticism ones (by list membership), 0 else.
    """
    from saidwhat.models import Article, Attribution, Parsed, Segment, Target

    out = []
    for doc in documents():
        raw = doc["text"]
        paragraphs, segments, cursor, pos = [], [], 0, 0
        for block in raw.split("\n\n"):
            if len(block.split()) >= 8:
                segments.append(Segment(cursor, pos, len(block)))
                paragraphs.append(block)
                cursor += len(block) + 2
            pos += len(block) + 2
        text = "\n\n".join(paragraphs)
        atts = []
        for para in paragraphs:
            if " said that " not in para:
                continue
            base = text.index(para)
            name = next(s for s in SPEAKERS if para.startswith(s))
            cue_at = base + para.index(" said that ") + 1
            content = (cue_at + len("said that "), base + len(para) - 1)
            good = para in PRAISE or para in WEBB[:6]
            bad = para in CRITICISM or para in WEBB[6:]
            tone = 0.6 if good else -0.6 if bad else 0.0
            polarity = "positive" if good else "negative" if bad else "neutral"
            atts.append(Attribution(
                content=(content,), source=((base, base + len(name)),), cue=((cue_at, cue_at + 4),),
                kind="indirect", cue_lemma="say", source_text=name,
                speaker=CANONICAL.get(name, name), speaker_type="PERSON", role=ROLES.get(name),
                tone=tone, polarity=polarity,  # type: ignore[arg-type]
                targets=(Target("bridge", "TOPIC", tone, polarity),) if "bridge" in para else (),  # type: ignore[arg-type]
            ))
        article = Article(
            doc_id=doc["id"], path=f"bridge.jsonl#{doc['id']}", text=text, title=doc["title"],
            published=doc["published"], outlet=doc["outlet"], author=doc["author"], raw=raw,
            offsets="input", segments=tuple(segments), content_hash=doc["id"],
        )
        out.append(Parsed(article, tuple(atts)))
    return out


def build_handmade_db(path: Path) -> Path:
    """A real SQLite store holding :func:`parsed_corpus` (no model involved)."""
    return store_parsed(path, parsed_corpus())


def store_parsed(path: Path, results: list) -> Path:  # type: ignore[type-arg]
    """A real SQLite store at ``path`` holding hand-built pipeline ``results``."""
    from saidwhat.service.speakers import refresh_speakers
    from saidwhat.store import open_store

    store = open_store(str(path))
    try:
        store.add_batch(results)
        refresh_speakers(store)
    finally:
        store.close()
    return path
