"""Stage 2: a source's template lines, learnt from how often its short lines recur.

This batch's per-source line counts are added to those of earlier batches (``OUTPUT/state/
line_stats/``); lines in ``frequent_line_min_docs`` documents or more are the sources' templates.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa

from tasks.config import BatchConfig
from tasks.io import storage
from tasks.schema import LINES_SCHEMA
from tasks.stages.cache import work_dir
from tasks.text.boilerplate import line_frequency


def _earlier_counts(output_dir: str | Path, batch_id: str, batch_seq: int) -> list[pa.Table]:
    """Counts of batches processed before this one: a re-run sees the same past."""
    history = []
    for path in sorted((Path(output_dir) / "state" / "line_stats").glob("*.parquet")):
        table = storage.read_parquet(path)
        if path.stem != batch_id and len(table) and table.column("batch_seq")[0].as_py() < batch_seq:
            history.append(table.select(["source", "line_hash", "docs"]))
    return history


def line_statistics(
    shard_paths: list[str], output_dir: str | Path, batch_id: str, batch_seq: int, config: BatchConfig
) -> str:
    """Count this batch's short lines per source, add earlier batches' counts, keep the frequent ones."""
    folder = work_dir(output_dir, batch_id)
    lines = [storage.read_parquet(Path(p).with_suffix(".lines.parquet")) for p in shard_paths]
    counts = line_frequency.count_lines(pa.concat_tables(lines) if lines else LINES_SCHEMA.empty_table())
    counts = counts.append_column("batch_seq", pa.array([batch_seq] * len(counts), pa.int32()))
    storage.write_parquet(folder / "line_stats.parquet", counts)
    history = _earlier_counts(output_dir, batch_id, batch_seq)
    this_batch = counts.select(["source", "line_hash", "docs"])
    frequent = line_frequency.frequent_lines(history + [this_batch], config.frequent_line_min_docs)
    # Named by its content, once, so each finalized shard's cache key is just the two file names.
    digest = hashlib.sha256(str(len(frequent)).encode())
    for batch in frequent.sort_by([("source", "ascending"), ("line_hash", "ascending")]).to_batches():
        digest.update(batch.column(1).to_numpy().tobytes() + "\0".join(batch.column(0).to_pylist()).encode())
    out = folder / f"frequent-{digest.hexdigest()[:20]}.parquet"
    for stale in folder.glob("frequent-*.parquet"):
        if stale != out:
            stale.unlink()
    if not out.exists():  # the name is the content: an existing file is already right
        storage.write_parquet(out, frequent)
    return str(out)
