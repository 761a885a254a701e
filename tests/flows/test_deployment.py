"""prefect.yaml for real: a local Prefect server, a process work pool, a worker, a deployment run."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import ROOT, SEEDS

PREFECT = str(Path(sys.executable).with_name("prefect"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def local_server(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/health", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("local Prefect server did not start")
        yield {**env, "PREFECT_API_URL": url}
    finally:
        server.terminate()
        server.wait(timeout=30)


def prefect(env, *args, timeout=300):
    done = subprocess.run([PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_scheduled_deployment_runs_on_a_worker(local_server, tmp_path):
    env = local_server
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(SEEDS, inbox / "batch-001")
    (inbox / "batch-001" / "_SUCCESS").touch()  # the scraper marks the folder complete
    prefect(env, "work-pool", "create", "cnnews-process", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")
    listed = prefect(env, "deployment", "ls")
    assert "clean-new-batches" in listed and "reprocess" in listed
    prefect(
        env,
        "deployment",
        "run",
        "clean-new-batches/clean-new-batches",
        "--param",
        f"inbox={inbox}",
        "--param",
        f"output_dir={out}",
    )
    prefect(env, "worker", "start", "--pool", "cnnews-process", "--run-once")
    ledger = json.loads((out / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["batches"]["batch-001"]["counts"] == {"input": 5, "clean": 5, "duplicates": 0, "rejected": 0}
    request = urllib.request.Request(
        env["PREFECT_API_URL"] + "/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}
    )
    runs = json.loads(urllib.request.urlopen(request, timeout=10).read())
    ran = [run["state_type"] for run in runs if run["state_type"] != "SCHEDULED"]  # the cron may add future runs
    assert len(ran) >= 2 and set(ran) == {"COMPLETED"}, ran  # clean-new-batches and its subflows
