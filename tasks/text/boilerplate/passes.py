"""Boilerplate removal for one document: an ordered list of small passes over its lines.

Each pass marks lines to drop with a rule id (the first rule to drop a line names it). The order
runs from narrowest to widest licence: lines that are never article text anywhere, feed cards, the
footer cut, the header and footer zones, menus and link lists, then on a full web page flattened
to text everything outside its article block (``main_block``), which gets edge rules of its own.
Documents whose newlines were lost upstream (CRUD_RAG) are first cut at boilerplate markers, so
the same rules apply to their run-on tails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.text.boilerplate.main_block import announces_list, article_span
from tasks.text.boilerplate.model import (
    MAX_SCORED,
    is_own_sentence,
    line_features,
    load_model,
    may_be_tail,
    tail_segments,
)
from tasks.text.boilerplate.rules import (
    BACK_MATTER,
    BARE_LABEL,
    FEED_STAMP,
    FOOTER_MARKERS,
    HEAD_CRAWLER,
    HEAD_REPOST,
    INLINE_AD,
    INLINE_ORIGINAL_TITLE,
    REPRINT_NOTICE,
    anywhere_rule,
    body_span,
    button_row_rule,
    edge_rule,
    is_body,
    is_sign_off,
    match,
    tail_markers,
    tail_piece_rule,
)
from tasks.text.patterns import END_PUNCT, ENDS_CLAUSE, ENDS_SENTENCE, HAN_RUN, LIST_NUMBER, SENTENCE_PUNCT, count_chars


@dataclass
class Stripped:
    text: str
    rules: list[str] = field(default_factory=list)
    removed_lines: list[tuple[str, str]] = field(default_factory=list)  # (rule id, line)


@dataclass
class _Page:
    """A document's lines and what the passes decided about them so far."""

    lines: list[str]
    continues: list[bool]  # segment i was cut from the same input line as segment i-1
    removed: list[tuple[str, str]]  # parts of lines removed before splitting (rule id, text)
    keep: list[bool] = field(init=False)
    why: list[str | None] = field(init=False)
    body: list[int] = field(default_factory=list)  # lines that read as article paragraphs
    first_body: int = 0
    last_body: int = -1
    dom_rule: list[str | None] = field(default_factory=list)  # per line: the rule its page's DOM gives it
    dom_headlines: set[int] = field(default_factory=set)  # lines the page's DOM prints as its headline

    def __post_init__(self):
        self.keep = [True] * len(self.lines)
        self.why = [None] * len(self.lines)

    def drop(self, i: int, rule: str) -> None:
        if self.keep[i]:
            self.keep[i] = False
            self.why[i] = rule


_OPEN_BRACKETS = re.compile(r"[（(【\[]?\s*$")


def _split_run_on(line: str) -> list[str]:
    """Cut a long line's boilerplate tail into separate segments; the body part stays whole."""
    if len(line) < 120:
        return [line]
    # A marker's opening bracket goes with it: "…支付旅费。（来源：参考消息）", not a "（" left dangling.
    cuts = [
        m.start() - len(_OPEN_BRACKETS.search(line, m.start() - 40, m.start()).group(0))
        for m in tail_markers(line, max(0, len(line) - 400))
        if m.start() >= 100
    ]
    if not cuts:
        return [line]
    parts = []
    prev = 0
    for cut in cuts:
        if cut > prev:
            parts.append(line[prev:cut])
            prev = cut
    parts.append(line[prev:])
    return [p for p in (s.strip() for s in parts) if p]


def _cut_glued(line: str) -> tuple[str, list[tuple[str, str]]]:
    """A line without the pieces glued onto its last sentence that a rule names ("…的处罚。审核：孙婷"),
    and those pieces with their rules; the line as it is where no such piece follows a sentence's end."""
    if len(line) > TAIL_WINDOW or not END_PUNCT.search(line):  # no sentence for a piece to be glued onto
        return line, []
    pieces = tail_segments(line)
    cut: list[tuple[str, str]] = []
    while len(pieces) > 1 and (rule := glued_rule(pieces[-1])) is not None:
        cut.append((rule, pieces.pop().strip()))
    if not cut or not ENDS_SENTENCE.search(pieces[-1]):
        return line, []
    return "".join(pieces).rstrip(), cut[::-1]


