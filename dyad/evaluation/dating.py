"""Score how events are dated: does the date dyad picks from an event's sentence match the gold?

TimeML files link events to time expressions (TLINKs). Where the gold says an event
happened within a calendar expression of its own sentence (IS_INCLUDED or DURING), the
question is whether the dating rule of ``dyad.nlp.dating`` picks that expression out of
all the calendar expressions in the sentence. The gold expressions are the candidates,
so recognition and normalisation do not enter the score; only the choice does.

Two rules are compared on the same events: the nearest expression to the event word, and
dyad's (the nearest of those that hang on the event word in spaCy's parse, else the
nearest). The figure that matters is on sentences with two or more candidates, where
the rule has a choice to make.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click
from spacy.tokens import Doc

from dyad.evaluation.timeml import TimeMLDocument, read_folder
from dyad.model import Span, TimeExpression
from dyad.nlp.dating import attachment, choose_time, is_calendar

#: Relations saying the event happened within the time expression.
WITHIN = frozenset({"IS_INCLUDED", "DURING"})


@dataclass
class DatingScores:
    """Counts of events dated right by each rule, over all events and where the sentence has a choice."""

    n: int = 0
    nearest: int = 0
    dyad: int = 0
    n_choice: int = 0
    nearest_choice: int = 0
    dyad_choice: int = 0

    def figures(self) -> dict[str, float | int]:
        def share(right: int, total: int) -> float:
            return round(right / total, 4) if total else 0.0

        return {
            "n_events": self.n,
            "nearest_accuracy": share(self.nearest, self.n),
            "dyad_accuracy": share(self.dyad, self.n),
            "n_events_with_a_choice": self.n_choice,
            "nearest_accuracy_with_a_choice": share(self.nearest_choice, self.n_choice),
            "dyad_accuracy_with_a_choice": share(self.dyad_choice, self.n_choice),
        }


def score_document(document: TimeMLDocument, doc: Doc, scores: DatingScores) -> None:
    """Add the events of one document, parsed as ``doc``, to ``scores``."""
    text = document.text
    gold_by_span = {(g.start, g.end): g for g in document.gold}
    times = []
    for tid, (start, end) in document.timexes.items():
        gold = gold_by_span.get((start, end))
        if gold is None:
            continue
        times.append(TimeExpression(id=tid, span=Span.of(text, start, end), type=gold.type, value=gold.value))
    within: dict[str, set[str]] = {}
    for eid, tid, relation in document.time_links:
        if relation in WITHIN and eid in document.events and tid in document.timexes:
            within.setdefault(eid, set()).add(tid)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    for eid, tids in within.items():
        start, end = document.events[eid]
        sentence = next(((a, b) for a, b in sentences if a <= start < b), None)
        if sentence is None:
            continue
        candidates = [t for t in times if sentence[0] <= t.span.start and t.span.end <= sentence[1] and is_calendar(t)]
        if not any(t.id in tids for t in candidates):
            continue  # the time it happened in is in another sentence: not this rule's job
        word = Span.of(text, start, end)
        nearest = choose_time(candidates, sentence, start)
        chosen = choose_time(candidates, sentence, start, attached=attachment(doc, word))
        right_nearest = nearest is not None and nearest.id in tids
        right_dyad = chosen is not None and chosen.id in tids
        scores.n += 1
        scores.nearest += right_nearest
        scores.dyad += right_dyad
        if len(candidates) > 1:
            scores.n_choice += 1
            scores.nearest_choice += right_nearest
            scores.dyad_choice += right_dyad


def evaluate(documents: list[TimeMLDocument]) -> DatingScores:
    """Parse each document with spaCy (no dyad component is needed) and score its events."""
    from dyad.nlp.pipeline import load_pipeline

    nlp = load_pipeline(components=[])
    scores = DatingScores()
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        score_document(document, doc, scores)
    return scores


@click.command(name="dating")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="A folder of TimeML .tml files with EVENT, TIMEX3 and TLINK tags (or one file).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def command(data: Path, as_json: bool) -> None:
    """Score how events are dated from their sentence, against TimeML event-time links."""
    figures = evaluate(read_folder(data)).figures()
    if as_json:
        click.echo(json.dumps(figures))
        return
    for key, value in figures.items():
        click.echo(f"{key:32} {value}")
