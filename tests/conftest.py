"""Shared fixtures: one loaded pipeline per test session, and paths to the gold data when present."""

from __future__ import annotations

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
