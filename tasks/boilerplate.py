"""Boilerplate removal for scraped Chinese news: rules with ids, aware of where a line stands.

Four kinds of rule, from narrowest to widest licence:
- ``ANYWHERE``: short lines that are never article text (QR-code prompts, share/comment widgets, ICP
  numbers, 责任编辑 labels). Only lines up to ``SHORT`` characters are eligible, so a body sentence
  that merely mentions 二维码 or 版权 stays.
- ``EDGE``: lines that are boilerplate only in the header (before the first body paragraph) or the
  footer (after the last one): bylines, dates, sources, breadcrumbs, site names, copyright notices.
- the footer cut: from a strong footer marker (版权声明, 留言与评论, 相关阅读, 上一篇 …) in the second
  half of a document to its end, which takes the "about this site" blurbs and legal text after it.
- the article block: on a full web page flattened to text, lines outside the run of sentences
  that forms the article (``tasks.main_block``); the block then gets edge rules of its own (a
  byline under its headline, tags and dated related links under its last paragraph), and ends
  at its reprint notice.
Run-on documents whose newlines were lost upstream (CRUD_RAG) get their tail split at boilerplate
markers first, so the same rules apply to ``…正文结束。返回搜狐，查看更多责任编辑：``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.main_block import announces_list, article_span

SHORT = 40

_SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,]")
_END_PUNCT = re.compile(r"[。！？!?；;]")


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# (rule id, pattern, longest line it may remove)
ANYWHERE: list[tuple[str, re.Pattern, int]] = [
    ("qr_code", _rx(r"扫一扫|掃一掃|扫码|掃碼|二维码|二維碼|手机(上)?打开|手機(上)?打開|长按(识别|關注|关注)|扫描.{0,8}(关注|下载|阅读|访问)"), SHORT),
    ("editor", _rx(r"^[(（【\[]?\s*(责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|监制|監製|主编|主編|值班编辑|复审|审签)\s*[:：|丨｜/]"), 60),
    ("editor", _rx(r"^[(（【\[]?\s*(责任编辑|責任編輯|责编|責編)\s*[:：]?\s*[\u4e00-\u9fff_A-Za-z0-9 ]{0,20}[)）】\]]?$"), SHORT),
    ("editor", _rx(r"^(编辑|編輯|责编|責編|校对|校對)\s+\S{2,4}(\s*(校对|校對|审核|審核|责编|責編)\s*\S{2,4})*$"), 30),
    ("original_title", _rx(r"^[(（【\[]?(新闻)?(原标题|原標題)[】\]]?[:：]|[(（【](原标题|原標題)[)）】]$"), 120),
    ("icp", _rx(r"ICP\s*(备|備|证|證|[:：]?\s*\d)|公网安备|公網安備|网安备|增值电信业务经营许可证"), 160),
    ("sohu_footer", _rx(r"^返回搜狐[，,]?\s*查看更多|^[(（][^)）]{0,100}[)）]\s*返回搜狐[，,]?\s*查看更多$"), 120),
    ("share", _rx(r"^(分享到|分享至|分享[:：]|一键分享)|分享让更多人看到|^(微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博)(\s+|$)"), 30),
    ("share", _rx(r"^((新浪)?微博|微信|QQ空间|QQ|易信|朋友圈|豆瓣|人人网|腾讯微博|分享|[\s|｜/、,，])+$"), 30),
    ("comment_widget", _rx(r"^[>»\s]*(查看|点击|加载)更多|^(?=.*(回复|举报|踩|赞|收藏))((查看)?回复|举报|踩|赞|收藏|[\d\s])+$"), 20),
    ("dateline", _rx(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?$"), 20),
    ("comment_widget", _rx(r"留言与评论|发表评论|發表評論|网友评论|網友評論|我要评论|验证码|驗證碼|条评论|條評論|^评论\s*[(（]?\d*[)）]?$|登录后(参与)?评论|^(点赞|收藏|举报|投诉)(\s|$)|^(最热|最新|热门|精彩)(评论|評論)\s*(刷新|更多)|^我要(反馈|反饋|纠错|糾錯)$|^\d+\s*人参与\s*(\d+\s*(条)?评论)?$|^(推荐|点赞|顶|踩)\s*\d+$|^进入【[^】]{2,12}】讨论$"), 60),
    # A page's player and viewer widgets: "语音播报文章，释放双眼", "查看原图 264K", "请刷新本页面".
    ("page_widget", _rx(r"语音播报|^查看原图\s*(\d+\s*[KkMm]B?)?$|请刷新(本)?页面|請刷新(本)?頁面|加载中[，,]\s*请稍候"), 20),
    ("nav_menu", _rx(r"^(服务条款|服務條款|使用条款|使用條款|隐私政策|隱私政策|私隐政策|私隱政策)(\s*[/|｜、]\s*(服务条款|服務條款|使用条款|使用條款|隐私政策|隱私政策|私隐政策|私隱政策))*$"), 20),
    # A page template the site never filled in ("@@status_text@@@@teacher_name@@：@@title@@").
    ("unrendered_template", _rx(r"@@\w+@@"), 120),
    ("prev_next", _rx(r"^[【\[]?(上一篇|下一篇|上一页|下一页|上一條|下一條|返回顶部|返回首页|打印本页|关闭窗口|打印|关闭|字号)[】\]]?"), 60),
    ("prev_next", _rx(r"上一页.{0,12}下一页|上一頁.{0,12}下一頁"), SHORT),
    # A site menu flattened onto one line: five or more words between bars ("首页|新闻|图片|评论|…").
    # (An item starts and ends with a non-space, so there is one way to split a line: no backtracking.)
    ("nav_menu", _rx(r"^_ITEM(\s*[|｜]\s*_ITEM){4,}$".replace("_ITEM", r"[^|｜\s\d。，！？,.]([^|｜\d。，！？,.]{0,10}[^|｜\s\d。，！？,.])?")), 400),
    ("related_list", _rx(r"^[【\[]?(相关(新闻|阅读|文章|报道|链接|推荐|专题)|相關(新聞|閱讀|文章)|推荐阅读|延伸阅读|热门(推荐|文章|新闻)|猜你喜欢|更多(精彩|新闻|推荐|内容|资讯)|往期(回顾|推荐)|热点推荐)"), SHORT),
    ("app_promo", _rx(r"(下载|打开|下載|打開).{0,8}(客户端|APP|App)|客户端下载|客戶端下載|关注.{0,10}(公众号|微信号|视频号)"), SHORT),
    ("app_promo", _rx(r"^更多.{0,40}请关注\s*(www\.|https?://)\S+$"), 80),
    # A related-article link with its date glued on ("…秦昊独家回应2024-05-08"): a sentence
    # stating a date has a label or a space before it ("成立日期：2019-05-15").
    ("related_list", _rx(r"^[^。]{8,50}[\u4e00-\u9fff？！!?”》)）]20\d{2}-[01]\d-[0-3]\d(\s+[0-2]\d:[0-5]\d)?$"), 70),
    ("nav_menu", _rx(r"^(热门搜索|熱門搜索|热搜词|搜索热词|热门标签|熱門標籤)\s*[:：]"), 120),
    ("separator", _rx(r"^[\s|｜·•\-—_/>＞]{0,4}$"), 4),
    ("ad_widget", _rx(r"广告.{0,12}(意见|建议|不感兴趣|与我无关|不安|为什么|关闭)|(为什么|我不断|这个).{0,8}广告|^不感兴趣|^(以上|以下)广告|^广告$"), 25),
    ("end_marker", _rx(r"^[(（]\s*完\s*[)）]$"), 5),
    ("copyright", _rx(r"版权所有|版權所有|copyright|©|\(c\)\s*\d{4}|all rights reserved|^版权声明|^版權聲明|^免责声明|^免責聲明"), SHORT),
    ("copyright", _rx(r"^notice: the content above"), 400),
    # A labelled notice is one however it reads: "版权声明：本文为博主原创文章，…转载请附上原文出处链接和本声明。"
    ("copyright", _rx(r"^[(（【\[]?\s*(版权声明|版權聲明|免责声明|免責聲明)\s*[:：]"), 400),
    # A platform's hosting notice: never article text, wherever it stands.
    ("platform_notice", _rx(r"仅提供信息存储(空间)?服务|僅提供信息存儲(空間)?服務"), 200),
]

EDGE: list[tuple[str, re.Pattern, int]] = [
    # Lone numbers are view/comment counters at the edges, but table cells inside an article.
    ("counter", _rx(r"^\d{1,6}$"), 6),
    ("breadcrumb", _rx(r"^(当前位置|您的位置|你的位置|當前位置|位置)\s*[:：]|^首页\s*[>＞»›]|\S\s*[>＞»›]\s*\S.*[>＞»›]"), 80),
    ("byline", _rx(r"(发布时间|發佈時間|发表时间|發表時間|发稿时间|更新时间|時間|时间)\s*[:：]|^[(（【\[]?(本文)?(来源|來源|作者|记者|記者|通讯员|撰文|摄影|攝影|图|文)\s*[:：|丨｜/]|^(来源|來源)\s+\S{2,20}$"), 80),
    ("byline", _rx(r"^(记者|記者|本报记者|本報記者|通讯员|作者)\s*\S{2,4}(\s+\S{1,4}){0,4}$|^文\s*/\s*\S+"), 30),
    # The print edition a story ran in: "《 人民日报 》（ 2023年08月03日 03 版）".
    ("byline", _rx(r"^《\s*[^》]{2,12}\s*》\s*[（(]\s*\d{4}\s*年[^）)]{0,16}版\s*[)）]$"), 40),
    ("dateline", _rx(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s*\d{1,2}:\d{2}(:\d{2})?)?"), 60),
    ("copyright", _rx(r"版权|版權|广告声明|特别声明|^声明[:：]|copyright|©|保留所有权利|all rights reserved|免责|免責|转载|轉載|未经.{0,10}(许可|授权|同意)|仅代表作者|僅代表作者|不代表本(站|网)"), 400),
    ("contact", _rx(r"(电话|電話|热线|熱線|传真|傳真|邮箱|郵箱|e-?mail|邮编|郵編|地址|联系我们|聯繫我們|QQ)\s*[:：]|[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{2,3}-?\d{7,8}\b|\b1[3-9]\d{9}\b"), 120),
    ("site_header", _rx(r"^[\u4e00-\u9fffA-Za-z0-9·]{2,16}\s*[-_|—–·]\s*[\u4e00-\u9fffA-Za-z0-9·]{2,20}(网|網|站|报|報|台|频道|頻道|新闻|新聞|资讯|資訊)$"), 40),
    ("site_header", _rx(r"^(山西大院|大院网|.{2,10}(新闻网|资讯网|新聞網|網站|网站))$"), 20),
    ("url_line", _rx(r"^(本文(地址|链接|網址|网址)|原文(链接|地址)|来源网址)\s*[:：]|^https?://\S+$"), 200),
    ("about_site", _rx(r"^关于(本站|我们|我們|.{2,12}(网|網|站))$"), 20),
    ("tags", _rx(r"^(标签|標籤|关键词|關鍵詞|关键字|關鍵字|tags?)\s*[:：]"), 60),
]

# A reprint notice that ends the text ("*文汇独家稿件，转载请注明出处。"): long enough to pass for the
# last body paragraph, so it is looked for there too, not only in the footer zone. The notice is the
# whole line: a sentence before it is the article's.
REPRINT_NOTICE = ("reprint_notice", _rx(r"^[^。！？!?]{0,40}(转载[，,]?\s*(时|时务|务)?请注明(出处|来源)?|轉載時?務?請註明(出處|來源)|请勿转载|請勿轉載|未经.{0,6}(授权|许可).{0,4}不得转载)[。.！!]?$"), 120)
EDGE.append(REPRINT_NOTICE)

FOOTER_MARKERS = _rx(
    r"^.{0,12}(版权|版權)(及|和|与|與)?(免责|免責)?(声明|聲明)|^[【\[(（]?(版权声明|版權聲明|免责声明|免責聲明|版权所有|版權所有|copyright|©|留言与评论|发表评论|网友评论|相关(新闻|阅读|文章|报道|链接)|推荐阅读|延伸阅读|猜你喜欢|往期(回顾|推荐)|热门推荐|上一篇|下一篇|关于(本站|我们|.{2,12}(网|網|站))$|分享到|网友评论仅供)"
)

# Markers that start boilerplate inside a run-on line; used to split its tail (and head) into segments.
_TAIL_MARKERS = re.compile(
    r"(返回搜狐[，,]?\s*查看更多|(?<![\u4e00-\u9fff])?责任编辑[:：]|【责任编辑|广告声明[:：]|免责声明[:：]|【原标题】|原标题[:：]|"
    r"编辑\s*[|丨｜:：]|编辑\s+\S{2,4}\s*校对|校对\s*[|丨｜:：]|来源\s*[|丨｜:：]|相关阅读[:：]|往期回顾|点击文字可直接跳转|"
    r"更多精彩内容请|本文来自微信公众号|特别声明[:：]|声明[:：]\s*(本文|转载|本网|本站)|[（(]注[:：]\s*此文|风险提示及免责条款|(?<![\u4e00-\u9fff])文/\S{2,12}记者|"
    r"分享让更多人看到|如遇作品内容|[\u4e00-\u9fff]{0,6}版权作品[，,]|【(此文系转载|原创版权)|投稿邮箱[:：]|责编[:：]|(?<=[）)。])作者[:：]|本文(属于|系|为)原创|\*\S{0,8}独家稿件|[（(]编辑\s*/|《\s*[^》]{2,12}\s*》\s*[（(]\s*\d{4}\s*年[^）)]{0,16}版\s*[)）](?=\s*($|返回搜狐|分享让更多人看到|责任编辑|\[?\s*责编)))"
)
# A crawler's metadata glued before the body: "[2023-08-14 12:29]，正文：", "来源：央视网 | 2023年07月20日
# 08:57:43，正文：", "记者：高倩，正文：", "2023-07-25 23:48:06来源: 极目新闻 北京 举报 ，正文：".
_HEAD_CRAWLER = re.compile(r"^[^，。！？\n]{0,60}?[，,]\s*正文[:：]\s*")
_HEAD_REPOST = re.compile(r"^(本文)?(转自|轉自|转载自|转载于)\s*[【\[]?[^】\]；;。\n]{1,20}[】\]]?\s*[；;。，,：:]\s*")
# Ads pasted into the body with a close button: "广告创业项目没思路？看这里！×".
_INLINE_AD = re.compile(r"广告[^。！？\n]{0,30}?[。！？]?[^。！？\n]{0,20}?×")
_INLINE_ORIGINAL_TITLE = re.compile(r"^(新闻)?原标题[:：]\s*")


@dataclass
class Stripped:
    text: str
    rules: list[str] = field(default_factory=list)
    removed_lines: list[tuple[str, str]] = field(default_factory=list)  # (rule id, line)


def _match(rules: list[tuple[str, re.Pattern, int]], line: str) -> str | None:
    for rule_id, pattern, max_len in rules:
        if len(line) <= max_len and pattern.search(line):
            return rule_id
    return None


def _is_body(line: str) -> bool:
    """A paragraph of the article: a headline has commas too, but rarely a full stop."""
    return (len(line) >= 30 and bool(_END_PUNCT.search(line))) or (len(line) >= 50 and bool(_SENTENCE_PUNCT.search(line))) or len(line) >= 80


_OPEN_BRACKETS = re.compile(r"[（(【\[]?\s*$")


def _split_run_on(line: str) -> list[str]:
    """Cut a long line's boilerplate tail into separate segments; the body part stays whole."""
    if len(line) < 120:
        return [line]
    window = max(0, len(line) - 400)
    # A marker's opening bracket goes with it: "…支付旅费。（来源：参考消息）", not a "（" left dangling.
    cuts = [m.start() - len(_OPEN_BRACKETS.search(line, m.start() - 40, m.start()).group(0)) for m in _TAIL_MARKERS.finditer(line, window) if m.start() >= 100]
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


