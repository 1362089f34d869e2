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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..config import Settings
from ..errors import InputError
from ..ingest.files import ALL_SUFFIXES, read_data, read_json_line, suffix_of
from ..models import RawPage, Skipped

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

# Read line by line (split at blocks); everything else is read as whole files.
LINE_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(frozen=True, slots=True)
class Inputs:
    """A run's input files, as Spark names them, by how they are read.

    Attributes:
        lines: JSONL corpora (read per line).
        files: every other input file (read whole).
        names: (URI prefix, the path as the user gave it) per input, to name pages as the
            local runner does (``pages/a.txt``, not ``file:/home/u/pages/a.txt``).
    """

    lines: tuple[str, ...]
    files: tuple[str, ...]
    names: tuple[tuple[str, str], ...]


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


def list_inputs(spark: "SparkSession", paths: Sequence[str]) -> Inputs:
    """List the input files under ``paths`` with Spark's file index (no file is read).

    Raises:
        InputError: ``-`` (executors cannot read the driver's stdin), a path that does not
            exist, or a directory with no readable documents.
    """
    lines: list[str] = []
    files: list[str] = []
    names: list[tuple[str, str]] = []
    for raw in paths:
        if raw == "-":
            raise InputError("-: Spark executors cannot read stdin; give files or directories")
        found = [uri for uri in _listed(spark, raw) if suffix_of(uri) in ALL_SUFFIXES]
        if not found:
            kinds = ", ".join(sorted(ALL_SUFFIXES))
            raise InputError(f"{raw}: holds no readable documents ({kinds})")
        names.append((_qualified(spark, raw), raw))
        for uri in found:
            (lines if suffix_of(uri) in LINE_SUFFIXES else files).append(uri)
    return Inputs(tuple(lines), tuple(files), tuple(names))


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


def _line_pages(
    rows: Iterable[Any], names: tuple[tuple[str, str], ...], settings: Settings
) -> Iterator[RawPage | Skipped]:
    """JSONL rows (value, file URI, block start) -> pages, numbering each file's lines.

    A block's rows arrive in file order; a file read in one block (the usual case) gets
    the same line numbers as the local reader.
    """
    seen: dict[tuple[str, int], int] = {}
    for value, uri, start in rows:
        n = seen[uri, start] = seen.get((uri, start), 0) + 1
        name = display_name(unquote(uri), names)
        page = read_json_line(value, name, n if start == 0 else f"{start}+{n}", settings)
        if page is not None:
            yield page


_GLOB = re.compile(r"([\\{}\[\]*?])")


def _escaped(path: str) -> str:
    """A path that Hadoop's glob expansion takes literally."""
    return _GLOB.sub(r"\\\1", path)


def read_pages(spark: "SparkSession", inputs: Inputs, settings: Settings) -> "RDD[RawPage | Skipped]":
    """The run's pages (and ingest ``Skipped`` markers) as an RDD, one element per page."""
    from pyspark.sql.functions import col

    sc = spark.sparkContext
    names = inputs.names
    parts: list["RDD[RawPage | Skipped]"] = []
    if inputs.lines:
        frame = spark.read.text([_escaped(f) for f in inputs.lines]).select(
            "value", col("_metadata.file_path"), col("_metadata.file_block_start")
        )
        parts.append(frame.rdd.mapPartitions(lambda rows: _line_pages(rows, names, settings)))
    if inputs.files:
        # binaryFiles, not the binaryFile source: that one drops empty files, which must
        # come out as "empty file" like everywhere else.
        # A comma-separated list: a comma in a name goes inside a one-choice glob group.
        listed = ",".join(_escaped(f).replace(",", "{\\,}") for f in inputs.files)
        whole = sc.binaryFiles(listed, max(1, len(inputs.files) // 64))
        parts.append(whole.flatMap(lambda kv: read_data(display_name(kv[0], names), kv[1], settings)))
    return parts[0] if len(parts) == 1 else sc.union(parts)
