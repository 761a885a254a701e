"""Near-duplicate detection: speed, memory and quality, beside datasketch in the same run.

    python bench/bench_dedup.py [--docs 100000] [--datasketch-docs 5000] [--corpus ../shared/corpus]

1. Generates --docs documents from the real CRUD_RAG articles: windows of real articles, a share of them
   reposts (same window, other header/footer, a few characters edited).
2. Signatures: our vectorised MinHash vs datasketch's MinHash (default sha1 hashing, and with our
   shingle hash) on the same documents, one core; docs/s and the speed-up.
3. Band join + verification + clustering over all --docs signatures (as an index would hold them):
   docs/s and peak memory (tracemalloc, which sees NumPy's allocations), beside datasketch's MinHashLSH
   insert+query on --datasketch-docs of them.
4. Quality on the real CRUD_RAG repost clusters (labels computed upstream: MinHash LSH candidates verified
   by exact char-5-gram Jaccard >= 0.5 on the raw body): pairwise precision and recall after cleaning.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datasketch import MinHash, MinHashLSH  # noqa: E402

from tasks.config import DEFAULTS  # noqa: E402
from tasks.dedup.clusters import candidate_pairs, candidate_threshold, find_duplicates  # noqa: E402
from tasks.dedup.content import content_hash
from tasks.dedup.minhash import (  # noqa: E402
    MinHasher,
    MinHashParams,
    band_keys,
    choose_bands,
    shingle_counts,
    shingle_hash32,
    shingles,
)
from tasks.text.clean import clean_document  # noqa: E402

HEADERS = ["", "原标题：", "来源：新华社\n", "中国新闻网 > 国内 > 正文\n", "IT之家 8 月 17 日消息，"]
FOOTERS = ["", "返回搜狐，查看更多责任编辑：", "（完）", "【责任编辑：李悠扬】", "扫一扫在手机打开当前页"]


def load_sentences(corpus: Path) -> list[str]:
    """Real news sentences from CRUD_RAG (split at 。！？), the material of the synthetic articles:
    each once (the corpus has reposts), and none over 150 characters (a run-on "sentence" shared
    by two originals would make them real near duplicates)."""
    sentences = set()
    with open(corpus / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
        for line in fh:
            body = "".join(json.loads(line)["text"].split("正文：", 1)[-1].split())
            sentences.update(s + "。" for s in re.split(r"[。！？]", body) if 12 <= len(s) <= 150)
    return sorted(sentences)


def generate(sentences: list[str], n: int, seed: int = 11, repost_share: float = 0.3):
    """Yield (text, origin): an original is 6-30 random real sentences (distinct with near certainty);
    a repost (origin = index of the document it reposts) is an earlier document with another site's
    header and footer and about one character in 200 changed."""
    rng = random.Random(seed)
    made: list[tuple[int, ...]] = []
    for _ in range(n):
        if made and rng.random() < repost_share:
            j = rng.randrange(len(made))
            body = list("".join(sentences[k] for k in made[j]))
            for _ in range(len(body) // 200):
                body[rng.randrange(len(body))] = rng.choice("的一是在不了有和人这中大为上个国")
            made.append(made[j])
            yield rng.choice(HEADERS) + "".join(body) + rng.choice(FOOTERS), j
        else:
            picked = tuple(rng.randrange(len(sentences)) for _ in range(rng.randint(6, 30)))
            made.append(picked)
            yield "".join(sentences[k] for k in picked), -1


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_signatures(texts: list[str], params: MinHashParams) -> dict:
    hasher = MinHasher(params)
    ours = best_of(lambda: hasher.signatures(texts))

    def ds_default():
        for t in texts:
            m = MinHash(num_perm=params.num_perm, seed=params.seed)
            m.update_batch([s.encode("utf-8") for s in shingles(t, params.shingle_size)])

    def ds_our_hash():
        for t in texts:
            m = MinHash(num_perm=params.num_perm, seed=params.seed, scheme="affine32", hashfunc=shingle_hash32)
            m.update_batch(shingles(t, params.shingle_size))

    default = best_of(ds_default, repeat=1)
    same_hash = best_of(ds_our_hash, repeat=1)
    n = len(texts)
    return {
        "documents": n,
        "mean_chars": round(sum(map(len, texts)) / n, 1),
        "ours_docs_per_s": round(n / ours),
        "datasketch_default_docs_per_s": round(n / default),
        "datasketch_same_hash_docs_per_s": round(n / same_hash),
        "speedup_vs_datasketch_default": round(default / ours, 1),
        "speedup_vs_datasketch_same_hash": round(same_hash / ours, 1),
    }


def bench_index(articles: list[str], n: int, n_ds: int, params: MinHashParams, threshold: float, measure: str) -> dict:
    hasher = MinHasher(params)
    bands, rows = choose_bands(candidate_threshold(threshold, measure), params.num_perm)
    sigs = np.empty((n, params.num_perm), dtype=np.uint32)
    sizes = np.empty(n, dtype=np.int64)
    hashes = np.empty(n, dtype="<U32")
    origin = np.empty(n, dtype=np.int64)
    t_sig = t_sizes = 0.0
    ds_texts: list[str] = []

    def add(chunk: list[str], pos: int) -> None:
        nonlocal t_sig, t_sizes
        t = time.perf_counter()
        sigs[pos : pos + len(chunk)] = hasher.signatures(chunk)
        t_sig += time.perf_counter() - t
        hashes[pos : pos + len(chunk)] = [content_hash(x) for x in chunk]
        t = time.perf_counter()
        sizes[pos : pos + len(chunk)] = shingle_counts(chunk, params.shingle_size)
        t_sizes += time.perf_counter() - t

    chunk: list[str] = []
    pos = 0
    for text, o in generate(articles, n):
        origin[pos + len(chunk)] = o
        chunk.append(text)
        if len(ds_texts) < n_ds:
            ds_texts.append(text)
        if len(chunk) == 20000:
            add(chunk, pos)
            pos += len(chunk)
            chunk = []
    if chunk:
        add(chunk, pos)
    gc.collect()

    tracemalloc.start()
    t = time.perf_counter()
    keys = band_keys(sigs, bands, rows)
    t_keys = time.perf_counter() - t
    _, peak_keys = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    t = time.perf_counter()
    pairs = candidate_pairs(keys)
    t_join = time.perf_counter() - t
    _, peak_join = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    t = time.perf_counter()
    result = find_duplicates(
        sigs, keys, hashes, np.arange(n), np.zeros(n, bool), threshold, pairs=pairs, measure=measure, sizes=sizes
    )
    t_cluster = time.perf_counter() - t
    _, peak_cluster = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    resident = sigs.nbytes + keys.nbytes + hashes.nbytes + sizes.nbytes
    reposts = origin >= 0
    found = result.representative != np.arange(n)

    # datasketch MinHashLSH on the first n_ds documents, same bands/rows.
    ds_sigs = []
    for text in ds_texts:
        m = MinHash(num_perm=params.num_perm, seed=params.seed, scheme="affine32", hashfunc=shingle_hash32)
        m.update_batch(shingles(text, params.shingle_size))
        ds_sigs.append(m)
    lsh = MinHashLSH(threshold=candidate_threshold(threshold, measure), num_perm=params.num_perm, params=(bands, rows))
    t = time.perf_counter()
    for i, m in enumerate(ds_sigs):
        lsh.query(m)
        lsh.insert(str(i), m)
    t_ds = time.perf_counter() - t
    return {
        "documents": n,
        "measure_threshold": [measure, threshold],
        "bands_rows": [bands, rows],
        "signatures_docs_per_s": round(n / t_sig),
        "shingle_counts_docs_per_s": round(n / t_sizes),
        "band_keys_docs_per_s": round(n / t_keys),
        "band_join_docs_per_s": round(n / t_join),
        "verify_cluster_docs_per_s": round(n / t_cluster),
        "candidate_pairs": int(len(pairs)),
        "peak_tracemalloc_gib": {
            "band_keys": round(peak_keys / 2**30, 3),
            "band_join": round(peak_join / 2**30, 3),
            "verify_cluster": round(peak_cluster / 2**30, 3),
        },
        "resident_index_arrays_gib": round(resident / 2**30, 3),
        "synthetic_reposts_found": f"{int((found & reposts).sum())}/{int(reposts.sum())}",
        "originals_marked_duplicate": int((found & ~reposts).sum()),
        "datasketch_lsh_docs": len(ds_texts),
        "datasketch_lsh_query_insert_docs_per_s": round(len(ds_texts) / t_ds),
        "ours_join_cluster_docs_per_s": round(n / (t_keys + t_join + t_cluster)),
    }


def quality(corpus: Path, settings: list[tuple[str, float]], params: MinHashParams) -> list[dict]:
    with open(corpus / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    docs = [clean_document(r["text"]) for r in records]
    sigs = MinHasher(params).signatures([d.dedup_text for d in docs])
    sizes = shingle_counts([d.dedup_text for d in docs], params.shingle_size)
    hashes = np.array([content_hash(d.dedup_text) for d in docs])
    labels = np.array(
        [r["near_dup_cluster"] if r.get("near_dup_cluster") is not None else -1 - i for i, r in enumerate(records)]
    )
    n = len(records)
    truth_pairs = {(i, j) for i in range(n) for j in range(i + 1, n) if labels[i] == labels[j]}
    out = []
    for measure, threshold in settings:
        bands, rows = choose_bands(candidate_threshold(threshold, measure), params.num_perm)
        keys = band_keys(sigs, bands, rows)
        result = find_duplicates(
            sigs, keys, hashes, np.arange(n), np.zeros(n, bool), threshold, measure=measure, sizes=sizes
        )
        rep = result.representative
        groups: dict[int, list[int]] = {}
        for i, r in enumerate(rep):
            groups.setdefault(int(r), []).append(i)
        found = {(a, b) for members in groups.values() for x, a in enumerate(members) for b in members[x + 1 :]}
        tp = len(found & truth_pairs)
        out.append(
            {
                "measure": measure,
                "threshold": threshold,
                "pair_precision": round(tp / max(1, len(found)), 4),
                "pair_recall": round(tp / max(1, len(truth_pairs)), 4),
                "true_pairs": len(truth_pairs),
                "found_pairs": len(found),
                "false_pairs": len(found - truth_pairs),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--datasketch-docs", type=int, default=5_000)
    parser.add_argument("--signature-docs", type=int, default=3_000)
    parser.add_argument("--threshold", type=float, default=DEFAULTS.threshold)
    parser.add_argument("--measure", default=DEFAULTS.measure, choices=["jaccard", "containment"])
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    params = MinHashParams()
    articles = load_sentences(args.corpus)
    sample = [t for t, _ in generate(articles, args.signature_docs, seed=5)]
    report = {"signatures_one_core": bench_signatures(sample, params)}
    print(json.dumps(report, ensure_ascii=False, indent=2), flush=True)
    report["index"] = bench_index(
        articles, args.docs, min(args.datasketch_docs, args.docs), params, args.threshold, args.measure
    )
    print(json.dumps({"index": report["index"]}, ensure_ascii=False, indent=2), flush=True)
    if not args.skip_quality:
        settings = [("jaccard", t) for t in (0.5, 0.6, 0.7, 0.8)] + [("containment", t) for t in (0.7, 0.75, 0.8, 0.85)]
        report["quality_crud_rag"] = quality(args.corpus, settings, params)
        print(json.dumps({"quality_crud_rag": report["quality_crud_rag"]}, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
