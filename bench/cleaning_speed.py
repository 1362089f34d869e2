"""Cleaning speed in pages per CPU-second, for text dumps and for HTML.

    python bench/cleaning_speed.py [AEB_DIR]

AEB_DIR defaults to ``../shared/data/aeb`` beside the checkout; without it the pages in
``tests/clean/data`` are used. Targets: dumps >= 50 pages/CPU-s, HTML >= 25.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from saidwhat.clean import clean
from saidwhat.clean.train import page_files, read_file
from saidwhat.config import load_settings
from saidwhat.ingest.decode import decode
from saidwhat.models import RawPage

REPO = Path(__file__).resolve().parents[1]


def pages_for(aeb: Path | None, variant: str) -> list[RawPage]:
    if aeb is not None:
        files = page_files(aeb, variant)
    else:
        suffix = ".html" if variant == "html" else ".txt"
        files = {p.stem: p for p in sorted((REPO / "tests" / "clean" / "data").glob(f"*{suffix}"))}
    pages = []
    for page_id, path in files.items():
        text, encoding = decode(read_file(path), str(path))
        pages.append(RawPage(page_id, str(path), text, "html" if variant == "html" else "text", (), encoding))
    return pages


def measure(pages: list[RawPage], rounds: int) -> float:
    settings = load_settings(env={}, workers=1)
    clean(pages[0], settings)  # load the model and trafilatura once, outside the timing
    start = time.process_time()
    for _ in range(rounds):
        for page in pages:
            clean(page, settings)
    return rounds * len(pages) / (time.process_time() - start)


def main() -> None:
    default = REPO.parent / "shared" / "data" / "aeb"
    aeb = Path(sys.argv[1]) if len(sys.argv) > 1 else (default if default.is_dir() else None)
    print(f"pages from {aeb or 'tests/clean/data'}")
    for variant, target in (("lxml_blocks", 50), ("inscriptis", 50), ("html", 25)):
        pages = pages_for(aeb, "text" if aeb is None and variant != "html" else variant)
        if not pages:
            continue
        rate = measure(pages, rounds=1 if aeb else 20)
        flag = "ok" if rate >= target else "BELOW TARGET"
        print(f"{variant:<12} {len(pages):>4} pages  {rate:7.1f} pages/CPU-s  (target {target}: {flag})")
        if aeb is None and variant != "html":
            break


if __name__ == "__main__":
    main()
