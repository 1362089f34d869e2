"""Hand-built pipeline results for store tests (no spaCy): small, exact, deterministic."""

from __future__ import annotations

import hashlib

from saidwhat.models import Article, Attribution, Parsed, Segment, Skipped, Target


def span(text: str, piece: str) -> tuple[int, int]:
    """The (start, end) of ``piece`` in ``text`` (first occurrence; must be present)."""
    start = text.index(piece)
    return start, start + len(piece)


def quote(
    text: str, source: str, cue: str, content: str, *, speaker: str | None, kind: str = "indirect",
    tone: float | None = 0.0, polarity: str | None = "neutral", targets: tuple[Target, ...] = (),
    speaker_type: str | None = "PERSON", role: str | None = None,
) -> Attribution:
    """An attribution whose spans are found by text in ``text``."""
    src = span(text, source)
    cue_start = text.index(cue, src[1])
    return Attribution(
        content=(span(text, content),), source=(src,), cue=((cue_start, cue_start + len(cue)),),
        kind=kind,  # type: ignore[arg-type]
        cue_lemma=cue.split()[-1].rstrip("s").replace("said", "say").replace("told", "tell"),
        source_text=source, speaker=speaker, speaker_type=speaker_type,  # type: ignore[arg-type]
        role=role, tone=tone, polarity=polarity, targets=targets,  # type: ignore[arg-type]
    )


def article(doc_id: str, paragraphs: list[str], *, published: str | None, outlet: str | None,
            title: str | None = None, path: str | None = None, raw_extra: str = "") -> Article:
    """A text-input article: the raw input is the paragraphs plus an optional extra line."""
    raw = "\n\n".join(paragraphs) + raw_extra
    segments, cursor, pos = [], 0, 0
    for para in paragraphs:
        segments.append(Segment(cursor, pos, len(para)))
        cursor += len(para) + 2
        pos += len(para) + 2
    return Article(
        doc_id=doc_id, path=path or f"corpus/{doc_id}.txt", text="\n\n".join(paragraphs), title=title,
        published=published, outlet=outlet, raw=raw, offsets="input", segments=tuple(segments),
        content_hash=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    )


HARBOUR = [
    "Harbour council approves new ferry terminal",
    "Mayor Linda Okafor said the terminal would bring thousands of visitors to the old town.",
    'Tomas Berg said: "The plan is reckless and will bury the city in debt."',
]
SCHOOL = [
    "Schools to serve free lunches from September",
    "Minister Grace Holloway told reporters that hungry children cannot learn.",
    "Okafor said the free lunches were a wonderful idea for the harbour families.",
]
STORM = [
    "Weather service warns of storms",
    "Helen Marsh said residents should secure loose objects and avoid the beaches.",
]


def corpus() -> list[Parsed | Skipped]:
    """Three articles, five attributions, one skipped input."""
    h = "\n\n".join(HARBOUR)
    s = "\n\n".join(SCHOOL)
    w = "\n\n".join(STORM)
    return [
        Parsed(
            article("harbour", HARBOUR, published="2016-03-01", outlet="Gazette", title=HARBOUR[0]),
            (
                quote(h, "Mayor Linda Okafor", "said", "the terminal would bring thousands of visitors to the old town",
                      speaker="Linda Okafor", tone=0.6, polarity="positive", role="mayor",
                      targets=(Target("ferry terminal", "TOPIC", 0.7, "positive"),)),
                quote(h, "Tomas Berg", "said", "The plan is reckless and will bury the city in debt.",
                      speaker="Tomas Berg", kind="direct", tone=-0.8, polarity="negative",
                      targets=(Target("ferry terminal", "TOPIC", -0.8, "negative"),
                               Target("Linda Okafor", "PERSON", -0.4, "negative"))),
            ),
        ),
        Parsed(
            article("school", SCHOOL, published="2016-03-08T09:30:00+00:00", outlet="Courier", title=SCHOOL[0]),
            (
                quote(s, "Minister Grace Holloway", "told", "hungry children cannot learn",
                      speaker="Grace Holloway", tone=-0.3, polarity="negative", role="minister"),
                quote(s, "Okafor", "said", "the free lunches were a wonderful idea for the harbour families",
                      speaker="Okafor", tone=0.8, polarity="positive",
                      targets=(Target("free lunches", "TOPIC", 0.8, "positive"),)),
            ),
        ),
        Parsed(
            article("storm", STORM, published=None, outlet="Gazette", title=STORM[0]),
            (quote(w, "Helen Marsh", "said", "residents should secure loose objects and avoid the beaches",
                   speaker="Helen Marsh", tone=0.0, polarity="neutral"),),
        ),
        Skipped("broken", "corpus/broken.txt", "clean", "no article body found"),
    ]


WORDS = "harbour ferry council budget island terminal fares crossing vote winter".split()


def many_quotes(documents: int) -> list[Parsed]:
    """``documents`` articles of ten quotes each, every quote holding the word "plan"."""
    batch = []
    for n in range(documents):
        lines = [f"Ferry story {n}"] + [
            f"Speaker {n} {i} said the {WORDS[i]} plan for {WORDS[(n + i) % 10]} number {n} was {WORDS[(n * i) % 10]}."
            for i in range(10)
        ]
        text = "\n\n".join(lines)
        atts = tuple(
            quote(text, f"Speaker {n} {i}", "said", f"the {WORDS[i]} plan for {WORDS[(n + i) % 10]} number {n}",
                  speaker=f"Speaker {n} {i}")
            for i in range(10)
        )
        batch.append(Parsed(article(f"doc{n}", lines, published="2024-01-02", outlet="Coastwire"), atts))
    return batch
