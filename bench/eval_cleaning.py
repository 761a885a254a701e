"""Line-level evaluation of boilerplate removal against ground truth.

    python bench/eval_cleaning.py [--corpus ../shared/corpus] [--show 5]

Ground truth: pages whose main text is known.
- opendatalab/magic-html: ``reference_main_text`` is the benchmark's ground-truth main content;
- kingname/GeneralNewsExtractor: ``reference_main_text`` is GNE's extraction (automatic, not human gold).
Every input line (after our encoding repair and normalisation, so both sides compare like with like)
is labelled *body* when it occurs in the reference (a line under 8 characters only when it is a whole
line of the reference: "新闻" inside a sentence does not make a menu item body), else *boilerplate*;
where the reference gives the headline as a field of its own (GNE's ``reference_title``), its first
copy on the page is body.
A line counts as kept by the same test against the output: a short line must be a whole output
line, a longer one a substring of it. Reported per source:
- body kept: share of body lines (and characters) still in the output: lost body is the costly error;
- boilerplate removed: share of boilerplate lines gone from the output;
- precision of kept text: share of kept characters that are body;
- removal precision: share of removed lines that are boilerplate (the issue's "precision of
  removal"; its recall is "boilerplate removed");
- body sentences kept: share of the reference's sentence lines (10+ characters, ending in 。！？,
  not issue-listed) still in the output, and the ones lost.
Each figure is given twice: ``reference_as_is`` takes the reference's word for every line;
``listed_as_boilerplate`` counts the lines issue #3 lists as boilerplate to remove (editor and
author lines and editorial credits, 来源, 原标题, disclaimers, 上一篇/下一篇, print-edition source
lines, matched by ``ISSUE_LISTED``; disclaimers at any length)
as boilerplate even where a reference keeps them in its main text. Each source is also scored fed
as the raw HTML its text was derived from.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.text.clean import clean_document  # noqa: E402
from tasks.text.encoding import repair_encoding  # noqa: E402
from tasks.text.normalize import normalize  # noqa: E402
from tasks.text.script import to_simplified  # noqa: E402


def squash(text: str) -> str:
    return "".join(to_simplified(text).split())


# Lines the issue lists as boilerplate to remove (editor and author lines and credits, 来源, 原标题,
# disclaimers, 上一篇/下一篇, print-edition source lines) that some references keep as part of the
# main text. Defined here by their own patterns, not by our rules, and scored both ways (see
# ``listed_as_boilerplate``).
ISSUE_LISTED = re.compile(
    r"^[(（【\[]?\s*(责任编辑|责编|编辑|校对|总监制|监\s*制|审\s*读|作者|记者|本文来源|来源|原标题|免责声明|声明)"
    r"\s*[：:|丨｜/ ]"
    r"|^(文丨|文\s*/)\s*\S"  # "文丨政能亮特约评论员 韩涵", "文/栗思": the mark is the separator
    r"|^(阅读)?(上一篇|下一篇)"
    r"|^《\s*[^》]{2,12}\s*》\s*[（(]\s*\d{4}\s*年.{0,12}版\s*[)）]$"
)
MAX_LISTED = 80
# A disclaimer block is one however long it runs ("免责声明：…不代表新浪立场。…入市需谨慎。").
DISCLAIMER = re.compile(r"^[(（【\[]?\s*(免责声明|免責聲明)\s*[：:]")


def issue_listed(line: str, key: str) -> bool:
    return (len(key) <= MAX_LISTED and bool(ISSUE_LISTED.search(line))) or bool(DISCLAIMER.search(line))


def _score(labelled: list[tuple[int, bool, bool]]) -> dict:
    """Metrics from (characters, is_body, kept) per input line."""
    body = [(n, k) for n, b, k in labelled if b]
    boiler = [(n, k) for n, b, k in labelled if not b]
    kept_chars = sum(n for n, _, k in labelled if k)
    boiler_removed = sum(not k for _, k in boiler)
    body_lost = sum(not k for _, k in body)
    return {
        "body_lines": len(body),
        "body_lines_kept": round((len(body) - body_lost) / max(1, len(body)), 4),
        "body_chars_kept": round(sum(n for n, k in body if k) / max(1, sum(n for n, _ in body)), 4),
        "boilerplate_lines": len(boiler),
        "boilerplate_lines_removed": round(boiler_removed / max(1, len(boiler)), 4),
        "precision_of_kept_text": round(sum(n for n, b, k in labelled if b and k) / max(1, kept_chars), 4),
        # the issue's "line-level precision/recall of removal": recall is boilerplate_lines_removed
        "removal_precision": round(boiler_removed / max(1, boiler_removed + body_lost), 4),
    }


def evaluate(records: list[dict], show: int = 0) -> dict:
    by_reference: list[tuple[int, bool, bool]] = []
    by_issue: list[tuple[int, bool, bool]] = []
    sentences: list[tuple[str, bool]] = []
    worst = []
    for r in records:
        reference_text = normalize(repair_encoding(r["reference_main_text"]).text)[0]
        reference = squash(reference_text)
        reference_lines = {squash(line) for line in reference_text.split("\n")}
        doc = clean_document(r["text"])
        output = squash(doc.text)
        output_lines = [squash(line) for line in doc.text.split("\n")]
        page = normalize(repair_encoding(r["text"]).text)[0]
        sentences += _reference_sentences(reference_text, squash(page), output)
        # GNE gives the headline as a field of its own: one line of the page that is the headline
        # is the article's; the headline repeated in menus, breadcrumbs and share text is not.
        # Repeats are matched to the output's copies in page order.
        title = squash(normalize(repair_encoding(r.get("reference_title") or "").text)[0])
        title_copies, titles_seen = output_lines.count(title) if title else 0, 0
        lost, kept_boiler = [], []
        for line in page.split("\n"):
            key = squash(line)
            if len(key) < 2:
                continue
            if title and key == title:
                titles_seen += 1
                is_body, kept = titles_seen == 1, titles_seen <= title_copies
            else:
                is_body = key in reference_lines if len(key) < 8 else key in reference
                kept = key in output_lines if len(key) < 8 else key in output
            listed = issue_listed(line.strip(), key)
            by_reference.append((len(key), is_body, kept))
            by_issue.append((len(key), is_body and not listed, kept))
            if is_body and not kept and not listed:
                lost.append(line)
            elif not is_body and kept:
                kept_boiler.append(line)
        worst.append((len(lost), r.get("url") or r.get("source_path"), lost[:3], kept_boiler[:5]))
    if show:
        worst.sort(key=lambda w: -w[0])
        for n, where, lost, kept_boiler in worst[:show]:
            print(f"--- {where}: {n} body lines lost {lost}; boilerplate kept {kept_boiler}", file=sys.stderr)
    return {
        "pages": len(records),
        "reference_as_is": _score(by_reference),
        "listed_as_boilerplate": _score(by_issue),
        "body_sentences": len(sentences),
        "body_sentences_kept": round(sum(kept for _, kept in sentences) / max(1, len(sentences)), 4),
        "body_sentences_lost": [s for s, kept in sentences if not kept],
    }


_SENTENCE_END = re.compile(r"[。！？!?][”’」』)）]*$")


def _reference_sentences(reference_text: str, page: str, output: str) -> list[tuple[str, bool]]:
    """(sentence, kept) for each reference line that is a sentence (10+ characters, ending in 。！？)
    found on the page as it stands: the issue's "every sentence of the article body". A line the
    issue lists as boilerplate (a disclaimer) is not the article's. ``page`` and ``output`` are
    squashed."""
    out = []
    for line in reference_text.split("\n"):
        key = squash(line)
        if (
            len(key) >= 10
            and _SENTENCE_END.search(line.strip())
            and key in page
            and not issue_listed(line.strip(), key)
        ):
            out.append((line.strip()[:80], key in output))
    return out


# The corpus README names the magic-html pages that are not news: encyclopedia, blog, novel, poem sites.
NOT_NEWS = (
    "baike.baidu.com",
    "zh.wikipedia.org",
    "blog.csdn.net",
    "www.cnblogs.com",
    "www.qidian.com",
    "dugushici.com",
    "www.zgshige.com",
    "www.pinshiwen.com",
)


def is_news(record: dict) -> bool:
    return not any(f"//{host}/" in (record.get("url") or "") for host in NOT_NEWS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    parser.add_argument("--show", type=int, default=0, help="print the N pages that lost the most body lines")
    args = parser.parse_args()
    report = {}
    for name in ("opendatalab__magic-html.jsonl", "kingname__GeneralNewsExtractor.jsonl"):
        with open(args.corpus / name, encoding="utf-8") as fh:
            records = [r for r in map(json.loads, fh) if r.get("reference_main_text")]
        report[name.split(".")[0]] = evaluate(records, args.show)
        news = [r for r in records if is_news(r)]
        if len(news) < len(records):
            report[name.split(".")[0] + " (news pages only)"] = evaluate(news)
        # The same pages fed as the raw HTML they were derived from (tasks/normalize.html_to_text).
        with gzip.open(args.corpus / name.replace(".jsonl", ".raw_html.jsonl.gz"), "rt", encoding="utf-8") as fh:
            html_of = {r["source_path"]: r["html"] for r in map(json.loads, fh)}
        from_html = [{**r, "text": html_of[r["source_path"]]} for r in records if r["source_path"] in html_of]
        report[name.split(".")[0] + " (from raw HTML)"] = evaluate(from_html)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
