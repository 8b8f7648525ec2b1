"""The offline gazetteer: names, aliases, demonyms and regions resolve to the right entries."""

from __future__ import annotations

import numpy as np
import pytest

from dyad.geo import haversine_km, load_gazetteer, normalize_name
from dyad.geo.build import _division_point
from dyad.geo.gazetteer import cache_path, read_arrays, write_arrays


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_normal_form_folds_case_accents_stops_and_articles():
    assert normalize_name("the St. Louis") == normalize_name("Saint Louis") == "saint louis"
    assert normalize_name("U.S.") == normalize_name("US") == "us"
    assert normalize_name("Zürich") == "zurich"


def test_a_capital_is_among_the_readings_of_its_name_with_its_geonames_id(gaz):
    moscow = [e for e in gaz.lookup("Moscow") if e.kind == "city" and e.country == "RUS"]
    assert moscow and moscow[0].geonameid == 524901
    assert moscow[0].feature_code == "PPLC"


def test_homonyms_are_all_kept(gaz):
    countries = {e.country for e in gaz.lookup("Moscow") if e.kind == "city"}
    assert {"RUS", "USA"} <= countries


def test_an_oblast_is_found_as_region_and_as_oblast(gaz):
    region = gaz.lookup("Kursk region")
    oblast = gaz.lookup("Kursk Oblast")
    assert region and oblast
    assert region[0].index == oblast[0].index
    assert region[0].feature_code == "ADM1" and region[0].country == "RUS"


def test_a_province_is_found_with_the_word_province(gaz):
    assert any(e.feature_code == "ADM1" and e.country == "CAN" for e in gaz.lookup("Ontario province"))


def test_newspaper_abbreviations_of_states_and_provinces(gaz):
    assert gaz.lookup("Ky.")[0].name == "Kentucky"
    assert gaz.lookup("B.C.")[0].name == "British Columbia"


def test_short_names_of_large_cities(gaz):
    assert gaz.lookup("L.A.")[0].name == "Los Angeles"
    assert gaz.lookup("NYC")[0].name == "New York City"


def test_an_inverted_division_name_is_found_and_shown_uninverted(gaz):
    dagestan = gaz.lookup("Dagestan")[0]
    assert dagestan.feature_code == "ADM1" and dagestan.country == "RUS"
    assert dagestan.name == "Dagestan"


def test_a_country_is_found_by_its_other_names(gaz):
    assert gaz.lookup("Palestine")[0].country == "PSE"
    assert gaz.lookup("EU")[0].kind == "region"


def test_a_demonym_stands_for_its_country(gaz):
    assert gaz.demonym("Israeli").country == "ISR"
    assert gaz.demonym("Russians").country == "RUS"
    assert gaz.demonym("Moscow") is None


def test_country_aliases_news_uses(gaz):
    for alias in ("U.S.", "Britain", "UK"):
        assert gaz.lookup(alias)[0].kind == "country", alias


def test_world_regions_have_points(gaz):
    east_asia = gaz.lookup("East Asia")[0]
    assert east_asia.kind == "region"
    assert haversine_km(east_asia.lat, east_asia.lon, 35.0, 120.0) < 1500
    assert gaz.lookup("the Balkans")[0].kind == "region"


def test_continents_carry_their_geonames_ids(gaz):
    europe = gaz.lookup("Europe")[0]
    assert europe.kind == "continent" and europe.geonameid == 6255148


def test_a_county_knows_its_state(gaz):
    county = gaz.lookup("Laurel County")[0]
    assert county.feature_code == "ADM2" and county.admin1 == "Kentucky"


def test_a_division_point_lies_inside_the_division(gaz):
    texas = gaz.lookup("Texas")[0]
    assert 26 < texas.lat < 36 and -106 < texas.lon < -94


def test_a_division_across_the_antimeridian_is_placed_on_its_side():
    lat, lon = _division_point([(52.0, 178.0, 10), (53.0, -176.0, 10)])
    assert lat == pytest.approx(52.5)
    assert lon == pytest.approx(-179.0)


def test_haversine_london_to_paris():
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(344, abs=5)


def test_the_cache_lives_where_DYAD_CACHE_DIR_says(monkeypatch, tmp_path):
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path))
    assert cache_path().parent == tmp_path


def test_the_cache_file_round_trips_the_arrays(tmp_path):
    arrays = {"ids": np.arange(5, dtype=np.int32), "lat": np.array([1.5, -2.25], dtype=np.float32)}
    write_arrays(tmp_path / "index.bin", arrays)
    back = read_arrays(tmp_path / "index.bin")
    assert back["ids"].tolist() == [0, 1, 2, 3, 4]
    assert back["lat"].tolist() == [1.5, -2.25]
