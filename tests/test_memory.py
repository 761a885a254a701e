"""Memory a worker frees between shards goes back to the system."""

import os
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

import tasks.prefect_tasks  # noqa: F401  (sets the allocator, as in every worker)
from tasks.memory import MALLOC_ARENAS, _malloc_trim, limit_malloc_arenas


def test_arrow_allocates_with_malloc_where_the_tasks_run():
    assert pa.default_memory_pool().backend_name == "system"
    assert pa.table({"x": list(range(1000))}).nbytes > 0


@pytest.mark.parametrize(("chosen", "expected"), [(None, "system"), ("jemalloc", "jemalloc")])
def test_importing_the_tasks_first_gives_arrow_the_system_allocator_from_its_start(chosen, expected):
    # A fresh process, as a worker: the pool is chosen before pyarrow loads, unless the user chose one.
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    script = "import tasks, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == expected


@pytest.mark.skipif(_malloc_trim() is None, reason="no glibc malloc_trim here")
def test_release_memory_returns_freed_heap_pages():
    # In a fresh process: 200 MiB of 64 KiB blocks (malloc's heap, not mmap), each followed by a
    # small block still in use, so that freeing them leaves holes the heap cannot shrink past.
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, ".")
        from tasks.memory import release_memory

        def rss():
            with open("/proc/self/status") as fh:
                return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) // 1024

        big, small = [], []
        for _ in range(3200):
            big.append(bytearray(64 * 1024))
            small.append(bytearray(700))
        held = rss()
        del big
        freed = rss()
        assert release_memory()
        print(held, freed, rss())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    held, freed, released = map(int, out.stdout.split())
    assert held - freed < 50  # freed, but kept by malloc
    assert freed - released > 150  # given back


def test_the_run_caps_malloc_arenas_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    applied = limit_malloc_arenas()
    assert os.environ["MALLOC_ARENA_MAX"] == MALLOC_ARENAS
    assert applied == (_malloc_trim() is not None)  # glibc: mallopt took it
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    limit_malloc_arenas()
    assert os.environ["MALLOC_ARENA_MAX"] == "4"
