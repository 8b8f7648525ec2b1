"""`dyad eval places`: reading the LGL / TR-News XML format and scoring recognition and resolution."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyad.errors import InputError
from dyad.evaluation.places import (
    UNRESOLVED_KM,
    GoldToponym,
    PlaceScores,
    PredictedToponym,
    command,
    read_corpus,
)

TEXT = "Flooding closed roads in Moscow and in Paris, Texas on Monday."

CORPUS = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <domain>www.example.com</domain>
    <dltime>2021-03-04 10:00:00.000000-05</dltime>
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><start>25</start><end>31</end><phrase>Moscow</phrase>
        <gaztag geonameid="524901"><name>Moscow</name><lat>55.75222</lat><lon>37.61556</lon></gaztag>
      </toponym>
      <toponym><start>39</start><end>44</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><lat>33.66094</lat><lon>-95.55551</lon></gaztag>
      </toponym>
      <toponym><start>46</start><end>51</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name><lat>31.25044</lat><lon>-99.25061</lon></gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "tiny.xml"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def test_reads_articles_toponyms_and_publication_time(corpus):
    (article,) = read_corpus(corpus)
    assert article.text == TEXT
    assert [t.phrase for t in article.toponyms] == ["Moscow", "Paris", "Texas"]
    assert article.toponyms[0].geonameid == 524901
    assert article.published is not None and article.published.utcoffset().total_seconds() == -5 * 3600
    assert article.outlet == "www.example.com"


def test_gold_offsets_a_character_off_are_moved_onto_their_phrase(tmp_path):
    path = tmp_path / "shifted.xml"
    path.write_text(CORPUS.replace("<start>25</start><end>31</end>", "<start>26</start><end>32</end>"))
    (article,) = read_corpus(path)
    first = article.toponyms[0]
    assert TEXT[first.start : first.end] == "Moscow"


def test_a_file_that_is_not_a_corpus_is_an_input_error(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<articles><article>")
    with pytest.raises(InputError):
        read_corpus(path)


def test_recognition_pairs_overlapping_spans_one_to_one():
    scores = PlaceScores()
    gold = [GoldToponym(0, 6, "Moscow"), GoldToponym(10, 15, "Paris")]
    scores.add(gold, [PredictedToponym(0, 6, None, None, None), PredictedToponym(20, 25, None, None, None)])
    summary = scores.summary()
    assert summary["recognition_p"] == 0.5
    assert summary["recognition_r"] == 0.5


def test_the_gold_geonames_entity_counts_as_exact_wherever_it_is_placed():
    scores = PlaceScores()
    gold = [GoldToponym(0, 6, "Canada", geonameid=6251999, lat=60.1, lon=-113.6)]
    scores.add(gold, [PredictedToponym(0, 6, 6251999, 60.0, -95.0)])
    summary = scores.summary()
    assert summary["acc_161km"] == 1.0
    assert summary["acc_161km_points"] == 0.0
    assert summary["geonameid_exact"] == 1.0


def test_an_unresolved_toponym_counts_as_a_resolution_error():
    scores = PlaceScores()
    scores.add([GoldToponym(0, 6, "Moscow", lat=55.75, lon=37.6)], [PredictedToponym(0, 6, None, None, None)])
    assert scores.errors_km == [UNRESOLVED_KM]
    assert scores.summary()["acc_161km"] == 0.0


@pytest.mark.slow
def test_command_prints_the_json_keys(corpus):
    result = CliRunner().invoke(command, ["--data", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    for key in (
        "recognition_p",
        "recognition_r",
        "recognition_f1",
        "acc_161km",
        "median_km",
        "geonameid_exact",
        "n_gold",
    ):
        assert key in summary
    assert summary["n_gold"] == 3
    assert summary["recognition_r"] == 1.0
    assert summary["acc_161km"] == 1.0


@pytest.mark.slow
def test_overhead_reports_parse_and_component_seconds(corpus):
    result = CliRunner().invoke(command, ["--data", str(corpus), "--overhead", "--json"])
    assert result.exit_code == 0, result.output
    timing = json.loads(result.output)
    assert timing["parse_s"] > 0 and timing["places_s"] >= 0 and "overhead_pct" in timing


@pytest.mark.slow
def test_command_on_the_shared_lgl_subset(shared_data):
    path = shared_data / "geo" / "gritta" / "data" / "Corpora" / "lgl.xml"
    if not path.exists():
        pytest.skip("lgl.xml is not in ../shared/data")
    result = CliRunner().invoke(command, ["--data", str(path), "--limit", "5", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["n_gold"] > 0
    assert summary["recognition_f1"] > 0.5
