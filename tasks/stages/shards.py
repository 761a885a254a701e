"""Stages 1 and 3: clean a shard, then (after the batch's line statistics) finish it for dedup.

``process_shard`` reads and cleans one shard; its result file is the cache of a re-run.
``finalize_shard`` drops the source's frequent lines, rejects what is left too short, and signs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from tasks.config import BatchConfig
from tasks.dedup.content import content_hash, dedup_form
from tasks.dedup.minhash import MinHasher, shingle_counts
from tasks.io import storage
from tasks.io.ingest import FilePart, read_shard
from tasks.schema import CLEANED_FIELDS
from tasks.stages.cache import input_fingerprint, shard_fingerprint, work_dir
from tasks.stages.rejections import rejected_documents, rejected_from_raw
from tasks.text.boilerplate import line_frequency
from tasks.text.clean import clean_documents


def clean_table(raw: pa.Table, target_script: str) -> tuple[pa.Table, pa.Array]:
    """Clean the ``raw_text`` column of a shard.

    Returns the table with the cleaned columns added (``raw_text`` dropped) and a parallel
    string array of dedup texts (simplified, whitespace-free) for signatures: null where it is the
    text without its whitespace (every document when the target is simplified), so the cached
    shard does not hold the batch's text twice (``dedup_texts_of`` restores them).
    """
    columns: dict[str, list] = {f.name: [] for f in CLEANED_FIELDS}
    dedup_texts: list[str] = []
    urls = raw.column("url").to_pylist() if "url" in raw.column_names else [None] * len(raw)
    texts = [text or "" for text in raw.column("raw_text").to_pylist()]
    for doc in clean_documents(texts, target_script, urls):
        columns["text"].append(doc.text)
        columns["original_script"].append(doc.original_script)
        columns["fixes"].append(doc.fixes)
        columns["removed_lines"].append(doc.removed_lines)
        columns["replacement_chars"].append(doc.replacement_chars)
        columns["lost_byte_marks"].append(doc.lost_byte_marks)
        columns["content_hash"].append(content_hash(doc.dedup_text))
        columns["clean_chars"].append(len(doc.dedup_text))
        dedup_texts.append(None if dedup_form(doc.text) == doc.dedup_text else doc.dedup_text)
    out = raw.drop_columns(["raw_text"])
    for f in CLEANED_FIELDS:
        out = out.append_column(f, pa.array(columns[f.name], type=f.type))
    return out, pa.array(dedup_texts, type=pa.string())


def process_shard(
    input_dir: str | Path, parts: list[FilePart], batch_id: str, config: BatchConfig, output_dir: str | Path
) -> str:
    """Read and clean a shard; return the path of its result (reused when inputs are unchanged).

    Beside it: ``.rejected.parquet`` (unreadable records) and ``.lines.parquet`` (its short lines,
    for the frequency statistics).
    """
    out = work_dir(output_dir, batch_id) / shard_name(input_dir, parts, batch_id, config)
    if not out.exists():
        write_shard(input_dir, parts, batch_id, config, out)
    return str(out)


def shard_name(input_dir: str | Path, parts: list[FilePart], batch_id: str, config: BatchConfig) -> str:
    """The cleaned shard's file name: it changes when an input file or a parameter does."""
    key = hashlib.sha256((input_fingerprint(input_dir, parts) + shard_fingerprint(config) + batch_id).encode())
    return f"shard-{key.hexdigest()[:20]}.parquet"


# Rows cleaned at once: each slice's texts, cleaned documents and fixes are Python objects until
# they become Arrow. Cleaning is document by document (the script conversions of a slice's texts
# run together, as fast from a thousand texts on): the result is the same.
CLEAN_SLICE_ROWS = 1000


def write_shard(input_dir: str | Path, parts: list[FilePart], batch_id: str, config: BatchConfig, out: Path) -> None:
    raw, rejected = read_shard(input_dir, parts)
    pieces = []
    for lo in range(0, max(1, len(raw)), CLEAN_SLICE_ROWS):
        cleaned, dedup_texts = clean_table(raw.slice(lo, CLEAN_SLICE_ROWS), config.target_script)
        pieces.append(cleaned.append_column("dedup_text", dedup_texts))
    del raw
    cleaned = pa.concat_tables(pieces)
    storage.write_parquet(out.with_suffix(".rejected.parquet"), rejected_from_raw(rejected, batch_id))
    storage.write_parquet(out.with_suffix(".lines.parquet"), line_frequency.document_lines(cleaned))
    # zstd: .work/ keeps these as a re-run's cache. Written last: its presence marks the shard complete.
    storage.write_parquet(out, cleaned)


