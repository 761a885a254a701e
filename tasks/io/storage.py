"""Files under the output folder: atomic writes, the run lock and the ledger (the index: ``index.py``).

Layout (docs/schema.md has the columns)::

    OUTPUT/clean/<batch>.parquet        kept documents
    OUTPUT/duplicates/<batch>.parquet   exact and near duplicates, with duplicate_of and similarity
    OUTPUT/rejected/<batch>.parquet     records that could not be used, with a reason
    OUTPUT/manifests/<batch>.json       counts, parameters, versions of the batch's last run
    OUTPUT/manifest.json                the last run's manifest plus every batch's counts
    OUTPUT/index/<batch>.parquet        signatures of the batch's kept documents
    OUTPUT/index/params.json            what the signatures were made with
    OUTPUT/ledger.json                  processed batches, their order and input fingerprints
    OUTPUT/.work/                       shard results, reused by a re-run (safe to delete)
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# zstd's own default level. On real news text (CRUD_RAG) level 3
# compresses 2.3 times as fast as level 6, for files 9% larger; publishing was a tenth of a run.
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3}
# A batch's signed shards under .work/: written once, read once by publish (which runs alone), and
# removed after it. LZ4 writes them 1.7 times and reads them twice as fast as zstd 3, for files about
# twice as large (measured on CRUD_RAG and ChineseWebText text). The cleaned shards, which .work/
# keeps as a re-run's cache, stay zstd: half the disk.
WORK_PARQUET_OPTIONS = {"compression": "lz4"}
ROW_GROUP_ROWS = 20_000
# ... and at most about this many bytes in memory: 20,000 news articles are 60 MB of text, and a
# publish holds two row groups of each of its four files at once (one compressing, one filling).
# On 200k documents the flow process peaked at 752-860 MiB with 32 MiB, 738 with 16 and 657 with 8;
# publish took 3.6, 3.6 and 3.8 s. A 16 MiB group of the clean file is still about 5,000 articles.
ROW_GROUP_BYTES = 16 << 20


class OutputLockedError(RuntimeError):
    pass


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside ``path``; rename it into place only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def remove_stale_temp_files(output_dir: str | Path) -> int:
    """Temporary files a killed run left behind; only call while holding the output lock."""
    removed = 0
    for path in Path(output_dir).rglob(".*.tmp-*"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed


def write_json(path: str | Path, data) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_json(path: str | Path, default=None):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


# How the pipeline reads its own Parquet files: on the calling thread, column chunk by column chunk.
# Arrow's default (its thread pool decoding, column chunks read ahead on its I/O threads) left
# 30-50 MiB of every shard read resident in a worker even after malloc_trim, so workers grew to
# 380 MiB; read this way they stay flat, and a worker's shard reads are no slower (100 work files,
# 349 MiB: 0.69 s against 0.77-1.10 s), the run's other processes having the other cores.
READ_OPTIONS = {"use_threads": False, "pre_buffer": False}


def read_parquet(source, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(source, columns=columns, **READ_OPTIONS)


def read_slices(source, rows: int):
    """A file's tables of at most ``rows`` rows, in order, read as ``read_parquet`` reads (an empty
    file: one empty table), so that a step over them never holds the whole file decoded."""
    with pq.ParquetFile(source, pre_buffer=False) as pf:
        empty = True
        for batch in pf.iter_batches(batch_size=rows, use_threads=False):
            empty = False
            yield pa.Table.from_batches([batch])
        if empty:
            yield pf.schema_arrow.empty_table()


@contextlib.contextmanager
def streamed_parquet(path: str | Path, options: dict = PARQUET_OPTIONS):
    """A Parquet file written a table at a time, renamed into place only when the block succeeds;
    yields ``write(table)``, which must be called at least once (its first table sets the schema).
    Tables are held until they fill a row group of ``ROW_GROUP_ROWS``: the file is laid out as
    ``write_parquet`` lays out the tables concatenated (small row groups cost compression time)."""
    with atomic_path(path) as tmp:
        writer = None
        held: list[pa.Table] = []

        def flush() -> None:
            if held:
                writer.write_table(pa.concat_tables(held), row_group_size=ROW_GROUP_ROWS)
                held.clear()

        def write(table: pa.Table) -> None:
            nonlocal writer
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, **options)
            held.append(table)
            if sum(len(t) for t in held) >= ROW_GROUP_ROWS:
                flush()

        try:
            yield write
            if writer is not None:
                flush()
        finally:
            if writer is not None:
                writer.close()


def write_parquet(path: str | Path, table: pa.Table, options: dict = PARQUET_OPTIONS) -> None:
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP_ROWS, **options)


def file_digest(path: str | Path) -> dict:
    """Rows, size and SHA-256 of a published Parquet file: the manifest records them, and a reader
    that finds a file otherwise knows a publish of its batch is under way (``tasks/io/published.py``)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return {"rows": pq.ParquetFile(path).metadata.num_rows, "bytes": Path(path).stat().st_size, "sha256": h.hexdigest()}


