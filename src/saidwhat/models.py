"""The plain, frozen records that flow one way through saidwhat.

    RawPage --ingest--> Article --clean--> Article(text) --attribution--> Parsed
            --speakers--> Parsed(speaker) --tone--> Parsed(tone) --store--> SQLite / PostgreSQL

Every character offset is a half-open range ``(start, end)`` into ``Article.text``
unless a field says otherwise; ``Article.to_input`` maps them back to the raw input.
Only plain Python values live here, so records cross process boundaries (the local
worker pool, Spark) as they are.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Literal, get_args

Range = tuple[int, int]
Ranges = tuple[Range, ...]

Kind = Literal["news", "opinion", "analysis", "other"]
AttributionKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["PERSON", "ORG", "GROUP"]
Polarity = Literal["negative", "neutral", "positive"]
# The vocabularies, derived from the types above: filters and validation use these.
KINDS: tuple[str, ...] = get_args(Kind)
ATTRIBUTION_KINDS: tuple[str, ...] = get_args(AttributionKind)
POLARITIES: tuple[str, ...] = get_args(Polarity)


def content_hash(text: str) -> str:
    """The identity of an input's content: SHA-256 of its decoded text (dedupe, store, clean)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class RawPage:
    """One input document as read from disk, stdin or a corpus record.

    Attributes:
        doc_id: file name without extension, or the JSONL/CSV record's id.
        path: where it came from (a file path, ``path#id`` for records, ``-`` for stdin).
        text: the input decoded to ``str`` exactly (BOM removed, nothing else changed).
        format: ``"text"`` for flattened dumps, ``"html"`` for markup.
        meta: metadata the container already knew (title, published, outlet, author, url).
        encoding: the charset the bytes were decoded with.
        record: the text field of a JSONL/CSV record (``text``/``body``/``content``), i.e.
            article text already, not a page dump (see the ``clean`` setting).
    """

    doc_id: str
    path: str
    text: str
    format: Literal["text", "html"] = "text"
    meta: tuple[tuple[str, str], ...] = ()
    encoding: str = "utf-8"
    record: bool = False

    def meta_value(self, key: str) -> str | None:
        """The container's metadata value for ``key``, or None."""
        for k, v in self.meta:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of ``Article.text`` copied verbatim from the raw input."""

    text_start: int
    input_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the body text plus metadata.

    ``text`` holds body paragraphs separated by one blank line. For text inputs every
    paragraph is a verbatim slice of ``RawPage.text`` and ``segments`` records where, so
    offsets into ``text`` map back to the input exactly (``offsets == "input"``). For HTML
    inputs ``segments`` is empty and offsets stay in ``text`` (``offsets == "text"``).
    """

    doc_id: str
    path: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    kind: Kind = "news"
    url: str | None = None
    raw: str = ""
    offsets: Literal["input", "text"] = "text"
    segments: tuple[Segment, ...] = ()
    content_hash: str = ""
    venue: str | None = None  # dateline place ("MOSCOW —"), when the page gives one
    language: str | None = None  # ISO 639-1 code of the text ("en"), None when unsure

    def to_input(self, ranges: Ranges) -> Ranges:
        """Map ranges in ``text`` to ranges in the raw input (identity for HTML).

        A range that crosses a paragraph break becomes several ranges; characters that
        the cleaner inserted (the blank lines between paragraphs) map to nothing.
        """
        if self.offsets == "text" or not self.segments:
            return ranges
        starts = [s.text_start for s in self.segments]
        out: list[Range] = []
        for start, end in ranges:
            i = max(bisect.bisect_right(starts, start) - 1, 0)
            while i < len(self.segments) and self.segments[i].text_start < end:
                seg = self.segments[i]
                lo = max(start, seg.text_start)
                hi = min(end, seg.text_start + seg.length)
                if lo < hi:
                    delta = seg.input_start - seg.text_start
                    out.append((lo + delta, hi + delta))
                i += 1
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention found while parsing (spaCy label set)."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """The noun phrase a noun inside some attribution's content belongs to, as the parser
    saw it: "this agreement on sanctions" around "sanctions" (``word_*``: the noun)."""

    word_start: int
    word_end: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Antecedent:
    """The head word of what a relative-pronoun source ("..., who said") stands for, as the
    parser attached its clause (``attribution/antecedents.py``)."""

    pronoun: int  # where the pronoun starts
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Target:
    """What a statement is about, and the tone toward it."""

    name: str
    type: str  # PERSON, ORG, GPE, NORP, TOPIC
    tone: float = 0.0
    polarity: Polarity = "neutral"
    start: int | None = None
    end: int | None = None
    # The tone model's calibrated (negative, neutral, positive) probabilities (tone/calibration.py),
    # averaged over the target's mentions; None where unknown (VADER, rows stored before v14).
    probabilities: tuple[float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who (speaker) said (cue) what (content); spans index ``Article.text``."""

    content: Ranges
    source: Ranges | None = None
    cue: Ranges | None = None
    kind: AttributionKind = "indirect"
    cue_lemma: str | None = None
    source_text: str | None = None
    speaker: str | None = None
    speaker_type: SpeakerType | None = None
    role: str | None = None
    tone: float | None = None
    polarity: Polarity | None = None
    targets: tuple[Target, ...] = ()
    venue: str | None = None
    confidence: float = 1.0
    said_on: str | None = None  # when it was said: YYYY, YYYY-MM or YYYY-MM-DD (tone/time.py)
    said_on_basis: str | None = None  # "text" (the text dates it) or "published"


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article with its attributions and the entity mentions the parser saw."""

    article: Article
    attributions: tuple[Attribution, ...] = ()
    entities: tuple[Entity, ...] = ()
    sentences: Ranges = ()
    phrases: tuple[Phrase, ...] = ()
    # Quotations, marks included, as attribution/quotes.py pairs them (every later stage reads
    # these: one quote finder for the whole pipeline).
    quotes: Ranges = ()
    # What each relative-pronoun source stands for, from the parse (speaker resolution reads it).
    antecedents: tuple[Antecedent, ...] = ()
    # The head words of each sentence's main-clause subjects, from the parse (speaker
    # resolution reads them; ``attribution/subjects.py``).
    subjects: Ranges = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that a stage could not process, and why. Never dropped silently."""

    doc_id: str
    path: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class ToneScore:
    """A tone classifier's verdict on one (text, target) pair."""

    polarity: Polarity
    score: float  # in [-1, 1]
    probabilities: tuple[float, float, float] = field(default=(0.0, 1.0, 0.0))


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement about one target, as tone timelines and shifts consume it."""

    attribution_id: int
    doc_id: str
    speaker: str
    target: str
    published: str  # ISO date or datetime
    tone: float  # in [-1, 1]
    polarity: Polarity
    quote: str
    outlet: str | None = None
    venue: str | None = None
    probabilities: tuple[float, float, float] | None = None
    said_on: str | None = None  # when it was said (YYYY, YYYY-MM or YYYY-MM-DD); None: ``published``
    said_on_basis: str | None = None

    @property
    def when(self) -> str:
        """When it was said at its granularity: ``said_on``, else the publication date."""
        return self.said_on or self.published[:10]

    @property
    def weight(self) -> float:
        """How much the statement is about its target, p(negative) + p(positive): a target
        only mentioned in a neutral sentence weighs little. 1.0 when the probabilities are
        unknown."""
        if self.probabilities is None:
            return 1.0
        return float(self.probabilities[0] + self.probabilities[2])


@dataclass(frozen=True, slots=True)
class Shift:
    """A detected change point in one speaker's tone toward one target."""

    speaker: str
    target: str
    date: str
    before: float
    after: float
    confidence: float
    n_before: int
    n_after: int
    evidence_before: tuple[Statement, ...] = ()
    evidence_after: tuple[Statement, ...] = ()

    @property
    def direction(self) -> str:
        """``"warmer"`` or ``"cooler"``."""
        return "warmer" if self.after > self.before else "cooler"


