"""Spark inputs: Hadoop-style paths listed and read by Spark's own readers, one row per page.

Any path Spark can read works (``hdfs://``, ``s3a://``, ``gs://``, ``file://``, or a plain
path on the cluster's default filesystem), given the connector on the classpath. JSONL
corpora are read line by line with Spark's text source, so a large file is split at its
blocks and each record is a row; every other input (text dumps, HTML, CSV, WARC, any of them
gzip-compressed) is read whole with the binaryFile source and turned into pages by the same
ingest code the local runner uses, one page (CSV row, WARC record) per row after that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..errors import InputError
from ..ingest.files import ALL_SUFFIXES, suffix_of
from ..models import RawPage, Skipped
from ..pipeline import Plan, Steps

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

# Read line by line (split at blocks); everything else is read as whole files.
LINE_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# (URI prefix, the path as the user gave it) per input path.
Names = tuple[tuple[str, str], ...]
# A page's place in the run's order: (file index, file name, block start, number in the block).
Order = tuple[int, str, int, int]
Ordered = tuple[Order, RawPage | Skipped]


def _qualified(spark: "SparkSession", raw: str) -> str:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(raw)  # type: ignore[union-attr]
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())  # type: ignore[union-attr]
    return str(fs.makeQualified(path).toString())


def _plain(uri: str) -> str:
    uri = unquote(uri)
    return "file:/" + uri[len("file:///"):] if uri.startswith("file:///") else uri


def _listed(spark: "SparkSession", raw: str) -> list[str]:
    """Every file at ``raw`` (a file, or a directory walked recursively), by Spark's index."""
    from pyspark.errors import AnalysisException

    try:
        reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
        # The index names files as URIs ("file:///d/in%20dir"); Hadoop paths are plain
        # ("file:/d/in dir"), as binaryFiles and the text source's metadata give them.
        return sorted(_plain(uri) for uri in reader.load(raw).inputFiles())
    except AnalysisException as exc:
        if "PATH_NOT_FOUND" in str(exc) or "does not exist" in str(exc):
            raise InputError(f"{raw}: no such file or directory") from None
        raise InputError(f"{raw}: cannot list ({str(exc).splitlines()[0]})") from None


def list_inputs(spark: "SparkSession", paths: Sequence[str]) -> list[str]:
    """List the input files under ``paths`` with Spark's file index (no file is read), in
    the order the local runner reads them: each path in turn, a directory's files sorted.

    Raises:
        InputError: ``-`` (executors cannot read the driver's stdin), a path that does not
            exist, or a directory with no readable documents.
    """
    files: list[str] = []
    for raw in paths:
        if raw == "-":
            raise InputError("-: Spark executors cannot read stdin; give files or directories")
        found = [uri for uri in _listed(spark, raw) if suffix_of(uri) in ALL_SUFFIXES]
        if not found:
            kinds = ", ".join(sorted(ALL_SUFFIXES))
            raise InputError(f"{raw}: holds no readable documents ({kinds})")
        files.extend(found)
    return files


def input_names(spark: "SparkSession", paths: Sequence[str]) -> Names:
    """(URI prefix, the path as the user gave it) per input, to name pages as the local
    runner does (``pages/a.txt``, not ``file:/home/u/pages/a.txt``)."""
    return tuple((_qualified(spark, raw), raw) for raw in paths)


def display_name(uri: str, names: Iterable[tuple[str, str]]) -> str:
    """The name a file gets in results: the user's spelling of the input it was found under.

    >>> display_name("file:/data/pages/a/b.txt", [("file:/data/pages", "pages/")])
    'pages/a/b.txt'
    """
    best = ("", "")
    for prefix, raw in names:
        if uri == prefix:
            return raw
        if uri.startswith(prefix.rstrip("/") + "/") and len(prefix) > len(best[0]):
            best = (prefix, raw)
    if not best[0]:
        return uri
    return best[1].rstrip("/") + "/" + uri[len(best[0].rstrip("/")) + 1:]


def _line_pages(rows: Iterable[Any], files: Files, steps: Steps) -> Iterator[Ordered]:
    """JSONL rows (value, file URI, block start) -> pages, numbering each file's lines.

    A block's rows arrive in file order; a file read in one block (the usual case) gets
    the same line numbers as the local reader.
    """
    seen: dict[tuple[str, int], int] = {}
    for value, uri, start in rows:
        n = seen[uri, start] = seen.get((uri, start), 0) + 1
        index, name = files.find(uri)
        page = steps.read_line(value, name, n if start == 0 else f"{start}+{n}")
        if page is not None:
            yield (index, name, start, n), page


def _file_pages(uri: str, data: bytes, files: Files, steps: Steps) -> Iterator[Ordered]:
    """One whole file -> its pages (CSV rows, WARC records), in order."""
    index, name = files.find(uri)
    for n, page in enumerate(steps.read_data(name, data)):
        yield (index, name, 0, n), page


@dataclass(frozen=True)
class Files:
    """The run's input files (the plan's, in its order) and how the user named them."""

    order: Mapping[str, int]
    names: Names

    def find(self, uri: str) -> tuple[int, str]:
        """The file's place in the run's order and its name in results."""
        plain = _plain(uri)
        index = self.order.get(uri, self.order.get(plain, len(self.order)))
        return index, display_name(plain, self.names)


_GLOB = re.compile(r"([\\{}\[\]*?])")


def _escaped(path: str) -> str:
    """A path that Hadoop's glob expansion takes literally."""
    return _GLOB.sub(r"\\\1", path)


def read_pages(spark: "SparkSession", recipe: Plan, names: Names) -> "RDD[Ordered]":
    """The plan's pages (and ingest ``Skipped`` markers) as an RDD, one element per page,
    each with its place in the run's order, read by the plan's own steps."""
    from pyspark.sql.functions import col

    sc = spark.sparkContext
    steps = recipe.steps
    files = Files({uri: i for i, uri in enumerate(recipe.files)}, names)
    lines = [f for f in recipe.files if suffix_of(f) in LINE_SUFFIXES]
    whole = [f for f in recipe.files if suffix_of(f) not in LINE_SUFFIXES]
    parts: list["RDD[Ordered]"] = []
    if lines:
        frame = spark.read.text([_escaped(f) for f in lines]).select(
            "value", col("_metadata.file_path"), col("_metadata.file_block_start")
        )
        parts.append(frame.rdd.mapPartitions(lambda rows: _line_pages(rows, files, steps)))
    if whole:
        # binaryFiles, not the binaryFile source: that one drops empty files, which must
        # come out as "empty file" like everywhere else.
        # A comma-separated list: a comma in a name goes inside a one-choice glob group.
        listed = ",".join(_escaped(f).replace(",", "{\\,}") for f in whole)
        found = sc.binaryFiles(listed, max(1, len(whole) // 64))
        parts.append(found.flatMap(lambda kv: _file_pages(kv[0], kv[1], files, steps)))
    return parts[0] if len(parts) == 1 else sc.union(parts)
