"""The SQLite store: idempotent saves, atomic replacement, migrations, integrity."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from dyad.errors import NotFound, SchemaTooNew, StoreError
from dyad.model import Actor, Analysis, Article, Event, Mention, Quote, QuoteKind, Span
from dyad.store import Store, open_store
from dyad.store.schema import SCHEMA_VERSION

TEXT = 'Peru\'s trade minister met Chilean officials in Lima. "We agreed on a corridor," the minister said.'


def analysis(version: str = "v1", text: str = TEXT, mention_ids=("M1", "M2")) -> Analysis:
    art = Article.from_text(text, published=datetime(2025, 6, 10, tzinfo=UTC), outlet="Andes Daily")
    return Analysis(
        extractor_version=version,
        article=art,
        sentences=[Span.of(text, 0, 52)],
        mentions=[Mention(id=i, span=Span.of(text, 0, 4), label="GPE", actor_id="A1") for i in mention_ids],
        actors=[Actor(id="A1", name="Peru", kind="country", country="PER", code="PER")],
        quotes=[
            Quote(
                id="Q1",
                kind=QuoteKind.DIRECT,
                content=[Span.of(text, 54, 79)],
                speaker=Span.of(text, 82, 94),
                speaker_actor_id="A1",
                cue=Span.of(text, 95, 99),
            )
        ],
        events=[
            Event(id="E1", type="CONSULT", trigger=Span.of(text, 22, 25), sentence=Span.of(text, 0, 52), actors=["A1"])
        ],
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.db") as s:
        yield s


def test_a_new_database_has_the_current_schema(store):
    assert store.schema_version == SCHEMA_VERSION
    assert store.stats()["articles"] == 0


def test_saving_stores_the_article_and_each_kind_of_fact(store):
    assert store.save(analysis()) == "added"
    stats = store.stats()
    assert (stats["articles"], stats["mentions"], stats["actors"], stats["quotes"], stats["events"]) == (1, 2, 1, 1, 1)


def test_saving_the_same_analysis_again_is_a_no_op(store):
    store.save(analysis())
    assert store.save(analysis()) == "unchanged"
    assert store.stats()["articles"] == 1


def test_a_newer_extractor_version_replaces_the_facts(store):
    store.save(analysis("v1", mention_ids=("M1", "M2")))
    assert store.save(analysis("v2", mention_ids=("M1",))) == "replaced"
    stats = store.stats()
    assert stats["mentions"] == 1 and stats["extractor_versions"] == ["v2"]


def test_a_failed_replacement_leaves_the_previous_analysis_whole(store):
    store.save(analysis("v1"))
    broken = analysis("v2", mention_ids=("M1", "M1"))  # duplicate key: the insert fails half-way
    with pytest.raises(sqlite3.IntegrityError):
        store.save(broken)
    stats = store.stats()
    assert stats["extractor_versions"] == ["v1"]
    assert (stats["mentions"], stats["quotes"], stats["events"]) == (2, 1, 1)
    assert store.check_integrity() == []


def test_stored_analysis_reads_back_equal(store):
    original = analysis()
    store.save(original)
    assert store.analysis(original.article.id) == original
    assert store.analysis(original.article.id[:8]) == original


def test_unknown_article_id_raises_not_found(store):
    with pytest.raises(NotFound):
        store.analysis("0123456789")


def test_quotes_are_searchable_by_words(store):
    store.save(analysis())
    rows = store.conn.execute("SELECT quote_id FROM quotes_fts WHERE quotes_fts MATCH 'corridor'").fetchall()
    assert [r[0] for r in rows] == ["Q1"]


def test_event_rows_carry_actor_codes(store):
    store.save(analysis())
    assert store.conn.execute("SELECT actor_codes FROM events").fetchone()[0] == "PER"


def test_integrity_check_finds_a_span_that_does_not_match_its_text(store):
    bad = analysis()
    bad.mentions[0].span.text = "Chile"
    store.save(bad)
    assert any("does not match" in p for p in store.check_integrity())


def test_a_database_from_a_newer_dyad_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_open_store_accepts_a_sqlite_url(tmp_path):
    path = tmp_path / "u.db"
    store = open_store(f"sqlite:///{path}")
    store.save(analysis())
    store.close()
    assert Store(path).stats()["articles"] == 1


def test_csv_export_has_one_row_per_event_with_article_metadata(store):
    import csv
    import io

    from dyad.export import export_csv

    store.save(analysis())
    out = io.StringIO()
    assert export_csv(store, "events", out) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["type"] == "CONSULT" and row["article_outlet"] == "Andes Daily"


def test_two_processes_saving_overlapping_articles_store_each_once(tmp_path):
    import multiprocessing

    db = tmp_path / "shared.db"
    Store(db).close()
    texts = [f"{TEXT} Report {i}." for i in range(60)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_save_all, args=(str(db), texts if k == 0 else texts[::-1])) for k in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Store(db) as store:
        assert store.stats()["articles"] == 60
        assert store.stats()["mentions"] == 120
        assert store.check_integrity() == []


def _save_all(db: str, texts: list[str]) -> None:
    with Store(db) as store:
        for text in texts:
            store.save(analysis(text=text))
