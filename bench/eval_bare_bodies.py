"""Body kept on articles that carry no furniture at all, scored by characters.

    python bench/eval_bare_bodies.py [--corpus ../shared/corpus]

The page evaluations (eval_unseen_sites.py, eval_fresh_wordings.py) count a body line as kept only
when it comes out whole, so a line the cleaner trims loses all its characters there, and their
bare pages are a sample of 15%. This one cleans every one of the 1,000 CRUD_RAG bodies the model
never trained on, as it is, and counts the characters that survive (difflib's matching blocks).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from site_furniture import load_bodies  # noqa: E402

from tasks.text.clean import clean_document  # noqa: E402


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    bodies = load_bodies(args.corpus)
    bodies = bodies[len(bodies) // 2 :]
    total = kept = 0
    losing = []
    for body in bodies:
        source, out = _squash("".join(body)), _squash(clean_document("\n".join(body)).text)
        matched = sum(b.size for b in SequenceMatcher(None, source, out, autojunk=False).get_matching_blocks())
        total, kept = total + len(source), kept + matched
        if matched < len(source):
            losing.append(len(source) - matched)
    report = {
        "articles": len(bodies),
        "body_chars_kept": round(kept / total, 5),
        "articles_losing_any": len(losing),
        "largest_losses": sorted(losing, reverse=True)[:10],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
