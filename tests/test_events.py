"""The event coder: PLOVER types, modality, participants, reciprocity, nominal events and links.

Every sentence here is written for its test. The pipeline is loaded with only the
components events need (entity mentions and the coder), so these tests pin the coder's
own behaviour; links to quotes, actors and places are tested with those facts given.
"""

from __future__ import annotations

import json

import pytest

from dyad.model import Analysis, Article, Mention, Modality, Place, Quote, QuoteKind, Span
from dyad.nlp.events import DATA_DIR, EventCoder, cameo_classes, default_lexicon, events_by_sentence
from dyad.nlp.pipeline import Analyzer

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


@pytest.fixture(scope="module")
def coder_pipeline() -> Analyzer:
    return Analyzer(components=["dyad_mentions", "dyad_events"])


@pytest.fixture(scope="module")
def events(coder_pipeline):
    """events(text) -> the events of ``text``, main event of each sentence first."""

    def run(text: str):
        return coder_pipeline.analyze(Article.from_text(text)).events

    return run


def main(events_list):
    assert events_list, "expected an event"
    return events_list[0]


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


# -- the sixteen PLOVER types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "event_type", "trigger"),
    [
        ("The cabinet agreed to a truce with the rebels.", "AGREE", "agreed"),
        ("The two foreign ministers met in Vienna on Monday.", "CONSULT", "met"),
        ("The president praised the coastguard for the rescue.", "SUPPORT", "praised"),
        ("The rebels conceded defeat after the vote.", "CONCEDE", "conceded"),
        ("The two navies cooperated on patrols in the strait.", "COOPERATE", "cooperated"),
        ("Japan donated rice to the flood victims.", "AID", "donated"),
        ("The army withdrew its troops from the border town.", "RETREAT", "withdrew"),
        ("The mayor demanded an apology from the governor.", "REQUEST", "demanded"),
        ("The opposition accused the governor of fraud.", "ACCUSE", "accused"),
        ("The parliament rejected the budget proposal.", "REJECT", "rejected"),
        ("The general threatened the strikers with arrest.", "THREATEN", "threatened"),
        ("Thousands of farmers protested against the new tax.", "PROTEST", "protested"),
        ("The republic expelled two diplomats of its neighbour.", "SANCTION", "expelled"),
        ("The ministry deployed troops along the border.", "MOBILIZE", "deployed"),
        ("Police arrested the editor of the newspaper.", "COERCE", "arrested"),
        ("Gunmen attacked a police station near the capital.", "ASSAULT", "attacked"),
    ],
)
def test_each_plover_type_is_coded_from_its_trigger(events, sentence, event_type, trigger):
    event = main(events(sentence))
    assert (event.type, event.trigger.text) == (event_type, trigger)


def test_cameo_code_fixes_quad_and_penta_class_and_intensity(events):
    event = main(events("Gunmen attacked a police station near the capital."))
    assert (event.cameo, event.quad_class, event.penta_class, event.intensity) == ("190", 4, 4, -10.0)


def test_mode_comes_with_the_cameo_code(events):
    event = main(events("The court freed the jailed journalist on Friday."))
    assert (event.type, event.mode, event.cameo) == ("RETREAT", "release", "0841")


def test_appeal_is_a_request_scored_as_a_statement_while_a_demand_is_verbal_conflict(events):
    appeal = main(events("The council urged the company to clean the river."))
    demand = main(events("The council demanded that the company clean the river."))
    assert (appeal.type, appeal.penta_class) == ("REQUEST", 0)
    assert (demand.type, demand.penta_class) == ("REQUEST", 3)


def test_cameo_classes_follow_the_two_digit_root():
    assert [cameo_classes(c) for c in ("020", "057", "0841", "112", "190")] == [(1, 0), (1, 1), (2, 2), (3, 3), (4, 4)]


# -- participants ---------------------------------------------------------------------------------


def test_subject_is_the_actor_and_object_the_recipient(events):
    event = main(events("Gunmen attacked a police station near the capital."))
    assert texts(event.actor_spans) == ["Gunmen"]
    assert texts(event.recipient_spans) == ["a police station"]