def _split_glued_tail(line: str) -> list[str]:
    """A line that a rule removes for a piece glued onto its last sentence (the rule matches
    anywhere in the line) keeps the sentence: the pieces become segments of their own, which the
    rule then takes."""
    if anywhere_rule(line) not in GLUED_TAIL_RULES:
        return [line]
    head, cut = _cut_glued(line)
    return [head, *(piece for _, piece in cut)] if cut else [line]


SPLIT_MIN = 40  # characters: a line this long may hold a sentence of the article beside a notice
_LEADING_MARKS = "；;，,、：: "


def _named(piece: str) -> bool:
    return anywhere_rule(piece.strip()) is not None


def _split_named_edges(line: str) -> list[str]:
    """A line that a rule would remove wherever it stands but that holds sentences no rule names keeps them: the
    pieces a rule names on their own at its start or end ("（原标题：…）", "本文转自【…】", a comment
    or a source note after the last sentence) become segments of their own, which the rules then
    take, and the sentences between them one more, which the passes judge as any other line."""
    if len(line) < SPLIT_MIN or not _named(line):
        return [line]
    pieces = tail_segments(line)
    if len(pieces) < 2:
        return [line]
    named = [_named(p) for p in pieces]
    lo, hi = 0, len(pieces)
    while lo < hi and named[lo]:
        lo += 1
    while hi > lo and named[hi - 1]:
        hi -= 1
    if lo == hi or (lo == 0 and hi == len(pieces)):  # all furniture, or no piece is furniture alone
        return [line]
    middle = "".join(pieces[lo:hi]).strip().lstrip(_LEADING_MARKS)
    if len(middle) < 20 or not ENDS_SENTENCE.search(middle) or _named(middle):
        return [line]
    return [*(p.strip() for p in pieces[:lo]), middle, *(p.strip() for p in pieces[hi:])]


def _segment(text: str) -> _Page:
    """Non-empty lines, with a crawler's header, inline ads and run-on tails cut off first."""
    removed: list[tuple[str, str]] = []
    lines: list[str] = []
    continues: list[bool] = []
    for ln in (ln.strip() for ln in text.split("\n")):
        if not ln:
            continue
        m = HEAD_CRAWLER.match(ln) if not lines and "正文" in ln else None
        if m:
            removed.append(("crawler_header", m.group(0)))
            ln = ln[m.end() :]
        m = INLINE_ORIGINAL_TITLE.match(ln)
        if m and len(ln) > 120:
            removed.append(("original_title", m.group(0)))
            ln = ln[m.end() :]
        m = HEAD_REPOST.match(ln)
        if m and len(ln) > 60:
            removed.append(("repost_source", m.group(0)))
            ln = ln[m.end() :]
        if "×" in ln:  # every inline ad ends with its close button; most lines have none
            for ad in INLINE_AD.findall(ln):
                removed.append(("inline_ad", ad))
            ln = INLINE_AD.sub("", ln)
        segments = _split_run_on(ln)
        last = segments.pop()
        if anywhere_rule(last) is None:  # most lines: no rule names anything in them
            segments = [piece for segment in segments for piece in _split_named_edges(segment)] + [last]
        else:
            tail = _split_glued_tail(last)
            segments += _split_named_edges(last) if len(tail) == 1 else tail
        lines.extend(segments)
        continues.extend([False] + [True] * (len(segments) - 1))
    return _Page(lines, continues, removed)


def _anywhere(page: _Page) -> None:
    for i, ln in enumerate(page.lines):
        rule = anywhere_rule(ln) or button_row_rule(ln)
        if rule:
            page.drop(i, rule)


KEYWORD_BLOCK_CHARS = 200
KEYWORD_BLOCK_WORDS = 20
_CLAUSE_MARKS = "，。、；：！？,;!?"


def _keyword_blocks(page: _Page) -> None:
    """A long line of words between spaces with no clause mark at all: a block of SEO keywords (a
    page hid 174,000 characters of them), which would otherwise outweigh any article. Prose has a
    clause mark every few dozen characters, whatever its spacing."""
    for i, ln in enumerate(page.lines):
        if (
            len(ln) >= KEYWORD_BLOCK_CHARS
            and ln.count(" ") + ln.count("　") >= KEYWORD_BLOCK_WORDS
            and not any(mark in ln for mark in _CLAUSE_MARKS)
            and count_chars(HAN_RUN, ln) * 3 >= len(ln)
        ):
            page.drop(i, "keyword_block")


