"""Contested real pieces: what the cleaner keeps of 124 hand-labelled pieces of shared-corpus texts.

    python bench/eval_real_tails.py [--corpus ../shared/corpus] [--model other_model.json ...] [--show]

Why: a retrained boilerplate model moves dozens of real decisions at once (session 17: every refit
moved 55-100 pieces of the corpus, both ways), and the generated pages cannot say which way is
right. These are the pieces that any of session 17's seven candidate models, or its rule changes,
decided differently from session 16's code: mostly what CRUD_RAG articles carry glued onto their
last sentence (source notes, photo and editor credits, reporters' sign-offs, a notice's issuer
and date), plus c4 and magic-html lines. Each was labelled by hand (bench/real_tail_labels.json:
source file, record index, the piece, and whether it is boilerplate), by the project's convention:
editor, photo and source credits, 原标题, 纠错, ads and notices are boilerplate; a reporter's
sign-off ("（本网记者）", "（宋友缘）"), a notice's issuer and date, and article sentences are the
article's own; a piece that mixes both was left out. The set was chosen as the disagreements,
so it is hard by construction; it measures a change, not the cleaner's overall accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.text.boilerplate import model as boilerplate_model  # noqa: E402
from tasks.text.clean import clean_document  # noqa: E402

LABELS = Path(__file__).resolve().parent / "real_tail_labels.json"


def _squash(text: str) -> str:
    return "".join(text.split())


def load_texts(corpus: Path, labels: list[dict]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for item in labels:
        wanted.setdefault(item["source"], set()).add(item["index"])
    texts = {}
    for source, indices in wanted.items():
        with open(corpus / source, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n in indices:
                    texts[(source, n)] = json.loads(line)["text"]
    return texts


def score(labels: list[dict], texts: dict[tuple[str, int], str]) -> dict:
    outputs = {key: _squash(clean_document(text).text) for key, text in texts.items()}
    report = {"boilerplate": 0, "boilerplate_removed": 0, "own": 0, "own_kept": 0, "wrong": []}
    for item in labels:
        kept = _squash(item["piece"]) in outputs[(item["source"], item["index"])]
        kind = "boilerplate" if item["boilerplate"] else "own"
        report[kind] += 1
        right = kept != item["boilerplate"]
        report["boilerplate_removed" if item["boilerplate"] else "own_kept"] += right
        if not right:
            report["wrong"].append(
                ("boilerplate kept: " if item["boilerplate"] else "own removed: ") + item["piece"][:60]
            )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--model", type=Path, action="append", default=[], help="score with this model.json too")
    parser.add_argument("--show", action="store_true", help="list the pieces decided wrongly")
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    texts = load_texts(args.corpus, labels)
    runs = [("shipped model", None), *[(str(path), path) for path in args.model]]
    for name, path in runs:
        model = boilerplate_model.Model(json.loads(path.read_text(encoding="utf-8"))) if path else None
        if model is None:
            report = score(labels, texts)
        else:
            with boilerplate_model.using(model):
                report = score(labels, texts)
        print(
            f"{name}: boilerplate removed {report['boilerplate_removed']}/{report['boilerplate']}, "
            f"the article's own kept {report['own_kept']}/{report['own']}"
        )
        if args.show:
            for line in report["wrong"]:
                print("   ", line)


if __name__ == "__main__":
    main()
