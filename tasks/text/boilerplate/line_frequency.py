"""Frequency-based boilerplate, in the style of CCNet: short lines that recur across many documents
of the same source are that source's template (its own header, footer or promo), whatever words
they use, so no rule has to know them.

The source of a document is its URL's host, or, without a URL, the input file it came from.
Lines are also counted over the whole batch, whatever their source (``BATCH_WIDE``): a folder of
``.txt`` files has one source a file, so a site's template would otherwise never recur. A line
counts once per story (``story_key``): reposts of one article, whatever furniture each site gives
it, count once, so a reposted headline is no template. A batch-wide frequent line goes only from
a document's header and footer, never from between its first and last paragraph.

A site's piece glued onto the end of its articles (``（本文来源：某网）``, a closing promo) is no
line of its own: the last piece of the article's last paragraph is counted as well, apart from
whole lines (``tail_hash``), once per sentence end it follows (``follows_key``: reposts of an
article end alike, however each site edits its opening), and cut where it is frequent, as
``boilerplate.frequent_tail``.

Counts are kept per batch under ``OUTPUT/state/line_stats/`` so later batches learn from earlier
ones; a batch only sees the counts of batches processed before it, so re-running it gives the same
result. A source's frequent line between a document's first and last paragraph is removed only if
it is no sentence: a site's series of updates on one story repeats the story's sentences.

A site's counter, date or figures line prints other numbers on each page (``阅读 1234``, ``本周新房成交
812 套，环比上涨 3.5%``): a header or footer line with a number is also counted with its numbers
blanked (``template_hash``), and goes as ``boilerplate.frequent_template`` where that form is
frequent. Only from the header and footer: a market report's table rows between its paragraphs
recur the same way and are the report's own.
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
from tasks.text.boilerplate.model import body_overlap, may_be_tail
from tasks.text.boilerplate.rules import body_span, is_body, is_sign_off
from tasks.text.patterns import ends_sentence
from tasks.text.script import to_simplified

MAX_LINE_CHARS = 80
RULE = "boilerplate.frequent_line"
TEMPLATE_RULE = "boilerplate.frequent_template"
TAIL_RULE = "boilerplate.frequent_tail"
BATCH_WIDE = "*"  # the source of the batch-wide counts: no host or file is named so
TAILS = "tail:"  # before a source: the counts of its glued pieces, apart from its lines


def source_key(url: str | None, source_file: str) -> str:
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return "file:" + source_file


def line_hash(line: str) -> int:
    """Hash of a line's simplified, whitespace-free form, so both scripts count as one line."""
    return _hash(dedup_form(to_simplified(line)))


