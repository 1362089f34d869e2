"""saidwhat: who said what, about whom, in what tone, and when - from raw news pages.

    >>> import saidwhat
    >>> settings = saidwhat.load_settings()
    >>> for result in saidwhat.run(saidwhat.iter_pages(["article.txt"], settings), settings):
    ...     print(saidwhat.to_record(result)["attributions"])
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import SaidwhatError
from .ingest import iter_pages
from .models import Article, Attribution, Entity, Parsed, Phrase, RawPage, Shift, Skipped, Statement, Target, ToneScore
from .pipeline import process_partition, run
from .records import to_record

__version__ = "0.1.0"

__all__ = [
    "Article", "Attribution", "Entity", "Parsed", "Phrase", "RawPage", "SaidwhatError", "Settings", "Shift",
    "Skipped", "Statement", "Target", "ToneScore", "iter_pages", "load_settings",
    "process_partition", "run", "to_record",
]
