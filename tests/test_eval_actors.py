"""`dyad eval actors`: reading BIO source/target files and scoring actor mentions by overlap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.errors import InputError
from dyad.evaluation.actors import command, detokenize, read_bio, score

BIO = """Iraqi B-S
troops I-S
attacked O
the B-T
rebels I-T
. O

A B-S
car I-S
bomb I-S
killed O
two B-T
soldiers I-T
. O
"""


@pytest.fixture
def bio_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(BIO, encoding="utf-8")
    return path


def test_tokens_are_joined_without_space_before_punctuation_and_clitics():
    text, offsets = detokenize(["Baghdad", "’", "s", "forces", "(", "army", ")", "left", "."])
    assert text == "Baghdad’s forces (army) left."
    assert [text[a:b] for a, b in offsets][-3:] == [")", "left", "."]


def test_bio_spans_become_character_ranges_with_their_role(bio_file: Path):
    first, second = read_bio(bio_file)
    assert [(first.text[a:b], role) for a, b, role in first.spans] == [("Iraqi troops", "S"), ("the rebels", "T")]
    assert [second.text[a:b] for a, b, _ in second.spans] == ["A car bomb", "two soldiers"]


def test_score_counts_overlaps_both_ways():
    gold = [[(0, 12, "S"), (22, 32, "T")]]
    predicted = [[(0, 5), (40, 45)]]  # one overlaps a gold span, one does not; one gold span is missed
    assert score(gold, predicted) == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "n_gold": 2, "n_pred": 2}


def test_empty_prediction_scores_zero_without_error():
    assert score([[(0, 3, "S")]], [[]])["f1"] == 0.0


def test_a_line_without_a_bio_label_is_an_input_error(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_text("Iraqi troops attacked\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.txt:1"):
        read_bio(path)


@pytest.mark.slow
def test_command_prints_the_expected_scores_as_json(bio_file: Path):
    # Actors found: "Iraqi troops", "the rebels", "two soldiers"; "A car bomb" is no actor.
    result = CliRunner().invoke(command, ["--data", str(bio_file), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output.strip().splitlines()[-1])
    assert scores == {"precision": 1.0, "recall": 0.75, "f1": 0.8571, "n_gold": 4, "n_pred": 3, "n_sentences": 2}


@pytest.mark.slow
def test_scores_on_the_conflibert_spans(shared_data: Path, tmp_path: Path):
    source = shared_data / "events" / "conflibert" / "cameo_ner_train.txt"
    # The first 150 sentences keep the test quick; the full file is scored in docs/evaluation.md.
    blocks = source.read_text(encoding="utf-8").split("\n\n")[:150]
    subset = tmp_path / "subset.txt"
    subset.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    result = CliRunner().invoke(command, ["--data", str(subset), "--json"])
    scores = json.loads(result.output.strip().splitlines()[-1])
    assert scores["n_gold"] > 250
    assert scores["recall"] >= 0.75
    assert scores["f1"] >= 0.6


@pytest.mark.slow
def test_no_pronouns_leaves_pronoun_mentions_out_of_the_predictions(tmp_path: Path):
    path = tmp_path / "pronoun.txt"
    tokens = "Sergey/B-S Lavrov/I-S said/O he/O would/O attack/O the/B-T rebels/I-T ./O".split()
    path.write_text("\n".join(t.replace("/", " ") for t in tokens) + "\n", encoding="utf-8")
    with_pronouns = json.loads(CliRunner().invoke(command, ["--data", str(path), "--json"]).output.splitlines()[-1])
    without = json.loads(
        CliRunner().invoke(command, ["--data", str(path), "--json", "--no-pronouns"]).output.splitlines()[-1]
    )
    assert (with_pronouns["n_pred"], with_pronouns["precision"]) == (3, 0.6667)
    assert (without["n_pred"], without["precision"]) == (2, 1.0)
