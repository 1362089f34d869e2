"""The only module that knows the order of the stages.

    RawPage --clean--> Article --attribute--> Parsed --resolve--> Parsed(speakers)
            --score--> Parsed(tone)

:func:`process_partition` is the engine-agnostic core: a pure function from a partition
of input records to output records, loading models lazily once per process. The local
worker pool (:func:`run`) and the Spark adapter (``batch/spark.py``) both call it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from .attribution import attribute, unsupported_language
from .clean import RecurrenceProfile, SiteProfile, build_profile, clean
from .clean.recurrence import profile_entry
from .config import Settings
from .errors import ConfigError, InputError, ModelError
from .ingest import iter_pages, resolve_inputs
from .ingest.files import read_data, read_json_line, read_path
from .models import Article, Parsed, RawPage, Skipped, content_hash
from .speakers import resolve
from .tone import score
from .watchdog import call_with_time_limit

Result = Parsed | Skipped


def corpus_profile(
    paths: Sequence[str], settings: Settings, on_page: Callable[[int], None] | None = None
) -> RecurrenceProfile | None:
    """A first, read-only pass over a run's files: what recurs across each site's pages.

    Args:
        paths: the run's resolved input files; stdin (``-``) cannot be read twice and is
            left out.
        settings: ``site_profile`` (off: None) and ``outlet`` (names the site of pages
            without a URL).
        on_page: called with the number of pages read so far (progress bars).

    Returns:
        The profile to hand to :func:`run` or :func:`process_partition`, or None.
    """
    files = [p for p in paths if p != "-"]
    if not settings.site_profile or not files:
        return None

    def pages() -> Iterator[RawPage]:
        read = 0
        for record in iter_pages(files, settings):
            if isinstance(record, RawPage):
                read += 1
                if on_page:
                    on_page(read)
                yield record

    return build_profile(pages(), settings)


def _safe_clean(page: RawPage, settings: Settings, profile: SiteProfile | None) -> Article | Skipped:
    try:
        return call_with_time_limit(settings.max_parse_seconds, "cleaning", lambda: clean(page, settings, profile))
    except (ConfigError, ModelError):
        raise
    except InputError as exc:  # over a limit: the reason says which
        return Skipped(page.doc_id, page.path, "clean", str(exc))
    except Exception as exc:  # one bad page never stops a batch
        return Skipped(page.doc_id, page.path, "clean", f"{type(exc).__name__}: {exc}")


def _attributable(article: Article | Skipped) -> Article | Skipped:
    """The article, or Skipped when attribution does not read its language."""
    if isinstance(article, Skipped):
        return article
    reason = unsupported_language(article)
    return Skipped(article.doc_id, article.path, "attribution", reason) if reason else article


def _analyse(articles: list[Article], settings: Settings) -> list[Parsed]:
    """attribute -> resolve speakers -> score tone, for a batch of cleaned articles."""
    return score([resolve(p) for p in attribute(articles, settings)], settings)


def process_partition(
    records: Iterable[RawPage | Skipped], settings: Settings, profile: SiteProfile | None = None
) -> Iterator[Result]:
    """Run every stage over one partition of inputs, in order, one result per input.

    Args:
        records: raw pages (and ``Skipped`` markers from ingest, passed through).
        settings: run settings; the spaCy pipeline is loaded once per process.
        profile: what recurs across the whole run's pages of each site
            (:func:`corpus_profile`); None cleans every page on its own.

    Yields:
        ``Parsed`` for each processed page, ``Skipped`` for each page that failed a stage.
    """
    order: list[Article | Skipped] = []
    for record in records:
        order.append(record if isinstance(record, Skipped) else _attributable(_safe_clean(record, settings, profile)))
    articles = [a for a in order if isinstance(a, Article)]
    parsed: dict[int, Result] = {}
    if not articles:  # nothing to parse: do not load the models at all
        yield from (item for item in order if isinstance(item, Skipped))
        return
    try:
        for article, result in zip(articles, _analyse(articles, settings)):
            parsed[id(article)] = result
    except (ConfigError, ModelError):
        raise  # a broken setup fails the whole command, not each document
    except Exception:
        # Retry one by one so a single failing article is skipped, not the partition.
        for article in articles:
            try:
                parsed[id(article)] = _analyse([article], settings)[0]
            except (ConfigError, ModelError):
                raise
            except Exception as exc:  # noqa: BLE001 - reported as Skipped
                parsed[id(article)] = Skipped(
                    article.doc_id, article.path, "attribution", f"{type(exc).__name__}: {exc}"
                )
    for item in order:
        yield item if isinstance(item, Skipped) else parsed[id(item)]


def dedupe(records: Iterable[RawPage | Skipped]) -> Iterator[RawPage | Skipped]:
    """Mark exact-duplicate inputs (same decoded text) as skipped, naming the first copy."""
    seen: dict[str, str] = {}
    for record in records:
        key = duplicate_key(record)
        if key is not None:
            first = seen.setdefault(key, record.path)
            if first != record.path:
                yield duplicate(record, first)  # type: ignore[arg-type]
                continue
        yield record


def duplicate_key(record: RawPage | Skipped) -> str | None:
    """What makes two inputs copies of each other (their decoded text); None for skipped ones."""
    return content_hash(record.text) if isinstance(record, RawPage) else None


def duplicate(record: RawPage, first: str) -> Skipped:
    """A later copy of the input first read from ``first``, skipped (another file's copy only:
    identical records inside one file are all kept)."""
    return Skipped(record.doc_id, record.path, "ingest", f"duplicate of {first}")


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# A worker process's copy of the run's profile, set once by the pool's initializer rather
# than pickled with every chunk (a large corpus's profile runs to megabytes).
_WORKER_PROFILE: RecurrenceProfile | None = None


def _init_worker(profile: RecurrenceProfile | None, parent: int) -> None:
    global _WORKER_PROFILE
    _WORKER_PROFILE = profile
    threading.Thread(target=_exit_with_parent, args=(parent,), name="saidwhat-parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the process that started it is gone.

    A killed parent never closes the pool's queues (each worker holds their ends too), so
    without this the workers, 300 MB each, and the resource tracker would wait forever.
    """
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _work(chunk: list[RawPage | Skipped], settings: Settings) -> list[Result]:
    return list(process_partition(chunk, settings, _WORKER_PROFILE))


