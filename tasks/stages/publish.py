"""Stage 7: write the batch's clean, duplicates, rejected and index files, then its manifest.

The four Parquet files are streamed shard by shard (memory stays one shard) into temporary files
and renamed into place only once all four are complete; the manifest, the line statistics and the
ledger entry follow, the combined ``manifest.json`` last.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.config import BatchConfig
from tasks.dedup.minhash import band_keys
from tasks.io import storage
from tasks.io.index import fixed_list_to_numpy
from tasks.schema import CLEAN_SCHEMA, OUTPUT_SCHEMAS, SCHEMA_VERSION, index_schema
from tasks.stages.cache import versions, work_dir
from tasks.stages.duplicates import DedupInputs
from tasks.stages.rejections import rejected_documents

_DOCUMENT_COLUMNS = [f.name for f in CLEAN_SCHEMA]
_DUPLICATE_COLUMNS = ("duplicate_of", "duplicate_of_batch", "similarity", "containment", "match")


def _document_columns(table: pa.Table, batch_id: str, decisions: pa.Table) -> pa.Table:
    """A shard's documents in the output's column order, with their batch and cluster."""
    extra = {"batch_id": pa.array([batch_id] * len(table), pa.string()), "cluster_id": decisions.column("cluster_id")}
    return pa.table({name: extra[name] if name in extra else table.column(name) for name in _DOCUMENT_COLUMNS})


@dataclass
class _Tally:
    """What the manifest counts, gathered shard by shard."""

    input: int = 0
    reasons: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    cluster_sizes: Counter = field(default_factory=Counter)
    matches: Counter = field(default_factory=Counter)
    seen: set[str] = field(default_factory=set)  # doc_ids so far


@dataclass(frozen=True)
class _Batch:
    """The batch being published, as every shard's rows need it."""

    batch_id: str
    batch_seq: int
    inputs: DedupInputs
    config: BatchConfig


def _first_occurrences(docs: pa.Table, dec: pa.Table, rejected: pa.Table, tally: _Tally, batch_id: str):
    """A doc_id seen twice in one batch: the first occurrence counts, later ones are rejected."""
    first_mask = []
    for doc_id in docs.column("doc_id").to_pylist():
        first_mask.append(doc_id not in tally.seen)
        tally.seen.add(doc_id)
    if all(first_mask):
        return docs, dec, rejected
    first = pa.array(first_mask)
    repeated = docs.filter(pc.invert(first))
    details = ["doc_id already used earlier in this batch"] * len(repeated)
    rejected = pa.concat_tables([rejected, rejected_documents(repeated, batch_id, "duplicate_doc_id", details)])
    return docs.filter(first), dec.filter(first), rejected


def _index_rows(docs: pa.Table, dec: pa.Table, is_clean: pa.Array, where: _Batch) -> pa.Table:
    """Index rows for every published document, so later batches find their reposts; a duplicate's
    row names the document kept for it."""
    signatures = fixed_list_to_numpy(docs.column("signature"), where.config.num_perm, np.uint32)
    keys = band_keys(signatures, where.inputs.bands, where.inputs.rows)
    batch_id, batch_seq, bands = where.batch_id, where.batch_seq, where.inputs.bands
    return pa.table(
        {
            "batch_id": pa.array([batch_id] * len(docs), pa.string()),
            "batch_seq": pa.array([batch_seq] * len(docs), pa.int32()),
            "doc_id": docs.column("doc_id"),
            "content_hash": docs.column("content_hash"),
            "clean_chars": docs.column("clean_chars"),
            "shingle_count": docs.column("shingle_count"),
            "signature": docs.column("signature"),
            "band_keys": pa.FixedSizeListArray.from_arrays(pa.array(keys.reshape(-1), pa.uint64()), bands),
            "kept_as": pc.if_else(is_clean, pa.nulls(len(docs), pa.string()), dec.column("cluster_id")),
        }
    )


