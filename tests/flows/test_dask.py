"""The same flow on a local Dask cluster with 2 worker processes gives the same output."""

import shutil

import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch
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
