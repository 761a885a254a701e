"""Byte decoding and mojibake repair on real cases from shared/corpus."""

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, SEEDS, load_fixture
from tasks.text import encoding
from tasks.text.encoding import UndecodableError, decode_bytes, repair_encoding

ARTICLE = (SEEDS / "002_77381d51494a62cb.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_decodes_each_supported_encoding(encoding):
    sample = "巴音朝鲁强调，责任必须全面落实。" if encoding != "big5" else "巴音朝魯強調，責任必須全面落實。"
    text, detected = decode_bytes((sample * 5).encode(encoding))
    assert text == sample * 5
    assert detected == encoding


def test_decodes_boms():
    assert decode_bytes("\ufeff新闻".encode("utf-8")) == ("新闻", "utf-8-sig")
    assert decode_bytes("新闻正文".encode("utf-16")) == ("新闻正文", "utf-16")


def test_real_gbk_file_is_decoded_as_gb18030():
    text, enc = decode_bytes((FIXTURES / "sogou_ca_head.gbk").read_bytes())
    assert enc == "gb18030"
    assert "公安机关销毁" in text


@pytest.mark.parametrize(
    "data,reason", [(b"\x00\x01\x02binary\x00", "binary"), (bytes(range(0x80, 0x100)) * 3 + b"\x80", "undecodable")]
)
def test_rejects_what_is_not_text(data, reason):
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_gbk_read_as_latin1_is_recovered():
    record = next(r for r in load_fixture("mojibake.jsonl") if r["source_path"].endswith("gbk_with_cp936_1.txt"))
    fixed = repair_encoding(record["text"])
    assert "更多精校小说尽在知轩藏书下载" in fixed.text
    assert "内容简介" in fixed.text
    assert "encoding.gbk_read_as_latin1" in fixed.fixes


@pytest.mark.parametrize(
    "record", [r for r in load_fixture("mojibake.jsonl") if r.get("expected_fixed")], ids=lambda r: r["expected_fixed"]
)
def test_ftfy_cases_are_fixed(record):
    assert repair_encoding(record["text"]).text == record["expected_fixed"]


def test_utf8_read_as_gbk_is_recovered():
    line = load_fixture("utf8_read_as_gbk.jsonl")[0]["text"]
    fixed = repair_encoding(line)
    assert "四虎影视" in fixed.text
    assert "encoding.utf8_read_as_gbk" in fixed.fixes


def _chars_back(original, repaired):
    import difflib

    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(original)


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_utf8_read_as_gbk_with_errors_replaced_is_recovered(codec):
    """涓�鐩存槸: one byte lost per replacement character. The bytes around it are re-read, and a
    character that lost a byte is the most frequent one that re-reads as the damaged line shows."""
    articles = [r["text"] for r in load_fixture("sogou_ca.jsonl")[:20]]
    backs = []
    for text in articles:
        damaged = text.encode("utf-8").decode(codec, errors="replace")
        assert _chars_back(text, damaged) < 0.05
        repair = repair_encoding(damaged)
        assert "encoding.utf8_read_as_gbk_lossy" in repair.fixes
        assert repair.replacement_chars == repair.text.count("\ufffd")  # what is not recovered is counted
        backs.append(_chars_back(text, repair.text))
    # Sogou CA news, full-width digits and all (bench/eval_mojibake.py measures other sources)
    assert sum(backs) / len(backs) > 0.96 and min(backs) > 0.9
    assert sum(b >= 0.95 for b in backs) >= 0.75 * len(backs)


@pytest.mark.parametrize("seed", ["001_72c21c55ea8088ed.txt", "002_77381d51494a62cb.txt"])
def test_gbk_read_as_latin1_with_ascii_digits_inside_comes_back_as_whole_sentences(seed):
    """6ÔÂ24ÈÕ is 6月24日: the digits between the byte pairs belong to the segment, so the
    sentence is repaired as one (the pairs alone, between digits, were too short to repair)."""
    import re

    text = (SEEDS / seed).read_text(encoding="utf-8")
    sentences = [
        s for s in re.findall(r"[^。！？\n]{8,}[。！？]", text) if re.search(r"[\u4e00-\u9fff][0-9]+[\u4e00-\u9fff]", s)
    ]
    assert sentences
    for sentence in sentences:
        damaged = sentence.encode("gbk").decode("latin-1")
        assert repair_encoding(damaged).text == sentence


def test_text_that_was_replacement_characters_read_as_gbk_is_counted_not_invented():
    """锟斤拷 is U+FFFD U+FFFD itself (EF BF BD EF BF BD) read as GBK: the rest comes back, and those
    characters stay replacement characters, counted."""
    text = "据中国之声报道，今天上午\ufffd\ufffd市政府召开新闻发布会，介绍了全市防汛工作的最新进展。"
    damaged = text.encode("utf-8").decode("gbk", errors="replace")
    assert "锟斤拷" in damaged
    repair = repair_encoding(damaged)
    # and 中国, not 一国: both re-read as 涓�, and the neighbours choose (一 alone is commoner)
    assert repair.text == text and repair.replacement_chars == 2


def test_gbk_shifted_by_lost_byte_is_realigned_without_inventing_text():
    record = next(r for r in load_fixture("sogou_ca.jsonl") if "泼鳎合衷" in r["text"])
    fixed = repair_encoding(record["text"])
    assert "黄明：现在我" in fixed.text
    assert "泼鳎" not in fixed.text
    assert fixed.text.count("?") == record["text"].count("?")  # lost bytes stay marked


def test_lost_bytes_are_counted_not_invented():
    fixed = repair_encoding((SEEDS / "000_fb9709146d07ecbb.txt").read_text(encoding="utf-8"))
    assert fixed.text.startswith("3?日晚")
    assert fixed.lost_byte_marks == 1
    assert repair_encoding("原文\ufffd\ufffd丢失").replacement_chars == 2


def test_chinese_punctuation_and_quotes_are_kept():
    text = "他说：“坚决（全力）守好！”　　下一段，继续。"
    assert repair_encoding(text).text == text


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_clean_real_text_is_unchanged(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert repair_encoding(text).text == text


@pytest.mark.parametrize("record", load_fixture("crud_rag_reposts.jsonl")[:20], ids=lambda r: r["id"])
def test_clean_corpus_articles_are_unchanged(record):
    assert repair_encoding(record["text"]).text == record["text"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_repair_is_idempotent(text):
    once = repair_encoding(text).text
    assert repair_encoding(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ARTICLE, min_size=1, max_size=200))
def test_repair_never_changes_text_made_of_clean_article_characters(text):
    assert repair_encoding(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "精华景点.玩出不一样的味道! ×“发现团”成员在呼和浩特东站前合影",  # ftfy alone makes "ד"
        "杯迷你马拉松活动招募志愿者啦！·····················以上广告······················正文",  # B7B7 = 贩
    ],
)
def test_real_corpus_lines_that_look_like_mojibake_are_left_alone(text):
    """Both lines are from CRUD_RAG; each once came out damaged."""
    assert repair_encoding(text).text == text


# The fast paths skip work only where it cannot change the text; both are checked exhaustively.

_UNTOUCHED_CHARS = [
    chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and not encoding._FTFY_MAY_ACT.search(chr(c))
]


def test_ftfy_leaves_every_character_it_is_skipped_for_alone():
    assert len(_UNTOUCHED_CHARS) > 27000  # Han, CJK and full-width punctuation, ASCII but &, ...
    changed = [c for c in _UNTOUCHED_CHARS if ftfy.fix_and_explain(c, config=encoding._FTFY_CONFIG).text != c]
    assert changed == []


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [c for c in _UNTOUCHED_CHARS if not "\u3400" <= c <= "\u9fff"] + ["中", "文", "×", "×©", "×—", "×‘", "×•"]
        )
    ).map("".join)
)
def test_ftfy_leaves_any_text_of_those_characters(text):
    """Its mojibake rules look at neighbours: no sequence of these characters is one they fix (×
    before a cp1252 continuation byte is one; the pattern sends such text to ftfy)."""
    if not encoding._FTFY_MAY_ACT.search(text):
        assert ftfy.fix_and_explain(text, config=encoding._FTFY_CONFIG).text == text


