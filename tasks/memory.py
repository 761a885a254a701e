"""Give memory back to the system between shards.

A worker cleans and signs one shard after another, and each shard's tables and strings are freed
before the next. Left to themselves, Arrow's bundled allocator (jemalloc) keeps freed pages for
reuse and glibc's malloc keeps the free pages inside its heap, so each process's resident memory
stays near the largest shard's peak for the rest of the run, while the other workers peak too.
Arrow's system pool (plain malloc) measured no slower on the pipeline and 60-85 MiB lower at peak
per process (``bench/results/bench_pipeline_200k.log``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

import pyarrow as pa


def use_system_allocator() -> None:
    """Arrow allocates with malloc, so that freed buffers can be trimmed with the rest."""
    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


@cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim with
        return None


def release_memory() -> bool:
    """Return malloc's free pages to the system (glibc's ``malloc_trim``); False where there is none."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
