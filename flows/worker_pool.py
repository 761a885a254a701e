"""Worker processes started before the run needs them.

A process pool's worker is a fresh interpreter that imports Prefect and the pipeline: 2-3 s of both
cores before the first shard starts, every run. The command knows from the input's size, before it
starts its temporary API server (3-4 s), that the batch will run on processes; so it starts the
workers then, side by side with the server (``start_workers``), and the flow's process pool
(``PrewarmedProcessPoolTaskRunner``) adopts them instead of starting its own. Workers nobody adopts
are stopped when the command ends (``stop_waiting_workers``), and all of them when a signal stops it.

The pool is Prefect's own (``ProcessPoolTaskRunner``): the same spawn context, the same worker
initialiser forwarding logs and events to the flow's process; only when its processes start differs.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, _initialize_process_pool_worker

from tasks.memory import prepare_worker_process

_WAITING: list[tuple[int, Any, ProcessPoolExecutor]] = []  # (workers, message queue, executor)
_LOCK = threading.Lock()


def _warm_up() -> None:
    """What every worker would do before its first shard: import the tasks (Prefect, pyarrow, the
    cleaning code, the script converter's bindings)."""
    import tasks.prefect_tasks  # noqa: F401


def start_workers(count: int) -> None:
    """Start ``count`` worker processes now, for the next process pool of that size to adopt."""
    context = multiprocessing.get_context("spawn")  # as Prefect's pool: no state inherited by fork
    queue = context.Queue()
    executor = ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_initialize_process_pool_worker,
        initargs=(queue, prepare_worker_process, ()),
    )
    for _ in range(count):  # a pool starts a process for each call while none is idle
        executor.submit(_warm_up)
    with _LOCK:
        _WAITING.append((count, queue, executor))


def _take(count: int) -> tuple[Any, ProcessPoolExecutor] | None:
    with _LOCK:
        for i, (workers, queue, executor) in enumerate(_WAITING):
            if workers == count:
                del _WAITING[i]
                return queue, executor
    return None


def stop_waiting_workers() -> None:
    """Stop the workers no pool adopted (a batch that ran on threads after all)."""
    with _LOCK:
        waiting, _WAITING[:] = list(_WAITING), []
    for _, queue, executor in waiting:
        executor.shutdown(wait=True, cancel_futures=True)
        queue.close()


def waiting_workers() -> int:
    with _LOCK:
        return sum(workers for workers, _, _ in _WAITING)


class PrewarmedProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process pool, on workers started beforehand when there are as many waiting;
    otherwise exactly Prefect's own start. Either way each worker runs ``prepare_worker_process``
    first, as Prefect's pool runs a user's initializer."""

    def __init__(self, max_workers: int | None = None):
        super().__init__(max_workers=max_workers, initializer=prepare_worker_process)

    def __enter__(self):
        waiting = _take(self._max_workers)
        if waiting is None:
            return super().__enter__()
        TaskRunner.__enter__(self)
        # What ProcessPoolTaskRunner.__enter__ sets up (Prefect 3.9), with the waiting queue and pool.
        self._subprocess_message_queue, self._executor = waiting
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages, name="ProcessPoolTaskRunnerMessageForwarder", daemon=True
        )
        self._message_forwarding_thread.start()
        self._resolver_executor = ThreadPoolExecutor(max_workers=self._max_workers)
        return self
