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

from tasks.io.ingest import walk_batch


def listing_fingerprint(folder: str | Path) -> str:
    """Changes when a file of the batch is added, removed, resized or rewritten (any shard size)."""
    root = Path(folder)
    files, problems = walk_batch(root)
    h = hashlib.sha256()
    for path in files:
        try:
            st = path.stat()
            h.update(f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{path.relative_to(root).as_posix()}\0gone\n".encode())
    for part in problems:
        h.update(f"{part.path}\0{part.problem}\n".encode())
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


def waiting_reason(folder: str | Path, ready_marker: str | None, quiet_seconds: float, now: float | None = None) -> str:
    """Why the folder is not yet a complete batch; "" when it is."""
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
