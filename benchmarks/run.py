"""dyad's benchmark runner: the analysis against the bare spaCy parse, each component's cost, memory, the store.

    python benchmarks/run.py [--limit N] [--store-sizes 10000,100000] [--json OUT] [--smoke]

On the PolNeAR texts (../shared/data/quotes/polnear; that part is skipped when absent) it reports, in one run:
words/s and articles/s of the bare spaCy pipeline and of the full dyad analysis and their ratio, the time of each
dyad component (profiled on the same parsed documents), the same with 2 worker processes, and the peak RSS.
On a synthetic store it reports the SQLite ingest rate of precomputed analyses and the p50/p95 latency of the main
queries. It prints a table and writes JSON. The machine is shared and noisy: compare ratios taken in one run.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "data"


def polnear_texts(limit: int) -> list[str]:
    files = sorted(POLNEAR.glob("*/text/*.txt"))
    return [f.read_text("utf-8") for f in files[:limit]]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_parse(nlp, texts: list[str], n_process: int = 1) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return time.perf_counter() - start


def bench_analysis(texts: list[str], repeats: int) -> dict:
    """Bare parse vs full analysis, per-component costs, and 2 workers."""
    from dyad.model import Article
    from dyad.nlp.pipeline import Analyzer

    analyzer = Analyzer()
    nlp = analyzer.nlp
    dyad_pipes = [name for name in nlp.pipe_names if name.startswith("dyad_")]
    words = sum(len(t.split()) for t in texts)
    articles = [Article.from_text(t) for t in texts]

    bare, full = [], []
    component_time = {name: 0.0 for name in dyad_pipes}
    for _ in range(repeats):
        with nlp.select_pipes(disable=dyad_pipes):
            bare.append(time_parse(nlp, texts))
        start = time.perf_counter()
        for _ in analyzer.analyze_many(articles, batch_size=32):
            pass
        full.append(time.perf_counter() - start)
        # Profile each dyad component on the same parsed documents.
        with nlp.select_pipes(disable=dyad_pipes):
            docs = list(nlp.pipe((analyzer._make_doc(a) for a in articles), batch_size=32))
        for name in dyad_pipes:
            component = nlp.get_pipe(name)
            start = time.perf_counter()
            for doc in docs:
                component(doc)
            component_time[name] += time.perf_counter() - start
    bare_s, full_s = statistics.median(bare), statistics.median(full)
    result = {
        "articles": len(texts),
        "words": words,
        "bare_spacy": {"seconds": bare_s, "words_per_s": words / bare_s, "articles_per_s": len(texts) / bare_s},
        "dyad": {"seconds": full_s, "words_per_s": words / full_s, "articles_per_s": len(texts) / full_s},
        "throughput_ratio": bare_s / full_s,
        "components": {
            name: {"seconds": t / repeats, "share_of_parse": (t / repeats) / bare_s}
            for name, t in component_time.items()
        },
    }
    with nlp.select_pipes(disable=dyad_pipes):
        bare2 = time_parse(nlp, texts, n_process=2)
    start = time.perf_counter()
    for _ in analyzer.analyze_many(articles, batch_size=32, n_process=2):
        pass
    full2 = time.perf_counter() - start
    result["workers_2"] = {
        "bare_spacy_words_per_s": words / bare2,
        "dyad_words_per_s": words / full2,
        "throughput_ratio": bare2 / full2,
    }
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def synthetic_analyses(n: int, seed: int = 7):
    """n distinct analyses with actors, quotes and events, written for the benchmark (no NLP needed)."""
    from dyad.model import Actor, Analysis, Article, Event, Mention, Modality, Quote, QuoteKind, Span

    rng = random.Random(seed)
    countries = ["USA", "RUS", "CHN", "PRK", "UKR", "IRN", "ISR", "IND", "PAK", "GBR", "FRA", "DEU", "TUR", "JPN"]
    sectors = ["GOV", "MIL", "", "LEG"]
    types = ["CONSULT", "ACCUSE", "SUPPORT", "THREATEN", "AID", "ASSAULT", "AGREE", "REQUEST", "REJECT", "COERCE"]
    names = ["Ana Ruiz", "Li Wei", "Omar Haddad", "Ivan Petrov", "Sara Cohen", "John Miller", "Aiko Tanaka"]
    home = dict(zip(names, ["FRA", "CHN", "IRN", "RUS", "ISR", "USA", "JPN"], strict=True))  # one person each
    verbs = ["said", "warned", "told reporters", "insisted", "added"]
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(n):
        a, b = rng.sample(countries, 2)
        speaker = rng.choice(names)
        words = " ".join(
            rng.choice(["talks", "border", "trade", "sanctions", "troops", "aid", "deal", "oil"]) for _ in range(8)
        )
        text = (
            f"Officials from {a} and {b} met on Monday, report {i}. "
            f'"We discussed {words} today," {speaker} {rng.choice(verbs)}. '
            f"The {a} side accused {b} of delays."
        )
        q_start = text.index('"')
        q_end = text.index('"', q_start + 1) + 1
        published = base + timedelta(hours=i % (24 * 700))
        art = Article.from_text(
            text, published=published, outlet=f"outlet{i % 40}", url=f"https://n{i % 40}.example/{i}"
        )
        code_a, code_b = a + rng.choice(sectors), b + rng.choice(sectors)
        yield Analysis(
            extractor_version="bench",
            article=art,
            sentences=[Span.of(text, 0, q_start - 1)],
            mentions=[Mention(id="M1", span=Span.of(text, 15, 18), label="GPE", actor_id="A1")],
            actors=[
                Actor(id="A1", name=a, kind="country", country=a, code=code_a),
                Actor(id="A2", name=b, kind="country", country=b, code=code_b),
                Actor(id="A3", name=speaker, kind="person", country=home[speaker], code=home[speaker] + "GOV"),
            ],
            quotes=[
                Quote(id="Q1", kind=QuoteKind.DIRECT, content=[Span.of(text, q_start, q_end)], speaker_actor_id="A3")
            ],
            events=[
                Event(
                    id=f"E{k}",
                    type=rng.choice(types),
                    trigger=Span.of(text, 28, 31),
                    sentence=Span.of(text, 0, q_start - 1),
                    actors=["A1"],
                    recipients=["A2"],
                    intensity=rng.uniform(-10, 10),
                    modality=Modality.ASSERTED,
                    date=published.date().isoformat(),
                    date_source="publication",
                )
                for k in (1, 2)
            ],
        )


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50_ms": 1000 * samples[len(samples) // 2],
        "p95_ms": 1000 * samples[min(len(samples) - 1, int(len(samples) * 0.95))],
    }


def bench_store(size: int, query_runs: int, cluster_limit: int) -> dict:
    """Ingest rate of precomputed analyses into a fresh SQLite file, then latencies of the main queries."""
    from dyad.store import Store

    analyses = list(synthetic_analyses(size))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        for analysis in analyses:
            store.save(analysis)
        ingest_s = time.perf_counter() - start
        rng = random.Random(1)
        from dyad.store import clusters, kb, queries

        start = time.perf_counter()
        queries.refresh(store)
        read_model_s = time.perf_counter() - start
        clusters_s = None
        if size <= cluster_limit:
            start = time.perf_counter()
            clusters.update_clusters(store)
            clusters_s = time.perf_counter() - start
        # The main queries, through the functions the CLI, the API and the Python API call.
        main_queries = {
            "quote search (words)": lambda: queries.search_quotes(
                store, text=rng.choice(["sanctions", "oil deal", "troops", "border trade"])
            ),
            "quotes by speaker": lambda: queries.search_quotes(store, speaker=rng.choice(["Ana Ruiz", "Li Wei"])),
            "actor profile (KB)": lambda: kb.actor_profile(store, rng.choice(["Ana Ruiz", "Li Wei", "Omar Haddad"])),
            "events by actor": lambda: queries.filter_events(store, actor=rng.choice(["USAGOV", "RUSMIL", "CHN"])),
            "dyad timeline (mentions)": lambda: queries.timeline(
                store, rng.choice(["USA", "RUS"]), rng.choice(["CHN", "UKR", "PRK"])
            ),
            "dyad timeline (clusters)": lambda: clusters.timeline(
                store, rng.choice(["USA", "RUS"]), rng.choice(["CHN", "UKR", "PRK"])
            ),
            "article by id": lambda: store.analysis(rng.choice(analyses).article.id),
        }
        if clusters_s is None:
            del main_queries["dyad timeline (clusters)"]
        latencies = {}
        for name, run in main_queries.items():
            samples = []
            for _ in range(query_runs):
                start = time.perf_counter()
                run()
                samples.append(time.perf_counter() - start)
            latencies[name] = percentiles(samples)
        store.close()
    return {
        "articles": size,
        "ingest_articles_per_s": size / ingest_s,
        "read_model_build_s": read_model_s,
        "cluster_build_s": clusters_s,
        "queries": latencies,
    }


def print_table(results: dict) -> None:
    rows = []
    if "analysis" in results:
        a = results["analysis"]
        rows += [
            ("bare spaCy, words/s", f"{a['bare_spacy']['words_per_s']:,.0f}"),
            ("dyad analysis, words/s", f"{a['dyad']['words_per_s']:,.0f}"),
            ("dyad analysis, articles/s", f"{a['dyad']['articles_per_s']:,.1f}"),
            ("throughput ratio dyad / bare", f"{a['throughput_ratio']:.2f}"),
        ]
        for name, c in a["components"].items():
            rows.append((f"  {name}, % of parse", f"{100 * c['share_of_parse']:.1f}%"))
        w = a["workers_2"]
        rows += [
            ("2 workers: bare spaCy, words/s", f"{w['bare_spacy_words_per_s']:,.0f}"),
            ("2 workers: dyad, words/s", f"{w['dyad_words_per_s']:,.0f}"),
            ("2 workers: ratio dyad / bare", f"{w['throughput_ratio']:.2f}"),
            ("peak RSS of the analysis process, MB", f"{a['peak_rss_mb']:,.0f}"),
        ]
    for store in results.get("store", []):
        n = store["articles"]
        rows.append((f"store {n:,}: ingest, articles/s", f"{store['ingest_articles_per_s']:,.0f}"))
        rows.append(
            (
                f"store {n:,}: read model / clusters built, s",
                f"{store['read_model_build_s']:.1f} / "
                + ("skipped" if store["cluster_build_s"] is None else f"{store['cluster_build_s']:.1f}"),
            )
        )
        for name, q in store["queries"].items():
            rows.append((f"store {n:,}: {name} p50 / p95 ms", f"{q['p50_ms']:.2f} / {q['p95_ms']:.2f}"))
    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"{'measure':{width}}  value")
    for label, value in rows:
        print(f"{label:{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="PolNeAR articles to analyse (default 300)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--store-sizes", default="10000,100000")
    parser.add_argument("--query-runs", type=int, default=200)
    parser.add_argument(
        "--cluster-limit", type=int, default=20000, help="build clusters only for stores up to this size (slow above)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: proves the runner works (used by CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.limit, args.repeats, args.store_sizes, args.query_runs = 6, 1, "200", 10

    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} cores={__import__('os').cpu_count()}",
        "python": platform.python_version(),
    }
    texts = polnear_texts(args.limit) if POLNEAR.is_dir() else []
    if texts:
        results["analysis"] = bench_analysis(texts, args.repeats)
    else:
        print("PolNeAR texts not found beside the checkout: analysis benchmark skipped", file=sys.stderr)
    results["store"] = [
        bench_store(int(n), args.query_runs, args.cluster_limit) for n in args.store_sizes.split(",") if n
    ]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print_table(results)
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
