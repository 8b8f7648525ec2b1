"""Corroboration figures: how many articles, independent reports and outlets back one event or statement.

GDELT's NumArticles counts every copy. dyad counts a wire story run by five papers, or a story
and its updated version, as one report: ``reports`` is the number of near-duplicate groups among
the supporting articles, and ``outlets`` the number of distinct outlets when each group is
credited to the outlet that published it first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Report:
    """One supporting mention's article, as corroboration needs it."""

    article_id: str
    published: datetime | None
    outlet: str | None


@dataclass(frozen=True)
class Support:
    """Counts of what supports a cluster, and when it was first and last reported."""

    mentions: int
    articles: int
    reports: int
    outlets: int
    first_report: datetime | None
    last_report: datetime | None


def _order(report: Report) -> tuple:
    # Undated articles sort last: a known earliest publisher is the better credit.
    return (report.published is None, report.published.isoformat() if report.published else "", report.article_id)


def support(mentions: Iterable[Report], groups: Mapping[str, str]) -> Support:
    """Count a cluster's support; ``groups`` maps an article id to its near-duplicate group (itself if none).

    >>> from datetime import UTC, datetime
    >>> day = datetime(2025, 3, 14, tzinfo=UTC)
    >>> s = support([Report("a", day, "Wire"), Report("b", day, "Daily"), Report("c", day, "Post")], {"b": "a"})
    >>> (s.articles, s.reports, s.outlets)
    (3, 2, 2)
    """
    mentions = list(mentions)
    first_in_group: dict[str, Report] = {}
    for report in sorted({m.article_id: m for m in mentions}.values(), key=_order):
        first_in_group.setdefault(groups.get(report.article_id, report.article_id), report)
    outlets = {r.outlet or f"unknown outlet of {group}" for group, r in first_in_group.items()}
    dates = [m.published for m in mentions if m.published is not None]
    return Support(
        mentions=len(mentions),
        articles=len({m.article_id for m in mentions}),
        reports=len(first_in_group),
        outlets=len(outlets),
        first_report=min(dates) if dates else None,
        last_report=max(dates) if dates else None,
    )
