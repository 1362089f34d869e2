"""saidwhat: who said what, about whom, in what tone, and when - from raw news pages.

    >>> import saidwhat
    >>> for record in saidwhat.extract(["article.txt"]):
    ...     print(record["attributions"])
    >>> corpus = saidwhat.Corpus("corpus.db")
    >>> corpus.shifts(about="sanctions")
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import SaidwhatError
from .ingest import iter_pages
from .library import Corpus, Records, extract
from .models import Article, Attribution, Entity, Parsed, Phrase, RawPage, Shift, Skipped, Statement, Target, ToneScore
from .pipeline import plan, process_partition, run
from .records import to_record
from .service.compare import Comparison
from .version import __version__


__all__ = [
    "Article", "Attribution", "Comparison", "Corpus", "Entity", "Parsed", "Phrase", "RawPage", "Records",
    "SaidwhatError", "Settings", "Shift", "Skipped", "Statement", "Target", "ToneScore", "extract", "iter_pages",
    "__version__", "load_settings", "plan", "process_partition", "run", "to_record",
]