def test_the_multiplication_sign_is_skipped_only_where_ftfy_leaves_it():
    """Every pair and triple of × with one other skipped character: ftfy changes exactly the ones
    the pattern sends to it, or fewer (×— it leaves)."""
    others = [c for c in _UNTOUCHED_CHARS if not "\u3400" <= c <= "\u9fff" and c != "×"] + ["中"]
    for c in others:
        for text in ("×" + c, c + "×", c + "×" + c, "×" + c + "×", "a×" + c, "1×" + c + "2"):
            if ftfy.fix_and_explain(text, config=encoding._FTFY_CONFIG).text != text:
                assert encoding._FTFY_MAY_ACT.search(text), text
    assert not encoding._FTFY_MAY_ACT.search("分辨率1920×1080，3×3篮球")


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["中", "，", "a", "&", "×", "©", "—", "‘", "\u0080", "é", "😀", "\U0001fb00", "\u200b", "\r", "ﬁ", "𠮷"]
        )
    ).map("".join)
)
def test_the_fast_skip_check_is_the_pattern(text):
    """``ftfy_may_act`` answers as ``_FTFY_MAY_ACT`` does, on every character and any mix of the ones
    whose answer depends on where they stand (×, emoji, cp1252's high characters)."""
    assert encoding.ftfy_may_act(text) == bool(encoding._FTFY_MAY_ACT.search(text))


