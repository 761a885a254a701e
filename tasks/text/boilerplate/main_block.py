"""The article block of a full web page that reached us as text (Common-Crawl-WET-like).

Line rules cannot tell a related-article teaser, a comment or a feed snippet from a body
sentence: they look alike line by line. Where they differ is their neighbourhood: the body is a
run of sentences, the rest is sentences scattered between menu words, names, counters and
timestamps. So on a page-shaped document each line gets a weight (a sentence: + its length;
anything else, and any line a rule already removed: a penalty), the runs with the best sums are
found (maximum-sum segments, as in BTE body-text extraction), and the first run that is
substantial is the article, with the headline above it (over the dateline, source and counter
lines between them) and up to two sign-off lines right below. No run may cross a gap full of feed
or comment metadata (relative times, "source·" card lines), however much text lies on both sides.
A later run joins the article as a further section when nothing but menu-like lines stands between
them (an encyclopedia entry's lead, its infobox and contents list, then its sections). Lines
outside the article, and the non-sentence lines between its sections, are dropped as
``outside_main_block``.

Documents that are not page-shaped (an article with a few boilerplate lines, a run-on line)
never reach this step: there the rules alone decide, so no short body line is put at risk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from tasks.text.patterns import HAN_RUN, count_chars

# A page: at least this many lines, at least half of them shorter than SHORT_LINE characters or
# not sentences (menu items, headlines of a related list).
MIN_PAGE_LINES = 30
SHORT_LINE = 15
SHORT_SHARE = 0.5

# A line that reads as a sentence: it has sentence-ending punctuation, or ends like a clause
# (poems and list items end in ，；：).
_SENTENCE = re.compile(r"[。！？!?…]|[，,；;：:][”’」』)）]*$")
# "label：value" lines and numbered items are the rows of a table or list inside an article:
# they cost little, so a table between two paragraphs does not split the article.
_ROW = re.compile(r"^[^\s：:]{1,12}[：:]\s*\S|^(\d{1,3}|[一二三四五六七八九十]{1,3})[、.．]\S")
# Feed and comment metadata ("News • 9 小时前", "热门跟贴前天 18:22", a card's "法新社·"):
# strong evidence against.
_RELATIVE_TIME = re.compile(
    r"\d+\s*(秒|分钟|分鐘|小时|小時|天|周|週|个月|個月)前|昨日|昨天|前天|刚刚|剛剛|今天\s*\d{1,2}:\d{2}|[·•]$"
)
# A comment's vote counters ("支持[383] | 反对[7]", "顶(12) 踩(3)", "赞 56"): comment metadata, as
# strong as a timestamp, when the line holds little else.
_VOTE = re.compile(
    r"(支持|反对|反對|顶|頂|踩|赞|讚|点赞|點讚|回复|回覆|举报|舉報|有用|没用)\s*[\[(（【]?\s*\d+\s*[\])）】]?"
)
# A bulleted short line ("· 国庆返程后怎么办？多地紧急提醒"): a list item, often a headline of a
# list of links, never more than a row of a list, whatever punctuation it carries.
_BULLET = re.compile(r"^[·•●▪◆■]\s*\S")
# A news item's dispatch lead ("新华社北京5月9日电 题：…", "1905电影网讯"): the article starts here,
# whatever punctuation the line has.
_DISPATCH = re.compile(r"^[（(【]?[^\s，。]{1,12}(\d{1,2}月\d{1,2}日)(电|讯)|^[^\s，。]{2,10}(网|报|社)讯")
_SEPARATOR = re.compile(r"[_|｜]")
MIN_SENTENCE = 6  # characters
LONG_LINE = 60  # an unpunctuated line this long is half a sentence (code, English, tables)
PENALTY = 15  # what a menu word, a name, a counter or a removed line costs
FEED_PENALTY = 60  # a timestamp or card line of a feed or comment thread
VALLEY = 120  # a gap with feed metadata that costs this much splits the page into blocks
TAIL = 2  # sign-off lines kept below the last sentence
ROW_PENALTY = 2
# The article is the first run scoring at least min(ENOUGH, SHARE_OF_BEST x the best run): a
# short news item above a long comment thread or feed still wins, a teaser above a long
# article does not.
ENOUGH = 150
SHARE_OF_BEST = 0.2
# Rule removals that may stand between two sections of one article: menu words, a contents list,
# section headings, counters. Any other removal (an editor's credit, a share or QR-code prompt, a
# comment box, a copyright line) says the article has ended.
SECTION_GAP_RULES = frozenset({"nav_menu", "counter"})
_FULL_STOP = re.compile(r"[。！？!?]")


def is_page(lines: list[str], weights: list[float] | None = None) -> bool:
    if len(lines) < MIN_PAGE_LINES:
        return False
    weights = weights if weights is not None else [line_weight(ln) for ln in lines]
    return sum(len(ln) < SHORT_LINE or w <= -PENALTY for ln, w in zip(lines, weights)) >= SHORT_SHARE * len(lines)


def announces_list(line: str) -> bool:
    """A sentence ending in a colon ("获奖名单如下："): the short lines after it are its list. A
    short label ("关键字：", "热门标签：") announces nothing."""
    return len(line) >= 8 and line.endswith(("：", ":"))


def line_weight(line: str) -> float:
    n = len("".join(line.split()))
    if n <= 40 and _BULLET.match(line):
        return min(-ROW_PENALTY, _text_weight(line, n))
    return _text_weight(line, n)


def _is_votes(line: str) -> bool:
    return bool(_VOTE.search(line)) and count_chars(HAN_RUN, _VOTE.sub("", line)) <= 3


def _text_weight(line: str, n: int) -> float:
    if n <= 30 and _RELATIVE_TIME.search(line) or n <= 40 and _is_votes(line):
        return -FEED_PENALTY
    if _DISPATCH.search(line):
        return n
    if count_chars(HAN_RUN, line) * 3 < n:
        # Code, English, numbers: says nothing about being article or not.
        return -ROW_PENALTY
    if n >= MIN_SENTENCE and _SENTENCE.search(line):
        return n
    if n >= LONG_LINE:
        # A keyword title joined by separators ("今日股市_明日大盘_股票行情_…"), not a sentence.
        return -ROW_PENALTY if len(_SEPARATOR.findall(line)) >= 3 else n / 2
    if _ROW.search(line):
        return -ROW_PENALTY
    return -max(PENALTY, n)


def _maximal_runs(weights: list[float], lo: int, hi: int) -> list[tuple[float, int, int]]:
    """(score, first, last) of every maximal-scoring run in weights[lo:hi]: the best run, then the
    best runs left and right of it, and so on. Ruzzo and Tompa's one-pass algorithm (1999), so a
    page of thousands of lines costs no more than one pass."""
    runs: list[list[float]] = []  # [first, last, cumulative before first, cumulative after last]
    total = 0.0
    for i in range(lo, hi):
        w = weights[i]
        if w <= 0:
            total += w
            continue
        run = [i, i, total, total + w]
        total += w
        while True:
            j = len(runs) - 1
            while j >= 0 and runs[j][2] >= run[2]:
                j -= 1
            if j < 0 or runs[j][3] >= run[3]:
                runs.append(run)
                break
            run = [runs[j][0], run[1], runs[j][2], run[3]]
            del runs[j:]
    return [(after - before, int(first), int(last)) for first, last, before, after in runs]


def _blocks(weights: list[float]) -> list[tuple[int, int]]:
    """Ranges no run may bridge, however much text lies on both sides: they are separated by a
    stretch of non-sentence lines that holds feed or comment metadata and costs VALLEY or more
    (an article and the cards below it). A costly gap without such metadata (an infobox, a table
    between two sections) does not separate: splitting there would lose body."""
    blocks, start, gap_start, gap, feed = [], 0, 0, 0.0, False
    for i, w in enumerate(weights + [1.0]):
        if w < 0:
            if gap == 0:
                gap_start, feed = i, False
            gap += w
            feed = feed or w <= -FEED_PENALTY
            continue
        if feed and gap <= -VALLEY:
            blocks.append((start, gap_start))
            start = i
        gap = 0.0
    blocks.append((start, len(weights)))
    return [(lo, hi) for lo, hi in blocks if hi > lo]


class Span(NamedTuple):
    first: int  # the headline, when one was found above the article
    last: int
    text_first: int  # the article's first line of text
    between_sections: tuple[int, ...] = ()  # non-sentence lines inside the span, between its sections


def article_span(
    lines: list[str],
    keep: list[bool],
    metadata: Callable[[str], str | None] = lambda line: None,
    why: list[str | None] | None = None,
    headlines: set[int] | frozenset[int] = frozenset(),
) -> Span | None:
    """The article block; None when the document is not page-shaped or no line reads as text (a
    list page, a table): then the rules alone decide. ``metadata``: the rule of a line that may stand
    between the headline and the article (a dateline, a counter), else None. ``why``: the rule that removed each line
    (None: kept); without it the article is one run, never several sections. ``headlines``: lines
    a page's DOM prints as its headline (<h1>)."""
    if len(lines) < MIN_PAGE_LINES:
        return None  # not a page, whatever its lines weigh: most documents
    weights = [line_weight(ln) for ln in lines]
    if not is_page(lines, weights):
        return None
    weights = [w if k else min(-PENALTY, w) for w, k in zip(weights, keep)]
    runs = [run for lo, hi in _blocks(weights) for run in _maximal_runs(weights, lo, hi)]
    if not runs:
        return None
    bar = min(ENOUGH, SHARE_OF_BEST * max(score for score, _, _ in runs))
    _, text_first, last = min((r for r in runs if r[0] >= bar), key=lambda r: r[1])
    between: list[int] = []
    if why is not None:
        later = sorted((r for r in runs if r[1] > last and r[0] >= bar), key=lambda r: r[1])
        last, between = _later_sections(lines, weights, keep, why, later, last)
        last, gap = _up_to_credit(lines, weights, keep, why, last)
        between += gap
    first = text_first
    # The headline printed right above the article, over its metadata lines, belongs to it; so
    # does one over a short line or two that no rule knows, printed under a dateline or byline (a
    # bare source name: "2019-09-26 10:56:28" / "证券时报网"), which go. A short line with no such
    # line over it is the article's first section heading, or a sidebar's last item.
    labels: list[int] = []
    dom_headline = _dom_headline(lines, keep, metadata, text_first, headlines)
    if dom_headline is not None:
        first, between = dom_headline[0], between + dom_headline[1]
    for i in range(text_first - 1, -1, -1) if dom_headline is None else ():
        if labels and text_first - i > LABEL_REACH:
            break
        if not keep[i] or metadata(lines[i]):
            continue
        if _is_headline(lines[i]):
            first = i
            between += labels
            break
        if len(labels) == MAX_LABELS or not _is_label(lines[i]) or metadata(lines[i - 1]) not in BYLINE_RULES:
            break
        labels.append(i)
    # Sign-off lines right below the last sentence ("（总台央视记者 张赛）", "文中林影为化名"), and
    # a list the article announces with a colon ("获奖名单如下："), up to the first line a rule removed.
    budget = TAIL
    for i in range(last + 1, len(lines)):
        if announces_list(lines[last]):
            budget = len(lines)
        if budget == 0 or not keep[i] or weights[i] <= -FEED_PENALTY:
            break
        last, budget = i, budget - 1
    return Span(first, last, text_first, tuple(between))


