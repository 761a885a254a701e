"""Patterns that mean one thing wherever the text stages use them: how a sentence ends, a Han character."""

from __future__ import annotations

import re

# A Han character (CJK Unified Ideographs and Extension A).
HAN = re.compile(r"[\u3400-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def count_chars(runs: re.Pattern, text: str) -> int:
    """How many characters a class pattern with ``+`` matches: summing the runs' lengths is about
    five times faster than counting single-character matches, which builds a string per character."""
    return sum(map(len, runs.findall(text)))


# Punctuation that makes a line prose rather than a label or a menu item.
SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,]")
# Punctuation that ends a sentence or a clause.
END_PUNCT = re.compile(r"[。！？!?；;]")
# A line that ends its sentence, closing quotes and a trailing citation allowed: "…揭牌启动。 [3]".
ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』)）]*(\s*\[\d+\])*$")
# A line that ends a sentence or a clause (a feed teaser cut off mid-sentence does not).
ENDS_CLAUSE = re.compile(r"[。！？!?；;][”’」』)）]*$")


def ends_sentence(line: str) -> bool:
    return bool(ENDS_SENTENCE.search(line))


# A list item's number: "一、", "2.", "（3）". Menus are not numbered; an article's lists are (a
# bullet is not enough: menus and section labels use them too).
LIST_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])")
