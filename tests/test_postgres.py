"""The store on a real PostgreSQL server: same behaviour as SQLite, and concurrent ingests.

The server comes from scripts/pg-test-server.sh (run by `make test` and `.ci/run`), which exports its URL as
DYAD_TEST_PG. Without it the tests skip, except in CI, where a missing server is a failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dyad.store import open_store
from dyad.store.postgres import PostgresStore, to_postgres
from tests.test_store import analysis


def test_fts5_table_becomes_a_table_with_a_gin_index():
    ddl = to_postgres("CREATE VIRTUAL TABLE quotes_fts USING fts5(article_id UNINDEXED, text, tokenize = 'x')")
    assert ddl.startswith("CREATE TABLE quotes_fts (article_id TEXT, text TEXT)")
    assert "USING GIN" in ddl


def test_sqlite_types_are_translated():
    assert to_postgres("CREATE TABLE t (a INTEGER, b REAL, c BLOB) WITHOUT ROWID") == (
        "CREATE TABLE t (a BIGINT, b DOUBLE PRECISION, c BYTEA)"
    )


def test_open_store_gives_a_postgres_store_with_the_current_schema(pg_url):
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    assert store.stats()["articles"] == 0
    assert store.schema_version == open_store(pg_url).schema_version  # reopening does not migrate again


def test_save_is_idempotent_and_reads_back_equal(pg_url):
    store = open_store(pg_url)
    original = analysis()
    assert store.save(original) == "added"
    assert store.save(original) == "unchanged"
    assert store.analysis(original.article.id) == original
    assert store.analysis(original.article.id[:8]) == original


def test_a_newer_version_replaces_and_a_failed_replacement_changes_nothing(pg_url):
    import psycopg

    store = open_store(pg_url)
    store.save(analysis("v1"))
    assert store.save(analysis("v2", mention_ids=("M1",))) == "replaced"
    with pytest.raises(psycopg.errors.UniqueViolation):
        store.save(analysis("v3", mention_ids=("M1", "M1")))
    stats = store.stats()
    assert stats["extractor_versions"] == ["v2"] and stats["mentions"] == 1
    assert store.check_integrity() == []


def test_quote_words_are_searchable(pg_url):
    store = open_store(pg_url)
    store.save(analysis())
    rows = store.conn.execute(
        "SELECT quote_id FROM quotes_fts WHERE to_tsvector('english', text) @@ plainto_tsquery('english', ?)",
        ("corridors",),
    ).fetchall()
    assert [r["quote_id"] for r in rows] == ["Q1"]


def test_a_wrong_url_names_the_server_without_the_password():
    from dyad.errors import StoreError

    with pytest.raises(StoreError) as info:
        open_store("postgresql://dyad:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(info.value) and "cannot connect" in str(info.value)


@pytest.mark.slow
def test_two_concurrent_ingests_of_overlapping_inputs_store_each_article_once(pg_url, tmp_path):
    from tests.test_crash import write_articles

    every = tmp_path / "all"
    every.mkdir()
    write_articles(every, 40)
    files = sorted(every.iterdir())
    halves = [tmp_path / "first", tmp_path / "second"]
    for folder, chosen in zip(halves, (files[:28], files[12:]), strict=True):
        folder.mkdir()
        for f in chosen:
            (folder / f.name).write_text(f.read_text())
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", pg_url, "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        for folder in halves
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    store = open_store(pg_url)
    assert store.stats()["articles"] == 40
    assert store.check_integrity() == []


def test_the_queries_answer_on_postgres_as_on_sqlite(pg_url, tmp_path):
    from dyad.store import Store, clusters
    from dyad.store import queries as q
    from tests.web_samples import sample_analyses

    asks = {
        "articles": lambda s: q.list_articles(s).to_dict(),
        "articles by title": lambda s: q.list_articles(s, q="vienna").to_dict(),
        "quotes": lambda s: q.search_quotes(s).to_dict(),
        "quotes by words": lambda s: q.search_quotes(s, text="ceasefire").to_dict(),
        "quotes by speaker": lambda s: q.search_quotes(s, speaker="keller").to_dict(),
        "quote facets": lambda s: q.quote_facets(s),
        "actor directory": lambda s: q.actors(s).to_dict(),
        "actor directory by name": lambda s: q.actors(s, q="keller").to_dict(),
        "actor profile": lambda s: q.actor(s, code="AUTGOV"),
        "actor events": lambda s: q.actor_events(s, q.actor(s, code="RURMIL")).to_dict(),
        "actor quotes": lambda s: q.actor_quotes(s, q.actor(s, code="AUTGOV")).to_dict(),
        "events": lambda s: q.filter_events(s).to_dict(),
        "events of a pair": lambda s: q.filter_events(s, actor="CHNGOV", recipient="AUTGOV").to_dict(),
        "events by place": lambda s: q.filter_events(s, place="Vienna").to_dict(),
        "events in a month": lambda s: q.filter_events(s, since="2024-10", until="2024-10").to_dict(),
        "all events": lambda s: [dict(r) for r in q.all_events(s, actor="RUR")],
        "monthly timeline": lambda s: q.timeline(s, "CHNGOV", "AUTGOV", both_directions=True),
        "weekly timeline": lambda s: q.timeline(s, "RURMIL", interval="week"),
        "relations": lambda s: q.relations(s),
        "relations in a month": lambda s: q.relations(s, since="2024-10", until="2024-10"),
        "places": lambda s: q.list_places(s).to_dict(),
        "map": lambda s: q.event_locations(s),
        "outlets": lambda s: q.outlets(s),
        "event clusters": lambda s: clusters.event_clusters(s),
        "cluster timeline": lambda s: clusters.timeline(s, "RURMIL", include_quoted=True),
    }
    answers = []
    for store in (Store(tmp_path / "same.db"), open_store(pg_url)):
        for sample in sample_analyses():
            store.save(sample)
        clusters.update_clusters(store)
        answers.append({name: ask(store) for name, ask in asks.items()})
    sqlite, postgres = answers
    for name in asks:
        assert sqlite[name], f"{name}: the samples give no answer to compare"
        assert postgres[name] == sqlite[name], name


def test_exports_leave_out_the_rowid_column_postgres_adds(pg_url, tmp_path):
    from dyad.store import Store

    stores = [Store(tmp_path / "same.db"), open_store(pg_url)]
    for store in stores:
        store.save(analysis())
    for table in ("articles", "quotes", "actors"):
        sqlite_rows, postgres_rows = ([dict(r) for r in store.iter_table(table)] for store in stores)
        assert postgres_rows == sqlite_rows and "rowid" not in postgres_rows[0]


def test_a_database_from_before_the_rowid_columns_gets_them_numbered_in_storage_order(pg_url):
    from dyad.store import queries as q
    from dyad.store.postgres import ROWID_TABLES

    store = open_store(pg_url)
    store.save(analysis())
    for table in ROWID_TABLES:
        store.conn.execute(f"ALTER TABLE {table} DROP COLUMN rowid")
    store.close()
    store = open_store(pg_url)
    assert store.conn.execute("SELECT rowid FROM articles").fetchone()[0] == 1
    assert q.list_articles(store).items[0]["id"] == analysis().article.id


def _indexes(store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}


def test_a_fresh_store_has_the_indexes_that_postgres_reads_newest_first_and_word_searches_with(pg_url):
    from dyad.store.postgres import ORDER_INDEXES

    indexes = _indexes(open_store(pg_url))
    assert set(ORDER_INDEXES) <= indexes
    assert {"quotes_fts_text", "quotes_fts_speaker"} <= indexes


def test_a_store_with_one_quote_index_for_both_columns_gets_one_per_column(pg_url):
    from dyad.store import queries as q

    store = open_store(pg_url)
    store.save(analysis())
    store.conn.execute("DROP INDEX quotes_fts_text")
    store.conn.execute("DROP INDEX quotes_fts_speaker")
    store.conn.execute(
        "CREATE INDEX quotes_fts_search ON quotes_fts USING GIN"
        " (to_tsvector('english', coalesce(text, '') || ' ' || coalesce(speaker, '')))"
    )
    store.close()
    store = open_store(pg_url)
    indexes = _indexes(store)
    assert {"quotes_fts_text", "quotes_fts_speaker"} <= indexes and "quotes_fts_search" not in indexes
    assert [r["id"] for r in q.search_quotes(store, text="corridors").items] == ["Q1"]
