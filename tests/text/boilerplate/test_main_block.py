"""The article block of full web pages (tasks/text/boilerplate/main_block.py), on real pages with ground truth."""

import gzip
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, SEEDS, load_fixture
from tasks.text.boilerplate.main_block import FEED_PENALTY, PENALTY, article_span, is_page, line_weight
from tasks.text.clean import clean_document
from tasks.text.script import to_simplified

_SENTENCE_END = re.compile(r"[。！？][”’」』)）]*$")
# Disclaimers and 原标题 lines are boilerplate by the issue's own list, though GNE's reference keeps them.
_ISSUE_LISTED = re.compile(r"^[(（【\[]?(免责声明|免責聲明|原标题|原標題)[：:]")


def squash(text: str) -> str:
    return "".join(to_simplified(text).split())


def sentences(record: dict) -> list[str]:
    """The reference article's sentence lines that are on the page as they stand."""
    source = squash(record["text"])
    lines = [ln.strip() for ln in (record.get("reference_main_text") or "").split("\n")]
    return [
        ln
        for ln in lines
        if len(ln) >= 20 and _SENTENCE_END.search(ln) and not _ISSUE_LISTED.match(ln) and squash(ln) in source
    ]


# Pages with ground truth that has sentences (a list of paper titles has none; GNE's later test
# pages have no reference).
PAGES = [
    r
    for r in load_fixture("magic_html.jsonl") + load_fixture("gne.jsonl") + load_fixture("full_pages.jsonl")
    if sentences(r)
]
HARD = {r.get("url") or r["source_path"]: r for r in load_fixture("full_pages.jsonl")}


def page(key: str) -> dict:
    return next(r for where, r in HARD.items() if key in where)


@pytest.mark.parametrize("record", PAGES, ids=lambda r: (r.get("url") or r["source_path"])[-40:])
def test_every_sentence_of_the_reference_article_survives(record):
    out = squash(clean_document(record["text"]).text)
    assert [s for s in sentences(record) if squash(s) not in out] == []


@pytest.mark.parametrize(
    "key,gone",
    [
        # reader comments under a short court report
        (
            "doc-inavmmfi1968342",
            ["现在居然觉得这个数字不大了，是我们有钱了，还是变得麻木了？", "不执行死刑不足以平民愤。"],
        ),
        # comments, then a related feed whose titles carry commas
        (
            "J2PBDVUF0511A6N9",
            ["苹果公司又不是自己开的，有什么好开心？", "她是男人的克星，港商因她丧命，世界冠军为她踏上不归路"],
        ),
        # an English headline feed above the article
        ("hk.finance.yahoo.com", ["Most people expect to retire in their early 60s. Is that realistic?"]),
        # cards (法新社· / 2 天前 / headline / snippet) below a four-paragraph sports report
        ("hk.news.yahoo.com", ["（法新社巴黎21日電） 網球名將納達爾昨天現身法國公開賽球場練球"]),
        # a live market feed longer than the three-paragraph article above it
        ("doc-ihqfskcn2160999", ["【战舰看盘】", "老师回答：祝贺你！持有"]),
        # reader comments below a commentary
        ("guancha/guancha.html", ["其实我觉得产业升级后，大量失业农民工应该回乡务农。", "只能背水一战，无路可退！"]),
        # dozens of related headlines below a long feature
        ("7pplXmYoC6f", ["台风“法茜”肆虐日本", "马云退休下一站去哪？", "外交部评价默克尔访华：双方达成三方面重要共识"]),
    ],
)
def test_comments_feeds_and_teasers_outside_the_article_go(key, gone):
    record = page(key)
    doc = clean_document(record["text"])
    out = squash(doc.text)
    assert "boilerplate.outside_main_block" in doc.fixes
    for text in gone:
        assert squash(text) in squash(record["text"])  # it was on the page
        assert squash(text) not in out
    # and the article itself is there
    first_sentence = next(ln for ln in record["reference_main_text"].split("\n") if len(ln.strip()) >= 20)
    assert squash(first_sentence) in out


