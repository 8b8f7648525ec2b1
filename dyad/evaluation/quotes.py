"""Score quotation attribution against a corpus in PolNeAR's brat layout.

A corpus folder holds ``text/NAME.txt`` and ``attributions/NAME_XXXX.ann``
(brat standoff; several annotators may have annotated one text, and the first
``.ann`` in sorted order is the one scored). Each ``E`` line of type
``Attribution`` (or ``Attribution-no-source``) links a Content, a Cue and
possibly a Source; content spans, discontinuous or several, are merged into
one set of characters.

Gold and predicted attributions are paired one-to-one, greedily by the
character Jaccard of their contents (highest first); precision, recall and F1
are reported at Jaccard >= 0.2, 0.5 and 0.8, for ALL attributions and for the
DIRECT subset (content containing a straight or curly double quotation mark;
the two subsets are matched separately). Speaker and cue accuracy are measured
on the ALL pairs matched at 0.5: a predicted speaker (cue) is right when it
overlaps the gold Source (Cue); pairs whose gold has no Source (no Cue) are
left out of that accuracy.

    dyad eval quotes --data ../shared/data/quotes/polnear/data/dev --json
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from dyad.errors import InputError
from dyad.model import Analysis

#: Jaccard thresholds at which P/R/F1 are reported.
THRESHOLDS: tuple[float, ...] = (0.2, 0.5, 0.8)
#: The threshold whose pairs are used for speaker and cue accuracy.
ACCURACY_THRESHOLD = 0.5
#: Characters that make an attribution DIRECT.
DOUBLE_QUOTES = ('"', "\u201c", "\u201d")

Ranges = list[tuple[int, int]]


@dataclass
class Attribution:
    """One attribution (gold or predicted): merged content ranges, and source and cue ranges."""

    content: Ranges
    source: Ranges = field(default_factory=list)
    cue: Ranges = field(default_factory=list)


@dataclass
class Document:
    """A text and its attributions."""

    name: str
    text: str
    attributions: list[Attribution]


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sort and merge half-open ranges, dropping empty ones: [(5, 9), (0, 6)] -> [(0, 9)]."""
    merged: Ranges = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(ranges: Ranges) -> int:
    return sum(end - start for start, end in ranges)


def _intersection(a: Ranges, b: Ranges) -> int:
    """Characters shared by two merged range lists (a linear sweep)."""
    i = j = shared = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            shared += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def jaccard(a: Ranges, b: Ranges) -> float:
    """Character Jaccard of two merged range lists."""
    shared = _intersection(a, b)
    union = _length(a) + _length(b) - shared
    return shared / union if union else 0.0


def overlaps(a: Ranges, b: Ranges) -> bool:
    """Whether two merged range lists share at least one character."""
    return _intersection(a, b) > 0


def is_direct(text: str, content: Ranges) -> bool:
    """Whether the content contains a straight or curly double quotation mark."""
    return any(mark in text[start:end] for start, end in content for mark in DOUBLE_QUOTES)


_SPAN_RE = re.compile(r"(\d+) (\d+)")


def read_ann(path: Path) -> list[Attribution]:
    """Read the Attribution relations of one brat ``.ann`` file.

    ``T`` lines give typed (possibly discontinuous) spans; ``E`` lines of type
    Attribution or Attribution-no-source link Content, Cue and Source ids
    (a role may repeat as Content2, Cue2 ...).
    """
    spans: dict[str, Ranges] = {}
    events: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            offsets = parts[1].split(" ", 1)[1] if " " in parts[1] else ""
            spans[parts[0]] = [(int(s), int(e)) for s, e in _SPAN_RE.findall(offsets)]
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].startswith("Attribution"):
                events.append(parts[1].split()[1:])
    attributions = []
    for args in events:
        roles: dict[str, Ranges] = {"Content": [], "Source": [], "Cue": []}
        for arg in args:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if role in roles:
                roles[role].extend(spans.get(ref, []))
        content = merge_ranges(roles["Content"])
        if content:
            attributions.append(Attribution(content, merge_ranges(roles["Source"]), merge_ranges(roles["Cue"])))
    return attributions


def _annotation_for(ann_dir: Path, stem: str) -> Path | None:
    """The first ``.ann`` in sorted order for text ``stem`` (``stem.ann`` or ``stem_XXXX.ann``)."""
    own = re.compile(re.escape(stem) + r"(_[^_]+)?\.ann")
    candidates = sorted(p for p in ann_dir.glob(f"{glob_escape(stem)}*.ann") if own.fullmatch(p.name))
    return candidates[0] if candidates else None


