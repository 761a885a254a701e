"""Peak memory of a whole CLI run: the flow process, its workers and Prefect's temporary server.

    python bench/cli_memory.py [--docs 200000] [--batch FOLDER] [-- extra CLI arguments]

Runs ``python -m flows.pipeline`` on a generated batch (``bench_pipeline.write_batch``, the same
articles for the same ``--docs``) in a fresh PREFECT_HOME, samples the resident memory of the CLI
and every descendant every 0.5 s, and prints each process's peak and the peak of their sum. A
sampled peak can miss a spike shorter than the interval, so repeated runs differ by some tens of MiB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _parents() -> dict[int, int]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return out


def _rss_mib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) // 1024 for line in fh if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:70]
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--batch", type=Path, help="an existing batch folder instead of a generated one")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("extra", nargs="*", help="more CLI arguments (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch = args.batch
        if batch is None:
            from bench_pipeline import write_batch

            batch = Path(tmp) / "batch"
            write_batch(batch, args.docs, args.corpus)
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / "home"), "DO_NOT_TRACK": "1"}
        env.pop("PREFECT_API_URL", None)  # the temporary server is part of what is measured
        command = [sys.executable, "-m", "flows.pipeline", "--input", str(batch), "--output", str(Path(tmp) / "out")]
        started = time.time()
        proc = subprocess.Popen(
            [*command, *args.extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        peaks: dict[int, int] = {}
        names: dict[int, str] = {}
        total_peak = 0
        while proc.poll() is None:
            parents = _parents()
            tree, grew = {proc.pid}, True
            while grew:
                found = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree |= found
                grew = bool(found)
            total = 0
            for pid in tree:
                rss = _rss_mib(pid)
                total += rss
                if rss > peaks.get(pid, 0):
                    peaks[pid], names[pid] = rss, _command(pid)
            total_peak = max(total_peak, total)
            time.sleep(0.5)
        log = proc.stdout.read().decode(errors="replace").strip().splitlines()
    runner = " ".join(args.extra) or "default runner"
    print(f"{runner}: whole CLI run {time.time() - started:.1f} s, exit {proc.returncode}")
    for pid, rss in sorted(peaks.items(), key=lambda item: -item[1])[:6]:
        print(f"  peak {rss:5d} MiB  {names[pid]}")
    print(f"  all processes together, peak {total_peak} MiB")
    print(log[-1][:200] if log else "(no output)")


if __name__ == "__main__":
    main()
