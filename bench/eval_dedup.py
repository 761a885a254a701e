"""Duplicate detection quality end to end: the real CRUD_RAG reposts through the clean-batch flow.

    python bench/eval_dedup.py [--measure containment] [--threshold 0.75] [--corpus ../shared/corpus]

The 2,983 CRUD_RAG articles carry upstream repost clusters (``near_dup_cluster``: MinHash LSH
candidates verified by exact character-5-gram Jaccard >= 0.5 on the raw body). They are written as
--batches batches (default two: odd and even lines) and run through ``clean_batch`` one after the
other, so most of every cluster's pairs can only be found against the index of earlier batches. Reported: pairwise
precision and recall over all pairs and over the pairs that span the two batches, and the
documents published as clean.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.config import DEFAULTS  # noqa: E402


def pairs_of(groups: dict) -> set[tuple[str, str]]:
    out = set()
    for members in groups.values():
        members = sorted(members)
        out |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", default=DEFAULTS.measure, choices=["jaccard", "containment"])
    parser.add_argument("--threshold", type=float, default=DEFAULTS.threshold)
    parser.add_argument("--batches", type=int, default=2, help="split the articles round-robin into this many batches")
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="prefect-eval-"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.pipeline import clean_batch

    with open(args.corpus / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    label, batch_of = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        names = [f"crud-{b}" for b in range(args.batches)]
        for b, name in enumerate(names):
            folder = Path(tmp) / name
            folder.mkdir()
            with open(folder / "part-0.jsonl", "w", encoding="utf-8") as fh:
                for i, r in enumerate(records):
                    if i % args.batches != b:
                        continue
                    doc_id = f"{r['source_path'].rsplit('/', 1)[-1]}:{r['line_no']}"
                    label[doc_id] = (
                        r["near_dup_cluster"] if r.get("near_dup_cluster") is not None else f"single-{doc_id}"
                    )
                    batch_of[doc_id] = name
                    fh.write(json.dumps({"id": doc_id, "text": r["text"]}, ensure_ascii=False) + "\n")
        counts = {}
        for name in names:
            m = clean_batch(
                input_dir=str(Path(tmp) / name), output_dir=str(out), threshold=args.threshold, measure=args.measure
            )
            counts[name] = m["counts"]
        found_groups: dict[str, set] = {}
        for name in names:
            for doc_id in (
                pq.read_table(out / "clean" / f"{name}.parquet", columns=["doc_id"]).column("doc_id").to_pylist()
            ):
                found_groups.setdefault(doc_id, set()).add(doc_id)
            dups = pq.read_table(out / "duplicates" / f"{name}.parquet", columns=["doc_id", "duplicate_of"])
            for doc_id, rep in zip(dups.column("doc_id").to_pylist(), dups.column("duplicate_of").to_pylist()):
                found_groups.setdefault(rep, set()).add(doc_id)
    truth_groups: dict = {}
    for doc_id, c in label.items():
        truth_groups.setdefault(c, set()).add(doc_id)
    truth, found = pairs_of(truth_groups), pairs_of(found_groups)

    def score(subset):
        t, f = {p for p in truth if subset(p)}, {p for p in found if subset(p)}
        if not t and not f:
            return None
        return {
            "true_pairs": len(t),
            "found_pairs": len(f),
            "precision": round(len(t & f) / max(1, len(f)), 4),
            "recall": round(len(t & f) / max(1, len(t)), 4),
        }

    print(
        json.dumps(
            {
                "measure": args.measure,
                "threshold": args.threshold,
                "documents": len(records),
                "counts": counts,
                "all_pairs": score(lambda p: True),
                "pairs_across_batches": score(lambda p: batch_of[p[0]] != batch_of[p[1]]),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
