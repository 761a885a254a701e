"""The batch stages as plain functions on files, in the order the flow runs them.

1. ``process_shard``: read and clean one shard; its result file is the cache of a re-run.
2. ``line_statistics``: per-source line counts of the batch plus earlier batches: frequent lines.
3. ``finalize_shard``: drop frequent lines, reject what is too short, sign (MinHash).
4. ``prepare_dedup``: gather the batch's signatures and the index of earlier batches into arrays.
5. ``band_pairs``: candidate pairs for a range of LSH bands (runs on Dask workers when asked).
6. ``decide``: verify pairs, cluster, and choose the document each cluster keeps.
7. ``publish``: write clean / duplicates / rejected / index, renamed into place together, the manifest last.
Only paths and small arrays pass between stages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks import line_frequency, storage
from tasks.clean import clean_table
from tasks.dedup import MEASURES, candidate_pairs, candidate_threshold, find_duplicates, merge_pairs
from tasks.ingest import FilePart, read_shard
from tasks.minhash import MinHasher, MinHashParams, band_keys, choose_bands, shingle_counts
from tasks.schema import CLEAN_SCHEMA, DUPLICATES_SCHEMA, REJECTED_SCHEMA, SCHEMA_VERSION
from tasks.script import TARGETS

# Bump when the shard file layout changes. Changes to the cleaning or signing code need no bump:
# code_fingerprint() below is part of every shard's cache key.
PIPELINE_VERSION = "3"
INDEX_FORMAT = 3  # 2: rows carry shingle_count; 3: duplicates are indexed too, with their kept document
_SHARD_CODE = ("ingest.py", "encoding.py", "normalize.py", "boilerplate.py", "script.py", "clean.py", "minhash.py", "line_frequency.py", "data/common_chars.txt")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the code and data that shape a shard's result, so a re-run after an upgrade re-cleans."""
    h = hashlib.sha256()
    for name in _SHARD_CODE:
        h.update((Path(__file__).resolve().parent / name).read_bytes())
    return h.hexdigest()[:16]

_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def validate_batch_id(batch_id: str) -> str:
    if not _BATCH_ID.match(batch_id or ""):
        raise ValueError(f"batch_id {batch_id!r} must match {_BATCH_ID.pattern} (it names output files)")
    return batch_id


# Near duplicates by default: one document holds 75% of the other's character 5-grams (and they
# share half of their combined ones). Chosen on the labelled CRUD_RAG reposts: Jaccard 0.8 finds
# 63% of the reposts, containment 0.75 finds 97% with no false pair (bench/results/).
DEFAULT_MEASURE = "containment"
DEFAULT_THRESHOLD = 0.75


