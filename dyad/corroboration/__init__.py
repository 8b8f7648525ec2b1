"""Across articles: near-duplicate articles, event clusters, statement clusters and their support.

Pure logic over `Analysis` objects and the records read from them; the store keeps the same
clusters incrementally (``dyad/store/clusters.py``). `corroborate` does the whole job in memory:

>>> result = corroborate([])            # analyses of any number of articles
>>> (result.events, result.statements)
([], [])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dyad.corroboration.duplicates import DuplicateIndex
from dyad.corroboration.events import EventCluster, cluster_events
from dyad.corroboration.records import event_records, quote_records
from dyad.corroboration.statements import StatementCluster, cluster_statements
from dyad.corroboration.support import Report, Support, support
from dyad.model import Analysis

__all__ = ["Corroboration", "corroborate", "EventCluster", "StatementCluster", "Support"]


@dataclass
class Corroboration:
    """Clusters of a set of articles, with each article's near-duplicate group."""

    events: list[EventCluster]
    statements: list[StatementCluster]
    groups: dict[str, str]

    def event_support(self, cluster: EventCluster) -> Support:
        return support((Report(m.article_id, m.published, m.outlet) for m in cluster.members), self.groups)

    def statement_support(self, cluster: StatementCluster) -> Support:
        return support((Report(m.article_id, m.published, m.outlet) for m in cluster.members), self.groups)


def corroborate(analyses: Iterable[Analysis]) -> Corroboration:
    """Cluster the events and statements of ``analyses`` and find their near-duplicate articles."""
    index = DuplicateIndex()
    events, quotes = [], []
    # Articles are indexed in id order so the pairs compared never depend on the order given.
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        index.add(analysis.article.id, analysis.article.text)
        events.extend(event_records(analysis))
        quotes.extend(quote_records(analysis))
    return Corroboration(events=cluster_events(events), statements=cluster_statements(quotes), groups=index.groups())