def test_passive_voice_takes_the_actor_from_the_by_phrase(events):
    event = main(events("The embassy was attacked by masked gunmen on Sunday."))
    assert event.type == "ASSAULT"
    assert texts(event.actor_spans) == ["masked gunmen"]
    assert texts(event.recipient_spans) == ["The embassy"]


def test_light_verb_lends_its_subject_to_the_event_noun(events):
    event = main(events("Government troops launched an offensive against the rebel stronghold."))
    assert (event.type, event.trigger.text) == ("ASSAULT", "offensive")
    assert texts(event.actor_spans) == ["Government troops"]
    assert texts(event.recipient_spans) == ["the rebel stronghold"]


def test_recipient_of_a_transfer_is_the_prepositional_object_not_the_thing_given(events):
    event = main(events("Washington suspended military aid to Pakistan last month."))
    assert event.type == "SANCTION"
    assert texts(event.recipient_spans) == ["Pakistan"]


def test_object_control_makes_the_urged_party_the_actor_of_the_wanted_event(events):
    found = events("The envoy urged the rebels to lay down their arms.")
    assert [e.type for e in found] == ["REQUEST", "RETREAT"]
    assert texts(found[1].actor_spans) == ["the rebels"]


def test_dates_are_not_participants(events):
    event = main(events("The ministry lifted the curfew on Tuesday."))
    assert event.type == "RETREAT"
    assert "Tuesday" not in " ".join(texts(event.recipient_spans))


# -- reciprocal and nominal events ----------------------------------------------------------------


def test_conjoined_subjects_of_an_agreement_are_all_actors(events):
    event = main(events("Armenia and Azerbaijan signed a truce in Moscow."))
    assert event.reciprocal
    assert texts(event.actor_spans) == ["Armenia", "Azerbaijan"]
    assert event.recipient_spans == []


def test_a_meeting_makes_both_sides_actors(events):
    event = main(events("The Iraqi prime minister will meet the Turkish president in Ankara."))
    assert (event.type, event.reciprocal) == ("CONSULT", True)
    assert texts(event.actor_spans) == ["The Iraqi prime minister", "the Turkish president"]


def test_talks_with_a_partner_are_reciprocal(events):
    event = main(events("The ministers held talks with their Chinese counterparts."))
    assert event.reciprocal
    assert texts(event.actor_spans) == ["The ministers", "their Chinese counterparts"]


def test_talks_between_two_parties_is_a_nominal_reciprocal_event(events):
    event = main(events("The talks between Iran and Oman collapsed after a day."))
    assert (event.type, event.trigger.text, event.reciprocal) == ("CONSULT", "talks", True)
    assert texts(event.actor_spans) == ["Iran", "Oman"]


def test_possessive_nominal_event_takes_actor_and_recipient_from_its_noun_phrase(events):
    event = main(events("Russia's invasion of Ukraine changed European politics."))
    assert (event.type, event.trigger.text) == ("ASSAULT", "invasion")
    assert texts(event.actor_spans) == ["Russia"]
    assert texts(event.recipient_spans) == ["Ukraine"]


def test_frame_noun_carries_the_event_noun(events):
    event = main(events("Kuwait launched a mediation effort between the two parties."))
    assert (event.type, event.trigger.text) == ("CONSULT", "mediation")
    assert texts(event.actor_spans) == ["Kuwait"]


# -- modality -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality"),
    [
        ("Soldiers attacked the village at dawn.", "attacked", Modality.ASSERTED),
        ("The alliance will support the new government.", "support", Modality.INTENDED),
        ("The city plans to deploy more police officers.", "deploy", Modality.INTENDED),
        ("The navy might transfer two frigates to the coastguard.", "transfer", Modality.HYPOTHETICAL),
        ("The union hopes to sign the accord with the employers.", "accord", Modality.DESIRED),
        ("The envoy urged the rebels to release the hostages.", "release", Modality.DESIRED),
        ("The army did not attack the village.", "attack", Modality.NEGATED),
        ("The government refused to release the detainees.", "release", Modality.NEGATED),
    ],
)
def test_modality_is_read_from_auxiliaries_negation_and_governing_verbs(events, sentence, trigger, modality):
    event = next(e for e in events(sentence) if e.trigger.text == trigger)
    assert event.modality == modality


