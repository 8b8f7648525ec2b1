"""Score event coding against ConfliBERT's CAMEO files and PLOVER-style JSON records.

Three formats, one sentence (or record) analysed as one article each:

- ``conflibert-class``: ``sentence<TAB>label`` with the CAMEO PentaClass label
  (0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
  4 material conflict). dyad's class is `sentence_penta_class` of the sentence's
  main event; a sentence with no event is class 0 (a statement or comment: CAMEO
  01-02 have no PLOVER type, so dyad codes no event for them). Reports accuracy
  and macro-F1 over the five classes, and a per-class table.
- ``conflibert-spans``: one ``token label`` per line, blank line between
  sentences, BIO labels S (source), T (target), R (reciprocal party). The tokens
  are joined back into text (no space before closing punctuation). Gold R spans
  count as both a source and a target; the actors of a reciprocal dyad event
  likewise count on both sides. A span is matched when it overlaps (by at least
  one character) a span of the same side. The spans scored are those of the
  sentence's main event. Reports source and target P/R/F1.
- ``plover``: a JSON list (or JSON lines) of records with ``text``, ``event``
  and ``source``/``target`` lists of ``{"actorText", "code"}``. Records typed
  DOCUMENT are skipped; older type names are mapped (DEMAND -> REQUEST,
  DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT). Reports the accuracy
  of the main event's type, and of its actor and recipient countries (the first
  three letters of a CAMEO-style code such as RUSGOV) over the records whose gold
  has a source (target) with a code.

    dyad eval events --data ../shared/data/events/conflibert/cameo_class_train.tsv --format conflibert-class
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from dyad.errors import InputError
from dyad.model import Analysis, Event, Modality

FORMATS = ("conflibert-class", "conflibert-spans", "plover")
CLASSES = (0, 1, 2, 3, 4)
#: Older PLOVER type names and the current type each maps to.
OLD_TYPE_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: The components each evaluation runs: types and spans need only the parse and the event coder;
#: PLOVER records also need actors, whose countries are scored.
SPAN_COMPONENTS = ("dyad_mentions", "dyad_events")
EVENT_COMPONENTS = ("dyad_mentions", "dyad_actors", "dyad_events")
#: Tokens written without a space before them when token lists are joined back into text.
_NO_SPACE_BEFORE = frozenset({".", ",", ":", ";", "!", "?", ")", "]", "}", "'s", "’s", "'", "n't", "%", "”", "’"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "“", "‘"})

Ranges = list[tuple[int, int]]
#: Below this confidence the main event is background, not what the sentence reports.
REPORTED_CONFIDENCE = 0.5


# -- reading gold data ---------------------------------------------------------------------------


@dataclass
class SpanSentence:
    """A sentence of the span file: its text and its gold source and target character ranges."""

    text: str
    sources: Ranges = field(default_factory=list)
    targets: Ranges = field(default_factory=list)


@dataclass
class PloverRecord:
    """A PLOVER-style record: text, gold event type and gold actor/recipient codes."""

    text: str
    event: str
    source_codes: list[str] = field(default_factory=list)
    target_codes: list[str] = field(default_factory=list)


def read_class_file(path: Path) -> list[tuple[str, int]]:
    """Read ``sentence<TAB>label`` lines (label 0-4)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        sentence, sep, label = line.rpartition("\t")
        if not sep or label.strip() not in {str(c) for c in CLASSES}:
            raise InputError(str(path), f"line {n} is not 'sentence<TAB>label' with a label 0-4")
        rows.append((sentence.strip(), int(label)))
    return rows


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into text, returning each token's character range: ["Iran", "'s", "army", "."] -> "Iran's army."."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous = None
    for token in tokens:
        glued = token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or (token == "s" and previous in ("'", "’"))
        if previous is not None and not glued:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        previous = token
    return "".join(parts), offsets


