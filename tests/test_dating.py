"""Quotes and events get the date their own sentence gives, else the publication date, and say which."""

from __future__ import annotations

from datetime import UTC, datetime

from dyad.model import Analysis, Article, Event, Quote, QuoteKind, Span, TimeExpression
from dyad.nlp.dating import FactDating, choose_time

TEXT = (
    "The minister said on Friday that talks would resume next week. "
    "Troops crossed the border. "
    "Rebels attacked the town on October 29."
)
SENTENCES = [(0, 62), (63, 89), (90, 129)]


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span.of(text, start, start + len(part))


def timex(id_: str, part: str, value: str, type_: str = "DATE") -> TimeExpression:
    return TimeExpression(id=id_, span=span(TEXT, part), type=type_, value=value, anchor="publication")


def make_analysis(published: datetime | None) -> Analysis:
    article = Article.from_text(TEXT, published=published)
    analysis = Analysis(extractor_version="test", article=article)
    analysis.times = [
        timex("T1", "Friday", "2024-11-01"),
        timex("T2", "next week", "2024-W45"),
        timex("T3", "October 29", "2024-10-29"),
    ]
    analysis.quotes = [
        Quote(
            id="Q1",
            kind=QuoteKind.INDIRECT,
            content=[span(TEXT, "talks would resume next week")],
            cue=span(TEXT, "said"),
            speaker=span(TEXT, "The minister"),
        )
    ]
    analysis.events = [
        Event(id="E1", type="MOBILIZE", trigger=span(TEXT, "crossed"), sentence=Span.of(TEXT, *SENTENCES[1])),
        Event(id="E2", type="ASSAULT", trigger=span(TEXT, "attacked"), sentence=Span.of(TEXT, *SENTENCES[2])),
    ]
    return analysis


def date_all(analysis: Analysis) -> Analysis:
    dating = FactDating()
    dating.set_annotations(dating.find(analysis, SENTENCES))
    return analysis


def test_event_takes_the_date_in_its_own_sentence():
    analysis = date_all(make_analysis(datetime(2024, 11, 3, tzinfo=UTC)))
    assert (analysis.events[1].date, analysis.events[1].date_source) == ("2024-10-29", "text")


def test_event_without_a_date_in_its_sentence_takes_the_publication_date():
    analysis = date_all(make_analysis(datetime(2024, 11, 3, tzinfo=UTC)))
    assert (analysis.events[0].date, analysis.events[0].date_source) == ("2024-11-03", "publication")


def test_quote_is_dated_by_when_it_was_said_not_by_what_it_says():
    analysis = date_all(make_analysis(datetime(2024, 11, 3, tzinfo=UTC)))
    assert (analysis.quotes[0].date, analysis.quotes[0].date_source) == ("2024-11-01", "text")


def test_without_publication_date_an_undated_event_stays_unknown():
    analysis = date_all(make_analysis(None))
    assert (analysis.events[0].date, analysis.events[0].date_source) == (None, "unknown")


def test_durations_and_vague_references_do_not_date_a_fact():
    times = [
        TimeExpression(id="T1", span=span(TEXT, "Troops"), type="DURATION", value="P2Y", anchor="absolute"),
        TimeExpression(id="T2", span=span(TEXT, "border"), type="DATE", value="PAST_REF", anchor="absolute"),
    ]
    assert choose_time(times, SENTENCES[1], focus=70) is None


def test_the_time_nearest_the_trigger_wins_when_a_sentence_has_several():
    text = "On Monday talks failed, and on Tuesday rebels attacked."
    times = [
        TimeExpression(id="T1", span=span(text, "Monday"), type="DATE", value="2024-10-28"),
        TimeExpression(id="T2", span=span(text, "Tuesday"), type="DATE", value="2024-10-29"),
    ]
    assert choose_time(times, (0, len(text)), focus=text.index("attacked")).id == "T2"


def test_the_pipeline_component_dates_an_event_from_its_sentence(analyzer):
    text = "Rebels attacked the town on October 29."
    article = Article.from_text(text, published=datetime(2024, 11, 3, tzinfo=UTC))
    analysis = Analysis(extractor_version="test", article=article)
    analysis.events.append(
        Event(id="E99", type="ASSAULT", trigger=span(text, "attacked"), sentence=Span.of(text, 0, len(text)))
    )
    doc = analyzer.nlp.make_doc(text)
    doc._.dyad = analysis
    doc = analyzer.nlp(doc)
    event = next(e for e in doc._.dyad.events if e.id == "E99")
    assert (event.date, event.date_source) == ("2024-10-29", "text")


def test_an_event_reported_on_one_day_is_dated_by_the_day_it_happened(analyze):
    analysis = analyze(
        "Officials said on Friday that troops shelled the town on Oct. 29.", published="2024-11-06T09:00:00+00:00"
    )
    shelling = next(e for e in analysis.events if e.trigger.text == "shelled")
    assert (shelling.date, shelling.date_source) == ("2024-10-29", "text")


def test_a_report_of_an_undated_event_still_dates_it_by_its_sentence(analyze):
    analysis = analyze("Officials said on Friday that troops shelled the town.", published="2024-11-06T09:00:00+00:00")
    shelling = next(e for e in analysis.events if e.trigger.text == "shelled")
    assert (shelling.date, shelling.date_source) == ("2024-11-01", "text")


def test_a_quote_is_dated_by_the_day_hung_on_its_cue(analyze):
    analysis = analyze(
        "The minister, who took office on Oct. 1, said on Friday that the talks had failed.",
        published="2024-11-06T09:00:00+00:00",
    )
    quote = next(q for q in analysis.quotes if q.cue is not None and q.cue.text == "said")
    assert (quote.date, quote.date_source) == ("2024-11-01", "text")


def test_an_event_some_days_later_is_dated_by_the_day_the_length_reaches(analyze):
    analysis = analyze(
        "Troops shelled the town on Oct. 12. Three days later, rebels attacked the airport.",
        published="2024-11-06T09:00:00+00:00",
    )
    length = next(t for t in analysis.times if t.type == "DURATION")
    assert (length.span.text, length.value) == ("Three days", "P3D")
    assert "reaches" not in analysis.to_json()  # derived for dating, not part of the stored analysis
    attack = next(e for e in analysis.events if e.trigger.text == "attacked")
    assert (attack.date, attack.date_source) == ("2024-10-15", "text")
