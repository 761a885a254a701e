"""The MinHash index of every published document: what later batches are compared with.

``OUTPUT/index/<batch>.parquet`` holds each published document's signature and band keys
(``tasks.schema.index_schema``); ``OUTPUT/index/params.json`` what they were made with. Signatures
made with other parameters are not comparable, so a mismatch is refused, never mixed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.io.storage import read_json, read_parquet, write_json

INDEX_FORMAT = 3  # 2: rows carry shingle_count; 3: duplicates are indexed too, with their kept document


class IndexMismatchError(ValueError):
    """The stored index was built with other MinHash parameters; mixing them gives wrong answers."""


def check_index_params(output_dir: str | Path, params: dict) -> None:
    """Record the index's MinHash parameters on first use; refuse any later mismatch."""
    path = Path(output_dir) / "index" / "params.json"
    stored = read_json(path)
    if stored is None:
        write_json(path, params)
    elif stored != params:
        raise IndexMismatchError(
            f"index at {path} was built with {stored}, this run uses {params}; "
            "use another output folder or rebuild the index (reprocess all batches)"
        )


def fixed_list_to_numpy(column: pa.ChunkedArray | pa.Array, width: int, dtype) -> np.ndarray:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if len(column) == 0:
        return np.empty((0, width), dtype=dtype)
    return column.values.to_numpy(zero_copy_only=False).astype(dtype, copy=False).reshape(len(column), width)


INDEX_COLUMNS = [
    "batch_id",
    "batch_seq",
    "doc_id",
    "content_hash",
    "clean_chars",
    "shingle_count",
    "signature",
    "kept_as",
]


def earlier_index_files(output_dir: str | Path, before_seq: int, exclude_batch: str) -> list[tuple[Path, int]]:
    """Index files of batches processed before ``before_seq`` (one per batch), with their rows."""
    out = []
    for path in sorted((Path(output_dir) / "index").glob("*.parquet")):
        head = read_parquet(path, columns=["batch_id", "batch_seq"]).slice(0, 1)
        if len(head) and head.column("batch_seq")[0].as_py() < before_seq:
            if head.column("batch_id")[0].as_py() != exclude_batch:
                out.append((path, pq.ParquetFile(path).metadata.num_rows))
    return out


def read_index(output_dir: str | Path, before_seq: int, exclude_batch: str) -> pa.Table | None:
    """Indexed documents of batches processed before ``before_seq``."""
    tables = [
        read_parquet(path, columns=INDEX_COLUMNS)
        for path, _ in earlier_index_files(output_dir, before_seq, exclude_batch)
    ]
    return pa.concat_tables(tables) if tables else None