def run(
    records: Iterable[RawPage | Skipped],
    settings: Settings,
    on_result: Callable[[Result], None] | None = None,
    profile: RecurrenceProfile | None = None,
) -> Iterator[Result]:
    """Process inputs with ``settings.worker_count`` processes (in-process for 1), in order.

    Args:
        records: inputs, e.g. from ``ingest.iter_pages``.
        settings: run settings.
        on_result: optional callback per result (progress bars).
        profile: the run's site profile (:func:`corpus_profile`), or None.

    Yields:
        One result per input record, in input order.
    """
    workers = settings.worker_count
    chunk_size = max(settings.batch_size, 8)
    if workers <= 1:
        for chunk in _chunks(records, chunk_size):
            for result in process_partition(chunk, settings, profile):
                if on_result:
                    on_result(result)
                yield result
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(profile, os.getpid())) as pool:
        pending: list[Future[list[Result]]] = []
        chunks = _chunks(records, chunk_size)
        for chunk in islice(chunks, workers * 2):
            pending.append(pool.submit(_work, chunk, settings))
        while pending:
            done = pending.pop(0)
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_work, nxt, settings))
            for result in done.result():
                if on_result:
                    on_result(result)
                yield result


# One site-profile entry: (site, page id) and the ids of the page's non-empty lines.
ProfileEntry = tuple[tuple[str, int], list[int]]


