"""The server against hostile requests: SQL injection through every query parameter of every endpoint in the
OpenAPI description, path traversal, and reads while another process writes."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from dyad.api.app import create_app, running
from dyad.store import Store, clusters
from tests.web_samples import hostile_analysis, sample_analyses

PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE articles; --",
    '" OR 1=1 --',
    "x' UNION SELECT name, sql FROM sqlite_master --",
    "%' AND 1=(SELECT count(*) FROM articles) --",
    'NEAR(a b) OR * ^ "',
    "../../etc/passwd",
    "\x00",
    "🙂' ; --",
]


def fingerprint(path: str) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, extractor_version FROM articles ORDER BY id").fetchall()
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()
    conn.close()
    return hashlib.sha256(repr((rows, tables)).encode()).hexdigest()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sec") / "sec.db"
    store = Store(path)
    for analysis in [*sample_analyses(), hostile_analysis()]:
        store.save(analysis)
    clusters.update_clusters(store)
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def api(db):
    with running(create_app(db)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def get_endpoints(api) -> list[tuple[str, list[str]]]:
    spec = api.get("/openapi.json").json()
    endpoints = []
    for path, methods in spec["paths"].items():
        if "get" not in methods:
            continue
        params = [p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"]
        endpoints.append((path, params))
    return endpoints


def test_injection_through_every_query_parameter_is_harmless(api, db):
    before = fingerprint(db)
    tried = 0
    for path, params in get_endpoints(api):
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        for name in params:
            for payload in PAYLOADS:
                response = api.get(concrete, params={name: payload})
                assert response.status_code < 500, (path, name, payload, response.text[:200])
                tried += 1
    assert tried > 50
    assert fingerprint(db) == before


def test_injection_through_path_parameters_is_harmless(api, db):
    before = fingerprint(db)
    for path, _ in get_endpoints(api):
        if "{" not in path:
            continue
        for payload in PAYLOADS[:5]:
            concrete = re.sub(r"\{[^}]+\}", payload.replace("/", "%2F"), path)
            assert api.get(concrete).status_code < 500, (path, payload)
    assert fingerprint(db) == before


@pytest.mark.parametrize(
    "path", ["/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fpyproject.toml"]
)
def test_no_file_outside_the_static_folder_is_served(api, path):
    response = api.get(path)
    assert response.status_code in (400, 404)
    assert "root:" not in response.text and "[project]" not in response.text


@pytest.mark.slow
def test_the_server_reads_while_another_process_ingests(tmp_path):
    db = tmp_path / "busy.db"
    Store(db).close()
    folder = tmp_path / "in"
    folder.mkdir()
    from tests.test_crash import write_articles

    write_articles(folder, 60)
    errors: list[str] = []
    with running(create_app(str(db))) as url, httpx.Client(base_url=url, timeout=60) as client:
        writer = subprocess.Popen(
            [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", str(db), "-q"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                for path in ("/api/articles", "/api/events", "/api/quotes", "/api/actors"):
                    response = client.get(path)
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code} {response.text[:200]}")

        reader = threading.Thread(target=read)
        reader.start()
        out, err = writer.communicate(timeout=600)
        stop.set()
        reader.join()
    assert writer.returncode == 0, err
    assert "locked" not in err
    assert errors == []
    assert Store(db).stats()["articles"] == 60
