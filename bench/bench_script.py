"""Script conversion speed on one core, on real corpus text.

    python bench/bench_script.py [--corpus ../shared/corpus] [--repeat 5]

Simplified text: the CRUD_RAG articles (to t, tw, twp, hk); traditional text: the same articles
converted to OpenCC's, Taiwan's and Hong Kong's forms (to s, which detects the region first).

First every configuration the pipeline uses, native OpenCC text by text beside the batch converter
(``tasks/text/opencc_batch.py``) on all the articles at once, in the same run, with the count of
texts whose output is identical; in MB per CPU-second of the process (one core: none of it runs
threads), since this host is shared and wall time also counts time the core is taken away; the batch
per wall second beside. Then script detection alone (wall), and the routes the pipeline takes
(``convert_script`` text by text, ``convert_routes`` for a shard). The pure-Python converter is
timed too where installed (opencc-purepy; opencc-python-reimplemented cannot be installed beside
the native package, both being module ``opencc``). Last, a shard of 5,000 generated articles
cleaned one document at a time (``clean_document``) and together (``clean_documents``), and every
record of the shared corpus through both converters in every offered configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.text.opencc_batch import BatchConverter  # noqa: E402
from tasks.text.script import (  # noqa: E402
    CONFIGS,
    CONVERTER,
    convert,
    convert_routes,
    convert_script,
    detect_script,
    script_route,
)


def best_seconds(fn, texts, repeat: int, clock=time.perf_counter) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        for t in texts:
            fn(t)
        best = min(best, clock() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shard-docs", type=int, default=5000, help="articles in the cleaned shard")
    args = parser.parse_args()
    with open(Path(args.corpus) / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
        simplified = [json.loads(line)["text"] for line in fh]
    taiwan = [convert(t, "s2tw") for t in simplified]
    hongkong = [convert(t, "s2hk") for t in simplified]
    traditional = [convert(t, "s2t") for t in simplified]
    by_script = {"s": simplified, "tw": taiwan, "hk": hongkong, "t": traditional}
    mb = {name: sum(len(t.encode("utf-8")) for t in texts) / 1e6 for name, texts in by_script.items()}
    print(f"converter: {CONVERTER}; {len(simplified)} articles, {mb['s']:.1f} MB simplified, {mb['tw']:.1f} MB Taiwan")
    # MB per CPU-second of this process (one core: nothing here runs threads); the host is shared, and
    # wall time also counts the time other machines' work takes the core away. Batch wall time beside.
    print("MB per CPU-second (batch also per wall second)")
    header = ("configuration (input)", "native, text by text", "batch, all at once", "x", "identical", "load", "wall")
    print(
        f"{header[0]:24s} {header[1]:>21s} {header[2]:>19s} {header[3]:>5s} {header[4]:>10s} {header[5]:>6s} "
        f"{header[6]:>6s}"
    )
    for config in CONFIGS:
        source = "s" if config.startswith("s") else config.split("2")[0]
        texts = by_script[source]
        t0 = time.perf_counter()
        batch = BatchConverter(config)
        load = time.perf_counter() - t0
        native = best_seconds(lambda t, c=config: convert(t, c), texts, args.repeat, time.process_time)
        batched = best_seconds(batch.convert_many, [texts], args.repeat, time.process_time)
        wall = best_seconds(batch.convert_many, [texts], args.repeat)
        same = sum(a == b for a, b in zip(batch.convert_many(texts), (convert(t, config) for t in texts)))
        print(
            f"{config + ' (' + source + ')':24s} {mb[source] / native:16.1f} MB/s {mb[source] / batched:14.1f} MB/s "
            f"{native / batched:5.1f} {same:5d}/{len(texts):<4d} {load:5.2f}s {mb[source] / wall:6.1f}"
        )
    routes = [script_route(t, "tw") for t in simplified]
    rows = [
        ("convert s2t (simplified)", lambda t: convert(t, "s2t"), simplified, mb["s"]),
        ("convert s2twp (simplified)", lambda t: convert(t, "s2twp"), simplified, mb["s"]),
        ("convert tw2s (Taiwan)", lambda t: convert(t, "tw2s"), taiwan, mb["tw"]),
        ("convert t2s (Taiwan)", lambda t: convert(t, "t2s"), taiwan, mb["tw"]),
        ("detect_script (simplified)", detect_script, simplified, mb["s"]),
        ("pipeline route to s (simplified: skipped)", lambda t: convert_script(t, "s"), simplified, mb["s"]),
        ("pipeline route to s (Taiwan)", lambda t: convert_script(t, "s"), taiwan, mb["tw"]),
        ("pipeline route to s (Hong Kong)", lambda t: convert_script(t, "s"), hongkong, mb["hk"]),
        ("pipeline route to tw (simplified)", lambda t: convert_script(t, "tw"), simplified, mb["s"]),
        ("  the same, a shard at once (convert_routes)", lambda ts: convert_routes(ts, routes), [simplified], mb["s"]),
    ]
    try:
        from opencc_purepy import OpenCC as PurePy

        pure = {c: PurePy(c) for c in ("s2t", "t2s")}
        rows += [
            (
                "opencc-purepy s2t (simplified)",
                lambda t: pure["s2t"].convert(t),
                simplified[:300],
                mb["s"] * 300 / len(simplified),
            ),
            (
                "opencc-purepy t2s (Taiwan)",
                lambda t: pure["t2s"].convert(t),
                taiwan[:300],
                mb["tw"] * 300 / len(taiwan),
            ),
        ]
    except ImportError:
        print("opencc-purepy not installed: pure-Python fallback not timed")
    print(f"{'what':44s} {'MB/s, one core':>15s}")
    for name, fn, texts, size in rows:
        seconds = best_seconds(fn, texts, args.repeat)
        print(f"{name:44s} {size / seconds:15.1f}")
    shard_cleaning(Path(args.corpus), args.shard_docs)
    whole_corpus_identity(Path(args.corpus))


def whole_corpus_identity(corpus: Path) -> None:
    """Every text record of the shared corpus (raw HTML, mojibake, spam included) through both
    converters, in every offered configuration: how many come out different."""
    import gzip

    texts = []
    for path in sorted(corpus.glob("*.jsonl")) + sorted(corpus.glob("*.jsonl.gz")):
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                text = next((record[k] for k in ("text", "html", "content") if isinstance(record.get(k), str)), None)
                if text is not None:
                    texts.append(text)
    print(f"\nthe shared corpus: {len(texts)} records, {sum(map(len, texts)):,} characters; texts that differ")
    for config in ("t2s", "tw2s", "hk2s", "s2t", "s2tw", "s2twp", "s2hk", "tw2sp"):
        got = BatchConverter(config).convert_many(texts)
        print(f"{config:6s} {sum(g != convert(t, config) for g, t in zip(got, texts))}")


def shard_cleaning(corpus: Path, n: int) -> None:
    """Cleaning a shard of the pipeline benchmark's articles (a tenth traditional), one document at a
    time (``clean_document``) and together (``clean_documents``, which converts scripts in batches)."""
    import random

    from bench_dedup import generate
    from bench_pipeline import HEAD, TAIL, load_sentences

    from tasks.text.clean import clean_document, clean_documents

    rng = random.Random(3)
    texts = []
    for body, _ in generate(load_sentences(corpus), n, seed=9):
        text = "\n".join([rng.choice(HEAD), body, rng.choice(TAIL)])
        texts.append(convert_script(text, "t") if rng.random() < 0.1 else text)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\ncleaning a shard: {n} generated articles, {mb:.1f} MB, a tenth traditional (MB per CPU-second)")
    print(f"{'target script':14s} {'one at a time':>14s} {'together':>9s} {'identical':>10s}")
    for target in ("s", "tw", "twp"):
        clean_documents(texts[:500], target)  # warm: the converters and models load once
        one = both = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            alone = [clean_document(t, target) for t in texts]
            one = min(one, time.process_time() - t0)
            t0 = time.process_time()
            together = clean_documents(texts, target)
            both = min(both, time.process_time() - t0)
        same = sum(a.text == b.text and a.fixes == b.fixes for a, b in zip(alone, together))
        print(f"{target:14s} {mb / one:14.2f} {mb / both:9.2f} {same:5d}/{len(texts)}")


if __name__ == "__main__":
    main()
