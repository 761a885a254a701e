"""A Dask cluster of two worker processes that share no folder with the flow, on the S3 server:
the output equals a single-process run's.

Each worker is its own process (``dask worker``), with its own temporary folder and cache. Where
the machine allows it (root, mount namespaces), each worker also runs in a mount namespace of its
own in which the flow's folders (its cache: the batch's local copy, the output mirror, the shard
work) and the test's own folders are covered by empty tmpfs mounts: a task that reached for a flow
path would fail, not quietly read the flow's disk."""

import os
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch
from helpers import FIXTURES, SEEDS
from tasks.io import remote

pytestmark = [pytest.mark.usefixtures("prefect_server"), pytest.mark.slow]


def _can_hide_folders(folder) -> bool:
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", f"mount -t tmpfs tmpfs {folder}"],
        capture_output=True,
    )
    return probe.returncode == 0


def _start_worker(address: str, home, hidden: list, isolate: bool) -> subprocess.Popen:
    home.mkdir()
    env = {**os.environ, "TMPDIR": str(home), "CNNEWS_CACHE": str(home / "cache")}
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    worker += ["--no-dashboard", "--local-directory", str(home / "dask")]
    if isolate:
        mounts = " && ".join(f"mount -t tmpfs tmpfs {folder}" for folder in hidden)
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", f'{mounts} && exec "$@"', "sh"]
        worker = command + worker
    return subprocess.Popen(worker, env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_two_workers_that_share_no_disk_give_the_single_process_output(s3_bucket, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", batch / "crud.jsonl")
    single = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "single"), shard_mb=0.02, workers=1)
    assert single["shards"] > 2

    filesystem, root = remote.open_store(f"s3://{s3_bucket}/inbox/batch")
    for path in sorted(batch.iterdir()):
        with open(path, "rb") as src, filesystem.open_output_stream(f"{root}/{path.name}") as dst:
            dst.write(src.read())
    flow_cache = tmp_path / "flow-cache"
    flow_cache.mkdir()
    monkeypatch.setenv("CNNEWS_CACHE", str(flow_cache))
    hidden = [flow_cache, batch, tmp_path / "single"]
    isolate = _can_hide_folders(flow_cache)

    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None) as cluster:
        workers = [_start_worker(cluster.scheduler_address, tmp_path / f"w{i}", hidden, isolate) for i in (1, 2)]
        try:
            with distributed.Client(cluster) as client:
                client.wait_for_workers(2, timeout=180)
                with distributed.get_task_stream(client) as stream:
                    store = clean_batch(
                        input_dir=f"s3://{s3_bucket}/inbox/batch",
                        output_dir=f"s3://{s3_bucket}/out",
                        shard_mb=0.02,
                        dask_address=cluster.scheduler_address,
                    )
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=60)

    # every shard was cleaned and finished on the workers, both of them at work
    assert len(stream.data) >= 2 * single["shards"]
    assert len({task["worker"] for task in stream.data}) == 2
    assert store["counts"] == single["counts"]
    for kind in ("clean", "duplicates", "rejected", "index"):
        a = pq.read_table(tmp_path / "single" / kind / "batch.parquet")
        b = pq.read_table(f"{root.rsplit('/', 2)[0]}/out/{kind}/batch.parquet", filesystem=filesystem)
        assert a.equals(b), kind
    # after the publish the store's shard work keeps only the cleaned shards (a re-run's cache)
    names = {p.rsplit("/", 1)[-1] for p in _listing(filesystem, f"{s3_bucket}/out/.work/batch")}
    assert names and all(name.startswith("shard-") for name in names)


def _listing(filesystem, prefix):
    import pyarrow.fs as pafs

    infos = filesystem.get_file_info(pafs.FileSelector(prefix, recursive=True))
    return [i.path for i in infos if i.type == pafs.FileType.File]