_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』)）]*(\s*\[\d+\])*$")  # "…揭牌启动。 [3]"


def body_span(lines: list[str]) -> tuple[int, int]:
    """First and last line that reads as an article paragraph, (len(lines), -1) when none: what
    lies outside is the document's header and footer."""
    body = [i for i, line in enumerate(lines) if _is_body(line)]
    return (body[0], body[-1]) if body else (len(lines), -1)


def ends_sentence(line: str) -> bool:
    return bool(_ENDS_SENTENCE.search(line))


# A label on a line of its own, its value on the next ("来源：" / "中国青年报").
_BARE_LABEL = re.compile(r"^(来源|來源|作者|记者|記者|编辑|編輯|责任编辑|責任編輯|标签|標籤|关键词|關鍵詞|关键字|關鍵字)\s*[:：]$")


# A feed card: a headline, its teaser cut off mid-sentence, then a full timestamp. An article's
# paragraphs end their sentences, so two such cards on a page are a news feed, wherever they stand.
_FEED_STAMP = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(:\d{2})?$")
_ENDS_CLAUSE = re.compile(r"[。！？!?；;][”’」』)）]*$")


def _feed_cards(lines: list[str]) -> list[int]:
    """Lines of the feed cards on a page (headline and cut-off teaser), if it has two or more."""
    cards = []
    for i in range(1, len(lines)):
        teaser = lines[i - 1]
        if _FEED_STAMP.match(lines[i]) and len(teaser) >= 40 and not _ENDS_CLAUSE.search(teaser):
            headline = i >= 2 and len(lines[i - 2]) <= 60 and "。" not in lines[i - 2]
            cards.append([i - 2, i - 1] if headline else [i - 1])
    return [j for card in cards for j in card] if len(cards) >= 2 else []


