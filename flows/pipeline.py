"""The main flow: one batch folder in, clean / duplicates / rejected Parquet out.

    python -m flows.pipeline --input seeds --output output

Runs with Prefect's ephemeral local API (no server needed). ``--dask-address tcp://host:8786``
runs the shard and band-join tasks on that Dask cluster through prefect-dask; ``--dask-address
local`` starts a temporary local cluster with one worker process per core.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.exceptions import TerminationSignal
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner

from flows.temporary_api import stop_all, temporary_api
from flows.worker_pool import PrewarmedProcessPoolTaskRunner, start_workers, stop_waiting_workers
from tasks import prefect_tasks as steps
from tasks.config import (
    DEFAULTS,
    EPHEMERAL_STARTUP_S,
    LOCK_TIMEOUT_S,
    PROCESS_MIN_MB,
    SHARD_MB,
    WORK_CACHE_MB,
    BatchConfig,
    add_config_arguments,
    config_from_arguments,
    validate_batch_id,
)
from tasks.io import remote
from tasks.io.inbox import listing_fingerprint
from tasks.io.ingest import FilePart, plan_shards
from tasks.io.storage import (
    atomic_path,
    batch_sequence,
    output_lock,
    published_scripts,
    read_json,
    remove_stale_temp_files,
)
from tasks.memory import keep_pandas_unloaded, limit_malloc_arenas
from tasks.stages import store_work
from tasks.stages.cache import input_fingerprint, work_dir
from tasks.stages.publish import prune_work, run_cpu_seconds

BAND_GROUPS = 4


def task_groups(items: list, workers: int | None, size: int = 2) -> list[list]:
    """Shards to tasks: ``size`` a task, then one a task for the last two rounds of the workers.

    Prefect's own cost for a task in a worker process is about 0.1 s of CPU (its settings, an API
    client, the calls), a tenth of cleaning a shard and a fifth of finishing one, so fewer, larger
    tasks save it; tasks of one shard at the end keep the workers finishing together (the pool takes
    tasks in order). On 200k documents, 40 finishing tasks of one shard took 12.2 s, 20 of two 10.2."""
    if not workers:  # a remote cluster of unknown size: every shard a task of its own
        return [[item] for item in items]
    tail = min(len(items), 2 * workers)
    head = len(items) - tail
    return [items[i : min(i + size, head)] for i in range(0, head, size)] + [[item] for item in items[head:]]


def available_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_share_this_api() -> contextlib.AbstractContextManager:
    """Worker processes start with this process's Prefect settings. With the temporary local API
    those name no API URL, so each worker would start a temporary server of its own: 4 s of CPU
    each, on the cores the shards need (measured: a 60k-document batch cleaned at 1.1 times the
    speed of one process, with two). Inside this block they use this process's server."""
    if PREFECT_API_URL.value():
        return contextlib.nullcontext()
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the one this process started, if it did
    if not server.running:
        return contextlib.nullcontext()
    return temporary_settings(updates={PREFECT_API_URL: server.api_url})


