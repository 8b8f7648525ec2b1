"""The REST API, driven over real HTTP (uvicorn on a free localhost port) on a real store: the reading tests
run on SQLite and on PostgreSQL (when DYAD_TEST_PG names a server)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dyad.api.app import create_app, running
from dyad.errors import DyadError
from dyad.store import clusters, open_store
from dyad.store.queries import QueryError
from tests.conftest import empty_pg_database
from tests.web_samples import HOSTILE_TEXT, hostile_analysis, sample_analyses

TOKEN = "s3cret-test-token"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory) -> str:
    path = empty_pg_database() if request.param == "postgresql" else str(tmp_path_factory.mktemp("api") / "api.db")
    store = open_store(path)
    for analysis in [*sample_analyses(), hostile_analysis()]:
        store.save(analysis)
    clusters.update_clusters(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def api(db) -> httpx.Client:
    with running(create_app(db, max_body=20_000)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def vienna_id() -> str:
    return sample_analyses()[0].article.id


# -- reading -------------------------------------------------------------------------------------------------------
def test_articles_are_listed_with_pagination(api):
    first = api.get("/api/articles", params={"limit": 2}).json()
    second = api.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert first["has_more"] and not second["has_more"]
    assert len({a["id"] for a in first["items"] + second["items"]}) == 4


def test_one_article_comes_with_its_whole_analysis(api, vienna_id):
    body = api.get(f"/api/articles/{vienna_id}").json()
    assert body["article"]["title"] == "Talks in Vienna"
    assert [q["id"] for q in body["quotes"]] == ["Q1", "Q2"]


def test_an_article_is_found_by_a_prefix_of_its_id(api, vienna_id):
    assert api.get(f"/api/articles/{vienna_id[:8]}").json()["article"]["id"] == vienna_id


def test_an_unknown_article_is_404_with_a_message(api):
    response = api.get("/api/articles/abcdef123456")
    assert response.status_code == 404
    assert "abcdef123456" in response.json()["error"]


def test_actors_list_and_profile(api):
    names = [a["name"] for a in api.get("/api/actors").json()["items"]]
    assert names[:2] == ["Anna Keller", "Li Wei"]
    profile = api.get("/api/actors/profile", params={"code": "AUTGOV"}).json()
    assert profile["counts"]["quotes"] == 2


def test_quotes_search_combines_filters_and_returns_facets(api):
    body = api.get("/api/quotes", params={"speaker": "keller", "since": "2024-12", "facets": "true"}).json()
    assert [q["article_title"] for q in body["items"]] == ["Trade dispute"]
    assert body["facets"]["speaker"] == [{"value": "Anna Keller", "count": 1}]


def test_events_are_filtered_by_actor_type_and_modality(api):
    body = api.get("/api/events", params={"actor": "CHNGOV", "modality": "intended"}).json()
    assert [(e["type"], e["modality"]) for e in body["items"]] == [("AID", "intended")]


def test_timeline_returns_a_series_per_type(api):
    body = api.get("/api/timeline", params={"actor": "RURMIL", "interval": "week"}).json()
    assert {(r["period"], r["type"]) for r in body["series"]} == {("2024-11-04", "ASSAULT"), ("2024-11-04", "REJECT")}


def test_graph_edges_are_filtered_by_repeated_type_parameters(api):
    body = api.get("/api/graph", params=[("type", "ASSAULT"), ("type", "REJECT")]).json()
    assert [(e["source"], e["target"], e["events"]) for e in body["edges"]] == [("RURMIL", "BORMIL", 2)]


def test_places_come_with_counts(api):
    names = {p["name"] for p in api.get("/api/places").json()["items"]}
    assert names == {"Vienna", "Strelsau"}


def test_the_openapi_description_lists_every_endpoint(api):
    paths = api.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/quotes", "/api/events", "/api/timeline", "/api/graph", "/api/analyze"):
        assert path in paths


def test_event_clusters_come_with_their_evidence(api):
    items = api.get("/api/clusters/events", params={"actor": "RURMIL"}).json()["items"]
    assert {c["type"] for c in items} == {"ASSAULT", "REJECT"}
    cluster = api.get(f"/api/clusters/events/{items[0]['id']}").json()
    assert cluster["evidence"][0]["outlet"] == "Balkan Post"


def test_statements_are_listed_by_speaker(api):
    items = api.get("/api/clusters/statements", params={"speaker": "BORMIL"}).json()["items"]
    assert [s["text"] for s in items] == ["This attack will not go unanswered"]


# -- bad requests --------------------------------------------------------------------------------------------------
def test_a_malformed_date_is_a_422_naming_the_parameter(api):
    response = api.get("/api/events", params={"since": "last week"})
    assert response.status_code == 422
    assert "since" in response.json()["error"]


def test_an_impossible_date_is_a_400(api):
    response = api.get("/api/quotes", params={"since": "2024-13-01"})
    assert response.status_code == 400
    assert "not a valid date" in response.json()["error"]


def test_a_limit_out_of_range_is_refused(api):
    assert api.get("/api/articles", params={"limit": 100_000}).status_code == 422


def test_an_unknown_modality_is_refused(api):
    assert api.get("/api/events", params={"modality": "rumoured"}).status_code == 422


def test_fts_syntax_in_search_words_is_not_an_error(api):
    response = api.get("/api/quotes", params={"text": 'NEAR( "ceasefire * OR'})
    assert response.status_code == 200


def test_an_oversized_body_is_413(api):
    response = api.post("/api/analyze", json={"text": "word " * 10_000})
    assert response.status_code == 413


# -- security ------------------------------------------------------------------------------------------------------
def test_writes_are_forbidden_when_not_enabled(api):
    response = api.post("/api/articles", json={"text": "Keller met Li Wei."})
    assert response.status_code == 403


def test_cors_is_closed_by_default(api):
    response = api.get("/api/articles", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_pages_forbid_inline_scripts(api):
    policy = api.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_article_html_shows_script_payloads_as_text(api):
    article_id = hostile_analysis().article.id
    page = api.get(f"/articles/{article_id}").text
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "&lt;script&gt;document.title=&#39;pwned&#39;" in page
    assert "&lt;b&gt;Evil Outlet&lt;/b&gt;" in page or "&lt;b&gt;Evil Outlet" in page


def test_api_returns_article_text_unchanged(api):
    article_id = hostile_analysis().article.id
    assert api.get(f"/api/articles/{article_id}").json()["article"]["text"] == HOSTILE_TEXT


def test_writes_without_a_token_cannot_be_enabled(db):
    with pytest.raises(DyadError, match="token"):
        create_app(db, allow_writes=True)


# -- analysing and writing (the real pipeline) ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def writable(tmp_path_factory, analyzer) -> httpx.Client:
    path = tmp_path_factory.mktemp("api-w") / "w.db"
    app = create_app(path, allow_writes=True, token=TOKEN, analyzer=analyzer)
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


TEXT = "Foreign Minister Anna Keller met Chinese envoy Li Wei in Vienna on Tuesday, officials said."


@pytest.mark.slow
def test_analyze_returns_an_analysis_without_storing_it(writable):
    response = writable.post("/api/analyze", json={"text": TEXT, "published": "2024-10-30T09:00:00+00:00"})
    assert response.status_code == 200
    assert response.json()["article"]["text"] == TEXT
    assert writable.get("/api/articles").json()["items"] == []


@pytest.mark.slow
def test_ingest_needs_the_token(writable):
    assert writable.post("/api/articles", json={"text": TEXT}).status_code == 401
    wrong = writable.post("/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


@pytest.mark.slow
def test_ingest_with_the_token_stores_the_article(writable):
    response = writable.post(
        "/api/articles", json={"text": TEXT, "title": "Vienna"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 201 and response.json()["status"] == "added"
    assert [a["title"] for a in writable.get("/api/articles").json()["items"]] == ["Vienna"]


@pytest.mark.slow
def test_an_empty_text_is_a_422(writable):
    assert writable.post("/api/analyze", json={"text": ""}).status_code == 422


# -- the query commands (same queries, in the terminal) ------------------------------------------------------------
def run_cli(*args: str):
    from click.testing import CliRunner

    from dyad.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_quotes_command_prints_one_line_per_quote(db):
    result = run_cli("quotes", "--db", db, "--speaker", "keller")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("2024-12-02  Anna Keller [AUTGOV] (said):")
    assert len(result.output.splitlines()) == 2


def test_events_command_writes_csv_with_actor_codes(db):
    result = run_cli("events", "--db", db, "--actor", "RURMIL", "--type", "ASSAULT", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["type"], r["actors"], r["recipients"], r["day"]) for r in rows] == [
        ("ASSAULT", "RURMIL", "BORMIL", "2024-11-04")
    ]


def test_places_command_lists_places_with_counts(db):
    result = run_cli("places", "--db", db, "--format", "json")
    assert {json.loads(line)["name"] for line in result.output.splitlines()} == {"Vienna", "Strelsau"}


def test_a_malformed_date_in_a_command_is_an_error_naming_it(db):
    result = run_cli("events", "--db", db, "--since", "soon")
    assert isinstance(result.exception, QueryError) and "since" in str(result.exception)


@pytest.mark.slow
def test_the_api_benchmark_runs_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_api.py"
    args = ["--articles", "20", "--requests", "1", "--db", str(tmp_path / "b.db"), "--json", str(out)]
    result = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "under 100 ms" in result.stdout
    summary = json.loads(out.read_text())["summary"]
    assert summary["articles"] == 20 and summary["errors"] == 0


def test_serve_refuses_writes_without_a_token(db):
    result = run_cli("serve", "--db", db, "--allow-writes")
    assert isinstance(result.exception, DyadError) and "token" in str(result.exception)


def test_a_page_with_a_bad_filter_answers_400_with_the_reason(api):
    response = api.get("/events", params={"since": "someday"})
    assert response.status_code == 400
    assert "since" in response.text and "text/html" in response.headers["content-type"]


def test_an_unknown_actor_page_is_404(api):
    assert api.get("/actor", params={"code": "NOPE"}).status_code == 404
