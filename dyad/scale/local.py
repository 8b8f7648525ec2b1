"""The local engine: a pool of worker processes on this machine, each holding its own `Analyzer`.

The driver reads the inputs chunk by chunk and keeps at most two chunks per worker in flight,
so memory stays bounded whatever the input size. Workers are started with ``spawn``: each
loads the pipeline itself, and nothing of the driver's state is inherited.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from dyad.scale.inputs import Chunk, InputFile, read_chunks
from dyad.scale.worker import ChunkSummary, ChunkWorker

#: This process's worker, once the pool has started it.
_worker: ChunkWorker | None = None


def _start_worker(output: str, model: str, batch_size: int) -> None:
    global _worker
    _worker = ChunkWorker(output, model, batch_size)


def _process(chunk: Chunk) -> ChunkSummary:
    assert _worker is not None, "the pool initialiser did not run"
    return _worker.process(chunk)


def run_local(
    inputs: list[InputFile], output: str, *, model: str, workers: int, chunk_size: int, batch_size: int
) -> Iterator[ChunkSummary]:
    """Analyse ``inputs`` on ``workers`` processes; yield each chunk's summary as it finishes."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(output, model, batch_size),
    )
    in_flight: set[Future[ChunkSummary]] = set()
    try:
        for item in inputs:
            for chunk in read_chunks(item, chunk_size):
                in_flight.add(pool.submit(_process, chunk))
                if len(in_flight) >= 2 * workers:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