def _ad_cards(page: _Page) -> None:
    """An ad card flattened to lines: "广告" and its teaser, or "广告<teaser>", then its close button."""
    lines = page.lines
    for i, ln in enumerate(lines):
        if ln in ("×", "✕", "╳"):
            page.drop(i, "inline_ad")
            if i >= 1 and lines[i - 1].startswith("广告") and len(lines[i - 1]) <= 60:
                page.drop(i - 1, "inline_ad")
            elif i >= 2 and lines[i - 2] == "广告" and len(lines[i - 1]) <= 60:
                page.drop(i - 1, "inline_ad")
                page.drop(i - 2, "inline_ad")


def _feed_cards(page: _Page) -> None:
    """Feed cards (headline and cut-off teaser above a timestamp), if the page has two or more."""
    lines = page.lines
    cards = []
    for i in range(1, len(lines)):
        teaser = lines[i - 1]
        if FEED_STAMP.match(lines[i]) and len(teaser) >= 40 and not ENDS_CLAUSE.search(teaser):
            headline = i >= 2 and len(lines[i - 2]) <= 60 and "。" not in lines[i - 2]
            cards.append([i - 2, i - 1] if headline else [i - 1])
    if len(cards) >= 2:
        for j in (j for card in cards for j in card):
            page.drop(j, "feed_card")
    _feed_rhythm(page)


FEED_MIN_CARDS = 3  # timestamps at one interval: what a feed's cards print, however their teasers end


def _feed_rhythm(page: _Page) -> None:
    """Cards whose teasers end their sentences ("为你推荐": headline, teaser。, timestamp): three or
    more timestamps in a row at one interval of 2-4 lines are a feed, and every line of its cards
    goes. An article's paragraphs are not stamped at a fixed interval."""
    stamps = [i for i, ln in enumerate(page.lines) if FEED_STAMP.match(ln)]
    start = 0
    for k in range(1, len(stamps) + 1):
        gap = stamps[start + 1] - stamps[start] if start + 1 < len(stamps) else 0
        if k < len(stamps) and 2 <= gap <= 4 and stamps[k] - stamps[k - 1] == gap:
            continue
        if k - start >= FEED_MIN_CARDS:
            for j in range(stamps[start] - gap + 1, stamps[k - 1] + 1):
                page.drop(j, "feed_card")
        start = k


LEAD_MIN = 30  # characters: a headline is shorter, and may open the first sentence word for word
LEAD_SKIP = 3  # short lines (a share count, a date) a teaser may stand above the article by


def _repeated_lead(page: _Page) -> None:
    """A teaser that prints the article's opening again above it, cut off ("意外总是猝不及防, 月日，虽
    无明显利空，…个机构专用席位现" over the paragraphs that say it in full): a line whose text, spaces
    aside, is how the lines below it begin, and not one whole line again (a paragraph printed twice,
    which a reference keeps). Only the copy above goes; the article keeps its own."""
    lines, keep = page.lines, page.keep
    for i in range(len(lines) - 1):
        if len(lines[i]) < LEAD_MIN or not keep[i]:
            continue
        j = i + 1
        while (
            j < len(lines)
            and j <= i + LEAD_SKIP
            and len(lines[j]) < 20
            and lines[j][:2] != lines[i][:2]
            and not ENDS_SENTENCE.search(lines[j])
        ):
            j += 1
        # most lines are followed by other text: their first characters differ
        if j >= len(lines) or lines[j][:2] != lines[i][:2] or lines[j] == lines[i]:
            continue
        key, below = "".join(lines[i].split()), ""
        while j < len(lines) and len(below) < len(key) and key.startswith(below):
            below += "".join(lines[j].split())
            j += 1
        if len(below) >= len(key) and below.startswith(key):
            page.drop(i, "repeated_lead")


def _find_body(page: _Page) -> None:
    """The article's paragraphs; a segment cut off at a boilerplate marker is never body, whatever its length."""
    page.body = [i for i, ln in enumerate(page.lines) if page.keep[i] and not page.continues[i] and is_body(ln)]
    page.first_body = page.body[0] if page.body else len(page.lines)
    page.last_body = page.body[-1] if page.body else -1


