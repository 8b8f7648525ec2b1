"""The TimeML scorer: reading .tml files into text with gold spans, and the TempEval-3 measures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from dyad.evaluation.timeml import GoldTimex, SystemTimex, TimexScores, command, read_folder, read_timeml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-11-06" temporalFunction="false" functionInDocument="CREATION_TIME">20241106</TIMEX3></DCT>
<TEXT>
The ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-11-01">Friday</TIMEX3> &amp; agreed to talk for <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def tml_dir(tmp_path):
    (tmp_path / "doc1.tml").write_text(TML, encoding="utf-8")
    return tmp_path


def test_reader_rebuilds_text_without_tags_and_unescapes_entities(tml_dir):
    doc = read_timeml(tml_dir / "doc1.tml")
    assert "The ministers met Friday & agreed" in doc.text


def test_reader_places_gold_spans_on_the_rebuilt_text(tml_dir):
    doc = read_timeml(tml_dir / "doc1.tml")
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["Friday", "two years"]


def test_reader_takes_the_dct_as_anchor_and_does_not_score_it(tml_dir):
    doc = read_timeml(tml_dir / "doc1.tml")
    assert doc.dct == datetime(2024, 11, 6, tzinfo=UTC)
    assert all(g.value != "2024-11-06" for g in doc.gold)


def test_relaxed_match_counts_overlap_but_strict_needs_the_exact_span():
    scores = TimexScores()
    scores.add([GoldTimex(10, 16, "DATE", "2024-11-01")], [SystemTimex(7, 16, "DATE", "2024-11-01")])
    figures = scores.figures()
    assert (figures["relaxed_f1"], figures["strict_f1"]) == (1.0, 0.0)


def test_value_f1_is_relaxed_f1_times_value_accuracy():
    scores = TimexScores()
    gold = [GoldTimex(0, 5, "DATE", "2024"), GoldTimex(10, 15, "DATE", "2023"), GoldTimex(20, 25, "DATE", "2022")]
    system = [SystemTimex(0, 5, "DATE", "2024"), SystemTimex(10, 15, "DATE", "2020")]
    scores.add(gold, system)
    figures = scores.figures()
    assert figures["value_accuracy"] == 0.5
    assert figures["value_f1"] == round(figures["relaxed_f1"] * 0.5, 4)


def test_a_week_number_compares_equal_with_or_without_its_leading_zero():
    scores = TimexScores()
    gold = [GoldTimex(0, 9, "DATE", "2000-W7"), GoldTimex(10, 19, "DATE", "2000-W17")]
    system = [SystemTimex(0, 9, "DATE", "2000-W07"), SystemTimex(10, 19, "DATE", "2000-W07")]
    scores.add(gold, system)
    figures = scores.figures()
    assert (figures["value_accuracy"], figures["value_accuracy_exact"]) == (0.5, 0.0)


def test_one_system_span_matches_only_one_gold_span_for_value_and_type():
    scores = TimexScores()
    scores.add([GoldTimex(0, 5, "DATE", "2024"), GoldTimex(6, 9, "DATE", "2024")], [SystemTimex(0, 9, "DATE", "2024")])
    assert scores.matched == 1


def test_command_prints_the_json_keys_issue_5_asks_for(tml_dir):
    result = CliRunner().invoke(command, ["--data", str(tml_dir), "--json", "--only-time"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    keys = {"relaxed_f1", "strict_f1", "value_accuracy", "type_accuracy", "value_f1", "n_gold", "docs_per_second"}
    assert keys <= figures.keys()
    assert (figures["n_gold"], figures["relaxed_f1"]) == (2, 1.0)


def test_a_folder_without_tml_files_is_a_clear_error(tmp_path):
    from dyad.errors import InputError

    with pytest.raises(InputError, match="no .tml files"):
        read_folder(tmp_path)


def test_scores_on_a_few_shared_tempeval3_documents(shared_data, tmp_path):
    folder = shared_data / "time" / "tempeval3"
    if not folder.is_dir():
        pytest.skip("tempeval3 data is not present")
    sample = sorted(folder.rglob("*.tml"))[:6]
    for path in sample:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--json", "--only-time"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["relaxed_f1"] >= 0.8
    assert figures["value_accuracy"] >= 0.7
