"""Work shared across CPU cores: a parallel map over forked worker processes.

Rendering a page and converting Markdown are pure functions of inputs the parent already
holds (the resolved site, the theme), so workers are forked with that state instead of
receiving it pickled; only the small work items and their results cross processes.
Where fork is unavailable, or the work is too small to pay for the processes, the map
runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS_PER_WORKER = 64

# The state of the worker processes; set in the parent just before forking them.
_worker_state: object = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parallel_map(
    function: Callable[[State, list[Item]], list[Result]],
    state: State,
    items: Sequence[Item],
    workers: int | None = None,
    min_items_per_worker: int = MIN_ITEMS_PER_WORKER,
) -> list[Result]:
    """`function(state, chunk)` over chunks of `items`, results in the order of `items`.

    Each worker gets `min_items_per_worker` items or more: light items (pages) are not spread
    thinner than a process is worth, heavy ones (photos) may have a worker each.
    """
    workers = min(workers or available_cores(), len(items) // min_items_per_worker)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return function(state, list(items))
    chunks = _chunks(items, workers * 4)
    global _worker_state
    _worker_state = state
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(_run_chunk, [function] * len(chunks), chunks)
            return [result for chunk_results in results for result in chunk_results]
    finally:
        _worker_state = None


def _run_chunk(function: Callable[[object, list[Item]], list[Result]], chunk: list[Item]) -> list[Result]:
    return function(_worker_state, chunk)


def _chunks(items: Sequence[Item], count: int) -> list[list[Item]]:
    size = -(-len(items) // count)
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