@dataclass(frozen=True)
class BatchConfig:
    target_script: str = "s"
    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    min_clean_chars: int = 10
    frequent_line_min_docs: int = 5
    measure: str = DEFAULT_MEASURE

    def __post_init__(self):
        if self.target_script not in TARGETS:
            raise ValueError(f"target_script must be one of {sorted(TARGETS)}")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if not 2 <= self.shingle_size <= 5:
            raise ValueError("shingle_size must be 2..5 characters")
        if self.measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}")

    @property
    def minhash(self) -> MinHashParams:
        return MinHashParams(num_perm=self.num_perm, seed=self.seed, shingle_size=self.shingle_size)

    @property
    def bands_rows(self) -> tuple[int, int]:
        return choose_bands(candidate_threshold(self.threshold, self.measure), self.num_perm)

    def index_params(self) -> dict:
        """What an index's stored rows depend on; a mismatch means the index must be rebuilt."""
        return {**self.minhash.as_dict(), "index_format": INDEX_FORMAT}

    def shard_fingerprint(self) -> str:
        """What a shard's result depends on besides its input bytes."""
        data = {
            "pipeline": PIPELINE_VERSION,
            "code": code_fingerprint(),
            "target_script": self.target_script,
            "min_clean_chars": self.min_clean_chars,
            "minhash": self.minhash.as_dict(),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def versions() -> dict:
    out = {"pipeline": PIPELINE_VERSION, "code": code_fingerprint(), "schema": SCHEMA_VERSION}
    for pkg in ("prefect", "datasketch", "ftfy", "opencc-python-reimplemented", "pyarrow", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def input_fingerprint(input_dir: str | Path, parts: list[FilePart]) -> str:
    """Changes when any input file of the shard changes (path, size, modification time)."""
    root = Path(input_dir)
    h = hashlib.sha256()
    for part in parts:
        try:
            st = (root / part.path).stat()
            h.update(json.dumps([part.as_dict(), st.st_size, st.st_mtime_ns]).encode())
        except OSError:
            h.update(json.dumps([part.as_dict(), None]).encode())
    return h.hexdigest()[:24]


def work_dir(output_dir: str | Path, batch_id: str) -> Path:
    return Path(output_dir) / ".work" / batch_id


# ---------------------------------------------------------------------------------------------
# 1. Shards
# ---------------------------------------------------------------------------------------------


def _rejected_from_raw(table: pa.Table, batch_id: str) -> pa.Table:
    return pa.table(
        {
            "doc_id": table.column("doc_id"),
            "batch_id": pa.array([batch_id] * len(table), pa.string()),
            "source_file": table.column("source_file"),
            "reason": table.column("reason"),
            "detail": table.column("detail"),
            "raw_excerpt": table.column("raw_excerpt"),
        },
        schema=REJECTED_SCHEMA,
    )


def _rejected_documents(docs: pa.Table, batch_id: str, reason: str, details: list[str]) -> pa.Table:
    """Rejected rows for documents that were read and cleaned but cannot be published."""
    return pa.table(
        {
            "doc_id": docs.column("doc_id"),
            "batch_id": pa.array([batch_id] * len(docs), pa.string()),
            "source_file": docs.column("source_file"),
            "reason": pa.array([reason] * len(docs), pa.string()),
            "detail": pa.array(details, pa.string()),
            "raw_excerpt": pc.utf8_slice_codeunits(docs.column("text"), 0, 200),
        },
        schema=REJECTED_SCHEMA,
    )


def process_shard(input_dir: str | Path, parts: list[FilePart], batch_id: str, config: BatchConfig, output_dir: str | Path) -> str:
    """Read and clean a shard; return the path of its result (reused when inputs are unchanged).

    Beside it: ``.rejected.parquet`` (unreadable records) and ``.lines.parquet`` (its short lines,
    for the frequency statistics).
    """
    key = hashlib.sha256(
        (input_fingerprint(input_dir, parts) + config.shard_fingerprint() + batch_id).encode()
    ).hexdigest()[:20]
    out = work_dir(output_dir, batch_id) / f"shard-{key}.parquet"
    if out.exists():
        return str(out)
    raw, rejected = read_shard(input_dir, parts)
    cleaned, dedup_texts = clean_table(raw, config.target_script)
    cleaned = cleaned.append_column("dedup_text", dedup_texts)
    storage.write_parquet(out.with_suffix(".rejected.parquet"), _rejected_from_raw(rejected, batch_id))
    storage.write_parquet(out.with_suffix(".lines.parquet"), line_frequency.document_lines(cleaned))
    storage.write_parquet(out, cleaned)  # written last: its presence marks the shard complete
    return str(out)


def line_statistics(shard_paths: list[str], output_dir: str | Path, batch_id: str, batch_seq: int, config: BatchConfig) -> str:
    """Count this batch's short lines per source, add earlier batches' counts, keep the frequent ones."""
    folder = work_dir(output_dir, batch_id)
    lines = [pq.read_table(Path(p).with_suffix(".lines.parquet")) for p in shard_paths]
    counts = line_frequency.count_lines(pa.concat_tables(lines) if lines else line_frequency.LINES_SCHEMA.empty_table())
    counts = counts.append_column("batch_seq", pa.array([batch_seq] * len(counts), pa.int32()))
    storage.write_parquet(folder / "line_stats.parquet", counts)
    history = []
    for path in sorted((Path(output_dir) / "state" / "line_stats").glob("*.parquet")):
        table = pq.read_table(path)
        if path.stem != batch_id and len(table) and table.column("batch_seq")[0].as_py() < batch_seq:
            history.append(table.select(["source", "line_hash", "docs"]))
    frequent = line_frequency.frequent_lines(history + [counts.select(["source", "line_hash", "docs"])], config.frequent_line_min_docs)
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


def finalize_shard(shard_path: str, frequent_path: str, batch_id: str, config: BatchConfig) -> str:
    """Remove frequent lines, reject what is left too short, and sign: the shard as dedup needs it."""
    digest = hashlib.sha256((Path(shard_path).name + Path(frequent_path).name).encode())
    out = Path(shard_path).with_name(f"final-{digest.hexdigest()[:20]}.parquet")
    if out.exists():
        return str(out)
    cleaned = line_frequency.remove_frequent_lines(pq.read_table(shard_path), pq.read_table(frequent_path))
    rejected = pq.read_table(Path(shard_path).with_suffix(".rejected.parquet"))
    too_short = pc.less(cleaned.column("clean_chars"), config.min_clean_chars)
    if pc.any(too_short).as_py():
        short = cleaned.filter(too_short)
        details = [
            f"{n} characters left after cleaning (minimum {config.min_clean_chars}); rules: {','.join(f)}"
            for n, f in zip(short.column("clean_chars").to_pylist(), short.column("fixes").to_pylist())
        ]
        rejected = pa.concat_tables([rejected, _rejected_documents(short, batch_id, "too_short_after_cleaning", details)])
        cleaned = cleaned.filter(pc.invert(too_short))
    dedup_texts = cleaned.column("dedup_text").to_pylist()
    signatures = MinHasher(config.minhash).signatures(dedup_texts)
    flat = pa.array(signatures.reshape(-1), type=pa.uint32())
    cleaned = cleaned.drop_columns(["dedup_text"]).append_column("signature", pa.FixedSizeListArray.from_arrays(flat, config.num_perm))
    cleaned = cleaned.append_column("shingle_count", pa.array(shingle_counts(dedup_texts, config.shingle_size), pa.int32()))
    storage.write_parquet(out.with_suffix(".rejected.parquet"), rejected)
    storage.write_parquet(out, cleaned)
    return str(out)


# ---------------------------------------------------------------------------------------------
# 2-4. Deduplication
# ---------------------------------------------------------------------------------------------


_DEDUP_META = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("batch_seq", pa.int32()),
        ("content_hash", pa.string()),
        ("clean_chars", pa.int32()),
        ("shingle_count", pa.int32()),
        ("kept_as", pa.string()),  # indexed duplicates: cluster_id of the document kept for them
    ]
)


