"""The run-on tail markers are tried only near a hint: the same matches as scanning every position."""

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_fixture
from tasks.text.boilerplate.rules import TAIL_MARKERS, tail_markers

# Marker pieces, their hints overlapping and packed together, among body characters.
PIECES = ["责编", "编辑", "责任编辑：", "来源：", "来源|", "本文系原创", "《新闻》（2023年1月版）", "*独家稿件"]
PIECES += [
    "文/张三记者",
    "版权作品，",
    "注：此文",
    "（编辑/",
    "作者：",
    "）作者：",
    "中",
    "。",
    " ",
    "*",
    "《",
    "返回搜狐，查看更多",
]


def spans(matches):
    return [m.span() for m in matches]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.integers(0, 40))
def test_same_matches_as_finditer(line, pos):
    assert spans(tail_markers(line, pos)) == spans(TAIL_MARKERS.finditer(line, pos))


def test_same_matches_on_real_run_on_lines():
    lines = [r["text"] for r in load_fixture("crud_rag_tails.jsonl")]
    assert any(TAIL_MARKERS.search(line) for line in lines)
    for line in lines:
        for pos in (0, max(0, len(line) - 400)):
            assert spans(tail_markers(line, pos)) == spans(TAIL_MARKERS.finditer(line, pos))
