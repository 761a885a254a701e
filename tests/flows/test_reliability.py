"""Crashes, concurrent runs and fuzzed input: the output stays whole and identical."""

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, ROOT, SEEDS
from tasks.text.clean import clean_document

KINDS = ("clean", "duplicates", "rejected")


def make_batch(folder):
    shutil.copytree(SEEDS, folder)
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", folder / "crud.jsonl")
    shutil.copy(FIXTURES / "sogou_ca.jsonl", folder / "sogou.jsonl")


def start_run(batch, out, home, stderr=subprocess.DEVNULL, extra=()):
    # as from a user's shell: no Prefect settings, nor the defaults the command sets for its processes
    chosen_by_the_command = ("MALLOC_ARENA_MAX", "ARROW_DEFAULT_MEMORY_POOL")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k not in chosen_by_the_command}
    env.update(PREFECT_HOME=str(home), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    cmd = [sys.executable, "-m", "flows.pipeline", "--input", str(batch), "--output", str(out), "--shard-mb", "0.05"]
    cmd += list(extra)
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True, start_new_session=True
    )


def snapshot(out, batch_id="batch"):
    return {kind: pq.read_table(out / kind / f"{batch_id}.parquet") for kind in KINDS}


def assert_same(a, b):
    for kind in KINDS:
        assert a[kind].equals(b[kind]), kind


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("reference")
    make_batch(base / "batch")
    run = start_run(base / "batch", base / "out", base / "home")
    assert run.wait(timeout=600) == 0
    return base / "batch", snapshot(base / "out")


def wait_for(condition, run, timeout=300):
    deadline = time.monotonic() + timeout
    while not condition():
        assert run.poll() is None, "the run ended before the moment it was meant to be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.mark.parametrize("moment", ["starting", "cleaning shards", "publishing"])
def test_killed_run_then_rerun_equals_uninterrupted_run(reference, tmp_path, moment):
    batch, expected = reference
    out = tmp_path / "out"
    run = start_run(batch, out, tmp_path / "home")
    if moment == "starting":
        time.sleep(3)
    elif moment == "cleaning shards":
        wait_for(lambda: any((out / ".work" / "batch").glob("shard-*.parquet")), run)
    else:
        wait_for(lambda: (out / "clean" / "batch.parquet").exists(), run)
    assert run.poll() is None
    os.killpg(run.pid, signal.SIGKILL)  # the flow and its temporary Prefect server
    run.wait()
    # whatever the moment of death, every visible output file is complete Parquet
    for path in out.glob("*/*.parquet"):
        pq.read_metadata(path)
    rerun = start_run(batch, out, tmp_path / "home")
    assert rerun.wait(timeout=600) == 0
    assert_same(snapshot(out), expected)
    assert not list(out.rglob(".*.tmp-*"))


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"  # a zombie has exited
    except OSError:
        return False


@pytest.mark.parametrize(
    "to, workers", [("the run", "1"), ("its process group", "1"), ("the run", "2"), ("its process group", "2")]
)
def test_sigterm_stops_the_run_and_its_server_and_a_rerun_resumes(reference, tmp_path, to, workers):
    """SIGTERM reached Prefect's handler, which reported a crash to the temporary server: to the
    group (server gone) that was 150 s of retries; to the run alone, it did not stop at all. With
    worker processes, SIGTERM to the run alone left them running after it had exited."""
    batch, expected = reference
    out = tmp_path / "out"
    run = start_run(batch, out, tmp_path / "home", stderr=subprocess.PIPE, extra=("--workers", workers))
    wait_for(lambda: any((out / ".work" / "batch").glob("shard-*.parquet")), run)
    servers = _children(run.pid)  # the temporary API server, and the worker processes
    assert len(servers) >= (1 if workers == "1" else 3)
    if to == "the run":
        run.send_signal(signal.SIGTERM)
    else:
        os.killpg(run.pid, signal.SIGTERM)
    _, err = run.communicate(timeout=120)  # was: 150 s, or never
    assert run.returncode == 128 + signal.SIGTERM
    assert "error: stopped by SIGTERM" in err
    deadline = time.monotonic() + 10  # a worker killed at exit may take a moment to be gone
    while any(_alive(pid) for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in servers)  # nothing left behind
    rerun = start_run(batch, out, tmp_path / "home")
    assert rerun.wait(timeout=600) == 0
    assert_same(snapshot(out), expected)


def test_worker_processes_and_the_server_allocate_from_one_malloc_arena(reference, tmp_path):
    """glibc reads MALLOC_ARENA_MAX as a process starts: the command sets it before it starts its
    workers and its temporary API server (tasks/memory.py), and the output is the same."""
    batch, expected = reference
    out = tmp_path / "out"
    run = start_run(batch, out, tmp_path / "home", extra=("--workers", "2"))
    wait_for(lambda: any((out / ".work" / "batch").glob("shard-*.parquet")), run)
    children = _children(run.pid)
    assert len(children) >= 3  # the server and two workers
    for pid in children:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            environ = fh.read().split(b"\0")
        assert b"MALLOC_ARENA_MAX=1" in environ
        assert b"ARROW_DEFAULT_MEMORY_POOL=system" in environ  # Arrow's allocator, from its first allocation
    assert run.wait(timeout=600) == 0
    assert_same(snapshot(out), expected)


def test_two_runs_at_once_do_not_corrupt_the_output(reference, tmp_path):
    batch, expected = reference
    out = tmp_path / "out"
    runs = [start_run(batch, out, tmp_path / f"home{i}") for i in range(2)]
    assert [r.wait(timeout=900) for r in runs] == [0, 0]
    assert_same(snapshot(out), expected)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300), st.sampled_from(["s", "t", "tw", "hk"])
)
def test_cleaning_never_raises_on_any_text(text, target):
    doc = clean_document(text, target)
    assert isinstance(doc.text, str) and "\ufeff" not in doc.text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            (SEEDS / "001_72c21c55ea8088ed.txt").read_text(encoding="utf-8").split("\n")
            + ["扫一扫", "版权所有 ©", "<p>", "&nbsp;", "網(wǎng)", "?", "\ufffd", "¸ü¶à"]
        ),
        max_size=40,
    )
)
def test_cleaning_never_raises_on_shuffled_real_lines(lines):
    clean_document("\n".join(lines))


def test_the_cli_runs_with_cpu_bound_processes_beside_it(tmp_path):
    """A loaded machine (CI shares its cores): the run, its temporary API server's start-up included
    (a fresh PREFECT_HOME, so the server builds its database), must not depend on spare CPU."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range((os.cpu_count() or 2) + 1)
    ]
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_HOME=str(tmp_path / "fresh-prefect-home"), DO_NOT_TRACK="1")
        run = subprocess.run(
            [sys.executable, "-m", "flows.pipeline", "--input", str(SEEDS), "--output", str(tmp_path / "out")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert run.returncode == 0, run.stderr[-2000:]
    assert '"input": 5, "clean": 5' in run.stdout
    assert "Traceback" not in run.stderr
    # the temporary server recorded the whole run before it was stopped: no task run left unfinished
    with contextlib.closing(sqlite3.connect(tmp_path / "fresh-prefect-home" / "prefect.db")) as db:
        states = dict(db.execute("SELECT state_type, count(*) FROM task_run GROUP BY state_type").fetchall())
    assert set(states) == {"COMPLETED"} and states["COMPLETED"] >= 5, states
