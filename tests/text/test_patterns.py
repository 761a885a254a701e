"""The shared patterns: ``Words`` must match exactly as one IGNORECASE alternation of its words does."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_fixture
from tasks.text.boilerplate import vocabulary as vocab
from tasks.text.patterns import Words

# Letters whose case folding is not ASCII's: the Kelvin sign and the long s fold to k and s, the
# dotted and dotless i, full-width letters, the sharp s.
_ODD_LETTERS = "\u212a\u017f\u0130\u0131ＱｑＡｐｐßſK"
_ALL_WORDS = [
    *vocab.MENU_WORDS,
    *vocab.PLATFORM_WORDS,
    *vocab.ACTION_WORDS,
    *vocab.SITE_WORDS,
    *vocab.LEGAL_WORDS,
    *vocab.EDITOR_WORDS,
    *vocab.REPORTER_WORDS,
]
_WORD_LISTS = [vocab.PLATFORM_WORDS, vocab.LEGAL_WORDS, _ALL_WORDS]


def _same(words: Words, text: str) -> None:
    folded = re.compile(words.pattern, re.IGNORECASE)
    assert words.found_in(text) == bool(folded.search(text)), text
    assert words.findall(text) == folded.findall(text), text


def test_words_match_as_one_ignorecase_pattern_on_real_lines():
    lines = [
        line
        for name in ("crud_rag_tails.jsonl", "magic_html.jsonl", "gne.jsonl", "c4_bar_line.jsonl")
        for record in load_fixture(name)
        for line in record["text"].split("\n")
        if line.strip()
    ]
    assert len(lines) > 500
    for words in map(Words, _WORD_LISTS):
        found = 0
        for line in lines:
            _same(words, line)
            found += words.found_in(line)
        assert 0 < found < len(lines)  # the lines hold some of the words and not all of them
    platform = Words(vocab.PLATFORM_WORDS)
    assert platform.found_in("请加qq群") and platform.findall("关注微信公众号，或加QQ群") == ["微信", "公众号", "QQ"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*vocab.PLATFORM_WORDS, *vocab.LEGAL_WORDS, *_ODD_LETTERS, "扫码", "。", " ", "a", "Q"]),
        max_size=12,
    )
)
def test_words_match_as_one_ignorecase_pattern_on_mixed_text(pieces):
    text = "".join(p.swapcase() if i % 3 == 0 else p for i, p in enumerate(pieces))
    for words in map(Words, _WORD_LISTS[:2]):
        _same(words, text)


def test_words_without_letters_or_without_plain_words():
    _same(Words(["QQ", "App"]), "下载app，加qq")
    assert Words(["QQ", "App"]).findall("微信") == []
    _same(Words(["微信", "朋友圈"]), "微信朋友圈QQ")
