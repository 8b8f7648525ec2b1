"""`dyad eval quotes`: reading PolNeAR's brat layout, matching by character Jaccard, and the reported scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.evaluation.quotes import (
    Attribution,
    Document,
    command,
    greedy_pairs,
    jaccard,
    merge_ranges,
    read_ann,
    read_corpus,
    score,
)

TEXT = "Officials said the bridge will reopen. “We are ready,” the mayor said.\n"

ANN = "\n".join(
    [
        "T1\tSource 0 9\tOfficials",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 37\tthe bridge will reopen",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tContent 39 54\t“We are ready,”",
        "T6\tSource 55 64\tthe mayor",
        "T7\tCue 65 69\tsaid",
        "T8\tAttribution 65 69\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
    ]
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A one-text corpus in PolNeAR's layout, with a second annotator's file that must be ignored."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "paper_2016-01-01_bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "paper_2016-01-01_bridge_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "paper_2016-01-01_bridge_bbbb.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_texts_match_their_annotation_offsets():
    assert TEXT[15:37] == "the bridge will reopen" and TEXT[39:54] == "“We are ready,”" and TEXT[55:64] == "the mayor"


def test_merge_ranges_joins_overlaps():
    assert merge_ranges([(5, 9), (0, 6), (12, 14)]) == [(0, 9), (12, 14)]


def test_jaccard_of_characters():
    assert jaccard([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)


def test_discontinuous_content_is_merged(tmp_path: Path):
    ann = tmp_path / "x.ann"
    ann.write_text("T1\tContent 0 4;10 14\tab cd\nT2\tCue 5 9\tsaid\nE1\tAttribution:T1 Content:T1 Cue:T2\n")
    [attribution] = read_ann(ann)
    assert attribution.content == [(0, 4), (10, 14)]
    assert attribution.source == []


def test_first_annotation_file_in_sorted_order_is_used(corpus: Path):
    [doc] = read_corpus(corpus)
    assert len(doc.attributions) == 2


def test_greedy_matching_is_one_to_one():
    gold = [Attribution([(0, 10)])]
    predicted = [Attribution([(0, 10)]), Attribution([(0, 9)])]
    assert greedy_pairs(gold, predicted) == [(1.0, 0, 0)]


def test_perfect_predictions_score_one(corpus: Path):
    [doc] = read_corpus(corpus)
    result = score([doc], [doc.attributions])
    assert result["all"]["0.5"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert result["direct"]["0.8"]["f1"] == 1.0
    assert (result["speaker_accuracy"], result["cue_accuracy"]) == (1.0, 1.0)
    assert (result["n_gold_all"], result["n_gold_direct"]) == (2, 1)


def test_partial_overlap_counts_only_below_its_jaccard():
    doc = Document("d.txt", TEXT, [Attribution([(15, 37)], [(0, 9)], [(10, 14)])])
    half = Attribution([(15, 26)], [(0, 9)], [(10, 14)])  # "the bridge " — Jaccard 0.5
    result = score([doc], [[half]])
    assert result["all"]["0.2"]["f1"] == 1.0
    assert result["all"]["0.5"]["f1"] == 1.0
    assert result["all"]["0.8"]["f1"] == 0.0


def test_wrong_speaker_lowers_speaker_accuracy_only():
    doc = Document("d.txt", TEXT, [Attribution([(15, 37)], [(0, 9)], [(10, 14)])])
    wrong = Attribution([(15, 37)], [(55, 64)], [(10, 14)])
    result = score([doc], [[wrong]])
    assert (result["speaker_accuracy"], result["cue_accuracy"], result["all"]["0.5"]["f1"]) == (0.0, 1.0, 1.0)


def test_direct_subset_is_content_with_a_double_quotation_mark():
    doc = Document("d.txt", TEXT, [Attribution([(15, 37)]), Attribution([(39, 54)])])
    result = score([doc], [[Attribution([(39, 54)])]])
    assert result["direct"]["0.5"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert result["all"]["0.5"] == {"p": 1.0, "r": 0.5, "f1": pytest.approx(0.6667)}


@pytest.mark.slow
def test_command_writes_predictions_and_json(corpus: Path, tmp_path: Path):
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(command, ["--data", str(corpus), "--predictions", str(out), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n_gold_all"] == 2
    assert scores["direct"]["0.8"]["f1"] == 1.0  # the mayor's quotation is found
    assert scores["speaker_accuracy"] == 1.0
    [line] = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["doc"] == "paper_2016-01-01_bridge.txt"
    assert {"content", "speaker", "cue"} <= set(record["quotes"][0])


@pytest.mark.slow
def test_dev_split_meets_the_targets(shared_data: Path):
    dev = shared_data / "quotes" / "polnear" / "data" / "dev"
    if not dev.is_dir():
        pytest.skip("PolNeAR dev split not present")
    result = CliRunner().invoke(command, ["--data", str(dev), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n_gold_all"] == 2192 and scores["n_gold_direct"] == 624
    assert scores["all"]["0.5"]["f1"] >= 0.65
    assert scores["direct"]["0.5"]["f1"] >= 0.80
    assert scores["speaker_accuracy"] >= 0.90
    assert scores["cue_accuracy"] >= 0.90
