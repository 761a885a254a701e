"""Where the time goes: each stage of clean-batch as a plain function, one process, no Prefect.

    python bench/profile_stages.py [--docs 20000] [--corpus ../shared/corpus]

The batch is bench_pipeline's (generated articles with real boilerplate lines); the last column is
the process's peak memory after each stage, so the stage that raises it shows. Compare the total
with bench_pipeline's flow wall time: the difference is what Prefect and its temporary server cost.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import write_batch  # noqa: E402

from tasks.config import DEFAULTS  # noqa: E402
from tasks.io.ingest import plan_shards  # noqa: E402
from tasks.stages import duplicates, line_stats, publish, shards  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    parser.add_argument(
        "--functions",
        type=int,
        default=0,
        help="then profile clean_document on 3,000 of the articles and print this many functions by own time",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch, out = Path(tmp) / "batch", Path(tmp) / "out"
        write_batch(batch, args.docs, args.corpus)
        timings: dict[str, float] = {}
        peaks: dict[str, float] = {}

        def timed(name, fn):
            start = time.perf_counter()
            result = fn()
            timings[name] = time.perf_counter() - start
            peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB, peak so far
            return result

        plans = timed("plan shards", lambda: plan_shards(batch, 4 << 20))
        cleaned = timed(
            "read and clean (process_shard)",
            lambda: [shards.process_shard(batch, p, "b", DEFAULTS, out) for p in plans],
        )
        frequent = timed("line statistics", lambda: line_stats.line_statistics(cleaned, out, "b", 1, DEFAULTS))
        final = timed(
            "frequent lines, sign (finalize_shard)",
            lambda: [shards.finalize_shard(p, frequent, "b", DEFAULTS) for p in cleaned],
        )
        inputs = timed("prepare dedup", lambda: duplicates.prepare_dedup(final, out, "b", 1, DEFAULTS))
        pairs = timed(
            "band pairs",
            lambda: [duplicates.band_pairs(inputs, lo, min(lo + 4, inputs.bands)) for lo in range(0, inputs.bands, 4)],
        )
        decisions = timed("decide", lambda: duplicates.decide(inputs, pairs, DEFAULTS))
        timed(
            "publish",
            lambda: publish.publish(final, decisions, inputs, out, "b", 1, DEFAULTS, {"input_dir": str(batch)}),
        )
        total = sum(timings.values())
        input_mb = sum(p.stat().st_size for p in batch.iterdir()) / 1e6
    print(f"{args.docs} documents, {input_mb:.1f} MB, one process (peak RSS so far, after each stage)")
    for name, seconds in timings.items():
        print(f"  {name:40s} {seconds:6.1f} s  {100 * seconds / total:3.0f}%  {peaks[name]:7.0f} MiB")
    print(f"  {'total':40s} {total:6.1f} s  ({args.docs / total:.0f} docs/s, {input_mb / total:.2f} MB/s)")
    if args.functions:
        _profile_cleaning(args.corpus, args.functions)


def _profile_cleaning(corpus: Path, top: int) -> None:
    """Inside the largest stage: clean_document's functions by their own time, under cProfile."""
    import cProfile
    import io
    import json
    import pstats

    from tasks.text.clean import clean_document

    with tempfile.TemporaryDirectory() as tmp:
        write_batch(Path(tmp) / "batch", 3000, corpus)
        files = sorted((Path(tmp) / "batch").glob("*.jsonl"))
        texts = [json.loads(line)["text"] for f in files for line in f.open(encoding="utf-8")]
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        clean_document(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(f"\nclean_document on {len(texts)} of the articles, under cProfile (its overhead included):")
    print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))


if __name__ == "__main__":
    main()
