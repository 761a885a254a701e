"""Mojibake repair on articles of sources the repair was not built on, damaged as scrapers damage them.

    python bench/eval_mojibake.py [--docs 200] [--corpus ../shared/corpus]

Articles: liaozp1/textsum and the sohu2021 pairs of the shared corpus (the character ranking the
repair guesses with is counted on CRUD_RAG, so these are held out). Each article is damaged whole:
UTF-8 read as GBK or as GB18030 with errors replaced, GBK read as Latin-1, GBK read as cp1252. Per
damage: the share of documents that get at least 95% of their characters back (characters of the
original matched in order, difflib), the mean share, the replacement characters left, and the
share of the original's sentences that come back whole.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.text.encoding import repair_encoding  # noqa: E402

DAMAGES = {
    "utf8_read_as_gbk_replace": lambda t: t.encode("utf-8").decode("gbk", errors="replace"),
    "utf8_read_as_gb18030_replace": lambda t: t.encode("utf-8").decode("gb18030", errors="replace"),
    "gbk_read_as_latin1": lambda t: t.encode("gbk", errors="ignore").decode("latin-1"),
    "gbk_read_as_cp1252": lambda t: t.encode("gbk", errors="ignore").decode("cp1252", errors="ignore"),
}


def articles(corpus: Path, n: int) -> list[str]:
    out: list[str] = []
    with open(corpus / "liaozp1__textsum.jsonl", encoding="utf-8") as fh:
        out += [json.loads(line)["text"] for line in fh]
    with open(corpus / "biendata-com__sohu2021-baseline.pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out += [record[k] for k in ("text", "text_a", "text_b") if isinstance(record.get(k), str)]
    texts = [t for t in out if len(t) >= 200 and "\ufffd" not in t]
    return list(dict.fromkeys(texts))[:n]


def recovered(original: str, repaired: str) -> float:
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(original))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    args = parser.parse_args()
    texts = articles(args.corpus, args.docs)
    report = {"documents": len(texts)}
    for name, damage in DAMAGES.items():
        shares, before, unrecovered, sentences, whole = [], [], 0, 0, 0
        for text in texts:
            damaged = damage(text)
            repair = repair_encoding(damaged)
            shares.append(recovered(text, repair.text))
            before.append(recovered(text, damaged))
            unrecovered += repair.replacement_chars
            # sentences of what the damage could keep (a character GBK cannot encode is gone before
            # any repair: 18 of these articles hold private-use characters)
            kept = text.encode("gbk", errors="ignore").decode("gbk") if "gbk_read" in name else text
            for sentence in re.findall(r"[^。！？\n]{8,}[。！？]", kept):
                sentences += 1
                whole += sentence in repair.text
        report[name] = {
            "docs_with_95pct_back": round(sum(s >= 0.95 for s in shares) / len(shares), 3),
            "mean_chars_back": round(sum(shares) / len(shares), 4),
            "mean_chars_right_before_repair": round(sum(before) / len(before), 4),
            "replacement_chars_left": unrecovered,
            "sentences_whole": round(whole / max(1, sentences), 3),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
