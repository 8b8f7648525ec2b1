"""The stateful worker both engines run: load the pipeline once, then analyse chunk after chunk.

For each chunk it analyses the articles through one `nlp.pipe`, writes one Parquet part per
table, and returns a small `ChunkSummary` to the driver (the analyses themselves never travel
back). An article the pipeline fails on becomes a row of the errors table with its reason;
the chunk and the job go on.
"""

from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dyad.errors import DyadError
from dyad.model import Analysis, Article
from dyad.scale.inputs import Chunk
from dyad.scale.tables import TABLES, analysis_rows, write_part
from dyad.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from dyad.nlp.pipeline import Analyzer

#: Error code of an unexpected failure inside an extractor (a bug, not a bad input).
EXTRACTOR_FAILED = "E900"


@dataclass
class ChunkSummary:
    """What the driver learns about a finished chunk."""

    input: str
    key: str
    index: int
    last: bool
    articles: int
    errors: int
    started: float  # wall clock (epoch seconds) when the worker took the chunk
    finished: float  # ... and when its parts were written
    cpu_seconds: float  # CPU time the worker process spent on the chunk
    pid: int
    peak_rss_kb: int  # the worker process's peak resident memory so far
    extractor_version: str

    def to_row(self) -> dict:
        return asdict(self)


def _error_row(input_path: str, source: str, code: str, reason: str, stage: str, version: str) -> dict:
    return {
        "input": input_path,
        "source": source,
        "code": code,
        "reason": reason,
        "stage": stage,
        "extractor_version": version,
    }


class ChunkWorker:
    """Holds one loaded `Analyzer` and turns chunks into Parquet parts under ``output``.

    Args:
        output: the batch output folder (shared by all workers).
        model: spaCy model package to load.
        batch_size: documents per `nlp.pipe` batch inside a chunk.
        analyzer: an already loaded analyzer to use instead of loading ``model``.
    """

    def __init__(self, output: str, model: str = DEFAULT_MODEL, batch_size: int = 16, analyzer: Analyzer | None = None):
        if analyzer is None:
            from dyad.nlp.pipeline import Analyzer  # imported here: the driver never loads spaCy

            analyzer = Analyzer(model)
        self.output = Path(output)
        self.analyzer = analyzer
        self.batch_size = batch_size

    def _analyze(self, articles: list[Article]) -> list[Analysis | tuple[Article, Exception]]:
        """Analyses in input order; a failing article gives (article, error) instead.

        `analyze_many` reports bad inputs itself; any other exception (an extractor bug on one
        odd text) aborts its pipe, so the chunk is then analysed again one article at a time to
        isolate the article at fault.
        """
        from dyad.nlp.pipeline import AnalysisFailure

        try:
            return [
                (r.article, r.error) if isinstance(r, AnalysisFailure) else r
                for r in self.analyzer.analyze_many(articles, batch_size=self.batch_size)
            ]
        except Exception:
            return [self._analyze_one(article) for article in articles]

    def _analyze_one(self, article: Article) -> Analysis | tuple[Article, Exception]:
        try:
            return self.analyzer.analyze(article)
        except Exception as exc:
            return article, exc

    def process(self, chunk: Chunk) -> ChunkSummary:
        """Analyse one chunk and write its parts (every table, empty ones too)."""
        started, cpu_started = time.time(), time.process_time()
        version = self.analyzer.version
        rows: dict[str, list[dict]] = {table: [] for table in TABLES}
        articles: list[Article] = []
        for item in chunk.items:
            record = json.loads(item)
            if "error" in record:
                error = record["error"]
                rows["errors"].append(
                    _error_row(chunk.input, error["source"], error["code"], error["reason"], "read", version)
                )
            else:
                articles.append(Article.model_validate(record["article"]))
        analysed = 0
        for result in self._analyze(articles):
            if isinstance(result, Analysis):
                analysed += 1
                for table, table_rows in analysis_rows(result, chunk.input).items():
                    rows[table].extend(table_rows)
                continue
            article, exc = result
            if isinstance(exc, DyadError):
                code, reason = exc.code, getattr(exc, "reason", str(exc))
            else:
                code, reason = EXTRACTOR_FAILED, f"the analysis failed ({type(exc).__name__}: {exc})"
            rows["errors"].append(
                _error_row(chunk.input, article.source or article.id, code, reason, "analyse", version)
            )
        # The articles part goes last: a chunk whose articles part exists has all its other parts.
        for table in (*TABLES[1:], TABLES[0]):
            write_part(self.output, table, chunk.name, rows[table])
        return ChunkSummary(
            input=chunk.input,
            key=chunk.key,
            index=chunk.index,
            last=chunk.last,
            articles=analysed,
            errors=len(rows["errors"]),
            started=started,
            finished=time.time(),
            cpu_seconds=time.process_time() - cpu_started,
            pid=os.getpid(),
            peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            extractor_version=version,
        )
