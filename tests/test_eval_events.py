"""`dyad eval events`: readers, the mapping of dyad's events to gold categories, and the scores.

Tiny gold files written in tmp_path have scores worked out by hand; the runs on
../shared/data skip when it is absent.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyad.errors import InputError
from dyad.evaluation.events import (
    SpanSentence,
    command,
    detokenize,
    event_sides,
    read_class_file,
    read_plover_records,
    read_span_file,
    score_classes,
    score_spans,
    sentence_penta_class,
)
from dyad.model import Event, Modality, Span

TEXT = "Rebels shelled the airport."


def make_event(penta: int, cameo: str = "190", modality: Modality = Modality.ASSERTED, **extra) -> Event:
    return Event(
        id="E1",
        type="ASSAULT",
        cameo=cameo,
        penta_class=penta,
        trigger=Span.of(TEXT, 7, 14),
        sentence=Span.of(TEXT, 0, len(TEXT)),
        modality=modality,
        **extra,
    )


# -- readers --------------------------------------------------------------------------------------


def test_class_file_reads_sentence_and_label(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text("Rebels shelled the airport.\t4\nThe minister spoke.\t0\n", encoding="utf-8")
    assert read_class_file(path) == [("Rebels shelled the airport.", 4), ("The minister spoke.", 0)]


def test_class_file_with_a_bad_label_names_the_line(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text("Rebels shelled the airport.\t9\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        read_class_file(path)


def test_detokenize_glues_punctuation_and_possessives():
    text, offsets = detokenize(["Iran", "'s", "army", "(", "IRGC", ")", "left", "."])
    assert text == "Iran's army (IRGC) left."
    assert [text[a:b] for a, b in offsets] == ["Iran", "'s", "army", "(", "IRGC", ")", "left", "."]


def test_span_file_turns_bio_labels_into_source_and_target_ranges_with_r_on_both_sides(tmp_path):
    path = tmp_path / "spans.txt"
    path.write_text(
        "Rebels B-S\nshelled O\nthe B-T\nairport I-T\n. O\n\nOman B-R\nmet O\nIran B-R\n. O\n",
        encoding="utf-8",
    )
    first, second = read_span_file(path)
    assert first.text == "Rebels shelled the airport."
    assert [first.text[a:b] for a, b in first.sources] == ["Rebels"]
    assert [first.text[a:b] for a, b in first.targets] == ["the airport"]
    assert [second.text[a:b] for a, b in second.sources] == ["Oman", "Iran"]
    assert [second.text[a:b] for a, b in second.targets] == ["Oman", "Iran"]


def test_plover_records_skip_documents_and_map_old_type_names(tmp_path):
    path = tmp_path / "plover.json"
    records = [
        {"text": "Serbia denounced Kosovo.", "event": "DISAPPROVE", "source": [{"actorText": "Serbia", "code": "SRB"}]},
        {"text": "A long report.", "event": "DOCUMENT"},
        {"text": "Rebels fought troops.", "event": "FIGHT", "target": [{"actorText": "troops", "code": "SYRMIL"}]},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    read = read_plover_records(path)
    assert [(r.event, r.source_codes, r.target_codes) for r in read] == [
        ("ACCUSE", ["SRB"], []),
        ("ASSAULT", [], ["SYRMIL"]),
    ]


# -- mapping dyad's events to the gold categories -------------------------------------------------


def test_no_event_is_a_statement():
    assert sentence_penta_class(None) == 0


def test_asserted_event_keeps_its_penta_class():
    assert sentence_penta_class(make_event(4)) == 4


def test_planned_cooperation_is_verbal_cooperation_and_planned_force_a_threat():
    assert sentence_penta_class(make_event(2, cameo="0841", modality=Modality.INTENDED)) == 1
    assert sentence_penta_class(make_event(4, modality=Modality.INTENDED)) == 3


def test_refused_cooperation_is_a_rejection_and_denied_force_a_statement():
    assert sentence_penta_class(make_event(2, cameo="081", modality=Modality.NEGATED)) == 3
    assert sentence_penta_class(make_event(4, modality=Modality.NEGATED)) == 0


def test_a_possibility_only_considered_is_a_statement():
    assert sentence_penta_class(make_event(2, cameo="070", modality=Modality.HYPOTHETICAL)) == 0


def test_reducing_relations_is_verbal_conflict():
    assert sentence_penta_class(make_event(4, cameo="162")) == 3


def test_reciprocal_parties_count_on_both_sides():
    parties = [Span.of(TEXT, 0, 6), Span.of(TEXT, 15, 26)]
    sources, targets = event_sides(make_event(1, cameo="040", actor_spans=parties, reciprocal=True))
    assert sources == [(0, 6), (15, 26)]
    assert targets == [(0, 6), (15, 26)]


# -- scores ---------------------------------------------------------------------------------------


def test_class_scores_accuracy_and_macro_f1():
    result = score_classes([0, 1, 2, 3, 4, 4], [0, 1, 2, 3, 4, 3])
    assert result["accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    # class 3: P 1/2, R 1, F1 2/3; class 4: P 1, R 1/2, F1 2/3; others 1.
    assert result["macro_f1"] == pytest.approx((3 + 4 / 3) / 5, abs=1e-4)
    assert result["confusion"][4] == [0, 0, 0, 1, 1]


def test_span_scores_count_overlaps_per_side():
    gold = [SpanSentence("x" * 40, sources=[(0, 6)], targets=[(15, 26), (30, 35)])]
    predicted = [([(0, 3), (8, 10)], [(20, 22)])]
    result = score_spans(gold, predicted)
    assert (result["source_p"], result["source_r"]) == (0.5, 1.0)
    assert (result["target_p"], result["target_r"]) == (1.0, 0.5)
    assert result["target_f1"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.slow
def test_command_scores_a_tiny_class_file_end_to_end(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text(
        "Gunmen attacked a police station near the capital.\t4\n"
        "The economy grew by two percent last year.\t0\n"
        "The court freed the jailed journalist on Friday.\t2\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(command, ["--data", str(path), "--format", "conflibert-class", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert (scores["accuracy"], scores["n"]) == (1.0, 3)


@pytest.mark.slow
def test_command_scores_a_tiny_span_file_end_to_end(tmp_path):
    path = tmp_path / "spans.txt"
    path.write_text("Gunmen B-S\nattacked O\na B-T\npolice I-T\nstation I-T\n. O\n", encoding="utf-8")
    result = CliRunner().invoke(command, ["--data", str(path), "--format", "conflibert-spans", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert {k: scores[k] for k in ("source_f1", "target_f1")} == {"source_f1": 1.0, "target_f1": 1.0}


@pytest.mark.slow
def test_command_scores_plover_records_end_to_end(tmp_path):
    path = tmp_path / "plover.json"
    records = [
        {"text": "Gunmen attacked a police station.", "event": "ASSAULT"},
        {"text": "The parliament rejected the budget proposal.", "event": "REJECT"},
        {"text": "An annual report.", "event": "DOCUMENT"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    result = CliRunner().invoke(command, ["--data", str(path), "--format", "plover", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert (scores["type_accuracy"], scores["n"]) == (1.0, 2)
    assert {"actor_accuracy", "recipient_accuracy"} <= set(scores)


# -- the development data -------------------------------------------------------------------------


@pytest.mark.slow
def test_conflibert_class_file_meets_the_targets(shared_data):
    path = shared_data / "events" / "conflibert" / "cameo_class_train.tsv"
    result = CliRunner().invoke(command, ["--data", str(path), "--format", "conflibert-class", "--json"])
    scores = json.loads(result.output)
    assert scores["accuracy"] >= 0.70
    assert scores["macro_f1"] >= 0.65


@pytest.mark.slow
def test_conflibert_span_file_meets_the_targets(shared_data):
    path = shared_data / "events" / "conflibert" / "cameo_ner_train.txt"
    result = CliRunner().invoke(command, ["--data", str(path), "--format", "conflibert-spans", "--json"])
    scores = json.loads(result.output)
    assert scores["source_f1"] >= 0.70
    assert scores["target_f1"] >= 0.65


def test_an_event_only_wished_for_is_a_demand():
    assert sentence_penta_class(make_event(1, cameo="045", modality=Modality.DESIRED)) == 3


def test_naive_bayes_baseline_learns_classes_with_distinct_words():
    from dyad.evaluation.events import naive_bayes_baseline

    words = {
        0: "said remarked",
        1: "praised welcomed",
        2: "donated released",
        3: "accused rejected",
        4: "attacked shelled",
    }
    rows = [
        (f"The {name} side {words[c]} them.", c) for c in words for name in ("north", "south", "east", "west", "red")
    ]
    assert naive_bayes_baseline(rows, folds=5)["accuracy"] == 1.0


def test_a_main_event_told_in_passing_leaves_the_sentence_a_statement():
    from dyad.evaluation.events import reported_event
    from dyad.model import Analysis, Article

    analysis = Analysis(
        extractor_version="test", article=Article.from_text(TEXT), events=[make_event(4, confidence=0.4)]
    )
    assert reported_event(analysis) is None
    assert sentence_penta_class(reported_event(analysis)) == 0