def read_span_file(path: Path) -> list[SpanSentence]:
    """Read the BIO file (``token label`` lines, blank line between sentences) into texts and gold ranges."""
    sentences: list[SpanSentence] = []
    block: list[tuple[str, str]] = []

    def flush() -> None:
        if not block:
            return
        text, offsets = detokenize([t for t, _ in block])
        sentence = SpanSentence(text)
        current: tuple[str, int, int] | None = None
        spans: list[tuple[str, int, int]] = []
        for (_, label), (start, end) in zip(block, offsets, strict=True):
            kind = label[2:] if len(label) > 2 else ""
            if label.startswith("B-") or (label.startswith("I-") and (current is None or current[0] != kind)):
                if current:
                    spans.append(current)
                current = (kind, start, end)
            elif label.startswith("I-") and current is not None:
                current = (kind, current[1], end)
            else:
                if current:
                    spans.append(current)
                current = None
        if current:
            spans.append(current)
        for kind, start, end in spans:
            if kind in ("S", "R"):
                sentence.sources.append((start, end))
            if kind in ("T", "R"):
                sentence.targets.append((start, end))
        sentences.append(sentence)
        block.clear()

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            flush()
            continue
        token, sep, label = line.rpartition(" ")
        if not sep or not (label == "O" or label[:2] in ("B-", "I-")):
            raise InputError(str(path), f"line {n} is not 'token BIO-label'")
        block.append((token, label))
    flush()
    return sentences


def read_plover_records(path: Path) -> list[PloverRecord]:
    """Read PLOVER-style records (a JSON list, or one JSON object per line); DOCUMENT records are skipped."""
    raw = path.read_text(encoding="utf-8").strip()
    try:
        items = (
            json.loads(raw) if raw.startswith("[") else [json.loads(line) for line in raw.splitlines() if line.strip()]
        )
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON or JSON lines: {exc}") from exc
    records = []
    for item in items:
        event = str(item.get("event", "")).upper()
        if not event or event == "DOCUMENT" or "text" not in item:
            continue
        records.append(
            PloverRecord(
                text=item["text"],
                event=OLD_TYPE_NAMES.get(event, event),
                source_codes=[a["code"] for a in item.get("source") or [] if a.get("code")],
                target_codes=[a["code"] for a in item.get("target") or [] if a.get("code")],
            )
        )
    return records


# -- mapping dyad's events to the gold categories -------------------------------------------------


def main_event(analysis: Analysis) -> Event | None:
    """The first sentence's main event (events are listed main clause first within each sentence)."""
    return analysis.events[0] if analysis.events else None


def reported_event(analysis: Analysis) -> Event | None:
    """The main event when the sentence reports it; None when it is only told in passing.

    Events in relative clauses, or claimed or denied by someone ("claimed that they had
    attacked"), carry at most half confidence (`dyad.nlp.events.BACKGROUND_FACTOR`): the
    sentence then reports a statement, class 0.
    """
    event = main_event(analysis)
    return event if event is not None and event.confidence >= REPORTED_CONFIDENCE else None


def sentence_penta_class(event: Event | None) -> int:
    """The CAMEO PentaClass a coder would give the sentence whose main event is ``event``.

    No event: 0 (a statement). Otherwise the PentaClass of the event's CAMEO code, read the
    way CAMEO reads modality: a promise or plan of cooperation is verbal cooperation (03,
    "will release" -> 1), a planned or wished-for use of force is a threat (13, "will
    attack" -> 3), a refused or denied cooperation is a rejection (12, "will not lift the
    ban" -> 3), an event only wished for is a demand (10, "Qatar must mediate" -> 3), a
    denied conflict event is a statement ("did not attack" -> 0), and a
    possibility only considered is a statement (014 "consider policy option": "is
    considering sending aid" -> 0). Reducing relations (CAMEO 16: sanctions, aid cuts,
    expulsions) counts as verbal conflict, as in PLOVER's grouping of SANCTION and in
    ConfliBERT's labels, not as material conflict as CAMEO's root order would have it.
    """
    if event is None or event.penta_class is None:
        return 0
    penta = 3 if (event.cameo or "").startswith("16") else event.penta_class
    if event.modality == Modality.NEGATED:
        return 3 if penta in (1, 2) else 0
    if event.modality == Modality.HYPOTHETICAL:
        return 0
    if event.modality == Modality.DESIRED:
        return 3
    if event.modality == Modality.INTENDED:
        return {2: 1, 4: 3}.get(penta, penta)
    return penta


