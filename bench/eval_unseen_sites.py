"""Boilerplate removal on sites nobody tuned the cleaner on (bench/site_furniture.py), per held-out fold.

    python bench/eval_unseen_sites.py [--pages 2000] [--corpus ../shared/corpus]

Each fold's sites use wordings no other fold uses. The rules were never tuned on any of them; the
model (tasks/text/boilerplate/model.json) is scored on each fold with a model trained without it
(``bench/train_boilerplate.py --leave-out``), so every figure here is held out. Reported, as the
issue's targets: boilerplate lines removed, precision of kept text (characters), body characters
kept (all pages, and pages with no furniture at all), and pages whose glued tail was cut exactly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_furniture import load_bodies, page_text, pages  # noqa: E402

from tasks.text.clean import clean_document  # noqa: E402


def squash(text: str) -> str:
    return "".join(text.split())


def score_page(page: dict, output: str) -> dict:
    out = squash(output)
    out_lines = {squash(line) for line in output.split("\n")}
    s = {"boiler": 0, "boiler_removed": 0, "body_chars": 0, "body_kept": 0, "kept_chars": 0, "kept_body_chars": 0}
    for line in page["lines"]:
        for text, is_body in line:
            key = squash(text)
            if not key:
                continue
            kept = (key in out_lines or (len(line) > 1 and key in out)) if len(key) < 8 else key in out
            if is_body:
                s["body_chars"] += len(key)
                s["body_kept"] += len(key) * kept
                s["kept_body_chars"] += len(key) * kept
            else:
                s["boiler"] += 1
                s["boiler_removed"] += not kept
            s["kept_chars"] += len(key) * kept
    glued = [line for line in page["lines"] if len(line) > 1]
    s["glued"] = len(glued)
    # exact: the body kept, and the piece gone, or kept where it is the article's own (a reporter's sign-off)
    s["glued_exact"] = sum(squash(line[0][0]) in out and (squash(line[1][0]) in out) == line[1][1] for line in glued)
    return s


def summarise(scores: list[dict], clean_scores: list[dict]) -> dict:
    total = {k: sum(s[k] for s in scores) for k in scores[0]}
    clean_body = sum(s["body_chars"] for s in clean_scores)
    return {
        "pages": len(scores),
        "boilerplate_lines_removed": round(total["boiler_removed"] / max(1, total["boiler"]), 4),
        "precision_of_kept_text": round(total["kept_body_chars"] / max(1, total["kept_chars"]), 4),
        "body_chars_kept": round(total["body_kept"] / max(1, total["body_chars"]), 4),
        "body_chars_kept_no_boilerplate": round(sum(s["body_kept"] for s in clean_scores) / max(1, clean_body), 4),
        "glued_tails_cut_exactly": f"{total['glued_exact']}/{total['glued']}",
    }


def evaluate(page_list: list[dict], clean=clean_document) -> dict:
    report = {}
    for fold in sorted({p["fold"] for p in page_list}):
        mine = [p for p in page_list if p["fold"] == fold]
        scores = [score_page(p, clean(page_text(p)).text) for p in mine]
        clean_scores = [s for p, s in zip(mine, scores) if p["site"] == "none"]
        report[f"fold {fold}"] = summarise(scores, clean_scores)
    all_scores = [score_page(p, clean(page_text(p)).text) for p in page_list]
    report["all folds"] = summarise(all_scores, [s for p, s in zip(page_list, all_scores) if p["site"] == "none"])
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2, help="pages of a seed the model was not trained on")
    args = parser.parse_args()
    bodies = load_bodies(args.corpus)
    page_list = list(pages(bodies[len(bodies) // 2 :], args.pages, seed=args.seed))  # bodies the model never saw
    print(json.dumps(evaluate(page_list), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
