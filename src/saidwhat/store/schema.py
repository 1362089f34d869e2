"""The schema, as numbered migrations per backend. Never edit a released migration: add one.

Tables (the same names and columns in SQLite and PostgreSQL, readable in Datasette):

    runs                 one row per ingestion run (inputs, settings, counts, status)
    documents            one row per version of an input (path); is_latest marks the current one
    attributions         who said what: spans as JSON [[start, end], ...] into documents.text
    targets              what an attribution is about, with the tone toward it
    speakers             canonical speakers (recomputed from attributions + corrections)
    speaker_aliases      observed name -> canonical speaker
    speaker_corrections  user merges and splits, replayed on every refresh
    speaker_keys         observed name -> the keys of the merging rules that relate it (v9, v16)
    speaker_names        observed name -> its observations summarised for merging (v16)
    skipped              inputs a stage could not process, and why
    store_state          bookkeeping (whether speakers need recomputing, which shifts are current,
                         how far trails got)
    shifts               detected tone shifts, cached (v3)
    trail_segments       quoted words followed across outlets, each with its trail (v5)
    trail_keys           candidate keys (LSH bands, clause hashes) -> trail segment (v5)
    schema_version       migrations applied

Views: latest_documents, quotes_view (quote + speaker + article), speakers_view,
statements_view (one row per attribution x target), trails_view (one row per printing of
a statement that appears more than once).
"""

from __future__ import annotations

SQLITE_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    inputs TEXT NOT NULL DEFAULT '[]',
    settings TEXT NOT NULL DEFAULT '{}',
    counts TEXT NOT NULL DEFAULT '{}',
    saidwhat_version TEXT
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    path TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_latest INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    title TEXT,
    published TEXT,
    published_date TEXT,
    outlet TEXT,
    author TEXT,
    kind TEXT NOT NULL DEFAULT 'news',
    url TEXT,
    venue TEXT,
    text TEXT NOT NULL,
    raw TEXT NOT NULL,
    offsets TEXT NOT NULL DEFAULT 'text',
    segments TEXT NOT NULL DEFAULT '[]',
    run_id INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL,
    UNIQUE (path, version)
);
-- Partial: only current versions, in date order (newest-first listings). A plain
-- (is_latest, ...) index looked like a selective lookup to SQLite's planner, which then
-- walked every document instead of using the speaker and path indexes.
-- It also covers outlet, so stats() never reads the (large) document rows.
CREATE INDEX documents_latest_date ON documents (published_date, outlet) WHERE is_latest = 1;
CREATE INDEX documents_superseded ON documents (id) WHERE is_latest = 0;
CREATE INDEX documents_hash ON documents (content_hash);
CREATE INDEX documents_outlet ON documents (outlet COLLATE NOCASE);
CREATE TABLE attributions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content_spans TEXT NOT NULL,
    source_spans TEXT,
    cue_spans TEXT,
    content_text TEXT NOT NULL,
    source_text TEXT,
    cue_text TEXT,
    cue_lemma TEXT,
    speaker_name TEXT,
    speaker_type TEXT,
    role TEXT,
    tone REAL,
    polarity TEXT,
    venue TEXT,
    confidence REAL NOT NULL DEFAULT 1.0,
    UNIQUE (document_id, ordinal)
);
CREATE INDEX attributions_speaker_name ON attributions (speaker_name);
CREATE INDEX attributions_kind ON attributions (kind);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribution_id INTEGER NOT NULL REFERENCES attributions(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    tone REAL NOT NULL,
    polarity TEXT NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    UNIQUE (attribution_id, ordinal)
);
CREATE INDEX targets_name ON targets (name COLLATE NOCASE);
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    attributions INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE speaker_aliases (
    alias TEXT PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE
);
CREATE INDEX speaker_aliases_speaker ON speaker_aliases (speaker_id);
CREATE TABLE speaker_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    alias TEXT NOT NULL,
    canonical TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE skipped (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    path TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    seen_at TEXT NOT NULL,
    UNIQUE (path, stage, reason)
);
CREATE TABLE store_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Full-text search: external-content FTS5 tables kept in step by triggers, so a
-- document's index rows commit in the same transaction as the document.
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content_text, source_text, content='attributions', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO quotes_fts (rowid, content_text, source_text)
    VALUES (new.id, new.content_text, new.source_text);
END;
CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, content_text, source_text)
    VALUES ('delete', old.id, old.content_text, old.source_text);
END;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
"""

# v2: the Datasette-friendly views. Kept as its own migration so that opening a v1 file
# exercises the upgrade path (tests/store/test_migrations.py).
_VIEWS = """
CREATE VIEW latest_documents AS
    SELECT id, doc_id, path, version, title, published, published_date, outlet, author, kind,
           url, venue, content_hash, ingested_at
    FROM documents WHERE is_latest = 1;
