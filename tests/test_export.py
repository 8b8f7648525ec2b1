"""Exports: Parquet tables, the GDELT-style event table, the dyadic series and PLOVER records."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from dyad import export
from tests.test_workbench import stored


def test_parquet_table_has_one_row_per_event(tmp_path):
    store = stored(tmp_path / "x.db")
    path = tmp_path / "events.parquet"
    assert export.export_parquet(store, "events", path) == 2
    frame = pd.read_parquet(path)
    assert sorted(frame["type"]) == ["ASSAULT", "THREATEN"]
    assert set(frame["article_outlet"]) == {"Kyiv Desk"}


def test_gdelt_table_uses_gdelt_column_names_and_keeps_modality(tmp_path):
    store = stored(tmp_path / "x.db")
    out = io.StringIO()
    export.write_rows(export.gdelt_rows(store), out, delimiter="\t")
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assault = next(r for r in rows if r["PloverType"] == "ASSAULT")
    assert (assault["Actor1Code"], assault["Actor2Code"], assault["EventCode"], assault["QuadClass"]) == (
        "RUSMIL", "UKR", "195", "4",
    )  # fmt: skip
    assert assault["SQLDATE"] == "20250203" and assault["ActionGeo_FullName"] == "Kharkiv"
    assert {r["Modality"] for r in rows} == {"asserted", "intended"}
    assert len(export.gdelt_rows(store, narrator_only=True)) == 1


def test_dyadic_series_counts_asserted_narrator_events_per_month(tmp_path):
    rows = export.dyad_rows(stored(tmp_path / "x.db"), "month")
    assert [(r["period"], r["actor"], r["recipient"], r["events"]) for r in rows] == [("2025-02", "RUSMIL", "UKR", 1)]
    assert rows[0]["mean_intensity"] == -10.0


def test_plover_records_read_back_as_the_plover_scorer_expects(tmp_path):
    out = io.StringIO()
    assert export.export_plover(stored(tmp_path / "x.db"), out) == 2
    records = json.loads(out.getvalue())
    first = records[0]
    assert first["event"] == "ASSAULT" and first["source"] == [{"actorText": "Russia military", "code": "RUSMIL"}]
    assert first["location"]["name"] == "Kharkiv" and first["narrator"] is True
    assert records[1]["narrator"] is False and records[1]["modality"] == "intended"
