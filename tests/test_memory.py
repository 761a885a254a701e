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


def _fresh_process(script: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_pyarrow_converts_lists_without_importing_pandas_yet_still_converts_to_pandas():
    pytest.importorskip("pandas")  # installed with the dev extra, so pyarrow would import it
    script = """
        import sys
        import pyarrow as pa
        from tasks.memory import keep_pandas_unloaded

        assert keep_pandas_unloaded()
        table = pa.table({"text": ["新闻", None], "n": [1, 2]})
        print("pandas" in sys.modules)
        frame = table.to_pandas()  # pyarrow imports pandas when asked for it
        print(type(frame).__name__, pa.Table.from_pandas(frame, preserve_index=False).to_pylist() == table.to_pylist())
        print(keep_pandas_unloaded())  # imported now: nothing left to save
    """
    assert _fresh_process(script).splitlines() == ["False", "DataFrame True", "False"]
    # Without it, the first list conversion imports pandas: the 32 MiB a process saves.
    assert _fresh_process("import sys, pyarrow as pa; pa.array(['x']); print('pandas' in sys.modules)") == "True"


def test_prefect_reads_its_blocks_without_importing_the_collections_that_register_none():
    script = """
        import sys
        from tasks.memory import skip_unused_prefect_collections

        assert skip_unused_prefect_collections()
        from prefect.blocks.core import Block
        from prefect.plugins import load_prefect_collections

        print(Block.get_block_class_from_key("local-file-system").__name__)
        print(sorted(load_prefect_collections()), "prefect_dask" in sys.modules, "distributed" in sys.modules)
    """
    assert _fresh_process(script).splitlines() == ["LocalFileSystem", "[] False False"]
