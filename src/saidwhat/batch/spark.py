"""Run the saidwhat pipeline on Apache Spark: ``mapPartitions`` over ``process_partition``.

No logic of its own: each partition reads its input files with the same ingest code, runs
the same engine-agnostic core the local runner uses (the spaCy model loads once per
executor process), and emits the ``extract`` contract records as JSON lines.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..clean import RecurrenceProfile
from ..config import Settings
from ..errors import ConfigError
from ..ingest import resolve_inputs
from ..ingest.files import read_path
from ..pipeline import corpus_profile, process_partition
from ..records import to_record

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def _partition(paths: Iterable[str], settings: Settings, profile: RecurrenceProfile | None) -> Iterator[str]:
    pages = (page for path in paths for page in read_path(path, settings))
    for result in process_partition(pages, settings, profile):
        yield json.dumps(to_record(result), ensure_ascii=False)


def run_spark(
    paths: Sequence[str],
    out_dir: str,
    settings: Settings,
    spark: "SparkSession | None" = None,
    partitions: int | None = None,
) -> dict[str, Any]:
    """Extract attributions from ``paths`` on Spark and write JSON lines to ``out_dir``.

    Args:
        paths: input files or directories (on a filesystem every executor can read).
        out_dir: output directory (Spark text output: ``part-*`` files of contract records).
        settings: run settings, shipped to executors as a plain frozen record.
        spark: an existing session; a local one (``local[*]``) is created when None.
        partitions: number of partitions (default: one per ~``batch_size`` files).

    Returns:
        ``{"documents": n, "skipped": n, "out": out_dir}``.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError(
            "PySpark is not installed. Install it with: pip install 'saidwhat[spark]'"
        ) from None
    files = resolve_inputs(paths, settings.follow_symlinks)
    own = spark is None
    if own:
        # Local Python workers must run this interpreter (the one saidwhat is installed
        # in); PySpark reads it from the environment when the context starts.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = spark or (
        SparkSession.builder.master("local[*]").appName("saidwhat")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        n = partitions or max(1, len(files) // max(settings.batch_size, 1))
        # The site profile is read on the driver (one pass over the inputs, the same as the
        # local runner's) and broadcast once to every executor.
        profile = session.sparkContext.broadcast(corpus_profile(files, settings))
        rdd = session.sparkContext.parallelize(files, n)
        lines = rdd.mapPartitions(lambda it: _partition(it, settings, profile.value)).cache()
        lines.saveAsTextFile(out_dir)
        total = lines.count()
        skipped = lines.filter(lambda line: json.loads(line)["skipped"] is not None).count()
        return {"documents": total, "skipped": skipped, "out": out_dir}
    finally:
        if own:
            session.stop()
