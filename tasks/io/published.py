"""Reading an output through its manifests, so that no batch is ever read half-published.

A publish replaces a batch's files one after another (a rename each on disk, a PUT each in a
store), so a reader that lists ``clean/`` and then ``duplicates/`` can meet a batch's new clean
file beside its old duplicates file. The contract (docs/schema.md, "Reading the output") is: take
the batches ``manifest.json`` names, and each batch's files as ``manifests/B.json`` describes
them (``file_digests``: rows, bytes, SHA-256). A file that differs from its manifest is one being
replaced: the batch is read again after a pause, and never returned mixed.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.io import remote


class PublishInProgress(RuntimeError):
    """A batch's files kept differing from its manifest: a publish is under way (or was cut off)."""


def _reader(output: str):
    """A function that returns a file of the output as bytes, or None when it is not there."""
    if remote.is_remote(output):
        filesystem, root = remote.open_store(output)

        def read(rel: str) -> bytes | None:
            try:
                with filesystem.open_input_stream(f"{root}/{rel}") as fh:
                    return fh.read()
            except FileNotFoundError:
                return None

        return read

    def read_local(rel: str) -> bytes | None:
        try:
            return (Path(output) / rel).read_bytes()
        except FileNotFoundError:
            return None

    return read_local


def _read_batch(read, batch_id: str, kinds: tuple[str, ...]) -> dict[str, pa.Table] | None:
    """The batch's tables when every file matches its manifest; None when one does not (yet)."""
    manifest = json.loads(read(f"manifests/{batch_id}.json") or b"null")
    if manifest is None:
        return None
    digests = manifest.get("file_digests")  # batches published before schema 1.4 have none
    out = {}
    for kind in kinds:
        data = read(manifest["files"][kind])
        if data is None:
            return None
        if digests is not None:
            want = digests[kind]
            if len(data) != want["bytes"] or hashlib.sha256(data).hexdigest() != want["sha256"]:
                return None
        out[kind] = pq.read_table(pa.BufferReader(data))
    return out


def read_published(
    output: str | Path,
    kinds: tuple[str, ...] = ("clean", "duplicates", "rejected"),
    batches: list[str] | None = None,
    attempts: int = 20,
    pause: float = 0.5,
) -> dict[str, pa.Table]:
    """Every published batch's (or ``batches``') ``kinds`` tables, each batch whole and as its
    manifest describes it; ``output`` is a folder or an ``s3://`` URI. Raises PublishInProgress
    when a batch still differs from its manifest after ``attempts`` reads."""
    read = _reader(str(output))
    listed = json.loads(read("manifest.json") or b'{"batches": {}}')["batches"]
    wanted = sorted(listed) if batches is None else batches
    unknown = set(wanted) - set(listed)
    if unknown:
        raise KeyError(f"not published in {output}: {sorted(unknown)}")
    parts: dict[str, list[pa.Table]] = {kind: [] for kind in kinds}
    for batch_id in wanted:
        for attempt in range(attempts):
            tables = _read_batch(read, batch_id, kinds)
            if tables is not None:
                break
            if attempt + 1 < attempts:
                time.sleep(pause)
        else:
            raise PublishInProgress(f"batch {batch_id} of {output} still differs from its manifest")
        for kind in kinds:
            parts[kind].append(tables[kind])
    return {kind: pa.concat_tables(t, promote_options="default") if t else None for kind, t in parts.items()}
