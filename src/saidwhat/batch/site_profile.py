"""The site profile as a distributed aggregation: line hashes counted per site in Spark.

The local runner's :func:`~saidwhat.clean.build_profile` keeps every distinct line of the
run in one process. Here nothing is gathered on the driver but the number of pages per
site: each page's normalised lines are hashed by the plan's step
(:meth:`~saidwhat.pipeline.Steps.profile_entry`, which reads the pages the local profile reads),
the pages holding each (site, line) are collected by key across the cluster, and every page
is joined with the entries of its own lines (:class:`~saidwhat.clean.recurrence.PageLines`).
A line on more pages than ``MAX_PAGES_PER_LINE`` keeps that many of them (the smallest page
ids), as the local profile keeps the first that many.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from operator import add
from typing import TYPE_CHECKING, Any

from ..clean.recurrence import MAX_PAGES_PER_LINE, PageLines
from ..models import RawPage, Skipped
from ..pipeline import Steps

if TYPE_CHECKING:
    from pyspark import RDD

# (site, page id) of a text page; None for pages the profile does not cover (HTML, skipped).
PageKey = tuple[str, int] | None
Profiled = tuple[PageKey, RawPage | Skipped, PageLines | None]


def _keyed(record: RawPage | Skipped, steps: Steps) -> tuple[PageKey, RawPage | Skipped, list[int]]:
    entry = steps.profile_entry(record)
    return (None, record, []) if entry is None else (entry[0], record, entry[1])


def _smallest(pages: Iterable[int]) -> tuple[int, ...]:
    return tuple(heapq.nsmallest(MAX_PAGES_PER_LINE, set(pages)))


def _merge(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return _smallest(a + b)


def _to_pages(item: Any) -> Iterator[tuple[tuple[str, int], tuple[int, tuple[int, ...]]]]:
    (site, line), (page, holders) = item
    yield (site, page), (line, holders)


def profile_pages(records: "RDD[RawPage | Skipped]", steps: Steps, partitions: int) -> "RDD[Profiled]":
    """Each record with its share of the run's site profile, spread over ``partitions``.

    Args:
        records: the run's pages and ingest ``Skipped`` markers.
        steps: the plan's steps (:meth:`~saidwhat.pipeline.Steps.profile_entry` says what
            each page adds to the profile, as the local profile counts it).
        partitions: how many partitions the result has.

    Returns:
        ``(key, record, lines)`` per record; ``lines`` is None where the profile says
        nothing (HTML pages, skipped inputs, pages whose lines recur nowhere).
    """
    keyed = records.map(lambda r: _keyed(r, steps))
    distinct = keyed.filter(lambda k: k[0] is not None).map(lambda k: (k[0], k[2])).reduceByKey(
        lambda a, b: a, partitions
    )
    site_pages = distinct.map(lambda kv: (kv[0][0], 1)).reduceByKey(add).collectAsMap()
    totals = records.context.broadcast(site_pages)
    line_pages = distinct.flatMap(lambda kv: (((kv[0][0], line), kv[0][1]) for line in kv[1]))
    recurring = line_pages.aggregateByKey(
        (), lambda acc, page: _merge(acc, (page,)), _merge, partitions
    ).filter(lambda kv: len(kv[1]) >= 2)
    per_page = line_pages.join(recurring, partitions).flatMap(_to_pages).groupByKey(partitions)
    texts = keyed.filter(lambda k: k[0] is not None).map(lambda k: (k[0], k[1]))
    joined = texts.leftOuterJoin(per_page, partitions).map(
        lambda kv: (kv[0], kv[1][0], PageLines(dict(kv[1][1] or ()), totals.value[kv[0][0]]))
    )
    rest = keyed.filter(lambda k: k[0] is None).map(lambda k: (None, k[1], None))
    return joined.union(rest.repartition(partitions))  # type: ignore[return-value]
