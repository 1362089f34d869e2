"""Exact duplicates on Spark: the plan's rule (:func:`saidwhat.pipeline.dedupe`), distributed.

The local runner remembers the first file each text came from while it reads. Here each
page's :meth:`~saidwhat.pipeline.Steps.duplicate_key` is grouped across the cluster, the
first copy in the run's order is found per key, and every copy from another file is marked
with the plan's own :meth:`~saidwhat.pipeline.Steps.duplicate`: the same pages are skipped,
with the same reason, as in ``saidwhat extract``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..models import RawPage, Skipped
from ..pipeline import Steps
from .sources import Order, Ordered

if TYPE_CHECKING:
    from pyspark import RDD


def _later_copies(copies: Iterable[tuple[Order, str]]) -> Iterator[tuple[Order, str]]:
    """(order, first copy's file) for each copy read from another file than the first."""
    ordered = sorted(copies)
    first = ordered[0][1]
    for order, path in ordered[1:]:
        if path != first:
            yield order, first


def _marked(item: Any, steps: Steps) -> RawPage | Skipped:
    _, (record, first) = item
    return record if first is None else steps.duplicate(record, first)


def dedupe_pages(pages: "RDD[Ordered]", steps: Steps, partitions: int) -> "RDD[RawPage | Skipped]":
    """The run's records with every exact copy from a later file marked ``Skipped``.

    Args:
        pages: (place in the run's order, record), from :func:`.sources.read_pages`.
        steps: the plan's steps.
        partitions: partitions of the shuffles.
    """
    keys = pages.map(lambda p: (steps.duplicate_key(p[1]), (p[0], p[1].path)))
    later = keys.filter(lambda kv: kv[0] is not None).groupByKey(partitions).flatMap(
        lambda kv: _later_copies(kv[1])
    )
    return pages.leftOuterJoin(later, partitions).map(lambda item: _marked(item, steps))
