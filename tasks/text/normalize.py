"""Text normalisation that suits Chinese: HTML remnants, injected pinyin, character width, spaces.

Full-width Chinese punctuation （），！：；“” and the ideographic space U+3000 are correct Chinese
typography and stay. Full-width ASCII letters and digits (１２月, ＡＢＣ) become half-width, as
every Chinese search and NLP tool expects.
"""

from __future__ import annotations

import html
import re

from tasks.text.html_page import page_text
from tasks.text.pinyin import remove_pinyin

# Tags and their broken halves left by sloppy extraction: "<br>", "</p>", "/p>", "p>", "<div class=x>".
_TAG_NAMES = (
    r"(?:p|br|div|span|strong|b|i|u|em|a|li|ul|ol|td|tr|th|table|tbody|h[1-6]|font|img|center|section|article"
    r"|blockquote|iframe|script|style|sup|sub|small|big|label|input|form)"
)
_HTML_TAG = re.compile(rf"</?{_TAG_NAMES}(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_TAG_BROKEN = re.compile(rf"/(?<![A-Za-z0-9]/){_TAG_NAMES}>|<{_TAG_NAMES}\b[^<>\n]{{0,200}}$", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A tag's attributes and its ">" where the "<" and the tag's name were lost, quotes escaped or not: a
# rendered page of 021news prints `日k线图pcms-style=\\"font-L\\">意外总是猝不及防,`.
_ATTRIBUTE = r"""(?<![A-Za-z0-9_:-])[A-Za-z][A-Za-z0-9_:-]*=\\*(?:"[^"<>\n]{0,80}\\*"|'[^'<>\n]{0,80}\\*')"""
_ATTRIBUTES_TAIL = re.compile(rf"{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*\s*/?>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")

# Full-width ASCII letters and digits (not punctuation) to half-width.
_WIDTH = {
    cp: cp - 0xFEE0 for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))
}

# Invisible characters that only break matching: zero-width spaces/joiners, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_CHARS = "[ \t\u00a0\u2002\u2003\u2009\u202f]"
# A run of Latin spaces that is not already one ASCII space: a lone " " is left alone, not replaced
# by itself (most lines of prose with Latin words hold many).
_SPACES = re.compile(f"[\t\u00a0\u2002\u2003\u2009\u202f]{_SPACE_CHARS}*| {_SPACE_CHARS}+")
# What _SPACES can match starts with one of these, or with two spaces of any kind after " ".
_ODD_SPACES = ("\t", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "  ")


def remove_html(text: str) -> tuple[str, int]:
    count = 0

    def _count(repl: str):
        def inner(m: re.Match) -> str:
            nonlocal count
            count += 1
            return repl

        return inner

    # Each pattern needs its "<", ">" or "&": most text holds none, and skips the scans.
    if "<!--" in text:
        text = _HTML_COMMENT.sub(_count(""), text)
    if "&" in text:
        text = _HTML_ENTITY.sub(lambda m: (_count("")(m), html.unescape(m.group(0)))[1], text)
    if "<" in text:
        text = _BR.sub(_count("\n"), text)
        text = _HTML_TAG.sub(_count(""), text)
    if "<" in text or ">" in text:
        text = _HTML_TAG_BROKEN.sub(_count(""), text)
    if '">' in text or "'>" in text:
        text = _ATTRIBUTES_TAIL.sub(_count(""), text)
    return text, count


# A whole page, not remnants: a document tag near the start.
_HTML_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def is_html_document(text: str) -> bool:
    return bool(_HTML_DOCUMENT.search(text[:4096]))


def html_to_text(page: str) -> str:
    """The text a reader sees, in lines: what a Common Crawl WET file holds for the page."""
    return page_text(page).text


# Private-use code points left after encoding repair read as nothing: on a page, an icon font's
# glyphs (iconfont.cn, Font Awesome: the eye before a view count, "\ue60e4" for "4" views), which
# hide the counter from the rules and make it a line that stands between a headline and its
# article; in old GBK text, a user-defined code point where a separator stood ("纪录\ue40c据秦皇岛").
# A run becomes one space, so that what it separated stays apart. Mojibake that uses them is
# repaired (or judged) before normalisation.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]+")
_ANY_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # the check: a bare class scans three times faster


def remove_private_use(text: str) -> tuple[str, int]:
    if not _ANY_PRIVATE_USE.search(text):
        return text, 0
    return _PRIVATE_USE.subn(" ", text)


_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalize_width_and_space(text: str, fullwidth: bool | None = None) -> str:
    """Half-width letters/digits, one ASCII space for runs of Latin spaces, trimmed lines.
    ``fullwidth``: whether the text holds full-width letters or digits, where the caller knows."""
    if fullwidth if fullwidth is not None else _FULLWIDTH_ALNUM.search(text):
        text = text.translate(_WIDTH)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(space in text for space in _ODD_SPACES):  # most text has none, and skips the scan
        text = _SPACES.sub(" ", text)  # no newline among them: one pass over the text, not one per line
    return "\n".join(line.strip(" \u3000") for line in text.split("\n"))


def normalize(text: str) -> tuple[str, list[str]]:
    """Apply all normalisations; return the text and the ids of the ones that changed something."""
    fixes: list[str] = []
    if is_html_document(text):
        text = html_to_text(text)
        fixes.append("normalize.html_document")
    text, n = remove_html(text)
    if n:
        fixes.append("normalize.html_remnants")
    text, n = remove_private_use(text)
    if n:
        fixes.append("normalize.private_use")
    text, n = remove_pinyin(text)
    if n:
        fixes.append("normalize.pinyin_annotation")
    fullwidth = bool(_FULLWIDTH_ALNUM.search(text))
    if fullwidth:
        fixes.append("normalize.fullwidth_alnum")
    return normalize_width_and_space(text, fullwidth), fixes
