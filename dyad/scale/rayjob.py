"""The Ray engine: the same chunks and workers as the local pool, run by Ray Data over a cluster.

The plan is two streaming stages:

1. ``read``: a task per input file cuts it into chunks (`read_chunks`), yielding one block per
   chunk, so a large file spreads over every worker and is never held whole;
2. ``analyse``: an actor pool of `ChunkWorker` (``map_batches`` with a callable class, one
   chunk per call); each actor loads the pipeline once and writes its chunks' parts itself.

Only the small chunk summaries come back to the driver. Input files and the output folder
must be visible at the same path on every node (a shared filesystem), as for any Ray job
reading local paths.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pyarrow as pa

from dyad.scale.inputs import Chunk, InputFile, read_chunks
from dyad.scale.worker import ChunkSummary, ChunkWorker

CHUNK_SCHEMA = pa.schema(
    [("input", pa.string()), ("key", pa.string()), ("index", pa.int64()), ("last", pa.bool_()),
     ("items", pa.list_(pa.large_string()))]
)  # fmt: skip


def read_input_chunks(batch: pa.Table, chunk_size: int) -> Iterator[pa.Table]:
    """Ray Data UDF: each input file row becomes a stream of one-row chunk tables."""
    for row in batch.to_pylist():
        for chunk in read_chunks(InputFile(**row), chunk_size):
            yield pa.Table.from_pylist([chunk.to_row()], schema=CHUNK_SCHEMA)


class RayChunkWorker:
    """Ray Data callable class: one `ChunkWorker` per actor, loaded once."""

    def __init__(self, output: str, model: str, batch_size: int):
        self.worker = ChunkWorker(output, model, batch_size)

    def __call__(self, batch: pa.Table) -> pa.Table:
        return pa.Table.from_pylist([self.worker.process(Chunk(**row)).to_row() for row in batch.to_pylist()])


def connect(address: str | None, workers: int | None, quiet: bool) -> bool:
    """Join the cluster at ``address`` (or start a local one); True when this call started Ray."""
    import os

    import ray

    if ray.is_initialized():
        return False
    # dyad works offline: Ray's usage reporting would try to reach the network.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options: dict = {"address": address} if address else {"num_cpus": workers}
    ray.init(**options, logging_level=logging.WARNING if quiet else logging.INFO, log_to_driver=not quiet)
    return True


def cluster_cpus() -> int:
    """CPUs of the connected cluster."""
    import ray

    return int(ray.cluster_resources().get("CPU", 1))


def run_ray(
    inputs: list[InputFile], output: str, *, model: str, workers: int, chunk_size: int, batch_size: int, quiet: bool
) -> Iterator[ChunkSummary]:
    """Analyse ``inputs`` with ``workers`` actors on the connected Ray cluster; yield chunk summaries."""
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = not quiet
    # One block per chunk: without this Ray would pack a file's chunks into one block, and one
    # actor would analyse a whole file while the others wait.
    context.target_max_block_size = 1
    if quiet:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    files = ray.data.from_items(
        [{"path": i.path, "key": i.key, "size": i.size, "mtime_ns": i.mtime_ns} for i in inputs],
        override_num_blocks=max(1, len(inputs)),
    )
    # Reading is light next to parsing: zero CPUs lets the readers run beside a full actor pool,
    # and as many readers as workers is enough to keep them fed (Ray's backpressure does the rest).
    chunks = files.map_batches(
        read_input_chunks,
        fn_kwargs={"chunk_size": chunk_size},
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=0,
        compute=ray.data.TaskPoolStrategy(size=workers),
    )
    summaries = chunks.map_batches(
        RayChunkWorker,
        fn_constructor_kwargs={"output": output, "model": model, "batch_size": batch_size},
        batch_size=1,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
    for batch in summaries.iter_batches(batch_format="pyarrow", batch_size=None):
        for row in batch.to_pylist():
            yield ChunkSummary(**row)