def _footer_cut(page: _Page) -> None:
    """A strong footer marker in the second half of the content, and everything after it."""
    lines, keep = page.lines, page.keep
    total = sum(len(ln) for i, ln in enumerate(lines) if keep[i])
    seen = 0
    for i, ln in enumerate(lines):
        if seen * 2 >= total and FOOTER_MARKERS.search(ln) and (len(ln) <= 200 or i > page.last_body - 3):
            for j in range(i, len(lines)):
                page.drop(j, page.why[j] or "footer_block")
            page.last_body = max((b for b in page.body if b < i), default=-1)
            break
        if keep[i]:
            seen += len(ln)


def _edge_zones(page: _Page, lo: int, first_body: int, last_body: int, hi: int, spare_sentences: bool = False) -> None:
    """Edge rules in the header (lo..first_body) and the footer (last_body..hi), walking inward;
    then a reprint notice that ends the body. ``spare_sentences``: a short line ending in 。！？
    stays (inside an article block it is the body's first sentence, not a dateline)."""
    lines, keep = page.lines, page.keep
    for i in range(lo, first_body):
        if keep[i] and not (spare_sentences and ENDS_SENTENCE.search(lines[i])):
            rule = edge_rule(lines[i])
            if rule:
                page.drop(i, rule)
    for i in range(hi, max(last_body, first_body - 1), -1):
        if keep[i] and not (spare_sentences and ENDS_SENTENCE.search(lines[i])):
            rule = edge_rule(lines[i]) or anywhere_rule(lines[i])
            if rule:
                page.drop(i, rule)
    for i in range(last_body, first_body - 1, -1):
        if not keep[i]:
            continue
        if match([REPRINT_NOTICE], lines[i]) is None:
            break
        page.drop(i, REPRINT_NOTICE[0])


def _document_edges(page: _Page) -> None:
    _edge_zones(page, 0, page.first_body, page.last_body, len(page.lines) - 1)


def _run_on_tails(page: _Page) -> None:
    """Boilerplate cut from a run-on line goes on to that line's end."""
    for i in range(max(page.last_body, 0) + 1, len(page.lines)):
        if page.keep[i] and page.continues[i] and not page.keep[i - 1]:
            page.drop(i, "footer_block")


def _announced_list_items(lines: list[str], keep: list[bool]) -> set[int]:
    """Short lines after a line that ``announces_list``, up to the next longer or punctuated
    line: a list the article announces, not a menu."""
    items: set[int] = set()
    announcing = False
    for i, line in enumerate(lines):
        if not keep[i]:
            announcing = False
        elif announcing and len(line) <= 40 and not END_PUNCT.search(line):
            items.add(i)
        else:
            announcing = announces_list(line)
    return items


def _short_runs(page: _Page, announced: set[int], limit: int, lo: int, hi: int, min_run: int) -> list[range]:
    """Runs of ``min_run`` or more kept lines of at most ``limit`` characters with no sentence end."""
    lines, keep = page.lines, page.keep
    out = []
    start = None
    for i in range(lo, hi + 1):
        short = i < hi and keep[i] and i not in announced and len(lines[i]) <= limit and not END_PUNCT.search(lines[i])
        if short and start is None:
            start = i
        elif not short and start is not None:
            if i - start >= min_run:
                out.append(range(start, i))
            start = None
    return out


def _prose(line: str) -> bool:
    return is_body(line) or (len(line) >= 10 and bool(ENDS_SENTENCE.search(line)))