class RowGroupWriter:
    """Streams tables into one Parquet file in row groups of about ROW_GROUP_ROWS rows.

    A row group is encoded and compressed on the writer's own thread (Arrow releases the GIL there)
    while the caller prepares the next: the four files of a publish then compress side by side
    instead of one after another. At most one row group is in flight, so memory stays one row group
    more than writing in line; an error on the thread is raised at the next write or at close."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, **PARQUET_OPTIONS)
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.pending_bytes = 0
        self.rows = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet-row-group")
        self._in_flight: Future | None = None

    def write(self, table: pa.Table) -> None:
        if len(table) == 0:
            return
        table = table.cast(self.schema)
        while len(table):  # a table that would overrun the row group's rows is split at its end
            piece = table.slice(0, ROW_GROUP_ROWS - self.pending_rows)
            table = table.slice(len(piece))
            self.pending.append(piece)
            self.pending_rows += len(piece)
            self.pending_bytes += piece.nbytes
            self.rows += len(piece)
            if self.pending_rows >= ROW_GROUP_ROWS or self.pending_bytes >= ROW_GROUP_BYTES:
                self.flush()

    def _wait(self) -> None:
        if self._in_flight is not None:
            in_flight, self._in_flight = self._in_flight, None
            in_flight.result()

    def flush(self) -> None:
        """Start writing what is pending as a row group."""
        self._wait()
        if self.pending:
            group = pa.concat_tables(self.pending)
            self.pending, self.pending_rows, self.pending_bytes = [], 0, 0
            self._in_flight = self._thread.submit(self.writer.write_table, group, row_group_size=ROW_GROUP_ROWS)

    def close(self) -> None:
        try:
            self.flush()
            self._wait()
        finally:
            self._thread.shutdown(wait=True)
            self.writer.close()


@contextlib.contextmanager
def atomic_writers(paths_and_schemas: dict[str, tuple[Path, pa.Schema]]):
    """Several Parquet files written together: every file is finished before the first is renamed
    into place, so a failure while writing or closing any of them leaves all the old files."""
    with contextlib.ExitStack() as stack:
        writers = {
            name: RowGroupWriter(stack.enter_context(atomic_path(path)), schema)
            for name, (path, schema) in paths_and_schemas.items()
        }

        def close_all() -> None:
            errors = []
            for writer in writers.values():  # the last row groups of all files compress side by side
                with contextlib.suppress(Exception):  # raised again by close
                    writer.flush()
            for writer in writers.values():
                try:
                    writer.close()
                except Exception as exc:  # every writer's thread and file closed, the first error raised
                    errors.append(exc)
            if errors:
                raise errors[0]

        stack.callback(close_all)  # registered last, so it runs before any rename
        yield writers


@contextlib.contextmanager
def output_lock(output_dir: str | Path, timeout: float = 3600.0, on_wait=None):
    """One run at a time per output folder; a second run waits, then gives up with a clear error.
    ``on_wait`` is called once when the lock is taken by another run, so the wait is never silent."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / ".lock", "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise OutputLockedError(f"another run holds {output_dir / '.lock'}") from exc
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# A whole output rebuilt beside the published one (a reprocess of every batch), on the same disk.
STAGING = ".reprocess"


def swap_in(staging: str | Path, output_dir: str | Path) -> list[str]:
    """Replace the output's entries by the staging folder's, one rename each (the caller holds the
    output's lock). The old entries go to ``OUTPUT/.previous/`` first and are deleted last, so a
    crash in between loses nothing: each entry is either the old or the new one."""
    staging, output_dir = Path(staging), Path(output_dir)
    previous = output_dir / ".previous"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    names = sorted(p.name for p in staging.iterdir() if p.name not in (".lock", STAGING))
    # the manifest and ledger last: they describe the data entries moved before them
    names.sort(key=lambda n: n in ("manifest.json", "ledger.json"))
    for name in names:
        if (output_dir / name).exists():
            os.replace(output_dir / name, previous / name)
        os.replace(staging / name, output_dir / name)
    _fsync_dir(output_dir)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return names


# ---------------------------------------------------------------------------------------------
# Ledger
# ---------------------------------------------------------------------------------------------


def load_ledger(output_dir: str | Path) -> dict:
    return read_json(Path(output_dir) / "ledger.json", default={"batches": {}})


def batch_sequence(output_dir: str | Path, batch_id: str) -> int:
    """The batch's place in processing order: kept from its first run, so a re-run sees the same past."""
    batches = load_ledger(output_dir)["batches"]
    if batch_id in batches:
        return int(batches[batch_id]["seq"])
    return 1 + max((int(b["seq"]) for b in batches.values()), default=0)


def record_batch(output_dir: str | Path, batch_id: str, entry: dict) -> None:
    ledger = load_ledger(output_dir)
    ledger["batches"][batch_id] = entry
    write_json(Path(output_dir) / "ledger.json", ledger)


def published_scripts(output_dir: str | Path, exclude_batch: str) -> dict[str, str]:
    """The target script each other published batch was written in (from its manifest)."""
    out = {}
    for path in sorted((Path(output_dir) / "manifests").glob("*.json")):
        manifest = read_json(path, default={})
        script = manifest.get("parameters", {}).get("target_script")
        if path.stem != exclude_batch and script:
            out[path.stem] = script
    return out
