"""Actor resolution accuracy on a set of sentences written for the purpose (tests/data/actor_resolution.jsonl).

Each line has a text, its phenomenon (metonym, title, apposition, pronoun, lookalike, group, anonymous,
organization), a split ("heldout", "heldout2": cases written after the rules were frozen, else dev) and the
expected actors: mention text -> country, sector, code, kind, antecedent, distinct_from, or no actor.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from dyad.evaluation.actors import score_resolution
from dyad.model import Article

DATA = Path(__file__).parent / "data" / "actor_resolution.jsonl"
PHENOMENA = {"metonym", "title", "apposition", "pronoun", "lookalike", "group", "anonymous", "organization"}


@pytest.fixture(scope="module")
def result():
    from dyad.nlp.pipeline import Analyzer

    analyzer = Analyzer(components=["dyad_mentions", "dyad_actors"])
    published = datetime.fromisoformat("2024-11-01T00:00:00+00:00")
    return score_resolution(DATA, lambda text: analyzer.analyze(Article.from_text(text, published=published)))


def test_the_set_has_at_least_150_sentences_covering_every_phenomenon():
    cases = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 150
    assert {c["phenomenon"] for c in cases} == PHENOMENA


@pytest.mark.slow
def test_resolution_accuracy_stays_above_its_floor(result):
    print(json.dumps({k: v for k, v in result.items() if k != "failures"}, indent=1))
    assert result["accuracy"] >= 0.95, "\n".join(result["failures"])


@pytest.mark.slow
def test_heldout_cases_stay_above_their_floor(result):
    heldout = {name: split for name, split in result["by_split"].items() if name != "dev"}
    assert heldout
    assert all(split["accuracy"] >= 0.9 for split in heldout.values()), "\n".join(result["failures"])


@pytest.mark.slow
@pytest.mark.parametrize("phenomenon", sorted(PHENOMENA))
def test_each_phenomenon_is_mostly_right(result, phenomenon):
    assert result["by_phenomenon"][phenomenon] >= 0.85, "\n".join(result["failures"])
