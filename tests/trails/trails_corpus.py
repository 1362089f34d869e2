"""An invented corpus for trail tests: one statement printed seven ways, and look-alikes.

Every outlet, person and sentence here is made up. Foreign minister Hana Kovac's remark is
printed first by Atlas Wire and Northern Post on the same day (the tie goes to the outlet
first in alphabetical order), then copied verbatim, trimmed, extended, doctored with the
negation dropped, and put in opposition leader Piotr Lind's mouth. Decoys share a stock
phrase ("we will not sign any agreement"), most of a sentence ("we will defend every village
along the ..."), or a short stock phrase quoted alone.
"""

from __future__ import annotations

import hashlib

from saidwhat.models import Article, Attribution, Parsed

ORIGINAL = "We will not sign any agreement that weakens our borders, and we will defend every village along the river."
EXTENDED = ORIGINAL + " Nobody in this region should doubt it."
DOCTORED = "We will sign any agreement that weakens our borders, and we will defend every village along the river."
TRIMMED = "we will defend every village along the river"
BUDGET = "The budget is a gift to the banks and a bill for everyone else."
DECOY_TAXES = "We will not sign any agreement that raises taxes on working families this year."
DECOY_COAST = "We will defend every village along the coast and every town in the hills."
STOCK = "we will not sign any agreement that"

# (doc_id, outlet, published, [(speaker, paragraph, content, kind)])
ARTICLES: list[tuple[str, str, str | None, list[tuple[str, str, str, str]]]] = [
    ("northern-1", "Northern Post", "2026-03-02", [
        ("Hana Kovac", f"Foreign minister Hana Kovac said: “{ORIGINAL}”", ORIGINAL, "direct"),
    ]),
    ("atlas-1", "Atlas Wire", "2026-03-02", [
        ("Hana Kovac", f"Hana Kovac told reporters: \"{ORIGINAL}\"", ORIGINAL, "direct"),
    ]),
    ("courier-1", "Daily Courier", "2026-03-03", [
        ("Hana Kovac", "Kovac said: “WE WILL NOT SIGN ANY AGREEMENT THAT WEAKENS OUR BORDERS AND WE "
         "WILL DEFEND EVERY VILLAGE ALONG THE RIVER”",
         "WE WILL NOT SIGN ANY AGREEMENT THAT WEAKENS OUR BORDERS AND WE WILL DEFEND EVERY VILLAGE ALONG THE RIVER",
         "direct"),
        ("Piotr Lind", f"Opposition leader Piotr Lind said: “{BUDGET}”", BUDGET, "direct"),
    ]),
    ("river-1", "River Times", "2026-03-03", [
        ("Hana Kovac", f"Kovac promised that “{TRIMMED}” whatever the cost.", f"“{TRIMMED}” whatever the cost", "mixed"),
    ]),
    ("ledger-1", "Evening Ledger", "2026-03-04", [
        ("Hana Kovac", f"Kovac said: “{EXTENDED}”", EXTENDED, "direct"),
        ("Marta Sousa", f"Finance minister Marta Sousa said: “{DECOY_TAXES}”", DECOY_TAXES, "direct"),
    ]),
    ("voice-1", "Free Voice", "2026-03-05", [
        ("Hana Kovac", f"Kovac said: “{DOCTORED}”", DOCTORED, "direct"),
        ("Piotr Lind", f"Lind said: “{BUDGET}”", BUDGET, "direct"),
    ]),
    ("herald-1", "Morning Herald", "2026-03-05", [
        ("Piotr Lind", f"Piotr Lind said: “{ORIGINAL}”", ORIGINAL, "direct"),
    ]),
    ("coast-1", "Coastal Echo", "2026-03-06", [
        ("Hana Kovac", f"Kovac said: “{DECOY_COAST}”", DECOY_COAST, "direct"),
        ("Marta Sousa", f"Sousa said that “{STOCK}” before the vote.", f"“{STOCK}” before the vote", "mixed"),
    ]),
]


def parsed(doc_id: str, outlet: str, published: str | None,
           quotes: list[tuple[str, str, str, str]]) -> Parsed:
    """One article of paragraphs, each holding one attribution found by its text."""
    text = "\n\n".join(p for _, p, _, _ in quotes)
    atts = []
    for speaker, paragraph, content, kind in quotes:
        start = text.index(paragraph) + paragraph.index(content)
        atts.append(Attribution(
            content=((start, start + len(content)),), kind=kind,  # type: ignore[arg-type]
            speaker=speaker, speaker_type="PERSON", cue_lemma="say", source_text=speaker,
        ))
    article = Article(
        doc_id=doc_id, path=f"corpus/{doc_id}.txt", text=text, raw=text, offsets="input",
        published=published, outlet=outlet, title=f"{outlet}: {doc_id}",
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return Parsed(article, tuple(atts))


def corpus() -> list[Parsed]:
    """Every article of :data:`ARTICLES`."""
    return [parsed(*a) for a in ARTICLES]
