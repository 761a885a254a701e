"""Line-level evaluation of boilerplate removal against ground truth.

    python bench/eval_cleaning.py [--corpus ../shared/corpus] [--show 5]

Ground truth: pages whose main text is known.
- opendatalab/magic-html: ``reference_main_text`` is the benchmark's ground-truth main content;
- kingname/GeneralNewsExtractor: ``reference_main_text`` is GNE's extraction (automatic, not human gold).
Every input line (after our encoding repair and normalisation, so both sides compare like with like)
is labelled *body* when it occurs in the reference (a line under 8 characters only when it is a whole
line of the reference: "新闻" inside a sentence does not make a menu item body), else *boilerplate*.
A line counts as kept by the same test against the output: a short line must be a whole output
line, a longer one a substring of it. Reported per source:
- body kept: share of body lines (and characters) still in the output: lost body is the costly error;
- boilerplate removed: share of boilerplate lines gone from the output;
- precision of kept text: share of kept characters that are body.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.clean import clean_document  # noqa: E402
from tasks.encoding import repair_encoding  # noqa: E402
from tasks.normalize import normalize  # noqa: E402
from tasks.script import to_simplified  # noqa: E402


def squash(text: str) -> str:
    return "".join(to_simplified(text).split())


def evaluate(records: list[dict], show: int = 0) -> dict:
    body_lines = body_kept = boiler_lines = boiler_removed = 0
    body_chars = body_chars_kept = kept_chars = kept_body_chars = 0
    worst = []
    for r in records:
        reference_text = normalize(repair_encoding(r["reference_main_text"]).text)[0]
        reference = squash(reference_text)
        reference_lines = {squash(line) for line in reference_text.split("\n")}
        doc = clean_document(r["text"])
        output = squash(doc.text)
        output_lines = {squash(line) for line in doc.text.split("\n")}
        lost, kept_boiler = [], []
        for line in normalize(repair_encoding(r["text"]).text)[0].split("\n"):
            key = squash(line)
            if len(key) < 2:
                continue
            is_body = key in reference_lines if len(key) < 8 else key in reference
            kept = key in output_lines if len(key) < 8 else key in output
            if is_body:
                body_lines += 1
                body_chars += len(key)
                body_kept += kept
                body_chars_kept += len(key) * kept
                if not kept:
                    lost.append(line)
            else:
                boiler_lines += 1
                boiler_removed += not kept
                if kept:
                    kept_boiler.append(line)
            if kept:
                kept_chars += len(key)
                kept_body_chars += len(key) * is_body
        worst.append((len(lost), r.get("url") or r.get("source_path"), lost[:3], kept_boiler[:5]))
    if show:
        worst.sort(key=lambda w: -w[0])
        for n, where, lost, kept_boiler in worst[:show]:
            print(f"--- {where}: {n} body lines lost {lost}; boilerplate kept {kept_boiler}", file=sys.stderr)
    return {
        "pages": len(records),
        "body_lines": body_lines,
        "body_lines_kept": round(body_kept / max(1, body_lines), 4),
        "body_chars_kept": round(body_chars_kept / max(1, body_chars), 4),
        "boilerplate_lines": boiler_lines,
        "boilerplate_lines_removed": round(boiler_removed / max(1, boiler_lines), 4),
        "precision_of_kept_text": round(kept_body_chars / max(1, kept_chars), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    parser.add_argument("--show", type=int, default=0, help="print the N pages that lost the most body lines")
    args = parser.parse_args()
    report = {}
    for name in ("opendatalab__magic-html.jsonl", "kingname__GeneralNewsExtractor.jsonl"):
        with open(args.corpus / name, encoding="utf-8") as fh:
            records = [r for r in map(json.loads, fh) if r.get("reference_main_text")]
        report[name.split(".")[0]] = evaluate(records, args.show)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
