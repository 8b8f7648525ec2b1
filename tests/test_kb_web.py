"""The knowledge base on the web page and in the REST API: a merge or rename made with `dyad actors` shows there.

Two real articles go through the full pipeline into a SQLite store; the pipeline reads the same minister as
"Choe Son Hui" in one and "Choe Sonhui" in the other, so the knowledge base holds two actors until a user
merges them. The app runs under uvicorn and is driven over HTTP (and, when Chromium is installed, in a browser).
"""

from __future__ import annotations

from datetime import datetime
from html import unescape

import httpx
import pytest

from dyad.api.app import create_app, running
from dyad.model import Article, PublishedSource
from dyad.store import Store, kb
from tests.test_web_browser import browser, by_css  # noqa: F401  (the browser fixture)
from tests.web_samples import sample_analyses

pytestmark = pytest.mark.slow

SPEECH = (
    "North Korean Foreign Minister Choe Son Hui condemned the joint military drills on Monday. "
    '"We will never give up our nuclear deterrent," Choe Son Hui told reporters in Pyongyang.'
)
VISIT = (
    "Choe Sonhui, the North Korean foreign minister, met Russian Foreign Minister Sergey Lavrov in Moscow on "
    'Tuesday. "Our friendship is unbreakable," Choe Sonhui said after the talks.'
)


@pytest.fixture(scope="module")
def kb_site(tmp_path_factory, analyzer):
    path = tmp_path_factory.mktemp("kbweb") / "kb.db"
    ids = []
    with Store(path) as store:
        for title, text, day in (("Drills condemned", SPEECH, "2025-03-03"), ("Visit to Moscow", VISIT, "2025-03-11")):
            article = Article.from_text(text, title=title, outlet="Test Wire", published=datetime.fromisoformat(day),
                                        published_source=PublishedSource.USER)  # fmt: skip
            analysis = analyzer.analyze(article)
            store.save(analysis)
            ids.append(analysis.article.id)
    with running(create_app(path)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield path, client, ids


def choes(client: httpx.Client) -> list[dict]:
    rows = client.get("/api/actors", params={"kind": "person", "country": "PRK"}).json()["items"]
    return [r for r in rows if r["name"].startswith("Choe")]


def test_merge_and_rename_show_in_the_api_and_on_the_page(kb_site):
    path, api, (speech_id, visit_id) = kb_site
    # Before any edit the knowledge base keeps the two spellings apart.
    before = choes(api)
    assert sorted(r["name"] for r in before) == ["Choe Son Hui", "Choe Sonhui"]
    assert all(r["id"] and r["articles"] == 1 and r["quotes"] == 1 for r in before)

    # A user merges and renames from the command line's functions, on another connection to the store.
    with Store(path) as store:
        kb.merge_actors(store, "Choe Son Hui", "Choe Sonhui")
        kb.rename_actor(store, "Choe Son Hui", "Choe Son-hui")

    [row] = choes(api)
    assert (row["name"], row["articles"], row["quotes"], row["curated"]) == ("Choe Son-hui", 2, 2, True)
    assert row["events"] >= 2

    # Every old name leads to the one actor: by its old names, by its code, by id.
    profile = api.get("/api/actors/profile", params={"id": row["id"]}).json()
    for params in ({"name": "Choe Sonhui"}, {"name": "Choe Son Hui"}, {"name": "choe son-hui"}, {"code": "PRKGOV"}):
        assert api.get("/api/actors/profile", params=params).json()["id"] == row["id"], params
    assert profile["name"] == "Choe Son-hui" and profile["source"] == "kb"
    assert {"Choe Son Hui", "Choe Sonhui"} <= {n["value"] for n in profile["names"]}
    assert {"choe son hui", "choe sonhui"} <= set(profile["kb_aliases"])
    assert "Choe Son Hui" in profile["kb_alias_names"]  # as the articles wrote it, for people
    assert profile["counts"]["articles"] == 2 and profile["code"] == "PRKGOV"
    assert any(r["title"].lower() == "foreign minister" for r in profile["roles"])

    # Its quotes and events come from both articles.
    quotes = api.get(profile["links"]["quotes"]).json()["items"]
    assert {q["article_id"] for q in quotes} == {speech_id, visit_id}
    assert any("unbreakable" in q["text"] for q in quotes)
    found = api.get("/api/actors/quotes", params={"id": row["id"], "text": "friendship"}).json()["items"]
    assert [q["article_id"] for q in found] == [visit_id]
    events = api.get(profile["links"]["events"]).json()["items"]
    assert {e["article_id"] for e in events} == {speech_id, visit_id}
    assert {"ACCUSE", "CONSULT"} <= {e["type"] for e in events}

    # The web page: one row in the directory, one actor page with both names, quotes and events.
    directory = unescape(api.get("/actors").text)
    assert "Choe Son-hui" in directory and ">Choe Sonhui<" not in directory and ">Choe Son Hui<" not in directory
    for params in ({"name": "Choe Sonhui"}, {"id": row["id"]}):
        page = api.get("/actor", params=params)
        assert page.status_code == 200
        html = unescape(page.text)
        assert "<h1>Choe Son-hui</h1>" in html.replace("\n", "")
        for text in ("Choe Son Hui", "Choe Sonhui", "ACCUSE", "CONSULT", *(q["text"] for q in quotes)):
            assert text in html, text
    # An article's actor links to its knowledge-base actor.
    assert f"/actor?id={row['id']}" in api.get(f"/articles/{visit_id}").text


def test_the_merged_actor_in_a_browser(kb_site, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    path, api, _ = kb_site
    with Store(path) as store:
        if len(kb.list_actors(store, kind="person", country="PRK")) > 1:
            kb.merge_actors(store, "Choe Son Hui", "Choe Sonhui")
    browser.get(str(api.base_url) + "/actors?country=PRK")
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, "a.actor") if a.text.startswith("Choe")]
    assert len(links) == 1
    links[0].click()
    assert by_css(browser, "h1").text.startswith("Choe Son")
    text = by_css(browser, "main").text
    assert "military drills" in text and "friendship is unbreakable" in text
    assert "Choe Sonhui" in by_css(browser, "#actor-kb-aliases").text.splitlines()


