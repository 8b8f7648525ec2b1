"""The command line, run as a real process: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad import schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
pytestmark = pytest.mark.slow


def dyad(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dyad", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("name", ["trade-deal.html", "vienna-talks.txt"])
def test_analyze_prints_json_that_validates_against_the_schema(name):
    result = dyad("analyze", EXAMPLES / name)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    schema.validate(document)
    assert document["article"]["published"] is not None
    assert document["mentions"], "the NER found no mention at all"


def test_analyze_published_option_replaces_an_unknown_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The presidents of Ghana and Togo met in Accra on Monday to discuss border security.")
    document = json.loads(dyad("analyze", path, "--published", "2025-07-01").stdout)
    assert document["article"]["published"].startswith("2025-07-01")
    assert document["article"]["published_source"] == "user"


def test_analyze_text_format_is_readable():
    result = dyad("analyze", EXAMPLES / "vienna-talks.txt", "--format", "text")
    assert result.returncode == 0
    assert result.stdout.startswith("Iran and EU envoys resume nuclear talks in Vienna")


def test_analyze_a_missing_file_fails_with_one_line(tmp_path):
    result = dyad("analyze", tmp_path / "missing.txt")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "missing.txt" in lines[0] and "no such file" in lines[0]


def test_ingest_then_stats_show_and_export(tmp_path):
    db = tmp_path / "x.db"
    first = dyad("ingest", EXAMPLES, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "8 added" in first.stdout
    again = dyad("ingest", EXAMPLES, "--db", db)
    assert "0 added" in again.stdout and "8 unchanged" in again.stdout

    stats = dyad("stats", "--db", db).stdout
    assert "articles             8" in stats

    listing = dyad("articles", "--db", db).stdout.splitlines()
    assert len(listing) == 8
    article_id = listing[0].split()[0]
    shown = dyad("show", article_id, "--db", db, "--format", "json")
    assert json.loads(shown.stdout)["article"]["id"].startswith(article_id)

    out = tmp_path / "all.jsonl"
    assert dyad("export", "--db", db, "--format", "jsonl", "-o", out).returncode == 0
    assert len(out.read_text().splitlines()) == 8
    csv_out = dyad("export", "--db", db, "--format", "csv", "--table", "articles").stdout
    assert csv_out.splitlines()[0].startswith("id,url,outlet")
    assert dyad("check", "--db", db).stdout.strip() == "ok"


def test_ingest_reports_bad_files_by_name_and_stores_the_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Officials from Kenya and Uganda signed a water-sharing deal in Kampala on Friday."
    )
    (folder / "empty.txt").write_text("")
    (folder / "bad.jsonl").write_text('{"text": "Oops\n')
    db = tmp_path / "x.db"
    result = dyad("ingest", folder, "--db", db)
    assert result.returncode == 1
    assert "1 added" in result.stdout and "2 failed" in result.stdout
    assert "empty.txt" in result.stderr and "bad.jsonl:1" in result.stderr
    assert "articles             1" in dyad("stats", "--db", db).stdout


def test_show_unknown_id_exits_non_zero_with_a_reason(tmp_path):
    result = dyad("show", "abcdef123", "--db", tmp_path / "empty.db")
    assert result.returncode == 1
    assert "no stored article" in result.stderr