@pytest.mark.parametrize(
    "key,gone",
    [
        (
            "news.youth.cn",
            [
                "首页|新闻|图片|评论|共青团",
                "首页 >> 国内 >> 正文",
                "发稿时间：2024-05-13 06:03:00",
                "首页 | 上一页 1 下一页 | 尾页",
            ],
        ),
        # below the reprint notice: slogans and a blurb that reads like a sentence
        (
            "food.39.net",
            [
                "39健康网(www.39.net)专稿，未经书面授权请勿转载。",
                "优质健康资讯门户网站",
                "中国领先的健康门户网站，中国互联网百强",
            ],
        ),
        (
            "1905.com",
            ["标签：", "蓝羽会客厅北京影人中国电影报道", "转型当前，井柏然如何在《新生》做到一人千面？2024-05-15"],
        ),
        (
            "news.39.net",
            [
                "往期推荐返回专题汇总页",
                "揭秘！科兴疫苗被叫停的真相……曾6亿人接种",
                "九价HPV疫苗降价！为什么有人打了，还患上宫颈癌？",
            ],
        ),
        ("360kuai", ["广告通知：英国留学生注意了", "38岁女领导的生活日记曝光", "广告魔兽世界公益服"]),
        # feed cards (headline, cut-off teaser, timestamp) and a comment widget inside the block
        (
            "doc-iicezzrq4681677",
            [
                "我要反馈",
                "最热评论 刷新",
                "@@title@@",
                "龙湖集团长沙项目质量风波调查",
                "9月9日消息，截至沪深股市收盘，北向资金全天净流入27.85亿元",
            ],
        ),
    ],
)
def test_menus_tags_related_links_and_ads_at_the_articles_edges_go(key, gone):
    record = page(key)
    out = squash(clean_document(record["text"]).text)
    for text in gone:
        assert squash(text) in squash(record["text"])
        assert squash(text) not in out
    assert [s for s in sentences(record) if squash(s) not in out] == []


def test_a_dispatch_lead_starts_the_article_though_it_is_no_sentence():
    lead = "新华社北京5月9日电 题：积极因素不断增多 “质升量稳”动能增强——前4个月我国外贸向好态势进一步巩固"
    assert line_weight(lead) > 0
    assert squash(lead) in squash(clean_document(page("toutiao.com/article/7367007067191640576")["text"]).text)


def test_a_clause_broken_off_by_a_line_break_stays():
    out_lines = clean_document(page("360kuai")["text"]).text.split("\n")
    assert "然而，" in out_lines


def test_the_sign_off_below_the_last_sentence_stays():
    out = squash(clean_document(page("doc-inavmmfi1968342")["text"]).text)
    assert squash("人大代表、政协委员和各界群众三十余人旁听了庭审。（总台央视记者 奚丹霓 张赛）") in out


def test_a_list_the_article_announces_with_a_colon_stays():
    """Names after the last sentence look like a menu line by line; the colon says they belong."""
    record = page("doc-inavmmfi1968342")
    last = "人大代表、政协委员和各界群众三十余人旁听了庭审。"
    names = ["张素峰", "张卫波", "袁威", "刘志彪", "刘佳", "宋世明"]  # real names from a page of the corpus
    text = record["text"].replace(last, "\n".join([last, "旁听代表名单如下："] + names), 1)
    out_lines = clean_document(text).text.split("\n")
    assert all(name in out_lines for name in names)
    assert "现在居然觉得这个数字不大了，是我们有钱了，还是变得麻木了？" not in out_lines


def test_a_table_inside_the_article_keeps_every_row():
    record = page("j.021east.com")
    out_lines = {squash(ln) for ln in clean_document(record["text"]).text.split("\n")}
    rows = [squash(ln) for ln in record["reference_main_text"].split("\n") if ln.strip()]
    assert len(rows) > 250
    assert [r for r in rows if r not in out_lines] == []


ENCYCLOPEDIA_SECTIONS = [
    "2024年5月9日，雄安高新区正式揭牌启动，标志着雄安新区高新技术产业开发区管委会组织机构正式运行。",
    "河北雄安高新技术产业开发区，总面积952.7463公顷，东至规划道路N11，南至规划道路E33，",
]


def test_an_encyclopedia_entrys_sections_below_its_infobox_and_contents_stay():
    """The lead is a substantial run of its own; the sections below the infobox, the contents list
    and their headings are the same article."""
    record = page("baike.baidu.com/item/")
    out_lines = clean_document(record["text"]).text.split("\n")
    out = squash("".join(out_lines))
    assert all(squash(s) in out for s in ENCYCLOPEDIA_SECTIONS)
    # what stands between the sections, and the reference list and statistics below the last one
    for line in [
        "目录",
        "1历史沿革",
        "别 名",
        "所属地区",
        "浏览次数：5741次",
        "雄安高新区正式启动运行．界面新闻．2024-05-09",
    ]:
        assert squash(line) in squash(record["text"])
        assert line not in out_lines