def _menus_and_link_lists(page: _Page) -> None:
    """Navigation menus and link lists: short lines without sentence punctuation.

    - menus: 3 or more items of at most 8 characters in a row, wherever they stand;
    - scattered menu words: at most 6 characters, with no body paragraph as either neighbour;
    - lone menu words of at most 4 characters above or below the article;
    - link lists: 3 or more items of up to 40 characters (related-article titles), only after the
      last body paragraph, because a headline block above the body looks the same.
    """
    lines, keep = page.lines, page.keep
    announced = _announced_list_items(lines, keep)
    # A numbered short line is an article's list item; a ranking of links after the
    # article is numbered too, so the link-list check below still reads those.
    items = announced | {i for i, line in enumerate(lines) if LIST_NUMBER.search(line)}
    for run in _short_runs(page, items, 8, 0, len(lines), 3):
        for i in run:
            page.drop(i, "nav_menu")
    # Menu words scattered between other non-article lines: a line of at most 6 characters whose
    # nearest kept neighbours are not body paragraphs either. A subheading ("开栏的话") beside a
    # short sentence, a clause cut off by a line break ("然而，") are the article's.
    kept_idx = [i for i in range(len(lines)) if keep[i]]
    for pos, i in enumerate(kept_idx):
        short = len(lines[i]) <= 6 and not END_PUNCT.search(lines[i]) and not lines[i].endswith(("，", ",", "、"))
        if short and i not in items:
            prev_body = pos > 0 and _prose(lines[kept_idx[pos - 1]])
            next_body = pos + 1 < len(kept_idx) and _prose(lines[kept_idx[pos + 1]])
            if not prev_body and not next_body:
                page.drop(i, "nav_menu")
    # Single menu words ("首页", "新闻") around the article, where no headline is that short.
    for i in list(range(0, page.first_body)) + list(range(page.last_body + 1, len(lines))):
        if keep[i] and len(lines[i]) <= 4 and not END_PUNCT.search(lines[i]) and i not in items:
            page.drop(i, "nav_menu")
    for run in _short_runs(page, announced, 40, page.last_body + 1, len(lines), 3):
        for i in run:
            page.drop(i, "link_list")


def _article_block(page: _Page) -> None:
    """On a page flattened to text, everything outside the article block; the block has edges of
    its own, and ends at its reprint notice."""
    lines, keep = page.lines, page.keep
    # A sentence inside an element the page marks as furniture (a sidebar's blurb, a magazine's
    # notice above the headline) counts as removed here, so that it neither starts the article
    # block nor carries it on past the article's end; its own removal still comes last.
    span_keep = [k and not (page.dom_rule and page.dom_rule[i] == "html_container") for i, k in enumerate(keep)]
    span = article_span(lines, span_keep, metadata=edge_rule, why=page.why, headlines=page.dom_headlines)
    if not span:
        return
    for i in [*range(span.first), *range(span.last + 1, len(lines)), *span.between_sections]:
        page.drop(
            i, "html_container" if page.dom_rule and page.dom_rule[i] == "html_container" else "outside_main_block"
        )
    # The article's paragraphs: not the headline above them, which may read like one.
    inside = [b for b in page.body if span.text_first <= b <= span.last and keep[b]]
    if not inside:
        return
    # On a page the article's reprint notice is where it ends: the site's slogans and blurbs below
    # it read like sentences too. So is the heading of its back matter (references, notes, links),
    # whatever rule took the heading itself for a menu word, its end mark ("- THE END -", "（完）"),
    # and its editor's credit ("（责任编辑：张珺）") once most of its text stands above the credit:
    # the teasers of a 推荐阅读 box below it weigh as much as paragraphs.
    body_chars = [0]
    for b in inside:
        body_chars.append(body_chars[-1] + len(lines[b]))

    def past_middle(i: int) -> bool:
        above = body_chars[sum(1 for b in inside if b < i)]
        return 2 * above >= body_chars[-1]

    end, rule = next(
        (
            (i, rule)
            for i in range(inside[0] + 1, span.last + 1)
            for rule in [
                match([REPRINT_NOTICE], lines[i]) if keep[i] else None,
                match([BACK_MATTER], lines[i]),
                "end_marker" if page.why[i] == "end_marker" else None,
                "editor" if page.why[i] == "editor" and past_middle(i) else None,
            ]
            if rule
        ),
        (None, None),
    )
    if end is not None:
        for i in range(end, span.last + 1):
            page.drop(i, rule if i == end or rule == BACK_MATTER[0] else "footer_block")
        inside = [b for b in inside if b < end]  # inside[0] < end: never empty
    # A byline under its headline, tags and related links under its last paragraph.
    _edge_zones(page, span.first, inside[0], inside[-1], span.last, spare_sentences=True)