def test_would_in_reported_speech_is_intended(events):
    event = main(events("The regime said it would allow access for relief workers."))
    assert (event.type, event.modality) == ("RETREAT", Modality.INTENDED)


def test_a_vow_to_use_force_is_a_threat(events):
    event = main(events("The militia vowed to retaliate against the police."))
    assert (event.type, event.trigger.text) == ("THREATEN", "vowed")
    assert texts(event.recipient_spans) == ["the police"]


def test_a_pledge_to_help_is_an_agreement(events):
    event = main(events("Norway pledged to help the refugees."))
    assert event.type == "AGREE"


# -- no event -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The economy grew by two percent last year.",
        "The minister said the economy grew by two percent.",
        "Officials rejected the accusations of torture.",
        "The spokesman declined to comment on the report.",
        "Attack helicopters flew over the parade.",
    ],
)
def test_sentences_without_an_event_give_none(events, sentence):
    assert events(sentence) == []


# -- order, links and annotations -----------------------------------------------------------------


def test_main_clause_event_comes_first_in_its_sentence(events):
    found = events("The council urged the army to withdraw its troops. Rebels shelled the airport.")
    assert [e.type for e in found] == ["REQUEST", "RETREAT", "ASSAULT"]


def test_events_by_sentence_groups_events_with_the_main_event_first(coder_pipeline):
    analysis = coder_pipeline.analyze(
        Article.from_text("The UN urged Iran to free the sailors. Police arrested a man.")
    )
    groups = events_by_sentence(analysis)
    assert [[e.type for e in g] for g in groups] == [["REQUEST", "RETREAT"], ["COERCE"]]


def _coded(nlp, text: str, **facts) -> Analysis:
    """Run the coder alone over ``text`` with given quotes, mentions or places in the analysis."""
    doc = nlp.make_doc(text)
    for _, pipe in nlp.pipeline:
        if not isinstance(pipe, EventCoder):
            doc = pipe(doc)
    doc._.dyad = Analysis(extractor_version="test", article=Article.from_text(text), **facts)
    coder = next(pipe for _, pipe in nlp.pipeline if isinstance(pipe, EventCoder))
    return coder(doc)._.dyad


def test_event_inside_a_quote_is_linked_to_it(coder_pipeline):
    text = 'The minister said: "Our soldiers attacked the camp."'
    start = text.index('"')
    quote = Quote(id="Q1", kind=QuoteKind.DIRECT, content=[Span.of(text, start, len(text))])
    analysis = _coded(coder_pipeline.nlp, text, quotes=[quote])
    assert main(analysis.events).quote_id == "Q1"


def test_narrator_event_has_no_quote(coder_pipeline):
    text = 'Soldiers attacked the camp. "It was quiet," a resident said.'
    quote = Quote(id="Q1", kind=QuoteKind.DIRECT, content=[Span.of(text, text.index('"'), len(text))])
    analysis = _coded(coder_pipeline.nlp, text, quotes=[quote])
    assert main(analysis.events).quote_id is None


def test_participants_get_the_actor_ids_of_their_mentions(coder_pipeline):
    text = "Serbia accused Kosovo of provocation."
    mentions = [
        Mention(id="M1", span=Span.of(text, 0, 6), label="GPE", actor_id="A1"),
        Mention(id="M2", span=Span.of(text, 15, 21), label="GPE", actor_id="A2"),
    ]
    event = main(_coded(coder_pipeline.nlp, text, mentions=mentions).events)
    assert (event.actors, event.recipients) == (["A1"], ["A2"])


def test_place_named_in_the_clause_locates_the_event(coder_pipeline):
    text = "Protesters burned tyres outside the embassy in Belgrade."
    start = text.index("Belgrade")
    place = Place(id="P1", name="Belgrade", spans=[Span.of(text, start, start + 8)], country="SRB", kind="city")
    event = main(_coded(coder_pipeline.nlp, text, places=[place]).events)
    assert event.place_id == "P1"


