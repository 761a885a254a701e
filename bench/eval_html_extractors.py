"""Main text from raw HTML pages: our cleaner against readability-lxml and trafilatura, side by side.

    python bench/eval_html_extractors.py [--corpus ../shared/corpus]

Pages: the raw HTML of the magic-html benchmark (human ground truth, 50 pages) and of the GNE test
pages that come with GNE's own extraction (20 pages); and, held out, the three Chinese test pages of
newspaper4k (``tests/fixtures/newspaper4k_chinese_pages.jsonl.gz``: BBC 中文网, China Daily, Xinhua,
sites the shared corpus does not hold, with the text newspaper4k's tests expect); and one page of
each of the 21 GNE sites that have no scored page, with references we wrote by hand
(``tests/fixtures/make_gne_held_out_references.py``). Those 21 were held out until session 13: the
first run on them scored ours 0.861, readability-lxml 0.912, trafilatura 0.858 (two pages lost
whole: a hidden keyword block taken for the article, a logo's keyword title taken for it); the
failures found there were fixed, so the figure printed now is no longer held out. Then, labelled
the same way before the cleaner was run on them, seven other GNE pages of sites that do have a
scored page (their templates were tuned on, these pages were not): held out for the code of
session 13 (ours 0.985, readability-lxml 0.972, trafilatura 0.935), a weaker test than unseen
sites since the templates are known; and five more such pages labelled in session 14 after its
fixes, held out for the code that logged them (ours 0.940, readability-lxml 0.942, trafilatura
0.945); and the last six GNE pages with no reference (but wechat/2, fixed in session 12), labelled
in session 15 after its memory work and before the cleaner ran on them: ours 0.952,
readability-lxml 0.950, trafilatura 0.877 on their first run (one of them, thepaper/4, reposts
thepaper/2's post and fails the same way). Both fixed since (an article runs down to its editor's
credit over lines of phrases; the page's <h1> is its headline), so these pages are tuned now: the
figures printed for them are no evidence, their first runs are. Session 24: four rendered Chinese
news pages from GNE 0.4.3's PyPI sdist (``visiable_test/``, which the shared corpus lacks;
``tests/fixtures/make_gne_visible_pages.py``), two of sites no page of which we had seen (021news,
mydrivers) and two of scored sites (163's 网易号, cmse), labelled before any extractor ran on them.
First run, on session 23's code: ours 0.960 (the two unseen sites 0.938), readability-lxml 0.698,
trafilatura 0.872; two failures were fixed after (a headline in a <div>, a teaser repeating the
opening), so the figure printed now is tuned. Each extractor
gets the page's HTML; both its output and the reference are compared in simplified script with
whitespace removed, as bags of character bigrams: precision (share of the output's bigrams in the
reference), recall, F1, averaged over pages. Combinations: a peer as the first stage, then our
cleaner on its text. Our rules were tuned on the corpus pages; the peers and the boilerplate model
were not, and nothing was tuned on newspaper4k's.
Needs the peers: ``pip install readability-lxml trafilatura`` (not project dependencies).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_cleaning import is_news  # noqa: E402

from tasks.text.clean import clean_document  # noqa: E402
from tasks.text.normalize import html_to_text  # noqa: E402
from tasks.text.script import to_simplified  # noqa: E402


def bigrams(text: str) -> Counter:
    s = "".join(to_simplified(text).split())
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def scores(output: str, reference: str) -> tuple[float, float, float]:
    out, ref = bigrams(output), bigrams(reference)
    common = sum((out & ref).values())
    p = common / max(1, sum(out.values()))
    r = common / max(1, sum(ref.values()))
    return p, r, 2 * p * r / max(1e-9, p + r)


def readability_text(html: str) -> str:
    from readability import Document

    return html_to_text("<html><body>" + Document(html).summary(html_partial=True) + "</body></html>")


def trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


EXTRACTORS = {
    "ours (DOM furniture + rules + model)": lambda html: clean_document(html).text,
    "readability-lxml": readability_text,
    "trafilatura": trafilatura_text,
    "readability-lxml, then ours": lambda html: clean_document(readability_text(html)).text,
    "trafilatura, then ours": lambda html: clean_document(trafilatura_text(html)).text,
}


def load(corpus: Path, name: str) -> list[dict]:
    with open(corpus / name, encoding="utf-8") as fh:
        records = {r["source_path"]: r for r in map(json.loads, fh) if r.get("reference_main_text")}
    with gzip.open(corpus / name.replace(".jsonl", ".raw_html.jsonl.gz"), "rt", encoding="utf-8") as fh:
        html = {r["source_path"]: r["html"] for r in map(json.loads, fh)}
    return [{**r, "html": html[p]} for p, r in records.items() if p in html]


def held_out_pages(name: str = "newspaper4k_chinese_pages.jsonl.gz") -> list[dict]:
    path = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / name
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def score_all(pages: list[dict]) -> dict:
    report = {}
    for extractor, extract in EXTRACTORS.items():
        rows = []
        for page in pages:
            reference = (page.get("reference_title") or "") + "\n" + page["reference_main_text"]
            rows.append(scores(extract(page["html"]), reference))
        n = max(1, len(rows))
        p, r, f = (round(sum(x[k] for x in rows) / n, 4) for k in range(3))
        report[extractor] = {"precision": p, "recall": r, "f1": f}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=corpus)
    args = parser.parse_args()
    report: dict = {}
    for name in ("opendatalab__magic-html.jsonl", "kingname__GeneralNewsExtractor.jsonl"):
        pages = load(args.corpus, name)
        news = [p for p in pages if is_news(p)]
        for subset, chosen in (("all pages", pages), ("news pages", news))[: 1 if len(news) == len(pages) else 2]:
            report[f"{name.split('.')[0]} ({subset}, {len(chosen)})"] = score_all(chosen)
    held_out = held_out_pages()
    report[f"newspaper4k's Chinese test pages (held out, {len(held_out)})"] = score_all(held_out)
    labelled = held_out_pages("gne_held_out_pages.jsonl.gz")
    unscored = [p for p in labelled if p["set"] == "unscored site"]
    report[f"GNE's pages of 21 other sites ({len(unscored)}; first run, held out: 0.861; tuned since)"] = score_all(
        unscored
    )
    others = [p for p in labelled if p["set"] == "other page of a scored site"]
    report[f"other GNE pages of scored sites, session 13 ({len(others)}; first run, held out: 0.985)"] = score_all(
        others
    )
    later = [p for p in labelled if p["set"] == "other page of a scored site, session 14"]
    report[f"more GNE pages of scored sites, session 14 ({len(later)}; first run, held out: 0.940; tuned since)"] = (
        score_all(later)
    )
    final = [p for p in labelled if p["set"] == "other page of a scored site, session 15"]
    report[f"the last GNE pages, session 15 ({len(final)}; first run, held out: 0.952; tuned since)"] = score_all(final)
    rendered = held_out_pages("gne_visible_pages.jsonl.gz")
    report[f"GNE sdist's rendered pages, session 24 ({len(rendered)}; first run, held out: 0.960; tuned since)"] = (
        score_all(rendered)
    )
    unseen = [p for p in rendered if p["set"] == "unseen site"]
    report[f"  of which unseen sites ({len(unseen)}; first run, held out: 0.938; tuned since)"] = score_all(unseen)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
