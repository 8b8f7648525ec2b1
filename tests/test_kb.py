"""The actor knowledge base: merging across articles, never by surname alone; edits that survive re-ingest.
Tests of a store run on SQLite and on PostgreSQL (when DYAD_TEST_PG names a server)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from dyad.errors import NotFound
from dyad.kb.identity import Candidate, choose, normalize_name
from dyad.model import Actor, Analysis, Article, Quote, QuoteKind, Role, Span
from dyad.store import kb


def article(text: str, actors: list[Actor], day: int = 1, version: str = "v1", quote_by: str | None = None) -> Analysis:
    art = Article.from_text(text, published=datetime(2025, 3, day, tzinfo=UTC), outlet="Test Wire")
    quotes = []
    if quote_by:
        quotes = [Quote(id="Q1", kind=QuoteKind.INDIRECT, content=[Span.of(text, 0, 5)], speaker_actor_id=quote_by)]
    return Analysis(extractor_version=version, article=art, actors=actors, quotes=quotes)


def person(local_id: str, name: str, country: str | None, *aliases: str, title: str | None = None) -> Actor:
    roles = [Role(title=title, country=country)] if title else []
    return Actor(id=local_id, name=name, kind="person", country=country, aliases=list(aliases), roles=roles,
                 code=f"{country}GOV" if country else None)  # fmt: skip


@pytest.fixture
def store(empty_store):
    """An empty store, SQLite and then PostgreSQL (when DYAD_TEST_PG names a server)."""
    return empty_store


def test_names_are_compared_without_case_accents_or_honorifics():
    assert normalize_name("Mr. Sergéy  LAVROV") == "sergey lavrov"
    assert normalize_name("the Kremlin") == "kremlin"


def test_a_surname_shared_by_two_known_people_decides_nothing():
    kim = Actor(id="A1", name="Kim", kind="person", country="PRK")
    candidates = [
        Candidate("K1", "Kim Jong Un", "person", "PRK", True),
        Candidate("K2", "Kim Yo Jong", "person", "PRK", True),
    ]
    assert choose(kim, candidates) is None


def test_the_same_full_name_in_two_articles_is_one_actor(store):
    store.save(article("Sergey Lavrov met envoys.", [person("A1", "Sergey Lavrov", "RUS", "Lavrov")], day=1))
    store.save(article("Lavrov spoke to reporters again.", [person("A3", "Sergey Lavrov", "RUS", "Lavrov")], day=5))
    [row] = kb.list_actors(store, kind="person")
    assert row["name"] == "Sergey Lavrov" and row["articles"] == 2
    assert (row["first_seen"], row["last_seen"]) == ("2025-03-01", "2025-03-05")


def test_two_people_who_share_a_surname_stay_apart(store):
    store.save(article("Kim Jong Un spoke.", [person("A1", "Kim Jong Un", "PRK", "Kim")]))
    store.save(article("Kim Yo Jong spoke.", [person("A1", "Kim Yo Jong", "PRK", "Kim")]))
    names = sorted(r["name"] for r in kb.list_actors(store, kind="person"))
    assert names == ["Kim Jong Un", "Kim Yo Jong"]


def test_a_surname_alone_joins_the_only_fitting_person(store):
    store.save(article("Sergey Lavrov met envoys.", [person("A1", "Sergey Lavrov", "RUS", "Lavrov")]))
    store.save(article("Lavrov warned the West.", [person("A1", "Lavrov", "RUS")], day=2))
    assert [r["articles"] for r in kb.list_actors(store, kind="person")] == [2]


def test_a_different_country_keeps_namesakes_apart(store):
    store.save(article("John Smith, a US senator, spoke.", [person("A1", "John Smith", "USA")]))
    store.save(article("John Smith, a British MP, spoke.", [person("A1", "John Smith", "GBR")]))
    assert len(kb.list_actors(store, kind="person")) == 2


def test_anonymous_sources_are_never_merged(store):
    source = Actor(id="A1", name="a source", kind="person", anonymous=True)
    store.save(article("A source said so.", [source]))
    store.save(article("A source said otherwise.", [source.model_copy()]))
    assert kb.list_actors(store) == []


def test_countries_and_coded_groups_are_one_actor_by_code(store):
    army = Actor(id="A2", name="Russia military", kind="group", country="RUS", sector="MIL", code="RUSMIL")
    store.save(article("Russian troops moved.", [army]))
    store.save(article("The Russian army advanced.", [army.model_copy(update={"name": "Russian army"})]))
    [row] = kb.list_actors(store, kind="group")
    assert row["code"] == "RUSMIL" and row["articles"] == 2


def test_profile_counts_quotes_and_lists_roles_over_time(store):
    lavrov = person("A1", "Sergey Lavrov", "RUS", "Lavrov", title="foreign minister")
    store.save(article("Lavrov said talks went well.", [lavrov], day=2, quote_by="A1"))
    store.save(article("Lavrov said more.", [lavrov], day=9, quote_by="A1"))
    profile = kb.actor_profile(store, "Lavrov")
    assert profile["quotes"] == 2
    [role] = profile["roles"]
    assert role["title"] == "foreign minister" and (role["first_seen"], role["last_seen"]) == (
        "2025-03-02",
        "2025-03-09",
    )
    assert "lavrov" in profile["aliases"]


def test_merge_and_rename_survive_reanalysis_and_export_import_undoes_them(store):
    store.save(article("Choe Son Hui met envoys.", [person("A1", "Choe Son Hui", "PRK")]))
    store.save(article("Choe Son-hui flew home.", [person("A1", "Choe Sonhui", "PRK")], day=3))
    before = kb.export_kb(store)
    assert len(kb.list_actors(store, kind="person")) == 2

    kb.merge_actors(store, "Choe Son Hui", "Choe Sonhui")
    kb.rename_actor(store, "Choe Son Hui", "Choe Son-hui")
    [merged] = kb.list_actors(store, kind="person")
    assert merged["name"] == "Choe Son-hui" and merged["articles"] == 2

    # A newer extractor re-analyses the second article: it still lands on the merged actor.
    store.save(article("Choe Son-hui flew home.", [person("A1", "Choe Sonhui", "PRK")], day=3, version="v2"))
    assert [r["articles"] for r in kb.list_actors(store, kind="person")] == [2]

    kb.import_kb(store, json.loads(json.dumps(before)))
    assert sorted(r["name"] for r in kb.list_actors(store, kind="person")) == ["Choe Son Hui", "Choe Sonhui"]


def test_an_ambiguous_name_asks_for_an_id(store):
    store.save(article("John Smith spoke.", [person("A1", "John Smith", "USA")]))
    store.save(article("John Smith spoke.  ", [person("A1", "John Smith", "GBR")]))
    with pytest.raises(NotFound, match="several actors"):
        kb.actor_profile(store, "John Smith")


def test_importing_something_else_is_refused(store):
    with pytest.raises(NotFound, match="not a dyad knowledge-base export"):
        kb.import_kb(store, {"actors": "nope"})


def test_the_web_and_api_directory_follows_merges_made_on_the_same_connection(store):
    from dyad.store import queries

    store.save(article("Choe Son Hui met envoys.", [person("A1", "Choe Son Hui", "PRK")], quote_by="A1"))
    store.save(article("Choe Son-hui flew home.", [person("A1", "Choe Sonhui", "PRK")], day=3, quote_by="A1"))
    assert len(queries.actors(store, kind="person").items) == 2
    queries.quote_facets(store)  # another query's temp table does not make the directory stale or rebuild it
    kb.merge_actors(store, "Choe Son Hui", "Choe Sonhui")
    [row] = queries.actors(store, kind="person").items
    assert (row["name"], row["articles"], row["quotes"]) == ("Choe Son Hui", 2, 2)
    kb.rename_actor(store, row["id"], "Choe Son-hui")
    assert [r["name"] for r in queries.actors(store, kind="person").items] == ["Choe Son-hui"]
    profile = queries.actor(store, name="Choe Sonhui")
    assert profile["id"] == row["id"] and profile["name"] == "Choe Son-hui"
    assert len(queries.actor_quotes(store, profile).items) == 2
    # A new article on the same connection is counted at the next request.
    store.save(article("Choe Son Hui spoke again.", [person("A1", "Choe Son Hui", "PRK")], day=7, quote_by="A1"))
    assert queries.actors(store, kind="person").items[0]["articles"] == 3