def _later_sections(
    lines: list[str],
    weights: list[float],
    keep: list[bool],
    why: list[str | None],
    later: list[tuple[float, int, int]],
    last: int,
) -> tuple[int, list[int]]:
    """Extend the article over the substantial runs below it (in order) that are further sections:
    only menu-like lines and no feed metadata stand between (``SECTION_GAP_RULES``), the run's
    text outweighs what it costs to reach it, and most of its weight is in full sentences (not a
    keyword list of clauses). Returns the new last line and the gap lines to drop."""
    between: list[int] = []
    for score, first, end in later:
        gap = range(last + 1, first)
        if any(weights[i] <= -FEED_PENALTY or (not keep[i] and why[i] not in SECTION_GAP_RULES) for i in gap):
            break
        if score < -sum(weights[i] for i in gap):
            break
        sentences = sum(
            w for w, line in zip(weights[first : end + 1], lines[first : end + 1]) if w > 0 and _FULL_STOP.search(line)
        )
        if sentences < score / 2:
            break
        between += [i for i in gap if weights[i] < 0]
        last = end
    return last, between


def _dom_headline(
    lines: list[str], keep: list[bool], metadata: Callable[[str], str | None], text_first: int, headlines
) -> tuple[int, list[int]] | None:
    """The page's <h1> above the article, with the lines between it and the article that go; None
    when there is none, or when more than a line or two that no rule removed stand between (a
    template's <h1> over a block of its own). A video's or a photo's title between them reads as a
    headline too ("视频-陈同佳出狱 鞠躬说“对不起”"); the DOM tells which line the page prints as one."""
    # not a logo's keyword title in an <h1> ("今日股市行情_明日大盘_股票行情_…")
    above = [
        h
        for h in headlines
        if h < text_first and keep[h] and _is_headline(lines[h]) and len(_SEPARATOR.findall(lines[h])) < 3
    ]
    if not above:
        return None
    h = max(above)
    between = [i for i in range(h + 1, text_first) if keep[i] and not metadata(lines[i])]
    if len(between) > MAX_LABELS or any(_FULL_STOP.search(lines[i]) or len(lines[i]) > 60 for i in between):
        return None
    return h, between


