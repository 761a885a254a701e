"""The output contract: Parquet schemas of clean, duplicates and rejected (see docs/schema.md).

Bump SCHEMA_VERSION when a column is removed or changes meaning; consumers read it from the
Parquet key-value metadata ``cnnews.schema_version``.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.2"
METADATA_KEY = b"cnnews.schema_version"

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

CLEAN_SCHEMA = pa.schema(_DOCUMENT, metadata={METADATA_KEY: SCHEMA_VERSION.encode()})
DUPLICATES_SCHEMA = pa.schema(
    _DOCUMENT
    + [
        pa.field("duplicate_of", pa.string(), nullable=False),
        pa.field("duplicate_of_batch", pa.string(), nullable=False),
        pa.field("similarity", pa.float32(), nullable=False),
        pa.field("containment", pa.float32(), nullable=False),
        pa.field("match", pa.string(), nullable=False),
    ],
    metadata={METADATA_KEY: SCHEMA_VERSION.encode()},
)
REJECTED_SCHEMA = pa.schema(
    _COMMON
    + [
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("raw_excerpt", pa.string()),
    ],
    metadata={METADATA_KEY: SCHEMA_VERSION.encode()},
)

OUTPUT_SCHEMAS = {"clean": CLEAN_SCHEMA, "duplicates": DUPLICATES_SCHEMA, "rejected": REJECTED_SCHEMA}
