"""Cleaning speed in pages per CPU-second, for text dumps and for HTML.

    python bench/cleaning_speed.py [AEB_DIR]

AEB_DIR defaults to ``../shared/data/aeb`` beside the checkout; without it the pages in
``tests/clean/data`` are used. Targets: dumps >= 50 pages/CPU-s, HTML >= 25. Dumps are
timed twice: page by page, and as a corpus (building the recurrence profile over all
pages, inside the timing, as ``saidwhat eval cleaning`` does).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from saidwhat.clean import build_profile, clean
from saidwhat.clean.train import load_urls, page_files, read_file
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
    urls = load_urls(aeb) if aeb is not None else {}
    pages = []
    for page_id, path in files.items():
        text, encoding = decode(read_file(path), str(path))
        meta = (("url", urls[page_id]),) if page_id in urls else ()
        pages.append(RawPage(page_id, str(path), text, "html" if variant == "html" else "text", meta, encoding))
    return pages


def measure(pages: list[RawPage], rounds: int, corpus: bool = False) -> float:
    settings = load_settings(env={}, workers=1)
    clean(pages[0], settings)  # load the model and trafilatura once, outside the timing
    start = time.process_time()
    for _ in range(rounds):
        profile = build_profile(pages, settings) if corpus else None
        for page in pages:
            clean(page, settings, profile)
    return rounds * len(pages) / (time.process_time() - start)


def main() -> None:
    default = REPO.parent / "shared" / "data" / "aeb"
    aeb = Path(sys.argv[1]) if len(sys.argv) > 1 else (default if default.is_dir() else None)
    print(f"pages from {aeb or 'tests/clean/data'}")
    for variant, target in (("lxml_blocks", 50), ("inscriptis", 50), ("html", 25)):
        pages = pages_for(aeb, "text" if aeb is None and variant != "html" else variant)
        if not pages:
            continue
        for corpus in (False, True) if variant != "html" else (False,):
            rate = measure(pages, rounds=1 if aeb else 20, corpus=corpus)
            flag = "ok" if rate >= target else "BELOW TARGET"
            label = variant + (" corpus" if corpus else "")
            print(f"{label:<18} {len(pages):>4} pages  {rate:7.1f} pages/CPU-s  (target {target}: {flag})")
        if aeb is None and variant != "html":
            break


if __name__ == "__main__":
    main()
