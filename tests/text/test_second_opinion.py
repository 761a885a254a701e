"""readability-lxml's pick replaces ours only when ours is another text than the page's article."""

import gzip
import json
from pathlib import Path

import pytest
from text.test_html_page import DISCUZ_THREAD

from tasks.text import clean as clean_module
from tasks.text.clean import clean_document
from tasks.text.encoding import repair_encoding
from tasks.text.html_page import PageText, page_text
from tasks.text.second_opinion import agreement, prefers_theirs, readability_page, title_cover

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _pages(name: str) -> list[dict]:
    with gzip.open(FIXTURES / name, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


HELD_OUT = {page["source_path"]: page for page in _pages("gne_held_out_pages.jsonl.gz")}
# What session 13's code kept of tests/mingridapan/1.html (first run, F1 0.01): its navbar logo's
# keyword title, printed in an <h1> above the site's menu.
MINGRIDAPAN_LOGO = (
    "今日股市行情_明日大盘_今日股市_股票行情_明日股市_大盘预测_股市分析_股市最新消息 - 明日大盘网，权威股市行情资讯网站"
)


def _f1(output: str, page: dict) -> float:
    return agreement(output, page["reference_title"] + "\n" + page["reference_main_text"])[0]


def test_a_page_whose_pick_was_its_logo_gets_readabilitys_article(monkeypatch):
    page = HELD_OUT["tests/mingridapan/1.html"]
    real = page_text
    calls = []

    def logo_first(html, url=None):
        text = real(html, url)
        calls.append(html)
        return PageText(MINGRIDAPAN_LOGO, {}, [], [], text.title) if len(calls) == 1 else text

    monkeypatch.setattr(clean_module, "page_text", logo_first)
    doc = clean_document(page["html"])
    assert len(calls) == 2  # our pick, then readability's page
    assert "html.second_opinion" in doc.fixes
    assert _f1(doc.text, page) > 0.95
    assert _f1(MINGRIDAPAN_LOGO, page) < 0.05


def test_our_pick_stays_when_it_is_the_article():
    for path in ("tests/mingridapan/1.html", "tests/njxfhn/1.html", "tests/stcn/1.html"):
        page = HELD_OUT[path]
        doc = clean_document(page["html"])
        assert "html.second_opinion" not in doc.fixes
        assert _f1(doc.text, page) > 0.95


@pytest.mark.parametrize("page", _pages("raw_html_feed_pages.jsonl.gz"), ids=lambda p: p["url"][:30])
def test_a_feed_or_another_story_that_readability_takes_keeps_ours(page):
    repaired = repair_encoding(page["html"]).text
    title = page_text(repaired).title
    theirs = clean_document(readability_page(repaired, title)).text
    ours = clean_document(page["html"], url=page["url"])
    reference = page["reference_main_text"]
    assert agreement(theirs, reference)[0] < 0.1  # readability's pick is not the article
    assert agreement(ours.text, theirs)[0] < 0.5  # the two are different texts
    assert "html.second_opinion" not in ours.fixes
    assert agreement(ours.text, reference)[0] > 0.9
    assert title_cover(title, ours.text) > title_cover(title, theirs)


def test_a_thread_readability_takes_whole_keeps_our_first_post():
    repaired = repair_encoding(DISCUZ_THREAD).text
    title = page_text(repaired).title
    ours = clean_document(DISCUZ_THREAD).text
    theirs = clean_document(readability_page(repaired, title)).text
    f1, ours_held = agreement(ours, theirs)
    assert f1 < 0.5 and ours_held > 0.95  # readability keeps every reply with the first post
    assert title_cover(title, theirs) == title_cover(title, ours) == 1.0
    assert not prefers_theirs(title, ours, theirs)


def test_a_page_readability_finds_nothing_in_keeps_ours():
    page = HELD_OUT["tests/wechat/1.html"]  # the post is in a block readability drops
    repaired = repair_encoding(page["html"]).text
    their_page = readability_page(repaired, page_text(repaired).title)
    theirs = clean_document(their_page).text if their_page else ""
    assert _f1(theirs, page) < 0.05
    doc = clean_document(page["html"])
    assert "html.second_opinion" not in doc.fixes and _f1(doc.text, page) > 0.95


def test_title_cover_reads_the_headline_part_of_the_title():
    title = "以战时内阁审查重启停火谈判提案_新闻频道_中国青年网"
    assert title_cover(title, "以战时内阁审查重启停火谈判提案\n据以色列媒体5月19日报道") == 1.0
    assert title_cover(title, "山东日照：小蓝莓助力农业发展") == 0.0
    assert title_cover("首页", "首页") == 0.0  # too short to tell: no evidence either way
