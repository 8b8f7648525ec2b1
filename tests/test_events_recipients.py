"""How the event coder finds recipients: objects, prepositions, nouns and the phrases around them.

Every sentence here is written for its test.
"""

from __future__ import annotations

import pytest

from dyad.model import Article, Span
from dyad.nlp.pipeline import Analyzer


@pytest.fixture(scope="module")
def events():
    """events(text) -> the events of ``text``, main event of each sentence first."""
    analyzer = Analyzer(components=["dyad_mentions", "dyad_events"])

    def run(text: str):
        return analyzer.analyze(Article.from_text(text)).events

    return run


def main(events_list):
    assert events_list, "expected an event"
    return events_list[0]


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def test_a_date_after_a_recipient_preposition_does_not_hide_the_recipient(events):
    event = main(events("Norway lifted its trade embargo against Paraguay on Monday."))
    assert event.type == "RETREAT"
    assert texts(event.recipient_spans) == ["Paraguay"]


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (
            "The dockworkers' union called off its week-long strike against the shipping company.",
            ["the shipping company"],
        ),
        ("Oman lifted its blockade of Qatar.", ["Qatar"]),
        ("The cabinet accepted the demands by the farmers.", ["the farmers"]),
    ],
)
def test_an_event_noun_given_up_or_accepted_names_the_recipient_inside_it(events, text, recipients):
    assert texts(main(events(text)).recipient_spans) == recipients


def test_an_event_noun_ended_with_no_party_in_it_is_no_recipient(events):
    event = main(events("The pilots ended their strike on Tuesday."))
    assert (event.type, texts(event.recipient_spans)) == ("CONCEDE", [])


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        ("The rebel commander declared a unilateral truce in Mali on Sunday.", ["Mali"]),
        ("The militia surrendered in Chad.", ["Chad"]),
        ("Soldiers in Ghana attacked.", []),
    ],
)
def test_a_named_place_the_event_happens_in_is_the_recipient_when_no_party_is(events, text, recipients):
    assert texts(main(events(text)).recipient_spans) == recipients


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        ("The senator called for sanctions against Belarus.", ["Belarus"]),
        ("The opposition called for an inquiry into the ministry.", ["the ministry"]),
    ],
)
def test_an_event_noun_after_the_verbs_preposition_names_the_recipient(events, text, recipients):
    event = main(events(text))
    assert (event.type, texts(event.recipient_spans)) == ("REQUEST", recipients)


def test_the_purpose_clause_names_who_receives_what_is_given(events):
    event = main(events("Japan donated five hundred tents to help Nepal."))
    assert (event.type, texts(event.recipient_spans)) == ("AID", ["Nepal"])


def test_people_released_stay_the_recipients_whatever_the_purpose_clause(events):
    event = main(events("The court freed two journalists as part of a deal to release other prisoners."))
    assert texts(event.recipient_spans) == ["two journalists"]


def test_a_speaker_saying_someone_must_act_demands_it_of_them(events):
    event = main(events("Brazil said Paraguay must withdraw its troops from the border."))
    assert (event.type, event.cameo) == ("REQUEST", "100")
    assert (texts(event.actor_spans), texts(event.recipient_spans)) == (["Brazil"], ["Paraguay"])


def test_a_speaker_saying_it_must_act_makes_no_demand(events):
    event = main(events("Brazil said it must withdraw its troops from the border."))
    assert event.cameo != "100"


def test_a_recipient_preposition_deep_in_the_object_phrase_is_found(events):
    # The parser hangs "to" on "aid", inside the object "10 million euros in bilateral aid".
    event = main(events("Ireland annually provides 10 million euros in bilateral aid to the Palestinian people."))
    assert texts(event.recipient_spans) == ["the Palestinian people"]
