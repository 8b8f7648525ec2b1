"""Score actor mentions against BIO-tagged source/target spans (the ConfliBERT CAMEO NER format).

The format has one ``token label`` pair per line and a blank line between
sentences; labels are BIO tags over S (source actor), T (target actor) and R
(reciprocal party)::

    Iraqi B-S
    troops I-S
    attacked O
    the B-T
    rebels I-T
    . O

Each sentence is rebuilt as text (tokens joined with a space except before
closing punctuation and clitics, offsets tracked), analysed with the mention
and actor components, and every mention linked to an actor is a prediction.
A prediction is correct when it overlaps a gold S, T or R span; a gold span is
found when some prediction overlaps it (precision and recall by overlap).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from dyad.errors import InputError

#: Tokens written without a space before them.
NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'", "’", "'re", "'ve", "'ll", "'d", "'m"}
)
#: Tokens written without a space after them.
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "“"})
#: Components an actor evaluation needs (the others only cost time).
COMPONENTS = ("dyad_mentions", "dyad_actors")


@dataclass
class BioSentence:
    """One sentence: its rebuilt text and the gold actor spans (character offsets, role S/T/R)."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into readable text and return it with each token's character range.

    >>> detokenize(["Iraq", "'s", "army", "(", "IA", ")", "."])
    ("Iraq's army (IA).", [(0, 4), (4, 6), (7, 11), (12, 13), (13, 15), (15, 16), (16, 17)])
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue = True
    for token in tokens:
        # "Baghdad ’ s forces" is tokenised with the apostrophe apart from the "s".
        possessive = token == "s" and bool(parts) and parts[-1] in ("'", "’")
        if parts and not glue and token not in NO_SPACE_BEFORE and not possessive:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        glue = token in NO_SPACE_AFTER
    return "".join(parts), offsets


def read_bio(path: Path) -> list[BioSentence]:
    """Read a BIO file into sentences with gold spans.

    Raises:
        InputError: a line is not ``token label`` or a label is not O / B-X / I-X.
    """
    sentences: list[BioSentence] = []
    tokens: list[str] = []
    labels: list[str] = []

    def flush() -> None:
        if not tokens:
            return
        text, offsets = detokenize(tokens)
        sentence = BioSentence(text)
        current: list | None = None
        for (start, end), label in zip(offsets, labels, strict=True):
            tag, _, role = label.partition("-")
            if tag == "B" or (tag == "I" and (current is None or current[2] != role)):
                current = [start, end, role]
                sentence.spans.append(current)  # type: ignore[arg-type]
            elif tag == "I":
                current[1] = end  # type: ignore[index]
            else:
                current = None
        sentence.spans = [tuple(s) for s in sentence.spans]  # type: ignore[misc]
        sentences.append(sentence)
        tokens.clear()
        labels.clear()

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the file: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            flush()
            continue
        parts = line.rsplit(maxsplit=1)
        if len(parts) != 2 or not (parts[1] == "O" or parts[1][:2] in ("B-", "I-")):
            raise InputError(f"{path}:{number}", f"expected 'token label' with a BIO label, got {line!r}")
        tokens.append(parts[0])
        labels.append(parts[1])
    flush()
    return sentences


def predicted_spans(texts: Sequence[str], batch_size: int = 64, pronouns: bool = True) -> list[list[tuple[int, int]]]:
    """Character ranges of every actor-linked mention in each text, through the actor pipeline.

    With ``pronouns=False`` pronoun mentions are left out (named and nominal mentions only).
    """
    from dyad.model import Article
    from dyad.nlp.pipeline import AnalysisFailure, Analyzer

    analyzer = Analyzer(components=COMPONENTS)
    result: list[list[tuple[int, int]]] = []
    for analysis in analyzer.analyze_many((Article.from_text(t) for t in texts), batch_size=batch_size):
        if isinstance(analysis, AnalysisFailure):
            result.append([])
            continue
        result.append(
            [
                (m.span.start, m.span.end)
                for m in analysis.mentions
                if m.actor_id is not None and (pronouns or m.label != "PRON")
            ]
        )
    return result


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(gold: Sequence[Sequence[tuple[int, int, str]]], predicted: Sequence[Sequence[tuple[int, int]]]) -> dict:
    """Overlap precision, recall and F1 of predicted spans against gold spans, sentence by sentence."""
    n_gold = n_pred = found = correct = 0
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        n_gold += len(gold_spans)
        n_pred += len(pred_spans)
        found += sum(any(_overlaps((g[0], g[1]), p) for p in pred_spans) for g in gold_spans)
        correct += sum(any(_overlaps((g[0], g[1]), p) for g in gold_spans) for p in pred_spans)
    precision = correct / n_pred if n_pred else 0.0
    recall = found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n_gold": n_gold,
        "n_pred": n_pred,
    }


def evaluate(path: Path, pronouns: bool = True) -> dict:
    """Read a BIO file, analyse its sentences and score the actor mentions (pronouns too unless told)."""
    sentences = read_bio(path)
    predicted = predicted_spans([s.text for s in sentences], pronouns=pronouns)
    result = score([s.spans for s in sentences], predicted)
    result["n_sentences"] = len(sentences)
    return result


