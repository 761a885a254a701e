"""Give memory back to the system between shards.

A worker cleans and signs one shard after another, and each shard's tables and strings are freed
before the next. Left to themselves, Arrow's bundled allocator (jemalloc) keeps freed pages for
reuse and glibc's malloc keeps the free pages inside its heap, so each process's resident memory
stays near the largest shard's peak for the rest of the run, while the other workers peak too.
Arrow's system pool (plain malloc) measured no slower on the pipeline and 60-85 MiB lower at peak
per process (``bench/results/bench_pipeline_200k.log``). Switching pools once pyarrow has loaded
(``use_system_allocator``) still left some of Arrow's allocations with its bundled mimalloc: 72 MiB
of a worker's memory on the 200,000-document batch. So the package sets ARROW_DEFAULT_MEMORY_POOL
(``tasks/__init__.py``), which Arrow reads before its first allocation, in time for every process
of a run that imports ``tasks`` before pyarrow; the switch stays for a process that did not.

glibc's malloc also gives each thread that allocates its own arena (up to eight per core), and
pages freed in one arena serve no other: Arrow's reader, writer and compression threads and
Prefect's own leave each process holding pages that no thread will use again. One arena, for the
command, its worker processes and its temporary API server, measured 70 MiB lower per worker and
45 lower in the flow process on the 200,000-document batch, and no slower
(``bench/results/cli_memory_200k.log``).

Prefect imports every installed collection the first time a process reads a block (a worker does,
when it reads the flow run's context, which names its result storage) and when its server starts.
The only one installed here, prefect-dask, registers no block, and importing it brings dask,
distributed and NumPy: 16 MiB and 0.3 s of CPU in each worker, 26 MiB in the temporary server,
none of which use it (``skip_unused_prefect_collections``). A run on Dask imports it itself.

pyarrow imports pandas, where it is installed, the first time it converts a Python list (to ask
whether the list is a pandas object): 32 MiB and 0.24 s of CPU in each of the run's processes,
none of which uses pandas (``keep_pandas_unloaded``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import cache


def use_system_allocator() -> None:
    """Arrow allocates with malloc, so that freed buffers can be trimmed with the rest."""
    import pyarrow as pa  # here, not above: the temporary API server imports this module without Arrow

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


@cache
def _libc_function(symbol: str):
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), symbol) if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): no such function
        return None


def _malloc_trim():
    return _libc_function("malloc_trim")


MALLOC_ARENAS = "1"  # glibc's MALLOC_ARENA_MAX for the run's processes, unless the user set one
_M_ARENA_MAX = -8  # mallopt's parameter number for it (glibc's malloc.h)


def limit_malloc_arenas() -> bool:
    """This process, and every process it starts from now on (worker processes, a local Dask
    cluster's, the temporary API server), allocate from ``MALLOC_ARENA_MAX`` arenas: the variable
    for the children, which glibc reads as they start; ``mallopt`` for this one, whose threads
    that have not allocated yet share them. False where this process's malloc has no such limit."""
    value = os.environ.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)
    mallopt = _libc_function("mallopt")
    return mallopt is not None and value.isdigit() and mallopt(_M_ARENA_MAX, int(value)) == 1


def release_memory() -> bool:
    """Return malloc's free pages to the system (glibc's ``malloc_trim``); False where there is none."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


UNUSED_PREFECT_COLLECTIONS = frozenset({"prefect_dask"})  # collections that register no block


def skip_unused_prefect_collections() -> bool:
    """Load Prefect's installed collections now, except those that register no block, so that
    Prefect's own later load (the first block read, the server's start) finds them loaded and
    imports no more. False if Prefect's loader is not where this Prefect version is known to keep
    it (nothing is changed then: the collections load as Prefect would load them)."""
    try:
        from importlib.metadata import EntryPoints, entry_points

        from prefect._internal.plugins import collections
    except ImportError:
        return False
    if not hasattr(collections, "_collections") or not hasattr(collections, "safe_load_entrypoints"):
        return False
    if collections._collections is None:
        wanted = EntryPoints(
            ep for ep in entry_points(group="prefect.collections") if ep.name not in UNUSED_PREFECT_COLLECTIONS
        )
        collections._collections = collections.safe_load_entrypoints(wanted)
    return True


class _NoPandas:
    """An import finder under which ``import pandas`` fails."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas":
            raise ModuleNotFoundError("pandas is kept unloaded", name=name)
        return None


_NO_PANDAS = _NoPandas()


def keep_pandas_unloaded() -> bool:
    """Answer pyarrow's one question per process, "is pandas installed?", with no while pandas is
    not imported, so that converting lists never imports it. For processes the pipeline owns (the
    CLI's, its worker processes): there, a pandas object given to ``pa.array`` later would be read
    as a plain sequence. ``to_pandas``/``from_pandas`` still work: pyarrow imports pandas when they
    are called. False if pandas was imported already (nothing to save) or pyarrow asked already."""
    if "pandas" in sys.modules:
        return False
    import pyarrow as pa

    sys.meta_path.insert(0, _NO_PANDAS)
    try:
        pa.array([])  # pyarrow's first list conversion: it tries pandas, once
    finally:
        sys.meta_path.remove(_NO_PANDAS)
    return "pandas" not in sys.modules


def prepare_worker_process() -> None:
    """Run once in each worker process the pipeline starts, before its first task."""
    skip_unused_prefect_collections()
    keep_pandas_unloaded()