def _announced_list_items(lines: list[str], keep: list[bool]) -> set[int]:
    """Short lines after a line that ``announces_list``, up to the next longer or punctuated
    line: a list the article announces, not a menu."""
    items: set[int] = set()
    announcing = False
    for i, line in enumerate(lines):
        if not keep[i]:
            announcing = False
        elif announcing and len(line) <= 40 and not _END_PUNCT.search(line):
            items.add(i)
        else:
            announcing = announces_list(line)
    return items


def _drop_runs(lines: list[str], keep: list[bool], drop, first_body: int, last_body: int) -> None:
    """Navigation menus and link lists: short lines without sentence punctuation.

    - menus: 3 or more items of at most 8 characters in a row, wherever they stand;
    - scattered menu words: at most 6 characters, with no body paragraph as either neighbour;
    - lone menu words of at most 4 characters above or below the article;
    - link lists: 3 or more items of up to 40 characters (related-article titles), only after the
      last body paragraph, because a headline block above the body looks the same.
    """

    announced = _announced_list_items(lines, keep)

    def runs(limit: int, lo: int, hi: int, min_run: int):
        start = None
        for i in range(lo, hi + 1):
            short = i < hi and keep[i] and i not in announced and len(lines[i]) <= limit and not _END_PUNCT.search(lines[i])
            if short and start is None:
                start = i
            elif not short and start is not None:
                if i - start >= min_run:
                    yield range(start, i)
                start = None

    for run in list(runs(8, 0, len(lines), 3)):
        for i in run:
            drop(i, "nav_menu")
    # Menu words scattered between other non-article lines: a line of at most 6 characters whose
    # nearest kept neighbours are not body paragraphs either.
    # A subheading ("开栏的话") beside a short sentence, a clause cut off by a line break
    # ("然而，") are the article's.
    def prose(line: str) -> bool:
        return _is_body(line) or (len(line) >= 10 and bool(_ENDS_SENTENCE.search(line)))

    kept_idx = [i for i in range(len(lines)) if keep[i]]
    for pos, i in enumerate(kept_idx):
        if len(lines[i]) <= 6 and not _END_PUNCT.search(lines[i]) and not lines[i].endswith(("，", ",", "、")) and i not in announced:
            prev_body = pos > 0 and prose(lines[kept_idx[pos - 1]])
            next_body = pos + 1 < len(kept_idx) and prose(lines[kept_idx[pos + 1]])
            if not prev_body and not next_body:
                drop(i, "nav_menu")
    # Single menu words ("首页", "新闻") around the article, where no headline is that short.
    for i in list(range(0, first_body)) + list(range(last_body + 1, len(lines))):
        if keep[i] and len(lines[i]) <= 4 and not _END_PUNCT.search(lines[i]) and i not in announced:
            drop(i, "nav_menu")
    for run in list(runs(40, last_body + 1, len(lines), 3)):
        for i in run:
            drop(i, "link_list")


