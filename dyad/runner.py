"""Jobs that join the parts: read sources, analyse, store — with a report of what happened to each input."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest import NotEnglish, read_paths
from dyad.model import Analysis, Article, PublishedSource
from dyad.nlp.pipeline import AnalysisFailure, Analyzer
from dyad.store import Store


@dataclass
class IngestReport:
    """Counts of what an ingest did, and the errors it met (each names its input and reason)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0  # readable but not analysed on purpose (another language)
    failed: int = 0
    errors: list[InputError] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.replaced + self.unchanged + self.skipped + self.failed

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    analyzer: Analyzer,
    *,
    force: bool = False,
    n_process: int = 1,
    batch_size: int = 16,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read every article under ``paths``, analyse those not yet stored with this extractor version, store them.

    Each article is stored in its own transaction; an unreadable input is recorded with its reason and the
    batch goes on. With ``force``, articles already stored with the same version are analysed again.
    """
    report = IngestReport()
    seen: set[str] = set()

    def note_error(error: InputError) -> None:
        if isinstance(error, NotEnglish):
            report.skipped += 1
        else:
            report.failed += 1
        report.errors.append(error)
        store.record_error(error.source, error.code, error.reason)
        if on_progress:
            on_progress(report)

    def to_analyse() -> Iterator[Article]:
        for item in read_paths(paths):
            if isinstance(item, InputError):
                note_error(item)
                continue
            if item.id in seen or (not force and store.stored_version(item.id) == analyzer.version):
                report.unchanged += 1
                if on_progress:
                    on_progress(report)
                continue
            seen.add(item.id)
            yield item

    for result in analyzer.analyze_many(to_analyse(), batch_size=batch_size, n_process=n_process):
        if isinstance(result, AnalysisFailure):
            note_error(result.error)
            continue
        outcome = store.save(result, force=force)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if on_progress:
            on_progress(report)
    if report.added or report.replaced:
        # Cross-article clusters take in what was just stored (incremental: reads only the new articles).
        from dyad.store.clusters import update_clusters

        update_clusters(store)
    return report


def analyze_paths(
    paths: Iterable[str | Path],
    analyzer: Analyzer,
    published: datetime | None = None,
    outlet: str | None = None,
) -> Iterator[Analysis | InputError]:
    """Analyse without storing: an Analysis or an InputError per input article (errors as they are met).

    ``published`` and ``outlet``, when given, replace what the files say (the user knows better).
    """
    pending: list[InputError] = []
    override: dict = {}
    if published is not None:
        override.update(published=published, published_source=PublishedSource.USER)
    if outlet is not None:
        override["outlet"] = outlet

    def articles() -> Iterator[Article]:
        for item in read_paths(paths):
            if isinstance(item, InputError):
                pending.append(item)
            else:
                yield item.model_copy(update=override) if override else item

    for result in analyzer.analyze_many(articles()):
        yield from pending
        pending.clear()
        yield result.error if isinstance(result, AnalysisFailure) else result
    yield from pending