@dataclass(frozen=True)
class DedupInputs:
    folder: str
    n_new: int
    n_indexed: int
    bands: int
    rows: int

    def load(self, name: str, mmap: bool = True) -> np.ndarray:
        return np.load(Path(self.folder) / f"{name}.npy", mmap_mode="r" if mmap else None)


def prepare_dedup(shard_paths: list[str], output_dir: str | Path, batch_id: str, batch_seq: int, config: BatchConfig) -> DedupInputs:
    """Stack earlier batches' index and this batch's documents into arrays (index rows first)."""
    storage.check_index_params(output_dir, config.index_params())
    bands, rows = config.bands_rows
    cols = ["doc_id", "content_hash", "clean_chars", "shingle_count", "signature"]
    new = pa.concat_tables([pq.read_table(p, columns=cols) for p in shard_paths]) if shard_paths else None
    old = storage.read_index(output_dir, batch_seq, batch_id, config.num_perm)
    parts_sig, parts_meta = [], []
    for table, seq, origin in ((old, None, "index"), (new, batch_seq, batch_id)):
        if table is None or len(table) == 0:
            continue
        parts_sig.append(storage.fixed_list_to_numpy(table.column("signature"), config.num_perm, np.uint32))
        parts_meta.append(
            pa.table(
                {
                    "doc_id": table.column("doc_id"),
                    "batch_id": table.column("batch_id") if origin == "index" else pa.array([batch_id] * len(table)),
                    "batch_seq": table.column("batch_seq") if origin == "index" else pa.array([seq] * len(table), pa.int32()),
                    "content_hash": table.column("content_hash"),
                    "clean_chars": table.column("clean_chars"),
                    "shingle_count": table.column("shingle_count"),
                    "kept_as": table.column("kept_as") if origin == "index" else pa.nulls(len(table), pa.string()),
                }
            )
        )
    folder = work_dir(output_dir, batch_id) / "dedup"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    sigs = np.concatenate(parts_sig) if parts_sig else np.empty((0, config.num_perm), np.uint32)
    meta = pa.concat_tables(parts_meta) if parts_meta else _DEDUP_META.empty_table()
    np.save(folder / "signatures.npy", sigs)
    np.save(folder / "band_keys.npy", band_keys(sigs, bands, rows))
    pq.write_table(meta, folder / "meta.parquet")
    n_old = 0 if old is None else len(old)
    return DedupInputs(folder=str(folder), n_new=len(sigs) - n_old, n_indexed=n_old, bands=bands, rows=rows)


def band_pairs(inputs: DedupInputs, band_lo: int, band_hi: int) -> np.ndarray:
    keys = np.asarray(inputs.load("band_keys")[:, band_lo:band_hi])
    protected = np.arange(len(keys)) < inputs.n_indexed
    return candidate_pairs(keys, protected)


def _cluster_ids(batch_ids: np.ndarray, doc_ids: np.ndarray) -> list[str]:
    """A cluster is named by its kept document: "batch/doc_id". Index rows point to it by name."""
    return [f"{b}/{d}" for b, d in zip(batch_ids, doc_ids)]


