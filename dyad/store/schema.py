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
    # 2: the read model of dyad.store.queries (API, web page, query commands): events by day and party, actor-pair
    # rows and their monthly counts, actor and place directories. Derived from the tables above and brought up to
    # date by `dyad.store.queries.refresh`; no semicolon inside (the migration runner splits on them).
    """
    CREATE TABLE read_sync (article_id TEXT PRIMARY KEY, signature TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE event_days (
        article_id TEXT NOT NULL, event_id TEXT NOT NULL, day TEXT, type TEXT NOT NULL, quad_class INTEGER,
        modality TEXT NOT NULL, narrator INTEGER NOT NULL, intensity REAL, place_id TEXT,
        PRIMARY KEY (article_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_days_day ON event_days(day);
    CREATE INDEX event_days_type ON event_days(type, day);
    CREATE TABLE event_parties (
        code TEXT NOT NULL, role TEXT NOT NULL, day TEXT, article_id TEXT NOT NULL, event_id TEXT NOT NULL,
        PRIMARY KEY (code, role, day, article_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_parties_article ON event_parties(article_id);
    CREATE TABLE event_dyads (
        actor TEXT NOT NULL, recipient TEXT NOT NULL, day TEXT, type TEXT NOT NULL, quad_class INTEGER NOT NULL,
        modality TEXT NOT NULL, intensity REAL, article_id TEXT NOT NULL, event_id TEXT NOT NULL
    );
    CREATE INDEX event_dyads_pair ON event_dyads(actor, recipient, day, type, quad_class, modality, intensity);
    CREATE INDEX event_dyads_article ON event_dyads(article_id);
    CREATE TABLE dyad_months (
        actor TEXT NOT NULL, recipient TEXT NOT NULL, month TEXT NOT NULL, type TEXT NOT NULL,
        quad_class INTEGER NOT NULL, modality TEXT NOT NULL, n INTEGER NOT NULL, intensity_sum REAL NOT NULL,
        intensity_n INTEGER NOT NULL, PRIMARY KEY (actor, recipient, month, type, quad_class, modality)
    ) WITHOUT ROWID;
    CREATE INDEX dyad_months_month ON dyad_months(month);
    CREATE TABLE read_actors (
        article_id TEXT NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, country TEXT NOT NULL
    );
    CREATE INDEX read_actors_article ON read_actors(article_id);
    CREATE TABLE actor_directory (
        name TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, country TEXT NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (name, code, kind, country)
    ) WITHOUT ROWID;
    CREATE INDEX actor_directory_articles ON actor_directory(articles);
    CREATE INDEX actor_directory_code ON actor_directory(code, articles);
    CREATE TABLE read_places (
        article_id TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER, country TEXT,
        admin1 TEXT, lat REAL, lon REAL, kind TEXT, events INTEGER NOT NULL
    );
    CREATE INDEX read_places_article ON read_places(article_id);
    CREATE TABLE place_directory (
        key TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER, country TEXT, admin1 TEXT, lat REAL, lon REAL,
        kind TEXT, articles INTEGER NOT NULL, events INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX place_directory_articles ON place_directory(articles);
    CREATE INDEX places_name ON places(name);
    """,
    # 3: across articles (dyad.store.clusters): near-duplicate article groups (MinHash bands and pairs), event and
    # statement clusters with their members and support. Derived from the tables above and brought up to date by
    # `dyad.store.clusters.update_clusters`; no semicolon inside (the migration runner splits on them).
    """
    CREATE TABLE cluster_sync (
        article_id TEXT PRIMARY KEY, extractor_version TEXT NOT NULL, shingles INTEGER NOT NULL,
        minhash BLOB NOT NULL, dup_group TEXT NOT NULL, published TEXT, outlet TEXT
    ) WITHOUT ROWID;
    CREATE INDEX cluster_sync_group ON cluster_sync(dup_group);
    CREATE TABLE article_bands (
        band_key INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (band_key, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_bands_article ON article_bands(article_id);
    CREATE TABLE near_duplicates (
        article_id TEXT NOT NULL, other_id TEXT NOT NULL, jaccard REAL NOT NULL, containment REAL NOT NULL,
        PRIMARY KEY (article_id, other_id)
    ) WITHOUT ROWID;
    CREATE INDEX near_duplicates_other ON near_duplicates(other_id);
    CREATE TABLE event_cluster_members (
        article_id TEXT NOT NULL, event_id TEXT NOT NULL, block_key TEXT NOT NULL, cluster_id TEXT,
        record_json TEXT NOT NULL, PRIMARY KEY (article_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_cluster_members_block ON event_cluster_members(block_key);
    CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);
    CREATE TABLE event_clusters (
        id TEXT PRIMARY KEY, block_key TEXT NOT NULL, type TEXT NOT NULL, actor_codes TEXT, recipient_codes TEXT,
        reciprocal INTEGER NOT NULL, modality TEXT NOT NULL, date TEXT, granularity TEXT NOT NULL, date_lo TEXT,
        date_hi TEXT, week TEXT, month TEXT, place_name TEXT, geonameid INTEGER, place_country TEXT, intensity REAL,
        mentions INTEGER NOT NULL, narrator_mentions INTEGER NOT NULL, articles INTEGER NOT NULL,
        reports INTEGER NOT NULL, outlets INTEGER NOT NULL, first_report TEXT, last_report TEXT
    ) WITHOUT ROWID;
    CREATE INDEX event_clusters_block ON event_clusters(block_key);
    CREATE INDEX event_clusters_month ON event_clusters(month, type);
    CREATE INDEX event_clusters_week ON event_clusters(week, type);
    CREATE TABLE event_cluster_parties (
        code TEXT NOT NULL, role TEXT NOT NULL, cluster_id TEXT NOT NULL, PRIMARY KEY (code, role, cluster_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_cluster_parties_cluster ON event_cluster_parties(cluster_id);
    CREATE TABLE statement_cluster_members (
        article_id TEXT NOT NULL, quote_id TEXT NOT NULL, block_key TEXT NOT NULL, cluster_id TEXT,
        record_json TEXT NOT NULL, PRIMARY KEY (article_id, quote_id)
    ) WITHOUT ROWID;
    CREATE INDEX statement_cluster_members_block ON statement_cluster_members(block_key);
    CREATE INDEX statement_cluster_members_cluster ON statement_cluster_members(cluster_id);
    CREATE TABLE statement_clusters (
        id TEXT PRIMARY KEY, block_key TEXT NOT NULL, speaker_name TEXT, speaker_code TEXT, text TEXT NOT NULL,
        day TEXT, mentions INTEGER NOT NULL, articles INTEGER NOT NULL, reports INTEGER NOT NULL,
        outlets INTEGER NOT NULL, first_report TEXT, last_report TEXT
    ) WITHOUT ROWID;
    CREATE INDEX statement_clusters_block ON statement_clusters(block_key);
    CREATE INDEX statement_clusters_speaker ON statement_clusters(speaker_code, day);
    """,
    # 4: all-time totals per actor pair for the relations graph without filters (summing every month of
    # dyad_months is too slow on a big store), filled from dyad_months and then kept by queries.refresh.
    """
    CREATE TABLE dyad_totals (
        actor TEXT NOT NULL, recipient TEXT NOT NULL, n INTEGER NOT NULL, intensity_sum REAL NOT NULL,
        intensity_n INTEGER NOT NULL, cooperation INTEGER NOT NULL, conflict INTEGER NOT NULL,
        PRIMARY KEY (actor, recipient)
    ) WITHOUT ROWID;
    CREATE INDEX dyad_totals_n ON dyad_totals(n);
    INSERT INTO dyad_totals (actor, recipient, n, intensity_sum, intensity_n, cooperation, conflict)
        SELECT actor, recipient, sum(n), sum(intensity_sum), sum(intensity_n),
               sum(CASE WHEN quad_class IN (1, 2) THEN n ELSE 0 END), sum(CASE WHEN quad_class IN (3, 4) THEN n ELSE 0 END)
        FROM dyad_months GROUP BY actor, recipient;
    CREATE INDEX dyad_months_type ON dyad_months(type, month);
    """,
    # 5: covering indexes for the read side. An article row holds its text and analysis JSON, so reading one
    # column of it costs a page per article: lists of quotes and events read these narrow copies instead.
    """
    CREATE INDEX articles_meta ON articles(id, published, outlet, title, url);
    CREATE INDEX articles_outlet_published ON articles(outlet, published, id);
    CREATE INDEX quotes_code_date ON quotes(speaker_code, date);
    """,
    # 6: the actor knowledge base (dyad.store.kb): one row per actor across articles, its aliases, its roles
    # over time with their evidence, and the link from each article's actor to it. Filled on every save.
    """
    CREATE TABLE kb_actors (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT, sector TEXT, code TEXT,
        identity TEXT UNIQUE, curated INTEGER NOT NULL DEFAULT 0, first_seen TEXT, last_seen TEXT
    );
    CREATE INDEX kb_actors_code ON kb_actors(code);
    CREATE TABLE kb_aliases (
        alias TEXT NOT NULL, actor_id TEXT NOT NULL, single_token INTEGER NOT NULL, PRIMARY KEY (alias, actor_id)
    );
    CREATE INDEX kb_aliases_actor ON kb_aliases(actor_id);
    CREATE TABLE kb_roles (
        actor_id TEXT NOT NULL, title TEXT NOT NULL, organization TEXT, country TEXT, sector TEXT, as_of TEXT,
        article_id TEXT NOT NULL, start INTEGER, "end" INTEGER, evidence TEXT
    );
    CREATE INDEX kb_roles_actor ON kb_roles(actor_id);
    CREATE INDEX kb_roles_article ON kb_roles(article_id);
    CREATE TABLE kb_links (
        article_id TEXT NOT NULL, actor_id TEXT NOT NULL, kb_id TEXT NOT NULL, quotes INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (article_id, actor_id)
    );
    CREATE INDEX kb_links_kb ON kb_links(kb_id);
    CREATE TABLE kb_log (at TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
    """,
    # 7: the date interval of each clustered event mention beside its record, so that an update re-clusters only
    # the stretch of a block its new reports can reach (dyad.store.clusters); no semicolon inside.
    """
    ALTER TABLE event_cluster_members ADD COLUMN date_lo TEXT;
    ALTER TABLE event_cluster_members ADD COLUMN date_hi TEXT;
    CREATE INDEX event_cluster_members_dates ON event_cluster_members(block_key, date_lo, date_hi);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

#: Fact tables, each keyed by (article_id, id) and replaced together when an article is re-analysed.
FACT_TABLES = ("mentions", "actors", "quotes", "events", "times", "places")