def _edge_zones(lines: list[str], keep: list[bool], drop, lo: int, first_body: int, last_body: int, hi: int, spare_sentences: bool = False) -> None:
    """Edge rules in the header (lo..first_body) and the footer (last_body..hi), walking inward;
    then a reprint notice that ends the body. ``spare_sentences``: a short line ending in 。！？
    stays (inside an article block it is the body's first sentence, not a dateline)."""
    for i in range(lo, first_body):
        if keep[i] and not (spare_sentences and _ENDS_SENTENCE.search(lines[i])):
            rule = _match(EDGE, lines[i])
            if rule:
                drop(i, rule)
    for i in range(hi, max(last_body, first_body - 1), -1):
        if keep[i] and not (spare_sentences and _ENDS_SENTENCE.search(lines[i])):
            rule = _match(EDGE, lines[i]) or _match(ANYWHERE, lines[i])
            if rule:
                drop(i, rule)
    for i in range(last_body, first_body - 1, -1):
        if not keep[i]:
            continue
        if _match([REPRINT_NOTICE], lines[i]) is None:
            break
        drop(i, REPRINT_NOTICE[0])


def strip_boilerplate(text: str) -> Stripped:
    out = Stripped(text="")
    raw_lines = [ln.strip() for ln in text.split("\n")]
    lines: list[str] = []
    continues: list[bool] = []  # segment i was cut from the same input line as segment i-1
    for ln in raw_lines:
        if not ln:
            continue
        m = _HEAD_CRAWLER.match(ln)
        if m and not lines:
            out.removed_lines.append(("crawler_header", m.group(0)))
            ln = ln[m.end():]
        m = _INLINE_ORIGINAL_TITLE.match(ln)
        if m and len(ln) > 120:
            out.removed_lines.append(("original_title", m.group(0)))
            ln = ln[m.end():]
        m = _HEAD_REPOST.match(ln)
        if m and len(ln) > 60:
            out.removed_lines.append(("repost_source", m.group(0)))
            ln = ln[m.end():]
        for ad in _INLINE_AD.findall(ln):
            out.removed_lines.append(("inline_ad", ad))
        ln = _INLINE_AD.sub("", ln)
        segments = _split_run_on(ln)
        lines.extend(segments)
        continues.extend([False] + [True] * (len(segments) - 1))

    keep = [True] * len(lines)
    why: list[str | None] = [None] * len(lines)

    def drop(i: int, rule: str) -> None:
        if keep[i]:
            keep[i] = False
            why[i] = rule

    for i, ln in enumerate(lines):
        rule = _match(ANYWHERE, ln)
        if rule:
            drop(i, rule)

    # An ad card flattened to lines: "广告" and its teaser, or "广告<teaser>", then its close button.
    for i, ln in enumerate(lines):
        if ln in ("×", "✕", "╳"):
            drop(i, "inline_ad")
            if i >= 1 and lines[i - 1].startswith("广告") and len(lines[i - 1]) <= 60:
                drop(i - 1, "inline_ad")
            elif i >= 2 and lines[i - 2] == "广告" and len(lines[i - 1]) <= 60:
                drop(i - 1, "inline_ad")
                drop(i - 2, "inline_ad")

    for i in _feed_cards(lines):
        drop(i, "feed_card")

    # A segment cut off at a boilerplate marker is never body, whatever its length.
    body = [i for i, ln in enumerate(lines) if keep[i] and not continues[i] and _is_body(ln)]
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1

    # Footer cut: a strong marker in the second half of the content, and everything after it.
    total = sum(len(ln) for i, ln in enumerate(lines) if keep[i])
    seen = 0
    for i, ln in enumerate(lines):
        if seen * 2 >= total and FOOTER_MARKERS.search(ln) and (len(ln) <= 200 or i > last_body - 3):
            for j in range(i, len(lines)):
                drop(j, why[j] or "footer_block")
            last_body = max((b for b in body if b < i), default=-1)
            break
        if keep[i]:
            seen += len(ln)

    _edge_zones(lines, keep, drop, 0, first_body, last_body, len(lines) - 1)
    # Boilerplate cut from a run-on line goes on to that line's end.
    for i in range(max(last_body, 0) + 1, len(lines)):
        if keep[i] and continues[i] and not keep[i - 1]:
            drop(i, "footer_block")
    _drop_runs(lines, keep, drop, first_body, last_body)
    span = article_span(lines, keep, metadata=lambda line: _match(EDGE, line) is not None)
    if span:
        for i in [*range(span.first), *range(span.last + 1, len(lines))]:
            drop(i, "outside_main_block")
        # The article's paragraphs: not the headline above them, which may read like one.
        inside = [b for b in body if span.text_first <= b <= span.last and keep[b]]
        if inside:
            # On a page the article's reprint notice is where it ends: the site's slogans and
            # blurbs below it read like sentences too.
            end = next((i for i in range(inside[0] + 1, span.last + 1) if keep[i] and _match([REPRINT_NOTICE], lines[i])), None)
            if end is not None:
                for i in range(end, span.last + 1):
                    drop(i, REPRINT_NOTICE[0] if i == end else "footer_block")
                inside = [b for b in inside if b < end]  # inside[0] < end: never empty
            # The article block has edges of its own: a byline under its headline, tags and
            # related links under its last paragraph.
            _edge_zones(lines, keep, drop, span.first, inside[0], inside[-1], span.last, spare_sentences=True)
    for i in range(len(lines) - 1):
        standalone = not continues[i] and not continues[i + 1]  # not the tail of a run-on line
        if standalone and not keep[i] and _BARE_LABEL.match(lines[i]) and keep[i + 1] and len(lines[i + 1]) <= 20 and not _SENTENCE_PUNCT.search(lines[i + 1]):
            drop(i + 1, why[i])  # the label's own rule
    # A line repeated verbatim right after itself at the top (a title printed twice).
    for i in range(1, first_body):
        if keep[i] and keep[i - 1] and lines[i] == lines[i - 1]:
            drop(i, "repeated_title")

    kept: list[str] = []
    for i, ln in enumerate(lines):
        if not keep[i]:
            out.removed_lines.append((why[i] or "unknown", ln))
        elif kept and continues[i] and keep[i - 1]:
            kept[-1] += ln
        else:
            kept.append(ln)
    out.text = "\n".join(kept)
    seen_rules: dict[str, None] = {}
    for rule, _ in out.removed_lines:
        seen_rules.setdefault("boilerplate." + rule, None)
    out.rules = list(seen_rules)
    return out
