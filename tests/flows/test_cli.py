"""The command line: bad arguments end in one clear line and exit code 1, before Prefect starts."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.pipeline import available_cores, main
from helpers import ROOT, SEEDS


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--input", "no/such/folder"], "input folder not found: no/such/folder"),
        (["--threshold", "5"], "threshold must be in (0, 1]"),
        (["--shingle-size", "9"], "shingle_size must be 2..5"),
        (["--batch-id", "两个 字"], "batch_id '两个 字' must match"),
        (["--shard-mb", "0"], "--shard-mb must be positive"),
        (["--workers", "0"], "--workers must be 1 or more"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_1(argv, message, capsys, monkeypatch):
    def never(**kwargs):
        raise AssertionError("the flow must not start")

    monkeypatch.setattr("flows.pipeline.clean_batch", never)
    assert main(["--input", str(SEEDS), *argv]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]


def test_a_failing_run_is_one_line_unless_verbose(capsys, monkeypatch):
    def fails(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("flows.pipeline.clean_batch", fails)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    # no API configured, even after another test module's session-wide Prefect test server
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["--input", str(SEEDS)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "error: OSError: No space left on device (--verbose for the traceback)"
    assert len(err) == 2 and err[0].startswith("Starting a temporary Prefect API server")
    with pytest.raises(OSError):
        main(["--input", str(SEEDS), "--verbose"])


def run_cli(args: list[str], prefect_home, **env_vars) -> subprocess.CompletedProcess:
    """The real command in a process of its own, with Prefect's temporary API (no PREFECT_API_URL)."""
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), **env_vars}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "flows.pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env
    )


def test_the_real_command_refuses_a_missing_input_without_starting_a_server(tmp_path):
    run = run_cli(["--input", str(tmp_path / "missing"), "--output", str(tmp_path / "out")], tmp_path / "home")
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [f"error: input folder not found: {tmp_path / 'missing'}"]
    assert not (tmp_path / "out").exists()


def test_a_prefect_home_whose_parent_does_not_exist_yet_is_made(tmp_path):
    """Was: sqlite3.OperationalError: unable to open database file, on every run."""
    home = tmp_path / "fresh" / "prefect" / "home"
    run = run_cli(["--input", str(SEEDS), "--output", str(tmp_path / "out")], home)
    assert run.returncode == 0, run.stderr[-2000:]
    assert home.is_dir() and (tmp_path / "out" / "clean" / "seeds.parquet").exists()


def test_the_cli_waits_for_its_temporary_server_longer_than_prefects_20_s(monkeypatch, capsys):
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    from tasks.config import EPHEMERAL_STARTUP_S

    seen, analytics, heartbeats = [], [], []

    def records_the_setting(**kwargs):
        seen.append(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        analytics.append(os.environ.get("PREFECT_SERVER_ANALYTICS_ENABLED"))
        heartbeats.append(PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value())
        return {"batch_id": "seeds", "counts": {}}

    monkeypatch.setattr("flows.pipeline.clean_batch", records_the_setting)
    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)
    monkeypatch.delenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", raising=False)
    default_heartbeat = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value()
    assert main(["--input", str(SEEDS)]) == 0
    assert seen == [EPHEMERAL_STARTUP_S] and EPHEMERAL_STARTUP_S > 20
    # no flow-run heartbeats on the temporary server; on a configured API they stay
    assert heartbeats == [None] and default_heartbeat is not None
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        assert main(["--input", str(SEEDS)]) == 0
    assert heartbeats[-1] == default_heartbeat
    assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == default_heartbeat  # only for the run
    # the temporary server's telemetry (a heartbeat that races the run for its SQLite file) is off
    assert analytics[0] == "false"
    assert PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value() == 20  # only for the run
    # a value the user sets (read by Prefect at start-up) is left alone
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
    assert main(["--input", str(SEEDS)]) == 0
    assert seen[-1] == 300 != EPHEMERAL_STARTUP_S


