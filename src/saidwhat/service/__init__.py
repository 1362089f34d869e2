"""Corpus-level use cases: the one API the CLI, the web app, the demo and ``saidwhat.Corpus`` call.

    opening    open_existing (reads never create a store) / open_or_create (ingest)
    ingest     ingest, ingest_records: store, then refresh speakers and the shifts touched
    speakers   merge, split, rename: user corrections to speakers
    corrections mark_wrong: an attribution a user says is wrong, left out everywhere
    lookup     find_speaker, resolve_topic: names users type, with "did you mean"
    quotes     quotes: the store's filters, an unknown speaker an error
    search     search_quotes (a page, the total, facet counts), suggest (filter-box names)
    timeline   timeline: a speaker's tone per day/week/month
    shifts     shifts: detected once, cached in the store, one meaning of a listing
    compare    compare: who moved first, its meaning written down once
    trails     trails: quote trails across outlets

A question has one answer whichever shell asks it: the shells parse, call one function here
and print.
"""

from __future__ import annotations

from .compare import Comparison, compare
from .corrections import mark_wrong
from .ingest import ingest, ingest_records
from .lookup import find_speaker, resolve_topic
from .opening import open_existing, open_or_create
from .quotes import quotes
from .search import QuoteSearch, search_quotes, suggest
from .shifts import cache_key as shifts_cache_key
from .shifts import shifts, shifts_in_records, speaker_shifts
from .speakers import merge, rename, split
from .timeline import Timeline, timeline
from .trails import trails

__all__ = [
    "Comparison", "QuoteSearch", "Timeline", "compare", "find_speaker", "ingest", "ingest_records", "mark_wrong", "merge", "open_existing",
    "open_or_create", "quotes", "rename", "resolve_topic", "search_quotes", "shifts", "shifts_cache_key", "shifts_in_records", "speaker_shifts", "split", "suggest", "timeline", "trails",
]