def _bare_label_values(page: _Page) -> None:
    """The value on the line after a bare label ("来源：" / "中国青年报") goes under the label's own rule."""
    lines, keep, continues = page.lines, page.keep, page.continues
    for i in range(len(lines) - 1):
        standalone = not continues[i] and not continues[i + 1]  # not the tail of a run-on line
        if (
            standalone
            and not keep[i]
            and BARE_LABEL.match(lines[i])
            and keep[i + 1]
            and len(lines[i + 1]) <= 20
            and not SENTENCE_PUNCT.search(lines[i + 1])
        ):
            page.drop(i + 1, page.why[i])


TAIL_WINDOW = 400  # characters at a line's end where a glued tail is looked for
# Rules that remove a line anywhere and also a piece glued to the last sentence: what they match is
# furniture wherever it stands. Not the dateline, menu and separator rules: a letter's closing date
# or a row of dashes can end an article's own last paragraph; nor the QR-code rule, whose words an
# article's own last sentence uses (CRUD_RAG: "…均支持扫码", "请扫描下列二维码登记。").
GLUED_TAIL_RULES = {
    "editor",
    "original_title",
    "icp",
    "sohu_footer",
    "share",
    "comment_widget",
    "page_widget",
    "prev_next",
    "related_list",
    "app_promo",
    "ad_widget",
    "end_marker",
    "copyright",
    "platform_notice",
    "disclaimer",
    "click_through",
}
# Rules of a page's edges that a glued last piece meets too, since it ends the document: a
# copyright or reprint notice longer than the anywhere rule allows ("声明：此文系…独家原创稿件…版权所有，
# 如需转载…请与…联系。"). Not the bylines: a reporter's sign-off is the article's own.
EDGE_TAIL_RULES = {"copyright", "reprint_notice", "disclaimer"}
# ... where the piece opens as a notice does: the edge rule's words alone (版权, 转载) are also an
# article's ("…文化和出版版权股股长介绍，…").
NOTICE_LEAD = re.compile(
    r"\s*[(（【\[]?\s*(特别声明|声明|聲明|版权|版權|免责|免責|转载|轉載|本文|此文|本站|本网|凡本|未经|未經|以上)"
)


def glued_rule(piece: str) -> str | None:
    """The rule that removes this piece glued onto a sentence, if any."""
    piece = piece.strip()
    rule = anywhere_rule(piece)
    if rule in GLUED_TAIL_RULES:
        return rule
    if NOTICE_LEAD.match(piece) and edge_rule(piece) in EDGE_TAIL_RULES:
        return edge_rule(piece)  # a glued piece ends its line, as at a page's edge
    return tail_piece_rule(piece)


def _own_sentence_first(lines: list[str], i: int, body: tuple[int, int]) -> bool:
    return is_own_sentence(tail_segments(lines[i])[0] if END_PUNCT.search(lines[i]) else lines[i], lines, i, body)


def _learnt(page: _Page) -> None:
    """Header and footer lines the rules kept that the model scores as boilerplate, then a run-on
    last line's trailing pieces, from its end back to the first one the model keeps. Between the
    article's first and last paragraph the model does not decide: a short line there is mostly the
    article's own (a subheading, a list item, a caption)."""
    model = load_model()
    if not any(page.keep):
        return
    lines = page.lines
    body = body_span(lines)
    drops = []
    for i in [*range(body[0]), *range(body[1] + 1, len(lines))] if model is not None else []:
        # A sentence of the article's own after its last paragraph stays, and what is glued onto it is
        # left to the end pieces' pass below ("该负责人表示。(褚潇、李紫萱)", "…驱散。返回搜狐，查看更多").
        if page.keep[i] and len(lines[i]) <= MAX_SCORED and not (i > body[1] and _own_sentence_first(lines, i, body)):
            # A short last paragraph with a credit glued on stands outside the body: the model
            # judges it without the pieces a rule names, which go under their rules.
            head, cut = _cut_glued(lines[i])
            if cut and model.score(*line_features([*lines[:i], head, *lines[i + 1 :]], i, body))[0] < model.threshold:
                lines[i] = head
                page.removed.extend(cut)
                continue
            p, why = model.score(*line_features(lines, i, body))
            if p >= model.threshold:
                drops.append((i, "model:" + why))
    # Furniture stands around an article: a document the model would empty has none to stand around
    # (a one-line brief, a lone line), and the rules alone decide there.
    if len(drops) < sum(page.keep):
        for i, rule in drops:
            page.drop(i, rule)
    last = max((i for i in range(len(lines)) if page.keep[i]), default=None)
    if last is None:
        return
    scorer = model if len(lines[last]) >= 40 else None  # a short last line: the rules alone
    # Only the line's end can be a glued tail: its first piece (and all before it) stays. A piece
    # that a rule removes wherever it stands as a line goes under that rule; else the model decides.
    head, end = lines[last][:-TAIL_WINDOW], lines[last][-TAIL_WINDOW:]
    pieces = tail_segments(end)
    while len(pieces) > 1 and len(pieces[-1]) <= MAX_SCORED:
        rule = glued_rule(pieces[-1])
        if rule is not None:
            page.removed.append((rule, pieces.pop()))
            continue
        if scorer is None or not may_be_tail(pieces[-1]) or is_sign_off(pieces[-1]):
            break
        trial = [*lines[:last], pieces[-1], *lines[last + 1 :]]
        p, why = scorer.score(*line_features(trial, last, body, segment=True))
        if p < scorer.segment_threshold:
            break
        page.removed.append(("model:" + why, pieces.pop()))
    lines[last] = head + "".join(pieces)


