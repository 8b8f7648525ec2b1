"""Queries over coded events: filtering, a dyadic cooperation-conflict series, a GDELT-like table.

Pure functions over `Analysis` objects (no database, no spaCy), so the store, the CLI
and a notebook can all call them:

>>> rows = dyadic_summary(analyses, period="month")                    # doctest: +SKIP
>>> rows[0]                                                            # doctest: +SKIP
{'period': '2024-10', 'actor': 'RUSGOV', 'recipient': 'UKR', 'events': 3, 'mean_intensity': -9.3, ...}

An event's date is its own (``Event.date``, set by the dating component) when that is a
calendar date, else the article's publication date; events with neither are left out of
time series. Only asserted, narrator-level events are counted unless asked otherwise:
``modalities=None`` counts every modality, ``narrator_only=False`` counts events stated
inside quotations too.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from dyad.model import Actor, Analysis, Event, Modality

Period = Literal["day", "week", "month"]
#: Shown for a participant that has no resolved actor or no code.
UNKNOWN = "---"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class CodedEvent:
    """One event with what a query needs from its analysis: date, actor and recipient codes."""

    event: Event
    analysis: Analysis
    day: date | None
    actor_codes: tuple[str, ...]
    recipient_codes: tuple[str, ...]


def actor_code(actor: Actor | None) -> str:
    """An actor's CAMEO-style code, else its country, else ``---``."""
    if actor is None:
        return UNKNOWN
    return actor.code or actor.country or UNKNOWN


def event_day(event: Event, analysis: Analysis) -> date | None:
    """The event's calendar day: its own date when it names a year and month, else the publication date.

    "2024-10-29" -> 2024-10-29; "2024-10" -> 2024-10-01; "XXXX-10-29" or None -> the article's date.
    """
    match = _DATE.match(event.date or "")
    if match:
        year, month, day = match.groups()
        try:
            return date(int(year), int(month), int(day or 1))
        except ValueError:
            pass
    published = analysis.article.published
    return published.date() if published else None


def coded_events(
    analyses: Iterable[Analysis],
    modalities: Iterable[Modality | str] | None = (Modality.ASSERTED,),
    narrator_only: bool = True,
) -> Iterator[CodedEvent]:
    """Every event of ``analyses`` with its day and codes, keeping only the wanted modalities.

    ``narrator_only`` drops events stated inside a quotation (those with a ``quote_id``).
    """
    wanted = None if modalities is None else {Modality(m) for m in modalities}
    for analysis in analyses:
        for event in analysis.events:
            if wanted is not None and event.modality not in wanted:
                continue
            if narrator_only and event.quote_id is not None:
                continue
            yield CodedEvent(
                event=event,
                analysis=analysis,
                day=event_day(event, analysis),
                actor_codes=tuple(actor_code(analysis.actor(a)) for a in event.actors) or (UNKNOWN,),
                recipient_codes=tuple(actor_code(analysis.actor(r)) for r in event.recipients) or (UNKNOWN,),
            )


def filter_events(
    analyses: Iterable[Analysis],
    actor: str | None = None,
    recipient: str | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    modalities: Iterable[Modality | str] | None = (Modality.ASSERTED,),
    narrator_only: bool = True,
) -> list[CodedEvent]:
    """Events matching every given criterion (the query behind ``dyad events``).

    ``actor`` and ``recipient`` match a code by prefix, so "RUS" finds RUSGOV and RUSMIL;
    for a reciprocal event any party matches either side. ``since``/``until`` bound the
    event day (inclusive); events without a day fail a date bound.
    """
    found = []
    for coded in coded_events(analyses, modalities, narrator_only):
        event = coded.event
        if event_type is not None and event.type != event_type.upper():
            continue
        sides = coded.actor_codes + coded.recipient_codes if event.reciprocal else None
        if actor and not any(c.startswith(actor.upper()) for c in sides or coded.actor_codes):
            continue
        if recipient and not any(c.startswith(recipient.upper()) for c in sides or coded.recipient_codes):
            continue
        if since is not None and (coded.day is None or coded.day < since):
            continue
        if until is not None and (coded.day is None or coded.day > until):
            continue
        found.append(coded)
    return found


