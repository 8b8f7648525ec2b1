"""Shared fixtures: one loaded pipeline per test session, paths to the gold data when present, and an empty
PostgreSQL database when a server is given (DYAD_TEST_PG)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def analyzer():
    """The full dyad pipeline (spaCy model + every available component), loaded once."""
    from dyad.nlp.pipeline import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def analyze(analyzer):
    """analyze(text, published=None, **meta) -> Analysis, through the full pipeline."""
    from datetime import datetime

    from dyad.model import Article, PublishedSource

    def run(text: str, published: str | None = None, **meta):
        if published is not None:
            meta["published"] = datetime.fromisoformat(published)
            meta["published_source"] = PublishedSource.USER
        return analyzer.analyze(Article.from_text(text, **meta))

    return run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip the test when it is not beside the checkout."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


def empty_pg_database() -> str:
    """The URL of the PostgreSQL server in DYAD_TEST_PG, its database emptied; skips the test without one
    (fails it in CI). The server comes from scripts/pg-test-server.sh (run by `make test` and `.ci/run`)."""
    url = os.environ.get("DYAD_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide a PostgreSQL server (DYAD_TEST_PG); see scripts/pg-test-server.sh")
        pytest.skip("no PostgreSQL server: set DYAD_TEST_PG (scripts/pg-test-server.sh start prints one)")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url


@pytest.fixture
def pg_url() -> str:
    """An emptied PostgreSQL database (see `empty_pg_database`)."""
    return empty_pg_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request) -> str:
    """Runs a test once on SQLite and once on PostgreSQL (skipped without a server)."""
    return request.param


@pytest.fixture
def empty_store(engine, tmp_path, request):
    """A new, empty store of each engine: a SQLite file, or the emptied PostgreSQL test database."""
    from dyad.store import open_store

    store = open_store(request.getfixturevalue("pg_url") if engine == "postgresql" else tmp_path / "store.db")
    yield store
    store.close()