def _index_links(doc_ids: np.ndarray, batch_ids: np.ndarray, kept_as: list, n_indexed: int) -> np.ndarray:
    """Edges from each indexed duplicate to the indexed document kept for it, so a new repost that
    resembles an earlier repost more than the original joins the original's cluster."""
    dup = np.array([k is not None for k in kept_as[:n_indexed]], dtype=bool)
    if not dup.any():
        return np.empty((0, 2), dtype=np.int64)
    cluster_ids = np.array(_cluster_ids(batch_ids[:n_indexed], doc_ids[:n_indexed]))
    order = np.argsort(cluster_ids, kind="stable")
    wanted = np.array([k for k in kept_as[:n_indexed] if k is not None])
    at = np.minimum(np.searchsorted(cluster_ids[order], wanted), n_indexed - 1)
    found = cluster_ids[order][at] == wanted  # a kept document missing from the index: no link
    return np.stack([np.flatnonzero(dup)[found], order[at][found]], axis=1).astype(np.int64)


def decide(inputs: DedupInputs, pairs: list[np.ndarray] | None, config: BatchConfig) -> str:
    """Verify, cluster, choose; write one decision row per new document (in shard order)."""
    sigs = inputs.load("signatures", mmap=False)
    meta = pq.read_table(Path(inputs.folder) / "meta.parquet")
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
        sigs, inputs.load("band_keys", mmap=False), hashes.astype(str), rank, protected, config.threshold, pairs,
        measure=config.measure, sizes=sizes, links=links,
    )
    new = np.arange(inputs.n_indexed, n)
    rep = result.representative[new]
    is_dup = rep != new
    decisions = pa.table(
        {
            "doc_id": pa.array(doc_ids[new].tolist(), pa.string()),
            "status": pa.array(np.where(is_dup, "duplicate", "clean").tolist(), pa.string()),
            "cluster_id": pa.array(_cluster_ids(batch_ids[rep], doc_ids[rep]), pa.string()),
            "duplicate_of": pa.array(doc_ids[rep].tolist(), pa.string()),
            "duplicate_of_batch": pa.array(batch_ids[rep].tolist(), pa.string()),
            "similarity": pa.array(result.similarity[new].astype(np.float32)),
            "containment": pa.array(result.containment[new].astype(np.float32)),
            "match": pa.array(np.where(result.exact[new], "exact", "near").tolist(), pa.string()),
        }
    )
    path = Path(inputs.folder) / "decisions.parquet"
    storage.write_parquet(path, decisions)
    stats = {"candidate_pairs": result.candidate_pairs, "verified_pairs": result.verified_pairs, "indexed_documents": inputs.n_indexed}
    storage.write_json(Path(inputs.folder) / "stats.json", stats)
    return str(path)


# ---------------------------------------------------------------------------------------------
# 5. Publishing
# ---------------------------------------------------------------------------------------------


