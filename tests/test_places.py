"""Places: toponyms found in the text, resolved against the offline gazetteer, and events located."""

from __future__ import annotations

import pytest

from dyad.geo import load_gazetteer
from dyad.nlp.places import Toponym, outlet_country, place_in_span, resolve_toponyms

pytestmark = pytest.mark.slow


def places_by_text(analysis):
    return {span.text: place for place in analysis.places for span in place.spans}


def test_a_bare_capital_name_is_the_capital(analyze):
    place = places_by_text(analyze("Officials in Moscow announced new curfews on Monday."))["Moscow"]
    assert place.country == "RUS"
    assert place.geonameid == 524901
    assert place.kind == "city"
    assert place.lat == pytest.approx(55.75, abs=0.2)


def test_a_qualifier_picks_the_homonym(analyze):
    place = places_by_text(analyze("A barn fire in Moscow, Idaho, destroyed two tractors."))["Moscow"]
    assert place.country == "USA"
    assert place.admin1 == "Idaho"


def test_the_state_named_elsewhere_in_the_article_picks_the_homonym(analyze):
    text = (
        "The council of Paris voted on Tuesday to repave the square. Residents across Texas "
        "followed the vote, and the mayor of Dallas sent a letter of support."
    )
    place = places_by_text(analyze(text))["Paris"]
    assert place.country == "USA" and place.admin1 == "Texas"


def test_a_region_of_a_country_written_as_region(analyze):
    place = places_by_text(analyze("Troops advanced deeper into the Kursk region overnight."))["Kursk region"]
    assert place.feature_code == "ADM1"
    assert place.country == "RUS"
    assert place.name == "Kursk Oblast"


def test_a_region_of_a_country_written_as_oblast(analyze):
    place = places_by_text(analyze("Shelling continued in the Belgorod Oblast, the governor said."))["Belgorod Oblast"]
    assert place.feature_code == "ADM1" and place.country == "RUS"


def test_world_regions_are_places_with_coordinates(analyze):
    places = places_by_text(analyze("Trade across East Asia slowed, while the Balkans braced for floods."))
    assert places["East Asia"].kind == "region"
    assert places["East Asia"].lat is not None
    assert places["Balkans"].kind == "region"


def test_washington_is_the_capital_unless_the_text_says_the_state(analyze):
    capital = places_by_text(analyze("Washington and Beijing resumed talks on tariffs."))["Washington"]
    assert capital.kind == "city" and capital.feature_code == "PPLC"
    state = places_by_text(analyze("Wildfires spread across Washington state, near Spokane and Yakima."))
    assert state["Washington state"].feature_code == "ADM1"


def test_the_article_context_reads_georgia_as_the_us_state(analyze):
    text = "Athens police closed two roads after the storm, Georgia officials said. Atlanta was spared."
    places = places_by_text(analyze(text))
    assert places["Georgia"].country == "USA" and places["Georgia"].feature_code == "ADM1"
    assert places["Athens"].admin1 == "Georgia"


def test_a_demonym_is_a_mention_of_its_country(analyze):
    place = places_by_text(analyze("Israeli troops entered the village at dawn."))["Israeli"]
    assert place.kind == "country" and place.country == "ISR"


def test_a_place_acting_as_government_stays_a_place(analyze):
    place = places_by_text(analyze("Moscow said the talks had failed."))["Moscow"]
    assert place.country == "RUS"


def test_every_mention_of_a_place_is_one_place_with_all_spans(analyze):
    analysis = analyze("Floods hit Vienna on Friday. By Sunday, Vienna had reopened its schools.")
    vienna = [p for p in analysis.places if p.name == "Vienna"]
    assert len(vienna) == 1
    assert [s.text for s in vienna[0].spans] == ["Vienna", "Vienna"]
    for span in vienna[0].spans:
        assert analysis.article.text[span.start : span.end] == span.text


def test_a_dateline_in_capitals_is_a_place(analyze):
    analysis = analyze("Budget vote delayed.\nSPOKANE -- The city council postponed its budget vote on Monday.")
    assert places_by_text(analysis)["SPOKANE"].admin1 == "Washington"


def test_a_demonym_heading_an_organisation_names_its_country(analyze):
    analysis = analyze("The American Farm Bureau Federation released new figures on Monday.")
    assert places_by_text(analysis)["American"].country == "USA"


def test_a_demonym_just_before_an_organisation_names_its_country(analyze):
    analysis = analyze("The Georgian Interior Ministry confirmed the arrests on Tuesday.")
    assert places_by_text(analysis)["Georgian"].country == "GEO"


