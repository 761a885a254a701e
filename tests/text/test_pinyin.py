"""Readings injected after Han characters go only when the dictionary says they are the reading."""

import glob
import json
import re
import subprocess
import sys

import pytest

from helpers import FIXTURES, ROOT, load_fixture
from tasks.text.normalize import normalize
from tasks.text.pinyin import _CANDIDATE, remove_pinyin


def test_toneless_readings_on_a_real_page_are_removed():
    record = next(r for r in load_fixture("pinyin.jsonl") if r["source_repo"] == "CASIA-LM/ChineseWebText")
    text, fixes = normalize(record["text"])
    assert "normalize.pinyin_annotation" in fixes
    assert "由烟台市教育装备与技术研究中心和烟台市科学技术宣传馆共同主办的第二十一届烟台市中小学机器人竞赛" in text
    assert not re.search(r"[\u4e00-\u9fff]\([a-z]+\)", text)
    assert "WER能力挑战赛" in text


@pytest.mark.parametrize(
    "annotated,clean",
    [
        ("网站(wangzhan)建设", "网站建设"),
        ("網站(wang zhan)", "網站"),
        ("網(wǎng)站", "網站"),
        ("责任(zé rèn)", "责任"),
        ("公司（gongsi）", "公司"),
        ("绿色(lüse)", "绿色"),
        ("绿色(lvse)", "绿色"),
        ("绿色(lǜsè)", "绿色"),
        ("长(zhang3)大", "长大"),  # a tone digit, and a character with two readings
    ],
)
def test_readings_with_or_without_tones_and_spaces_are_removed(annotated, clean):
    assert remove_pinyin(annotated) == (clean, 1)


@pytest.mark.parametrize(
    "gloss",
    [
        "首席执行官(CEO)表示",
        "国内生产总值(GDP)增长",
        "世界卫生组织(WHO)称",
        "特朗普(Trump)说",
        "北京(Beijing)",  # the reading, but a capitalised name: a gloss
        "咖啡馆(café)",
        "每小时(h)",
        "选项(a)",
        "ID(abc)",
    ],
)
def test_a_gloss_that_is_not_an_injected_reading_stays(gloss):
    assert remove_pinyin(gloss) == (gloss, 0)


def test_no_bracketed_acronym_or_name_in_the_fixtures_is_removed():
    """Every bracketed Latin run after Han text in the real-data fixtures: the ones removed are
    lower-case readings, and every one with a capital (acronyms, names) stays."""
    removed, kept = [], []
    for path in glob.glob(str(FIXTURES / "*.jsonl")):
        for line in open(path, encoding="utf-8"):
            text = json.loads(line).get("text") or ""
            for m in _CANDIDATE.finditer(text):
                window = text[max(0, m.start() - 12) : m.end()]
                (removed if remove_pinyin(window)[1] else kept).append(m.group(1))
    assert len(removed) > 100 and not any(run != run.lower() for run in removed)
    # acronyms, English names and words all stay
    assert {"HPV", "NIST", "Novak Djokovic", "Walt Disney", "eVTOL", "App", "sinafinance"} <= set(kept)


def test_clean_news_has_nothing_removed():
    for record in load_fixture("crud_rag_reposts.jsonl") + load_fixture("crud_rag_tails.jsonl"):
        assert remove_pinyin(record["text"]) == (record["text"], 0)


def test_the_reading_table_comes_without_pypinyins_phrase_dictionary():
    """Importing the table through the package loaded the phrase dictionary too: 51 MiB in every
    worker process instead of 12."""
    code = (
        "import sys; from tasks.text.pinyin import remove_pinyin; "
        "assert remove_pinyin('網(wǎng)站') == ('網站', 1); "
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
