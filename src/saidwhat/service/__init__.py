"""Corpus-level use cases: the one API the CLI, the web app, the demo and ``saidwhat.Corpus`` call.

    opening    open_existing (reads never create a store) / open_or_create (ingest)
    ingest     ingest, ingest_records: store, then refresh speakers and the shifts touched
    speakers   refresh_speakers (full or after an ingest), merge, split, rename (user corrections),
               explain_speaker: which names are one speaker, decided here only
    corrections mark_wrong: an attribution a user says is wrong, left out everywhere
    lookup     find_speaker, resolve_topic: names users type, with "did you mean"
    quotes     quotes: the store's filters, an unknown speaker an error
    search     search_quotes (a page, the total, facet counts), suggest (filter-box names)
    timeline   timeline: a speaker's tone per day/week/month; speaker_statements (kept per corpus version)
    shifts     shifts: detected once, cached in the store, one meaning of a listing
    compare    compare: who moved first, its meaning written down once
    trails     trails: quote trails across outlets
    topics     topic_families, find_topic: one topic per family of spellings
    outlets    outlets, find_outlet: one outlet per family of spellings
    volume     volume: statements per day/week/month (attention over time)

A question has one answer whichever shell asks it: the shells parse, call one function here
and print.
"""

from __future__ import annotations

from .compare import Comparison, compare, compare_with_statements
from .corrections import mark_wrong
from .ingest import ingest, ingest_records
from .lookup import find_speaker, resolve_topic
from .opening import open_existing, open_or_create
from .quotes import quotes
from .search import QuoteSearch, search_quotes, suggest
from .shifts import cache_key as shifts_cache_key
from .shifts import settings_key as shifts_settings_key
from .shifts import shifts, shifts_in_records, speaker_shifts
from .speakers import explain as explain_speaker
from .speakers import merge, refresh_speakers, rename, split
from .timeline import Timeline, speaker_statements, timeline
from .trails import trails
from .outlets import Outlet, find_outlet, outlet_speakers, outlet_topics, outlets
from .topics import TopicFamily, find_topic, topic_families, topic_speakers
from .volume import Volume, volume

__all__ = [
    "Comparison", "Outlet", "QuoteSearch", "Timeline", "TopicFamily", "Volume", "compare",
    "compare_with_statements", "explain_speaker", "find_outlet", "find_speaker", "find_topic", "ingest",
    "ingest_records", "mark_wrong", "merge", "open_existing", "open_or_create", "outlet_speakers",
    "outlet_topics", "outlets", "quotes", "refresh_speakers", "rename", "resolve_topic", "search_quotes",
    "shifts", "shifts_cache_key", "shifts_in_records", "shifts_settings_key", "speaker_shifts", "speaker_statements", "split", "suggest", "timeline",
    "topic_families", "topic_speakers", "trails", "volume"
]
