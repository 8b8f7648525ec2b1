"""Read-side queries over a real store built from hand-made analyses (see web_samples.py): each test runs on
SQLite and on PostgreSQL (when DYAD_TEST_PG names a server)."""

from __future__ import annotations

import pytest

from dyad.errors import NotFound
from dyad.store import Store, open_store
from dyad.store import queries as q
from dyad.store.schema import MIGRATIONS
from tests.web_samples import A, E, P, Q, build, sample_analyses


@pytest.fixture
def store(empty_store) -> Store:
    for analysis in sample_analyses():
        empty_store.save(analysis)
    return empty_store


def ids(page) -> list[str]:
    return [row["id"] for row in page.items]


# -- parameters ----------------------------------------------------------------------------------------------------
def test_until_a_month_includes_its_last_day():
    assert q.date_bounds("2024-10", "2024-10") == ("2024-10-01", "2024-11-01")


def test_until_a_year_ends_at_new_year():
    assert q.date_bounds(None, "2024") == (None, "2025-01-01")


def test_a_malformed_date_is_refused_with_its_name():
    with pytest.raises(q.QueryError, match="since"):
        q.date_bounds("yesterday", None)


def test_a_limit_above_the_maximum_is_refused(store):
    with pytest.raises(q.QueryError, match="limit"):
        q.list_articles(store, limit=q.MAX_LIMIT + 1)


def test_search_words_cannot_inject_fts_syntax():
    assert q.fts_phrase('war" OR speaker:(x') == '"war" "OR" "speaker:(x"'


# -- articles ------------------------------------------------------------------------------------------------------
def test_articles_are_listed_newest_first(store):
    titles = [row["title"] for row in q.list_articles(store).items]
    assert titles == ["Trade dispute", "Border clash", "Talks in Vienna"]


def test_undated_articles_come_last(store):
    store.save(build("An undated note about nothing.", title="Undated note", published=None))
    assert q.list_articles(store).items[-1]["title"] == "Undated note"


def test_articles_pages_neither_repeat_nor_skip(store):
    first, second = q.list_articles(store, limit=2), q.list_articles(store, limit=2, offset=2)
    assert first.has_more and not second.has_more
    assert len(set(ids(first)) | set(ids(second))) == 3


def test_articles_are_searched_by_title_words(store):
    assert [row["title"] for row in q.list_articles(store, q="clash").items] == ["Border clash"]


def test_articles_are_filtered_by_publication_month(store):
    assert [row["title"] for row in q.list_articles(store, since="2024-11", until="2024-11").items] == ["Border clash"]


# -- quotes --------------------------------------------------------------------------------------------------------
def test_quotes_are_found_by_a_word_of_the_speakers_name(store):
    texts = [row["text"] for row in q.search_quotes(store, speaker="keller").items]
    assert len(texts) == 2 and all(row for row in texts)


def test_quotes_are_found_by_actor_code(store):
    assert {row["speaker_name"] for row in q.search_quotes(store, actor="BORMIL").items} == {"Petar Vuk"}


def test_quotes_are_found_by_words_of_their_content(store):
    rows = q.search_quotes(store, text="ceasefire").items
    assert [row["speaker_name"] for row in rows] == ["Anna Keller"]


def test_quote_text_search_needs_every_word(store):
    assert q.search_quotes(store, text="ceasefire tariffs").items == []


def test_quotes_are_filtered_by_date(store):
    rows = q.search_quotes(store, since="2024-12-01").items
    assert [row["article_title"] for row in rows] == ["Trade dispute"]


def test_quotes_are_filtered_by_outlet_and_speaker_country(store):
    assert len(q.search_quotes(store, outlet="Balkan Post").items) == 1
    assert {row["speaker_name"] for row in q.search_quotes(store, country="CHN").items} == {"Li Wei"}


def test_quote_facets_count_speakers_outlets_and_months(store):
    facets = q.quote_facets(store)
    assert facets["speaker"][0] == {"value": "Anna Keller", "count": 2}
    assert {f["value"]: f["count"] for f in facets["outlet"]} == {"Danube Wire": 3, "Balkan Post": 1}
    assert {f["value"] for f in facets["month"]} == {"2024-10", "2024-11", "2024-12"}


# -- events --------------------------------------------------------------------------------------------------------
def test_events_of_an_actor_include_reciprocal_ones(store):
    types = [row["type"] for row in q.filter_events(store, actor="CHNGOV").items]
    assert sorted(types) == ["AID", "CONSULT"]


