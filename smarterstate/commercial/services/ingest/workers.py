"""Worker processes for the import's CPU-heavy pure steps, and reading a source through them."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from smarterstate.core.liveness import die_with_parent

from ...ocds import reader
from ...ocds.release import Prepared, prepare_item, prepare_lines

LINES_PER_CHUNK = 500  # JSON lines parsed and prepared by a worker at a time
PARALLEL_AFTER_LINES = 5000  # smaller inputs are read in this process: forking costs more


class Workers:
    """Worker processes for the CPU-heavy pure steps, started on first need, shared by both phases.

    Workers are forked: "spawn" would re-run the caller's main module (any script
    without a __main__ guard). They only run pure functions (prepare_lines,
    compile_and_parse) and never touch the database connections they inherit; the
    importing process does every database read and write.
    """

    def __init__(self, count: int):
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.count,
                mp_context=multiprocessing.get_context("fork"),
                # A kill -9 of the import must not leave workers blocked on a pipe.
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def prepared_releases(source: reader.Source, pool: Workers) -> Iterator[Prepared]:
    """Every release of a source, prepared, in input order.

    JSON lines past the first PARALLEL_AFTER_LINES are parsed and prepared by the
    workers, a chunk at a time, while the importing process stores the previous batch.
    """
    if source.format != "jsonl":
        for item in reader.read(source):
            yield prepare_item(item)
        return
    in_flight: deque[Future] = deque()
    lines_read = 0
    try:
        for chunk in reader.json_line_chunks(source, LINES_PER_CHUNK):
            if isinstance(chunk, reader.Problem):
                while in_flight:
                    yield from in_flight.popleft().result()
                yield None, chunk.where, chunk.reason
                continue
            if pool.count > 1 and lines_read >= PARALLEL_AFTER_LINES:
                in_flight.append(pool.submit(prepare_lines, source.name, chunk))
                while len(in_flight) > pool.count * 2:
                    yield from in_flight.popleft().result()
            else:
                yield from prepare_lines(source.name, chunk)
            lines_read += len(chunk)
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()
