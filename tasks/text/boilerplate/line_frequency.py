"""Frequency-based boilerplate, in the style of CCNet: short lines that recur across many documents
of the same source are that source's template (its own header, footer or promo), whatever words
they use, so no rule has to know them.

The source of a document is its URL's host, or, without a URL, the input file it came from.
Lines are also counted over the whole batch, whatever their source (``BATCH_WIDE``): a folder of
``.txt`` files has one source a file, so a site's template would otherwise never recur. A line
counts once per story (``story_key``): reposts of one article, whatever furniture each site gives
it, count once, so a reposted headline is no template. A batch-wide frequent line goes only from
a document's header and footer, never from between its first and last paragraph.

Counts are kept per batch under ``OUTPUT/state/line_stats/`` so later batches learn from earlier
ones; a batch only sees the counts of batches processed before it, so re-running it gives the same
result. A source's frequent line between a document's first and last paragraph is removed only if
it is no sentence: a site's series of updates on one story repeats the story's sentences.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.content import content_hash, dedup_form
from tasks.schema import LINE_STATS_SCHEMA, LINES_SCHEMA
from tasks.text.boilerplate.rules import body_span, is_sign_off
from tasks.text.patterns import ends_sentence
from tasks.text.script import to_simplified

MAX_LINE_CHARS = 80
RULE = "boilerplate.frequent_line"
BATCH_WIDE = "*"  # the source of the batch-wide counts: no host or file is named so
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")


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


def story_key(lines: list[str], chash: str) -> str:
    """Which story a document tells: the smallest checksum of the sentences of its longest line (a
    one-hash MinHash). Reposts of an article share that paragraph, and so, mostly, this key, whatever
    each site prints around it; different articles share none. The longest line, not every line
    between the first and last paragraph: a site's own long notice can stand there, on all its pages.
    A document with no sentence: its content."""
    longest = max(lines, key=len, default="")
    sums = [zlib.crc32(s.encode("utf-8")) for s in _SENTENCE.findall("".join(longest.split())) if len(s) >= 8]
    return f"s{min(sums):08x}" if sums else chash


def document_lines(table: pa.Table) -> pa.Table:
    """(source, line_hash, story) for every short line of every document, once per document, under
    its own source and under BATCH_WIDE."""
    rows: dict[str, list] = {"source": [], "line_hash": [], "story": []}
    for url, source_file, text, chash in zip(
        table.column("url").to_pylist(),
        table.column("source_file").to_pylist(),
        table.column("text").to_pylist(),
        table.column("content_hash").to_pylist(),
    ):
        lines = text.split("\n")
        hashes = {line_hash(line) for line in lines if _is_short(line)}
        if not hashes:
            continue
        story = story_key(lines, chash)
        for source in (source_key(url, source_file), BATCH_WIDE):
            rows["source"] += [source] * len(hashes)
            rows["line_hash"] += hashes
            rows["story"] += [story] * len(hashes)
    return pa.table(rows, schema=LINES_SCHEMA)


def count_lines(lines: pa.Table) -> pa.Table:
    """Documents (distinct stories) per (source, line)."""
    if len(lines) == 0:
        return LINE_STATS_SCHEMA.empty_table()
    distinct = lines.group_by(["source", "line_hash", "story"]).aggregate([])
    counted = distinct.group_by(["source", "line_hash"]).aggregate([("story", "count")])
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
    batch_wide = known.get(BATCH_WIDE, set())
    for i, (url, source_file) in enumerate(
        zip(table.column("url").to_pylist(), table.column("source_file").to_pylist())
    ):
        hashes = known.get(source_key(url, source_file), set())
        if not hashes and not batch_wide:
            continue
        lines = cols["text"][i].split("\n")
        at = {j: line_hash(ln) for j, ln in enumerate(lines) if _is_short(ln)}
        if not any(h in hashes or h in batch_wide for h in at.values()):
            continue
        first, last = body_span(lines)
        # Between the first and the last paragraph a frequent sentence is the article's (a series of
        # updates from one site repeats its sentences); a label or a promo without one is not. A
        # line frequent only across the batch's sources goes from the header and footer alone. A
        # reporter's sign-off is the article's own, however often a site prints it.
        dropped = {
            j
            for j, h in at.items()
            if (
                (h in hashes and (j < first or j > last or not ends_sentence(lines[j])))
                or (h in batch_wide and (j < first or j > last))
            )
            and not is_sign_off(lines[j])
        }
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
