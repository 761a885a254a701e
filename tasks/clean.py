"""One document through every cleaning stage, and a whole shard as an Arrow table.

Order matters: encoding repair first (rules cannot match mojibake), then HTML/pinyin/width
normalisation, then boilerplate (matched on the simplified form, so one rule set serves both
scripts), then conversion to the target script.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyarrow as pa

from tasks.boilerplate import strip_boilerplate
from tasks.encoding import repair_encoding
from tasks.normalize import normalize
from tasks.script import convert_script, detect_script, to_simplified

MIN_CLEAN_CHARS = 20


@dataclass
class CleanDoc:
    text: str  # in the target script
    dedup_text: str  # simplified, whitespace-free: what duplicates are judged on
    original_script: str
    fixes: list[str] = field(default_factory=list)
    removed_lines: int = 0
    replacement_chars: int = 0
    lost_byte_marks: int = 0


def dedup_form(simplified: str) -> str:
    """The text duplicates are judged on: simplified, with all whitespace removed."""
    return "".join(simplified.split())


def content_hash(dedup_text: str) -> str:
    return hashlib.blake2b(dedup_text.encode("utf-8"), digest_size=16).hexdigest()


def clean_document(text: str, target_script: str = "s") -> CleanDoc:
    repaired = repair_encoding(text)
    normalized, norm_fixes = normalize(repaired.text)
    script = detect_script(normalized)
    keep_traditional = script == "traditional" and target_script != "s"
    working = normalized if keep_traditional else to_simplified(normalized, script)
    stripped = strip_boilerplate(working)
    simplified = to_simplified(stripped.text) if keep_traditional else stripped.text
    # The working text is already simplified unless a traditional document keeps its script.
    out_text = convert_script(stripped.text, target_script, script=script if keep_traditional or script == "none" else "simplified")
    fixes = repaired.fixes + norm_fixes + stripped.rules
    if out_text != stripped.text or (not keep_traditional and working != normalized):
        fixes.append(f"script.to_{target_script}")
    return CleanDoc(
        text=out_text,
        dedup_text=dedup_form(simplified),
        original_script=script,
        fixes=fixes,
        removed_lines=len(stripped.removed_lines),
        replacement_chars=repaired.replacement_chars,
        lost_byte_marks=repaired.lost_byte_marks,
    )


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


def clean_table(raw: pa.Table, target_script: str = "s") -> tuple[pa.Table, pa.Array]:
    """Clean the ``raw_text`` column of a shard.

    Returns the table with the cleaned columns added (``raw_text`` dropped) and a parallel
    string array of dedup texts (simplified, whitespace-free) for signatures.
    """
    columns: dict[str, list] = {f.name: [] for f in CLEANED_FIELDS}
    dedup_texts: list[str] = []
    for text in raw.column("raw_text").to_pylist():
        doc = clean_document(text or "", target_script)
        columns["text"].append(doc.text)
        columns["original_script"].append(doc.original_script)
        columns["fixes"].append(doc.fixes)
        columns["removed_lines"].append(doc.removed_lines)
        columns["replacement_chars"].append(doc.replacement_chars)
        columns["lost_byte_marks"].append(doc.lost_byte_marks)
        columns["content_hash"].append(content_hash(doc.dedup_text))
        columns["clean_chars"].append(len(doc.dedup_text))
        dedup_texts.append(doc.dedup_text)
    out = raw.drop_columns(["raw_text"])
    for f in CLEANED_FIELDS:
        out = out.append_column(f, pa.array(columns[f.name], type=f.type))
    return out, pa.array(dedup_texts, type=pa.string())
