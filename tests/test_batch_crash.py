"""A `dyad batch` killed with SIGKILL mid-job: the re-run finishes it, and its output equals an uninterrupted run's
(no half-written Parquet part is taken as done, no article is counted twice)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet")

pytestmark = pytest.mark.slow
COUNTRIES = ["Ghana", "Togo", "Benin", "Niger", "Mali", "Senegal"]


def write_inputs(folder: Path, files: int, per_file: int) -> None:
    for f in range(files):
        with (folder / f"part-{f}.jsonl").open("w") as out:
            for i in range(per_file):
                a, b = COUNTRIES[(f + i) % 6], COUNTRIES[(f + 2 * i + 1) % 6]
                text = f"Ministers from {a} and {b} met on Tuesday to discuss trade, report {f}-{i}. {a} said it wanted a deal."
                out.write(json.dumps({"text": text, "published": f"2025-03-0{1 + i % 9}"}) + "\n")


def article_ids(output: Path) -> list[str]:
    ids = []
    for part in sorted((output / "articles").glob("*.parquet")):
        ids.extend(pq.read_table(part, columns=["id"]).column("id").to_pylist())
    return ids


def batch(inputs: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "dyad", "batch", str(inputs), "--output", str(output), "--engine", "local",
            "--workers", "1", "--chunk-size", "4"]  # fmt: skip


def test_a_killed_batch_resumes_to_the_same_output_as_an_uninterrupted_one(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_inputs(inputs, files=6, per_file=12)
    cwd = Path(__file__).resolve().parents[1]

    killed = tmp_path / "killed"
    proc = subprocess.Popen(batch(inputs, killed), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if len(list(killed.glob("articles/*.parquet"))) >= 4:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < len(set(article_ids(killed))) < 72, "the kill should land mid-job"

    resumed = subprocess.run(batch(inputs, killed), cwd=cwd, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean"
    whole = subprocess.run(batch(inputs, clean), cwd=cwd, capture_output=True, text=True, timeout=600)
    assert whole.returncode == 0, whole.stderr

    ids = article_ids(killed)
    assert len(ids) == len(set(ids)) == 72, "every article once"
    assert sorted(ids) == sorted(article_ids(clean))