def test_events_are_filtered_by_actor_and_recipient(store):
    rows = q.filter_events(store, actor="CHNGOV", recipient="AUTGOV", type="AID").items
    assert [(row["type"], row["trigger"]) for row in rows] == [("AID", "send aid")]
    assert q.filter_events(store, actor="BORMIL", recipient="RURMIL").items == []


def test_the_parties_of_talks_count_as_acting_on_each_other(store):
    rows = q.filter_events(store, actor="AUTGOV", recipient="CHNGOV").items
    assert [row["type"] for row in rows] == ["ACCUSE", "CONSULT"]


def test_events_are_filtered_by_type_and_modality(store):
    assert [row["type"] for row in q.filter_events(store, modality="intended").items] == ["AID"]
    assert len(q.filter_events(store, type="assault").items) == 1


def test_events_are_filtered_by_place_name_or_geonames_id(store):
    assert [row["type"] for row in q.filter_events(store, place="Vienna").items] == ["CONSULT"]
    assert [row["type"] for row in q.filter_events(store, place="9000001").items] == ["ASSAULT"]


def test_an_events_day_is_its_own_date_else_the_publication_day(store):
    days = {row["type"]: row["day"] for row in q.filter_events(store, actor="RURMIL").items}
    assert days == {"ASSAULT": "2024-11-04", "REJECT": "2024-11-05"}


def test_narrator_only_leaves_out_events_stated_in_quotes(store):
    store.save(
        build(
            'Keller said: "Ruritania will invade." Ruritania attacked Keller.',
            title="Quoted threat",
            actors=[A("Keller", "AUTGOV", "AUT"), A("Ruritania", "RURMIL", "RUR", kind="country")],
            quotes=[Q("Ruritania will invade.", "Keller")],
            events=[
                E("invade", "ASSAULT", ["Ruritania"], ["Keller"], quad_class=4, in_quote=True),
                E("attacked", "ASSAULT", ["Ruritania"], ["Keller"], quad_class=4),
            ],
        )
    )
    triggers = [row["trigger"] for row in q.filter_events(store, actor="RURMIL", recipient="AUTGOV",
                                                          narrator_only=True).items]  # fmt: skip
    assert triggers == ["attacked"]


def test_event_rows_carry_actor_names_and_the_sentence(store):
    row = q.filter_events(store, type="ACCUSE").items[0]
    assert row["actors"][0]["name"] == "Anna Keller" and row["recipients"][0]["code"] == "CHNGOV"
    assert row["sentence"].startswith("Anna Keller accused Li Wei")


# -- series and graph ----------------------------------------------------------------------------------------------
def test_timeline_counts_and_averages_per_type_and_month(store):
    rows = q.timeline(store, "CHNGOV", "AUTGOV")
    assert rows == [
        {"period": "2024-10", "type": "AID", "quad_class": 2, "count": 1, "mean_intensity": 7.0},
        {"period": "2024-10", "type": "CONSULT", "quad_class": 1, "count": 1, "mean_intensity": 1.0},
    ]


def test_timeline_of_a_pair_in_both_directions_adds_the_reverse_events(store):
    types = {row["type"] for row in q.timeline(store, "CHNGOV", "AUTGOV", both_directions=True)}
    assert types == {"AID", "CONSULT", "ACCUSE"}


def test_weekly_periods_start_on_monday(store):
    periods = {row["period"] for row in q.timeline(store, "RURMIL", interval="week")}
    assert periods == {"2024-11-04"}  # Monday 4 and Tuesday 5 November 2024


def test_an_unknown_interval_is_refused(store):
    with pytest.raises(q.QueryError, match="interval"):
        q.timeline(store, "RURMIL", interval="day")


def test_relations_weigh_edges_by_events_and_average_intensity(store):
    edges = {(e["source"], e["target"]): e for e in q.relations(store)["edges"]}
    assert edges[("RURMIL", "BORMIL")]["events"] == 2
    assert edges[("RURMIL", "BORMIL")]["mean_intensity"] == -7.0
    assert edges[("RURMIL", "BORMIL")]["conflict"] == 2


def test_relations_link_the_parties_of_a_reciprocal_event_both_ways(store):
    pairs = {(e["source"], e["target"]) for e in q.relations(store, types=["CONSULT"])["edges"]}
    assert pairs == {("AUTGOV", "CHNGOV"), ("CHNGOV", "AUTGOV")}


def test_relations_are_filtered_by_month(store):
    pairs = {(e["source"], e["target"]) for e in q.relations(store, since="2024-12")["edges"]}
    assert pairs == {("AUTGOV", "CHNGOV")}