def _repeated_title(page: _Page) -> None:
    """A line repeated verbatim right after itself at the top (a title printed twice)."""
    for i in range(1, page.first_body):
        if page.keep[i] and page.keep[i - 1] and page.lines[i] == page.lines[i - 1]:
            page.drop(i, "repeated_title")


PASSES = [
    _anywhere,
    _keyword_blocks,
    _ad_cards,
    _feed_cards,
    _repeated_lead,
    _find_body,
    _footer_cut,
    _document_edges,
    _run_on_tails,
    _menus_and_link_lists,
    _article_block,
    _bare_label_values,
    _repeated_title,
    _learnt,
]


# Furniture that goes before the rules read the page: whole posts, or what the reader never sees,
# not furniture whose lines anchor a rule.
_EARLY_FURNITURE = ("html_later_post", "html_hidden")


def _early_furniture(page: _Page, furniture: dict[str, str]) -> None:
    """A thread's posts other than the page's own, and the elements the page hides. Left in, the
    article block would be the first post even on the page of a reply its URL names, or a hidden
    profile card's blurb above the article (a WeChat page's 功能介绍)."""
    for i, line in enumerate(page.lines):
        rule = furniture.get("".join(line.split()))
        if rule in _EARLY_FURNITURE:
            page.drop(i, rule)


def _page_furniture(page: _Page, furniture: dict[str, str]) -> None:
    """Lines a whole HTML page's DOM marks as furniture (tasks/text/html_page.py) that the rules
    kept. Applied last, so that the rules read the page whole: their anchors (a 相关阅读 heading, a
    footer's first line) often stand inside the furniture the DOM knows."""
    for i, line in enumerate(page.lines):
        rule = furniture.get("".join(line.split()))
        if rule and page.keep[i]:
            page.drop(i, rule)


def strip_boilerplate(
    text: str, furniture: dict[str, str] | None = None, headlines: set[str] | None = None
) -> Stripped:
    """``furniture``: whitespace-free lines a page's DOM marks as furniture, with their rule;
    ``headlines``: whitespace-free lines its DOM prints as the headline (its <h1>)."""
    page = _segment(text)
    if headlines:
        page.dom_headlines = {i for i, line in enumerate(page.lines) if "".join(line.split()) in headlines}
    if furniture:
        page.dom_rule = [furniture.get("".join(line.split())) for line in page.lines]
        _early_furniture(page, furniture)
    for step in PASSES:
        step(page)
    if furniture:
        _page_furniture(page, furniture)
    out = Stripped(text="", removed_lines=list(page.removed))
    kept: list[str] = []
    for i, ln in enumerate(page.lines):
        if not page.keep[i]:
            out.removed_lines.append((page.why[i] or "unknown", ln))
        elif kept and page.continues[i] and page.keep[i - 1]:
            kept[-1] += ln
        else:
            kept.append(ln)
    out.text = "\n".join(kept)
    out.rules = list(dict.fromkeys("boilerplate." + rule for rule, _ in out.removed_lines))
    return out
