"""Clustering across articles at scale: `update_clusters` over a synthetic store of stored events.

    python benchmarks/bench_clusters.py [--events 100000] [--per-article 4] [--json OUT] [--smoke]

Builds a SQLite store of synthetic analyses (not timed): underlying events between 60 countries over
a year, each reported by one to twelve articles of 40 outlets with the usual noise (country or
government codes, a party left out, day or month dates, undated reports), a fifth of the articles
wire copies of another, one quotation per article. Then it times the first `update_clusters` (near-
duplicate signatures and LSH, records, every block clustered) and an incremental update after 100
more articles, and prints a table. Issue 8's target: 100,000 events in under a minute on this machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dyad.model import Actor, Analysis, Article, Event, Quote, QuoteKind, Span  # noqa: E402
from dyad.store import Store  # noqa: E402
from dyad.store.clusters import update_clusters  # noqa: E402

TYPES = ["CONSULT", "AGREE", "SUPPORT", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "ASSAULT"]
COUNTRIES = [f"C{i:02d}" for i in range(60)]
OUTLETS = [f"Outlet {i}" for i in range(40)]
VOCABULARY = [f"w{i}" for i in range(5000)]


def synthetic_articles(n_events: int, per_article: int, seed: int = 8, speakers: int = 0) -> list[Analysis]:
    """Analyses holding about ``n_events`` events, ``per_article`` to an article.

    With ``speakers``, each article's quotation is twelve words of its own text said by one of that many
    people, so each person's block of the year holds thousands of differently worded quotations.
    """
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    happenings = []
    while sum(h["reports"] for h in happenings) < n_events:
        a, b = rng.sample(COUNTRIES, 2)
        happenings.append(
            {
                "type": rng.choice(TYPES),
                "actor": a,
                "recipient": b,
                "day": start + timedelta(days=rng.randrange(365)),
                "reports": rng.choice([1, 1, 2, 3, 5, 8, 12]),
            }
        )
    reports = [h for h in happenings for _ in range(h["reports"])][:n_events]
    rng.shuffle(reports)
    analyses, previous_text = [], None
    for i in range(0, len(reports), per_article):
        chunk = reports[i : i + per_article]
        if previous_text is not None and rng.random() < 0.2:
            text = f"CITY (Wire) - {previous_text} More to follow."  # a wire copy of the previous article
        else:
            text = " ".join(rng.choices(VOCABULARY, k=150)) + "."
        previous_text = text
        day = max(h["day"] for h in chunk) + timedelta(days=rng.randrange(2))
        published = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC)
        art = Article.from_text(f"{text} [{i}]", outlet=rng.choice(OUTLETS), published=published)
        analyses.append(_analysis(art, chunk, rng, speakers))
    return analyses


def _code(country: str, rng: random.Random) -> str:
    return country + rng.choice(["", "GOV", "GOV", "MIL"])


def _analysis(art: Article, happenings: list[dict], rng: random.Random, speakers: int = 0) -> Analysis:
    text = art.text
    whole = Span.of(text, 0, len(text))
    word = Span.of(text, 0, text.index(" "))
    actors, events = [], []
    for j, h in enumerate(happenings):
        ids = []
        for country in (h["actor"], h["recipient"]):
            actors.append(Actor(id=f"A{len(actors) + 1}", name=country, code=_code(country, rng)))
            ids.append(actors[-1].id)
        recipients = [ids[1]] if rng.random() > 0.15 else []  # a party left out now and then
        roll = rng.random()
        value = h["day"].isoformat() if roll < 0.6 else (h["day"].strftime("%Y-%m") if roll < 0.7 else None)
        events.append(
            Event(
                id=f"E{j + 1}", type=h["type"], actors=[ids[0]], recipients=recipients, trigger=word, sentence=whole,
                date=value, date_source="text" if value else "unknown", intensity=rng.uniform(-10, 10),
            )
        )  # fmt: skip
    if speakers:
        person = rng.randrange(speakers)
        actors.append(Actor(id=f"A{len(actors) + 1}", name=f"Speaker Number{person}", kind="person", code="C00GOV"))
        words = list(re.finditer(r"\S+", text))
        first = rng.randrange(max(1, len(words) - 12))
        said = Span.of(text, words[first].start(), words[min(first + 11, len(words) - 1)].end())
        quote = Quote(
            id="Q1", kind=QuoteKind.DIRECT, content=[said], quoted_parts=[said], speaker_actor_id=actors[-1].id
        )
    else:
        quote = Quote(id="Q1", kind=QuoteKind.DIRECT, content=[word], quoted_parts=[word], speaker_actor_id="A1")
    return Analysis(extractor_version="bench", article=art, actors=actors, events=events, quotes=[quote])


def run(n_events: int, per_article: int, db: Path, speakers: int = 0) -> dict:
    analyses = synthetic_articles(n_events + 100 * per_article, per_article, speakers=speakers)
    first, later = analyses[:-100], analyses[-100:]
    store = Store(db)
    t0 = time.perf_counter()
    for analysis in first:
        store.save(analysis)
    setup = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    full = update_clusters(store)
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    for analysis in later:
        store.save(analysis)
    t0, c0 = time.perf_counter(), time.process_time()
    incremental = update_clusters(store)
    incremental_s, incremental_cpu = time.perf_counter() - t0, time.process_time() - c0
    events = store.conn.execute("SELECT count(*) FROM event_cluster_members").fetchone()[0]
    clusters = store.conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    store.close()
    return {
        "events": sum(len(a.events) for a in first),
        "articles": len(first),
        "store_setup_s": round(setup, 1),
        "cluster_all_s": round(full_s, 2),
        "cluster_all_cpu_s": round(full_cpu, 2),
        "events_per_s": round(sum(len(a.events) for a in first) / full_s),
        "event_clusters": full.event_clusters,
        "statements": full.statement_clusters,
        "near_duplicate_pairs": full.duplicate_pairs,
        "incremental_articles": incremental.articles,
        "incremental_s": round(incremental_s, 3),
        "incremental_cpu_s": round(incremental_cpu, 3),
        "incremental_blocks": incremental.event_blocks,
        "incremental_statement_blocks": incremental.statement_blocks,
        "speakers": speakers,
        "events_after": events,
        "clusters_after": clusters,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=4)
    parser.add_argument("--json", type=Path, help="Write the results here.")
    parser.add_argument("--smoke", action="store_true", help="A tiny run that proves the benchmark works.")
    parser.add_argument(
        "--speakers",
        type=int,
        default=0,
        help="Give the quotations to this many people (big statement blocks); default: one per event's actor.",
    )
    args = parser.parse_args()
    n_events = 2_000 if args.smoke else args.events
    with tempfile.TemporaryDirectory() as tmp:
        result = run(n_events, args.per_article, Path(tmp) / "clusters.db", args.speakers)
    result["machine"] = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    rows = [
        ("stored events (articles)", f"{result['events']:,} ({result['articles']:,})"),
        ("store setup, not timed", f"{result['store_setup_s']} s"),
        (
            "update_clusters, everything",
            f"{result['cluster_all_s']} s wall, {result['cluster_all_cpu_s']} s CPU ({result['events_per_s']:,} events/s)",
        ),
        ("event clusters / statements", f"{result['event_clusters']:,} / {result['statements']:,}"),
        ("near-duplicate pairs", f"{result['near_duplicate_pairs']:,}"),
        (
            f"incremental: {result['incremental_articles']} new articles",
            f"{result['incremental_s']} s wall, {result['incremental_cpu_s']} s CPU "
            f"({result['incremental_blocks']} event blocks, {result['incremental_statement_blocks']} statement blocks)",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
