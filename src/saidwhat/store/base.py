"""The ``Store`` protocol and the plain rows it returns (SQLite and PostgreSQL implement it).

    open_store(target) ──▶ SQLiteStore (a file path)  │ PostgresStore (postgresql://…)
         write: begin_run, add_batch, finish_run, write_speakers, add_speaker_correction
         (which names form a speaker is decided in ``saidwhat.service.speakers``)
         read:  stats, articles, article, quotes, search, speakers, speaker, statements,
                skipped, runs, export

Conventions every implementation keeps:

- ``doc_pk`` is the store's integer id of one *version* of a document; ``doc_id`` is the
  pipeline's name for the input (file stem or record id). Reads show only the latest
  version of each document (same ``path``), unless a method says otherwise.
- Spans in rows are half-open ``(start, end)`` character ranges into the document's clean
  ``text`` (``ArticleDetail.text``); ``ArticleDetail.to_input`` maps them to the raw input.
- Highlighted snippets (``QuoteRow.snippet``, ``SearchHit.snippet``) wrap each match in
  :data:`MARK_START` / :data:`MARK_END`; render them with :func:`snippet_html` (escapes the
  text) or :func:`snippet_text`. They are never HTML by themselves.
- ``statements()`` returns one :class:`~saidwhat.models.Statement` per (attribution, target)
  pair, plus one per scored attribution with target ``"*"`` carrying the overall tone of the
  statement. Undated documents give no statements (a timeline needs a date).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol, runtime_checkable

from ..models import (
    CanonicalSpeaker, NameSummary, Parsed, Ranges, Segment, Shift, Skipped, SpeakerObservation, Statement, Target,
)
from .counts import Filter, NameCount

MARK_START = "\x02"
MARK_END = "\x03"

ExportFormat = Literal["parquet", "csv", "jsonl", "brat"]
EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "brat")


def snippet_html(snippet: str) -> str:
    """A highlighted snippet as safe HTML: text escaped, matches in ``<mark>``."""
    return html.escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def snippet_text(snippet: str, start: str = "[", end: str = "]") -> str:
    """A highlighted snippet as plain text, matches wrapped in ``start`` / ``end``."""
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingestion run did.

    Attributes:
        run_id: the run's id in the ``runs`` table.
        inputs: input records seen (pages plus ingest-stage ``Skipped`` records).
        documents: documents written (new documents plus new versions).
        new_versions: of ``documents``, those that replaced an older version at the same path.
        unchanged: inputs whose exact content was already stored (nothing written).
        attributions: attributions written.
        skipped: inputs skipped by a stage, with reasons (``saidwhat skipped``).
        seconds: wall time.
    """

    run_id: int
    inputs: int = 0
    documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    attributions: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Inputs per second."""
        return self.inputs / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one ``add_batch`` call wrote."""

    documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    attributions: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One document (latest version) in a listing."""

    id: int  # doc_pk
    doc_id: str
    path: str
    version: int
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    kind: str
    url: str | None
    attributions: int
    content_hash: str
    ingested_at: str


@dataclass(frozen=True, slots=True)
class AttributionRow:
    """One attribution of a document, spans in TEXT coordinates."""

    id: int
    doc_pk: int
    ordinal: int
    kind: str
    content: Ranges
    source: Ranges | None
    cue: Ranges | None
    content_text: str
    source_text: str | None
    cue_text: str | None
    cue_lemma: str | None
    speaker_id: int | None
    speaker: str | None  # canonical name (after alias merging)
    observed_speaker: str | None  # the name as resolved in this document
    speaker_type: str | None
    role: str | None
    tone: float | None
    polarity: str | None
    venue: str | None
    confidence: float
    targets: tuple[Target, ...] = ()
    said_on: str | None = None  # when it was said (YYYY, YYYY-MM or YYYY-MM-DD); None: published
    said_on_basis: str | None = None  # "text" or "published"
    wrong: bool = False  # a user marked it wrong: left out of quotes, timelines and shifts


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """One document version with its text, raw input and attributions."""

    id: int  # doc_pk
    doc_id: str
    path: str
    version: int
    is_latest: bool
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    kind: str
    url: str | None
    venue: str | None
    content_hash: str
    ingested_at: str
    text: str
    raw: str
    offsets: str  # "input" or "text"
    segments: tuple[Segment, ...]
    attributions: tuple[AttributionRow, ...] = ()

    def to_input(self, ranges: Ranges) -> Ranges:
        """Map ranges in ``text`` to the raw input (see ``Article.to_input``)."""
        from ..models import Article

        article = Article(
            doc_id=self.doc_id, path=self.path, text=self.text, raw=self.raw,
            offsets=self.offsets,  # type: ignore[arg-type]
            segments=self.segments,
        )
        return article.to_input(ranges)


QUOTE_SORTS = ("relevance", "newest", "oldest")
FACET_FIELDS = ("speaker", "outlet", "topic", "kind")
SUGGEST_FIELDS = ("speaker", "outlet", "topic")


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet (a speaker, outlet, topic or kind) and how many quotes have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    """Filters for :meth:`Store.quotes`. Every filter is optional; they combine with AND.

    Attributes:
        speaker: canonical name, alias or numeric speaker id (exact, case-insensitive).
        about: a target/topic name (case-insensitive), or else words in the quote text.
        outlet: outlet name (case-insensitive).
        since / until: ISO dates, inclusive, compared with the document's ``published``.
        kind: attribution kind: direct, indirect or mixed.
        id: one attribution id (a statement's permalink).
        search: a full-text query (SQLite FTS5 syntax / PostgreSQL websearch syntax).
        sort: ``relevance`` (with a search: best match first, whole statements before
            fragments; without one: newest first), ``newest`` or ``oldest`` (by date).
        limit / offset: paging.
    """

    speaker: str | None = None
    about: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    id: int | None = None
    search: str | None = None
    limit: int = 50
    offset: int = 0
    sort: str = "relevance"


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One attributed quote with its context, as lists and exports show it."""

    id: int  # attribution id
    doc_pk: int
    doc_id: str
    title: str | None
    published: str | None
    outlet: str | None
    speaker_id: int | None
    speaker: str | None
    kind: str
    cue: str | None  # cue lemma
    content: str
    tone: float | None
    polarity: str | None
    targets: tuple[str, ...] = ()
    snippet: str = ""  # highlighted when the query had a search, else the content


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result, a quote or an article, best first."""

    type: Literal["quote", "article"]
    id: int  # attribution id for quotes, doc_pk for articles
    doc_pk: int
    title: str | None
    published: str | None
    outlet: str | None
    speaker: str | None
    snippet: str
    rank: float  # higher is better


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One canonical speaker."""

    id: int
    name: str
    type: str | None
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    count: int  # attributions (latest document versions)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """One input a stage could not process."""

    id: int
    doc_id: str
    path: str
    stage: str
    reason: str
    run_id: int | None
    seen_at: str


@dataclass(frozen=True, slots=True)
class RunRow:
    """One ingestion run."""

    id: int
    started_at: str
    finished_at: str | None
    status: str  # running, finished, failed
    inputs: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Store(Protocol):
    """What every backend offers. Open one with ``saidwhat.store.open_store(target)``."""

    target: str

    # -- writing -------------------------------------------------------------------
    def begin_run(self, inputs: Sequence[str], settings: dict[str, Any] | None = None) -> int:
        """Record the start of an ingestion run; returns its id."""
        ...

    def finish_run(self, run_id: int, status: str = "finished", counts: dict[str, Any] | None = None) -> None:
        """Record the end of a run (``finished`` or ``failed``) and its counts."""
        ...

    def known_hashes(self, paths: Sequence[str]) -> dict[str, str]:
        """For each given path already stored, the content hash of its latest version."""
        ...

    def paths_of_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """For each content hash stored as a latest version, the (first) path that holds it."""
        ...

    def add_batch(self, results: Sequence[Parsed | Skipped], run_id: int | None = None) -> BatchResult:
        """Write pipeline results in one transaction (each document atomically with its rows).

        Idempotent: content already stored at the same path changes nothing; changed
        content at a known path becomes a new version of that document.
        """
        ...

    def speakers_stale(self) -> bool:
        """Whether documents were written since speakers were last recomputed."""
        ...

    def speaker_observations(self, names: Sequence[str] | None = None) -> list[SpeakerObservation]:
        """Attributed speaker names in the latest documents (only ``names`` when given)."""
        ...

    def speaker_corrections(self) -> list[tuple[str, str, str]]:
        """User corrections ``(action, alias, canonical)``, every one, in the order they were made."""
        ...

    def add_speaker_correction(self, action: str, alias: str, canonical: str) -> None:
        """Record a user correction (``merge`` or ``split``) as the newest one; changes no speaker."""
        ...

    def stored_alias(self, name: str) -> str | None:
        """``name`` as stored (an observed alias or a canonical name), matched case-insensitively."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around several calls (serialised between writers)."""
        ...

    def write_speakers(
        self, summaries: list[NameSummary], mapping: dict[str, CanonicalSpeaker],
        canon: dict[str, str], scope: set[str] | None = None,
    ) -> None:
        """Store canonical speakers (only those of the names in ``scope`` when given); marks speakers fresh."""
        ...

    def optimize(self) -> None:
        """Refresh the query planner's statistics after a large write (PostgreSQL: ANALYZE)."""
        ...

    # -- reading -------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts: documents, attributions, speakers, skipped, outlets, versions, runs,
        first_date, last_date, by_kind (attribution kind -> count)."""
        ...

    def articles(
        self, limit: int = 50, offset: int = 0, outlet: str | None = None,
        since: str | None = None, until: str | None = None, kind: str | None = None,
    ) -> list[ArticleRow]:
        """Latest document versions, newest first (``kind`` is the article kind)."""
        ...

    def article(self, doc_pk: int) -> ArticleDetail | None:
        """One document version with text, raw input and attributions; None if unknown."""
        ...

    def quotes(self, query: QuoteQuery) -> list[QuoteRow]:
        """Quotes matching the filters (raises ``QueryError`` for a malformed search)."""
        ...

    def count_quotes(self, query: QuoteQuery) -> int:
        """How many quotes match (ignores ``limit``/``offset``)."""
        ...

    def quote_facets(self, query: QuoteQuery, top: int = 10, window: int = 2_000) -> dict[str, list[FacetCount]]:
        """Per facet field (``FACET_FIELDS``), the most frequent values among the quotes
        matching ``query`` (the newest ``window`` of them), most frequent first."""
        ...

    def mark_wrong(self, attribution_id: int, wrong: bool = True, note: str | None = None) -> str | None:
        """Mark an attribution wrong (or right again), by its document and quote text so the
        mark outlives re-ingestion; returns its speaker's canonical name (None: no speaker).
        Raises ``QueryError`` for an unknown id."""
        ...

    def suggest(self, field: str, text: str, limit: int = 10) -> list[FacetCount]:
        """Names for a filter box: ``field`` values starting with ``text``, then containing
        it, most quoted first (``field`` is one of ``SUGGEST_FIELDS``)."""
        ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over quotes and article text, best first, with snippets.

        Raises:
            QueryError: the query is malformed.
        """
        ...

    def article_hits(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article text only (``search`` without the quotes), best first."""
        ...

    def speakers(self, limit: int = 100, offset: int = 0, search: str | None = None) -> list[SpeakerRow]:
        """Canonical speakers, most quoted first; ``search`` matches names and aliases."""
        ...

    def speaker(self, id_or_name: int | str) -> SpeakerRow | None:
        """A speaker by id, canonical name or alias (case-insensitive), or None."""
        ...

    def statements(self, speaker: str | None = None, target: str | None = None) -> list[Statement]:
        """Dated statements for timelines and shift detection, oldest first (see module doc)."""
        ...

    def skipped(self) -> list[SkippedRow]:
        """Every skipped input with its stage and reason, oldest first."""
        ...

    def runs(self) -> list[RunRow]:
        """Every ingestion run, oldest first."""
        ...

    def export(self, format: str, out_dir: str) -> list[str]:
        """Write the latest documents, quotes and speakers to ``out_dir``; returns file paths."""
        ...

    # -- cached shifts (schema v3; saidwhat.service.shifts decides when to recompute) --
    def shift_state(self) -> tuple[str | None, list[str]]:
        """The key the cached shifts were computed for (None: never) and the speakers pending."""
        ...

    def mark_shifts_pending(self, speakers: Iterable[str]) -> None:
        """Mark speakers whose cached shifts are out of date."""
        ...

    def corpus_version(self) -> str:
        """A value that changes whenever documents, speakers or speaker corrections are written."""
        ...

    def replace_shifts(self, shifts: Sequence[Shift], key: str, speakers: Sequence[str] | None = None) -> None:
        """Replace the cached shifts of ``speakers`` (None: all) and record ``key``."""
        ...

    def cached_shifts(self, speaker: str | None = None) -> list[Shift]:
        """The cached shifts (of one canonical speaker), newest first."""
        ...

    def last_document(self) -> int:
        """The highest document id (0 when empty)."""
        ...

    def alias_map(self) -> dict[str, str]:
        """Every observed name -> its canonical speaker's name."""
        ...

    def names_in_documents_after(self, doc_pk: int) -> set[str]:
        """Observed speaker names in documents written after ``doc_pk`` (and versions they replaced)."""
        ...

    # -- speaker look-ups by key (schema v9; saidwhat.service.speakers computes the keys) --
    def speaker_keys_upto(self) -> int:
        """The document id up to which every observed name has its block keys (0: none)."""
        ...

    def add_speaker_keys(self, pairs: Iterable[tuple[str, str]], upto: int) -> None:
        """Record (key, name) pairs: the names of documents up to id ``upto`` are keyed."""
        ...

    def names_with_keys(self, keys: Iterable[str]) -> set[str]:
        """Observed names that have any of ``keys``."""
        ...

    def aliases_of(self, names: Iterable[str]) -> dict[str, str]:
        """alias -> canonical name for the given aliases and every alias of their speakers
        (and of the speakers named so)."""
        ...

    # -- per-name summaries (schema v16; saidwhat.service.speakers computes them) ----------
    def speaker_names_upto(self) -> int:
        """The document id up to which the name summaries count every observation (0: none)."""
        ...

    def speaker_summaries(self, names: Sequence[str] | None = None) -> list[NameSummary]:
        """The summaries of ``names`` (every name when None), in first-seen order."""
        ...

    def write_speaker_summaries(
        self, summaries: Iterable[NameSummary], gone: Iterable[str], upto: int, everything: bool = False,
    ) -> None:
        """Store summaries, drop the ``gone`` names; they now count documents up to id ``upto``
        (``everything``: these are every name's)."""
        ...

    def observations_changed_after(self, doc_pk: int) -> tuple[list[SpeakerObservation], list[SpeakerObservation]]:
        """``(added, removed)`` observations: of the latest documents written after ``doc_pk``,
        and of the versions they replaced that were the latest then."""
        ...

    def first_observations(self, names: Iterable[str]) -> dict[str, int]:
        """name -> the id of its first observation in the latest documents."""
        ...

    def target_names(self) -> list[str]:
        """Names statements are about, most frequent first."""
        ...

    def target_name(self, name: str) -> str | None:
        """The stored spelling of a target name (case-insensitive), or None."""
        ...

    def daily_counts(self, flt: Filter = Filter()) -> list[tuple[str, int]]:
        """(ISO day, attributions published that day) under ``flt``, oldest first."""
        ...

    def outlet_counts(self) -> list[NameCount]:
        """Every stored outlet spelling (None: no outlet) with its documents and attributions."""
        ...

    def target_counts(self, flt: Filter = Filter()) -> list[NameCount]:
        """Target names with their statements and mean tone under ``flt``, most first."""
        ...

    def speaker_counts(self, flt: Filter = Filter(), limit: int = 20) -> list[NameCount]:
        """Speakers with their attributions under ``flt`` and mean tone, most first."""
        ...

    def topic_statements(self, targets: Sequence[str], speaker_ids: Sequence[int]) -> list[Statement]:
        """Dated statements about any of ``targets`` by these speakers, in the order they were said."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Store:
        ...

    def __exit__(self, *exc: object) -> None:
        ...


ProgressCallback = Callable[[IngestSummary], None]
"""Called by ``ingest`` after every input with the running summary (progress bars)."""