@dataclass(frozen=True)
class Steps:
    """The recipe's steps, each a function of one input (or one partition) and the settings.

    :class:`Plan` chains them in one process; an engine that spreads a run over machines
    (``batch/spark.py``) maps the very same functions over its records, so a setting means
    the same thing whichever runs it. Only the settings travel with them.
    """

    settings: Settings

    def read(self, file: str) -> Iterator[RawPage | Skipped]:
        """The pages of one input file (``-``: stdin); every problem becomes a ``Skipped``."""
        return read_path(file, self.settings)

    def read_data(self, name: str, data: bytes) -> Iterator[RawPage | Skipped]:
        """The pages of one input file already in memory (an engine read it), named ``name``."""
        return read_data(name, data, self.settings)

    def read_line(self, line: str, name: str, number: int | str) -> RawPage | Skipped | None:
        """The page of one JSONL line (None for a blank line)."""
        return read_json_line(line, name, number, self.settings)

    duplicate_key = staticmethod(duplicate_key)
    duplicate = staticmethod(duplicate)

    def profile_entry(self, record: RawPage | Skipped) -> ProfileEntry | None:
        """What the site profile counts of one input, or None where it counts nothing.

        The pages :func:`~saidwhat.clean.build_profile` reads: text dumps, not HTML (its
        furniture is stripped by trafilatura) nor article text (a record's ``text``).
        """
        if not self.settings.site_profile or not isinstance(record, RawPage):
            return None
        entry = profile_entry(record, self.settings)
        if entry is None:
            return None
        site, number, ids = entry
        return (site, number), sorted(ids)

    def process(self, records: Iterable[RawPage | Skipped], profile: SiteProfile | None) -> Iterator[Result]:
        """Clean, attribute, resolve and score one partition, one result per input, in order."""
        return process_partition(records, self.settings, profile)


@dataclass(frozen=True)
class Plan:
    """One run's recipe, the same for ``extract``, ``ingest``, the Python API and Spark:
    the resolved input files, the settings, the site profile built over them, and the
    :class:`Steps` that read, dedupe, profile and process the inputs.

    ``pages()`` reads the inputs with exact duplicates marked skipped; ``run()`` processes
    them in input order. ``batch/spark.py`` spreads the same steps over a cluster.
    """

    files: tuple[str, ...]
    settings: Settings
    profile: RecurrenceProfile | None

    @property
    def steps(self) -> Steps:
        """The recipe's steps, for an engine that runs them itself."""
        return Steps(self.settings)

    def pages(self) -> Iterator[RawPage | Skipped]:
        """The inputs as raw pages, exact duplicates as ``Skipped``."""
        steps = self.steps
        return dedupe(page for file in self.files for page in steps.read(file))

    def run(self, on_result: Callable[[Result], None] | None = None) -> Iterator[Result]:
        """Every stage over every input, one result per input, in order."""
        return run(self.pages(), self.settings, on_result, self.profile)


def plan(
    paths: Sequence[str],
    settings: Settings,
    on_page: Callable[[int], None] | None = None,
    list_files: Callable[[Sequence[str]], Sequence[str]] | None = None,
) -> Plan:
    """Resolve inputs and build the site profile: everything a run needs before the first page.

    Args:
        paths: files or directories (recursive); ``-`` reads stdin.
        settings: run settings.
        on_page: progress of the site-profile pass (pages read so far).
        list_files: how an engine with its own filesystems lists the inputs (Spark lists
            ``hdfs://`` and ``s3a://`` paths); such an engine also reads the files and builds
            the site profile itself, distributed, from :meth:`Steps.profile_entry`, so the
            plan reads nothing and its ``profile`` is None. Default: local files, read here.

    Returns:
        The plan; call ``plan.run()``.

    Raises:
        InputError: a path does not exist.
    """
    if list_files is not None:
        return Plan(tuple(list_files(paths)), settings, None)
    files = resolve_inputs(list(paths), settings.follow_symlinks)
    return Plan(tuple(files), settings, corpus_profile(files, settings, on_page))