def event_sides(event: Event | None) -> tuple[Ranges, Ranges]:
    """Source and target ranges of an event; a reciprocal event's parties count on both sides."""
    if event is None:
        return [], []
    sources = [(s.start, s.end) for s in event.actor_spans]
    targets = [(s.start, s.end) for s in event.recipient_spans]
    if event.reciprocal:
        targets = targets + sources
    return sources, targets


# -- scoring -------------------------------------------------------------------------------------


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f1, 4)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_classes(gold: Sequence[int], predicted: Sequence[int]) -> dict:
    """Accuracy and macro-F1 over the five PentaClasses, with per-class P/R/F1 and a confusion matrix."""
    n = len(gold)
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    per_class = {}
    f1s = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, predicted, strict=True))
        n_pred = sum(p == c for p in predicted)
        n_gold = sum(g == c for g in gold)
        p, r, f1 = _prf(tp, n_pred, tp, n_gold)
        per_class[str(c)] = {"p": p, "r": r, "f1": f1, "n_gold": n_gold, "n_pred": n_pred}
        f1s.append(f1)
    confusion = [
        [sum(g == i and p == j for g, p in zip(gold, predicted, strict=True)) for j in CLASSES] for i in CLASSES
    ]
    return {
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4),
        "n": n,
        "per_class": per_class,
        "confusion": confusion,
    }


def score_spans(gold: Sequence[SpanSentence], predicted: Sequence[tuple[Ranges, Ranges]]) -> dict:
    """Source and target P/R/F1, a span matching when it overlaps one of the same side."""
    result: dict = {}
    for side, index in (("source", 0), ("target", 1)):
        tp_pred = n_pred = tp_gold = n_gold = 0
        for sentence, pred in zip(gold, predicted, strict=True):
            gold_ranges = sentence.sources if index == 0 else sentence.targets
            pred_ranges = pred[index]
            n_pred += len(pred_ranges)
            n_gold += len(gold_ranges)
            tp_pred += sum(any(_overlaps(p, g) for g in gold_ranges) for p in pred_ranges)
            tp_gold += sum(any(_overlaps(g, p) for p in pred_ranges) for g in gold_ranges)
        p, r, f1 = _prf(tp_pred, n_pred, tp_gold, n_gold)
        result.update(
            {f"{side}_p": p, f"{side}_r": r, f"{side}_f1": f1, f"n_gold_{side}": n_gold, f"n_pred_{side}": n_pred}
        )
    result["n"] = len(gold)
    return result


def _country(code: str | None) -> str | None:
    return code[:3].upper() if code and len(code) >= 3 else None


def score_plover(records: Sequence[PloverRecord], analyses: Sequence[Analysis | None]) -> dict:
    """Type accuracy of the main event, and actor/recipient country accuracy where the gold gives a code."""
    type_ok = actor_ok = actor_n = recipient_ok = recipient_n = 0
    per_type: dict[str, dict[str, int]] = {}
    for record, analysis in zip(records, analyses, strict=True):
        event = main_event(analysis) if analysis is not None else None
        predicted_type = event.type if event else None
        stats = per_type.setdefault(record.event, {"n": 0, "correct": 0})
        stats["n"] += 1
        if predicted_type == record.event:
            type_ok += 1
            stats["correct"] += 1

        def countries(ids: list[str], a: Analysis | None = analysis) -> set[str]:
            found = set()
            for actor_id in ids:
                actor = a.actor(actor_id) if a else None
                if actor is not None:
                    country = actor.country or _country(actor.code)
                    if country:
                        found.add(country)
            return found

        gold_sources = {c for c in (_country(x) for x in record.source_codes) if c}
        gold_targets = {c for c in (_country(x) for x in record.target_codes) if c}
        if gold_sources:
            actor_n += 1
            actor_ok += bool(event and countries(event.actors) & gold_sources)
        if gold_targets:
            recipient_n += 1
            ids = event.recipients if event and not event.reciprocal else (event.actors if event else [])
            recipient_ok += bool(event and countries(ids) & gold_targets)
    n = len(records)
    return {
        "type_accuracy": round(type_ok / n, 4) if n else 0.0,
        "actor_accuracy": round(actor_ok / actor_n, 4) if actor_n else 0.0,
        "recipient_accuracy": round(recipient_ok / recipient_n, 4) if recipient_n else 0.0,
        "n": n,
        "n_actor_scored": actor_n,
        "n_recipient_scored": recipient_n,
        "per_type": per_type,
    }


