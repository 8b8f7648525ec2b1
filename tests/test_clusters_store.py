"""Clusters in the store: incremental updates, order independence, support counts, timelines, evidence, commands."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.model import Analysis, Modality
from dyad.store import Store
from dyad.store import clusters as sc
from tests.test_corroboration import article, corpus_rows, labelled_corpus, with_event


@pytest.fixture
def store(empty_store):
    """An empty store, SQLite and then PostgreSQL (when DYAD_TEST_PG names a server)."""
    return empty_store


@pytest.fixture(scope="module")
def corpus() -> list[tuple[dict, Analysis]]:
    return list(zip(corpus_rows(), labelled_corpus(), strict=True))


def cluster_of(store: Store, analysis: Analysis, event_id: str = "E1") -> dict:
    members = sc.event_cluster_members(store)
    return sc.event_cluster(store, members[f"{analysis.article.id}:{event_id}"])


def snapshot(store: Store) -> tuple:
    """Everything clustering decided, without insertion-order artefacts."""
    events = store.conn.execute("SELECT * FROM event_clusters ORDER BY id").fetchall()
    statements = store.conn.execute("SELECT * FROM statement_clusters ORDER BY id").fetchall()
    return (
        [tuple(r) for r in events],
        [tuple(r) for r in statements],
        sorted(sc.event_cluster_members(store).items()),
        sorted(sc.statement_cluster_members(store).items()),
        sc.near_duplicate_groups(store),
    )


def test_the_corpus_clusters_into_one_cluster_per_labelled_event(store, corpus):
    for _, analysis in corpus:
        store.save(analysis)
    sc.update_clusters(store)
    labels = {row["event"] for row, _ in corpus}
    assert store.conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0] == len(labels)


def test_wire_copies_and_an_update_count_as_one_report_and_one_outlet(store, corpus):
    for _, analysis in corpus:
        store.save(analysis)
    sc.update_clusters(store)
    talks = cluster_of(store, dict((r["key"], a) for r, a in corpus)["talks-daily"])
    # 8 articles: 4 are one wire story (3 copies and an update) -> 5 independent reports from 5 outlets.
    assert (talks["articles"], talks["reports"], talks["outlets"]) == (8, 5, 5)


def test_a_statement_printed_by_a_wire_and_its_copies_counts_its_independent_reports(store, corpus):
    for _, analysis in corpus:
        store.save(analysis)
    sc.update_clusters(store)
    top = sc.statement_clusters(store, speaker="Aydar")[0]
    # 7 articles carry "a new chapter"; 4 of them are one wire story.
    assert (top["speaker_name"], top["articles"], top["reports"]) == ("Selim Aydar", 7, 4)
    assert sc.cluster_counts(store)["pending_articles"] == 0


def test_a_second_update_with_nothing_new_does_nothing(store, corpus):
    for _, analysis in corpus[:5]:
        store.save(analysis)
    sc.update_clusters(store)
    again = sc.update_clusters(store)
    assert (again.articles, again.event_blocks, again.statement_blocks) == (0, 0, 0)


def test_a_new_article_reclusters_only_the_blocks_it_touches(store, corpus):
    *earlier, (row, last) = corpus
    for _, analysis in earlier:
        store.save(analysis)
    sc.update_clusters(store)
    before = cluster_of(store, earlier[-1][1])["articles"]
    store.save(last)
    update = sc.update_clusters(store)
    assert (update.articles, update.event_blocks) == (1, 1)
    assert cluster_of(store, last)["articles"] == before + 1


def test_any_ingest_order_gives_the_same_clusters(tmp_path, corpus):
    analyses = [a for _, a in corpus]
    snapshots = []
    for seed in (1, 2, 3):
        order = analyses[:]
        random.Random(seed).shuffle(order)
        with Store(tmp_path / f"order{seed}.db") as s:
            for i, analysis in enumerate(order):
                s.save(analysis)
                if i % (seed + 3) == 0:  # clusters updated at different points of each ingest
                    sc.update_clusters(s)
            sc.update_clusters(s)
            snapshots.append(snapshot(s))
    assert snapshots[0] == snapshots[1] == snapshots[2]


def test_a_reanalysed_article_leaves_its_old_cluster(store):
    text = "Russia and North Korea held talks in Moscow on Friday."
    first = with_event(article(text), "talks", "CONSULT", ["RUSGOV", "PRKGOV"], reciprocal=True)
    store.save(first)
    sc.update_clusters(store)
    again = first.model_copy(update={"extractor_version": "test-2"})
    again.events[0].type = "AGREE"
    store.save(again)
    update = sc.update_clusters(store)
    types = [r[0] for r in store.conn.execute("SELECT type FROM event_clusters")]
    assert (update.removed, types) == (1, ["AGREE"])


def test_changed_identity_rules_cluster_every_article_again(store, corpus, monkeypatch):
    for _, analysis in corpus[:3]:
        store.save(analysis)
    sc.update_clusters(store)
    monkeypatch.setattr(sc, "_VERSION_SUFFIX", "+clusters-next")
    update = sc.update_clusters(store)
    assert (update.removed, update.articles) == (3, 3)


WIRE_A = (
    "Armenian officials said Azerbaijani forces shelled positions near the village of Sotk on Thursday morning, "
    "wounding two soldiers, in the most serious incident since the two sides initialled a peace treaty in March."
)
WIRE_C = (
    "Monitors from the European Union said their patrol heard artillery fire near Sotk late on Thursday and "
    "asked both governments to respect the ceasefire line agreed by their leaders in the spring of this year."
)


def test_a_later_copy_that_joins_two_articles_recounts_their_clusters(store):
    a = with_event(
        article(WIRE_A, outlet="Wire"), "shelled", "ASSAULT", ["AZEMIL"], ["ARMMIL"], date_value="2025-05-08"
    )
    c = with_event(
        article(WIRE_C, outlet="Daily"), "artillery", "ASSAULT", ["AZEMIL"], ["ARMMIL"], date_value="2025-05-08"
    )
    store.save(a)
    store.save(c)
    sc.update_clusters(store)
    assert cluster_of(store, a)["reports"] == 2
    # A page carrying both stories, and no event of its own, makes the two one near-duplicate group.
    store.save(Analysis(extractor_version="test", article=article(WIRE_A + "\n\n" + WIRE_C, outlet="Aggregator")))
    sc.update_clusters(store)
    assert cluster_of(store, a)["reports"] == 1


def test_a_copy_recounts_clusters_of_its_block_that_it_does_not_reach(store):
    a = with_event(
        article(WIRE_A, outlet="Wire"), "shelled", "ASSAULT", ["AZEMIL"], ["ARMMIL"], date_value="2025-01-08"
    )
    c = with_event(
        article(WIRE_C, outlet="Daily"), "artillery", "ASSAULT", ["AZEMIL"], ["ARMMIL"], date_value="2025-01-08"
    )
    store.save(a)
    store.save(c)
    sc.update_clusters(store)
    # The bridging page reports another shelling in June: same block, but far from January's stretch.
    page = with_event(article(WIRE_A + "\n\n" + WIRE_C, outlet="Aggregator"), "shelled", "ASSAULT", ["AZEMIL"],
                      ["ARMMIL"], date_value="2025-06-10")  # fmt: skip
    store.save(page)
    sc.update_clusters(store)
    assert (cluster_of(store, a)["reports"], cluster_of(store, page)["articles"]) == (1, 1)


# -- timelines ----------------------------------------------------------------------------------------------------


def _save_events(store: Store) -> None:
    """Three reports of one strike, a planned visit, and a strike known only from a quotation."""
    for outlet in ("Wire", "Daily", "Post"):
        text = f"Russian forces struck Kharkiv on Tuesday, {outlet} reported."
        store.save(with_event(article(text, outlet=outlet), "struck", "ASSAULT", ["RUSMIL"], ["UKR"],
                              date_value="2024-10-29"))  # fmt: skip
    visit = "Russia's foreign minister will visit Kyiv in November."
    store.save(with_event(article(visit), "visit", "CONSULT", ["RUSGOV"], ["UKRGOV"], modality=Modality.INTENDED,
                          date_value="2024-11"))  # fmt: skip
    claim = '"Russia shelled Odesa on 20 October," the mayor said.'
    store.save(with_event(article(claim), "shelled", "ASSAULT", ["RUS"], ["UKR"], date_value="2024-10-20",
                          quoted=True))  # fmt: skip
    sc.update_clusters(store)


def test_a_timeline_counts_events_not_articles(store):
    _save_events(store)
    rows = sc.timeline(store, "RUS", "UKR")
    assert [(r["period"], r["type"], r["events"], r["articles"]) for r in rows] == [("2024-10", "ASSAULT", 1, 3)]


def test_a_timeline_can_include_planned_and_quoted_events(store):
    _save_events(store)
    rows = sc.timeline(store, "RUS", all_modalities=True, include_quoted=True)
    assert [(r["period"], r["type"], r["events"]) for r in rows] == [
        ("2024-10", "ASSAULT", 2),
        ("2024-11", "CONSULT", 1),
    ]


def test_a_timeline_by_week_uses_iso_weeks(store):
    _save_events(store)
    assert [r["period"] for r in sc.timeline(store, "RUSMIL", by="week")] == ["2024-W44"]


def test_a_timeline_reports_the_mean_intensity_over_events(store):
    for day, intensity in (("2024-10-01", -10.0), ("2024-10-20", -4.0)):
        analysis = with_event(article(f"Russia attacked Ukraine on {day}."), "attacked", "ASSAULT", ["RUS"], ["UKR"],
                              date_value=day)  # fmt: skip
        analysis.events[0].intensity = intensity
        store.save(analysis)
    sc.update_clusters(store)
    assert [(r["events"], r["mean_intensity"]) for r in sc.timeline(store, "RUS")] == [(2, -7.0)]


# -- evidence and commands ------------------------------------------------------------------------------------------


def test_the_evidence_of_an_event_gives_each_sentence_with_its_trigger(store):
    _save_events(store)
    cid = sc.resolve_event_cluster(store, next(iter(sc.event_cluster_members(store))).split(":")[0][:8] + ":E1")
    evidence = sc.event_evidence(store, cid)
    for item in evidence:
        (start, end), = item["trigger"]  # fmt: skip
        assert item["sentence"][start:end] in {"struck", "visit", "shelled"}
    assert len({item["outlet"] for item in evidence}) == len(evidence)


def test_postgres_clusters_the_corpus_as_sqlite_does(tmp_path, pg_url, corpus):
    from dyad.store import open_store

    snapshots = []
    for db in (tmp_path / "same.db", pg_url):
        with open_store(db) as s:
            for _, analysis in corpus:
                s.save(analysis)
            sc.update_clusters(s)
            snapshots.append(snapshot(s))
    assert snapshots[0][0] and snapshots[0][2]  # the corpus does cluster
    assert snapshots[1] == snapshots[0]


def test_cluster_timeline_and_explain_run_from_the_command_line(tmp_path):
    db = str(tmp_path / "cli.db")
    with Store(db) as s:
        _save_events(s)
        cid = next(r["id"] for r in sc.event_clusters(s, actor="RUS"))
    runner = CliRunner()
    assert "0 articles clustered" in runner.invoke(cli, ["cluster", "--db", db]).output
    csv_out = runner.invoke(cli, ["timeline", "--actor", "RUS", "--format", "csv", "--db", db]).output
    assert csv_out.splitlines() == ["period,type,events,mean_intensity,articles,reports", "2024-10,ASSAULT,1,,3,3"]
    explained = runner.invoke(cli, ["explain", cid, "--db", db]).output
    assert "3 mentions in 3 articles" in explained and "Kharkiv" in explained


@pytest.mark.slow
def test_the_clustering_benchmark_runs_on_a_small_store(tmp_path):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_clusters.py"
    spec = importlib.util.spec_from_file_location("bench_clusters", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(200, 4, tmp_path / "bench.db")
    assert result["events"] == 200 and result["incremental_articles"] == 100
    assert 0 < result["event_clusters"] <= 200
