"""How fast `dyad serve` answers on a big store: p50/p95 per API request kind, over real HTTP.

Builds (or reuses) a store of N synthetic analyses — articles written from a small vocabulary, with
actors, quotes, events and places placed on their words — brings the read model up to date (timed),
starts the app with uvicorn on a localhost port, and sends each kind of request with varied
parameters, one at a time. Prints a table and writes JSON. The target (issue 9): 95% of API
requests under 100 ms with 50,000 articles' analyses stored.

    python benchmarks/bench_api.py                      # 50,000 articles, the store kept in /tmp
    python benchmarks/bench_api.py --articles 2000 --requests 10 --json out.json
    python benchmarks/bench_api.py --db postgresql://postgres@127.0.0.1:55434/dyad_bench   # the database must exist
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dyad.api.app import create_app, running  # noqa: E402
from dyad.model import Actor, Analysis, Article, Event, Mention, Place, Quote, QuoteKind, Span  # noqa: E402
from dyad.store import open_store, queries  # noqa: E402

COUNTRIES = "USA RUS CHN UKR PRK IRN FRA DEU GBR ISR TUR IND JPN KOR BRA EGY SAU POL ITA ESP".split()
SECTORS = ["GOV", "MIL", "MED", "BUS", "OPP"]
TYPES = {  # PLOVER type -> (QuadClass, typical Goldstein intensity)
    "CONSULT": (1, 1.0), "AGREE": (1, 3.0), "SUPPORT": (1, 3.5), "COOPERATE": (2, 6.0), "AID": (2, 7.0),
    "REQUEST": (1, -0.5), "ACCUSE": (3, -2.0), "REJECT": (3, -4.0), "THREATEN": (3, -6.0),
    "PROTEST": (3, -6.5), "SANCTION": (4, -8.0), "COERCE": (4, -7.0), "ASSAULT": (4, -10.0),
}  # fmt: skip
MODALITIES = ["asserted"] * 6 + ["intended", "hypothetical", "desired", "negated"]
WORDS = (
    "talks ceasefire border sanctions trade security agreement troops election minister aid grain energy gas "
    "pipeline nuclear drones missiles summit embassy refugees tariffs deal court protest strike treaty crisis "
    "negotiations peace war economy inflation water harbour railway bridge shipment visa oil wheat"
).split()
FIRST = "Anna Boris Chen David Elena Farid Grace Hiro Ivan Julia Kofi Lena Marco Nadia Omar Pavel Qi Rosa Sergei Tara"
LAST = "Keller Ivanov Wang Smith Petrova Haddad Kim Tanaka Novak Weber Mensah Rossi Cohen Silva Kaya Singh Dubois"


def make_pools(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[tuple[str, float, float, str]]]:
    people = [
        (f"{f} {last}", f"{rng.choice(COUNTRIES)}{rng.choice(SECTORS)}", "")
        for f in FIRST.split()
        for last in LAST.split()
    ]
    people = [(name, code, code[:3]) for name, code, _ in people]
    places = [
        (f"{w.capitalize()}ville", rng.uniform(-50, 65), rng.uniform(-160, 170), rng.choice(COUNTRIES)) for w in WORDS
    ] + [(f"Port {w.capitalize()}", rng.uniform(-50, 65), rng.uniform(-160, 170), rng.choice(COUNTRIES)) for w in WORDS]
    return people, places


def synthetic_analysis(i: int, rng: random.Random, people, places) -> Analysis:
    """One article of five sentences with 5 actors, 3 quotes, 4 events and 2 places."""
    cast = rng.sample(people, 5)
    where = rng.sample(places, 2)
    published = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(730), hours=rng.randrange(24))
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}

    def add(text: str, key: str | None = None) -> None:
        start = sum(len(p) for p in parts)
        parts.append(text)
        if key:
            spans[key] = (start, start + len(text))

    quotes_words = [" ".join(rng.choices(WORDS, k=rng.randint(8, 20))) for _ in range(3)]
    add(cast[0][0], "a0")
    add(" met ")
    add(cast[1][0], "a1")
    add(" in ")
    add(where[0][0], "p0")
    add(f" on day {i} to discuss {rng.choice(WORDS)}. ")
    for k in range(3):
        add('"')
        add(quotes_words[k], f"q{k}")
        add('," ')
        add(cast[k + 2][0], f"s{k}")
        add(" said. ")
    add(cast[2][0], "a2")
    add(" accused ")
    add(cast[3][0], "a3")
    add(f" over the {rng.choice(WORDS)} near ")
    add(where[1][0], "p1")
    add(f". {cast[4][0]} offered {rng.choice(WORDS)} to {cast[0][0]}.")
    text = "".join(parts)
    article = Article.from_text(
        text, title=f"Report {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}", outlet=f"Outlet {i % 40}",
        published=published, url=f"https://news.example/{i}",
    )  # fmt: skip

    def span(key: str) -> Span:
        return Span.of(text, *spans[key])

    actors = [
        Actor(id=f"A{k + 1}", name=name, kind="person", country=country, code=code, aliases=[name.split()[-1]])
        for k, (name, code, country) in enumerate(cast)
    ]
    mentions = [Mention(id=f"M{k + 1}", span=span(f"a{k}"), label="PERSON", actor_id=f"A{k + 1}") for k in range(4)]
    quotes = [
        Quote(id=f"Q{k + 1}", kind=QuoteKind.DIRECT, content=[span(f"q{k}")], speaker=span(f"s{k}"),
              speaker_actor_id=f"A{k + 3}", cue_lemma="say")
        for k in range(3)
    ]  # fmt: skip
    sentence = Span.of(text, 0, len(text))
    events = []
    for k in range(4):
        kind = rng.choice(list(TYPES))
        quad, intensity = TYPES[kind]
        source, target = rng.sample(range(5), 2)
        events.append(
            Event(
                id=f"E{k + 1}", type=kind, quad_class=quad, intensity=intensity, actors=[f"A{source + 1}"],
                recipients=[f"A{target + 1}"], reciprocal=kind == "CONSULT", trigger=span("a0"), sentence=sentence,
                modality=rng.choice(MODALITIES), date=published.date().isoformat(), date_source="publication",
                place_id=f"P{k % 2 + 1}",
            )
        )  # fmt: skip
    place_rows = [
        Place(id=f"P{k + 1}", name=name, spans=[span(f"p{k}")], geonameid=900000 + places.index((name, lat, lon, c)),
              country=c, lat=lat, lon=lon, kind="city")
        for k, (name, lat, lon, c) in enumerate(where)
    ]  # fmt: skip
    return Analysis(
        extractor_version="bench-1", article=article, sentences=[sentence], mentions=mentions, actors=actors,
        quotes=quotes, events=events, places=place_rows,
    )  # fmt: skip


def build_store(db: str, n: int, seed: int) -> dict[str, float]:
    """Fill the store at ``db`` (a SQLite path or a PostgreSQL URL) up to ``n`` synthetic articles; time the
    writes and the read-model refresh."""
    rng = random.Random(seed)
    people, places = make_pools(rng)
    store = open_store(db)
    have = store.stats()["articles"]
    started = time.perf_counter()
    for i in range(n):
        analysis = synthetic_analysis(i, rng, people, places)  # always drawn, so articles stay the same per seed
        if i >= have:
            store.save(analysis)
        if i and i % 5000 == 0:
            print(f"  {i:,} articles built", file=sys.stderr)
    write_s = time.perf_counter() - started
    started = time.perf_counter()
    refreshed = queries.refresh(store, force=True)
    refresh_s = time.perf_counter() - started
    store.close()
    return {
        "written": max(0, n - have), "write_s": round(write_s, 1), "refresh_s": round(refresh_s, 1),
        "refreshed_articles": refreshed,
    }  # fmt: skip


def request_kinds(rng: random.Random, people, places, article_ids: list[str]) -> dict[str, object]:
    """Each kind of request, as a function returning (path, params) with fresh random parameters."""

    def code() -> str:
        return rng.choice(people)[1]

    return {
        "articles (page)": lambda: ("/api/articles", {"offset": rng.randrange(0, 2000, 50)}),
        "articles (title search)": lambda: ("/api/articles", {"q": rng.choice(WORDS)}),
        "article + analysis": lambda: (f"/api/articles/{rng.choice(article_ids)}", {}),
        "actors (list)": lambda: ("/api/actors", {}),
        "actors (name search)": lambda: ("/api/actors", {"q": rng.choice(LAST.split())}),
        "actor profile": lambda: ("/api/actors/profile", {"code": code()}),
        "quotes (text)": lambda: ("/api/quotes", {"text": rng.choice(WORDS)}),
        "quotes (speaker)": lambda: ("/api/quotes", {"speaker": rng.choice(LAST.split())}),
        "quotes (actor, facets)": lambda: ("/api/quotes", {"actor": code(), "facets": "true"}),
        "quotes (month, outlet)": lambda: ("/api/quotes", {"since": "2024-03", "until": "2024-03",
                                                           "outlet": f"Outlet {rng.randrange(40)}"}),
        "events (actor)": lambda: ("/api/events", {"actor": code()}),
        "events (actor, recipient)": lambda: ("/api/events", {"actor": code(), "recipient": code()}),
        "events (type, dates, modality)": lambda: ("/api/events", {"type": rng.choice(list(TYPES)),
                                                                   "since": "2024-01", "until": "2024-06",
                                                                   "modality": "asserted"}),
        "events (place)": lambda: ("/api/events", {"place": rng.choice(places)[0]}),
        "timeline (pair, month)": lambda: ("/api/timeline", {"actor": code(), "recipient": code(), "both": "true"}),
        "timeline (actor, week)": lambda: ("/api/timeline", {"actor": code(), "interval": "week"}),
        "graph (all)": lambda: ("/api/graph", {}),
        "graph (quarter, types)": lambda: ("/api/graph", [("since", "2024-01"), ("until", "2024-03"),
                                                          ("type", "ASSAULT"), ("type", "ACCUSE")]),
        "places": lambda: ("/api/places", {}),
    }  # fmt: skip


def page_kinds(rng: random.Random, people, article_ids: list[str]) -> dict[str, object]:
    """The web page's views, timed apart from the API (the target is the API's)."""

    def code() -> str:
        return rng.choice(people)[1]

    return {
        "page: articles": lambda: ("/", {}),
        "page: article view": lambda: (f"/articles/{rng.choice(article_ids)}", {}),
        "page: actor": lambda: ("/actor", {"code": code()}),
        "page: quote search + facets": lambda: ("/quotes", {"text": rng.choice(WORDS)}),
        "page: events": lambda: ("/events", {"actor": code()}),
        "page: timeline": lambda: ("/timeline", {"actor": code(), "recipient": code()}),
        "page: relations graph": lambda: ("/graph", {}),
        "page: map": lambda: ("/map", {}),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument(
        "--db", help="Store to build or reuse: a SQLite path (default /tmp/dyad-bench-api-N.db) or a PostgreSQL URL."
    )
    parser.add_argument("--requests", type=int, default=30, help="Requests per kind.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="Write the results here.")
    args = parser.parse_args()
    db = args.db or f"/tmp/dyad-bench-api-{args.articles}.db"

    print(f"store: {db} ({args.articles:,} articles)", file=sys.stderr)
    build = build_store(db, args.articles, args.seed)
    rng = random.Random(args.seed + 1)
    people, places = make_pools(random.Random(args.seed))
    store = open_store(db)
    article_ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 500")]
    stats = store.stats()
    engine = store.dialect
    store.close()

    kinds = request_kinds(rng, people, places, article_ids)
    pages = page_kinds(rng, people, article_ids)
    timings: dict[str, list[float]] = {name: [] for name in kinds}
    page_timings: dict[str, list[float]] = {name: [] for name in pages}
    errors = 0
    with running(create_app(db)) as url, httpx.Client(base_url=url, timeout=60) as client:
        client.get("/api/stats")  # warm-up: the first request opens pages of the file
        for _ in range(args.requests):
            for group, times in ((kinds, timings), (pages, page_timings)):
                for name, make in group.items():
                    path, params = make()
                    started = time.perf_counter()
                    response = client.get(path, params=params)
                    times[name].append((time.perf_counter() - started) * 1000)
                    errors += response.status_code >= 400 and response.status_code != 404

    every = [t for ts in timings.values() for t in ts]
    rows, page_rows = [
        [
            {"request": name, "n": len(ts), "p50_ms": round(statistics.median(ts), 1),
             "p95_ms": round(percentile(ts, 95), 1), "max_ms": round(max(ts), 1)}
            for name, ts in group.items()
        ]
        for group in (timings, page_timings)
    ]  # fmt: skip
    under = sum(t < 100 for t in every) / len(every)
    summary = {
        "engine": engine, "articles": stats["articles"], "quotes": stats["quotes"], "events": stats["events"],
        "requests": len(every), "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 95), 1), "share_under_100ms": round(under, 4), "errors": errors, **build,
    }  # fmt: skip

    width = max(len(r["request"]) for r in rows + page_rows)
    print(f"\n{'request':{width}}  {'n':>4}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}")
    for r in rows + page_rows:
        if r is page_rows[0]:
            print("(web pages, not counted in the summary)")
        print(f"{r['request']:{width}}  {r['n']:>4}  {r['p50_ms']:>8}  {r['p95_ms']:>8}  {r['max_ms']:>8}")
    print(
        f"\n{summary['requests']} requests on {summary['articles']:,} articles ({summary['quotes']:,} quotes, "
        f"{summary['events']:,} events): p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
        f"{under:.1%} under 100 ms, {errors} errors. "
        + (f"{build['written']:,} articles written in {build['write_s']} s; " if build["written"] else "Store reused; ")
        + f"read model refreshed ({build['refreshed_articles']:,} articles) in {build['refresh_s']} s."
    )
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "requests": rows, "pages": page_rows}, indent=2))


if __name__ == "__main__":
    main()