# -- running dyad --------------------------------------------------------------------------------


def analyze_texts(texts: Sequence[str], components: Sequence[str] = EVENT_COMPONENTS) -> list[Analysis | None]:
    """Analyse each text as its own article with those of ``components`` that exist (None where refused)."""
    from dyad.model import Article
    from dyad.nlp.pipeline import Analyzer, available_components

    analyzer = Analyzer(components=[c for c in available_components() if c in components])
    articles = [Article.from_text(t, source=f"item {i + 1}") for i, t in enumerate(texts)]
    return [r if isinstance(r, Analysis) else None for r in analyzer.analyze_many(articles, batch_size=64)]


def _bag_of_words(sentence: str) -> list[str]:
    words = re.findall(r"[a-z']+", sentence.lower())
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def naive_bayes_baseline(rows: Sequence[tuple[str, int]], folds: int = 5, seed: int = 0) -> dict:
    """Cross-validated PentaClass of a word unigram+bigram multinomial naive Bayes: the trained baseline.

    The lexicon coder is compared with this classifier (trained on the same file, scored on
    held-out folds). The classifier gives a class only, no event, participants or modality, so
    it is a yardstick, not a replacement; nothing of it is stored.
    """
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    gold: list[int] = []
    predicted: list[int] = []
    for k in range(folds):
        held_out = set(order[k::folds])
        counts = {c: Counter() for c in CLASSES}
        priors: Counter = Counter()
        for i in order:
            if i not in held_out:
                sentence, label = rows[i]
                priors[label] += 1
                counts[label].update(_bag_of_words(sentence))
        vocabulary = len(set().union(*counts.values()))
        totals = {c: sum(counts[c].values()) for c in CLASSES}
        for i in order[k::folds]:
            sentence, label = rows[i]
            features = _bag_of_words(sentence)
            scores = {
                c: math.log(priors[c] or 1)
                + sum(math.log((counts[c][f] + 0.5) / (totals[c] + 0.5 * vocabulary)) for f in features)
                for c in CLASSES
            }
            gold.append(label)
            predicted.append(max(scores, key=scores.__getitem__))
    return score_classes(gold, predicted)


def measure_overhead(texts: Sequence[str], per_article: int = 10) -> dict:
    """Time spaCy's own pipes and the ``dyad_events`` component over ``texts``, grouped into articles.

    Sentences are joined ``per_article`` at a time so that the documents look like short news
    articles. Each half runs over the same documents with ``pipe``; the overhead is the event
    component's time as a fraction of the parse (tagger, parser, NER and the rest of spaCy's model).
    """
    from dyad.model import Article
    from dyad.nlp.pipeline import Analyzer, available_components

    analyzer = Analyzer(components=[c for c in available_components() if c in SPAN_COMPONENTS])
    nlp = analyzer.nlp
    articles = [" ".join(texts[i : i + per_article]) for i in range(0, len(texts), per_article)]
    docs = []
    for text in articles:
        doc = nlp.make_doc(text)
        doc._.dyad = Analysis(extractor_version=analyzer.version, article=Article.from_text(text))
        docs.append(doc)
    timings: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(doc) for doc in docs]
        timings[name] = time.perf_counter() - started
    parse = sum(t for name, t in timings.items() if not name.startswith("dyad_"))
    events = timings["dyad_events"]
    return {
        "articles": len(articles),
        "words": sum(len(doc) for doc in docs),
        "parse_seconds": round(parse, 3),
        "events_seconds": round(events, 3),
        "events_overhead": round(events / parse, 4) if parse else 0.0,
    }