def _document_columns(table: pa.Table, batch_id: str, decisions: pa.Table) -> pa.Table:
    n = len(table)
    cols = {
        "doc_id": table.column("doc_id"),
        "batch_id": pa.array([batch_id] * n, pa.string()),
        "source_file": table.column("source_file"),
        "url": table.column("url"),
        "title": table.column("title"),
        "text": table.column("text"),
        "original_script": table.column("original_script"),
        "fixes": table.column("fixes"),
        "content_hash": table.column("content_hash"),
        "cluster_id": decisions.column("cluster_id"),
        "encoding": table.column("encoding"),
        "clean_chars": table.column("clean_chars"),
        "removed_lines": table.column("removed_lines"),
        "replacement_chars": table.column("replacement_chars"),
        "lost_byte_marks": table.column("lost_byte_marks"),
    }
    return pa.table(cols)


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
    """Write the batch's outputs shard by shard (memory stays one shard); the manifest last.

    clean, duplicates, rejected and index are written to temporary files and renamed into place only
    once all four are complete.
    """
    output_dir = Path(output_dir)
    decisions = pq.read_table(decisions_path)
    bands, rows = inputs.bands, inputs.rows
    targets = {
        "clean": (output_dir / "clean" / f"{batch_id}.parquet", CLEAN_SCHEMA),
        "duplicates": (output_dir / "duplicates" / f"{batch_id}.parquet", DUPLICATES_SCHEMA),
        "rejected": (output_dir / "rejected" / f"{batch_id}.parquet", REJECTED_SCHEMA),
        "index": (output_dir / "index" / f"{batch_id}.parquet", storage.index_schema(config.num_perm, bands)),
    }
    seen: set[str] = set()
    reasons: Counter = Counter()
    rule_counts: Counter = Counter()
    cluster_sizes: Counter = Counter()
    matches: Counter = Counter()
    n_input = offset = 0
    with storage.atomic_writers(targets) as out:
        for path in shard_paths:
            docs = pq.read_table(path)
            rejected = pq.read_table(Path(path).with_suffix(".rejected.parquet"))
            dec = decisions.slice(offset, len(docs))
            offset += len(docs)
            assert docs.column("doc_id").equals(dec.column("doc_id")), "decisions out of step with shards"
            n_input += len(docs) + len(rejected)

            # A doc_id seen twice in one batch: the first occurrence counts, later ones are rejected.
            first_mask = []
            for doc_id in docs.column("doc_id").to_pylist():
                first_mask.append(doc_id not in seen)
                seen.add(doc_id)
            if not all(first_mask):
                first = pa.array(first_mask)
                repeated = docs.filter(pc.invert(first))
                details = ["doc_id already used earlier in this batch"] * len(repeated)
                rejected = pa.concat_tables([rejected, _rejected_documents(repeated, batch_id, "duplicate_doc_id", details)])
                docs, dec = docs.filter(first), dec.filter(first)

            is_clean = pc.equal(dec.column("status"), "clean")
            base = _document_columns(docs, batch_id, dec)
            out["clean"].write(base.filter(is_clean))
            dups = base.filter(pc.invert(is_clean))
            dec_dups = dec.filter(pc.invert(is_clean))
            for name in ("duplicate_of", "duplicate_of_batch", "similarity", "containment", "match"):
                dups = dups.append_column(name, dec_dups.column(name))
            out["duplicates"].write(dups)
            out["rejected"].write(rejected)

            # Index rows for every published document, so later batches find their reposts; a
            # duplicate's row names the document kept for it.
            keys = band_keys(storage.fixed_list_to_numpy(docs.column("signature"), config.num_perm, np.uint32), bands, rows)
            out["index"].write(
                pa.table(
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
            )
            reasons.update(rejected.column("reason").to_pylist())
            rule_counts.update(f for fixes in docs.column("fixes").to_pylist() for f in fixes)
            cluster_sizes.update(dec_dups.column("cluster_id").to_pylist())
            matches.update(dec_dups.column("match").to_pylist())
        assert offset == len(decisions), "decisions out of step with shards"
        counts = {"input": n_input, "clean": out["clean"].rows, "duplicates": out["duplicates"].rows, "rejected": out["rejected"].rows}
        assert counts["input"] == counts["clean"] + counts["duplicates"] + counts["rejected"]

    stats = storage.read_json(Path(inputs.folder) / "stats.json", default={})
    manifest = {
        "batch_id": batch_id,
        "batch_seq": batch_seq,
        "schema_version": SCHEMA_VERSION,
        "counts": counts,
        "rejected_by_reason": dict(sorted(reasons.items())),
        "duplicates_by_match": dict(sorted(matches.items())),
        "fixes": dict(rule_counts.most_common()),
        "largest_clusters": [{"cluster_id": c, "duplicates": k} for c, k in cluster_sizes.most_common(10)],
        "dedup": {**stats, "bands": bands, "rows": rows},
        "parameters": {**asdict(config), "minhash": config.minhash.as_dict()},
        "versions": versions(),
        "files": {kind: f"{kind}/{batch_id}.parquet" for kind in ("clean", "duplicates", "rejected")},
        **run_info,
    }
    storage.write_parquet(output_dir / "state" / "line_stats" / f"{batch_id}.parquet", pq.read_table(work_dir(output_dir, batch_id) / "line_stats.parquet"))
    storage.write_json(output_dir / "manifests" / f"{batch_id}.json", manifest)
    storage.record_batch(
        output_dir,
        batch_id,
        {
            "seq": batch_seq,
            "input_dir": run_info.get("input_dir"),
            "input_fingerprint": run_info.get("input_fingerprint"),
            "counts": counts,
            "completed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )
    ledger = storage.load_ledger(output_dir)
    storage.write_json(output_dir / "manifest.json", {**manifest, "batches": {b: e["counts"] for b, e in sorted(ledger["batches"].items())}})
    return manifest


def cleanup_work(output_dir: str | Path, batch_id: str, keep: set[str]) -> None:
    """Drop cached shard results that this run did not use (older inputs or parameters)."""
    folder = work_dir(output_dir, batch_id)
    for path in list(folder.glob("shard-*.parquet")) + list(folder.glob("final-*.parquet")):
        main = str(path).replace(".rejected.parquet", ".parquet").replace(".lines.parquet", ".parquet")
        if main not in keep:
            os.remove(path)
