"""Peak memory of cleaning one large file, cut into pieces (the pipeline) or read whole (before).

    python bench/bench_memory.py [--docs 60000] [--format jsonl.gz|parquet]

The batch is one file of generated articles (bench_pipeline.write_batch), as a .jsonl.gz or as a
Parquet file with a single row group. Each measurement runs in a fresh process: plan the shards,
then read and clean them one after another, as one worker does, and report the process's peak
resident memory (VmHWM). "whole" plans without a spill folder, which is how such a file was
read before it could be cut.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SHARD_BYTES = 32 * 1024 * 1024


def _peak_mib() -> int:
    """This process's peak resident memory (VmHWM): unlike ru_maxrss, which Linux carries over
    from the parent across exec, it starts afresh in the child."""
    with open("/proc/self/status") as fh:
        kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    return round(kib / 1024)


def measure(batch: str, spill: str | None) -> dict:
    from tasks.io.ingest import plan_shards, read_shard
    from tasks.stages.shards import clean_table

    t = time.perf_counter()
    docs = 0
    shards = plan_shards(batch, SHARD_BYTES, spill)
    after_plan = _peak_mib()
    for parts in shards:
        raw, _ = read_shard(batch, parts)
        cleaned, _ = clean_table(raw, "s")
        docs += len(cleaned)
        del raw, cleaned
    return {
        "docs": docs,
        "shards": len(shards),
        "peak_rss_after_planning_mib": after_plan,
        "peak_rss_mib": _peak_mib(),
        "seconds": round(time.perf_counter() - t, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=60_000)
    parser.add_argument("--format", choices=("jsonl.gz", "parquet"), default="jsonl.gz")
    parser.add_argument("--measure", nargs=2, metavar=("BATCH", "SPILL"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    args = parser.parse_args()
    if args.measure:
        batch, spill = args.measure
        print(json.dumps(measure(batch, None if spill == "-" else spill)))
        return
    import pyarrow as pa
    import pyarrow.parquet as pq
    from bench_pipeline import write_batch

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain"
        write_batch(plain, args.docs, args.corpus, per_file=args.docs)
        batch = Path(tmp) / "batch"
        batch.mkdir()
        source = next(plain.glob("*.jsonl"))
        if args.format == "jsonl.gz":
            with open(source, "rb") as src, gzip.open(batch / "big.jsonl.gz", "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            rows = [json.loads(line) for line in open(source, encoding="utf-8")]
            table = pa.table({k: [r[k] for r in rows] for k in ("id", "url", "text")})
            pq.write_table(table, batch / "big.parquet", row_group_size=len(rows))
        size_mib = round(sum(p.stat().st_size for p in batch.iterdir()) / 2**20, 1)
        report = {"docs": args.docs, "format": args.format, "file_mib": size_mib}
        for name, spill in (("whole", "-"), ("cut into pieces", str(Path(tmp) / "spill"))):
            run = subprocess.run(
                [sys.executable, __file__, "--measure", str(batch), spill], capture_output=True, text=True, check=True
            )
            report[name] = json.loads(run.stdout)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