def test_find_returns_candidates_without_writing_annotations(coder_pipeline):
    nlp = coder_pipeline.nlp
    coder = next(pipe for _, pipe in nlp.pipeline if isinstance(pipe, EventCoder))
    doc = nlp.make_doc("Rebels shelled the airport.")
    for _, pipe in nlp.pipeline:
        if not isinstance(pipe, EventCoder) and pipe.__class__.__module__.startswith("spacy"):
            doc = pipe(doc)
    candidates = coder.find(doc)
    assert [(c.trigger.text, c.cameo, [a.text for a in c.actors]) for c in candidates] == [
        ("shelled", "194", ["Rebels"])
    ]


def test_event_spans_point_into_the_article_text(events):
    text = "In March, Iraqi troops launched an assault on the last rebel bastion."
    for event in events(text):
        for span in (event.trigger, event.sentence, *event.actor_spans, *event.recipient_spans):
            assert text[span.start : span.end] == span.text


# -- the lexicon ----------------------------------------------------------------------------------


def test_every_type_of_the_cameo_table_is_a_plover_type_and_all_sixteen_are_reachable():
    lexicon = default_lexicon()
    types = {code.type for code in lexicon.cameo.values()}
    assert types == PLOVER_TYPES


def test_every_trigger_uses_a_known_cameo_code():
    lexicon = default_lexicon()
    for table in (lexicon.verbs, lexicon.nouns):
        for entries in table.values():
            for entry in entries:
                assert entry.cameo == "none" or entry.cameo in lexicon.cameo, entry


def test_types_file_describes_every_plover_type():
    types = json.loads((DATA_DIR / "types.json").read_text())
    assert {k for k in types if not k.startswith("_")} == PLOVER_TYPES


# -- queries over coded events (dyad.events_summary) ----------------------------------------------


def _analysis_with_events(published: str, *specs: tuple[str, str, str, float, Modality, bool]) -> Analysis:
    """An analysis whose events go from actor code to recipient code: (type, actor, recipient, intensity, modality, reciprocal)."""
    from datetime import datetime

    from dyad.model import Actor, Event

    text = "Placeholder sentence for coded events."
    article = Article.from_text(text, published=datetime.fromisoformat(published))
    codes = sorted({c for spec in specs for c in spec[1:3]})
    actors = [Actor(id=f"A{i + 1}", name=c, code=c) for i, c in enumerate(codes)]
    ids = {a.code: a.id for a in actors}
    events = []
    for n, (event_type, actor, recipient, intensity, modality, reciprocal) in enumerate(specs, 1):
        quad = 4 if intensity < -5 else 1
        events.append(
            Event(
                id=f"E{n}",
                type=event_type,
                cameo="190" if quad == 4 else "040",
                quad_class=quad,
                intensity=intensity,
                actors=[ids[actor], ids[recipient]] if reciprocal else [ids[actor]],
                recipients=[] if reciprocal else [ids[recipient]],
                reciprocal=reciprocal,
                trigger=Span.of(text, 0, 11),
                sentence=Span.of(text, 0, len(text)),
                modality=modality,
            )
        )
    return Analysis(extractor_version="test", article=article, actors=actors, events=events)


def test_dyadic_summary_counts_and_averages_per_pair_and_month():
    from dyad.events_summary import dyadic_summary

    analyses = [
        _analysis_with_events(
            "2024-10-03T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.ASSERTED, False)
        ),
        _analysis_with_events(
            "2024-10-20T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -9.0, Modality.ASSERTED, False)
        ),
        _analysis_with_events(
            "2024-11-02T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.ASSERTED, False)
        ),
    ]
    rows = dyadic_summary(analyses, period="month")
    assert [(r["period"], r["actor"], r["recipient"], r["events"], r["mean_intensity"]) for r in rows] == [
        ("2024-10", "RUSMIL", "UKR", 2, -9.5),
        ("2024-11", "RUSMIL", "UKR", 1, -10.0),
    ]


