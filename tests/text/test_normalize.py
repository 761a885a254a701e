"""HTML remnants, pinyin annotations, width, and script detection/conversion."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_fixture
from tasks.text.clean import clean_document
from tasks.text.normalize import (
    html_to_text,
    is_html_document,
    normalize,
    normalize_width_and_space,
    remove_html,
    remove_pinyin,
)


def test_pinyin_injection_removed_from_real_page():
    record = load_fixture("pinyin.jsonl")[0]
    text, fixes = normalize(record["text"])
    assert "網站" in text and "網(wǎng)" not in text
    assert "責任公司" in text
    assert "normalize.pinyin_annotation" in fixes
    remaining = remove_pinyin(text)[1]
    assert remaining == 0


def test_parentheses_that_are_not_pinyin_stay():
    text = "本报5月12日讯(记者 缪友银)今天,各县(市、区)设分会场(完)。ID(abc)"
    assert remove_pinyin(text) == (text, 0)


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("当前页</p>", "当前页"),
        ("顴/p>", "顴"),
        ("第一行<br>第二行", "第一行\n第二行"),
        ("A&nbsp;B&amp;C", "A\xa0B&C"),
        ('<div class="x">正文</div>', "正文"),
        # a tag's attributes left without its "<" and name (021news's rendered page, escaped quotes)
        ('日k线图pcms-style=\\"font-L\\">意外总是猝不及防,', "日k线图意外总是猝不及防,"),
        ('class="txt" id="a1">正文', "正文"),
        # a quotation and a comparison are no attributes
        ("他说：“好”>他", "他说：“好”>他"),
        ('参数a="b"', '参数a="b"'),
    ],
)
def test_html_remnants(raw, clean):
    assert remove_html(raw)[0] == clean


RAW_PAGES = load_fixture("raw_html_pages.jsonl")


@pytest.mark.parametrize("record", RAW_PAGES, ids=lambda r: r["url"][-30:])
def test_a_whole_html_page_becomes_its_visible_text_in_lines(record):
    page = record["html"]
    assert is_html_document(page)
    text = html_to_text(page)
    assert "<" not in text and "function(" not in text and "{" not in text  # no markup, scripts or styles
    squash = lambda t: "".join(t.split())  # noqa: E731
    for line in record["reference_main_text"].split("\n"):
        assert squash(line) in squash(text)
    assert len(text.split("\n")) > 20  # block elements start lines
    doc = clean_document(page)
    assert "normalize.html_document" in doc.fixes
    sentences = [ln for ln in record["reference_main_text"].split("\n") if len(ln) >= 20 and re.search("[。！？]$", ln)]
    assert sentences and all(squash(s) in squash(doc.text) for s in sentences)


def test_text_with_html_remnants_is_not_taken_for_a_page():
    assert not is_html_document("据报道，<p>市委书记王菲主持召开会议。</p>")
    assert normalize("据报道，<p>市委书记王菲主持召开会议。</p>")[0] == "据报道，市委书记王菲主持召开会议。"


def test_width_normalisation_keeps_chinese_punctuation():
    text, fixes = normalize("公安机关２０１２年缉枪，ＡＢＣ！（完）“引号”")
    assert text == "公安机关2012年缉枪，ABC！（完）“引号”"
    assert "normalize.fullwidth_alnum" in fixes


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u2002\u2003\u2009\u202f\u3000\n\r中a１", max_size=30))
def test_spaces_collapse_as_one_pass_per_line_would(text):
    """The one-pass form: every run of Latin spaces becomes one ASCII space, lines are trimmed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").translate({0xFF11: "1"}).split("\n")
    expected = "\n".join(re.sub("[ \t\u00a0\u2002\u2003\u2009\u202f]+", " ", ln).strip(" \u3000") for ln in lines)
    assert normalize_width_and_space(text) == expected


def test_private_use_characters_become_a_space_and_are_recorded():
    """liaozp1/textsum (shared corpus): a user-defined GBK code point where a paragraph break
    stood; GNE's mingridapan page: an icon font's eye before its view count."""
    text, fixes = normalize("其中以干旱危害最为严重。\ue40c由于生态环境的极度恶劣，导致农村经济发展缓慢。\n\ue60e4")
    assert text == "其中以干旱危害最为严重。 由于生态环境的极度恶劣，导致农村经济发展缓慢。\n4"
    assert "normalize.private_use" in fixes
    assert "normalize.private_use" not in normalize("其中以干旱危害最为严重。")[1]
