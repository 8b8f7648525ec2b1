"""`run_batch`: analyse input files into a Parquet output folder, on Ray or a local process pool.

The driver lists the inputs, skips those the manifest says are done, clears any parts an
interrupted run left for the others, hands the rest to an engine, and records each input in
the manifest once all its chunks are written. It never loads spaCy itself.

>>> report = run_batch(["crawl/"], "out/", engine="local", workers=2)   # doctest: +SKIP
>>> report.summary()                                                     # doctest: +SKIP
'3 inputs (0 already done), 1,204 articles, 2 errors'
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dyad.errors import DyadError, InputError
from dyad.scale.inputs import DEFAULT_CHUNK_SIZE, InputFile, find_inputs
from dyad.scale.manifest import Manifest
from dyad.scale.tables import remove_parts
from dyad.scale.worker import ChunkSummary
from dyad.settings import DEFAULT_MODEL

Engine = Literal["local", "ray"]


@dataclass
class BatchReport:
    """What a batch run did."""

    inputs: int = 0  # input files found
    already_done: int = 0  # skipped: finished by an earlier run
    finished: int = 0  # input files completed by this run
    chunks: int = 0
    articles: int = 0
    errors: int = 0  # records that could not be read or analysed (rows of the errors table)
    seconds: float = 0.0
    workers: int = 0
    input_errors: list[InputError] = field(default_factory=list)  # inputs that could not be found
    #: Peak resident memory of each worker process (pid → KiB), as the workers reported it.
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)
    extractor_versions: set[str] = field(default_factory=set)
    #: Worker clock: when the first chunk was taken and the last one written (epoch seconds).
    first_chunk_started: float = float("inf")
    last_chunk_finished: float = 0.0
    cpu_seconds: float = 0.0  # CPU time the workers spent on chunks

    @property
    def articles_per_second(self) -> float:
        """Over the whole run, start-up (model loading, cluster start) included."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def steady_articles_per_second(self) -> float:
        """From the first chunk taken to the last written: the rate of a long job, start-up excluded."""
        span = self.last_chunk_finished - self.first_chunk_started
        return self.articles / span if span > 0 else 0.0

    @property
    def articles_per_cpu_second(self) -> float:
        """Articles per second of worker CPU time: the per-core rate, whatever else loads the machine."""
        return self.articles / self.cpu_seconds if self.cpu_seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.inputs} inputs ({self.already_done} already done), {self.articles:,} articles, "
            f"{self.errors:,} errors"
        )


class _Progress:
    """Counts the chunks of each input file and knows when the file is complete."""

    def __init__(self, pending: list[InputFile]):
        self.files = {item.key: item for item in pending}
        self.done: dict[str, set[int]] = {item.key: set() for item in pending}
        self.total: dict[str, int] = {}
        self.counts: dict[str, list[int]] = {item.key: [0, 0] for item in pending}

    def add(self, summary: ChunkSummary) -> InputFile | None:
        """Count a finished chunk; return its input file when that was the file's last missing chunk."""
        self.done[summary.key].add(summary.index)
        self.counts[summary.key][0] += summary.articles
        self.counts[summary.key][1] += summary.errors
        if summary.last:
            self.total[summary.key] = summary.index + 1
        if len(self.done[summary.key]) == self.total.get(summary.key):
            return self.files[summary.key]
        return None


def run_batch(
    paths: list[str],
    output: str | Path,
    *,
    engine: Engine = "local",
    workers: int | None = None,
    address: str | None = None,
    model: str = DEFAULT_MODEL,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    batch_size: int = 16,
    quiet: bool = True,
    on_progress: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Analyse every article of the JSONL, Parquet and WARC files under ``paths`` into ``output``.

    Args:
        paths: files, folders and globs.
        output: the output folder (created; a rerun into it resumes).
        engine: "local" (a process pool here) or "ray" (Ray Data, on the cluster at ``address``, or
            on a local Ray started for the job, or on the one this process already joined).
        workers: worker processes (Ray actors); default: the CPUs of this machine or of the cluster.
        chunk_size: records per chunk (the unit of work and of output parts).
        batch_size: documents per `nlp.pipe` batch inside a worker.
    Raises:
        DyadError: no input file was found, or an engine is unknown.
    """
    if engine not in ("local", "ray"):
        raise DyadError(f"unknown engine '{engine}'; choose local or ray")
    if chunk_size < 1:
        raise DyadError("--chunk-size must be at least 1")
    started = time.perf_counter()
    out = Path(output).resolve()
    out.mkdir(parents=True, exist_ok=True)
    found, missing = find_inputs(list(paths))
    report = BatchReport(inputs=len(found), input_errors=missing)
    if not found:
        raise DyadError("no JSONL, Parquet or WARC input found" + (f" ({missing[0]})" if missing else ""))
    manifest = Manifest(out)
    pending = [item for item in found if not manifest.is_done(item)]
    report.already_done = len(found) - len(pending)
    if not pending:
        report.seconds = time.perf_counter() - started
        return report
    for item in pending:
        remove_parts(out, item.key)  # whatever an interrupted run left of this file is redone

    started_ray = False
    if engine == "ray":
        from dyad.scale.rayjob import cluster_cpus, connect, run_ray

        started_ray = connect(address, workers, quiet)
        report.workers = workers or cluster_cpus()
        summaries = run_ray(
            pending, str(out), model=model, workers=report.workers, chunk_size=chunk_size,
            batch_size=batch_size, quiet=quiet,
        )  # fmt: skip
    else:
        from dyad.scale.local import run_local

        report.workers = workers or os.cpu_count() or 1
        summaries = run_local(
            pending, str(out), model=model, workers=report.workers, chunk_size=chunk_size, batch_size=batch_size
        )
    progress = _Progress(pending)
    try:
        for summary in summaries:
            report.chunks += 1
            report.articles += summary.articles
            report.errors += summary.errors
            report.extractor_versions.add(summary.extractor_version)
            report.first_chunk_started = min(report.first_chunk_started, summary.started)
            report.last_chunk_finished = max(report.last_chunk_finished, summary.finished)
            report.cpu_seconds += summary.cpu_seconds
            previous = report.worker_peak_rss_kb.get(summary.pid, 0)
            report.worker_peak_rss_kb[summary.pid] = max(previous, summary.peak_rss_kb)
            finished = progress.add(summary)
            if finished is not None:
                articles, errors = progress.counts[finished.key]
                manifest.record(finished, progress.total[finished.key], articles, errors, summary.extractor_version)
                report.finished += 1
            if on_progress:
                on_progress(report)
    finally:
        if started_ray:
            import ray

            ray.shutdown()
    report.seconds = time.perf_counter() - started
    return report
