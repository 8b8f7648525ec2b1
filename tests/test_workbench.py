"""The Python API an analyst uses in a notebook: analyze, analyze_many, open → rows and DataFrames, render."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import dyad
from dyad.model import Actor, Analysis, Article, Event, Modality, Place, Quote, QuoteKind, Span
from dyad.store import Store

TEXT = 'Russian troops shelled Kharkiv on Monday. "We will respond," the Ukrainian defence minister said.'


def stored(path) -> Store:
    art = Article.from_text(
        TEXT, published=datetime(2025, 2, 5, tzinfo=UTC), outlet="Kyiv Desk", url="https://k.example/1"
    )
    analysis = Analysis(
        extractor_version="t",
        article=art,
        actors=[
            Actor(id="A1", name="Russia military", kind="group", country="RUS", sector="MIL", code="RUSMIL"),
            Actor(id="A2", name="Ukraine", kind="country", country="UKR", code="UKR"),
            Actor(id="A3", name="the Ukrainian defence minister", kind="person", country="UKR", code="UKRGOV"),
        ],
        places=[Place(id="P1", name="Kharkiv", spans=[Span.of(TEXT, 23, 30)], country="UKR", lat=49.99, lon=36.23)],
        quotes=[
            Quote(id="Q1", kind=QuoteKind.DIRECT, content=[Span.of(TEXT, 42, 60)], speaker_actor_id="A3", date="2025-02-05")
        ],
        events=[
            Event(id="E1", type="ASSAULT", mode="aerial", cameo="195", quad_class=4, penta_class=4, intensity=-10.0,
                  actors=["A1"], recipients=["A2"], trigger=Span.of(TEXT, 15, 22), sentence=Span.of(TEXT, 0, 41),
                  date="2025-02-03", date_source="text", place_id="P1"),
            Event(id="E2", type="THREATEN", actors=["A2"], recipients=["A1"], trigger=Span.of(TEXT, 51, 58),
                  sentence=Span.of(TEXT, 42, len(TEXT)), modality=Modality.INTENDED, quote_id="Q1", date="2025-02-05",
                  date_source="publication"),
        ],
    )  # fmt: skip
    store = Store(path)
    store.save(analysis)
    return store


def test_analyze_anchors_relative_dates_to_the_given_publication_date():
    analysis = dyad.analyze("Officials from Chile and Peru met in Lima on Tuesday.", published="2025-06-12")
    assert analysis.article.published_source == "user"
    assert "2025-06-10" in [t.value for t in analysis.times]


def test_analyze_many_accepts_texts_dicts_and_articles_in_order():
    items = [
        "Chile signed the deal.",
        {"text": "Peru rejected it.", "outlet": "Lima Post"},
        Article.from_text("Bolivia waited."),
    ]
    results = list(dyad.analyze_many(items))
    assert [r.article.text for r in results] == ["Chile signed the deal.", "Peru rejected it.", "Bolivia waited."]
    assert results[1].article.outlet == "Lima Post"


def test_events_frame_has_one_typed_row_per_event_with_gdelt_like_columns(tmp_path):
    stored(tmp_path / "w.db").close()
    frame = dyad.open(tmp_path / "w.db").events(as_frame=True)
    assert len(frame) == 2
    first = frame.iloc[0]
    assert (first["actor"], first["recipient"], first["type"], first["cameo"]) == ("RUSMIL", "UKR", "ASSAULT", "195")
    assert first["place"] == "Kharkiv" and first["lat"] == pytest.approx(49.99) and first["cameo_root"] == "19"
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["published"].dtype).startswith("datetime64") and "UTC" in str(frame["published"].dtype)
    assert str(frame["type"].dtype) == "category"
    assert list(frame["narrator"]) == [True, False]
    assert list(frame.columns[:3]) == ["event_id", "date", "date_source"]


def test_events_filter_by_code_prefix_and_narrator(tmp_path):
    stored(tmp_path / "w.db").close()
    data = dyad.open(tmp_path / "w.db")
    assert [e["type"] for e in data.events(actor="RUS")] == ["ASSAULT"]
    assert [e["type"] for e in data.events(recipient="RUS")] == ["THREATEN"]
    assert [e["type"] for e in data.events(narrator_only=True)] == ["ASSAULT"]
    assert data.events(modality="negated") == []


def test_actors_frame_lists_the_knowledge_base(tmp_path):
    stored(tmp_path / "w.db").close()
    frame = dyad.open(tmp_path / "w.db").actors(as_frame=True)
    assert set(frame["code"]) >= {"RUSMIL", "UKR"}


def test_render_escapes_article_text_and_uses_no_script():
    text = 'The envoy said <script>alert(1)</script> and <img src=x onerror="alert(2)"> in Lima.'
    html = dyad.render(dyad.analyze(text, title="<b>headline</b>"))
    assert "<script>" not in html and "<img" not in html and "<b>headline" not in html
    assert "script&gt;alert(1)&lt;/script&gt;" in html and "onerror=&#34;" in html


def test_an_analysis_shows_itself_as_html_in_jupyter():
    analysis = dyad.analyze("Chile and Peru met in Lima on Monday.", published="2025-06-12")
    html = analysis._repr_html_()
    assert "Lima" in html and "dyad-analysis" in html