def test_the_fast_skip_check_is_the_pattern_on_every_character():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in chars if encoding.ftfy_may_act(c) != bool(encoding._FTFY_MAY_ACT.search(c))] == []
    assert [
        c for c in chars if encoding.ftfy_may_act("中×" + c) != bool(encoding._FTFY_MAY_ACT.search("中×" + c))
    ] == []


def test_mojibake_is_not_skipped():
    for damaged in ("â€œä¸­æ–‡â€", "Ã©tÃ©", "&amp;", "a\r\nb", "ﬁ"):
        assert encoding._FTFY_MAY_ACT.search(damaged)


def test_the_rare_han_pattern_is_exactly_the_han_outside_the_common_set():
    common = encoding.common_chars()
    pattern = encoding._rare_han_pattern()
    for code in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]:
        assert (pattern.search(chr(code)) is None) == (chr(code) in common), hex(code)


_RUN_ALPHABET = "的一是中文，。“”：…—·¤§¨°±×÷ĀāǜˇΑωЁё①♂㈠㊣︰﹫　、〃\ue000\uf8ffＡｚ￥锟斤拷涓枃a1 \n" + "".join(
    chr(c) for c in range(0x4E00, 0x4E20)
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_RUN_ALPHABET, max_size=40))
def test_runs_without_han_are_all_that_can_change_when_no_han_is_rare(text):
    """The fast path takes only the no-Han runs when the text holds no rare Han character: exactly
    the spans the full run pattern would have changed."""
    full = [m.span() for m in encoding._GBK_RUN.finditer(text)]
    without = [m.span() for m in encoding._GBK_RUN_WITHOUT_HAN.finditer(text)]
    assert without == [span for span in full if not encoding._HAN.search(text[span[0] : span[1]])]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_RUN_ALPHABET, max_size=60))
def test_the_runs_visited_are_the_ones_that_can_change(text):
    """Of the maximal GBK-range runs, those with a rare Han character or none at all: a run whose
    Han are all common reads 1.0 and is left as it is, so it is not visited."""
    full = [m.span() for m in encoding._GBK_RUN.finditer(text)]
    may_change = [
        (a, b) for a, b in full if encoding._rare_han_pattern().search(text[a:b]) or not encoding._HAN.search(text[a:b])
    ]
    assert encoding._changeable_gbk_runs(text) == may_change