def test_dyadic_summary_counts_only_asserted_events_by_default():
    from dyad.events_summary import dyadic_summary

    analysis = _analysis_with_events(
        "2024-10-03T00:00:00+00:00",
        ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.ASSERTED, False),
        ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.HYPOTHETICAL, False),
    )
    assert dyadic_summary([analysis])[0]["events"] == 1
    assert dyadic_summary([analysis], modalities=None)[0]["events"] == 2


def test_dyadic_summary_by_week_uses_iso_weeks_and_counts_reciprocal_events_both_ways():
    from dyad.events_summary import dyadic_summary

    analysis = _analysis_with_events(
        "2024-10-30T00:00:00+00:00", ("CONSULT", "USAGOV", "CHNGOV", 1.0, Modality.ASSERTED, True)
    )
    rows = dyadic_summary([analysis], period="week")
    assert [(r["period"], r["actor"], r["recipient"]) for r in rows] == [
        ("2024-W44", "CHNGOV", "USAGOV"),
        ("2024-W44", "USAGOV", "CHNGOV"),
    ]


def test_filter_events_matches_actor_code_prefix_type_and_date():
    from datetime import date

    from dyad.events_summary import filter_events

    analyses = [
        _analysis_with_events(
            "2024-10-03T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.ASSERTED, False)
        ),
        _analysis_with_events(
            "2024-11-03T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.ASSERTED, False)
        ),
        _analysis_with_events(
            "2024-11-04T00:00:00+00:00", ("CONSULT", "USAGOV", "RUSGOV", 1.0, Modality.ASSERTED, False)
        ),
    ]
    found = filter_events(analyses, actor="RUS", event_type="assault", since=date(2024, 11, 1))
    assert [(c.day.isoformat(), c.actor_codes, c.recipient_codes) for c in found] == [
        ("2024-11-03", ("RUSMIL",), ("UKR",))
    ]


def test_event_table_has_gdelt_columns_and_the_modality():
    from dyad.events_summary import event_table

    analysis = _analysis_with_events(
        "2024-10-03T00:00:00+00:00", ("ASSAULT", "RUSMIL", "UKR", -10.0, Modality.NEGATED, False)
    )
    (row,) = event_table([analysis])
    assert {k: row[k] for k in ("SQLDATE", "Actor1Code", "Actor2Code", "EventRootCode", "QuadClass", "Modality")} == {
        "SQLDATE": "20241003",
        "Actor1Code": "RUSMIL",
        "Actor2Code": "UKR",
        "EventRootCode": "19",
        "QuadClass": 4,
        "Modality": "negated",
    }


def test_participle_modifiers_are_not_events(events):
    assert events("Government-backed militias guarded the checkpoint.") == []


def test_troops_sent_for_peacekeeping_are_aid_not_mobilisation(events):
    event = main(events("Ghana is deploying 300 troops to the peacekeeping mission in Mali."))
    assert (event.type, event.cameo) == ("AID", "074")


def test_an_event_noun_after_a_preposition_is_a_reference_not_a_report(events):
    assert events("Officials spoke to reporters after the attack on the convoy.") == []


def test_event_in_a_relative_clause_is_background_with_half_confidence(events):
    found = events("The minister visited the families of farmers who were killed by the police.")
    killed = next(e for e in found if e.trigger.text == "killed")
    visit = next(e for e in found if e.trigger.text == "visited")
    assert killed.confidence < 0.5 <= visit.confidence


def test_event_someone_claims_is_background(events):
    event = main(events("The rebels claimed that they had attacked the airbase."))
    assert event.type == "ASSAULT"
    assert event.confidence < 0.5


def test_pronoun_subject_of_reported_speech_stands_for_the_speaker(events):
    event = main(events("The ministry said it would release the prisoners."))
    assert texts(event.actor_spans) == ["The ministry"]


def test_first_person_pronoun_is_kept_as_it_is(events):
    event = main(events("I attacked the fortress, the knight wrote."))
    assert texts(event.actor_spans) == ["I"]


def test_parties_agreeing_to_act_on_a_third_are_not_reciprocal(events):
    event = main(events("Bahrain and Kuwait agreed to lift the ban on Egyptian farmers."))
    assert (event.type, event.reciprocal) == ("AGREE", False)
    assert texts(event.actor_spans) == ["Bahrain", "Kuwait"]