@pytest.mark.parametrize("runner", [["--workers", "2"], ["--dask-address", "local"]])
def test_worker_processes_use_the_runs_temporary_server(runner, tmp_path):
    """Was: each worker process (of the pool, or of a local Dask cluster) started a temporary server
    of its own (4 s of CPU each, on the cores the shards need); a 60k-document batch cleaned at 1.1
    times one process's speed with two."""
    argv = ["--input", str(SEEDS), "--output", str(tmp_path / "out"), *runner, "--shard-mb", "0.004"]
    run = run_cli(argv, tmp_path / "home", PREFECT_LOGGING_LEVEL="INFO")
    assert run.returncode == 0, run.stderr[-2000:]
    log = run.stdout + run.stderr
    assert log.count("Starting a temporary Prefect API server") == 1, log[-3000:]  # the CLI's own
    assert "Starting temporary server" not in log, log[-3000:]  # none started by Prefect, here or in a worker
    manifest = json.loads((tmp_path / "out" / "manifests" / "seeds.json").read_text())
    assert manifest["counts"]["input"] == 5
    assert manifest["throughput"]["workers"] == (2 if runner[0] == "--workers" else available_cores())


def test_the_cli_serves_prefects_api_from_a_child_without_importing_the_server(tmp_path):
    """Prefect's own temporary server is started only after its server package is imported into
    the calling process (2.5 s, 79 MiB for the whole run); the CLI starts Prefect's app in a child
    process instead, and stops it, with nothing left behind, when the block ends."""
    script = textwrap.dedent(
        """
        import sys, httpx
        from flows.temporary_api import temporary_api
        from prefect.settings import PREFECT_API_URL
        with temporary_api() as url:
            assert PREFECT_API_URL.value() == url
            print(httpx.get(url + "/health").status_code, "prefect.server.api.server" in sys.modules)
        try:
            httpx.get(url + "/health")
        except httpx.ConnectError:
            print("stopped")
        """
    )
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home")}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["200", "False", "stopped"]


def test_a_configured_api_is_used_as_it_is():
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.temporary_api import temporary_api

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}), temporary_api() as url:
        assert url is None and PREFECT_API_URL.value() == "http://127.0.0.1:4200/api"


def _memory_topic(name):
    from prefect.server.utilities.messaging import memory

    memory.Topic._topics.pop(name, None)
    memory.METRICS.pop(name, None)
    return memory, memory.Topic.by_name(name)


def test_the_temporary_server_stops_only_once_its_messages_are_recorded():
    """CI, on a busy machine: the server was stopped while its task-run recorder was still writing
    the run's last event, which printed a traceback and could lose that task run's final state. Its
    shutdown now waits for Prefect's in-memory broker to have every delivered message handled."""
    import asyncio

    from flows.temporary_api import messages_consumed

    memory, topic = _memory_topic("test-drain")
    handled = []

    async def slow_recorder(message):
        await asyncio.sleep(0.3)
        handled.append(message.data)

    async def scenario():
        consumer = memory.Consumer("test-drain", concurrency=1)
        running = asyncio.create_task(consumer.run(slow_recorder))
        for i in range(3):
            await memory.Publisher("test-drain", cache=memory.Cache()).publish_data(f"event {i}".encode(), {})
        drained = await messages_consumed(timeout=30)
        running.cancel()
        return drained, list(handled)

    try:
        drained, seen = asyncio.run(scenario())
    finally:
        _memory_topic("test-drain")
    assert drained is True
    assert seen == [b"event 0", b"event 1", b"event 2"]


def test_the_temporary_server_does_not_wait_forever_for_a_message_nobody_takes():
    import asyncio
    import time

    from flows.temporary_api import messages_consumed

    memory, topic = _memory_topic("test-drain-stuck")
    topic.subscribe()
    try:
        asyncio.run(memory.Publisher("test-drain-stuck", cache=memory.Cache()).publish_data(b"never taken", {}))
        start = time.monotonic()
        assert asyncio.run(messages_consumed(timeout=0.5)) is False
        assert 0.5 <= time.monotonic() - start < 10
    finally:
        _memory_topic("test-drain-stuck")


def test_the_server_start_waits_long_enough_on_a_loaded_machine_unless_told_otherwise(monkeypatch):
    """Whoever calls temporary_api() (the CLI, a test, a user's script) waits at least
    EPHEMERAL_STARTUP_S for the server, not Prefect's 20 s, which a loaded machine overran once; a
    user's own PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS is taken as it is."""
    from flows.temporary_api import startup_timeout
    from tasks.config import EPHEMERAL_STARTUP_S

    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    assert startup_timeout(20.0) == EPHEMERAL_STARTUP_S > 20
    assert startup_timeout(EPHEMERAL_STARTUP_S + 60.0) == EPHEMERAL_STARTUP_S + 60.0
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "5")
    assert startup_timeout(5.0) == 5.0