def glob_escape(name: str) -> str:
    """Escape glob metacharacters in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def read_corpus(data: Path) -> list[Document]:
    """Read every ``text/*.txt`` under ``data`` with its first annotation file (texts without one are skipped).

    Raises:
        InputError: ``data`` has no ``text/`` or ``attributions/`` folder.
    """
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(str(data), "expected a PolNeAR-style folder with text/ and attributions/ inside")
    documents = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = _annotation_for(ann_dir, txt.stem)
        if ann is None:
            continue
        # newline="" keeps the file's own line ends, so offsets match the annotation's
        with txt.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        documents.append(Document(txt.name, text, read_ann(ann)))
    return documents


def attributions_from_analysis(analysis: Analysis) -> list[Attribution]:
    """The quotes of an analysis as scoreable attributions."""
    result = []
    for quote in analysis.quotes:
        content = merge_ranges((s.start, s.end) for s in quote.content)
        if not content:
            continue
        speaker = [(quote.speaker.start, quote.speaker.end)] if quote.speaker else []
        cue = [(quote.cue.start, quote.cue.end)] if quote.cue else []
        result.append(Attribution(content, speaker, cue))
    return result


def greedy_pairs(gold: Sequence[Attribution], predicted: Sequence[Attribution]) -> list[tuple[float, int, int]]:
    """One-to-one pairs (jaccard, gold index, predicted index), highest Jaccard first, greedily."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = jaccard(g.content, p.content)
            if score > 0:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for score, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((score, gi, pi))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def score(documents: Sequence[Document], predictions: Sequence[list[Attribution]]) -> dict:
    """Score predicted attributions (one list per document, same order) against the documents' gold.

    Returns the ``--json`` object: {"all": {"0.2": {"p", "r", "f1"}, ...}, "direct": {...},
    "speaker_accuracy", "cue_accuracy", "n_gold_all", "n_gold_direct"} (plus prediction counts
    and the numbers behind the accuracies).
    """
    counts = {subset: {"tp": dict.fromkeys(THRESHOLDS, 0), "gold": 0, "pred": 0} for subset in ("all", "direct")}
    speaker_right = speaker_total = cue_right = cue_total = 0
    for doc, predicted in zip(documents, predictions, strict=True):
        for subset in ("all", "direct"):
            if subset == "all":
                gold, pred = doc.attributions, predicted
            else:
                gold = [a for a in doc.attributions if is_direct(doc.text, a.content)]
                pred = [a for a in predicted if is_direct(doc.text, a.content)]
            pairs = greedy_pairs(gold, pred)
            counts[subset]["gold"] += len(gold)
            counts[subset]["pred"] += len(pred)
            for threshold in THRESHOLDS:
                counts[subset]["tp"][threshold] += sum(1 for s, _, _ in pairs if s >= threshold)
            if subset != "all":
                continue
            for s, gi, pi in pairs:
                if s < ACCURACY_THRESHOLD:
                    continue
                g, p = gold[gi], pred[pi]
                if g.source:
                    speaker_total += 1
                    speaker_right += overlaps(g.source, p.source)
                if g.cue:
                    cue_total += 1
                    cue_right += overlaps(g.cue, p.cue)
    result: dict = {}
    for subset, c in counts.items():
        result[subset] = {str(t): _prf(c["tp"][t], c["pred"], c["gold"]) for t in THRESHOLDS}
    result["speaker_accuracy"] = round(speaker_right / speaker_total, 4) if speaker_total else 0.0
    result["cue_accuracy"] = round(cue_right / cue_total, 4) if cue_total else 0.0
    result["n_gold_all"] = counts["all"]["gold"]
    result["n_gold_direct"] = counts["direct"]["gold"]
    result["n_pred_all"] = counts["all"]["pred"]
    result["n_pred_direct"] = counts["direct"]["pred"]
    result["n_speaker_scored"] = speaker_total
    result["n_cue_scored"] = cue_total
    return result


def predict(documents: Sequence[Document], components: Sequence[str] | None = None) -> list[list[Attribution]]:
    """Run dyad's pipeline over the documents' texts and return their attributions.

    The text is analysed exactly as read (not re-normalised), so predicted
    offsets are those of the ``.txt`` files.
    """
    from dyad.model import Article, content_hash
    from dyad.nlp.pipeline import Analyzer, available_components

    if components is None:
        wanted = {"dyad_mentions", "dyad_actors", "dyad_quotes"}
        components = [c for c in available_components() if c in wanted]
    analyzer = Analyzer(components=components)
    articles = [Article(id=content_hash(d.text), text=d.text, source=d.name) for d in documents]
    predictions = []
    for result in analyzer.analyze_many(articles):
        predictions.append(attributions_from_analysis(result) if isinstance(result, Analysis) else [])
    return predictions


def time_component(documents: Sequence[Document], repeats: int = 3) -> tuple[float, float]:
    """Seconds for spaCy's parse of the texts alone, and for the quotation component over the parsed docs.

    The component is timed on its own (best of ``repeats``), with no other dyad
    component before it, so the figure is its own cost next to the parse.
    """
    from dyad.model import Article, content_hash
    from dyad.nlp.pipeline import DEFAULT_MODEL, load_pipeline
    from dyad.nlp.quotes import QuoteFinder

    nlp = load_pipeline(DEFAULT_MODEL, components=[])
    texts = [d.text for d in documents]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - started
    finder = QuoteFinder(nlp)
    best = float("inf")
    for _ in range(repeats):
        for doc, text in zip(docs, texts, strict=True):
            doc.user_data.clear()
            doc._.dyad = Analysis(extractor_version="timing", article=Article(id=content_hash(text), text=text))
        started = time.perf_counter()
        for doc in docs:
            finder(doc)
        best = min(best, time.perf_counter() - started)
    return parse, best


def prediction_record(doc: Document, predicted: Sequence[Attribution]) -> dict:
    """One ``--predictions`` JSON line: {"doc", "quotes": [{"content", "speaker", "cue"}]}."""
    return {
        "doc": doc.name,
        "quotes": [
            {
                "content": [list(r) for r in a.content],
                "speaker": list(a.source[0]) if a.source else None,
                "cue": list(a.cue[0]) if a.cue else None,
            }
            for a in predicted
        ],
    }


def format_table(result: dict) -> str:
    """A plain-text table of the scores, for people."""
    lines = [f"{'subset':<8} {'jaccard':>7} {'P':>7} {'R':>7} {'F1':>7}"]
    for subset in ("all", "direct"):
        for t in THRESHOLDS:
            s = result[subset][str(t)]
            lines.append(f"{subset.upper():<8} {t:>7} {s['p']:>7.3f} {s['r']:>7.3f} {s['f1']:>7.3f}")
    lines.append(
        f"gold: {result['n_gold_all']} attributions ({result['n_gold_direct']} direct); "
        f"predicted: {result['n_pred_all']} ({result['n_pred_direct']} direct)"
    )
    lines.append(
        f"speaker accuracy {result['speaker_accuracy']:.3f} (n={result['n_speaker_scored']}), "
        f"cue accuracy {result['cue_accuracy']:.3f} (n={result['n_cue_scored']}) at jaccard >= {ACCURACY_THRESHOLD}"
    )
    return "\n".join(lines)


@click.command(name="quotes")
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder in PolNeAR's brat layout (text/ and attributions/).",
)
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write dyad's attributions here, one JSON line per document.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--timing", is_flag=True, help="Also time the quotation component against spaCy's parse alone.")
def command(data: Path, predictions_path: Path | None, as_json: bool, timing: bool) -> None:
    """Score quotation attribution (content, speaker, cue) on a PolNeAR-style folder."""
    documents = read_corpus(data)
    started = time.perf_counter()
    predictions = predict(documents)
    elapsed = time.perf_counter() - started
    if predictions_path is not None:
        with predictions_path.open("w", encoding="utf-8") as out:
            for doc, predicted in zip(documents, predictions, strict=True):
                out.write(json.dumps(prediction_record(doc, predicted), ensure_ascii=False) + "\n")
    result = score(documents, predictions)
    if timing:
        parse, component = time_component(documents)
        result["timing"] = {
            "parse_s": round(parse, 3),
            "quotes_s": round(component, 3),
            "ratio": round(component / parse, 4) if parse else 0.0,
        }
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(format_table(result))
        if timing:
            t = result["timing"]
            click.echo(
                f"quote component {t['quotes_s']:.2f} s / spaCy parse {t['parse_s']:.2f} s = {100 * t['ratio']:+.1f} %"
            )
        click.echo(f"{len(documents)} documents in {elapsed:.1f} s", err=True)