@dataclass(frozen=True, slots=True)
class SpeakerObservation:
    """One attributed speaker name as seen in one document (input to corpus-wide merging)."""

    name: str
    type: str | None = None  # PERSON, ORG, GROUP
    role: str | None = None
    doc_id: str = ""
    published: str | None = None
    outlet: str | None = None
    id: int = 0  # the attribution's row id in a store (0: not from a store)


@dataclass(frozen=True, slots=True)
class NameSummary:
    """Everything corpus-wide merging reads about one observed speaker name (its
    observations in the latest documents, counted), kept per name by the store.

    Attributes:
        name: the observed name.
        first: where its first observation stands in the corpus (a store's attribution id);
            merging reads names in this order.
        count: its observations.
        types, roles, docs, days, outlets: value -> observations, sorted by value: the type
            (``"?"`` when none), the role, the document id, the publication day
            (``YYYY-MM-DD``) and the outlet (lower case).
    """

    name: str
    first: int
    count: int
    types: tuple[tuple[str, int], ...] = ()
    roles: tuple[tuple[str, int], ...] = ()
    docs: tuple[tuple[str, int], ...] = ()
    days: tuple[tuple[str, int], ...] = ()
    outlets: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class CanonicalSpeaker:
    """One person or organisation after corpus-wide alias merging."""

    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
