"""Script conversion speed: MB/s on one core, on real corpus text.

    python bench/bench_script.py [--corpus ../shared/corpus] [--repeat 5]

Simplified text: the CRUD_RAG articles (to t, tw, twp, hk); traditional text: the same articles
converted to Taiwan and Hong Kong forms (to s, which detects the region first). Also timed: script
detection alone, and the whole route the pipeline takes (``convert_script``). The pure-Python
converters are timed too where installed (opencc-purepy; opencc-python-reimplemented cannot be
installed beside the native package, both being module ``opencc``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.text.script import CONVERTER, convert, convert_script, detect_script  # noqa: E402


def best_seconds(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with open(Path(args.corpus) / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
        simplified = [json.loads(line)["text"] for line in fh]
    taiwan = [convert(t, "s2tw") for t in simplified]
    hongkong = [convert(t, "s2hk") for t in simplified]
    mb = {
        name: sum(len(t.encode("utf-8")) for t in texts) / 1e6
        for name, texts in (("s", simplified), ("tw", taiwan), ("hk", hongkong))
    }
    print(f"converter: {CONVERTER}; {len(simplified)} articles, {mb['s']:.1f} MB simplified, {mb['tw']:.1f} MB Taiwan")
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


if __name__ == "__main__":
    main()
