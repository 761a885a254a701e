"""Frequency-based boilerplate, in the style of CCNet: short lines that recur across many documents
of the same source are that source's template (its own header, footer or promo), whatever words
they use, so no rule has to know them.

The source of a document is its URL's host, or, without a URL, the input file it came from.
A line counts once per distinct document content (reposts of one article with identical text
count once). Counts are kept per batch under ``OUTPUT/state/line_stats/`` so later batches learn
from earlier ones; a batch only sees the counts of batches processed before it, so re-running it
gives the same result. A frequent line between a document's first and last paragraph is removed
only if it is no sentence: a site's series of updates on one story repeats the story's sentences.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.content import content_hash, dedup_form
from tasks.schema import LINE_STATS_SCHEMA, LINES_SCHEMA
from tasks.text.boilerplate.rules import body_span
from tasks.text.patterns import ends_sentence
from tasks.text.script import to_simplified

MAX_LINE_CHARS = 80
RULE = "boilerplate.frequent_line"


def source_key(url: str | None, source_file: str) -> str:
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return "file:" + source_file


def line_hash(line: str) -> int:
    """Hash of a line's simplified, whitespace-free form, so both scripts count as one line."""
    digest = hashlib.blake2b(dedup_form(to_simplified(line)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _is_short(line: str) -> bool:
    """Lines this rule considers: template lines are short, article paragraphs are not."""
    return 0 < len(line) <= MAX_LINE_CHARS


def document_lines(table: pa.Table) -> pa.Table:
    """(source, line_hash, content_hash) for every short line of every document, once per document."""
    rows: dict[str, list] = {"source": [], "line_hash": [], "content_hash": []}
    for url, source_file, text, chash in zip(
        table.column("url").to_pylist(),
        table.column("source_file").to_pylist(),
        table.column("text").to_pylist(),
        table.column("content_hash").to_pylist(),
    ):
        source = source_key(url, source_file)
        for h in {line_hash(line) for line in text.split("\n") if _is_short(line)}:
            rows["source"].append(source)
            rows["line_hash"].append(h)
            rows["content_hash"].append(chash)
    return pa.table(rows, schema=LINES_SCHEMA)


def count_lines(lines: pa.Table) -> pa.Table:
    """Documents (distinct contents) per (source, line)."""
    if len(lines) == 0:
        return LINE_STATS_SCHEMA.empty_table()
    distinct = lines.group_by(["source", "line_hash", "content_hash"]).aggregate([])
    counted = distinct.group_by(["source", "line_hash"]).aggregate([("content_hash", "count")])
    return counted.rename_columns(["source", "line_hash", "docs"]).cast(LINE_STATS_SCHEMA)


def frequent_lines(stats: list[pa.Table], min_docs: int) -> pa.Table:
    """(source, line_hash) whose document count over all given stats reaches min_docs."""
    stats = [s for s in stats if len(s)]
    if not stats or min_docs <= 0:
        return LINE_STATS_SCHEMA.empty_table()
    total = pa.concat_tables(stats).group_by(["source", "line_hash"]).aggregate([("docs", "sum")])
    total = total.rename_columns(["source", "line_hash", "docs"])
    return total.filter(pc.greater_equal(total.column("docs"), min_docs)).cast(LINE_STATS_SCHEMA)


def remove_frequent_lines(table: pa.Table, frequent: pa.Table) -> pa.Table:
    """Drop frequent lines from ``text``; update fixes, counts, hashes and ``dedup_text`` to match."""
    if len(frequent) == 0 or len(table) == 0:
        return table
    known: dict[str, set[int]] = {}
    for source, h in zip(frequent.column("source").to_pylist(), frequent.column("line_hash").to_pylist()):
        known.setdefault(source, set()).add(h)
    cols = {
        name: table.column(name).to_pylist()
        for name in ("text", "fixes", "removed_lines", "content_hash", "clean_chars", "dedup_text")
    }
    changed = False
    for i, (url, source_file) in enumerate(
        zip(table.column("url").to_pylist(), table.column("source_file").to_pylist())
    ):
        hashes = known.get(source_key(url, source_file))
        if not hashes:
            continue
        lines = cols["text"][i].split("\n")
        frequent_at = [j for j, ln in enumerate(lines) if _is_short(ln) and line_hash(ln) in hashes]
        if not frequent_at:
            continue
        first, last = body_span(lines)
        # Between the first and the last paragraph a frequent sentence is the article's (a series of
        # updates from one site repeats its sentences); a label or a promo without one is not.
        dropped = {j for j in frequent_at if j < first or j > last or not ends_sentence(lines[j])}
        if not dropped:
            continue
        kept = [ln for j, ln in enumerate(lines) if j not in dropped]
        changed = True
        text = "\n".join(kept)
        dedup = dedup_form(to_simplified(text))
        cols["text"][i] = text
        cols["fixes"][i] = cols["fixes"][i] + [RULE]
        cols["removed_lines"][i] += len(lines) - len(kept)
        cols["dedup_text"][i] = dedup
        cols["content_hash"][i] = content_hash(dedup)
        cols["clean_chars"][i] = len(dedup)
    if not changed:
        return table
    for name, values in cols.items():
        table = table.set_column(
            table.schema.get_field_index(name),
            table.schema.field(name),
            pa.array(values, type=table.schema.field(name).type),
        )
    return table