def test_of_phrase_is_the_recipient_only_when_no_other_preposition_names_one(events):
    event = main(events("Denmark announced a suspension of aid to Egypt."))
    assert texts(event.recipient_spans) == ["Egypt"]


# --- recipients: objects, prepositions, nouns and the phrases around them


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


def test_a_meeting_named_as_the_occasion_of_a_clause_is_coded_below_it(events):
    found = events("The foreign minister warned on Friday during talks in Paris with her German counterpart.")
    meeting = next(e for e in found if e.trigger.text == "talks")
    assert (meeting.type, meeting.reciprocal) == ("CONSULT", True)
    assert texts(meeting.actor_spans) == ["The foreign minister", "her German counterpart"]
    assert found[0].trigger.text != "talks"  # the clause's own report stays the main event


@pytest.mark.parametrize(
    "sentence",
    [
        "The foreign minister warned of new sanctions during the talks.",
        "The senator criticised the plan in an interview with The Washington Post.",
        "The senator criticised the plan in a conversation with reporters.",
    ],
)
def test_a_meeting_without_a_party_named_is_no_meeting_in_passing(events, sentence):
    found = events(sentence)
    assert not [e for e in found if e.trigger.text in ("talks", "interview", "conversation")]


def test_the_meeting_of_an_inverted_cue_is_its_speakers(analyze):
    analysis = analyze(
        "Serbia will support Hungary in its bitter fight against the floods until victory, stated Foreign "
        "Minister Anna Kiss on Friday during talks in Rome with Italian Foreign Minister Marco Bellini."
    )
    meeting = next(e for e in analysis.events if e.trigger.text == "talks")
    assert [s.text for s in meeting.actor_spans] == [
        "Foreign Minister Anna Kiss",
        "Italian Foreign Minister Marco Bellini",
    ]


@pytest.mark.parametrize(
    ("sentence", "event_type", "actor", "recipient"),
    [
        ("The withdrawal of Russian troops from Kherson began on Friday.", "RETREAT", ["Russian troops"], ["Kherson"]),
        (
            "The deployment of Chilean forces to the border began on Monday.",
            "MOBILIZE",
            ["Chilean forces"],
            ["the border"],
        ),
    ],
)
def test_forces_that_deploy_or_withdraw_are_the_actor_not_the_recipient(events, sentence, event_type, actor, recipient):
    event = main(events(sentence))
    assert (event.type, texts(event.actor_spans), texts(event.recipient_spans)) == (event_type, actor, recipient)


def test_both_sides_are_the_two_parties_the_text_was_last_about(analyze):
    analysis = analyze(
        "Chilean Foreign Minister Ana Ruiz met Peruvian Foreign Minister Jorge Vega in Lima on Monday. "
        "Both sides agreed to reopen the border crossing."
    )
    agreement = next(e for e in analysis.events if e.trigger.text == "agreed")
    codes = {analysis.actor(i).code for i in agreement.actors}
    assert codes == {"CHLGOV", "PERGOV"}


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("The watchdog issued a statement urging the council to release the prisoners.", ["The watchdog"]),
        ("The rebels sent a letter calling on the governor to resign.", ["The rebels"]),
        ("The navy reaffirmed its commitment to support the coastguard with patrol boats.", ["The navy"]),
    ],
)
def test_the_act_of_a_statement_or_pledge_is_its_issuers(events, text, actors):
    assert texts(main(events(text)).actor_spans) == actors


def test_the_one_urged_to_act_stays_the_recipient_of_the_urging(events):
    event = main(events("The watchdog urged the council to release the prisoners."))
    assert (event.type, texts(event.recipient_spans)) == ("REQUEST", ["the council"])


def test_an_apposition_that_renames_a_participant_is_part_of_its_span(events):
    event = main(events("The then mayor, Ana Ruiz, rejected the proposal."))
    assert texts(event.actor_spans) == ["The then mayor, Ana Ruiz"]