def _publish_shard(docs: pa.Table, rejected: pa.Table, dec: pa.Table, out: dict, tally: _Tally, where: _Batch) -> None:
    assert docs.column("doc_id").equals(dec.column("doc_id")), "decisions out of step with shards"
    batch_id = where.batch_id
    tally.input += len(docs) + len(rejected)
    docs, dec, rejected = _first_occurrences(docs, dec, rejected, tally, batch_id)

    is_clean = pc.equal(dec.column("status"), "clean")
    base = _document_columns(docs, batch_id, dec)
    out["clean"].write(base.filter(is_clean))
    dups = base.filter(pc.invert(is_clean))
    dec_dups = dec.filter(pc.invert(is_clean))
    for name in _DUPLICATE_COLUMNS:
        dups = dups.append_column(name, dec_dups.column(name))
    out["duplicates"].write(dups)
    out["rejected"].write(rejected)
    out["index"].write(_index_rows(docs, dec, is_clean, where))

    _count(tally.reasons, rejected.column("reason"))
    _count(tally.rules, pc.list_flatten(docs.column("fixes")))
    _count(tally.cluster_sizes, dec_dups.column("cluster_id"))
    _count(tally.matches, dec_dups.column("match"))


def _count(counter: Counter, values: pa.ChunkedArray) -> None:
    """Counter.update over an Arrow column, counted by Arrow (a Python object per row cost a second
    on 200k documents). Values come in order of first appearance, so ties rank as Counter's would."""
    counted = pc.value_counts(values)
    counter.update(dict(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())))


def _manifest(
    batch_id: str,
    batch_seq: int,
    counts: dict,
    tally: _Tally,
    inputs: DedupInputs,
    config: BatchConfig,
    run_info: dict,
    digests: dict,
) -> dict:
    stats = storage.read_json(Path(inputs.folder) / "stats.json", default={})
    return {
        "batch_id": batch_id,
        "batch_seq": batch_seq,
        "schema_version": SCHEMA_VERSION,
        "counts": counts,
        "rejected_by_reason": dict(sorted(tally.reasons.items())),
        "duplicates_by_match": dict(sorted(tally.matches.items())),
        "fixes": dict(tally.rules.most_common()),
        "largest_clusters": [{"cluster_id": c, "duplicates": k} for c, k in tally.cluster_sizes.most_common(10)],
        "dedup": {**stats, "bands": inputs.bands, "rows": inputs.rows},
        "parameters": {**asdict(config), "minhash": config.minhash.as_dict()},
        "versions": versions(),
        "files": {kind: f"{kind}/{batch_id}.parquet" for kind in OUTPUT_SCHEMAS},
        "file_digests": digests,
        **run_info,
    }


