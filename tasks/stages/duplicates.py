"""Stages 4-6: near-duplicate detection over the batch and the index of earlier batches.

``prepare_dedup`` stacks the index and the batch's signatures into arrays on disk, ``band_pairs``
finds candidate pairs for a range of LSH bands (on Dask workers when asked), and ``decide``
verifies, clusters and chooses the document each cluster keeps. Only paths and small arrays pass
between them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.config import BatchConfig
from tasks.dedup.clusters import candidate_pairs, find_duplicates, merge_pairs
from tasks.dedup.minhash import band_keys
from tasks.io.index import INDEX_COLUMNS, check_index_params, earlier_index_files, fixed_list_to_numpy
from tasks.io.storage import read_parquet, write_json, write_parquet
from tasks.schema import DEDUP_META_SCHEMA
from tasks.stages.cache import index_params, work_dir


@dataclass(frozen=True)
class DedupInputs:
    folder: str
    n_new: int
    n_indexed: int
    bands: int
    rows: int

    def load(self, name: str, mmap: bool = True) -> np.ndarray:
        return np.load(Path(self.folder) / f"{name}.npy", mmap_mode="r" if mmap else None)


def prepare_dedup(
    shard_paths: list[str], output_dir: str | Path, batch_id: str, batch_seq: int, config: BatchConfig
) -> DedupInputs:
    """Stack earlier batches' index and this batch's documents into arrays (index rows first).

    The arrays are written piece by piece (an earlier batch's index file, then each shard) into
    memory-mapped files: memory holds one piece, not the index of every batch so far."""
    check_index_params(output_dir, index_params(config))
    bands, rows = config.bands_rows
    cols = ["doc_id", "content_hash", "clean_chars", "shingle_count", "signature"]
    pieces = [(path, n, "index") for path, n in earlier_index_files(output_dir, batch_seq, batch_id)]
    pieces += [(Path(p), pq.ParquetFile(p).metadata.num_rows, batch_id) for p in shard_paths]
    total = sum(n for _, n, _ in pieces)
    n_old = sum(n for _, n, origin in pieces if origin == "index")
    folder = work_dir(output_dir, batch_id) / "dedup"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    sigs = np.lib.format.open_memmap(folder / "signatures.npy", "w+", np.uint32, (total, config.num_perm))
    # band-major: a band group's join reads its own rows of the file, not a column slice of every page
    keys = np.lib.format.open_memmap(folder / "band_keys.npy", "w+", np.uint64, (bands, total))
    parts_meta, at = [], 0
    for path, n, origin in pieces:
        if n == 0:
            continue
        table = read_parquet(path, columns=INDEX_COLUMNS if origin == "index" else cols)
        sig = fixed_list_to_numpy(table.column("signature"), config.num_perm, np.uint32)
        sigs[at : at + n] = sig
        keys[:, at : at + n] = band_keys(sig, bands, rows).T
        at += n
        new = origin != "index"
        parts_meta.append(
            pa.table(
                {
                    "doc_id": table.column("doc_id"),
                    "batch_id": pa.array([batch_id] * n) if new else table.column("batch_id"),
                    "batch_seq": pa.array([batch_seq] * n, pa.int32()) if new else table.column("batch_seq"),
                    "content_hash": table.column("content_hash"),
                    "clean_chars": table.column("clean_chars"),
                    "shingle_count": table.column("shingle_count"),
                    "kept_as": pa.nulls(n, pa.string()) if new else table.column("kept_as"),
                }
            )
        )
    sigs.flush()
    keys.flush()
    del sigs, keys
    meta = pa.concat_tables(parts_meta) if parts_meta else DEDUP_META_SCHEMA.empty_table()
    pq.write_table(meta, folder / "meta.parquet")
    return DedupInputs(folder=str(folder), n_new=total - n_old, n_indexed=n_old, bands=bands, rows=rows)


def band_pairs(inputs: DedupInputs, band_lo: int, band_hi: int) -> np.ndarray:
    keys = np.asarray(inputs.load("band_keys")[band_lo:band_hi]).T
    protected = np.arange(len(keys)) < inputs.n_indexed
    return candidate_pairs(keys, protected)


def cluster_ids(batch_ids: np.ndarray, doc_ids: np.ndarray) -> list[str]:
    """A cluster is named by its kept document: "batch/doc_id". Index rows point to it by name."""
    return [f"{b}/{d}" for b, d in zip(batch_ids, doc_ids)]


def _index_links(doc_ids: np.ndarray, batch_ids: np.ndarray, kept_as: list, n_indexed: int) -> np.ndarray:
    """Edges from each indexed duplicate to the indexed document kept for it, so a new repost that
    resembles an earlier repost more than the original joins the original's cluster."""
    dup = np.array([k is not None for k in kept_as[:n_indexed]], dtype=bool)
    if not dup.any():
        return np.empty((0, 2), dtype=np.int64)
    names = np.array(cluster_ids(batch_ids[:n_indexed], doc_ids[:n_indexed]))
    order = np.argsort(names, kind="stable")
    wanted = np.array([k for k in kept_as[:n_indexed] if k is not None])
    at = np.minimum(np.searchsorted(names[order], wanted), n_indexed - 1)
    found = names[order][at] == wanted  # a kept document missing from the index: no link
    return np.stack([np.flatnonzero(dup)[found], order[at][found]], axis=1).astype(np.int64)


def decide(inputs: DedupInputs, pairs: list[np.ndarray] | None, config: BatchConfig) -> str:
    """Verify, cluster, choose; write one decision row per new document (in shard order)."""
    sigs = inputs.load("signatures", mmap=False)
    meta = read_parquet(Path(inputs.folder) / "meta.parquet")
    n = len(sigs)
    doc_ids = np.array(meta.column("doc_id").to_pylist(), dtype=object)
    batch_ids = np.array(meta.column("batch_id").to_pylist(), dtype=object)
    seq = meta.column("batch_seq").to_numpy()
    chars = meta.column("clean_chars").to_numpy()
    hashes = np.array(meta.column("content_hash").to_pylist(), dtype=object)
    # Keep policy: earliest batch, then longest clean text, then smallest doc_id.
    order = np.lexsort((doc_ids.astype(str), -chars.astype(np.int64), seq))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    protected = np.arange(n) < inputs.n_indexed
    if pairs is not None:
        pairs = merge_pairs(pairs, n)
    sizes = meta.column("shingle_count").to_numpy()
    links = _index_links(doc_ids, batch_ids, meta.column("kept_as").to_pylist(), inputs.n_indexed)
    result = find_duplicates(
        sigs,
        inputs.load("band_keys", mmap=pairs is not None).T,  # read only when the pairs are not given
        hashes.astype(str),
        rank,
        protected,
        config.threshold,
        pairs,
        measure=config.measure,
        sizes=sizes,
        links=links,
    )
    new = np.arange(inputs.n_indexed, n)
    rep = result.representative[new]
    is_dup = rep != new
    decisions = pa.table(
        {
            "doc_id": pa.array(doc_ids[new].tolist(), pa.string()),
            "status": pa.array(np.where(is_dup, "duplicate", "clean").tolist(), pa.string()),
            "cluster_id": pa.array(cluster_ids(batch_ids[rep], doc_ids[rep]), pa.string()),
            "duplicate_of": pa.array(doc_ids[rep].tolist(), pa.string()),
            "duplicate_of_batch": pa.array(batch_ids[rep].tolist(), pa.string()),
            "similarity": pa.array(result.similarity[new].astype(np.float32)),
            "containment": pa.array(result.containment[new].astype(np.float32)),
            "match": pa.array(np.where(result.exact[new], "exact", "near").tolist(), pa.string()),
        }
    )
    path = Path(inputs.folder) / "decisions.parquet"
    write_parquet(path, decisions)
    stats = {
        "candidate_pairs": result.candidate_pairs,
        "verified_pairs": result.verified_pairs,
        "indexed_documents": inputs.n_indexed,
    }
    write_json(Path(inputs.folder) / "stats.json", stats)
    return str(path)
