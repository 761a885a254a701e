"""Peak memory of a whole CLI run: the flow process, its workers and Prefect's temporary server.

    python bench/cli_memory.py [--docs 200000] [--batch FOLDER] [-- extra CLI arguments]

Runs ``python -m flows.pipeline`` on a generated batch (``bench_pipeline.write_batch``, the same
articles for the same ``--docs``), samples the memory of the CLI and every descendant every 0.5 s,
and prints each process's peak and the peaks of their sums:

- RSS, what ``ps`` and ``/usr/bin/time`` show: it counts the pages of shared libraries (Arrow,
  Python, NumPy) once in every process that maps them;
- PSS, which shares those pages among the processes: the sum is what the run takes from the machine;
- the same sums without Prefect's temporary server, which a deployment does not start (it talks
  to the Prefect server it was deployed to).

``--home`` reuses a PREFECT_HOME (default: a fresh one, whose first start also builds Prefect's
database). A sampled peak can miss a spike shorter than the interval, so repeated runs differ by
some tens of MiB.
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


def _memory_mib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in MiB; zeros once it has gone."""
    found = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith(("Rss:", "Pss:")):
                    found[line[:3]] = int(line.split()[1]) // 1024
    except OSError:
        pass
    return found.get("Rss", 0), found.get("Pss", 0)


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
    parser.add_argument("--home", type=Path, help="PREFECT_HOME to use (default: a fresh one)")
    parser.add_argument("extra", nargs="*", help="more CLI arguments (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch = args.batch
        if batch is None:
            from bench_pipeline import write_batch

            batch = Path(tmp) / "batch"
            write_batch(batch, args.docs, args.corpus)
        home = args.home or Path(tmp) / "home"
        env = {**os.environ, "PREFECT_HOME": str(home), "DO_NOT_TRACK": "1"}
        env.pop("PREFECT_API_URL", None)  # the temporary server is part of what is measured
        command = [sys.executable, "-m", "flows.pipeline", "--input", str(batch), "--output", str(Path(tmp) / "out")]
        started = time.time()
        proc = subprocess.Popen(
            [*command, *args.extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        peaks: dict[int, tuple[int, int]] = {}
        names: dict[int, str] = {}
        totals = {key: 0 for key in ("rss", "pss", "rss_without_server", "pss_without_server")}
        at_peak: dict[int, int] = {}  # each process's RSS when the processes together peaked
        while proc.poll() is None:
            parents = _parents()
            tree, grew = {proc.pid}, True
            while grew:
                found = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree |= found
                grew = bool(found)
            now = dict.fromkeys(totals, 0)
            sample: dict[int, int] = {}
            for pid in tree:
                rss, pss = _memory_mib(pid)
                sample[pid] = rss
                names.setdefault(pid, _command(pid))
                server = "temporary_api" in names[pid]
                for key, value in (("rss", rss), ("pss", pss)):
                    now[key] += value
                    now[f"{key}_without_server"] += 0 if server else value
                old_rss, old_pss = peaks.get(pid, (0, 0))
                peaks[pid] = (max(old_rss, rss), max(old_pss, pss))
            if now["rss"] > totals["rss"]:
                at_peak = sample
            totals = {key: max(value, now[key]) for key, value in totals.items()}
            time.sleep(0.5)
        log = proc.stdout.read().decode(errors="replace").strip().splitlines()
    runner = " ".join(args.extra) or "default runner"
    print(f"{runner}: whole CLI run {time.time() - started:.1f} s, exit {proc.returncode}")
    for pid, (rss, pss) in sorted(peaks.items(), key=lambda item: -item[1][0])[:6]:
        print(f"  peak RSS {rss:5d} MiB, PSS {pss:5d} MiB  {names[pid]}")
    print(f"  all processes together, peak: RSS {totals['rss']} MiB, PSS {totals['pss']} MiB")
    print(
        "    at that moment: "
        + ", ".join(
            f"{rss} MiB {names[pid][-28:].strip()}"
            for pid, rss in sorted(at_peak.items(), key=lambda item: -item[1])
            if rss
        )
    )
    print(
        f"  without the temporary server, peak: RSS {totals['rss_without_server']} MiB, "
        f"PSS {totals['pss_without_server']} MiB"
    )
    print(log[-1][:200] if log else "(no output)")


if __name__ == "__main__":
    main()
