"""Cleaning on the five real seed articles, against hand-checked line labels."""

import json

import pytest

from helpers import BOILERPLATE_MARKERS, FIXTURES, SEEDS
from tasks.text.clean import clean_document
from tasks.text.normalize import normalize
from tasks.text.script import to_simplified

EXPECT = {
    k: v
    for k, v in json.loads((FIXTURES / "seed_expectations.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}


def _lines(name):
    return [
        ln.strip()
        for ln in (SEEDS / name).read_text(encoding="utf-8").split("\n")
        if ln.strip() and ln.strip() != "\xa0"
    ]


def _is_boilerplate(line, starts):
    return any(line == s or (len(s) > 1 and line.startswith(s)) for s in starts)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_every_body_line_survives_and_no_boilerplate_line_does(name):
    doc = clean_document((SEEDS / name).read_text(encoding="utf-8"))
    out_lines = set(doc.text.split("\n"))
    body = [ln for ln in _lines(name) if not _is_boilerplate(ln, EXPECT[name]["boilerplate"])]
    boiler = [ln for ln in _lines(name) if _is_boilerplate(ln, EXPECT[name]["boilerplate"])]
    assert body, "a seed without article text would make this test vacuous"
    for line in body:
        expected = to_simplified(normalize(line)[0])
        assert expected in out_lines, f"body line lost: {expected[:60]}"
    for line in boiler:
        expected = to_simplified(normalize(line)[0])
        assert expected not in out_lines, f"boilerplate kept: {expected[:60]}"


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_no_forbidden_boilerplate_and_output_is_simplified(name):
    doc = clean_document((SEEDS / name).read_text(encoding="utf-8"))
    for marker in BOILERPLATE_MARKERS:
        assert marker not in doc.text
    assert doc.original_script == EXPECT[name]["script"]
    assert to_simplified(doc.text) == doc.text


def test_every_removal_is_explained():
    doc = clean_document((SEEDS / "001_72c21c55ea8088ed.txt").read_text(encoding="utf-8"))
    rules = set(doc.fixes)
    assert {
        "boilerplate.site_header",
        "boilerplate.counter",
        "boilerplate.comment_widget",
        "boilerplate.footer_block",
    } <= rules
    assert doc.removed_lines >= 15


def test_traditional_seed_keeps_its_script_when_asked():
    text = (SEEDS / "003_65b1185f943836c6.txt").read_text(encoding="utf-8")
    doc = clean_document(text, target_script="t")
    assert "市委書記王菲主持召開" in doc.text
    assert "(wǎng)" not in doc.text and "二維碼" not in doc.text
    assert doc.dedup_text == clean_document(text, target_script="s").dedup_text