def test_an_unknown_id_is_404(kb_site):
    _, api, _ = kb_site
    assert api.get("/api/actors/profile", params={"id": "Kdoesnotexist"}).status_code == 404
    assert api.get("/actor", params={"id": "Kdoesnotexist"}).status_code == 404
    assert api.get("/api/actors/profile").status_code == 400


@pytest.fixture(scope="module")
def old_store(tmp_path_factory) -> str:
    """A store as written before the knowledge base: facts, but no KB rows."""
    path = tmp_path_factory.mktemp("oldkb") / "old.db"
    with Store(path) as store:
        for analysis in sample_analyses():
            store.save(analysis)
        for table in ("kb_links", "kb_roles", "kb_aliases", "kb_actors"):
            store.conn.execute(f"DELETE FROM {table}")
    return str(path)


def test_a_store_without_a_knowledge_base_keeps_the_per_name_directory(old_store):
    with running(create_app(old_store)) as url, httpx.Client(base_url=url, timeout=30) as api:
        rows = api.get("/api/actors").json()["items"]
        assert [r["name"] for r in rows[:2]] == ["Anna Keller", "Li Wei"] and rows[0]["id"] is None
        profile = api.get("/api/actors/profile", params={"code": "AUTGOV"}).json()
        assert profile["source"] == "articles" and profile["counts"]["quotes"] == 2
        assert len(api.get("/api/actors/quotes", params={"code": "AUTGOV"}).json()["items"]) == 2
        events = api.get("/api/actors/events", params={"code": "CHNGOV", "role": "actor"}).json()["items"]
        assert {e["type"] for e in events} >= {"AID"}
        page = api.get("/actor", params={"name": "Anna Keller"})
        assert page.status_code == 200 and "We will keep talking" in unescape(page.text)
        assert "Anna Keller" in api.get("/actors").text
        assert api.get("/api/actors/profile", params={"id": "K123"}).status_code == 404