def run_cpu_seconds() -> float:
    """CPU time of this process, all its threads, and of its child processes that have ended: a
    process pool's or a local Dask cluster's workers, joined when the shard steps finish."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(
    stage_seconds: dict[str, float],
    input_bytes: int,
    workers: int | None,
    wall_seconds: float,
    cpu_seconds: float | None = None,
) -> dict:
    """Seconds, MB/s and MB/s per core of each stage and of the whole run, from its own clock: the
    figures users and benchmarks read. A stage's seconds are wall seconds from its first task to its
    last result, so a parallel stage's MB/s counts all its workers; per core divides by them (the
    serial stages too: the run holds its cores throughout). A re-run that reuses cached shards reads
    as fast: ``shards_reused`` says so. ``cpu_seconds``: what the whole run used, where it can be
    told (not on a remote cluster); per core counts threads as one core, but NumPy, Parquet and zstd
    run beside the interpreter, so MB per CPU-second is the figure that compares runners."""
    mb = input_bytes / 1e6

    def rates(seconds: float, cores: int) -> dict:
        per_s = mb / seconds if seconds > 0 else None
        return {
            "seconds": round(seconds, 3),
            "mb_per_s": round(per_s, 3) if per_s else None,
            "mb_per_s_per_core": round(per_s / cores, 3) if per_s and cores else None,
        }

    return {
        "input_mb": round(mb, 3),
        "workers": workers,
        "stages": {name: rates(seconds, workers) for name, seconds in stage_seconds.items()},
        "whole_run": {
            **rates(wall_seconds, workers),
            "cpu_seconds": round(cpu_seconds, 3) if cpu_seconds is not None else None,
            "mb_per_cpu_s": round(mb / cpu_seconds, 3) if cpu_seconds else None,
        },
    }


def publish(
    shard_paths: list[str],
    decisions_path: str,
    inputs: DedupInputs,
    output_dir: str | Path,
    batch_id: str,
    batch_seq: int,
    config: BatchConfig,
    run_info: dict,
) -> dict:
    """Write the batch's outputs; return its manifest. input = clean + duplicates + rejected, checked.

    ``run_info`` goes into the manifest as it is, except ``timing`` (the run's clock: stage seconds
    so far, input bytes, workers, start time), which becomes ``throughput`` with this stage added."""
    started = time.time()
    output_dir = Path(output_dir)
    decisions = storage.read_parquet(decisions_path)
    schemas = {**OUTPUT_SCHEMAS, "index": index_schema(config.num_perm, inputs.bands)}
    targets = {kind: (output_dir / kind / f"{batch_id}.parquet", schema) for kind, schema in schemas.items()}
    tally = _Tally()
    where = _Batch(batch_id, batch_seq, inputs, config)
    offset = 0
    with storage.atomic_writers(targets) as out:
        for path in shard_paths:
            docs = storage.read_parquet(path)
            rejected = storage.read_parquet(Path(path).with_suffix(".rejected.parquet"))
            _publish_shard(docs, rejected, decisions.slice(offset, len(docs)), out, tally, where)
            offset += len(docs)
        assert offset == len(decisions), "decisions out of step with shards"
        counts = {"input": tally.input, **{kind: out[kind].rows for kind in OUTPUT_SCHEMAS}}
        assert counts["input"] == counts["clean"] + counts["duplicates"] + counts["rejected"]

    timing = run_info.get("timing")
    run_info = {k: v for k, v in run_info.items() if k != "timing"}
    if timing:
        now = time.time()
        seconds = {**timing["stage_seconds"], "publish": now - started}
        cpu_started = timing.get("cpu_started")
        cpu = run_cpu_seconds() - cpu_started if cpu_started is not None else None
        run_info["throughput"] = throughput(
            seconds, timing["input_bytes"], timing["workers"], now - timing["started"], cpu
        )
        run_info["throughput"]["shards_reused"] = timing.get("shards_reused", 0)
    # side by side: hashing releases the GIL, and the files are a third of the batch's size
    with ThreadPoolExecutor(len(OUTPUT_SCHEMAS)) as pool:
        digests = dict(zip(OUTPUT_SCHEMAS, pool.map(storage.file_digest, [targets[k][0] for k in OUTPUT_SCHEMAS])))
    manifest = _manifest(batch_id, batch_seq, counts, tally, inputs, config, run_info, digests)
    line_stats = storage.read_parquet(work_dir(output_dir, batch_id) / "line_stats.parquet")
    storage.write_parquet(output_dir / "state" / "line_stats" / f"{batch_id}.parquet", line_stats)
    storage.write_json(output_dir / "manifests" / f"{batch_id}.json", manifest)
    entry = {
        "seq": batch_seq,
        "input_dir": run_info.get("input_dir"),
        "input_fingerprint": run_info.get("input_fingerprint"),
        "input_listing": run_info.get("input_listing"),  # the inbox compares it: a folder changed since
        "counts": counts,
        "completed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    storage.record_batch(output_dir, batch_id, entry)
    ledger = storage.load_ledger(output_dir)
    batches = {b: e["counts"] for b, e in sorted(ledger["batches"].items())}
    storage.write_json(output_dir / "manifest.json", {**manifest, "batches": batches})
    return manifest


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def prune_work(output_dir: str | Path, batch_id: str, shards_in_use: set[str], bound_bytes: int) -> dict:
    """After a publish, keep in ``.work/`` only what makes a re-run cheap, within ``bound_bytes``.

    A re-run of a batch reuses its cleaned shards (``shard-*``, the expensive step); the rest of
    the batch's work (final shards, dedup arrays, line counts, the plan) is rebuilt cheaply and goes,
    and so do shards of older inputs or parameters. Across batches, the caches of the most recently
    run batches are kept while they fit in the bound; older ones go whole (a re-run of such a batch
    cleans again). Returns what was removed, for the log."""
    root = Path(output_dir) / ".work"
    folder = work_dir(output_dir, batch_id)
    removed = {"files": 0, "batches": []}
    keep = {Path(p).name.removesuffix(".parquet") for p in shards_in_use}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        stem = path.name.split(".", 1)[0]
        if path.is_file() and path.name.startswith("shard-") and stem in keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            os.remove(path)
        removed["files"] += 1
    # newest first: this batch, then the others by when they last ran
    others = sorted((p for p in root.iterdir() if p.is_dir() and p.name != batch_id), key=lambda p: -p.stat().st_mtime)
    total = 0
    for candidate in [folder, *others] if folder.is_dir() else others:
        total += _size(candidate)
        if total > bound_bytes:
            shutil.rmtree(candidate)
            removed["batches"].append(candidate.name)
    return removed
