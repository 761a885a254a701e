"""Whole-flow throughput: a generated batch of real-sentence articles through clean-batch.

    python bench/bench_pipeline.py [--docs 20000] [--dask-address local] [--corpus ../shared/corpus]

The batch is JSONL shards of synthetic articles built from real CRUD_RAG sentences (see
bench_dedup.generate), each wrapped in real boilerplate lines, a tenth converted to traditional script.
Prints wall time and documents per second for cleaning alone (one core, no Prefect) and for the flow.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dedup import generate, load_sentences  # noqa: E402

from tasks.text.clean import clean_document  # noqa: E402
from tasks.text.script import convert_script  # noqa: E402

HEAD = [
    "中国西藏网 > 即时新闻 > 民生",
    "大院网-山西大院资讯网",
    "网易首页 > 财经频道 > 正文",
    "当前位置：首页 > 新闻中心",
]
TAIL = [
    "(责编: 贾春玲)",
    "扫一扫在手机打开当前页",
    "© 1997-2019 网易公司版权所有",
    "京ICP备05022684号-3",
    "返回搜狐，查看更多",
]


def write_batch(folder: Path, n: int, corpus: Path, per_file: int = 5000) -> None:
    rng = random.Random(3)
    sentences = load_sentences(corpus)
    folder.mkdir(parents=True)
    fh = None
    for i, (body, _) in enumerate(generate(sentences, n, seed=9)):
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = open(folder / f"part-{i // per_file:04d}.jsonl", "w", encoding="utf-8")
        text = "\n".join([rng.choice(HEAD), body, rng.choice(TAIL)])
        if rng.random() < 0.1:
            text = convert_script(text, "t")
        fh.write(
            json.dumps(
                {"id": f"doc-{i}", "url": f"https://site{i % 50}.example/{i}.html", "text": text}, ensure_ascii=False
            )
            + "\n"
        )
    if fh:
        fh.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--dask-address", default=None)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="prefect-bench-"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from flows.pipeline import clean_batch

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        write_batch(batch, args.docs, args.corpus)
        sample = [json.loads(line)["text"] for line in open(next(batch.glob("*.jsonl")), encoding="utf-8")][:2000]
        t = time.perf_counter()
        for text in sample:
            clean_document(text)
        clean_rate = len(sample) / (time.perf_counter() - t)
        t = time.perf_counter()
        manifest = clean_batch(
            input_dir=str(batch), output_dir=str(Path(tmp) / "out"), dask_address=args.dask_address, shard_mb=4
        )
        wall = time.perf_counter() - t
        out = Path(tmp) / "out"
        mib = lambda paths: round(sum(p.stat().st_size for p in paths if p.is_file()) / 2**20, 1)  # noqa: E731
        disk = {
            "input_mib": mib(batch.rglob("*")),
            "published_mib": mib(p for p in out.rglob("*") if ".work" not in p.parts),
            "work_cache_mib": mib((out / ".work").rglob("*")),
        }
    print(
        json.dumps(
            {
                "documents": args.docs,
                "clean_document_docs_per_s_one_core": round(clean_rate),
                "flow_wall_s": round(wall, 1),
                "flow_docs_per_s": round(args.docs / wall),
                "task_runner": args.dask_address or "threads",
                "counts": manifest["counts"],
                "shards": manifest["shards"],
                "disk_after_run": disk,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