@click.command(name="actors")
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A BIO file of source/target actor spans (token and label per line, blank line between sentences).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a report.")
@click.option(
    "--no-pronouns",
    is_flag=True,
    help="Score named and nominal mentions only (gold that marks one event's parties rarely marks pronouns).",
)
def command(data: Path, as_json: bool, no_pronouns: bool) -> None:
    """Precision, recall and F1 of actor mentions against gold source/target spans (overlap)."""
    started = time.perf_counter()
    result = evaluate(data, pronouns=not no_pronouns)
    elapsed = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"actor spans (overlap) on {data} ({result['n_sentences']} sentences)")
    click.echo(f"  precision {result['precision']:.3f}  recall {result['recall']:.3f}  f1 {result['f1']:.3f}")
    click.echo(f"  gold spans {result['n_gold']}  predicted mentions {result['n_pred']}")
    click.echo(f"{elapsed:.1f} s", err=True)


def _actor_at(analysis, start: int, end: int):
    """The mention linked to an actor that covers text ``start:end`` (exact span first, then overlap)."""
    linked = [m for m in analysis.mentions if m.actor_id is not None]
    exact = [m for m in linked if (m.span.start, m.span.end) == (start, end)]
    inside = [m for m in linked if m.span.start <= start and end <= m.span.end]
    around = [m for m in linked if start <= m.span.start and m.span.end <= end]
    candidates = exact or inside or around
    return min(candidates, key=lambda m: m.span.end - m.span.start) if candidates else None


def check_expectation(analysis, text: str, expect: dict) -> str | None:
    """Check one expectation of the resolution set against an analysis; None when it holds, else why not.

    ``expect`` names a mention by its text (first occurrence, or ``occurrence``: n) and any of:
    country, sector, code, kind, anonymous, title (of one of its roles), metonym, ``actor: false``
    (the words are no actor), ``antecedent`` (the same actor as that text) or ``distinct_from``.
    """

    def locate(words: str, occurrence: int = 1) -> tuple[int, int] | None:
        # Whole words only: "he" is not the end of "the".
        found = list(re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text))
        if len(found) < occurrence:
            return None
        return found[occurrence - 1].start(), found[occurrence - 1].end()

    where = locate(expect["mention"], expect.get("occurrence", 1))
    if "antecedent" in expect and "occurrence" not in expect and where is not None:
        # "Lavrov" must be checked where it stands alone, not inside its antecedent "Sergey Lavrov".
        antecedent = locate(expect["antecedent"])
        n = 1
        while where is not None and antecedent is not None and where[0] < antecedent[1] and antecedent[0] < where[1]:
            n += 1
            where = locate(expect["mention"], n)
    if where is None:
        return f"'{expect['mention']}' is not in the text"
    mention = _actor_at(analysis, *where)
    if expect.get("actor") is False:
        return None if mention is None else f"'{expect['mention']}' was linked to an actor"
    if mention is None:
        return f"'{expect['mention']}' has no actor"
    actor = analysis.actor(mention.actor_id)
    for key in ("country", "sector", "code", "kind", "anonymous"):
        if key in expect and getattr(actor, key) != expect[key]:
            return f"'{expect['mention']}': {key} {getattr(actor, key)!r}, expected {expect[key]!r}"
    if "metonym" in expect and mention.metonym != expect["metonym"]:
        return f"'{expect['mention']}': metonym {mention.metonym}"
    if "title" in expect and expect["title"] not in [r.title for r in actor.roles]:
        return f"'{expect['mention']}': titles {[r.title for r in actor.roles]}, expected {expect['title']!r}"
    for key, same in (("antecedent", True), ("distinct_from", False)):
        if key in expect:
            other_at = locate(expect[key])
            other = _actor_at(analysis, *other_at) if other_at else None
            if other is None:
                return f"'{expect[key]}' has no actor"
            if (other.actor_id == mention.actor_id) != same:
                return f"'{expect['mention']}' -> {actor.name!r}; '{expect[key]}' -> {analysis.actor(other.actor_id).name!r}"
    return None


def score_resolution(path: Path, analyze) -> dict:
    """Accuracy on an actor resolution set (JSONL: text, phenomenon, split, expect[]), overall, by phenomenon and split.

    ``analyze`` turns a text into an `Analysis`. Returns accuracy, n, per-phenomenon accuracy and the failures.
    """
    total = correct = 0
    by_phenomenon: dict[str, list[int]] = {}
    by_split: dict[str, list[int]] = {}
    failures: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        analysis = analyze(case["text"])
        for expect in case["expect"]:
            problem = check_expectation(analysis, case["text"], expect)
            counts = by_phenomenon.setdefault(case["phenomenon"], [0, 0])
            split = by_split.setdefault(case.get("split", "dev"), [0, 0])
            counts[1] += 1
            split[1] += 1
            total += 1
            if problem is None:
                counts[0] += 1
                split[0] += 1
                correct += 1
            else:
                failures.append(f"{case['id']}: {problem}")
    return {
        "accuracy": round(correct / total, 4) if total else 0.0,
        "n": total,
        "by_phenomenon": {k: round(v[0] / v[1], 4) for k, v in sorted(by_phenomenon.items())},
        "by_split": {k: {"accuracy": round(v[0] / v[1], 4), "n": v[1]} for k, v in sorted(by_split.items())},
        "failures": failures,
    }