def task_runner_for(dask_address: str | None, workers: int = 1, shards: int = 1):
    """Dask when given an address; else a process per core for a batch of several shards (cleaning
    is pure Python and holds the GIL, so threads use one core); else threads (no process start-up
    for a small batch). The result is the same whichever runs it."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        if dask_address == "local":
            return DaskTaskRunner(cluster_kwargs={"processes": True, "threads_per_worker": 1})
        return DaskTaskRunner(address=dask_address)
    if workers > 1 and shards > 1:
        return PrewarmedProcessPoolTaskRunner(max_workers=min(workers, shards))
    return ThreadPoolTaskRunner(max_workers=2)


@flow(name="clean-batch-parallel-steps")
def parallel_steps(
    input_dir: str,
    output_dir: str,
    batch_id: str,
    batch_seq: int,
    config: BatchConfig,
    plan: str,
    input_uri: str | None = None,
    work_uri: str | None = None,
    workers: int | None = None,
    join_bands_here: bool = True,
):
    """The parallel part: the shards, and with ``join_bands_here`` the dedup arrays and the band
    join (else the caller does them, after this flow's runner has stopped). Its task runner is
    chosen by the caller, ``workers`` is how many it runs at once (None: not known, a remote
    cluster's). ``plan``: the
    path of the shard plan, not the plan: a subflow's parameters go through the Prefect API, which
    refuses more than 512 KiB (about 9,700 files' worth of plan). ``work_uri``: the shard tasks
    exchange files through the store there (workers that share no disk with the flow; the input is
    read from ``input_uri``)."""
    logger = get_run_logger()
    shards = read_json(plan)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    progress = create_progress_artifact(0.0, description=f"shards of batch {batch_id}")
    local_work = work_dir(output_dir, batch_id)
    if work_uri:
        store_work.put_spill([FilePart(**p) for parts in shards for p in parts], work_uri)
        futures = [
            steps.process_shard_in_store.submit(input_uri, parts, batch_id, config, work_uri) for parts in shards
        ]
    else:
        futures = [
            steps.process_shards.submit(input_dir, group, batch_id, config, output_dir)
            for group in task_groups(shards, workers)
        ]
    done = 0
    for future in as_completed(futures):
        result = future.result()
        done += len(result) if isinstance(result, list) else 1
        update_progress_artifact(progress, 100.0 * done / max(1, len(shards)))
        if sys.stderr.isatty():
            print(f"\rshards {done}/{len(shards)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    results = [f.result() for f in futures]
    shard_paths = [path for r in results for path in (r if isinstance(r, list) else [r])]

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now

    lap("read_and_clean")
    if work_uri:
        local_shards = store_work.fetch_results(shard_paths, local_work, (".lines.parquet",))
        frequent = steps.line_statistics(local_shards, output_dir, batch_id, batch_seq, config)
        frequent_uri = remote.put_file(frequent, remote.join(work_uri, Path(frequent).name))
        lap("line_statistics")
        finals = [steps.finalize_shard_in_store.submit(p, frequent_uri, batch_id, config) for p in shard_paths]
        final_paths = store_work.fetch_results(
            [f.result() for f in finals], local_work, (".parquet", ".rejected.parquet")
        )
    else:
        # On a worker, which has Arrow's compute and Parquet code loaded already: in this process
        # they would stay resident (45 MiB) while the workers sign, the run's peak.
        frequent = steps.line_statistics.submit(shard_paths, output_dir, batch_id, batch_seq, config).result()
        lap("line_statistics")
        groups = task_groups(shard_paths, workers)
        finals = [steps.finalize_shards.submit(group, frequent, batch_id, config) for group in groups]
        final_paths = [path for f in finals for path in f.result()]
    lap("frequent_lines_and_sign")
    logger.info("batch %s: %d shards cleaned and signed", batch_id, len(shards))
    inputs = pairs = None
    if join_bands_here:
        inputs = steps.prepare_dedup(final_paths, output_dir, batch_id, batch_seq, config)
        lap("prepare_dedup")
        pairs = join_bands(inputs, local=bool(work_uri))
        lap("band_join")
    return shard_paths, final_paths, inputs, pairs, seconds


def join_bands(inputs, local: bool = False, at_once: int | None = None) -> list:
    """Candidate pairs, a group of bands a task, on the current task runner (``local``: in this
    process, the arrays being on its disk). ``at_once``: how many groups run together."""
    step = -(-inputs.bands // BAND_GROUPS)
    ranges = [(lo, min(lo + step, inputs.bands)) for lo in range(0, inputs.bands, step)]
    if local:
        return [steps.band_pairs(inputs, lo, hi) for lo, hi in ranges]
    at_once = at_once or len(ranges)
    pairs = []
    for i in range(0, len(ranges), at_once):
        pairs += [f.result() for f in [steps.band_pairs.submit(inputs, lo, hi) for lo, hi in ranges[i : i + at_once]]]
    return pairs


@flow(name="clean-batch")
def clean_batch(
    input_dir: str = "seeds",
    output_dir: str = "output",
    target_script: str = DEFAULTS.target_script,
    threshold: float = DEFAULTS.threshold,
    batch_id: str | None = None,
    dask_address: str | None = None,
    shard_mb: float = SHARD_MB,
    num_perm: int = DEFAULTS.num_perm,
    shingle_size: int = DEFAULTS.shingle_size,
    seed: int = DEFAULTS.seed,
    min_clean_chars: int = DEFAULTS.min_clean_chars,
    frequent_line_min_docs: int = DEFAULTS.frequent_line_min_docs,
    measure: str = DEFAULTS.measure,
    lock_timeout: float = LOCK_TIMEOUT_S,
    replace_script: bool = False,
    work_cache_mb: float = WORK_CACHE_MB,
    workers: int | None = None,
) -> dict:
    """Clean, deduplicate and publish one batch folder; safe to re-run (same output, no self-duplicates).

    The parameters between ``target_script`` and ``measure`` are ``tasks.config.BatchConfig``'s.
    ``replace_script``: this run is part of a reprocess of every batch into a new script, so other
    batches may still be in the old one; otherwise a run in another script than the output's is refused.
    ``work_cache_mb``: what ``OUTPUT/.work`` may keep after the run (cleaned shards of the latest
    batches, for cheap re-runs). ``workers``: processes for the shard stages without a Dask
    cluster; 1 runs them in threads. Default: every core this process may use for a batch of
    ``PROCESS_MIN_MB`` or more, else threads."""
    logger = get_run_logger()
    limit_malloc_arenas()  # before the worker processes or a local cluster start (a deployment's run)
    started = time.time()
    cpu_started = run_cpu_seconds() if dask_address in (None, "local") else None  # a remote cluster's is not ours
    config = BatchConfig(
        target_script=target_script,
        threshold=threshold,
        num_perm=num_perm,
        seed=seed,
        shingle_size=shingle_size,
        min_clean_chars=min_clean_chars,
        frequent_line_min_docs=frequent_line_min_docs,
        measure=measure,
    )
    batch_id = validate_batch_id(batch_id or default_batch_id(input_dir))
    input_location, output_location = input_dir, output_dir
    if remote.is_remote(input_dir):
        input_dir = str(remote.fetch_input(input_dir))
        logger.info("batch %s copied from %s", batch_id, input_location)
    output_dir = str(remote.local_copy("outputs", output_dir) if remote.is_remote(output_dir) else Path(output_dir))
    input_dir = str(Path(input_dir))
    waiting = f"waiting for another run to finish with {output_dir} (up to {lock_timeout:.0f} s)"
    with output_lock(output_dir, lock_timeout, on_wait=lambda: logger.warning(waiting)):
        if remove_stale_temp_files(output_dir):
            logger.warning("removed temporary files left by an interrupted run")
        if remote.is_remote(output_location):
            pulled = remote.pull_state(output_location, output_dir)
            logger.info("output state from %s: %s", output_location, pulled)
        others = {b: t for b, t in published_scripts(output_dir, batch_id).items() if t != target_script}
        if others and not replace_script:
            raise ValueError(
                f"{output_dir} holds batches published in another script ({others}); this run targets "
                f"{target_script!r}. One output is one script: use another output folder, or reprocess every "
                f"batch with target_script={target_script!r}"
            )
        seq = batch_sequence(output_dir, batch_id)
        clock = time.perf_counter()
        spill = work_dir(output_dir, batch_id) / "spill"  # large .jsonl.gz and Parquet files, cut
        shards = plan_shards(input_dir, int(shard_mb * 1024 * 1024), spill)
        all_parts = [p for parts in shards for p in parts]
        run_info = {
            "input_dir": input_location if remote.is_remote(input_location) else str(Path(input_dir).resolve()),
            "input_fingerprint": input_fingerprint(input_dir, all_parts),
            "input_listing": listing_fingerprint(input_dir),
            "flow_run_id": str(flow_run.get_id() or ""),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "shards": len(shards),
        }
        plan = work_dir(output_dir, batch_id) / "plan.json"
        plan.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(plan) as tmp:  # compact: a million files' plan is read once
            tmp.write_text(json.dumps([[p.as_dict() for p in parts] for parts in shards], ensure_ascii=False))
        stage_seconds = {"plan": time.perf_counter() - clock}
        input_bytes = _input_bytes(input_dir, all_parts)
        if workers is None:
            workers = available_cores() if input_bytes >= PROCESS_MIN_MB * 1e6 else 1
        workers = max(1, workers)
        runner = task_runner_for(dask_address, workers, len(shards))
        # workers that may share no disk with this machine exchange files through the store
        work_uri = None
        if dask_address and dask_address != "local" and remote.is_remote(output_location):
            if remote.is_remote(input_location):
                work_uri = remote.join(output_location, ".work", batch_id)
            else:
                logger.warning("a local input with a Dask cluster: every worker must see %s", input_dir)
        with workers_share_this_api():
            shard_paths, final_paths, inputs, pairs, seconds = parallel_steps.with_options(task_runner=runner)(
                input_dir,
                output_dir,
                batch_id,
                seq,
                config,
                str(plan),
                input_location,
                work_uri,
                cores_used(dask_address, workers, len(shards)),
                join_bands_here=bool(dask_address),
            )
        clock = time.perf_counter()
        if pairs is None:
            # Without a cluster, the dedup arrays and the band join are made here, the join on
            # threads (NumPy's sorts release the GIL), once the worker processes have gone: while
            # they still held their memory, these were the run's peak (200k documents: 1,300 MiB
            # for all processes together).
            inputs = steps.prepare_dedup(final_paths, output_dir, batch_id, seq, config)
            seconds["prepare_dedup"] = time.perf_counter() - clock
            clock = time.perf_counter()
            pairs = join_bands(inputs, at_once=workers)
            seconds["band_join"] = time.perf_counter() - clock
            clock = time.perf_counter()
        logger.info("batch %s: %d new and %d indexed documents", batch_id, inputs.n_new, inputs.n_indexed)
        decisions = steps.decide(inputs, pairs, config)
        stage_seconds |= {**seconds, "decide": time.perf_counter() - clock}
        run_info["timing"] = {
            "stage_seconds": stage_seconds,
            "input_bytes": input_bytes,
            "workers": cores_used(dask_address, workers, len(shards)),
            "started": started,
            "cpu_started": cpu_started,
            "shards_reused": sum(_modified(p) < started for p in shard_paths),
        }
        manifest = steps.publish(final_paths, decisions, inputs, output_dir, batch_id, seq, config, run_info)
        if remote.is_remote(output_location):
            uploaded = remote.push_batch(output_dir, output_location, batch_id)
            logger.info("batch %s published to %s (%d files)", batch_id, output_location, len(uploaded))
        if work_uri:
            gone = store_work.prune_store_work(
                remote.join(output_location, ".work"), batch_id, int(work_cache_mb * 1024 * 1024)
            )
            if gone:
                logger.info("the store's work cache over %.0f MiB: removed the shards of %s", work_cache_mb, gone)
        pruned = prune_work(output_dir, batch_id, set(shard_paths), int(work_cache_mb * 1024 * 1024))
        if pruned["batches"]:
            logger.info("work cache over %.0f MiB: removed the cached shards of %s", work_cache_mb, pruned["batches"])
    if remote.is_remote(input_location):
        # published: the local copy of a remote batch goes (a re-run fetches it again, with the
        # store's times, so its cleaned shards still match); a failed run keeps it to resume from
        remote.forget_input(input_location)
    report(manifest)
    c = manifest["counts"]
    logger.info(
        "batch %s: %d in = %d clean + %d duplicates + %d rejected",
        batch_id,
        c["input"],
        c["clean"],
        c["duplicates"],
        c["rejected"],
    )
    return manifest


def _modified(path_or_uri: str) -> float:
    """A shard's modification time in seconds (a re-run that reuses it finds it older than the run)."""
    if remote.is_remote(path_or_uri):
        return (remote.modified_ns(path_or_uri) or 0) / 1e9
    return Path(path_or_uri).stat().st_mtime


def default_batch_id(input_location: str) -> str:
    """The input folder's name, or the last part of a remote batch's URI."""
    return remote.uri_name(input_location) if remote.is_remote(input_location) else Path(input_location).resolve().name


def _input_bytes(input_dir: str, parts) -> int:
    """The batch's size as stored (a compressed file counts compressed)."""
    files = {p.path for p in parts if not p.problem}
    return sum((Path(input_dir) / f).stat().st_size for f in files if (Path(input_dir) / f).is_file())


def cores_used(dask_address: str | None, workers: int, shards: int) -> int | None:
    """How many cores ``task_runner_for`` puts to work: the per-core figures divide by it. None for
    a remote Dask cluster, whose size this run does not choose."""
    if dask_address:
        return available_cores() if dask_address == "local" else None
    return min(workers, shards) if workers > 1 and shards > 1 else 1  # threads share one interpreter


def report(manifest: dict) -> None:
    """Run report as Prefect artifacts: counts, rejection reasons, rules that fired, largest clusters."""
    c = manifest["counts"]
    key = "batch-" + re.sub(r"[^a-z0-9-]", "-", manifest["batch_id"].lower())  # Prefect's key alphabet
    create_table_artifact(
        key=key[:60] + "-counts",
        table=[{"what": k, "documents": v} for k, v in c.items()]
        + [{"what": f"rejected: {r}", "documents": n} for r, n in manifest["rejected_by_reason"].items()],
        description=f"Batch {manifest['batch_id']}: input = clean + duplicates + rejected",
    )
    top_rules = list(manifest["fixes"].items())[:15]
    lines = [
        f"# Batch `{manifest['batch_id']}`",
        f"**{c['input']}** in = **{c['clean']}** clean + **{c['duplicates']}** duplicates"
        f" + **{c['rejected']}** rejected",
        "",
        "| rule or fix | documents |",
        "|---|---|",
        *[f"| `{r}` | {n} |" for r, n in top_rules],
        "",
        "| largest duplicate clusters (kept document) | duplicates |",
        "|---|---|",
        *[f"| `{x['cluster_id']}` | {x['duplicates']} |" for x in manifest["largest_clusters"]],
    ]
    create_markdown_artifact(key=key[:60] + "-report", markdown="\n".join(lines), description="clean-batch run report")


def check_arguments(args: argparse.Namespace) -> str | None:
    """The first thing wrong with the command line, found before Prefect starts anything."""
    try:
        BatchConfig(**config_from_arguments(args))
        validate_batch_id(args.batch_id or default_batch_id(args.input))
    except ValueError as exc:
        return str(exc)
    if not remote.is_remote(args.input) and not Path(args.input).is_dir():
        return f"input folder not found: {args.input}"
    if not remote.is_remote(args.output) and Path(args.output).exists() and not Path(args.output).is_dir():
        return f"output is a file, not a folder: {args.output}"
    if not args.shard_mb > 0:
        return f"--shard-mb must be positive, got {args.shard_mb}"
    if args.workers is not None and args.workers < 1:
        return f"--workers must be 1 or more, got {args.workers}"
    if not args.work_cache_mb >= 0:
        return f"--work-cache-mb must be 0 or more, got {args.work_cache_mb}"
    return None


def make_prefect_home() -> str | None:
    """A fresh PREFECT_HOME (a new container, a deployment's path) whose parent does not exist yet:
    the temporary API server cannot open its database there, so the folder is made first."""
    home = os.environ.get("PREFECT_HOME")
    if not home:
        return None
    try:
        Path(home).expanduser().mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create PREFECT_HOME {home}: {exc.strerror}"
    return None


def _temporary_server_settings():
    """Settings for a CLI run, which without a configured API runs on Prefect's temporary server.

    - The server's start-up: Prefect gives up after 20 s by default, which a loaded machine (CI
      beside other jobs) overruns; wait EPHEMERAL_STARTUP_S unless the user set
      PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.
    - No flow-run heartbeats on the temporary server, unless the user set
      PREFECT_FLOWS_HEARTBEAT_FREQUENCY: nothing can watch them on a server that lives as long as
      the run, and each flow run's heartbeat thread is joined at its end, up to a second (1.2 s of
      a 5-document run's 9.6 s). A run on a configured API keeps them.
    """
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    updates = {}
    if "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" not in os.environ:
        updates[PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS] = EPHEMERAL_STARTUP_S
    if not PREFECT_API_URL.value() and "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" not in os.environ:
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    return temporary_settings(updates=updates)


@contextlib.contextmanager
def cli_prefect(workers: int = 0):
    """Prefect as the command runs a batch: its settings, and its own temporary server unless
    PREFECT_API_URL names one. ``workers``: worker processes the batch will run on
    (``process_workers``), started first, so they start beside the server rather than after it.
    The benchmarks run the flow inside it too, so they measure what the command does."""
    if workers:
        start_workers(workers)
    try:
        with _temporary_server_settings(), temporary_api():
            yield
    finally:
        stop_waiting_workers()


def process_workers(input_location: str, workers: int | None, dask_address: str | None, shard_mb: float) -> int:
    """How many worker processes ``clean_batch`` will run this batch on: 0 for threads, for a Dask
    cluster, or for an input in an object store (its size is known once it is fetched). The size is
    what the folder's files add up to; should the plan disagree, the flow starts its own pool."""
    if dask_address or remote.is_remote(input_location):
        return 0
    try:
        size = sum(p.stat().st_size for p in Path(input_location).rglob("*") if p.is_file())
    except OSError:
        return 0
    if workers is None:
        workers = available_cores() if size >= PROCESS_MIN_MB * 1e6 else 1
    shards = max(1, math.ceil(size / (shard_mb * (1 << 20))))
    return cores_used(None, workers, shards) if workers > 1 and shards > 1 else 0


_STOPPED_BY: list[int] = []  # the signal the run is being stopped by, once one came
_STOPPING = threading.Lock()
_WATCHING_SIGNALS: list[bool] = []  # _exit_promptly_on_signals is in charge (no configured API)


def _stop_on_signal(signum: int) -> None:
    """Stop the run at once: stop the temporary API server, say so, exit 128 + signum. Called by
    the signal watcher, or by the main thread when Prefect's handler raised there first; the
    second caller waits for the first to end the process."""
    if not _STOPPING.acquire(blocking=False):
        threading.Event().wait()
    _STOPPED_BY.append(signum)
    name = signal.Signals(signum).name
    print(
        f"error: stopped by {name}; what was published is whole, and a re-run resumes from the cleaned "
        "shards in the output's .work folder",
        file=sys.stderr,
        flush=True,
    )
    try:
        _stop_worker_processes()
        stop_all()  # the CLI's own temporary server
        if "prefect.server.api.server" in sys.modules:  # one Prefect started itself
            from prefect.server.api.server import SubprocessASGIServer

            for server in list(SubprocessASGIServer._instances.values()):
                server.stop()
    except Exception:  # noqa: BLE001 - exiting anyway
        pass
    os._exit(128 + signum)


def _stop_worker_processes() -> None:
    """The process pool's workers, adopted or still waiting: ending this process without stopping
    them left them running on after the command had exited."""
    workers = multiprocessing.active_children()
    for process in workers:
        process.terminate()
    deadline = time.monotonic() + 5
    for process in workers:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in workers:
        if process.is_alive():  # busy in a task that turned SIGTERM into an exception it caught
            process.kill()  # its files are written to temporary names: a re-run removes them
            process.join(timeout=2)


def _exit_promptly_on_signals() -> None:
    """A CLI run with a temporary API server stops within seconds on SIGTERM or SIGINT.

    Prefect turns SIGTERM into a crash it reports to the API. When the signal reached the whole
    process group, the temporary server is gone and the report is retried for 2.5 minutes; when
    it reached this process only, the run did not stop at all. The run's own state lives in that
    server, which goes with the run, and the output is crash-safe (atomic files, resumable
    shards), so the report is worth nothing here. Every Python signal handler, Prefect's
    included, writes the signal number to the wakeup fd; a thread reading it stops the run.
    With PREFECT_API_URL set (a real server) Prefect's own handling stays in charge."""
    if os.environ.get("PREFECT_API_URL"):
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    # SIGTERM's default action kills the process before Python sees it, leaving the server behind;
    # a Python-level handler makes it reach the wakeup fd (the thread below does the stopping).
    signal.signal(signal.SIGTERM, lambda signum, frame: None)

    def watch() -> None:
        while True:
            for signum in os.read(read_end, 64):
                if signum in (signal.SIGTERM, signal.SIGINT):
                    _stop_on_signal(signum)

    threading.Thread(target=watch, name="stop-on-signal", daemon=True).start()
    _WATCHING_SIGNALS.append(True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", default="seeds", help="batch folder or s3://bucket/prefix (default: seeds)")
    parser.add_argument("--output", default="output", help="output folder or s3://bucket/prefix (default: output)")
    parser.add_argument("--batch-id", default=None, help="default: the input folder's name")
    parser.add_argument("--dask-address", default=None, help="tcp://scheduler:8786, or 'local'")
    parser.add_argument(
        "--shard-mb", type=float, default=SHARD_MB, help=f"target shard size in MiB (default {SHARD_MB})"
    )
    parser.add_argument(
        "--work-cache-mb",
        type=float,
        default=WORK_CACHE_MB,
        help=f"what output/.work may keep after the run, in MiB (default {WORK_CACHE_MB:.0f})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"processes for the shard stages without --dask-address (default: every core for a batch of "
        f"{PROCESS_MIN_MB:.0f} MB or more, else threads; 1: threads)",
    )
    parser.add_argument("--verbose", action="store_true", help="on failure, the whole traceback")
    add_config_arguments(parser)
    args = parser.parse_args(argv)
    problem = check_arguments(args) or make_prefect_home()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    # The temporary server's telemetry heartbeat races the run for its SQLite database and prints
    # "database is locked" tracebacks (Prefect 3.9.1); off unless the user turned it on.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    limit_malloc_arenas()  # before the workers and the temporary server start, which inherit it
    keep_pandas_unloaded()  # this process is the CLI's own (tasks/memory.py)
    try:
        with cli_prefect(process_workers(args.input, args.workers, args.dask_address, args.shard_mb)):
            manifest = clean_batch(
                input_dir=args.input,
                output_dir=args.output,
                batch_id=args.batch_id,
                dask_address=args.dask_address,
                shard_mb=args.shard_mb,
                work_cache_mb=args.work_cache_mb,
                workers=args.workers,
                **config_from_arguments(args),
            )
    except TerminationSignal as exc:  # Prefect's SIGTERM handler raised it in this thread
        if not _WATCHING_SIGNALS:
            raise
        _stop_on_signal(exc.signal)
    except Exception as exc:
        if _STOPPED_BY:  # the run failed because its server is being stopped: the signal's exit code
            threading.Event().wait()  # comes from the thread stopping it, which ends the process
        if args.verbose:
            raise
        print(f"error: {type(exc).__name__}: {exc} (--verbose for the traceback)", file=sys.stderr)
        return 1
    print(json.dumps({"batch_id": manifest["batch_id"], **manifest["counts"]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    _exit_promptly_on_signals()  # the command only: not where main() is called inside another program
    sys.exit(main())