def test_a_name_used_for_a_person_after_a_title_is_not_a_place(analyze):
    assert "Ripley" not in places_by_text(analyze("Coach Ripley praised the defence after Friday's game."))


def test_a_small_towns_name_as_the_speaker_is_a_person(analyze):
    places = places_by_text(analyze('"We did a good job," Altom said after the standoff ended in Gainesville.'))
    assert "Altom" not in places
    assert "Gainesville" in places


def test_a_surname_of_a_person_in_the_article_is_not_a_place(analyze):
    text = "Principal Carol Bingham opened the new wing. Students in Bingham classrooms now have laptops."
    assert "Bingham" not in places_by_text(analyze(text))


def test_place_in_span_prefers_the_place_after_a_locative_preposition(analyze):
    text = "Russian and Ukrainian envoys held talks in Vienna on Friday."
    analysis = analyze(text)
    place = place_in_span(analysis, 0, len(text))
    assert place is not None and place.name == "Vienna"


def test_place_in_span_is_none_when_the_clause_names_no_place(analyze):
    text = "Russian officials rejected the offer. Talks resumed in Geneva."
    analysis = analyze(text)
    assert place_in_span(analysis, 0, text.index(".") + 1) is None


def test_resolution_reads_names_in_the_light_of_each_other():
    # Offsets into "Athens Georgia Atlanta".
    toponyms = [Toponym(0, 6, "Athens"), Toponym(7, 14, "Georgia"), Toponym(15, 22, "Atlanta")]
    resolved = resolve_toponyms(toponyms, load_gazetteer())
    assert resolved["athens"].entry.admin1 == "Georgia"
    assert resolved["georgia"].entry.country == "USA"


def test_a_town_and_a_state_that_could_hold_it_support_each_other():
    # Offsets into "Albany police ... Georgia".
    resolved = resolve_toponyms([Toponym(0, 6, "Albany"), Toponym(20, 27, "Georgia")], load_gazetteer())
    assert resolved["albany"].entry.admin1 == "Georgia"
    assert resolved["georgia"].entry.feature_code == "ADM1"


def test_the_countrys_capital_keeps_georgia_the_country():
    toponyms = [Toponym(0, 7, "Tbilisi"), Toponym(20, 27, "Georgia"), Toponym(30, 36, "Moscow")]
    resolved = resolve_toponyms(toponyms, load_gazetteer())
    assert resolved["georgia"].entry.kind == "country"


def test_a_country_named_in_the_article_pulls_a_homonym_into_it():
    # Offsets into "Alexandria ... United States".
    toponyms = [Toponym(0, 10, "Alexandria"), Toponym(30, 43, "United States")]
    resolved = resolve_toponyms(toponyms, load_gazetteer())
    assert resolved["alexandria"].entry.country == "USA"


def test_a_name_alone_gets_its_most_prominent_reading():
    resolved = resolve_toponyms([Toponym(0, 7, "Georgia")], load_gazetteer())
    assert resolved["georgia"].entry.kind == "country"


def test_a_name_the_gazetteer_lacks_resolves_to_nothing():
    resolved = resolve_toponyms([Toponym(0, 12, "Qzxvillebrak")], load_gazetteer())
    assert resolved["qzxvillebrak"].entry is None


def test_outlet_country_from_the_domain():
    gaz = load_gazetteer()
    generic = frozenset({"tv"})
    assert outlet_country("www.cbc.ca", gaz, generic) == "CAN"
    assert outlet_country("news.example.co.uk", gaz, generic, {"uk": "GB"}) == "GBR"
    assert outlet_country("www.example.com", gaz, generic) is None
    assert outlet_country("station.tv", gaz, generic) is None


def test_washington_beside_moscow_and_china_is_the_us_capital(analyze):
    # Maine has towns called Moscow, China and Washington; only the US capital is a capital.
    text = "Envoys from Moscow flew to Washington on Tuesday. Beijing said China would not take sides."
    place = places_by_text(analyze(text))["Washington"]
    assert (place.geonameid, place.admin1) == (4140963, "District of Columbia")


def test_only_one_town_of_a_capitals_name_is_the_capital():
    gazetteer = load_gazetteer()
    capitals = [e for e in gazetteer.lookup("Washington", limit=40) if e.feature_code == "PPLC"]
    assert [e.geonameid for e in capitals] == [4140963]


def test_a_news_outlets_name_is_no_place(analyze):
    analysis = analyze("The Washington Post and the Los Angeles Times both ran the story about Kyiv.")
    names = places_by_text(analysis)
    assert "Washington" not in names and "Los Angeles" not in names
    assert "Kyiv" in names
