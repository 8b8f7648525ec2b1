"""Exports of the store: whole analyses (JSON Lines), fact tables (CSV, Parquet), a GDELT-style event table,
a dyadic cooperation–conflict series, and PLOVER JSON records."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

from dyad.store import Store

CSV_TABLES = ("events", "quotes", "actors", "mentions", "times", "places", "articles")


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write one Analysis JSON per line; returns the number written."""
    n = 0
    for analysis in store.iter_analyses():
        out.write(analysis.to_json())
        out.write("\n")
        n += 1
    return n


def export_csv(store: Store, table: str, out: TextIO) -> int:
    """Write one fact table (with its article's url, outlet and date) as CSV; returns the row count."""
    if table not in CSV_TABLES:
        raise ValueError(f"unknown table '{table}'; choose from {', '.join(CSV_TABLES)}")
    writer = csv.writer(out)
    n = 0
    for i, row in enumerate(store.iter_table(table)):
        if i == 0:
            writer.writerow(row.keys())
        writer.writerow(list(row))
        n += 1
    return n


def export_parquet(store: Store, table: str, path: Path) -> int:
    """Write one fact table as a Parquet file; returns the row count."""
    import pandas as pd

    if table not in CSV_TABLES:
        raise ValueError(f"unknown table '{table}'; choose from {', '.join(CSV_TABLES)}")
    frame = pd.DataFrame([dict(r) for r in store.iter_table(table)])
    frame.to_parquet(path, index=False)
    return len(frame)


def write_rows(rows: list[dict], out: TextIO, delimiter: str = ",") -> int:
    """Rows of dicts as delimited text with a header line."""
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def gdelt_rows(store: Store, narrator_only: bool = False) -> list[dict]:
    """One GDELT-like row per event (GDELT's column names where one exists, plus PLOVER type and modality)."""
    from dyad.events_summary import event_table

    return event_table(store.iter_analyses(), narrator_only=narrator_only)


def dyad_rows(store: Store, period: str = "month") -> list[dict]:
    """Counts and mean Goldstein intensity per (actor, recipient) per week or month: asserted, narrator-level."""
    from dyad.events_summary import dyadic_summary

    return dyadic_summary(store.iter_analyses(), period=period)


def _parties(a, ids: list[str], spans) -> list[dict]:
    """Resolved actors as {actorText, code}; the bare words when none was resolved."""
    found = [{"actorText": x.name, "code": x.code} for i in ids if (x := a.actor(i))]
    return found or [{"actorText": s.text, "code": None} for s in spans]


def plover_records(store: Store) -> list[dict]:
    """Events as PLOVER-style JSON records (the format `dyad eval events --format plover` reads).

    Each record: id, date, event (type), mode, source and target ({actorText, code}), text (the sentence),
    modality, narrator (False when stated inside a quotation), CAMEO code, Goldstein intensity, location and
    the article's url, outlet and publication time.
    """
    records = []
    for a in store.iter_analyses():
        places = {p.id: p for p in a.places}
        for e in a.events:
            place = places.get(e.place_id or "")
            records.append(
                {
                    "id": f"{a.article.id}:{e.id}",
                    "date": e.date,
                    "date_source": e.date_source,
                    "event": e.type,
                    "mode": e.mode,
                    "source": _parties(a, e.actors, e.actor_spans),
                    "target": _parties(a, e.recipients, e.recipient_spans),
                    "reciprocal": e.reciprocal,
                    "text": e.sentence.text,
                    "trigger": e.trigger.text,
                    "modality": e.modality.value,
                    "narrator": e.quote_id is None,
                    "cameo": e.cameo,
                    "intensity": e.intensity,
                    "location": {
                        "name": place.name,
                        "geonameid": place.geonameid,
                        "country": place.country,
                        "lat": place.lat,
                        "lon": place.lon,
                    }
                    if place
                    else None,  # fmt: skip
                    "url": a.article.url,
                    "outlet": a.article.outlet,
                    "published": a.article.published.isoformat() if a.article.published else None,
                }
            )
    return records


def export_plover(store: Store, out: TextIO) -> int:
    """Write PLOVER-style records as one JSON list; returns the number of events."""
    records = plover_records(store)
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(records)