CREATE VIEW quotes_view AS
    SELECT a.id AS attribution_id, d.id AS document_id, d.doc_id, d.title, d.published_date,
           d.outlet, s.id AS speaker_id, s.name AS speaker, a.speaker_name AS observed_speaker,
           a.kind, a.cue_lemma AS cue, a.content_text AS content, a.tone, a.polarity, a.role,
           d.path
    FROM attributions a
    JOIN documents d ON d.id = a.document_id AND d.is_latest = 1
    LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name
    LEFT JOIN speakers s ON s.id = sa.speaker_id;
CREATE VIEW speakers_view AS
    SELECT s.id, s.name, s.type, s.roles, s.attributions,
           (SELECT count(*) FROM speaker_aliases x WHERE x.speaker_id = s.id) AS aliases
    FROM speakers s;
CREATE VIEW statements_view AS
    SELECT a.id AS attribution_id, d.doc_id, d.published_date, d.outlet, s.name AS speaker,
           t.name AS target, t.tone, t.polarity, a.content_text AS quote
    FROM attributions a
    JOIN documents d ON d.id = a.document_id AND d.is_latest = 1
    JOIN targets t ON t.attribution_id = a.id
    LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name
    LEFT JOIN speakers s ON s.id = sa.speaker_id;
"""

# v3: shifts computed once and kept (saidwhat.service.shifts owns when they are recomputed).
# One row per detected shift; evidence holds the statements quoted on each side as JSON.
# store_state keys "shifts_key" (the settings and corpus the rows were computed for) and
# "shifts_pending" (speakers whose rows are out of date) say whether they can be used.
_SHIFTS = """
CREATE TABLE shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    speaker TEXT NOT NULL,
    target TEXT NOT NULL,
    date TEXT NOT NULL,
    tone_before REAL NOT NULL,
    tone_after REAL NOT NULL,
    confidence REAL NOT NULL,
    n_before INTEGER NOT NULL,
    n_after INTEGER NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX shifts_speaker ON shifts (speaker);
CREATE INDEX shifts_date ON shifts (date);
"""

# v5: quote trails (saidwhat.trails). trail_id names a trail by its smallest segment id.
_TRAILS = """
CREATE TABLE trail_segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribution_id BIGINT NOT NULL REFERENCES attributions(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    trail_id BIGINT NOT NULL,
    UNIQUE (attribution_id, ordinal)
);
CREATE INDEX trail_segments_trail ON trail_segments (trail_id);
CREATE TABLE trail_keys (
    key BIGINT NOT NULL,
    segment_id BIGINT NOT NULL,
    PRIMARY KEY (key, segment_id)
) WITHOUT ROWID;
CREATE VIEW trails_view AS
    SELECT t.trail_id, t.id AS segment_id, a.id AS attribution_id, d.doc_id, d.published_date,
           d.outlet, s.name AS speaker, t.text AS quote
    FROM trail_segments t
    JOIN attributions a ON a.id = t.attribution_id
    JOIN documents d ON d.id = a.document_id AND d.is_latest = 1
    LEFT JOIN speaker_aliases sa ON sa.alias = a.speaker_name
    LEFT JOIN speakers s ON s.id = sa.speaker_id
    WHERE t.trail_id IN (SELECT trail_id FROM trail_segments GROUP BY trail_id HAVING count(*) > 1);
