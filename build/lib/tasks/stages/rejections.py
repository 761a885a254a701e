"""Rejected rows: every record that does not reach clean or duplicates, with a reason."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from tasks.schema import REJECTED_SCHEMA


def rejected_from_raw(table: pa.Table, batch_id: str) -> pa.Table:
    """Records ingest could not read, with the batch they belong to."""
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


def rejected_documents(docs: pa.Table, batch_id: str, reason: str, details: list[str]) -> pa.Table:
    """Documents that were read and cleaned but cannot be published."""
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
