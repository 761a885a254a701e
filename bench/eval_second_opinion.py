"""readability-lxml's second opinion (tasks/text/second_opinion.py), replayed on each held-out set's first run.

    python bench/eval_second_opinion.py > bench/results/eval_second_opinion.log

Each set of hand-labelled GNE pages (tests/fixtures/gne_held_out_pages.jsonl.gz) was first scored
with the code of one commit, before any rule was written against it. This checks that commit out
(a git worktree: the repository's history is needed), cleans the set's pages with it, and cleans
readability-lxml's pick of each page with it too; the current guard then chooses between the two,
as it would have in that code. The guard was written after session 13's first run had lost two
pages whole, so the figure for that set says the guard catches what it was built for, not how it
does on unseen pages; the other sets were not looked at for it. It also reports how many pages of
the 112 scored ones the guard changes today, and how the figures move with its threshold.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_html_extractors import held_out_pages, load, readability_text, scores, trafilatura_text  # noqa: E402

from tasks.text import second_opinion  # noqa: E402
from tasks.text.clean import clean_document  # noqa: E402
from tasks.text.encoding import repair_encoding  # noqa: E402
from tasks.text.html_page import page_text  # noqa: E402

FIRST_RUNS = {  # set -> the commit whose code scored it first
    "unscored site": "3e2a50a",
    "other page of a scored site": "94ba25b",
    "other page of a scored site, session 14": "976a09c",
    "other page of a scored site, session 15": "dba4b6e",
}
# Run inside a worktree: that commit's cleaner on the set's pages and on readability's pick of each.
_OLD_CODE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from tasks.text.clean import clean_document
pages = json.load(open(sys.argv[2], encoding="utf-8"))
out = {}
for p in pages:
    out[p["path"]] = [clean_document(p["html"]).text, clean_document(p["theirs"]).text if p["theirs"] else ""]
json.dump(out, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
"""


def _their_page(html: str) -> tuple[str, str | None]:
    repaired = repair_encoding(html).text
    title = page_text(repaired).title
    return title, second_opinion.readability_page(repaired, title)


def _first_run(commit: str, pages: list[dict], tmp: Path) -> dict:
    tree = tmp / commit
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), commit], check=True)
    try:
        (tmp / "in.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-c", _OLD_CODE, str(tree), str(tmp / "in.json"), str(tmp / "out.json")],
            cwd=tree,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        return json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)


def _choose(title: str, ours: str, theirs: str, threshold: float) -> str:
    saved = second_opinion.DISAGREEMENT
    second_opinion.DISAGREEMENT = threshold
    try:
        return theirs if second_opinion.prefers_theirs(title, ours, theirs) else ours
    finally:
        second_opinion.DISAGREEMENT = saved


def main() -> None:
    thresholds = (0.3, 0.4, 0.5, 0.6, 0.7)
    report: dict = {}
    pages = held_out_pages("gne_held_out_pages.jsonl.gz")
    with tempfile.TemporaryDirectory() as tmp:
        for name, commit in FIRST_RUNS.items():
            chosen = [p for p in pages if p["set"] == name]
            prepared = []
            for page in chosen:
                title, theirs = _their_page(page["html"])
                prepared.append({"path": page["source_path"], "html": page["html"], "theirs": theirs, "title": title})
            old = _first_run(commit, prepared, Path(tmp))
            rows = {t: [] for t in thresholds}
            peers, switched = [], []
            for page, prep in zip(chosen, prepared):
                reference = page["reference_title"] + "\n" + page["reference_main_text"]
                ours, theirs = old[page["source_path"]]
                for t in thresholds:
                    final = _choose(prep["title"], ours, theirs, t)
                    rows[t].append((scores(ours, reference)[2], scores(final, reference)[2]))
                    if t == second_opinion.DISAGREEMENT and final is not ours:
                        before, after = scores(ours, reference)[2], scores(final, reference)[2]
                        switched.append(f"{page['source_path']}: {before:.3f} -> {after:.3f}")
                peers.append(
                    (
                        scores(readability_text(page["html"]), reference)[2],
                        scores(trafilatura_text(page["html"]), reference)[2],
                    )
                )
            n = len(chosen)
            report[f"{name} ({n} pages), first run at {commit}"] = {
                "ours, first run": round(sum(r[0] for r in rows[0.5]) / n, 4),
                **{f"with the guard, threshold {t}": round(sum(r[1] for r in rows[t]) / n, 4) for t in thresholds},
                "readability-lxml": round(sum(p[0] for p in peers) / n, 4),
                "trafilatura": round(sum(p[1] for p in peers) / n, 4),
                "pages the guard switched": switched,
            }
    corpus = ROOT.parent / "shared" / "corpus"
    scored = load(corpus, "opendatalab__magic-html.jsonl") + load(corpus, "kingname__GeneralNewsExtractor.jsonl")
    scored += held_out_pages() + pages
    report["today's code: pages of the 112 scored ones the guard switches"] = [
        p["source_path"] for p in scored if "html.second_opinion" in clean_document(p["html"], url=p.get("url")).fixes
    ]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
