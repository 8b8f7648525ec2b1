"""Measure the gazetteer: ``python -m dyad.geo`` builds the cache if needed, then times loading it.

Prints the number of entries and names, the cache file's size, the median
load time of five reads and the memory the loaded index takes (growth of the
process's resident set over the first read, from /proc where there is one).
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from dyad.geo.gazetteer import cache_path, load_gazetteer, read_cache


def _rss_mb() -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def main() -> None:
    path = cache_path()
    if not path.exists():
        started = time.perf_counter()
        load_gazetteer()
        print(f"built the index in {time.perf_counter() - started:.1f} s: {path}")
    before = _rss_mb()
    gazetteer = read_cache(path)
    after = _rss_mb()
    memory = f"{after - before:.0f} MB" if before is not None and after is not None else "unknown"
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        read_cache(path)
        timings.append(time.perf_counter() - started)
        gc.collect()
    print(f"entries {len(gazetteer):,}  names {gazetteer.n_names:,}  cache {path.stat().st_size / 1e6:.1f} MB")
    print(f"load {statistics.median(timings):.2f} s (median of 5)  memory {memory}")


if __name__ == "__main__":
    main()