# -- actors and places ---------------------------------------------------------------------------------------------
def test_actor_directory_counts_articles(store):
    rows = {row["name"]: row["articles"] for row in q.list_actors(store).items}
    assert rows["Anna Keller"] == 2 and rows["Petar Vuk"] == 1


def test_actor_profile_gathers_aliases_roles_and_counts(store):
    profile = q.actor_profile(store, code="AUTGOV")
    assert profile["name"] == "Anna Keller"
    assert profile["aliases"] == [{"value": "Keller", "count": 2}]
    assert profile["roles"][0]["title"] == "Foreign Minister"
    assert profile["counts"] == {"quotes": 2, "articles": 2, "events_as_actor": 2, "events_as_recipient": 1}


def test_an_unknown_actor_is_not_found(store):
    with pytest.raises(NotFound):
        q.actor_profile(store, code="XXXGOV")


def test_places_are_listed_with_article_and_event_counts(store):
    rows = {row["name"]: (row["articles"], row["events"]) for row in q.list_places(store).items}
    assert rows == {"Vienna": (1, 1), "Strelsau": (1, 1)}


# -- the read model follows the store ------------------------------------------------------------------------------
def test_refresh_reads_nothing_when_nothing_changed(store):
    q.refresh(store)
    assert q.refresh(store) == 0


def test_a_replaced_article_replaces_its_counts(store):
    q.relations(store)
    analysis = sample_analyses()[1]
    analysis.extractor_version = "test-2"
    analysis.events = analysis.events[:1]
    store.save(analysis)
    edges = {(e["source"], e["target"]): e["events"] for e in q.relations(store)["edges"]}
    assert edges[("RURMIL", "BORMIL")] == 1


def test_a_deleted_article_leaves_the_directories(store):
    q.list_places(store)
    clash = sample_analyses()[1].article.id
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = ?", (clash,))
    assert [row["name"] for row in q.list_places(store).items] == ["Vienna"]
    assert "RURMIL" not in {row["code"] for row in q.list_actors(store).items}


def test_writes_from_another_connection_are_seen(store, tmp_path):
    q.list_places(store)
    other = open_store(store.path)
    other.save(
        build(
            "Crowds gathered in Lisbon.",
            title="Lisbon rally",
            actors=[A("Crowds", None, "PRT", kind="group")],
            events=[E("gathered", "PROTEST", ["Crowds"], quad_class=3, place="Lisbon")],
            places=[P("Lisbon", 38.7, -9.1, "PRT", 2267057)],
        )
    )
    other.close()
    assert "Lisbon" in {row["name"] for row in q.list_places(store).items}


def test_the_pair_totals_migration_fills_from_the_monthly_counts(tmp_path):
    store = Store(tmp_path / "old.db")
    for analysis in sample_analyses():
        store.save(analysis)
    q.refresh(store)
    migration = next(m for m in MIGRATIONS if "CREATE TABLE dyad_totals" in m)
    with store.transaction() as conn:  # as before the totals existed, then the migration again
        conn.execute("DROP TABLE dyad_totals")
        conn.execute("DROP INDEX dyad_months_type")
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    edges = {(e["source"], e["target"]): e["events"] for e in q.relations(store)["edges"]}
    assert edges == {("AUTGOV", "CHNGOV"): 2, ("CHNGOV", "AUTGOV"): 2, ("RURMIL", "BORMIL"): 2}


def test_refresh_reads_only_the_articles_written_since(store):
    q.refresh(store)
    store.save(build("Crowds gathered in Porto.", title="Porto rally"))
    assert q.refresh(store) == 1


def test_replacing_the_newest_article_is_seen_even_when_it_keeps_its_rowid(store):
    q.relations(store)
    trade = sample_analyses()[2]
    trade.extractor_version = "test-2"
    trade.events[0].type = "THREATEN"
    store.save(trade)
    assert {(e["source"], e["target"]) for e in q.relations(store, types=["THREATEN"])["edges"]} == {
        ("AUTGOV", "CHNGOV")
    }


def test_an_undated_event_is_listed_but_counted_in_no_series(store):
    store.save(
        build(
            "Crowds gathered in Lisbon.",
            title="Undated rally",
            published=None,
            actors=[A("Crowds", "PRTCVL", "PRT", kind="group")],
            events=[E("gathered", "PROTEST", ["Crowds"], quad_class=3)],
        )
    )
    assert "Undated rally" in {row["article_title"] for row in q.filter_events(store).items}
    assert q.filter_events(store, actor="PRTCVL").items == []