"""

# v4: when each statement was said (tone/time.py). Rows stored before it keep NULL, which
# reads as "the publication date" (Statement.when); re-ingesting a file fills them in.
SAID_ON_VERSION = 4
_SAID_ON = """
ALTER TABLE attributions ADD COLUMN said_on TEXT;
ALTER TABLE attributions ADD COLUMN said_on_basis TEXT;
"""

# v7: the language each document is written in (ISO 639-1, NULL when unsure), detected by
# the clean stage (clean/language.py). Versions 3-6 belong to other changes.
LANGUAGE_VERSION = 7
_V7_LANGUAGE = "ALTER TABLE documents ADD COLUMN language TEXT;"

# v9: the block keys of every observed speaker name (store/speaker_keys.py), so that the
# speaker refresh after an ingest finds a new name's neighbours by index.
SPEAKER_KEYS_VERSION = 9
_V9_SPEAKER_KEYS = """
CREATE TABLE speaker_keys (
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, name)
) WITHOUT ROWID;
"""

# v11: attributions a user marked wrong (the web UI, `saidwhat mark-wrong`, Corpus.mark_wrong).
# Keyed by the document id and the quote text, not the row id, so a mark outlives re-ingesting
# the file (a new version gets new attribution rows with the same doc_id and content).
WRONG_VERSION = 11
_WRONG = """
CREATE TABLE wrong_attributions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    content_text TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (doc_id, content_text)
);
"""

# v14: each target's calibrated class probabilities (tone/calibration.py), which weigh a
# statement by how much it is about its target (Statement.weight). Rows stored before stay
# NULL and weigh 1.
TARGET_PROBABILITIES_VERSION = 14
_V14_TARGET_PROBABILITIES = """
ALTER TABLE targets ADD COLUMN p_negative REAL;
ALTER TABLE targets ADD COLUMN p_neutral REAL;
ALTER TABLE targets ADD COLUMN p_positive REAL;
"""

# v16: speaker block keys name the alias-merging rule they stand for (speakers/blocks.py)
# instead of every word of a name; the old keys are dropped and the next refresh keys every
# observed name again, once. And one summary per observed name (store/speaker_names.py),
# which the next refresh fills, once, and later ones bring up to date.
SPEAKER_RULE_KEYS_VERSION = 16
_V16_SPEAKER_RULE_KEYS = """
DELETE FROM speaker_keys;
DELETE FROM store_state WHERE key = 'speaker_keys_upto';
CREATE TABLE speaker_names (
    name TEXT PRIMARY KEY,
    first_id INTEGER NOT NULL,
    summary TEXT NOT NULL
);
"""

SQLITE_MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "tables, indexes and FTS5 search", SQLITE_V1),
    (2, "Datasette views", _VIEWS),
    (3, "cached tone shifts", _SHIFTS),
    (SAID_ON_VERSION, "said_on: when each statement was said", _SAID_ON),
    (5, "quote trails", _TRAILS),
    (LANGUAGE_VERSION, "documents.language", _V7_LANGUAGE),
    (SPEAKER_KEYS_VERSION, "speaker block keys", _V9_SPEAKER_KEYS),
    (WRONG_VERSION, "attributions marked wrong", _WRONG),
    (TARGET_PROBABILITIES_VERSION, "targets: calibrated tone probabilities", _V14_TARGET_PROBABILITIES),
    (SPEAKER_RULE_KEYS_VERSION, "speaker block keys by rule, name summaries", _V16_SPEAKER_RULE_KEYS),
)

POSTGRES_V1 = (
    SQLITE_V1.split("-- Full-text search")[0]
    .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
    .replace(" REAL", " DOUBLE PRECISION")
    .replace("INTEGER NOT NULL REFERENCES", "BIGINT NOT NULL REFERENCES")
    .replace("INTEGER REFERENCES", "BIGINT REFERENCES")
    .replace(" COLLATE NOCASE", "")
    .replace("(outlet)", "(lower(outlet))")
    .replace("(name)", "(lower(name))")
) + """
-- Full-text search: stored tsvector columns with GIN indexes (same rows, same transaction).
ALTER TABLE attributions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('english', coalesce(content_text, '') || ' ' || coalesce(source_text, ''))
) STORED;
CREATE INDEX attributions_search ON attributions USING GIN (search_vector);
ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('english', coalesce(title, '') || ' ' || text)
) STORED;
CREATE INDEX documents_search ON documents USING GIN (search_vector);
-- Newest-first listings: PostgreSQL reads an index backwards as DESC NULLS FIRST, so
-- "published_date DESC NULLS LAST" needs an index in exactly that order.
CREATE INDEX documents_latest_newest ON documents (published_date DESC NULLS LAST, id DESC) WHERE is_latest = 1;
"""

POSTGRES_MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "tables, indexes and tsvector search", POSTGRES_V1),
    (2, "views", _VIEWS),
    (3, "cached tone shifts", _SHIFTS.replace(
        "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    ).replace(" REAL", " DOUBLE PRECISION")),
    (SAID_ON_VERSION, "said_on: when each statement was said", _SAID_ON),
    (5, "quote trails", _TRAILS.replace(
        "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    ).replace(") WITHOUT ROWID;", ");")),
    (LANGUAGE_VERSION, "documents.language", _V7_LANGUAGE),
    (SPEAKER_KEYS_VERSION, "speaker block keys", _V9_SPEAKER_KEYS.replace(") WITHOUT ROWID;", ");")),
    (WRONG_VERSION, "attributions marked wrong", _WRONG.replace(
        "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")),
    (TARGET_PROBABILITIES_VERSION, "targets: calibrated tone probabilities",
     _V14_TARGET_PROBABILITIES.replace(" REAL", " DOUBLE PRECISION")),
    (SPEAKER_RULE_KEYS_VERSION, "speaker block keys by rule, name summaries",
     _V16_SPEAKER_RULE_KEYS.replace("first_id INTEGER", "first_id BIGINT")),
)

LATEST_VERSION = max(v for v, _, _ in SQLITE_MIGRATIONS)
assert LATEST_VERSION == max(v for v, _, _ in POSTGRES_MIGRATIONS)
