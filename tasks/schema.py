"""Every Arrow schema of the pipeline: first the output contract (docs/schema.md), then the tables
the stages hand each other.

Bump SCHEMA_VERSION when an output column is removed or changes meaning; consumers read it from the
Parquet key-value metadata ``cnnews.schema_version``.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.text.script import CONVERTER

SCHEMA_VERSION = "1.4"
METADATA_KEY = b"cnnews.schema_version"
# Which converter and version produced the text ("opencc 1.4.2"): a change is a reason to reprocess.
CONVERTER_KEY = b"cnnews.script_converter"
_METADATA = {METADATA_KEY: SCHEMA_VERSION.encode(), CONVERTER_KEY: CONVERTER.encode()}

_COMMON = [
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("batch_id", pa.string(), nullable=False),
    pa.field("source_file", pa.string(), nullable=False),
]

_DOCUMENT = _COMMON + [
    pa.field("url", pa.string()),
    pa.field("title", pa.string()),
    pa.field("text", pa.string(), nullable=False),
    pa.field("original_script", pa.string(), nullable=False),
    pa.field("fixes", pa.list_(pa.string()), nullable=False),
    pa.field("content_hash", pa.string(), nullable=False),
    pa.field("cluster_id", pa.string(), nullable=False),
    pa.field("encoding", pa.string(), nullable=False),
    pa.field("clean_chars", pa.int32(), nullable=False),
    pa.field("removed_lines", pa.int32(), nullable=False),
    pa.field("replacement_chars", pa.int32(), nullable=False),
    pa.field("lost_byte_marks", pa.int32(), nullable=False),
]

CLEAN_SCHEMA = pa.schema(_DOCUMENT, metadata=_METADATA)
DUPLICATES_SCHEMA = pa.schema(
    _DOCUMENT
    + [
        pa.field("duplicate_of", pa.string(), nullable=False),
        pa.field("duplicate_of_batch", pa.string(), nullable=False),
        pa.field("similarity", pa.float32(), nullable=False),
        pa.field("containment", pa.float32(), nullable=False),
        pa.field("match", pa.string(), nullable=False),
    ],
    metadata=_METADATA,
)
REJECTED_SCHEMA = pa.schema(
    _COMMON
    + [
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("raw_excerpt", pa.string()),
    ],
    metadata=_METADATA,
)

OUTPUT_SCHEMAS = {"clean": CLEAN_SCHEMA, "duplicates": DUPLICATES_SCHEMA, "rejected": REJECTED_SCHEMA}


def index_schema(num_perm: int, bands: int) -> pa.Schema:
    """OUTPUT/index/<batch>.parquet: the signatures later batches are compared with."""
    return pa.schema(
        [
            pa.field("batch_id", pa.string()),
            pa.field("batch_seq", pa.int32()),
            pa.field("doc_id", pa.string()),
            pa.field("content_hash", pa.string()),
            pa.field("clean_chars", pa.int32()),
            pa.field("shingle_count", pa.int32()),
            pa.field("signature", pa.list_(pa.uint32(), num_perm)),
            pa.field("band_keys", pa.list_(pa.uint64(), bands)),
            pa.field("kept_as", pa.string()),
        ]
    )


# ---------------------------------------------------------------------------------------------
# Between stages (OUTPUT/.work/)
# ---------------------------------------------------------------------------------------------

# A shard as read: one row per record that could be decoded.
RAW_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string()),
        pa.field("source_file", pa.string()),
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("raw_text", pa.string()),
    ]
)
# Records ingest could not use: the output's rejected columns but the batch, which ingest does not know.
RAW_REJECTED_SCHEMA = pa.schema([pa.field(f.name, f.type) for f in REJECTED_SCHEMA if f.name != "batch_id"])

# Columns cleaning adds to a raw shard (``raw_text`` is dropped).
CLEANED_FIELDS = [
    pa.field("text", pa.string()),
    pa.field("original_script", pa.string()),
    pa.field("fixes", pa.list_(pa.string())),
    pa.field("removed_lines", pa.int32()),
    pa.field("replacement_chars", pa.int32()),
    pa.field("lost_byte_marks", pa.int32()),
    pa.field("content_hash", pa.string()),
    pa.field("clean_chars", pa.int32()),
]

# Short lines per document and their counts per source, for frequency-based boilerplate.
LINES_SCHEMA = pa.schema(
    [pa.field("source", pa.string()), pa.field("line_hash", pa.int64()), pa.field("story", pa.string())]
)
LINE_STATS_SCHEMA = pa.schema(
    [pa.field("source", pa.string()), pa.field("line_hash", pa.int64()), pa.field("docs", pa.int64())]
)

# One row per document that dedup compares: earlier batches' index rows first, then the batch's.
DEDUP_META_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string()),
        pa.field("batch_id", pa.string()),
        pa.field("batch_seq", pa.int32()),
        pa.field("content_hash", pa.string()),
        pa.field("clean_chars", pa.int32()),
        pa.field("shingle_count", pa.int32()),
        pa.field("kept_as", pa.string()),  # indexed duplicates: cluster_id of the document kept for them
    ]
)
