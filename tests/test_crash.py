"""A killed ingest leaves a consistent database, and a re-run completes the batch without duplicates."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from dyad.store import Store

pytestmark = pytest.mark.slow

TOPICS = ["water rights", "fishing quotas", "rail links", "border posts", "power lines", "grain exports"]
COUNTRIES = ["Ghana", "Togo", "Benin", "Niger", "Mali", "Senegal", "Gambia", "Guinea"]


def write_articles(folder, n: int) -> None:
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
        topic = TOPICS[i % len(TOPICS)]
        (folder / f"story-{i:04d}.txt").write_text(
            f"Published: 2025-0{1 + i % 9}-1{i % 10}\n\n"
            f"Ministers from {a} and {b} met on Tuesday to discuss {topic}, story number {i}. "
            f"The {a} delegation said it wanted a deal by the end of the year, while officials from {b} "
            f"warned that talks on {topic} could take longer."
        )


def count_articles(db) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        return n
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_batch_leaves_a_consistent_database_and_the_rerun_completes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = 400
    write_articles(folder, n)
    db = tmp_path / "crash.db"
    cmd = [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", str(db), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while count_articles(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count_articles(db)
    assert 0 < stored < n, f"the kill should land mid-batch (stored {stored} of {n})"

    with Store(db) as store:
        assert store.check_integrity() == []
        for row in store.articles(limit=n):
            assert store.analysis(row["id"]).article.id == row["id"]

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored} unchanged" in rerun.stdout
    with Store(db) as store:
        assert store.stats()["articles"] == n
        assert store.check_integrity() == []
