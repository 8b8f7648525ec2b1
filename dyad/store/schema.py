"""The store's tables, as an ordered list of migrations.

Migration N brings a database from schema version N-1 to N. A database written
by a newer dyad (a higher version than `SCHEMA_VERSION`) is refused rather
than misread. Facts are kept in flat columns for querying; the full
`Analysis` JSON is kept beside them so `show` and exports return exactly what
the analysis produced.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles and every kind of fact, each row with its article, offsets and extractor version.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        outlet TEXT,
        title TEXT,
        author TEXT,
        published TEXT,
        published_source TEXT NOT NULL,
        language TEXT NOT NULL,
        source TEXT,
        source_format TEXT NOT NULL,
        text TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        analysis_json TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);

    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        sentence INTEGER,
        actor_id TEXT,
        metonym INTEGER NOT NULL DEFAULT 0,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );

    CREATE TABLE actors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        country TEXT,
        sector TEXT,
        code TEXT,
        anonymous INTEGER NOT NULL DEFAULT 0,
        roles_json TEXT NOT NULL,
        aliases_json TEXT NOT NULL,
        kb_id TEXT,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX actors_name ON actors(name);
    CREATE INDEX actors_code ON actors(code);

    CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        content_json TEXT NOT NULL,
        text TEXT NOT NULL,
        cue TEXT,
        cue_lemma TEXT,
        speaker TEXT,
        speaker_actor_id TEXT,
        speaker_name TEXT,
        speaker_code TEXT,
        speaker_role TEXT,
        channel TEXT,
        date TEXT,
        date_source TEXT,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
    CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
    CREATE INDEX quotes_date ON quotes(date);

    CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        cameo TEXT,
        quad_class INTEGER,
        penta_class INTEGER,
        intensity REAL,
        actor_codes TEXT,
        recipient_codes TEXT,
        actors_json TEXT NOT NULL,
        recipients_json TEXT NOT NULL,
        reciprocal INTEGER NOT NULL DEFAULT 0,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        modality TEXT NOT NULL,
        quote_id TEXT,
        date TEXT,
        date_source TEXT,
        place_id TEXT,
        confidence REAL,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_actor_codes ON events(actor_codes);

    CREATE TABLE times (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        mod TEXT,
        anchor TEXT,
        granularity TEXT,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );

    CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        spans_json TEXT NOT NULL,
        geonameid INTEGER,
        feature_class TEXT,
        feature_code TEXT,
        country TEXT,
        admin1 TEXT,
        lat REAL,
        lon REAL,
        kind TEXT,
        extractor_version TEXT NOT NULL,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX places_geonameid ON places(geonameid);

    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        article_id UNINDEXED, quote_id UNINDEXED, text, speaker, tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE ingest_errors (
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

#: Fact tables, each keyed by (article_id, id) and replaced together when an article is re-analysed.
FACT_TABLES = ("mentions", "actors", "quotes", "events", "times", "places")