CREDIT_RULES = frozenset({"editor", "end_marker"})  # what closes an article: its editor's credit, its end mark
CREDIT_REACH = 40  # lines below the article block within which its credit is looked for


def _up_to_credit(
    lines: list[str], weights: list[float], keep: list[bool], why: list[str | None], last: int
) -> tuple[int, list[int]]:
    """The article's lines down to its editor's credit or end mark, when the block stopped above
    them: a post written a phrase to a line ("邮轮目的地12个" / "是中国内地东南亚航线最多的邮轮港口之一")
    weighs as a menu, however many sentences stand among its phrases. Only kept lines and menu
    words, no feed metadata between, and a third of their characters in lines that read as text
    (a related list's headlines weigh nothing). Returns the new last line and the gap lines to drop."""
    end = next((j for j in range(last + 1, min(len(lines), last + 1 + CREDIT_REACH)) if why[j] in CREDIT_RULES), None)
    if end is None:
        return last, []
    gap = range(last + 1, end)
    if any(weights[i] <= -FEED_PENALTY or (not keep[i] and why[i] not in SECTION_GAP_RULES) for i in gap):
        return last, []
    kept = [i for i in gap if keep[i]]
    if not kept or 3 * sum(max(0.0, weights[i]) for i in kept) < sum(len(lines[i]) for i in kept):
        return last, []
    return end - 1, [i for i in gap if not keep[i]]


MAX_LABELS = 2  # short lines that may stand between a headline and its article
LABEL_REACH = 6  # lines above the article within which such a headline is looked for
BYLINE_RULES = ("dateline", "byline")  # what a bare source name is printed under


def _is_label(line: str) -> bool:
    """Too short for a headline and no sentence: a source's name, a column's, an author's."""
    return len("".join(line.split())) < 8 and not _FULL_STOP.search(line)


def _is_headline(line: str) -> bool:
    n = len("".join(line.split()))
    return 8 <= n <= 60 and count_chars(HAN_RUN, line) * 2 >= n and not _RELATIVE_TIME.search(line)
