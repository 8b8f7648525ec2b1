"""Exports of the store: whole analyses as JSON Lines, fact tables as CSV."""

from __future__ import annotations

import csv
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
