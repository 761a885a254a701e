"""The same flow in worker processes (Prefect's process pool, or a local Dask cluster) gives the same
output as in threads."""

import shutil

import pyarrow.parquet as pq
import pytest
from prefect import flow, task
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows import pipeline, worker_pool
from flows.pipeline import clean_batch, cores_used, process_workers, task_groups, task_runner_for
from flows.worker_pool import PrewarmedProcessPoolTaskRunner, start_workers, stop_waiting_workers, waiting_workers
from helpers import FIXTURES, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_flow_on_local_dask_cluster_matches_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", batch / "crud.jsonl")
    local = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "local"), shard_mb=0.02)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client, distributed.get_task_stream(client) as stream:
            remote = clean_batch(
                input_dir=str(batch),
                output_dir=str(tmp_path / "dask"),
                shard_mb=0.02,
                dask_address=cluster.scheduler_address,
            )
    assert local["shards"] > 2
    # the shard and band-join tasks ran on the cluster, spread over both worker processes
    assert len(stream.data) >= local["shards"] + 4
    assert len({task["worker"] for task in stream.data}) == 2
    assert local["counts"] == remote["counts"]
    for kind in ("clean", "duplicates", "rejected"):
        a = pq.read_table(tmp_path / "local" / kind / "batch.parquet")
        b = pq.read_table(tmp_path / "dask" / kind / "batch.parquet")
        assert a.equals(b), kind


def test_a_process_per_core_gives_the_same_output_as_threads(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", batch / "crud.jsonl")
    threads = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "threads"), shard_mb=0.02, workers=1)
    processes = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "processes"), shard_mb=0.02, workers=2)
    assert threads["shards"] > 2
    assert threads["throughput"]["workers"] == 1 and processes["throughput"]["workers"] == 2
    # the workers' CPU counts (each imported Prefect and the pipeline, over a second apiece): were it
    # not measured, the processes' run would show less CPU than the threads', which did the cleaning
    cpu = {
        run: m["throughput"]["whole_run"]["cpu_seconds"] for run, m in (("threads", threads), ("processes", processes))
    }
    assert cpu["processes"] > cpu["threads"] + 1.0, cpu
    assert threads["counts"] == processes["counts"]
    for kind in ("clean", "duplicates", "rejected", "index"):
        a = pq.read_table(tmp_path / "threads" / kind / "batch.parquet")
        b = pq.read_table(tmp_path / "processes" / kind / "batch.parquet")
        assert a.equals(b), kind


def test_the_runner_is_chosen_by_cores_and_shards():
    assert isinstance(task_runner_for(None, workers=2, shards=5), ProcessPoolTaskRunner)
    assert isinstance(task_runner_for(None, workers=1, shards=5), ThreadPoolTaskRunner)
    assert isinstance(task_runner_for(None, workers=4, shards=1), ThreadPoolTaskRunner)  # nothing to share
    assert cores_used(None, 4, 3) == 3 and cores_used(None, 4, 1) == 1 and cores_used("tcp://x:8786", 4, 9) is None


def test_worker_processes_started_before_the_run_are_the_pools_and_give_the_same_output(tmp_path):
    """What the command does: it starts the workers beside its temporary server, and the flow's
    pool adopts them (flows/worker_pool.py); a pool of another size starts its own."""
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", batch / "crud.jsonl")
    threads = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "threads"), shard_mb=0.02, workers=1)
    assert process_workers(str(batch), 2, None, 0.02) == 2
    start_workers(2)
    ((_, _, executor),) = worker_pool._WAITING
    processes = list(executor._processes.values())
    assert len(processes) == 2 and all(p.is_alive() for p in processes)
    adopted = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "adopted"), shard_mb=0.02, workers=2)
    assert waiting_workers() == 0  # adopted, and stopped with the pool at the end of the shard steps
    assert not any(p.is_alive() for p in processes)
    start_workers(3)  # not the size this batch runs on: left waiting, then stopped
    other = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "other"), shard_mb=0.02, workers=2)
    assert waiting_workers() == 3
    stop_waiting_workers()
    assert waiting_workers() == 0
    for manifest in (adopted, other):
        assert manifest["counts"] == threads["counts"] and manifest["throughput"]["workers"] == 2
    for folder in ("adopted", "other"):
        for kind in ("clean", "duplicates", "rejected", "index"):
            a = pq.read_table(tmp_path / "threads" / kind / "batch.parquet")
            assert a.equals(pq.read_table(tmp_path / folder / kind / "batch.parquet")), (folder, kind)


def test_the_command_starts_workers_only_for_a_batch_that_runs_on_processes(tmp_path):
    assert process_workers(str(SEEDS), None, None, 16) == 0  # a small batch: threads
    assert process_workers(str(SEEDS), 1, None, 0.001) == 0
    assert process_workers(str(SEEDS), 4, None, 0.001) == 4
    assert process_workers(str(SEEDS), 8, None, 16) == 0  # one shard: nothing to share
    assert process_workers(str(SEEDS), 4, "local", 0.001) == 0  # a Dask cluster has its own workers
    assert process_workers("s3://bucket/batch", 4, None, 0.001) == 0
    assert process_workers(str(tmp_path / "missing"), 4, None, 0.001) == 0


def test_shards_go_to_tasks_in_order_two_a_task_then_one_a_task_for_the_last_rounds():
    for n in range(12):
        for workers in (None, 1, 2, 4):
            groups = task_groups(list(range(n)), workers)
            assert [shard for group in groups for shard in group] == list(range(n))  # each once, in order
            assert all(1 <= len(group) <= 2 for group in groups)
    groups = task_groups(list(range(40)), 2)
    assert len(groups) == 22 and [len(g) for g in groups[-4:]] == [1, 1, 1, 1] and len(groups[0]) == 2
    assert task_groups(list(range(5)), None) == [[0], [1], [2], [3], [4]]  # a remote cluster: one a task


def test_a_signal_stop_ends_the_worker_processes_whether_adopted_or_waiting():
    """The command's signal stop exits at once (os._exit): worker processes it did not end kept running
    after it, blocked for ever on their pool's queue (seen with SIGTERM on a 200k-document run)."""
    start_workers(2)
    ((_, _, executor),) = worker_pool._WAITING
    processes = list(executor._processes.values())
    assert len(processes) == 2 and all(p.is_alive() for p in processes)
    pids = [p.pid for p in processes]
    pipeline._stop_worker_processes()
    assert not any(_running(pid) for pid in pids)
    stop_waiting_workers()
    assert waiting_workers() == 0


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"  # a zombie has exited
    except OSError:
        return False


_UNUSED_IN_WORKERS = ("pandas", "prefect_dask", "distributed")


@task
def _unused_modules_loaded() -> list[str]:
    import sys

    import pyarrow as pa

    pa.table({"text": ["新闻"]})  # a list conversion, which made pyarrow import pandas
    return [name for name in _UNUSED_IN_WORKERS if name in sys.modules]


@flow(task_runner=PrewarmedProcessPoolTaskRunner(max_workers=2))
def _probe_workers() -> list[list[str]]:
    return [future.result() for future in [_unused_modules_loaded.submit() for _ in range(2)]]


@pytest.mark.parametrize("prewarmed", [True, False])
def test_worker_processes_import_neither_pandas_nor_prefect_dask(prewarmed):
    """Each cost every worker memory (32 and 16 MiB) that no task uses (tasks/memory.py): Prefect
    imports every installed collection when a worker reads the run's context, pyarrow pandas at its
    first list conversion."""
    if prewarmed:
        start_workers(2)
    assert _probe_workers() == [[], []]
    assert waiting_workers() == 0