def evaluate(data: Path, fmt: str) -> dict:
    """Read ``data`` in format ``fmt``, run dyad over it and score it."""
    if fmt == "conflibert-class":
        rows = read_class_file(data)
        analyses = analyze_texts([s for s, _ in rows], SPAN_COMPONENTS)
        predicted = [sentence_penta_class(reported_event(a)) if a else 0 for a in analyses]
        return score_classes([label for _, label in rows], predicted)
    if fmt == "conflibert-spans":
        sentences = read_span_file(data)
        analyses = analyze_texts([s.text for s in sentences], SPAN_COMPONENTS)
        predicted = [event_sides(main_event(a)) if a else ([], []) for a in analyses]
        return score_spans(sentences, predicted)
    if fmt == "plover":
        records = read_plover_records(data)
        return score_plover(records, analyze_texts([r.text for r in records], EVENT_COMPONENTS))
    raise InputError(str(data), f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def format_report(result: dict, fmt: str) -> str:
    """A plain-text report of the scores, for people."""
    if fmt == "conflibert-class":
        lines = [f"PentaClass accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}  (n={result['n']})"]
        lines.append(f"{'class':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
        for c, s in result["per_class"].items():
            lines.append(f"{c:<6} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {s['n_gold']:>6} {s['n_pred']:>6}")
        lines.append("confusion (rows gold 0-4, columns predicted 0-4):")
        lines.extend("  " + " ".join(f"{v:>4}" for v in row) for row in result["confusion"])
        return "\n".join(lines)
    if fmt == "conflibert-spans":
        return "\n".join(
            f"{side:<7} P {result[f'{side}_p']:.3f}  R {result[f'{side}_r']:.3f}  F1 {result[f'{side}_f1']:.3f}  "
            f"(gold {result[f'n_gold_{side}']}, predicted {result[f'n_pred_{side}']})"
            for side in ("source", "target")
        )
    lines = [
        f"type accuracy {result['type_accuracy']:.3f} (n={result['n']}); actor country accuracy "
        f"{result['actor_accuracy']:.3f} (n={result['n_actor_scored']}); recipient country accuracy "
        f"{result['recipient_accuracy']:.3f} (n={result['n_recipient_scored']})"
    ]
    for event_type, s in sorted(result["per_type"].items()):
        lines.append(f"  {event_type:<10} {s['correct']:>4}/{s['n']:<4}")
    return "\n".join(lines)


@click.command(name="events")
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A ConfliBERT class (.tsv) or span (BIO) file, or PLOVER-style JSON records.",
)
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="The format of --data.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a report.")
@click.option(
    "--timing",
    is_flag=True,
    help="Also time the event component against spaCy's parse over the same texts (10 sentences an article).",
)
@click.option(
    "--baseline",
    is_flag=True,
    help="conflibert-class only: also score a 5-fold cross-validated naive Bayes classifier on the same file.",
)
def command(data: Path, fmt: str, as_json: bool, timing: bool, baseline: bool) -> None:
    """Score event coding: PentaClass, source/target spans, or PLOVER type and actor countries."""
    started = time.perf_counter()
    result = evaluate(data, fmt)
    elapsed = time.perf_counter() - started
    if timing:
        result["timing"] = measure_overhead(_texts_of(data, fmt))
    if baseline and fmt == "conflibert-class":
        result["baseline"] = naive_bayes_baseline(read_class_file(data))
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(format_report(result, fmt))
        if "baseline" in result:
            b = result["baseline"]
            click.echo(f"baseline (naive Bayes, 5-fold CV): accuracy {b['accuracy']:.3f}  macro-F1 {b['macro_f1']:.3f}")
        if timing:
            t = result["timing"]
            click.echo(
                f"spaCy parse {t['parse_seconds']:.2f} s, dyad_events {t['events_seconds']:.2f} s: "
                f"+{100 * t['events_overhead']:.1f}% ({t['articles']} articles, {t['words']} tokens)"
            )
        click.echo(f"{result['n']} items in {elapsed:.1f} s", err=True)


def _texts_of(data: Path, fmt: str) -> list[str]:
    if fmt == "conflibert-class":
        return [s for s, _ in read_class_file(data)]
    if fmt == "conflibert-spans":
        return [s.text for s in read_span_file(data)]
    return [r.text for r in read_plover_records(data)]
