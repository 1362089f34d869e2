"""The Python API: ``extract`` (files in, contract records out) and ``Corpus`` (a store).

    >>> import saidwhat
    >>> for record in saidwhat.extract(["pages/"]):
    ...     print(record["doc"], len(record["attributions"]))
    >>> corpus = saidwhat.Corpus("corpus.db")
    >>> corpus.ingest(["pages/"])
    >>> corpus.shifts(about="sanctions").to_pandas()

Both are shells over the same functions as the CLI: ``extract`` runs ``pipeline.plan`` (the
site profile included) and yields exactly what ``saidwhat extract`` prints; ``Corpus`` calls
``saidwhat.service`` and answers what ``saidwhat quotes/speakers/timeline/shifts/compare``
answer. Unlike the CLI, the API runs in this process unless ``workers=N`` is passed: a worker
pool starts fresh interpreters that re-run the calling script, so a script that passes
``workers`` must keep its top level under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

from . import pipeline, service
from .config import Settings, load_settings
from .models import Shift
from .records import to_record
from .service.compare import Comparison
from .service.search import QuoteSearch
from .store import FacetCount, IngestSummary, QuoteQuery, QuoteRow, SpeakerRow
from .tabular import plain
from .tone.timeline import TimelinePoint
from .trails import Trail

T = TypeVar("T")


def _settings(overrides: dict[str, Any]) -> Settings:
    overrides.setdefault("workers", 1)
    return load_settings(**overrides)


def extract(paths: Sequence[str] | str, **settings: Any) -> Iterator[dict[str, Any]]:
    """Extract who said what from files: one contract record per document (see the README).

    Args:
        paths: files or directories (recursive), as for ``saidwhat extract``.
        **settings: setting overrides (``outlet``, ``nlp_model``, ``workers``, ...).

    Yields:
        The records ``saidwhat extract`` prints, in the same order.

    Raises:
        InputError: a path does not exist.
    """
    recipe = pipeline.plan([paths] if isinstance(paths, str) else list(paths), _settings(dict(settings)))
    for result in recipe.run():
        yield to_record(result)


class Records(list[T], Generic[T]):
    """A list of typed records (dataclasses) with ``to_pandas()``."""

    def to_dicts(self) -> list[dict[str, Any]]:
        """The records as plain dicts (nested records become dicts, tuples lists)."""
        return [plain(r) for r in self]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per record (``pip install 'saidwhat[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import ConfigError

            raise ConfigError("to_pandas() needs pandas. Install it with: pip install 'saidwhat[pandas]'") from None
        return pd.DataFrame(self.to_dicts())


class Corpus:
    """A saidwhat store (SQLite file or ``postgresql://`` DSN) and the questions it answers.

    Reads never create a database: a missing file is a ``StoreError`` naming it. Each call
    opens the store and closes it again, so a ``Corpus`` is cheap to keep around.
    """

    def __init__(self, path_or_dsn: str, **settings: Any) -> None:
        self.target = str(path_or_dsn)
        self.settings = replace(_settings(dict(settings)), db=self.target)

    def ingest(self, paths: Sequence[str] | str) -> IngestSummary:
        """Store documents from files or directories (idempotent), as ``saidwhat ingest``."""
        return service.ingest([paths] if isinstance(paths, str) else list(paths), self.settings, db=self.target)

    def quotes(self, speaker: str | None = None, about: str | None = None, outlet: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               search: str | None = None, limit: int = 50, offset: int = 0,
               sort: str = "relevance") -> Records[QuoteRow]:
        """Quotes matching the filters, newest first, or best match first with ``search``
        (``sort``: relevance, newest or oldest), as ``saidwhat quotes``."""
        query = QuoteQuery(speaker=speaker, about=about, outlet=outlet, since=since, until=until, kind=kind,
                           search=search, limit=limit, offset=offset, sort=sort)
        with service.open_existing(self.target) as store:
            return Records(service.quotes(store, query))

    def search(self, search: str | None = None, speaker: str | None = None, about: str | None = None,
               outlet: str | None = None, since: str | None = None, until: str | None = None,
               kind: str | None = None, sort: str = "relevance", limit: int = 50, offset: int = 0) -> QuoteSearch:
        """One page of quotes with the total and facet counts (as ``saidwhat quotes --facets`` and /search)."""
        query = QuoteQuery(speaker=speaker, about=about, outlet=outlet, since=since, until=until, kind=kind,
                           search=search, limit=limit, offset=offset, sort=sort)
        with service.open_existing(self.target) as store:
            return service.search_quotes(store, query)

    def suggest(self, field: str, text: str = "", limit: int = 10) -> list[FacetCount]:
        """Speakers, outlets or topics (``field``) starting with / containing ``text``, most quoted first."""
        with service.open_existing(self.target) as store:
            return service.suggest(store, field, text, limit)

    def rename(self, speaker: str, new_name: str) -> SpeakerRow:
        """Show ``speaker`` as ``new_name`` from now on (as ``saidwhat speakers rename``)."""
        with service.open_existing(self.target) as store:
            return service.rename(store, self.settings, speaker, new_name)

    def mark_wrong(self, attribution_id: int, wrong: bool = True, note: str | None = None) -> str | None:
        """Leave an attribution out of quotes, timelines and shifts (``wrong=False`` undoes it), as
        ``saidwhat mark-wrong``; returns its speaker."""
        with service.open_existing(self.target) as store:
            return service.mark_wrong(store, attribution_id, wrong, note)

    def speakers(self, search: str | None = None, limit: int = 100) -> Records[SpeakerRow]:
        """Canonical speakers, most quoted first."""
        with service.open_existing(self.target) as store:
            return Records(store.speakers(limit=limit, search=search))

    def merge(self, alias: str, canonical: str) -> SpeakerRow:
        """Record that ``alias`` is the same speaker as ``canonical``, kept across re-ingestion
        (as ``saidwhat speakers merge``). Returns the merged speaker."""
        with service.open_existing(self.target) as store:
            return service.merge(store, self.settings, alias, canonical)

    def split(self, alias: str, canonical: str) -> SpeakerRow:
        """Record that ``alias`` is NOT ``canonical`` (as ``saidwhat speakers split``). Returns
        the alias's own speaker."""
        with service.open_existing(self.target) as store:
            return service.split(store, self.settings, alias, canonical)

    def timeline(self, speaker: str, about: str | None = None, by: str | None = None) -> Records[TimelinePoint]:
        """A speaker's mean tone per day, week or month (overall, or toward one topic)."""
        with service.open_existing(self.target) as store:
            return Records(service.timeline(store, self.settings, speaker, about, by).points)

    def shifts(self, speaker: str | None = None, about: str | None = None) -> Records[Shift]:
        """Detected tone shifts, newest first (as ``saidwhat shifts``; ``about="overall"``: overall tone)."""
        with service.open_existing(self.target) as store:
            return Records(service.shifts(store, self.settings, speaker, about))

    def compare(self, a: str, b: str, about: str | None = None) -> Comparison:
        """Who of two speakers changed their tone first (as ``saidwhat compare``)."""
        with service.open_existing(self.target) as store:
            return service.compare(store, self.settings, a, b, about)

    def trails(self, speaker: str | None = None, variant: str | None = None, since: str | None = None,
               limit: int = 50, offset: int = 0) -> Records[Trail]:
        """Statements printed in more than one document, most outlets first (as ``saidwhat trails``)."""
        with service.open_existing(self.target) as store:
            return Records(service.trails(store, speaker, variant, since, limit, offset))
