"""Prefect's API for one CLI run when no server is configured, started by the CLI itself.

Left to Prefect, the temporary server starts only when the flow is called, and only after the
CLI's process has imported Prefect's whole server package to start it: 2.5 s of a 5-document
run's 8.4 s, and 79 MiB that the flow process then carries through the run. Here the CLI opens the
listening socket, hands it to a child process that builds Prefect's own app (``create_app`` with
``ephemeral=True``: no UI, no background services, as Prefect's temporary server) and serves it,
and points the run at it through PREFECT_API_URL. The socket is bound before the child starts, so
no other process can take the port in between, and requests made before the child is ready wait
in its queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import time

import httpx

_RUNNING: list[subprocess.Popen] = []  # servers to stop if the CLI is stopped by a signal
DRAIN_S = 10.0  # longest the server waits, once told to stop, for its consumers to record what it received
STOP_GRACE_S = DRAIN_S + 5.0  # longest a normal stop waits for the server before killing it


def serve(fd: int) -> None:
    """The child: Prefect's app on the listening socket ``fd``, until terminated."""
    import uvicorn
    from prefect.server.api.server import create_app

    from tasks.memory import skip_unused_prefect_collections

    skip_unused_prefect_collections()

    sock = socket.socket(fileno=fd)
    app = _drain_before_shutdown(create_app(ephemeral=True, final=True))
    uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on")).run(sockets=[sock])


def _drain_before_shutdown(app):
    """The app, holding its shutdown until the messages it received are consumed.

    The run's last task-run events reach the server just before the CLI stops it; on a busy
    machine its task-run recorder was still writing them when the shutdown cancelled it, which
    printed a traceback ("Error flushing 1 events") and could leave a task run without its final
    state. ASGI's lifespan shutdown comes after uvicorn has closed every connection, so nothing
    new arrives while this waits."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)

        async def receive_then_drain():
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                await messages_consumed(DRAIN_S)
            return message

        return await app(scope, receive_then_drain, send)

    return wrapped


async def messages_consumed(timeout: float) -> bool:
    """Wait until every message the server's in-memory broker delivered has been handled; False if
    ``timeout`` passed first (a message that keeps failing), or this Prefect keeps no such counts."""
    try:
        from prefect.server.utilities.messaging import memory
    except ImportError:
        return False

    def pending() -> int | None:
        try:
            queued = sum(
                sub._queue.qsize() + sub._retry.qsize()
                for topic in list(memory.Topic._topics.values())
                for sub in list(topic._subscriptions)
            )
            unhandled = sum(max(0, m["published"] - m["consumed"]) for m in list(memory.METRICS.values()))
        except (AttributeError, KeyError, TypeError):  # another Prefect's internals
            return None
        return queued + unhandled

    deadline = time.monotonic() + timeout
    while (left := pending()) != 0:
        if left is None:
            return False
        if time.monotonic() > deadline:
            logging.getLogger(__name__).warning(
                "stopping the temporary Prefect API server with %d messages not yet recorded", left
            )
            return False
        await asyncio.sleep(0.02)
    return True


def startup_timeout(configured: float) -> float:
    """The wait for the server: the user's PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS where set,
    else at least EPHEMERAL_STARTUP_S, whoever calls (the CLI raises Prefect's 20 s default in its own
    settings; a caller of temporary_api() on a loaded machine overran it)."""
    from tasks.config import EPHEMERAL_STARTUP_S  # here: the server's own process need not import it

    if "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in os.environ:
        return configured
    return max(configured, EPHEMERAL_STARTUP_S)


def start(timeout: float) -> tuple[subprocess.Popen, str]:
    """Start the server; return its process and API URL once it answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    env = {**os.environ, "PREFECT_UI_ENABLED": "false"}
    code = f"from flows.temporary_api import serve; serve({sock.fileno()})"
    with sock:
        proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=[sock.fileno()], env=env)
    _RUNNING.append(proc)
    try:
        _wait_until_healthy(proc, url, timeout)
    except BaseException:
        stop(proc)
        raise
    return proc, url


def _wait_until_healthy(proc: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=max(1.0, timeout / 10)) as client:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the temporary Prefect API server exited with code {proc.returncode}")
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the temporary Prefect API server did not answer within {timeout:.0f} s "
                    "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                )
            time.sleep(0.1)


def stop(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate the server; kill it if it has not exited after ``grace`` seconds."""
    with contextlib.suppress(ValueError):  # the signal handler's thread may have taken it already
        _RUNNING.remove(proc)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stop_all() -> None:
    for proc in list(_RUNNING):
        stop(proc)


@contextlib.contextmanager
def temporary_api():
    """The run's API: the configured one if PREFECT_API_URL is set, else a temporary server."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings

    if PREFECT_API_URL.value():
        yield None
        return
    print(
        "Starting a temporary Prefect API server for this run (set PREFECT_API_URL to use a running one)",
        file=sys.stderr,
        flush=True,
    )
    proc, url = start(startup_timeout(float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())))
    # In the environment and Prefect's process-wide settings too, not only in this context: worker
    # processes read the environment when they start, and Prefect's own threads (the one that
    # forwards a process pool's logs and events) run outside this context; either would otherwise
    # start a temporary server of its own.
    _set_api_url_everywhere(url)
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                _deliver_pending_logs_and_events()
    finally:
        _set_api_url_everywhere(None)
        stop(proc, grace=STOP_GRACE_S)  # time to record the run's last events (stop_all, on a signal, does not wait)


def _set_api_url_everywhere(url: str | None) -> None:
    from prefect.context import refresh_global_settings_context

    if url is None:
        os.environ.pop("PREFECT_API_URL", None)
    else:
        os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()  # Prefect's settings outside any context, from the environment


def _deliver_pending_logs_and_events() -> None:
    """Prefect sends logs and events from background workers, which it drains when the process
    exits: after the server here has stopped, so it would retry against a closed port for seconds
    and print "Error logging to API". Drained now, while the server still answers."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):  # a failure to deliver must not fail the run
            worker.drain_all(timeout=5)
