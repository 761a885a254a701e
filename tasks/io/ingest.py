"""Reading a batch folder: .txt, .jsonl, .jsonl.gz and .parquet, in UTF-8, GB18030 or Big5.

A batch is split into shards of about ``shard_bytes`` (large JSONL files by byte range, large
Parquet files by row group) so that each Prefect task handles thousands of documents. A file that
cannot be cut where it lies (a large .jsonl.gz, a Parquet file with a row group larger than a shard)
is cut once, streaming, into pieces in a spill folder, so memory never grows with a file's size. Every record
that cannot be read becomes a rejected row with a reason; nothing raises out of a shard.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.io.storage import atomic_path as storage_atomic
from tasks.schema import RAW_REJECTED_SCHEMA, RAW_SCHEMA
from tasks.text.encoding import UndecodableError, decode_bytes

MAX_DOC_BYTES = 8 * 1024 * 1024
TEXT_FIELDS = ("text", "content", "body")
ID_FIELDS = ("id", "doc_id", "docno")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    for ext in ("txt", "jsonl", "parquet"):
        if name.endswith("." + ext):
            return ext
    return None


@dataclass(frozen=True)
class FilePart:
    """A whole file, a byte range of a JSONL file, or a row-group range of a Parquet file."""

    path: str  # relative to the batch folder, with forward slashes
    kind: str | None
    start: int = 0
    end: int = -1  # -1: to the end
    problem: str = ""  # "reason: detail" for an entry the walk met but cannot read: rejected as such
    # A piece of a large .jsonl.gz or Parquet file, cut into the spill folder: ``start`` is then the
    # piece's first line number (.jsonl.gz) or row (Parquet) in the file, so ids do not change.
    spill: str = ""

    def as_dict(self) -> dict:
        out = {"path": self.path, "kind": self.kind, "start": self.start, "end": self.end}
        if self.spill:
            out["spill"] = self.spill
        return {**out, "problem": self.problem} if self.problem else out


def is_hidden(name: str) -> bool:
    """Hidden or metadata names: "." or "_" first (the Hadoop/Spark convention: _SUCCESS is no input)."""
    return name.startswith((".", "_"))


def walk_batch(input_dir: str | Path) -> tuple[list[Path], list[FilePart]]:
    """The batch's files, and every entry the walk meets but cannot use, as a part to reject.

    Nothing outside the batch folder is read: a link to a file outside it, a dangling link and a
    link to a folder (which may loop) are refused, and so is a folder that cannot be listed.
    """
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    real_root = root.resolve()
    files: list[Path] = []
    problems: list[FilePart] = []

    def refuse(path: Path, reason: str, detail: str) -> None:
        problems.append(FilePart(path.relative_to(root).as_posix(), None, problem=f"{reason}: {detail}"))

    def unreadable(exc: OSError) -> None:
        refuse(Path(exc.filename), "unreadable_folder", exc.strerror or str(exc))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        for name in list(dirs):
            if is_hidden(name):
                dirs.remove(name)
            elif (here / name).is_symlink():
                dirs.remove(name)
                refuse(
                    here / name, "linked_folder", "a link to a folder is not followed (it may loop or leave the batch)"
                )
        for name in names:
            path = here / name
            if is_hidden(name):
                continue
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.exists():
                    refuse(path, "dangling_link", f"link to {os.readlink(path)}, which does not exist")
                    continue
                if not target.is_relative_to(real_root):
                    refuse(path, "outside_batch", "link to a file outside the batch folder")
                    continue
            if path.is_file():
                files.append(path)
            else:
                refuse(path, "not_a_file", "neither a regular file nor a folder")
    return sorted(files), sorted(problems, key=lambda part: part.path)


def list_batch_files(input_dir: str | Path) -> list[Path]:
    """Every file of the batch that can be read (see ``walk_batch``)."""
    return walk_batch(input_dir)[0]


# A .jsonl.gz holds about this many times its size in text: larger ones than a shard are cut.
GZIP_RATIO = 4


def _spill_name(rel: str, path: Path) -> str:
    """Pieces of one version of a file: a changed file (size, time) gets new pieces."""
    st = path.stat()
    return hashlib.sha256(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]


def _spill_gzip(path: Path, rel: str, spill_dir: Path, shard_bytes: int) -> list[FilePart] | None:
    """Cut a .jsonl.gz into plain JSONL pieces of about shard_bytes, streaming; None when the file
    is not readable gzip (it is then one part, rejected with its reason when read)."""
    name = _spill_name(rel, path)
    index = spill_dir / f"{name}.json"
    if index.exists():
        return [FilePart(**d) for d in json.loads(index.read_text(encoding="utf-8"))]
    spill_dir.mkdir(parents=True, exist_ok=True)
    pieces: list[FilePart] = []
    try:
        with gzip.open(path, "rb") as src:
            number, first, size, out, piece = 1, 1, 0, None, None
            for line in src:
                if out is None:
                    piece = spill_dir / f"{name}-{len(pieces):05d}.jsonl"
                    out, first, size = open(piece, "wb"), number, 0
                out.write(line if line.endswith(b"\n") else line + b"\n")
                size += len(line)
                number += 1
                if size >= shard_bytes:
                    out.close()
                    pieces.append(FilePart(rel, "jsonl.gz", first, number, spill=str(piece)))
                    out = None
            if out is not None:
                out.close()
                pieces.append(FilePart(rel, "jsonl.gz", first, number, spill=str(piece)))
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    with storage_atomic(index) as tmp:
        tmp.write_text(json.dumps([p.as_dict() for p in pieces]), encoding="utf-8")
    return pieces


def _spill_parquet(path: Path, rel: str, spill_dir: Path, shard_bytes: int) -> list[FilePart] | None:
    """Cut a Parquet file whose row groups are larger than a shard into pieces of about
    shard_bytes, reading record batches (never a whole row group's Python objects at once)."""
    name = _spill_name(rel, path)
    index = spill_dir / f"{name}.json"
    if index.exists():
        return [FilePart(**d) for d in json.loads(index.read_text(encoding="utf-8"))]
    spill_dir.mkdir(parents=True, exist_ok=True)
    try:
        # buffered page reads: a row group's column chunk is never held whole
        pf = pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
        text_bytes = sum(pf.metadata.row_group(g).total_byte_size for g in range(pf.num_row_groups))
        rows_per_piece = max(1, int(pf.metadata.num_rows * shard_bytes / max(1, text_bytes)))
        pieces, row = [], 0
        for batch in pf.iter_batches(batch_size=rows_per_piece):
            piece = spill_dir / f"{name}-{len(pieces):05d}.parquet"
            pq.write_table(pa.Table.from_batches([batch]), piece, compression="zstd")
            pieces.append(FilePart(rel, "parquet", row, row + batch.num_rows, spill=str(piece)))
            row += batch.num_rows
    except Exception:  # unreadable: one part, rejected with its reason when read
        return None
    with storage_atomic(index) as tmp:
        tmp.write_text(json.dumps([p.as_dict() for p in pieces]), encoding="utf-8")
    return pieces


def plan_shards(
    input_dir: str | Path, shard_bytes: int = 32 * 1024 * 1024, spill_dir: str | Path | None = None
) -> list[list[FilePart]]:
    """Group files into shards of about shard_bytes; deterministic for the same folder contents.
    ``spill_dir``: where files that cannot be cut in place are cut (without it they stay whole)."""
    root = Path(input_dir)
    parts: list[tuple[FilePart, int]] = []
    files, problems = walk_batch(root)
    parts += [(part, 0) for part in problems]
    for path in files:
        rel = path.relative_to(root).as_posix()
        kind = _kind(path)
        size = path.stat().st_size
        if kind == "jsonl" and size > shard_bytes and not _wide_encoding(path):
            for start in range(0, size, shard_bytes):
                parts.append((FilePart(rel, kind, start, min(start + shard_bytes, size)), shard_bytes))
        elif kind == "jsonl.gz" and size * GZIP_RATIO > shard_bytes and spill_dir is not None:
            pieces = _spill_gzip(path, rel, Path(spill_dir), shard_bytes)
            parts += [(p, shard_bytes) for p in pieces] if pieces else [(FilePart(rel, kind), size)]
        elif kind == "parquet" and size > shard_bytes:
            try:
                groups = pq.ParquetFile(path).num_row_groups
            except Exception:  # unreadable: one part, rejected when read
                groups = 1
            pieces = None
            if groups * shard_bytes < size and spill_dir is not None:  # row groups larger than a shard
                pieces = _spill_parquet(path, rel, Path(spill_dir), shard_bytes)
            if pieces:
                parts += [(p, shard_bytes) for p in pieces]
                continue
            per = max(1, int(groups * shard_bytes / size))
            for g in range(0, groups, per):
                parts.append((FilePart(rel, kind, g, min(g + per, groups)), shard_bytes))
        else:
            parts.append((FilePart(rel, kind), size))
    shards: list[list[FilePart]] = []
    current: list[FilePart] = []
    current_bytes = 0
    for part, size in parts:
        if current and current_bytes + size > shard_bytes:
            shards.append(current)
            current, current_bytes = [], 0
        current.append(part)
        current_bytes += size
    if current:
        shards.append(current)
    return shards


class _Rows:
    """A shard's records as they are read, turned into Arrow every ``BATCH_ROWS`` records: a shard
    held as Python strings took a worker about 40 MiB more at its peak than as Arrow."""

    BATCH_ROWS = 1000

    def __init__(self) -> None:
        self.raw: dict[str, list] = {f.name: [] for f in RAW_SCHEMA}
        self.rejected: dict[str, list] = {f.name: [] for f in RAW_REJECTED_SCHEMA}
        self.raw_batches: list[pa.RecordBatch] = []

    def add(self, doc_id: str, source: str, text: str, encoding: str, url=None, title=None) -> None:
        for key, value in (
            ("doc_id", doc_id),
            ("source_file", source),
            ("url", url),
            ("title", title),
            ("encoding", encoding),
            ("raw_text", text),
        ):
            self.raw[key].append(value)
        if len(self.raw["doc_id"]) >= self.BATCH_ROWS:
            self._flush_raw()

    def _flush_raw(self) -> None:
        self.raw_batches.append(pa.RecordBatch.from_pydict(self.raw, schema=RAW_SCHEMA))
        self.raw = {f.name: [] for f in RAW_SCHEMA}

    def reject(self, doc_id: str, source: str, reason: str, detail: str = "", excerpt: bytes | str = b"") -> None:
        if isinstance(excerpt, bytes):
            try:
                excerpt = excerpt[:200].decode("utf-8")
            except UnicodeDecodeError:
                excerpt = "base64:" + base64.b64encode(excerpt[:150]).decode("ascii")
        for key, value in (
            ("doc_id", doc_id),
            ("source_file", source),
            ("reason", reason),
            ("detail", detail[:500]),
            ("raw_excerpt", excerpt[:200]),
        ):
            self.rejected[key].append(value)

    def tables(self) -> tuple[pa.Table, pa.Table]:
        self._flush_raw()
        raw, self.raw_batches = pa.Table.from_batches(self.raw_batches, schema=RAW_SCHEMA), []
        return raw, pa.table(self.rejected, schema=RAW_REJECTED_SCHEMA)


def _optional_str(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _read_txt(root: Path, part: FilePart, rows: _Rows) -> None:
    doc_id = part.path.rsplit(".", 1)[0]
    data = (root / part.path).read_bytes()
    if len(data) > MAX_DOC_BYTES:
        rows.reject(doc_id, part.path, "too_large", f"{len(data)} bytes > {MAX_DOC_BYTES}", data)
        return
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        rows.reject(doc_id, part.path, exc.reason, str(exc), data)
        return
    if not text.strip():
        rows.reject(doc_id, part.path, "empty", "no text in file", data)
        return
    rows.add(doc_id, part.path, text, encoding)


def _id_value(value) -> str | None:
    """A usable id: a string or integer that is not empty; anything else falls back to the position."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value) if str(value).strip() else None


def _json_record(line: bytes, doc_id: str, source: str, rows: _Rows) -> None:
    if len(line) > MAX_DOC_BYTES:
        rows.reject(doc_id, source, "too_large", f"{len(line)} bytes > {MAX_DOC_BYTES}", line)
        return
    try:
        decoded, encoding = decode_bytes(line)
        record = json.loads(decoded)
    except UndecodableError as exc:
        rows.reject(doc_id, source, exc.reason, str(exc), line)
        return
    except (json.JSONDecodeError, RecursionError) as exc:
        rows.reject(doc_id, source, "malformed_json", str(exc), line)
        return
    if not isinstance(record, dict):
        rows.reject(doc_id, source, "malformed_json", "a JSON line must be an object", line)
        return
    record_id = next((_id_value(record.get(f)) for f in ID_FIELDS if _id_value(record.get(f))), None)
    if record_id is not None:
        doc_id = record_id
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if text is None:
        rows.reject(doc_id, source, "missing_text", f"no string field among {TEXT_FIELDS}", line)
    elif not text.strip():
        rows.reject(doc_id, source, "empty", "text field is empty", line)
    else:
        rows.add(doc_id, source, text, encoding, _optional_str(record.get("url")), _optional_str(record.get("title")))


_WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "utf-32",
    b"\x00\x00\xfe\xff": "utf-32",
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
}


def _wide_encoding(path: Path) -> str | None:
    """UTF-16 or UTF-32, by the file's byte-order mark: such a file cannot be split on 0x0A bytes."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    return next((enc for bom, enc in _WIDE_BOMS.items() if head.startswith(bom)), None)


def _read_wide_jsonl(path: Path, encoding: str, part: FilePart, rows: _Rows) -> None:
    """A UTF-16/32 JSONL file, decoded whole, then read line by line like UTF-8."""
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        rows.reject(part.path, part.path, "undecodable", f"bad {encoding.upper()}: {exc}")
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            _json_record(line.rstrip("\r").encode("utf-8"), f"{part.path}:{number}", part.path, rows)


def _read_jsonl(root: Path, part: FilePart, rows: _Rows) -> None:
    path = root / part.path
    wide = _wide_encoding(path) if part.kind == "jsonl" else None
    if wide:
        _read_wide_jsonl(path, wide, part, rows)
        return
    if part.kind == "jsonl.gz" and part.spill:  # a piece cut from the file: plain JSONL
        with open(part.spill, "rb") as fh:
            for number, line in enumerate(fh, start=part.start):
                if line.strip():
                    _json_record(line.rstrip(b"\r\n"), f"{part.path}:{number}", part.path, rows)
        return
    if part.kind == "jsonl.gz":
        try:
            with gzip.open(path, "rb") as fh:
                lines = list(enumerate(fh, start=1))
        except (OSError, EOFError) as exc:
            rows.reject(part.path, part.path, "unreadable_file", f"gzip: {exc}")
            return
        for number, line in lines:
            if line.strip():
                _json_record(line.rstrip(b"\r\n"), f"{part.path}:{number}", part.path, rows)
        return
    # Plain JSONL, possibly one byte range of a large file: a range owns the lines that start in it.
    with open(path, "rb") as fh:
        number = 1
        if part.start > 0:
            # Line numbers must not depend on the split, so count the newlines before the range.
            remaining = part.start - 1
            while remaining > 0:
                chunk = fh.read(min(remaining, 1 << 20))
                number += chunk.count(b"\n")
                remaining -= len(chunk)
            if fh.read(1) != b"\n":
                fh.readline()  # the line under way belongs to the previous range
            number += 1
        end = part.end if part.end >= 0 else os.path.getsize(path)
        while fh.tell() < end:
            line = fh.readline()
            if not line:
                break
            if line.strip():
                _json_record(line.rstrip(b"\r\n"), f"{part.path}:{number}", part.path, rows)
            number += 1


def _read_parquet(root: Path, part: FilePart, rows: _Rows) -> None:
    try:
        pf = pq.ParquetFile(part.spill or root / part.path, pre_buffer=False)
        names = pf.schema_arrow.names
        text_col = next((f for f in TEXT_FIELDS if f in names), None)
        if text_col is None:
            rows.reject(part.path, part.path, "missing_text", f"no column among {TEXT_FIELDS}")
            return
        groups = list(range(pf.num_row_groups))
        if part.spill:  # a piece cut from the file: all of it, its first row is ``start``
            offset = part.start
        else:
            if part.end >= 0:
                groups = groups[part.start : part.end]
            offset = sum(pf.metadata.row_group(g).num_rows for g in range(groups[0])) if groups else 0
        cols = [c for c in (text_col, "url", "title", *ID_FIELDS) if c in names]
        table = pf.read_row_groups(groups, columns=cols, use_threads=False) if groups else None
    except Exception as exc:  # corrupt or not Parquet at all
        rows.reject(part.path, part.path, "unreadable_file", f"parquet: {exc}")
        return
    if table is None:
        return
    data = table.to_pydict()
    id_col = next((f for f in ID_FIELDS if f in data), None)
    for i, text in enumerate(data[text_col]):
        record_id = str(data[id_col][i]) if id_col and data[id_col][i] is not None else ""
        doc_id = record_id if record_id.strip() else f"{part.path}:{offset + i}"  # empty falls back like missing
        encoding = "utf-8"
        if isinstance(text, bytes):  # a binary text column: decoded like raw bytes
            try:
                text, encoding = decode_bytes(text)
            except UndecodableError as exc:
                rows.reject(doc_id, part.path, exc.reason, str(exc), text)
                continue
        if not isinstance(text, str) or not text.strip():
            rows.reject(
                doc_id,
                part.path,
                "empty" if isinstance(text, str) or text is None else "missing_text",
                "text is empty or not a string",
            )
            continue
        rows.add(
            doc_id,
            part.path,
            text,
            encoding,
            _optional_str(data.get("url", [None] * (i + 1))[i]),
            _optional_str(data.get("title", [None] * (i + 1))[i]),
        )


def read_shard(input_dir: str | Path, parts: list[FilePart]) -> tuple[pa.Table, pa.Table]:
    """Read every record of a shard; returns (raw records, rejected records)."""
    root = Path(input_dir)
    rows = _Rows()
    for part in parts:
        try:
            if part.problem:
                reason, _, detail = part.problem.partition(": ")
                rows.reject(part.path, part.path, reason, detail)
            elif part.kind == "txt":
                _read_txt(root, part, rows)
            elif part.kind in ("jsonl", "jsonl.gz"):
                _read_jsonl(root, part, rows)
            elif part.kind == "parquet":
                _read_parquet(root, part, rows)
            else:
                rows.reject(
                    part.path, part.path, "unsupported_file_type", "expected .txt, .jsonl, .jsonl.gz or .parquet"
                )
        except OSError as exc:
            rows.reject(part.path, part.path, "unreadable_file", str(exc))
    return rows.tables()
