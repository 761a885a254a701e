"""The same flow in worker processes (Prefect's process pool, or a local Dask cluster) gives the same
output as in threads."""

import shutil

import pyarrow.parquet as pq
import pytest
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows.pipeline import clean_batch, cores_used, task_runner_for
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
