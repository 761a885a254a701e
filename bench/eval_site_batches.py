"""Boilerplate removal on batches of whole sites, where each site prints its template on every page.

    python bench/eval_site_batches.py [--pages 600] [--per-site 1 5 10] [--vocabulary NAME ...]

bench/eval_fresh_wordings.py scores pages one by one: each page draws its furniture afresh. A
scraped batch holds many pages of each site, and a site's header and footer come back on all of
them, with only their counters, dates and editors' names changing. The pipeline's batch stage
(``tasks/text/boilerplate/line_frequency.py``) removes a short line that recurs across a source's
documents, whatever its wording. Here every vocabulary of eval_fresh_wordings becomes sites: each
site draws its header, footer and glued piece once (15% of sites print bare articles), fills them
afresh on each of its pages, and publishes ``per-site`` pages of different articles. The batch is
scored as the pipeline cleans it:
- ``page alone``: ``clean_documents``, the per-page cleaning;
- ``batch with urls``: then the frequent-line stage with each page's site told by its URL (a JSONL
  batch with a ``url`` field);
- ``batch of .txt files``: the same with no URLs, each page its own file, as the seeds are.
The frequent-line stage was written in session 4 and never tuned on these vocabularies; the
sealed ones had been run for their summaries before, so their figures here are second runs of the
per-page cleaning, and first runs of the batch stage on them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_fresh_wordings import VOCABULARIES, _fill  # noqa: E402
from eval_unseen_sites import score_page, summarise  # noqa: E402
from site_furniture import load_bodies, page_text  # noqa: E402

from tasks.config import BatchConfig  # noqa: E402
from tasks.dedup.content import content_hash, dedup_form  # noqa: E402
from tasks.text.boilerplate import line_frequency  # noqa: E402
from tasks.text.clean import clean_documents  # noqa: E402
from tasks.text.script import to_simplified  # noqa: E402


def site_pages(bodies: list[list[str]], vocabulary: str, pages: int, per_site: int) -> list[dict]:
    """``pages`` pages of sites that print one template each, ``per_site`` pages a site."""
    names, header, footer, glued, own_seed = VOCABULARIES[vocabulary]
    rng = random.Random(own_seed * 1009 + per_site)
    out = []
    for k in range(pages // per_site):
        site = f"{names[k % len(names)]}{k // len(names) or ''}"
        bare = rng.random() < 0.15
        head = rng.sample(header, rng.randint(2, 5))
        foot = rng.sample(footer, rng.randint(2, 6))
        glue = rng.choice(glued) if rng.random() < 0.3 else None
        headline = rng.random() < 0.5
        for n in range(per_site):
            body = bodies[rng.randrange(len(bodies))]
            url = f"https://site{k}.example.cn/{vocabulary.replace(' ', '-')}/{n}.html"
            if bare:
                out.append({"fold": vocabulary, "site": "none", "url": url, "lines": [[(p, True)] for p in body]})
                continue
            lines = [[(_fill(t, [site], rng), False)] for t in head]
            if headline:
                lines.append([(body[0][:26].rstrip("，。；、"), True)])
            lines += [[(p, True)] for p in body]
            if glue is not None:
                piece = _fill(glue, [site], rng)
                lines[-1] = lines[-1] + [(piece, "记者" in piece or "通讯员" in piece)]
            lines += [[(_fill(t, [site], rng), False)] for t in foot]
            out.append({"fold": vocabulary, "site": site, "url": url, "lines": lines})
    return out


def batch_clean(page_list: list[dict], with_urls: bool) -> list[str]:
    """The batch as the pipeline leaves it: per-page cleaning, then the frequent-line stage."""
    docs = clean_documents([page_text(p) for p in page_list])
    dedup = [dedup_form(to_simplified(d.text)) for d in docs]
    table = pa.table(
        {
            "url": [p["url"] if with_urls else None for p in page_list],
            "source_file": [f"page{i:06d}.txt" for i in range(len(page_list))],
            "text": [d.text for d in docs],
            "fixes": [list(d.fixes) for d in docs],
            "removed_lines": [d.removed_lines for d in docs],
            "content_hash": [content_hash(t) for t in dedup],
            "clean_chars": [len(t) for t in dedup],
            "dedup_text": dedup,
        }
    )
    counts = line_frequency.count_lines(line_frequency.document_lines(table))
    frequent = line_frequency.frequent_lines([counts], BatchConfig().frequent_line_min_docs)
    return line_frequency.remove_frequent_lines(table, frequent).column("text").to_pylist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--per-site", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--vocabulary", nargs="+", default=list(VOCABULARIES))
    args = parser.parse_args()
    bodies = load_bodies(args.corpus)
    bodies = bodies[len(bodies) // 2 :]  # the bodies the model never saw
    report: dict = {}
    for name in args.vocabulary:
        for per_site in args.per_site:
            page_list = site_pages(bodies, name, args.pages, per_site)
            alone = [d.text for d in clean_documents([page_text(p) for p in page_list])]
            modes = {"page alone": alone, "batch with urls": batch_clean(page_list, True)}
            modes["batch of .txt files"] = batch_clean(page_list, False)
            for mode, texts in modes.items():
                scores = [score_page(p, t) for p, t in zip(page_list, texts)]
                bare = [s for p, s in zip(page_list, scores) if p["site"] == "none"]
                report.setdefault(name, {}).setdefault(f"{per_site} a site", {})[mode] = summarise(scores, bare)
        print(json.dumps({name: report[name]}, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
