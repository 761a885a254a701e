"""Thin Prefect wrappers around the batch stages in tasks/stages/.

Retries are for transient I/O only (a flaky network mount; never a full disk or a missing path,
which a retry cannot mend): bad data never raises out
of a stage, it becomes rejected rows, so retrying could not help. Prefect's own input-hash cache is
off (NO_CACHE): the stages receive paths, whose contents a hash of the path would not see; shard
results are reused by ``process_shard`` itself, keyed on input size/mtime and parameters.
"""

from __future__ import annotations

import errno

import numpy as np
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.config import BatchConfig
from tasks.io.ingest import FilePart
from tasks.memory import release_memory, skip_unused_prefect_collections, use_system_allocator
from tasks.stages import duplicates, line_stats, shards, store_work
from tasks.stages import publish as publishing
from tasks.stages.duplicates import DedupInputs

# I/O errors a retry cannot mend: a full disk or quota, a read-only or missing path, no permission.
_PERMANENT = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EACCES,
    errno.EPERM,
}


def is_transient(exc: BaseException) -> bool:
    """An error worth retrying: an I/O error other than the permanent ones (a flaky mount, a
    connection reset)."""
    return isinstance(exc, OSError) and exc.errno not in _PERMANENT


def _transient(task_, task_run, state) -> bool:
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


use_system_allocator()  # in the flow's process and in every worker that runs these tasks
skip_unused_prefect_collections()  # a worker imports this module before Prefect reads the run's context

IO_RETRIES = {"retries": 2, "retry_delay_seconds": [2, 10], "retry_condition_fn": _transient, "cache_policy": NO_CACHE}


@task(name="process-shards", **IO_RETRIES)
def process_shards(
    input_dir: str, plans: list[list[dict]], batch_id: str, config: BatchConfig, output_dir: str
) -> list[str]:
    """One or a few shards a task (``flows.pipeline.task_groups``), one after the other."""
    cleaned = []
    for parts in plans:
        try:
            cleaned.append(
                shards.process_shard(input_dir, [FilePart(**p) for p in parts], batch_id, config, output_dir)
            )
        finally:
            release_memory()
    return cleaned


@task(name="process-shard-in-store", **IO_RETRIES)
def process_shard_in_store(input_uri: str, parts: list[dict], batch_id: str, config: BatchConfig, work_uri: str) -> str:
    try:
        return store_work.process_shard_in_store(input_uri, [FilePart(**p) for p in parts], batch_id, config, work_uri)
    finally:
        release_memory()


@task(name="finalize-shard-in-store", **IO_RETRIES)
def finalize_shard_in_store(shard_uri: str, frequent_uri: str, batch_id: str, config: BatchConfig) -> str:
    try:
        return store_work.finalize_shard_in_store(shard_uri, frequent_uri, batch_id, config)
    finally:
        release_memory()


@task(name="line-statistics", **IO_RETRIES)
def line_statistics(shard_paths: list[str], output_dir: str, batch_id: str, batch_seq: int, config: BatchConfig) -> str:
    return line_stats.line_statistics(shard_paths, output_dir, batch_id, batch_seq, config)


@task(name="finalize-shards", **IO_RETRIES)
def finalize_shards(shard_paths: list[str], frequent_path: str, batch_id: str, config: BatchConfig) -> list[str]:
    """One or a few shards a task (``flows.pipeline.task_groups``), one after the other."""
    finished = []
    for shard_path in shard_paths:
        try:
            finished.append(shards.finalize_shard(shard_path, frequent_path, batch_id, config))
        finally:
            release_memory()
    return finished


@task(name="prepare-dedup", **IO_RETRIES)
def prepare_dedup(
    shard_paths: list[str], output_dir: str, batch_id: str, batch_seq: int, config: BatchConfig
) -> DedupInputs:
    return duplicates.prepare_dedup(shard_paths, output_dir, batch_id, batch_seq, config)


@task(name="band-pairs", **IO_RETRIES)
def band_pairs(inputs: DedupInputs, band_lo: int, band_hi: int) -> np.ndarray:
    try:
        return duplicates.band_pairs(inputs, band_lo, band_hi)
    finally:
        release_memory()


@task(name="decide-duplicates", **IO_RETRIES)
def decide(inputs: DedupInputs, pairs: list[np.ndarray], config: BatchConfig) -> str:
    return duplicates.decide(inputs, pairs, config)


@task(name="publish-batch", **IO_RETRIES)
def publish(shard_paths, decisions_path, inputs, output_dir, batch_id, batch_seq, config, run_info) -> dict:
    return publishing.publish(shard_paths, decisions_path, inputs, output_dir, batch_id, batch_seq, config, run_info)
