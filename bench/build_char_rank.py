"""Build tasks/text/data/char_rank.txt (Han characters of real news, most frequent first) and
char_pairs.txt.gz (pairs of adjacent characters seen at least 3 times, with their counts).

Why: a character that lost a byte to a replacement character (UTF-8 read as GBK with errors
replaced) can be one of a few dozen; the repair takes the most frequent one that fits. Counted on
the CRUD_RAG articles of the shared corpus (the mojibake evaluation, bench/eval_mojibake.py, damages
other sources). Traditional forms come after all simplified ones. The pairs let the repair prefer
the candidate that fits its neighbours (中国 over 一国). Run from the repo root; committed:

    python bench/build_char_rank.py [../shared/corpus]
"""

import collections
import gzip
import json
import pathlib
import sys

import opencc

corpus = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
PUNCTUATION = "，。、“”：；？！（）《》—…·‘’【】"
counts = collections.Counter()
pairs = collections.Counter()
with open(corpus / "IAAR-Shanghai__CRUD_RAG.jsonl", encoding="utf-8") as fh:
    for line in fh:
        text = json.loads(line)["text"]
        counts.update(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        keep = [("\u4e00" <= ch <= "\u9fff") or ch in PUNCTUATION for ch in text]
        pairs.update(a + b for a, b, ka, kb in zip(text, text[1:], keep, keep[1:]) if ka and kb)
to_trad = opencc.OpenCC("s2t")
simplified = [ch for ch, _ in counts.most_common(5000)]
# Traditional forms after every simplified character: a damaged simplified article (the common
# case) must not get 們 for 壑; a traditional one still finds its forms.
ranked = list(dict.fromkeys(simplified + [to_trad.convert(ch) for ch in simplified]))
out = pathlib.Path(__file__).resolve().parent.parent / "tasks" / "text" / "data" / "char_rank.txt"
out.write_text("".join(ranked) + "\n", encoding="utf-8")
print(f"{len(ranked)} characters -> {out}")
frequent = sorted((p, n) for p, n in pairs.items() if n >= 3)
data = "".join(f"{p}\t{n}\n" for p, n in frequent).encode("utf-8")
(out.parent / "char_pairs.txt.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
print(f"{len(frequent)} pairs -> {out.parent / 'char_pairs.txt.gz'}")
