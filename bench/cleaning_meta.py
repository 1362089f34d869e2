"""Metadata read from text dumps (title, date, author, outlet) against hand labels.

    python bench/cleaning_meta.py [--split heldout|heldout2|dev|dev2|dev3|dev4|seen|outlet] [-v] [DATA_DIR] [LABELS_TSV]

DATA_DIR defaults to ``../shared/data/cleaning-extra``, LABELS_TSV to
``tests/data/clean/meta-labels.tsv`` (page id, title, date, author, outlet, annotated by
hand from the pages; an empty cell: the page shows none; ``source``: dragnet or l3s;
``split``: ``seen`` for the 17 pages the first rules were written against, ``dev`` for
pages used to choose features and settings, ``heldout`` (and ``heldout2``, 60 pages labelled last) for pages
drawn aside by a fixed seed and used for nothing but this report, ``outlet`` for pages labelled for their outlet
only, which train the outlet ranker, ``dev2``, ``dev3`` and ``dev4`` for 203 more pages labelled by
the guide in ``tests/data/clean/LABELS.md``, which train the role model and the outlet ranker too).
Without ``--split`` every page is scored. Each page's two dumps are cleaned
on their own; a field is right when it matches the label up to case, spacing, quotes and a
leading "The" (outlet: also ".com" and spaces: "CBSNews.com" is "CBS News"), and is scored over the pages whose label has a value.
A writer read from a page that shows none is counted apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from saidwhat.clean import clean
from saidwhat.clean.train import FLATTENERS, page_files, read_file
from saidwhat.clean.train_labels import FIELDS, load_labels, meta_key
from saidwhat.config import load_settings
from saidwhat.ingest.decode import decode
from saidwhat.models import Article, RawPage

REPO = Path(__file__).resolve().parents[1]


def predicted(article: Article) -> dict[str, str | None]:
    return {"title": article.title, "date": (article.published or "")[:10] or None,
            "author": article.author, "outlet": article.outlet}


def main(argv: list[str]) -> None:
    split = None
    if "--split" in argv:
        at = argv.index("--split")
        split = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    data = Path(argv[0]) if argv else REPO.parent / "shared" / "data" / "cleaning-extra"
    labels_path = Path(argv[1]) if len(argv) > 1 else REPO / "tests" / "data" / "clean" / "meta-labels.tsv"
    labels = load_labels(labels_path, (split,) if split else None)
    print(f"{len(labels)} pages" + (f" (split {split})" if split else ""))
    settings = load_settings(env={})
    for flattener in FLATTENERS:
        files = page_files(data, flattener)
        right: dict[tuple[str, str], int] = {}
        total: dict[tuple[str, str], int] = {}
        unsigned = named = 0  # dumps whose page shows no writer, and those where one is read
        for row in labels:
            text, encoding = decode(read_file(files[row["page"]]), row["page"])
            result = clean(RawPage(row["page"], row["page"], text, "text", (), encoding), settings)
            got = predicted(result) if isinstance(result, Article) else dict.fromkeys(FIELDS)
            if not row["author"]:
                unsigned += 1
                named += bool(got["author"])
            for field in FIELDS:
                if row[field]:
                    for group in ("all", row.get("source") or "dragnet"):
                        total[group, field] = total.get((group, field), 0) + 1
                        right[group, field] = right.get((group, field), 0) + (
                            meta_key(got[field], field) == meta_key(row[field], field))
                    if "-v" in sys.argv and meta_key(got[field], field) != meta_key(row[field], field):
                        print(f"  {flattener} {row['page']} {field}: {got[field]!r} != {row[field]!r}", file=sys.stderr)
        for group in sorted({g for g, _ in total}, key=lambda g: (g != "all", g)):
            print(f"{flattener:<12} {group:<8} " + "  ".join(
                f"{field} {right.get((group, field), 0)}/{total.get((group, field), 0)} "
                f"({100 * right.get((group, field), 0) / max(total.get((group, field), 0), 1):.0f}%)"
                for field in FIELDS))
        print(f"{flattener:<12} a writer named on {named} of the {unsigned} dumps whose page shows none")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if a != "-v"])
