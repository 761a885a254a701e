"""Build tasks/text/data/common_chars.txt: the most frequent Han characters in real news, in both scripts.

Why: encoding detection and mojibake repair must judge which of two decodings reads like Chinese.
A frequency list from real news text (simplified, plus OpenCC's traditional forms) is that judge.
Run once from the repo root; the output is committed:

    python bench/build_common_chars.py [../shared/corpus]
"""

import collections
import json
import pathlib
import sys

import opencc

corpus = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")  # run from the repo root
counts = collections.Counter()
with open(corpus / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
    for line in fh:
        counts.update(ch for ch in json.loads(line)["text"] if "\u4e00" <= ch <= "\u9fff")
top = [ch for ch, _ in counts.most_common(3000)]
to_trad = opencc.OpenCC("s2t")
chars = sorted(set(top) | set(to_trad.convert("".join(top))))
out = pathlib.Path(__file__).resolve().parent.parent / "tasks" / "text" / "data" / "common_chars.txt"
out.write_text("".join(chars) + "\n", encoding="utf-8")
print(f"{len(chars)} characters -> {out}")
