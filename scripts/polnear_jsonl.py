"""PolNeAR articles as one JSONL corpus with dates and outlets, for ``saidwhat ingest``.

    python scripts/polnear_jsonl.py ../shared/data/polnear > /tmp/polnear.jsonl
    saidwhat ingest /tmp/polnear.jsonl --db /tmp/polnear.db && saidwhat trails --db /tmp/polnear.db

One line per article of the train and dev splits: ``{"id", "text", "published", "outlet",
"title"}`` from ``text/*.txt`` and ``metadata.tsv`` (publisher, publication_date, title).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def main() -> None:
    if len(sys.argv) != 2 or not (Path(sys.argv[1]) / "metadata.tsv").is_file():
        sys.exit("usage: python scripts/polnear_jsonl.py PATH/TO/polnear  (the folder with metadata.tsv)")
    root = Path(sys.argv[1])
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
    written = 0
    for split in ("train", "dev"):
        for path in sorted((root / split / "text").glob("*.txt")):
            row = meta.get(path.stem)
            if row is None:
                print(f"{path}: not in metadata.tsv, skipped", file=sys.stderr)
                continue
            record = {"id": path.stem, "text": path.read_text(encoding="utf-8"), "published": row["publication_date"],
                      "outlet": row["publisher"], "title": row["title"]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
