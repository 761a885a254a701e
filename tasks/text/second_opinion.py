"""A second extractor's opinion on a whole page, against the one failure that costs a page whole.

On a site nobody looked at, our DOM step can take the wrong block for the article: a hidden block
of SEO keywords, a logo's keyword title (two of 21 unseen pages in session 13's first run, F1
0.04 and 0.01). readability-lxml picks the article block by another method, and on those pages it
was right. So every page is also read by readability-lxml and cleaned by the same rules; when the
two results share less than half their text and readability's holds less than half of ours, they
are not two cuts of one article but two different texts, and the one that opens with what the
page's <title> says wins. Our own result stays when readability finds nothing, when its pick
holds ours (a forum thread's replies with its first post, comments with a short item), when the
page has no usable title, or when ours opens with the title better (a feed or another story that
readability took, as on three pages of magic-html's set, keeps ours).
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from tasks.text.patterns import HAN
from tasks.text.script import to_simplified

# Below this share of common character pairs (F1), the two results are different texts.
DISAGREEMENT = 0.5
# The title's share that a result's opening must say for it to take the page.
MIN_TITLE_COVER = 0.5
OPENING_CHARS = 400  # how much of a result counts as its opening

_TITLE_PARTS = re.compile(r"[_|｜\-—–]+")  # "headline_channel_site" and the like
_WORD_CHARS = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def readability_page(html: str, title: str) -> str | None:
    """readability-lxml's article block as a page of its own (with the page's title, which our
    headline step reads), or None when it finds nothing."""
    from readability import Document
    from readability.readability import Unparseable

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        summary = Document(html).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError):
        return None
    if not _WORD_CHARS.search(summary):
        return None
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    return f"<html><head><title>{escaped}</title></head><body>{summary}</body></html>"


def _pairs(text: str) -> Counter:
    text = "".join(to_simplified(text).split())
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def agreement(ours: str, theirs: str) -> tuple[float, float]:
    """Character-pair F1 of the two texts, and the share of ours that theirs holds; script-blind."""
    pa, pb = _pairs(ours), _pairs(theirs)
    common = sum((pa & pb).values())
    if not common:
        return 0.0, 0.0
    return 2 * common / (sum(pa.values()) + sum(pb.values())), common / sum(pa.values())


def headline_part(title: str) -> str:
    """The part of a <title> that is the page's headline: of "headline_channel_site" and the like,
    the part with the most Han characters (a site's or engine's name, "Powered by Discuz!", is not)."""
    parts = ["".join(_WORD_CHARS.findall(part)) for part in _TITLE_PARTS.split(to_simplified(title))]
    return max(parts, key=lambda part: len(HAN.findall(part)), default="")


def title_cover(title: str, text: str) -> float:
    """The share of the title's headline part's character pairs found in the text's opening."""
    headline = headline_part(title)
    pairs = {headline[i : i + 2] for i in range(len(headline) - 1)}
    if len(pairs) < 3:
        return 0.0  # too short to tell
    opening = "".join(to_simplified(text[:OPENING_CHARS]).split())
    return sum(pair in opening for pair in pairs) / len(pairs)


def prefers_theirs(title: str, ours: str, theirs: str) -> bool:
    """Whether readability's result, not ours, is the page's article."""
    if not theirs.strip():
        return False
    f1, ours_held = agreement(ours, theirs)
    if f1 >= DISAGREEMENT or ours_held >= DISAGREEMENT:
        return False  # one article cut two ways, or readability's pick holds ours (a whole thread)
    cover = title_cover(title, theirs)
    return cover >= MIN_TITLE_COVER and cover >= title_cover(title, ours)