def test_an_encyclopedia_entrys_back_matter_ends_it():
    """Notes, references and external links read like sentences and dates; their heading is where
    the article ends."""
    record = page("zh.wikipedia.org/wiki/")
    doc = clean_document(record["text"], url=record["url"])
    out_lines = doc.text.split("\n")
    assert "boilerplate.back_matter" in doc.fixes
    assert out_lines[-1].startswith(
        "雄安新区的设立对中国大陆股市和房价造成了很大的影响"
    )  # the last section's paragraph
    for line in ["注释[编辑]", "参考文献[编辑]", "外部链接[编辑]", "参见[编辑]"]:
        assert line in record["text"]
        assert line not in out_lines
    assert not any(line.startswith("^ ") for line in out_lines)  # the citations


def test_a_bulleted_list_of_the_sites_other_titles_below_the_article_goes():
    record = load_fixture("c4_bulleted_titles.jsonl")[0]
    out_lines = clean_document(record["text"]).text.split("\n")
    titles = [ln for ln in to_simplified(record["text"]).split("\n") if ln.startswith("·")]
    assert len(titles) == 8 and not any(title in out_lines for title in titles)
    out = squash("".join(out_lines))
    assert squash("最近，一些媒体拍到了与工作人员共进晚餐范冰冰的视频。") in out
    assert squash("如今，很难让网民猜测这两者可能真的好事将近。") in out


ARTICLE = [
    "这个月底，国内还有一次重要的航天发射任务，它是探月工程的收官之作，会首次从月球采样带回。",
    "这次任务被称为中国航天史上最复杂的一次任务，要经历发射、近月制动、着陆、采样、上升、交会对接和返回等阶段。",
    "以上过程中每一步都要确保顺利完成，否则就会影响采样返回的目标，这么复杂的过程需要航天人更多的努力。",
    "目前探测器已经在文昌进入发射场准备阶段，执行发射任务的运载火箭也在进行发射前的总装和测试。",
    "探测器全重8.2吨，由轨道器、返回器、着陆器、上升器四部分组成。",
]
COMMENTS = [
    "如果新一代出来后性能更高，价格更便宜，就算你说的是人话！",
    "这网站后台真硬，评论区比文章还精彩。",
    "看的或是准备到电影院点赞，没看过不想看的点反对。",
]
TEASERS = [
    "十一黄金周已经到了最后一天，媒体查证后发现，国庆长假的结束也意味着今年的假期全部结束。",
    "国庆出去游玩的小伙伴要注意了，从今天开始全国气温要开始调整，北方将进入深秋模式。",
]
# A tech news page laid out as Chinese portals print one (written by us): a bulleted list of
# headlines above the article, an end mark and a tip box below it, then teasers of other articles
# and readers' comments with their vote counters.
COMMENTED_PAGE = "\n".join(
    ["手机版", "登录", "注册", "首页", "科技快讯", "手机", "电脑", "汽车"]
    + [
        "· 国庆返程后怎么办？多地紧急提醒",
        "· 今年首个诺奖揭晓！奖金为何还没发完",
        "· 性能大增！新系统正式发布：首批支持机型",
    ]
    + [
        "嫦娥五号为什么是中国航天史上最复杂任务？一图看懂",
        "2020-11-23 10:22:14 出处：快科技 作者：宪瑞",
        "分享到",
        "微博",
        "QQ空间",
    ]
    + ARTICLE
    + ["- THE END -", "转载请注明出处：快科技", "责任编辑：宪瑞", "文章价值打分", "当前文章打分18 分，共有5人打分"]
    + ["文章很值，打赏犒劳作者一下", "- 0人已打赏 -", "最热文章"]
    + [line for teaser in TEASERS for line in ["18", teaser, "34"]]
    + ["热门评论", "3天|7天"]
    + [line for i, comment in enumerate(COMMENTS) for line in [f"网友{i}", comment, f"支持[{300 + i}] | 反对[{i}]"]]
    + ["关于我们", "联系我们", "Copyright © 2024 版权所有"]
)


def test_readers_comments_teasers_and_a_headline_list_around_the_article_go():
    out = squash(clean_document(COMMENTED_PAGE).text)
    assert all(squash(line) in out for line in ARTICLE)
    assert not any(squash(line) in out for line in COMMENTS + TEASERS)
    assert "国庆返程后怎么办" not in out and "打赏" not in out