@pytest.mark.parametrize(
    ("text", "actors", "recipients"),
    [
        ("Peru signed a truce with the guerrillas on Sunday.", ["Peru"], ["the guerrillas"]),
        ("The kingdom established diplomatic ties with the island republic.", ["The kingdom"], ["the island republic"]),
    ],
)
def test_a_mutual_act_done_by_one_subject_with_a_partner_is_one_sided(events, text, actors, recipients):
    event = main(events(text))
    assert (event.reciprocal, texts(event.actor_spans), texts(event.recipient_spans)) == (False, actors, recipients)


def test_a_mutual_act_of_two_subjects_stays_mutual(events):
    event = main(events("Peru and the guerrillas signed a truce."))
    assert (event.reciprocal, texts(event.actor_spans)) == (True, ["Peru", "the guerrillas"])


def test_talks_with_a_partner_stay_mutual(events):
    event = main(events("Peru held talks with the guerrillas."))
    assert (event.reciprocal, texts(event.actor_spans)) == (True, ["Peru", "the guerrillas"])


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        ("The senator said the blockade of the port must end soon.", ["the blockade of the port"]),
        ("The envoy said the militias must ensure safety and provide food to the villagers.", ["the militias"]),
    ],
)
def test_a_speaker_saying_someone_must_act_demands_it_even_without_a_trigger(events, text, recipients):
    event = main(events(text))
    assert (event.type, event.cameo, texts(event.recipient_spans)) == ("REQUEST", "100", recipients)
    assert texts(event.actor_spans) in (["The senator"], ["The envoy"])


def test_a_speaker_saying_it_must_act_demands_nothing_even_without_a_trigger(events):
    assert all(e.cameo != "100" for e in events("The envoy said it must act."))


def test_two_parties_agreeing_to_share_a_thing_agree_with_each_other(events):
    event = main(events("Chile and Peru have agreed to share data on fishing fleets."))
    assert (event.type, event.reciprocal, texts(event.actor_spans), event.recipient_spans) == (
        "AGREE",
        True,
        ["Chile", "Peru"],
        [],
    )


def test_forces_mobilized_are_what_moves_and_the_assault_names_the_recipient(events):
    event = main(events("The junta mobilized the army for an assault against the rebels."))
    assert (event.type, texts(event.recipient_spans)) == ("MOBILIZE", ["the rebels"])


def test_forces_mobilized_with_no_target_are_no_recipient(events):
    event = main(events("The regime mobilized its police."))
    assert (event.type, event.recipient_spans) == ("MOBILIZE", [])


def test_the_place_of_an_event_noun_agreed_to_is_the_recipient_when_no_party_is(events):
    event = main(events("The rebels agreed to a ceasefire in Chad."))
    assert (event.type, texts(event.recipient_spans)) == ("AGREE", ["Chad"])


@pytest.mark.parametrize(
    "text",
    ["Ghana is willing to withdraw its troops from the border.", "Norway is ready to provide aid to the refugees."],
)
def test_the_subject_of_willing_or_ready_is_the_actor_of_what_follows(events, text):
    assert texts(main(events(text)).actor_spans) == [text.split()[0]]


@pytest.mark.parametrize(
    "text",
    ["The senator called for sanctions against Belarus.", "The union urged the workers to protest against the war."],
)
def test_an_appeal_for_a_hostile_act_is_a_demand(events, text):
    assert main(events(text)).cameo == "100"


def test_an_appeal_for_a_cooperative_act_stays_an_appeal(events):
    assert main(events("The envoy urged the rebels to release the hostages.")).cameo == "020"


def test_a_decision_taken_is_the_act_itself(events):
    event = main(events("Norway decided to ease the sanctions on the island."))
    assert (event.type, event.modality) == ("RETREAT", Modality.ASSERTED)


def test_a_plan_stays_intended(events):
    event = main(events("Norway plans to ease the sanctions on the island."))
    assert (event.type, event.modality) == ("RETREAT", Modality.INTENDED)


def test_reaffirming_that_someone_must_act_is_a_demand(events):
    event = main(events("The council reaffirmed that the militias must respect the border."))
    assert (event.cameo, texts(event.recipient_spans)) == ("100", ["the militias"])
