"""The benchmark runner works (a smoke run with tiny sizes); its figures live in docs/benchmarks.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_runner_smoke_run_prints_a_table_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "ingest, articles/s" in result.stdout
    results = json.loads(out.read_text())
    assert results["store"][0]["ingest_articles_per_s"] > 0
    if "analysis" in results:
        assert set(results["analysis"]["components"]) >= {"dyad_mentions"}
