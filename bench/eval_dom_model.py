"""A learnt page model for raw HTML, scored on sites it was not trained on.

    python bench/eval_dom_model.py [--corpus ../shared/corpus]

The hand-written DOM step (tasks/text/html_page.py: furniture class words, link-only lines, later
posts) was designed on the magic-html and GNE pages, so its figures there are not held out. This
script asks whether the same signals, learnt instead of hand-weighted, carry to pages the model
never saw. Each line of a page gets the DOM's features (link share, furniture container, later
post, share under the element holding the most prose, heading, list item, table cell, paragraph,
depth) and a few of its text's (length, how it ends, digits, Latin letters, what the rules and the
text model say); its label is whether it is in the page's reference text. A logistic regression is
trained and scored two ways, each held out:

- leave one site out: every site (URL host) of both sources in turn, trained on all other sites;
- leave one source out: trained on magic-html, scored on GNE, and the other way round.

Each variant then decides which lines are furniture, and the whole cleaner runs on the page as in
production (its rules read every line first); the score is eval_html_extractors' character-bigram
F1 against the reference, averaged over pages:

- no DOM step: the page's lines go to the text cleaner as they are;
- hand: the shipped DOM step (tuned on these pages);
- learnt: the model's furniture instead of the hand step's;
- hand + learnt: a line either marks is furniture.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_html_extractors import load, scores  # noqa: E402

from tasks.text import clean as clean_module  # noqa: E402
from tasks.text.boilerplate.model import line_features, load_model  # noqa: E402
from tasks.text.boilerplate.rules import anywhere_rule, body_span, edge_rule  # noqa: E402
from tasks.text.clean import clean_document  # noqa: E402
from tasks.text.html_page import DOM_FEATURES, PageText, page_text  # noqa: E402
from tasks.text.patterns import END_PUNCT, ENDS_SENTENCE, HAN  # noqa: E402

TEXT_FEATURES = ["log_length", "ends_sentence", "has_end_punct", "han_share", "digit_share", "rule", "text_model"]
FEATURES = DOM_FEATURES + TEXT_FEATURES
SOURCES = ("opendatalab__magic-html.jsonl", "kingname__GeneralNewsExtractor.jsonl")


def squash(text: str) -> str:
    return "".join(text.split())


def line_rows(page: PageText) -> np.ndarray:
    lines = page.text.split("\n")
    body = body_span(lines)
    model = load_model()
    rows = []
    for i, (line, dom) in enumerate(zip(lines, page.dom)):
        n = max(1, len(line))
        logit = 0.0
        if model is not None and len(line) <= 160:
            p, _ = model.score(*line_features(lines, i, body))
            logit = math.log(max(1e-6, p) / max(1e-6, 1 - p)) / 10
        rows.append(
            dom
            + [
                math.log1p(n) / 6,
                float(bool(ENDS_SENTENCE.search(line))),
                float(bool(END_PUNCT.search(line))),
                len(HAN.findall(line)) / n,
                sum(c.isdigit() for c in line) / n,
                float(anywhere_rule(line) is not None or edge_rule(line) is not None),
                logit,
            ]
        )
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES))


def labelled(record: dict) -> dict:
    page = page_text(record["html"])
    reference = squash((record.get("reference_title") or "") + record["reference_main_text"])
    lines = page.text.split("\n")
    labels = np.array([not (squash(line) and squash(line) in reference) for line in lines])  # True: furniture
    host = urlparse(record.get("url") or "").netloc or record["source_path"]
    return {"record": record, "page": page, "x": line_rows(page), "y": labels, "site": host}


MIN_BODY_KEPT = 0.995  # of the training pages' body characters, as for the text model


def fit(pages: list[dict]) -> LogisticRegression:
    """The model, with ``threshold`` set as the text model's is: the lowest that keeps
    MIN_BODY_KEPT of the training pages' body characters (chosen before any held-out score)."""
    x = np.vstack([p["x"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    chars = np.concatenate([[len(squash(ln)) for ln in p["page"].text.split("\n")] for p in pages])
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(x, y)
    p_body = clf.predict_proba(x[~y])[:, 1]
    order = np.argsort(-p_body)  # most furniture-like body lines first
    lost = np.cumsum(chars[~y][order]) / max(1, chars[~y].sum())
    allowed = np.searchsorted(lost, 1 - MIN_BODY_KEPT, side="right")  # lines that may go
    clf.threshold = float(max(0.5, p_body[order][allowed] + 1e-9)) if allowed < len(order) else 0.5
    return clf


@contextmanager
def furniture_from(decide):
    """clean_document with the page's furniture replaced by ``decide(page) -> dict``."""
    original = clean_module.page_text

    def patched(html: str, url: str | None = None) -> PageText:
        page = original(html, url)
        return PageText(page.text, decide(page), page.dom)

    clean_module.page_text = patched
    try:
        yield
    finally:
        clean_module.page_text = original


def learnt_furniture(clf: LogisticRegression, page: PageText) -> dict[str, str]:
    threshold = clf.threshold
    lines = page.text.split("\n")
    p = clf.predict_proba(line_rows(page))[:, 1]
    own = {line for line, q in zip(lines, p) if q < threshold}
    return {line: "html_model" for line, q in zip(lines, p) if q >= threshold and line not in own}


def f1_of(pages: list[dict], models: dict[int, LogisticRegression]) -> dict[str, float]:
    variants = {
        "no DOM step (the text rules and model alone)": lambda page, clf: {},
        "hand (tuned on these pages)": lambda page, clf: page.furniture,
        "learnt, held out": lambda page, clf: learnt_furniture(clf, page),
        "hand + learnt": lambda page, clf: {**learnt_furniture(clf, page), **page.furniture},
    }
    out = {}
    for name, decide in variants.items():
        rows = []
        for i, p in enumerate(pages):
            with furniture_from(lambda page, clf=models[i], decide=decide: decide(page, clf)):
                text = clean_document(p["record"]["html"]).text
            reference = (p["record"].get("reference_title") or "") + "\n" + p["record"]["reference_main_text"]
            rows.append(scores(text, reference))
        out[name] = {k: round(float(np.mean([r[j] for r in rows])), 4) for j, k in enumerate(("p", "r", "f1"))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=corpus)
    args = parser.parse_args()
    by_source = {name: [labelled(r) for r in load(args.corpus, name)] for name in SOURCES}
    pages = [p for name in SOURCES for p in by_source[name]]
    report = {}
    # leave one site out
    sites = sorted({p["site"] for p in pages})
    models = {}
    for site in sites:
        clf = fit([p for p in pages if p["site"] != site])
        for i, p in enumerate(pages):
            if p["site"] == site:
                models[i] = clf
    magic = len(by_source[SOURCES[0]])
    report[f"leave one site out ({len(sites)} sites): magic-html, {magic} pages"] = f1_of(
        pages[:magic], {i: models[i] for i in range(magic)}
    )
    report[f"leave one site out: GNE, {len(pages) - magic} pages"] = f1_of(
        pages[magic:], {i - magic: models[i] for i in range(magic, len(pages))}
    )
    # leave one source out
    for held, trained in ((SOURCES[1], SOURCES[0]), (SOURCES[0], SOURCES[1])):
        clf = fit(by_source[trained])
        report[f"trained on {trained.split('__')[1].split('.')[0]} only, scored on {held.split('.')[0]}"] = f1_of(
            by_source[held], dict.fromkeys(range(len(by_source[held])), clf)
        )
    clf = fit(pages)
    report["threshold, trained on both"] = round(clf.threshold, 3)
    report["weights, trained on both"] = dict(zip(FEATURES, (round(w, 2) for w in clf.coef_[0].tolist())))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
