"""Metadata read from text dumps (title, date, author, outlet) against hand labels.

    python bench/cleaning_meta.py [DATA_DIR] [LABELS_TSV]

DATA_DIR defaults to ``../shared/data/cleaning-extra``, LABELS_TSV to
``tests/data/clean/meta-labels.tsv`` (page id, title, date, author, outlet, annotated by
hand from the pages; an empty cell: the page shows none). Each page's two dumps are cleaned
on their own; a field is right when it matches the label up to case, spacing, quotes and a
leading "The" (outlet: also ".com" and spaces: "CBSNews.com" is "CBS News"), and is scored over the pages whose label has a value.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from saidwhat.clean import clean
from saidwhat.clean.train import FLATTENERS, page_files, read_file
from saidwhat.config import load_settings
from saidwhat.ingest.decode import decode
from saidwhat.models import Article, RawPage

REPO = Path(__file__).resolve().parents[1]
FIELDS = ("title", "date", "author", "outlet")


def _key(value: str | None, field: str) -> str:
    text = (value or "").casefold().replace("’", "'")
    if field == "outlet":
        text = re.sub(r"\.com\b", "", text)
    text = re.sub(r"^the\s+", "", " ".join(re.findall(r"\w+", text)))
    return text.replace(" ", "") if field == "outlet" else text


def predicted(article: Article) -> dict[str, str | None]:
    return {"title": article.title, "date": (article.published or "")[:10] or None,
            "author": article.author, "outlet": article.outlet}


def main(argv: list[str]) -> None:
    data = Path(argv[0]) if argv else REPO.parent / "shared" / "data" / "cleaning-extra"
    labels_path = Path(argv[1]) if len(argv) > 1 else REPO / "tests" / "data" / "clean" / "meta-labels.tsv"
    with labels_path.open(encoding="utf-8") as f:
        labels = list(csv.DictReader(f, delimiter="\t"))
    settings = load_settings(env={})
    for flattener in FLATTENERS:
        files = page_files(data, flattener)
        right = dict.fromkeys(FIELDS, 0)
        total = dict.fromkeys(FIELDS, 0)
        for row in labels:
            text, encoding = decode(read_file(files[row["page"]]), row["page"])
            result = clean(RawPage(row["page"], row["page"], text, "text", (), encoding), settings)
            got = predicted(result) if isinstance(result, Article) else dict.fromkeys(FIELDS)
            for field in FIELDS:
                if row[field]:
                    total[field] += 1
                    right[field] += _key(got[field], field) == _key(row[field], field)
                    if "-v" in sys.argv and _key(got[field], field) != _key(row[field], field):
                        print(f"  {flattener} {row['page']} {field}: {got[field]!r} != {row[field]!r}", file=sys.stderr)
        print(f"{flattener:<12} " + "  ".join(f"{field} {right[field]}/{total[field]} "
                                              f"({100 * right[field] / max(total[field], 1):.0f}%)" for field in FIELDS))


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if a != "-v"])
