"""The data model: ids, normalisation, JSON round-trip and the checked-in schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest

from dyad import schema
from dyad.model import Analysis, Article, Event, Mention, Modality, Quote, QuoteKind, Span, TimeExpression


def make_analysis() -> Analysis:
    text = 'The envoy said talks would resume. "We are ready," she said on Monday.'
    art = Article.from_text(text, title="Envoy", published=datetime(2025, 3, 3, tzinfo=UTC), outlet="Test Wire")
    return Analysis(
        extractor_version="test-1",
        article=art,
        sentences=[Span.of(text, 0, 34), Span.of(text, 35, len(text))],
        mentions=[Mention(id="M1", span=Span.of(text, 0, 9), label="NOMINAL", sentence=0)],
        quotes=[
            Quote(
                id="Q1",
                kind=QuoteKind.DIRECT,
                content=[Span.of(text, 36, 48)],
                cue=Span.of(text, 55, 59),
                speaker=Span.of(text, 51, 54),
            )
        ],
        events=[
            Event(
                id="E1",
                type="CONSULT",
                trigger=Span.of(text, 19, 24),
                sentence=Span.of(text, 0, 34),
                modality=Modality.INTENDED,
            )
        ],
        times=[TimeExpression(id="T1", span=Span.of(text, 63, 69), type="DATE", value="2025-03-03")],
    )


def test_article_id_is_a_hash_of_the_normalised_text():
    a = Article.from_text("Line one.\r\nLine two.")
    b = Article.from_text("Line one.\nLine two.")
    assert a.id == b.id
    assert a.text == "Line one.\nLine two."


def test_article_text_is_nfc_normalised_and_loses_nul_bytes():
    article = Article.from_text("Cafe\u0301\x00 opens")
    assert article.text == "Caf\u00e9 opens"


def test_published_given_means_metadata_source():
    article = Article.from_text("Text.", published=datetime(2025, 1, 1, tzinfo=UTC))
    assert article.published_source == "metadata"
    assert Article.from_text("Text.").published_source == "unknown"


def test_analysis_json_round_trip_is_lossless():
    analysis = make_analysis()
    again = Analysis.from_json(analysis.to_json())
    assert again == analysis


def test_span_copies_its_text():
    assert Span.of("abcdef", 1, 4).text == "bcd"


def test_every_span_of_the_sample_matches_the_text():
    analysis = make_analysis()
    for span in analysis.iter_spans():
        assert analysis.article.text[span.start : span.end] == span.text


def test_serialised_analysis_validates_against_the_checked_in_schema():
    schema.validate(json.loads(make_analysis().to_json()))


def test_schema_rejects_an_unknown_field():
    document = json.loads(make_analysis().to_json())
    document["article"]["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        schema.validate(document)


def test_checked_in_schema_and_its_doc_are_up_to_date():
    assert schema.main(["--check"]) == 0, "run `python -m dyad.schema`"


def test_reading_an_analysis_of_another_major_schema_version_fails():
    document = json.loads(make_analysis().to_json())
    document["schema_version"] = "99.0"
    with pytest.raises(ValueError, match="schema version"):
        Analysis.model_validate(document)
