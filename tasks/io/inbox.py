"""When an inbox folder is a complete batch, and whether a processed one has changed since.

A scraper writes a batch over minutes or hours. Processing a folder that is still being written
records it in the ledger, and the files that arrive later would never be read. So a folder is taken
only when it is complete: its ready marker is present, or nothing in it has changed for a quiet
period. A folder that changes after it was processed is found by comparing its listing (every
file's path, size and modification time) with the one the ledger recorded.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from tasks.io import remote
from tasks.io.ingest import is_hidden, walk_batch


def listing_fingerprint(folder: str | Path) -> str:
    """Changes when a file of the batch is added, removed, resized or rewritten (any shard size).
    A remote batch (``s3://``) is fingerprinted from the store's listing: the same value as its
    local copy's, which keeps the store's sizes and times."""
    if remote.is_remote(folder):
        entries = [
            f"{rel}\0{info.size}\0{info.mtime_ns}"
            for rel, info in sorted(remote.list_files(str(folder)).items())
            if not any(is_hidden(part) for part in rel.split("/"))
        ]
        return _digest(entries)
    root = Path(folder)
    files, problems = walk_batch(root)
    entries = []
    for path in files:
        try:
            st = path.stat()
            entries.append(f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            entries.append(f"{path.relative_to(root).as_posix()}\0gone")
    return _digest(entries, [f"{part.path}\0{part.problem}" for part in problems])


def _digest(entries: list[str], problems: list[str] = ()) -> str:
    h = hashlib.sha256()
    for line in [*entries, *problems]:
        h.update(line.encode() + b"\n")
    return h.hexdigest()[:24]


def _newest_change(folder: Path) -> float | None:
    """The latest modification time of the folder, its sub-folders and files (links not followed);
    None when it holds no file."""
    newest, has_file = os.lstat(folder).st_mtime, False
    for here, dirs, names in os.walk(folder):
        for name in dirs + names:
            try:
                newest = max(newest, os.lstat(os.path.join(here, name)).st_mtime)
            except OSError:
                continue
        has_file = has_file or bool(names)
    return newest if has_file else None


def _newest_remote_change(uri: str) -> float | None:
    times = [info.mtime_ns / 1e9 for info in remote.list_files(uri).values() if info.mtime_ns is not None]
    return max(times) if times else None


def waiting_reason(folder: str | Path, ready_marker: str | None, quiet_seconds: float, now: float | None = None) -> str:
    """Why the folder (or ``s3://`` prefix) is not yet a complete batch; "" when it is."""
    if remote.is_remote(folder):
        if ready_marker and remote.exists(remote.join(str(folder), ready_marker)):
            return ""
        newest = _newest_remote_change(str(folder))
    else:
        folder = Path(folder)
        if ready_marker and (folder / ready_marker).exists():
            return ""
        newest = _newest_change(folder)
    if newest is None:
        return "empty"
    age = (time.time() if now is None else now) - newest
    if age < quiet_seconds:
        marker = f"no {ready_marker} marker and " if ready_marker else ""
        return f"{marker}changed {age:.0f} s ago (quiet period {quiet_seconds:.0f} s)"
    return ""
