"""Throughput of `dyad batch` over the PolNeAR texts: articles/s for 1 and 2 workers, Ray and local pool.

    .venv/bin/python benchmarks/bench_batch.py --limit 200 --json bench_batch.json

The texts (../shared/data/quotes/polnear/data/{train,dev}/text/*.txt) are written as JSONL
files into a temporary folder, then each configuration analyses them into a fresh output
folder. Three rates are reported:

- *wall*: all articles over the whole run, start-up (processes, Ray, model loading) included;
- *steady*: articles over the time from the first chunk a worker took to the last one written
  (worker clocks): the throughput of a long job, without start-up;
- *a/CPU-s*: articles per second of worker CPU time: the per-core rate, which holds however
  busy the machine is; cluster sizes are estimated from it.

Peak RSS is the largest resident memory a worker process reported (`ru_maxrss`). The machine
load average is printed beside the table, because the figures depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "data"


def polnear_texts(root: Path, limit: int | None) -> list[Path]:
    """The PolNeAR text files, dev then train, in sorted order."""
    files = sorted((root / "dev" / "text").glob("*.txt")) + sorted((root / "train" / "text").glob("*.txt"))
    return files[:limit] if limit else files


def write_inputs(files: list[Path], folder: Path, per_file: int) -> tuple[list[Path], int]:
    """JSONL inputs of ``per_file`` articles each (outlet and date come from the file name); and the word count."""
    paths, words = [], 0
    for start in range(0, len(files), per_file):
        path = folder / f"polnear-{start // per_file:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for file in files[start : start + per_file]:
                text = file.read_text(encoding="utf-8")
                words += len(text.split())
                outlet, date = file.name.split("_")[:2]
                out.write(json.dumps({"text": text, "outlet": outlet, "published": date}) + "\n")
        paths.append(path)
    return paths, words


def run_config(engine: str, workers: int, inputs: list[Path], output: Path, chunk_size: int) -> dict:
    """One timed `run_batch`; returns its figures."""
    from dyad.scale.batch import run_batch

    started = time.perf_counter()
    if engine == "ray":
        import ray

        ray.init(num_cpus=max(2, workers), include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        report = run_batch([str(p) for p in inputs], output, engine=engine, workers=workers, chunk_size=chunk_size)
    finally:
        if engine == "ray":
            ray.shutdown()
    wall = time.perf_counter() - started
    return {
        "engine": engine,
        "workers": workers,
        "articles": report.articles,
        "errors": report.errors,
        "wall_s": round(wall, 1),
        "wall_articles_per_s": round(report.articles / wall, 2),
        "steady_articles_per_s": round(report.steady_articles_per_second, 2),
        "articles_per_cpu_s": round(report.articles_per_cpu_second, 2),
        "workers_seen": len(report.worker_peak_rss_kb),
        "peak_rss_mb_per_worker": round(max(report.worker_peak_rss_kb.values(), default=0) / 1024),
    }


def print_table(results: list[dict], words_per_article: float) -> None:
    header = (
        f"{'engine':6} {'workers':>7} {'articles':>8} {'wall s':>7} {'wall a/s':>9} {'steady a/s':>10}"
        f" {'× 1 worker':>10} {'a/CPU-s':>8} {'peak RSS/worker':>16}"
    )
    print(header)
    print("-" * len(header))
    base = {r["engine"]: r["steady_articles_per_s"] for r in results if r["workers"] == 1}
    for r in results:
        speedup = r["steady_articles_per_s"] / base[r["engine"]] if base.get(r["engine"]) else float("nan")
        print(
            f"{r['engine']:6} {r['workers']:>7} {r['articles']:>8} {r['wall_s']:>7.1f} {r['wall_articles_per_s']:>9.2f}"
            f" {r['steady_articles_per_s']:>10.2f} {speedup:>10.2f} {r['articles_per_cpu_s']:>8.2f}"
            f" {r['peak_rss_mb_per_worker']:>13} MB"
        )
    print(f"(PolNeAR articles average {words_per_article:.0f} words)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR, help="PolNeAR data folder (holds dev/ and train/)")
    parser.add_argument("--limit", type=int, default=200, help="articles to analyse (0: all 924)")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare")
    parser.add_argument("--chunk-size", type=int, default=10)
    parser.add_argument("--per-file", type=int, default=50, help="articles per JSONL input file")
    parser.add_argument("--json", type=Path, default=Path("bench_batch.json"), help="where to write the figures")
    args = parser.parse_args()

    if not (args.data / "dev" / "text").is_dir():
        print(f"skipped: PolNeAR texts not found under {args.data}")
        return 0
    files = polnear_texts(args.data, args.limit or None)
    results = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        inputs, words = write_inputs(files, Path(tmp), args.per_file)
        for engine in args.engines.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                output = Path(tmp) / f"out-{engine}-{workers}"
                result = run_config(engine, workers, inputs, output, args.chunk_size)
                result["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
                print(json.dumps(result), file=sys.stderr)
                results.append(result)
    print_table(results, words / max(1, len(files)))
    print(f"load average before: {load_before[0]:.2f} (1 min), {os.cpu_count()} CPUs")
    args.json.write_text(
        json.dumps(
            {
                "articles": len(files),
                "words": words,
                "chunk_size": args.chunk_size,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_avg_before": load_before,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"figures → {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
