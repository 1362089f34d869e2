"""What the Spark job writes: contract records as JSON lines, or Parquet with typed columns.

Parquet has one row per document; ``attributions`` is an array of structs, spans are arrays
of ``[start, end]`` pairs, tones are doubles: the ``extract`` contract, typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql.types import StructType

FORMATS = ("jsonl", "parquet")
_DOC_TEXT = (
    "doc", "path", "title", "published", "outlet", "author", "kind", "text", "offsets", "url", "venue", "language",
)
_ATT_TEXT = ("content_text", "cue_text")
_ATT_SPANS = ("source", "cue", "content")
_ATT_MORE = ("speaker", "speaker_type", "kind")
_ATT_LAST = ("source_text", "role", "polarity", "venue", "said_on", "said_on_basis")


def record_schema() -> "StructType":
    """The Parquet schema of a contract record (field order as in ``to_record``)."""
    from pyspark.sql.types import (
        ArrayType, DoubleType, IntegerType, StringType, StructField, StructType,
    )

    def text(name: str) -> StructField:
        return StructField(name, StringType())

    spans = ArrayType(ArrayType(IntegerType(), False), False)
    target = StructType([text("name"), text("type"), StructField("tone", DoubleType()), text("polarity")])
    attribution = StructType(
        [text(n) for n in _ATT_TEXT]
        + [StructField(n, spans) for n in _ATT_SPANS]
        + [text(n) for n in _ATT_MORE]
        + [StructField("tone", DoubleType()), text("cue_lemma"), StructField("confidence", DoubleType())]
        + [text(n) for n in _ATT_LAST]
        + [StructField("targets", ArrayType(target, False))]
    )
    return StructType(
        [text(n) for n in _DOC_TEXT]
        + [StructField("attributions", ArrayType(attribution, False)), text("skipped")]
    )


def record_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """A contract record as a row of :func:`record_schema` (absent fields are null)."""
    atts = [
        tuple(a.get(n) for n in _ATT_TEXT + _ATT_SPANS + _ATT_MORE)
        + (a.get("tone"), a.get("cue_lemma"), a.get("confidence"))
        + tuple(a.get(n) for n in _ATT_LAST)
        + ([(t["name"], t["type"], t["tone"], t["polarity"]) for t in a.get("targets", [])],)
        for a in record["attributions"]
    ]
    return tuple(record.get(n) for n in _DOC_TEXT) + (atts, record["skipped"])
