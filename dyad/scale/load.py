"""`load_output`: put a batch output folder into a store, one `Store.save` per analysis.

It reads only the ``analysis_json`` column of the finished article parts (``articles/*.parquet``;
temporary parts are never matched), a few hundred rows at a time, so memory stays flat. Loading
twice changes nothing: an article already stored with the same extractor version is left as
it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from dyad.errors import DyadError
from dyad.model import Analysis
from dyad.store import Store


def article_parts(output: Path) -> list[Path]:
    """The finished parts of the articles table, in a stable order."""
    return sorted((output / "articles").glob("*.parquet"))


def load_output(
    output: str | Path, store: Store, *, on_progress: Callable[[Counter], None] | None = None, rows: int = 256
) -> Counter:
    """Save every analysis of a batch output into ``store``; returns counts of added/replaced/unchanged.

    Raises:
        DyadError: ``output`` holds no articles table (not a batch output folder).
    """
    import pyarrow.parquet as pq

    out = Path(output)
    if not (out / "articles").is_dir():
        raise DyadError(f"{out}: not a batch output folder (no articles/ inside); run `dyad batch` first")
    counts: Counter = Counter(added=0, replaced=0, unchanged=0)
    for part in article_parts(out):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=rows, columns=["analysis_json"]):
            for text in batch.column(0).to_pylist():
                counts[store.save(Analysis.from_json(text))] += 1
                if on_progress:
                    on_progress(counts)
    return counts


def count_errors(output: str | Path) -> int:
    """Rows in the errors table of a batch output."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted((Path(output) / "errors").glob("*.parquet")))
