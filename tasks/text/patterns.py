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


def _has_case(text: str) -> bool:
    # str's test marks a few characters re treats as caseless (ß): a superset, which is safe below
    return any(c.lower() != c or c.upper() != c for c in text)


class Words:
    """A list of words, letters matched in any case as ``re.IGNORECASE`` matches them.

    Python's re cannot skip ahead on an IGNORECASE alternation that has a branch starting with a
    letter (``QQ|微信|…``): it tries every branch at every character, about ten times slower on a
    Chinese line than the same words without letters. So the words without letters are searched
    plainly, the few with letters apart; ``findall`` is ``re.compile(words, re.IGNORECASE).findall``
    itself on a text holding one of their letters, else the plain words' (the others cannot match
    there). Both give what that one pattern gives (tests/text/test_patterns.py)."""

    def __init__(self, words: list[str]):
        cased = [w for w in words if _has_case(w)]
        plain = [w for w in words if not _has_case(w)]
        self.pattern = "|".join(map(re.escape, words))
        self.folded = re.compile(self.pattern, re.IGNORECASE)
        self._plain = re.compile("|".join(map(re.escape, plain))) if plain else None
        self._cased = re.compile("|".join(map(re.escape, cased)), re.IGNORECASE) if cased else None
        letters = sorted({c for w in cased for c in w if _has_case(c)})
        self._letters = re.compile(f"[{''.join(map(re.escape, letters))}]", re.IGNORECASE) if letters else None

    def found_in(self, text: str) -> bool:
        return bool((self._plain and self._plain.search(text)) or (self._cased and self._cased.search(text)))

    def findall(self, text: str) -> list[str]:
        if self._letters is not None and self._letters.search(text):
            return self.folded.findall(text)
        return self._plain.findall(text) if self._plain else []
