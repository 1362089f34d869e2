"""Run the saidwhat pipeline on Apache Spark: the plan's steps, spread over a cluster.

No logic of its own: the job runs ``pipeline.plan(paths, settings)``, the recipe local
runs use, mapping its :class:`~saidwhat.pipeline.Steps` over Spark records. Inputs are
listed by Spark's file index and read by Spark's readers (:mod:`.sources`) through the
plan's read steps, so a big JSONL corpus or WARC archive is spread record by record, not
file by file; exact duplicates are marked by the plan's rule (:mod:`.duplicates`); the site
profile is a distributed aggregation of the plan's profile step (:mod:`.site_profile`),
never a pass on the driver; each partition runs the plan's processing step, in batches of
``batch_size`` (the models load once per Python worker); the records are written once,
as JSON lines or Parquet (:mod:`.output`), and counted on the way with accumulators, so
the pipeline runs exactly once per page.

The master and any ``--conf`` come from spark-submit (or ``spark-defaults.conf``); only
when none is configured does the job run on ``local[*]``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..clean import PagesProfile
from .. import pipeline
from ..config import Settings
from ..errors import ConfigError, InputError, ModelError, SaidwhatError
from ..models import Skipped
from ..pipeline import Steps
from ..records import to_record
from .duplicates import dedupe_pages
from .output import FORMATS, record_row, record_schema
from .site_profile import Profiled, profile_pages
from .sources import input_names, list_inputs, read_pages

if TYPE_CHECKING:
    from pyspark import Accumulator
    from pyspark.sql import SparkSession


def _process(
    items: Iterable[Profiled], steps: Steps, counts: "tuple[Accumulator[int], Accumulator[int]]"
) -> Iterator[dict[str, Any]]:
    """One partition: batches of ``batch_size`` pages through the plan's last step, as records."""
    documents, skipped = counts
    it = iter(items)
    while chunk := list(islice(it, max(steps.settings.batch_size, 8))):
        profile = PagesProfile({key: lines for key, _, lines in chunk if key is not None and lines})
        for result in steps.process((record for _, record, _ in chunk), profile):
            documents.add(1)
            if isinstance(result, Skipped):
                skipped.add(1)
            yield to_record(result)


# JVM options for executors the user configured none for. An executor's JVM mostly moves
# bytes between files, shuffles and Python workers, and lives minutes: the C2 compiler's
# and G1's background threads cost it more CPU than they save (bench/spark_vs_local.py).
# The driver's JVM starts before this code runs: spark-submit's --driver-java-options.
EXECUTOR_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def _session() -> "SparkSession":
    """The session spark-submit configured; ``local[*]`` only when no master is set."""
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    SparkContext._ensure_initialized()  # starts (or joins spark-submit's) JVM: reads its conf
    builder = SparkSession.builder.appName("saidwhat")
    conf = SparkConf()
    if not conf.contains("spark.executor.extraJavaOptions"):
        builder = builder.config("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS)
    master = conf.get("spark.master", None)
    if master is None:
        builder = builder.master("local[*]").config("spark.ui.enabled", "false")
    if (master or "local").startswith("local"):
        # Local Python workers must run this interpreter (the one saidwhat is installed in).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


_LIBRARY_ERROR = re.compile(r"saidwhat\.errors\.(\w+Error): (.+)")


def _library_error(exc: Exception) -> SaidwhatError | None:
    """A saidwhat error an executor raised (a broken setup), as the driver's own error."""
    found = _LIBRARY_ERROR.search(str(exc))
    if not found:
        return None
    kinds: dict[str, type[SaidwhatError]] = {"ConfigError": ConfigError, "ModelError": ModelError}
    return kinds.get(found.group(1), SaidwhatError)(found.group(2))


def _check_out(spark: "SparkSession", out_dir: str) -> None:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(out_dir)  # type: ignore[union-attr]
    if path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path):  # type: ignore[union-attr]
        raise InputError(f"{out_dir}: output directory exists; give a new --out")


def run_spark(
    paths: Sequence[str],
    out_dir: str,
    settings: Settings,
    spark: "SparkSession | None" = None,
    partitions: int | None = None,
    format: str = "jsonl",
) -> dict[str, Any]:
    """Extract attributions from ``paths`` on Spark and write the records to ``out_dir``.

    Args:
        paths: input files or directories, as any path Spark reads (``hdfs://``, ``s3a://``,
            ``gs://``, ``file://``, or a path on the default filesystem).
        out_dir: output directory (must not exist): ``part-*`` files of contract records.
        settings: run settings, shipped to executors as a plain frozen record.
        spark: an existing session; else the one spark-submit configured, or ``local[*]``.
        partitions: partitions for the pipeline (default: four per core of the cluster).
        format: ``"jsonl"`` (text part files) or ``"parquet"``.

    Returns:
        ``{"documents": n, "skipped": n, "out": out_dir}``.

    Raises:
        InputError: a missing input, an existing ``out_dir``.
        ConfigError: PySpark missing, an unknown format; ModelError: a model that does not load.
    """
    if format not in FORMATS:
        raise ConfigError(f"Unknown output format {format!r}; use one of: {', '.join(FORMATS)}.")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError(
            "PySpark is not installed. Install it with: pip install 'saidwhat[spark]'"
        ) from None
    own = spark is None
    session = spark or _session()
    try:
        _check_out(session, out_dir)
        sc = session.sparkContext
        # The one recipe local runs use, its inputs listed by Spark (hdfs://, s3a://, ...).
        recipe = pipeline.plan(paths, settings, list_files=lambda given: list_inputs(session, given))
        steps = recipe.steps
        n = partitions or max(1, sc.defaultParallelism * 4)
        pages = dedupe_pages(read_pages(session, recipe, input_names(session, paths)), steps, n)
        if settings.site_profile:
            items = profile_pages(pages, steps, n)
        else:
            items = pages.map(lambda r: (None, r, None)).repartition(n)
        counts = (sc.accumulator(0), sc.accumulator(0))
        records = items.mapPartitions(lambda part: _process(part, steps, counts))
        try:
            if format == "parquet":
                session.createDataFrame(records.map(record_row), record_schema()).write.parquet(out_dir)
            else:
                records.map(lambda r: json.dumps(r, ensure_ascii=False)).saveAsTextFile(out_dir)
        except Exception as exc:
            error = _library_error(exc)
            if error is None:
                raise
            raise error from None
        return {"documents": counts[0].value, "skipped": counts[1].value, "out": out_dir}
    finally:
        if own:
            session.stop()