def period_key(day: date, period: Period) -> str:
    """The label of the period holding ``day``: 2024-10-29, 2024-W44 (ISO week) or 2024-10."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _pairs(coded: CodedEvent) -> Iterator[tuple[str, str]]:
    """The (actor, recipient) pairs an event counts for; a reciprocal event counts for each ordered pair of parties."""
    if coded.event.reciprocal:
        parties = coded.actor_codes
        for a in parties:
            for b in parties:
                if a != b:
                    yield a, b
        return
    for a in coded.actor_codes:
        for r in coded.recipient_codes:
            yield a, r


def dyadic_summary(
    analyses: Iterable[Analysis],
    period: Period = "month",
    modalities: Iterable[Modality | str] | None = (Modality.ASSERTED,),
    narrator_only: bool = True,
) -> list[dict]:
    """Counts and mean intensity per (actor code, recipient code) per period: a GDELT-style series.

    Each row: period, actor, recipient, events, mean_intensity (Goldstein, -10 conflict ..
    +10 cooperation), and counts per QuadClass (verbal_coop, material_coop, verbal_conflict,
    material_conflict). Rows are sorted by period, then actor, then recipient.
    """
    counts: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for coded in coded_events(analyses, modalities, narrator_only):
        if coded.day is None:
            continue
        key = period_key(coded.day, period)
        for actor, recipient in _pairs(coded):
            counts[(key, actor, recipient)].append(coded.event)
    rows = []
    for (key, actor, recipient), events in sorted(counts.items()):
        intensities = [e.intensity for e in events if e.intensity is not None]
        quads = [e.quad_class for e in events]
        rows.append(
            {
                "period": key,
                "actor": actor,
                "recipient": recipient,
                "events": len(events),
                "mean_intensity": round(sum(intensities) / len(intensities), 2) if intensities else None,
                "verbal_coop": quads.count(1),
                "material_coop": quads.count(2),
                "verbal_conflict": quads.count(3),
                "material_conflict": quads.count(4),
            }
        )
    return rows


def event_table(
    analyses: Iterable[Analysis],
    modalities: Iterable[Modality | str] | None = None,
    narrator_only: bool = False,
) -> list[dict]:
    """One GDELT-like row per event (every modality by default, with the modality as a column).

    Columns follow GDELT's names where one exists (SQLDATE, Actor1Code, Actor2Code, EventCode,
    EventRootCode, QuadClass, GoldsteinScale) and add dyad's: PLOVER type and mode, modality,
    quote id, place, confidence, article id and the trigger's offsets and text.
    """
    rows = []
    for coded in coded_events(analyses, modalities, narrator_only):
        event, analysis = coded.event, coded.analysis
        place = next((p for p in analysis.places if p.id == event.place_id), None)
        rows.append(
            {
                "GlobalEventID": f"{analysis.article.id}:{event.id}",
                "SQLDATE": coded.day.strftime("%Y%m%d") if coded.day else None,
                "DateSource": event.date_source,
                "Actor1Code": ";".join(coded.actor_codes),
                "Actor2Code": ";".join(coded.recipient_codes),
                "Reciprocal": event.reciprocal,
                "EventCode": event.cameo,
                "EventRootCode": (event.cameo or "")[:2] or None,
                "QuadClass": event.quad_class,
                "PentaClass": event.penta_class,
                "GoldsteinScale": event.intensity,
                "PloverType": event.type,
                "PloverMode": event.mode,
                "Modality": event.modality.value,
                "QuoteID": event.quote_id,
                "ActionGeo_FullName": place.name if place else None,
                "ActionGeo_CountryCode": place.country if place else None,
                "ActionGeo_Lat": place.lat if place else None,
                "ActionGeo_Long": place.lon if place else None,
                "Confidence": event.confidence,
                "ArticleID": analysis.article.id,
                "SourceURL": analysis.article.url,
                "TriggerStart": event.trigger.start,
                "TriggerEnd": event.trigger.end,
                "Trigger": event.trigger.text,
            }
        )
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    """Write rows (from `dyadic_summary` or `event_table`) as CSV with a header line."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        if not rows:
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