def _reject_too_short(
    cleaned: pa.Table, rejected: pa.Table, batch_id: str, min_chars: int
) -> tuple[pa.Table, pa.Table]:
    too_short = pc.less(cleaned.column("clean_chars"), min_chars)
    if not pc.any(too_short).as_py():
        return cleaned, rejected
    short = cleaned.filter(too_short)
    details = [
        f"{n} characters left after cleaning (minimum {min_chars}); rules: {','.join(f)}"
        for n, f in zip(short.column("clean_chars").to_pylist(), short.column("fixes").to_pylist())
    ]
    rejected = pa.concat_tables([rejected, rejected_documents(short, batch_id, "too_short_after_cleaning", details)])
    return cleaned.filter(pc.invert(too_short)), rejected


def dedup_texts_of(cleaned: pa.Table) -> list[str]:
    """A cleaned shard's dedup texts; a null one is its text without whitespace."""
    return [
        dedup_form(text) if dedup is None else dedup
        for text, dedup in zip(cleaned.column("text").to_pylist(), cleaned.column("dedup_text").to_pylist())
    ]


def _sign(cleaned: pa.Table, config: BatchConfig) -> pa.Table:
    """Replace ``dedup_text`` by its MinHash signature and distinct shingle count."""
    texts = dedup_texts_of(cleaned)
    signatures = MinHasher(config.minhash).signatures(texts)
    flat = pa.array(signatures.reshape(-1), type=pa.uint32())
    cleaned = cleaned.drop_columns(["dedup_text"])
    cleaned = cleaned.append_column("signature", pa.FixedSizeListArray.from_arrays(flat, config.num_perm))
    counts = shingle_counts(texts, config.shingle_size)
    return cleaned.append_column("shingle_count", pa.array(counts, pa.int32()))


def finalize_shard(shard_path: str, frequent_path: str, batch_id: str, config: BatchConfig) -> str:
    """Remove frequent lines, reject what is left too short, and sign: the shard as dedup needs it."""
    out = Path(shard_path).with_name(final_name(shard_path, frequent_path))
    if not out.exists():
        write_final(shard_path, frequent_path, batch_id, config, out)
    return str(out)


def final_name(shard_path: str, frequent_path: str) -> str:
    """Both inputs are named by their content, so their names are the finished shard's key."""
    digest = hashlib.sha256((Path(shard_path).name + Path(frequent_path).name).encode())
    return f"final-{digest.hexdigest()[:20]}.parquet"


# Rows a finishing step works on at once. Frequent-line removal holds its rows' columns as Python
# objects and signing its texts' shingle arrays: a whole 16 MiB shard's took a worker 110 MiB above
# what it kept, a thousand rows' a fifth of that. The shard is read and the result written a slice
# at a time too: holding both whole cost a worker another 40-80 MiB at its peak. Every step is row
# by row: the result is the same.
FINAL_SLICE_ROWS = 1000


def write_final(
    shard_path: str | Path, frequent_path: str | Path, batch_id: str, config: BatchConfig, out: Path
) -> None:
    frequent = storage.read_parquet(frequent_path)
    rejected = storage.read_parquet(Path(shard_path).with_suffix(".rejected.parquet"))
    too_short = []
    with storage.streamed_parquet(out, storage.WORK_PARQUET_OPTIONS) as write:
        for piece in storage.read_slices(shard_path, FINAL_SLICE_ROWS):
            cleaned = line_frequency.remove_frequent_lines(piece, frequent)
            cleaned, short = _reject_too_short(cleaned, rejected.slice(0, 0), batch_id, config.min_clean_chars)
            write(_sign(cleaned, config))
            too_short.append(short)
        # Before the signed shard is renamed into place: its presence marks the step complete.
        storage.write_parquet(out.with_suffix(".rejected.parquet"), pa.concat_tables([rejected, *too_short]))