def _hash(form: str) -> int:
    digest = hashlib.blake2b(form.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_NUMBER = re.compile(r"\d+")


def template_hash(line: str) -> int | None:
    """Hash of a line's form (``line_hash``'s) with every number blanked, for a line that has one.
    The form is marked so that it never equals a line's own form."""
    form = dedup_form(to_simplified(line))
    return _hash("\0" + _NUMBER.sub("0", form)) if _NUMBER.search(form) else None


def _edge_templates(lines: list[str]) -> dict[int, int]:
    """Template hashes of the short lines with a number above the first paragraph or below the last,
    but a headline's: a daily report's headline recurs with other numbers too
    (``8月14日人民币对美元中间价报7.1772``), and shares most of its words with the article, where a
    site's figures line shares few (``model.body_overlap``)."""
    first, last = body_span(lines)
    out = {}
    for j, line in enumerate(lines):
        if (j < first or j > last) and _is_short(line) and (h := template_hash(line)) is not None:
            if body_overlap(line, lines, j, (first, last)) < 0.5:
                out[j] = h
    return out


def tail_hash(piece: str) -> int:
    """Hash of a piece glued onto the article's last paragraph (counted under ``TAILS``), in the
    text's own (target) script: ``line_hash``'s script conversion of every document's tail would cost
    more than the rest of this stage. 64 bits of two checksums."""
    data = "".join(piece.split()).encode("utf-8")
    h = zlib.crc32(data) | (zlib.adler32(data) << 32)
    return h - (1 << 64) if h >= 1 << 63 else h


# Characters at the end of the article's last paragraph looked at for a frequent piece: more than a
# candidate piece and the sentence end before it.
TAIL_CHARS = MAX_LINE_CHARS + 40
STORY_CHARS = 200  # characters of the longest line that name its story
FOLLOWS_CHARS = 30  # characters before a glued piece that name what it follows
_CLOSING_QUOTES = "”’」』"


def split_tail(line: str) -> tuple[str, str] | None:
    """The line without its last piece, and that piece, if the piece could be a site's glued piece:
    it follows the last sentence end or closing bracket among the line's last TAIL_CHARS characters
    (found by ``rfind``: this runs on every document), is 2 to MAX_LINE_CHARS characters long, and is
    no reporter's sign-off (the article's own, however often a site prints it)."""
    end = len(line)
    while end and line[end - 1].isspace():
        end -= 1
    lo = max(0, end - TAIL_CHARS)
    start = 1 + max(
        line.rfind("。", lo, end - 1),
        line.rfind("！", lo, end - 1),
        line.rfind("？", lo, end - 1),
        line.rfind("）", lo, end - 1),
        line.rfind("】", lo, end - 1),
        line.rfind(")", lo, end - 1),
        line.rfind("!", lo, end - 1),
        line.rfind("?", lo, end - 1),
    )
    if start == 0:
        return None
    while start < end and line[start] in _CLOSING_QUOTES:  # the sentence before ends with its quote
        start += 1
    piece = line[start:end].strip()
    if not 2 <= len(piece) <= MAX_LINE_CHARS or is_sign_off(piece):
        return None
    return line[:start], piece


def glued_ends(line: str) -> list[tuple[str, str]]:
    """The line's end as a glued tail may be: its last piece, and its last two pieces together
    (``本文为数据整理…。〖 证星主力研究 〗本文不构成投资建议…``: a site glues a block, whose second
    piece always follows its first), each with the line before it."""
    last = split_tail(line)
    if last is None:
        return []
    rest, piece = last
    before = split_tail(rest)
    if before is None:
        return [last]
    return [last, (before[0], rest[len(before[0]) :] + piece)]


def _is_short(line: str) -> bool:
    """Lines this rule considers: template lines are short, article paragraphs are not."""
    return 0 < len(line) <= MAX_LINE_CHARS


def story_key(lines: list[str], chash: str) -> str:
    """Which story a document tells: a checksum of the opening of its longest line. Reposts of an
    article print its paragraphs as they are, whatever each site prints around them; different
    articles share none. The longest line, not every paragraph: a site's own notice can stand between
    them, on all its pages. A document with no paragraph (no line of 30 characters): its content."""
    longest = max(lines, key=len, default="")
    if len(longest) < 30:
        return chash
    return f"s{zlib.crc32(longest[:STORY_CHARS].encode('utf-8')):08x}"  # cleaned text: its spacing is normalised


def follows_key(rest: str) -> str:
    """What a glued piece follows: a checksum of the sentence end before it. A site glues its piece
    onto every article's last sentence; reposts of one article end alike, however each site edits
    its opening, so the article's own last piece counts once however often it is reposted."""
    return f"f{zlib.crc32(rest[-FOLLOWS_CHARS:].encode('utf-8')):08x}"


def document_lines(table: pa.Table) -> pa.Table:
    """(source, line_hash, story) for every short line of every document, once per document, under
    its own source and under BATCH_WIDE; and for its last paragraph's last piece, under ``TAILS``
    and those, with what it follows as its story."""
    rows: dict[str, list] = {"source": [], "line_hash": [], "story": []}
    for url, source_file, text, chash in zip(
        table.column("url").to_pylist(),
        table.column("source_file").to_pylist(),
        table.column("text").to_pylist(),
        table.column("content_hash").to_pylist(),
    ):
        lines = text.split("\n")
        hashes = {line_hash(line) for line in lines if _is_short(line)}
        hashes.update(_edge_templates(lines).values())
        last = _last_paragraph(lines)
        ends = glued_ends(lines[last]) if last >= 0 else []
        if not hashes and not ends:
            continue
        source, listed = source_key(url, source_file), list(hashes)
        rows["source"] += [source] * len(listed) + [BATCH_WIDE] * len(listed)
        rows["line_hash"] += listed + listed
        rows["story"] += [story_key(lines, chash)] * (2 * len(listed))
        for rest, piece in ends:
            rows["source"] += [TAILS + source, TAILS + BATCH_WIDE]
            rows["line_hash"] += [tail_hash(piece)] * 2
            rows["story"] += [follows_key(rest)] * 2
    return pa.table(rows, schema=LINES_SCHEMA)


def _last_paragraph(lines: list[str]) -> int:
    """``body_span(lines)[1]``, looked for from the end: the last line that reads as a paragraph."""
    return next((j for j in range(len(lines) - 1, -1, -1) if is_body(lines[j])), -1)


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
    empty: set[int] = set()
    batch_wide, batch_tails = known.get(BATCH_WIDE, empty), known.get(TAILS + BATCH_WIDE, empty)
    # A document's source is looked up (its URL parsed) only where some source has counts of its own.
    per_source = any(source not in (BATCH_WIDE, TAILS + BATCH_WIDE) for source in known)
    urls = table.column("url").to_pylist() if per_source else None
    files = table.column("source_file").to_pylist() if per_source else None
    texts = table.column("text").to_pylist()
    changes: dict[int, tuple[str, list[str], int]] = {}
    for i, text in enumerate(texts):
        hashes = tail_hashes = empty
        if per_source:
            source = source_key(urls[i], files[i])
            hashes, tail_hashes = known.get(source, empty), known.get(TAILS + source, empty)
        if not (hashes or batch_wide or tail_hashes or batch_tails):
            continue
        lines = text.split("\n")
        kept, rules = _without_frequent_lines(lines, hashes, batch_wide) if hashes or batch_wide else (lines, [])
        tails = _cut_frequent_tail(kept, tail_hashes, batch_tails) if tail_hashes or batch_tails else 0
        if len(kept) < len(lines) or tails:
            fixes = rules + [TAIL_RULE] * bool(tails)
            changes[i] = ("\n".join(kept), fixes, len(lines) - len(kept))
    if not changes:
        return table
    cols = {"text": texts}
    for name in ("fixes", "removed_lines", "content_hash", "clean_chars", "dedup_text"):
        cols[name] = table.column(name).to_pylist()
    for i, (text, fixes, removed) in changes.items():
        dedup = dedup_form(to_simplified(text))
        cols["text"][i] = text
        cols["fixes"][i] = cols["fixes"][i] + fixes
        cols["removed_lines"][i] += removed
        cols["dedup_text"][i] = dedup
        cols["content_hash"][i] = content_hash(dedup)
        cols["clean_chars"][i] = len(dedup)
    for name, values in cols.items():
        table = table.set_column(
            table.schema.get_field_index(name),
            table.schema.field(name),
            pa.array(values, type=table.schema.field(name).type),
        )
    return table


def _without_frequent_lines(lines: list[str], hashes: set[int], batch_wide: set[int]) -> tuple[list[str], list[str]]:
    """The lines kept, and the rules that removed the others."""
    at = {j: line_hash(ln) for j, ln in enumerate(lines) if _is_short(ln)}
    templates = {j: h for j, h in _edge_templates(lines).items() if h in hashes or h in batch_wide}
    if not templates and not any(h in hashes or h in batch_wide for h in at.values()):
        return lines, []
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
    by_template = {j for j in templates if j not in dropped and not is_sign_off(lines[j])}
    if not dropped and not by_template:
        return lines, []
    rules = [RULE] * bool(dropped) + [TEMPLATE_RULE] * bool(by_template)
    return [ln for j, ln in enumerate(lines) if j not in dropped and j not in by_template], rules


def _cut_frequent_tail(lines: list[str], hashes: set[int], batch_wide: set[int]) -> int:
    """Cut, in place, frequent pieces glued onto the article's last paragraph; how many. A piece
    that ends its sentence in none of the vocabulary's words stays: the article's own closing line
    (``该案正在进一步办理中。``) recurs across a source's stories too. (Asked only of a frequent piece:
    the vocabulary's words cost more to look for than the rest of this stage.)"""
    last = _last_paragraph(lines)
    cut = 0
    while last >= 0:
        frequent = [
            (rest, piece)
            for rest, piece in reversed(glued_ends(lines[last]))  # the two pieces together first
            if ((h := tail_hash(piece)) in hashes or h in batch_wide) and may_be_tail(piece)
        ]
        if not frequent:
            break
        lines[last] = frequent[0][0]
        cut += 1
    return cut
