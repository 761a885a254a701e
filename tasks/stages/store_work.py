"""Stages 1 and 3 on workers that share no disk with the flow: files go through the store.

With the batch and the output in object storage and a Dask cluster, a worker may be a machine that
sees none of the flow's folders. Each shard task then fetches what it reads into a temporary folder
of its own, runs the same stage function as a local run (``shards.write_shard`` /
``shards.write_final``), and puts its result under the output's ``.work/<batch>/`` prefix in the
store; tasks pass URIs, not paths. Results are named as locally (by their inputs' fingerprints
and the parameters), so a re-run on any worker finds a shard already cleaned and skips it.

What the flow itself reads (the shards' line counts, the finished shards) it fetches into its local
mirror; the band join, which reads the batch's signature arrays, runs in the flow's process.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path, PurePosixPath

from tasks.config import BatchConfig
from tasks.io import remote
from tasks.io.ingest import FilePart
from tasks.stages import shards

SIDECARS = (".rejected.parquet", ".lines.parquet")


def _sidecar(uri_or_path: str, suffix: str) -> str:
    return str(uri_or_path).removesuffix(".parquet") + suffix


def spill_uri(work_uri: str, spill_path: str) -> str:
    """Where a piece of a large input file, cut by the flow's planner, is put for the workers."""
    return remote.join(work_uri, "spill", PurePosixPath(spill_path).name)


def put_spill(parts: list[FilePart], work_uri: str) -> int:
    """Upload the plan's spill pieces (once: a piece's name is the version of its file)."""
    uploaded = 0
    for spill in sorted({p.spill for p in parts if p.spill and not p.problem}):
        target = spill_uri(work_uri, spill)
        if not remote.exists(target):
            remote.put_file(spill, target)
            uploaded += 1
    return uploaded


def process_shard_in_store(
    input_uri: str, parts: list[FilePart], batch_id: str, config: BatchConfig, work_uri: str
) -> str:
    """``shards.process_shard`` on a worker with no shared disk; returns the cleaned shard's URI."""
    with tempfile.TemporaryDirectory(prefix="cnnews-shard-") as tmp:
        local_in = Path(tmp) / "in"
        local_parts = []
        for part in parts:
            if part.problem:
                local_parts.append(part)
            elif part.spill:
                piece = remote.fetch_file(spill_uri(work_uri, part.spill), Path(tmp) / "spill" / Path(part.spill).name)
                local_parts.append(dataclasses.replace(part, spill=str(piece)))
            else:
                remote.fetch_file(remote.join(input_uri, part.path), local_in / part.path)
                local_parts.append(part)
        # named from the parts as planned (spill paths included), as the flow's own run names it
        name = shards.shard_name(local_in, parts, batch_id, config)
        target = remote.join(work_uri, name)
        if remote.exists(target):
            return target
        out = Path(tmp) / "out" / name
        out.parent.mkdir()
        shards.write_shard(local_in, local_parts, batch_id, config, out)
        for suffix in SIDECARS:
            remote.put_file(_sidecar(str(out), suffix), _sidecar(target, suffix))
        return remote.put_file(out, target)  # last: its presence marks the shard complete


def finalize_shard_in_store(shard_uri: str, frequent_uri: str, batch_id: str, config: BatchConfig) -> str:
    """``shards.finalize_shard`` on a worker with no shared disk; returns the finished shard's URI."""
    name = shards.final_name(shard_uri, frequent_uri)
    target = shard_uri.rsplit("/", 1)[0] + "/" + name
    if remote.exists(target):
        return target
    with tempfile.TemporaryDirectory(prefix="cnnews-final-") as tmp:
        shard = remote.fetch_file(shard_uri, Path(tmp) / PurePosixPath(shard_uri).name)
        remote.fetch_file(_sidecar(shard_uri, ".rejected.parquet"), _sidecar(str(shard), ".rejected.parquet"))
        frequent = remote.fetch_file(frequent_uri, Path(tmp) / PurePosixPath(frequent_uri).name)
        out = Path(tmp) / "out" / name
        out.parent.mkdir()
        shards.write_final(shard, frequent, batch_id, config, out)
        remote.put_file(_sidecar(str(out), ".rejected.parquet"), _sidecar(target, ".rejected.parquet"))
        return remote.put_file(out, target)


def fetch_results(uris: list[str], folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The files (with ``suffixes`` beside each) into the flow's work folder; returns local paths."""
    local = []
    for uri in uris:
        path = folder / PurePosixPath(uri).name
        for suffix in suffixes:  # ".parquet" is the file itself
            remote.fetch_file(_sidecar(uri, suffix), _sidecar(str(path), suffix))
        local.append(str(path))
    return local


def keep_after_publish(name: str) -> bool:
    """What the store's ``.work/<batch>/`` keeps after a publish: the cleaned shards, the expensive
    step of a re-run, as a local ``.work/`` does."""
    return name.startswith("shard-")


def prune_store_work(work_root: str, batch_id: str, bound_bytes: int) -> list[str]:
    """The store's ``.work/`` after a publish: this batch keeps its cleaned shards only, and the
    cleaned shards of the most recently run batches are kept while they fit in ``bound_bytes``
    (as a local ``.work/``); older batches' go whole. Returns the batches whose shards went."""
    remote.remove_except(remote.join(work_root, batch_id), keep_after_publish)
    sizes: dict[str, int] = {}
    newest: dict[str, int] = {}
    for rel, info in remote.list_files(work_root).items():
        batch = rel.split("/", 1)[0]
        sizes[batch] = sizes.get(batch, 0) + info.size
        newest[batch] = max(newest.get(batch, 0), info.mtime_ns or 0)
    order = [batch_id] * (batch_id in sizes) + sorted((b for b in sizes if b != batch_id), key=lambda b: -newest[b])
    removed, total = [], 0
    for batch in order:
        total += sizes[batch]
        if total > bound_bytes:
            remote.remove_except(remote.join(work_root, batch), lambda name: False)
            removed.append(batch)
    return removed
