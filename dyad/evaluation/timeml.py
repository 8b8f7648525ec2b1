"""Score the time component on TimeML files with the TempEval-3 measures.

A TimeML document holds a document creation time (``<DCT><TIMEX3 .../></DCT>``)
and a ``<TEXT>`` element with inline ``<TIMEX3 type=… value=…>`` tags. The
reader rebuilds the plain text of ``<TEXT>`` and records each TIMEX3 as a gold
span in it; the DCT becomes the article's publication date (the anchor) and is
not scored.

Measures (TempEval-3): relaxed F1 counts a system expression that overlaps a
gold one; strict F1 needs the exact span; value and type accuracy are taken
over the relaxed matches; value F1 = relaxed F1 × value accuracy.

Values are compared in canonical form: an ISO week number is zero-padded, so
the gold "2000-W7" and the system's "2000-W07" are the same week. The figures
also give ``value_accuracy_exact``, the plain string comparison, for reference.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click

from dyad.errors import InputError

_SHORT_WEEK = re.compile(r"(?<=-W)(\d)(?!\d)")


def canonical_value(value: str) -> str:
    """A TIMEX3 value with its ISO week number zero-padded: "2000-W7" -> "2000-W07"."""
    return _SHORT_WEEK.sub(r"0\1", value)


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: character offsets into the rebuilt text, type, value and mod."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeMLDocument:
    """A TimeML document as plain text, its creation time and its gold time expressions.

    ``events`` and ``timexes`` give the character span of each gold EVENT (by eid) and
    TIMEX3 (by tid); ``time_links`` the TLINKs between an event and a time expression, as
    (eid, tid, relType).
    """

    name: str
    text: str
    dct: datetime | None
    gold: list[GoldTimex] = field(default_factory=list)
    events: dict[str, tuple[int, int]] = field(default_factory=dict)
    timexes: dict[str, tuple[int, int]] = field(default_factory=dict)
    time_links: list[tuple[str, str, str]] = field(default_factory=list)


def parse_dct(value: str) -> datetime | None:
    """A TIMEX3 value of the DCT ("1998-01-08", "1998-11-20T19:30") as a UTC datetime, or None."""
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def read_timeml(path: Path) -> TimeMLDocument:
    """Read one ``.tml`` file.

    Raises:
        InputError: the file is not well-formed XML or has no ``<TEXT>`` element.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not well-formed TimeML: {exc}") from exc
    dct = None
    dct_timex = root.find("DCT/TIMEX3")
    if dct_timex is not None:
        dct = parse_dct(dct_timex.get("value", ""))
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError(str(path), "no <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    events: dict[str, tuple[int, int]] = {}
    timexes: dict[str, tuple[int, int]] = {}
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        start = length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if el.tag == "TIMEX3":
            gold.append(GoldTimex(start, length, el.get("type", ""), el.get("value", ""), el.get("mod")))
            timexes[el.get("tid", "")] = (start, length)
        elif el.tag == "EVENT":
            events[el.get("eid", "")] = (start, length)

    walk(text_el)
    instances = {mi.get("eiid"): mi.get("eventID") for mi in root.iter("MAKEINSTANCE")}
    links = [
        (instances.get(link.get("eventInstanceID"), ""), link.get("relatedToTime", ""), link.get("relType", ""))
        for link in root.iter("TLINK")
        if link.get("eventInstanceID") and link.get("relatedToTime")
    ]
    return TimeMLDocument(path.stem, "".join(parts), dct, sorted(gold, key=lambda g: g.start), events, timexes, links)


def read_folder(folder: Path) -> list[TimeMLDocument]:
    """Every ``.tml`` file under ``folder`` (recursively, in sorted order); a single file is accepted too."""
    if folder.is_file():
        return [read_timeml(folder)]
    paths = sorted(folder.rglob("*.tml"))
    if not paths:
        raise InputError(str(folder), "no .tml files found")
    return [read_timeml(p) for p in paths]


@dataclass(frozen=True)
class SystemTimex:
    """A system time expression in the same terms as the gold: offsets, type, value."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class TimexScores:
    """Counts for the TempEval-3 measures; the figures are computed from them."""

    n_gold: int = 0
    n_system: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    strict: int = 0
    value_correct: int = 0
    value_exact: int = 0
    type_correct: int = 0
    matched: int = 0

    def add(
        self, gold: list[GoldTimex], system: list[SystemTimex]
    ) -> list[tuple[GoldTimex | None, SystemTimex | None]]:
        """Score one document; returns the alignment (pairs, and misses as half-empty pairs) for error analysis."""
        self.n_gold += len(gold)
        self.n_system += len(system)
        used: set[int] = set()
        pairs: list[tuple[GoldTimex | None, SystemTimex | None]] = []
        for g in gold:
            overlapping = [i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end]
            if not overlapping:
                pairs.append((g, None))
                continue
            # Prefer the exact span, then the largest overlap, so one long system span is not charged twice.
            best = max(
                overlapping,
                key=lambda i: (
                    (system[i].start, system[i].end) == (g.start, g.end),
                    min(g.end, system[i].end) - max(g.start, system[i].start),
                ),
            )
            used.add(best)
            s = system[best]
            self.matched += 1
            self.strict += (s.start, s.end) == (g.start, g.end)
            self.value_correct += canonical_value(s.value) == canonical_value(g.value)
            self.value_exact += s.value == g.value
            self.type_correct += s.type == g.type
            pairs.append((g, s))
        self.relaxed_gold += sum(1 for g in gold if any(s.start < g.end and g.start < s.end for s in system))
        self.relaxed_system += sum(1 for s in system if any(s.start < g.end and g.start < s.end for g in gold))
        pairs.extend((None, s) for i, s in enumerate(system) if i not in used)
        return pairs

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | int]:
        """relaxed/strict precision, recall and F1, value and type accuracy, value F1, n_gold."""
        rp = self.relaxed_system / self.n_system if self.n_system else 0.0
        rr = self.relaxed_gold / self.n_gold if self.n_gold else 0.0
        sp = self.strict / self.n_system if self.n_system else 0.0
        sr = self.strict / self.n_gold if self.n_gold else 0.0
        relaxed_f1 = self._f1(rp, rr)
        value_accuracy = self.value_correct / self.matched if self.matched else 0.0
        return {
            "relaxed_precision": round(rp, 4),
            "relaxed_recall": round(rr, 4),
            "relaxed_f1": round(relaxed_f1, 4),
            "strict_precision": round(sp, 4),
            "strict_recall": round(sr, 4),
            "strict_f1": round(self._f1(sp, sr), 4),
            "value_accuracy": round(value_accuracy, 4),
            "value_accuracy_exact": round(self.value_exact / self.matched, 4) if self.matched else 0.0,
            "type_accuracy": round(self.type_correct / self.matched, 4) if self.matched else 0.0,
            "value_f1": round(relaxed_f1 * value_accuracy, 4),
            "n_gold": self.n_gold,
            "n_system": self.n_system,
        }


@dataclass
class TimeMLResult:
    """Scores, timings and the per-document alignments of one evaluation run."""

    scores: TimexScores
    seconds_by_component: dict[str, float]
    n_docs: int
    alignments: dict[str, list[tuple[GoldTimex | None, SystemTimex | None]]]

    def figures(self) -> dict[str, float | int | dict[str, float]]:
        """The scores plus documents per second (whole pipeline, spaCy parse alone, time component alone)
        and the seconds each pipeline component took."""
        out = self.scores.figures()
        total = sum(self.seconds_by_component.values())
        parse = sum(v for k, v in self.seconds_by_component.items() if not k.startswith("dyad_"))
        timex = self.seconds_by_component.get("dyad_time", 0.0)
        out["docs_per_second"] = round(self.n_docs / total, 2) if total else 0.0
        out["parse_docs_per_second"] = round(self.n_docs / parse, 2) if parse else 0.0
        out["time_component_docs_per_second"] = round(self.n_docs / timex, 2) if timex else 0.0
        out["time_overhead_vs_parse"] = round(timex / parse, 4) if parse else 0.0
        out["n_docs"] = self.n_docs
        out["seconds_by_component"] = {k: round(v, 2) for k, v in self.seconds_by_component.items()}
        return out


def evaluate(documents: Iterable[TimeMLDocument], components: list[str] | None = None) -> TimeMLResult:
    """Run the pipeline over ``documents`` with each DCT as publication date and score its times.

    Each pipeline component is timed on its own, so one pass gives the parse cost,
    the time component's cost and the whole pipeline's.
    """
    from dyad.model import Article, PublishedSource
    from dyad.nlp.pipeline import Analyzer

    analyzer = Analyzer(components=components)
    scores = TimexScores()
    seconds: dict[str, float] = {name: 0.0 for name in analyzer.nlp.pipe_names}
    alignments = {}
    n_docs = 0
    for document in documents:
        article = Article.from_text(
            document.text,
            published=document.dct,
            published_source=PublishedSource.METADATA if document.dct else PublishedSource.UNKNOWN,
            source=document.name,
        )
        doc = analyzer._make_doc(article)
        for name, proc in analyzer.nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            seconds[name] += time.perf_counter() - t0
        system = [SystemTimex(t.span.start, t.span.end, t.type, t.value) for t in doc._.dyad.times]
        alignments[document.name] = scores.add(document.gold, system)
        n_docs += 1
    return TimeMLResult(scores, seconds, n_docs, alignments)


@click.command(name="time")
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="A .tml file or a folder of them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--only-time", is_flag=True, help="Run spaCy and the time component only (no other dyad component).")
@click.option("--errors", "errors_path", type=click.Path(path_type=Path), help="Write every mismatch to this TSV file.")
def command(data: Path, as_json: bool, only_time: bool, errors_path: Path | None) -> None:
    """Score time expressions against TimeML (TempEval-3 measures; the DCT is the anchor)."""
    documents = read_folder(data)
    result = evaluate(documents, components=["dyad_time"] if only_time else None)
    figures = result.figures()
    if errors_path is not None:
        write_errors(errors_path, documents, result)
    if as_json:
        click.echo(json.dumps(figures))
        return
    for key, value in figures.items():
        click.echo(f"{key:32} {value}")


def write_errors(path: Path, documents: list[TimeMLDocument], result: TimeMLResult) -> None:
    """Write misses, false alarms and wrong values/types/spans as TSV rows (doc, kind, gold, system)."""
    texts = {d.name: d.text for d in documents}
    rows = ["doc\tkind\tgold_text\tgold_type\tgold_value\tsys_text\tsys_type\tsys_value\tcontext"]
    for name, pairs in result.alignments.items():
        text = texts[name]
        for g, s in pairs:
            if (
                g is not None
                and s is not None
                and (g.start, g.end, canonical_value(g.value), g.type)
                == (s.start, s.end, canonical_value(s.value), s.type)
            ):
                continue
            kind = "miss" if s is None else "false" if g is None else "mismatch"
            anchor = g or s
            context = text[max(0, anchor.start - 60) : anchor.end + 40].replace("\n", " ").replace("\t", " ")
            gold_cells = [text[g.start : g.end], g.type, g.value] if g else ["", "", ""]
            sys_cells = [text[s.start : s.end], s.type, s.value] if s else ["", "", ""]
            rows.append("\t".join([name, kind, *gold_cells, *sys_cells, context]).replace("\n", " "))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