def test_a_headline_list_above_the_editors_credit_is_not_pulled_into_the_article():
    """163/8's related headlines (GNE's tests) under its article, with the 延伸阅读 heading gone:
    only lines that read as text carry the article down to its credit. (The first two below the
    last sentence stay, as sign-off lines would: ``TAIL``, a weakness of its own.)"""
    with gzip.open(FIXTURES / "gne_held_out_pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        record = next(r for r in map(json.loads, fh) if r["source_path"] == "tests/163/8.html")
    third = "滞留武汉人员睡地下通道被子被冲湿 党报:要关照好"
    text = record["text"].replace("延伸阅读\n", "")
    assert third in text and "责任编辑：李曦" in text
    out = clean_document(text).text
    assert "不断提高疫情防控的科学性、精准性、针对性。" in out
    assert third not in out and "责任编辑" not in out


def test_an_end_of_article_removal_between_two_runs_keeps_them_apart():
    """The same page, with one line between the lead and the sections removed as a share prompt
    instead of a menu word: the article ends at the lead."""
    record = page("baike.baidu.com/item/")
    lines = [ln.strip() for ln in to_simplified(record["text"]).split("\n") if ln.strip()]
    keep = [True] * len(lines)
    lead = next(i for i, ln in enumerate(lines) if ln.startswith("河北雄安高新技术产业开发区，隶属"))
    section = next(i for i, ln in enumerate(lines) if ln.startswith("2024年5月9日，雄安高新区正式揭牌启动，标志着"))
    between = next(i for i in range(lead + 1, section) if lines[i] == "目录")
    menu: list[str | None] = [None] * len(lines)
    menu[between], keep[between] = "nav_menu", False
    assert article_span(lines, keep, why=menu).last >= section
    shared = [*menu]
    shared[between] = "share"
    assert lead <= article_span(lines, keep, why=shared).last < section
    assert article_span(lines, keep).last < section  # without the rules' reasons: one run


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name)
def test_articles_that_are_not_page_shaped_are_left_to_the_rules(path):
    text = path.read_text(encoding="utf-8")
    assert not is_page([ln.strip() for ln in text.split("\n") if ln.strip()])
    assert "boilerplate.outside_main_block" not in clean_document(text).fixes


def test_run_on_reposts_are_never_cut_to_a_block():
    for record in load_fixture("crud_rag_reposts.jsonl"):
        assert "boilerplate.outside_main_block" not in clean_document(record["text"]).fixes


@pytest.mark.parametrize(
    "line,expected",
    [
        ("庭审最后，法庭宣布休庭，择期宣判。", "for"),
        ("深夜看书须尽欢，", "for"),  # a line of verse ends like a clause
        ("国内新闻", "against"),
        ("宇辉战舰今天 12:08:37", "feed"),
        ("News • 9 小时前", "feed"),
        ("法新社·", "feed"),
        ("成人票原价：279元", "cheap"),  # a table row
        ("3、上海自然博物馆（上海科技馆分馆）", "cheap"),  # a numbered item
        ("docker run -d --rm \\", "cheap"),  # code says nothing either way
        ("支持[383] | 反对[7]", "feed"),  # a comment's vote counters
        ("顶(12) 踩(3) 回复", "feed"),
        ("· 国庆返程后怎么办？多地紧急提醒", "cheap"),  # a bulleted headline of a list of links
    ],
)
def test_line_weights(line, expected):
    w = line_weight(line)
    if expected == "for":
        assert w > 0
    elif expected == "against":
        assert w <= -PENALTY
    elif expected == "feed":
        assert w == -FEED_PENALTY
    else:
        assert -PENALTY < w < 0


def _runs_by_splitting(weights, lo, hi):
    """The definition: the best run (earliest on ties), then the same left and right of it."""
    best, total, start = None, 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += weights[i]
        if total > 0 and (best is None or total > best[0]):
            best = (total, start, i)
    if best is None:
        return []
    return _runs_by_splitting(weights, lo, best[1]) + [best] + _runs_by_splitting(weights, best[2] + 1, hi)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-60, 200), max_size=60))
def test_one_pass_runs_are_the_runs_found_by_splitting(weights):
    from tasks.text.boilerplate.main_block import _maximal_runs

    assert _maximal_runs(weights, 0, len(weights)) == _runs_by_splitting(weights, 0, len(weights))


@pytest.mark.parametrize("key", ["7pplXmYoC6f", "doc-ihqfskcn2160999", "qq/qq.html", "doc-iicezzrq4076655"])
def test_the_headline_stays_above_its_article_over_datelines_counters_and_a_second_copy(key):
    """GNE gives each page's headline: it opens the article once, though a dateline, a source line,
    share buttons, a "57人参与11评论" counter or a second copy of itself stood below it."""
    record = page(key)
    out_lines = [squash(line) for line in clean_document(record["text"]).text.split("\n")]
    headline = squash(record["reference_title"])
    assert out_lines[0] == headline
    assert out_lines.count(headline) == 1
