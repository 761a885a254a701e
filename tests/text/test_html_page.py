"""A whole HTML page: what its DOM says about furniture, on real pages from the shared corpus."""

import gzip
import json
import re

import pytest

from helpers import FIXTURES, load_fixture
from tasks.text.clean import clean_document
from tasks.text.html_page import page_text


def squash(text: str) -> str:
    return "".join(text.split())


with gzip.open(FIXTURES / "raw_html_dom_pages.jsonl.gz", "rt", encoding="utf-8") as fh:
    DOM_PAGES = {r["url"].split("/")[2]: r for r in map(json.loads, fh)}


def sentences(reference: str) -> list[str]:
    return [ln for ln in reference.split("\n") if len(ln) >= 20 and re.search("[。！？]$", ln)]


def test_a_blog_post_keeps_its_article_and_loses_the_posts_recommended_under_it():
    record = DOM_PAGES["blog.csdn.net"]
    page = page_text(record["html"])
    rules = set(page.furniture.values())
    assert "html_container" in rules  # recommend-box, comment-box, toolbars
    doc = clean_document(record["html"])
    assert "boilerplate.html_container" in doc.fixes
    out = squash(doc.text)
    assert all(squash(s) in out for s in sentences(record["reference_main_text"]))
    # the other bloggers' posts the page recommends, and its comment box, are gone
    for teaser in ("前端如何实现类似chatgpt的对话页面", "Forver的博客", "条评论", "普通人如何用ChatGPT搞钱"):
        assert teaser not in doc.text
    # most of what is left is the article: before the DOM was used, four fifths was not
    reference = squash(record["reference_main_text"])
    kept_in_reference = sum(len(squash(ln)) for ln in doc.text.split("\n") if squash(ln) in reference)
    assert kept_in_reference / len(out) > 0.9


def test_a_code_highlighters_comment_spans_are_the_articles_text():
    record = DOM_PAGES["www.cnblogs.com"]
    doc = clean_document(record["html"])
    out = squash(doc.text)
    comments = [ln for ln in record["reference_main_text"].split("\n") if ln.strip().startswith("#") and len(ln) > 8]
    assert comments and all(squash(ln) in out for ln in comments)
    furniture = {squash(line) for line in page_text(record["html"]).furniture}
    assert not any(squash(s) in furniture for s in sentences(record["reference_main_text"]))


FORUM_THREAD = """<!DOCTYPE html><html><head><title>求助：老房子墙面返潮怎么办</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/f/home">家居论坛</a></div>
<h1>求助：老房子墙面返潮怎么办</h1>
<div id="postlist">
<div class="post" id="post_1"><div class="author">楼主 小林</div>
<p>家里是九十年代的老房子，一楼，每年到了梅雨季节北面的墙就开始返潮，墙皮一块一块往下掉，还有霉味。</p>
<p>之前刷过两次防水涂料，过一年又鼓起来了。请问有没有彻底一点的办法？预算不是很多，先谢谢大家。</p></div>
<div class="post" id="post_2"><div class="author">2楼 老张</div>
<p>一楼返潮多半是地面的潮气顺着墙体往上走，只刷涂料没用，要先把墙皮铲到砖面，做好防潮层再处理。</p></div>
<div class="post" id="post_3"><div class="author">3楼 阿梅</div>
<p>同问，我家也是这样。买了两台除湿机，梅雨天一天能抽出好几升水，效果还可以，就是电费有点高。</p></div>
</div>
<div class="footer">Copyright © 2024 家居论坛 版权所有</div>
</body></html>"""


def test_a_forum_thread_keeps_its_first_post_only():
    page = page_text(FORUM_THREAD)
    assert page.furniture.get(
        "同问，我家也是这样。买了两台除湿机，梅雨天一天能抽出好几升水，效果还可以，就是电费有点高。"
    ) == ("html_later_post")
    doc = clean_document(FORUM_THREAD)
    assert "家里是九十年代的老房子" in doc.text and "请问有没有彻底一点的办法" in doc.text
    assert "一楼返潮多半是地面的潮气" not in doc.text and "买了两台除湿机" not in doc.text
    assert "boilerplate.html_later_post" in doc.fixes
    assert "版权所有" not in doc.text


@pytest.mark.parametrize(
    "url",
    [
        "https://bbs.example.cn/thread-1024-1-1.html#post_2",
        "https://bbs.example.cn/forum.php?mod=redirect&goto=findpost&ptid=1024&pid=2",
        "https://bbs.example.cn/viewtopic.php?t=1024&p=2",
    ],
)
def test_a_thread_whose_url_names_a_reply_keeps_that_reply(url):
    """A forum link to one reply (#post_2, ?pid=2, phpBB's ?p=2) is the page of that reply."""
    doc = clean_document(FORUM_THREAD.replace('id="post_2"', 'id="post_22"'), url=url.replace("2", "22"))
    assert "一楼返潮多半是地面的潮气" in doc.text
    assert "家里是九十年代的老房子" not in doc.text and "买了两台除湿机" not in doc.text
    assert "boilerplate.html_later_post" in doc.fixes


def test_a_url_that_names_no_post_of_the_page_keeps_the_first():
    for url in (None, "https://bbs.example.cn/thread-1024-1-1.html", "https://bbs.example.cn/t?pid=99999#top"):
        doc = clean_document(FORUM_THREAD, url=url)
        assert "家里是九十年代的老房子" in doc.text and "一楼返潮多半是地面的潮气" not in doc.text


def test_a_long_reply_does_not_stand_in_for_the_first_post():
    """The element with the most prose is the article's only among the page's own posts."""
    long_reply = "<p>" + "我家也是一楼，后来请师傅把墙皮铲掉，做了防潮层，再刷了防霉涂料，两年没有再返潮。" * 4 + "</p>"
    thread = FORUM_THREAD.replace('<div class="post" id="post_3">', '<div class="post" id="post_3">' + long_reply)
    doc = clean_document(thread)
    assert "家里是九十年代的老房子" in doc.text and "两年没有再返潮" not in doc.text


def _discuz_post(pid: int, floor: str, author: str, text: str) -> str:
    """One post as Discuz! X3 prints it: <div id="post_N"> with no class, a table of author and message."""
    return f"""<div id="post_{pid}"><table id="pid{pid}" class="plhin" summary="pid{pid}" cellspacing="0">
<tr><td class="pls"><div class="pi"><div class="authi"><a href="home.php?uid={pid}" class="xw1">{author}</a></div></div>
<div class="tns"><table><th><p><a href="#">12</a></p>主题</th><td><p><a href="#">345</a></p>积分</td></table></div></td>
<td class="plc"><div class="pi"><strong><a href="forum.php?mod=redirect&amp;goto=findpost&amp;pid={pid}"
id="postnum{pid}">{floor}</a></strong><div class="pti"><div class="authi"><em id="authorposton{pid}">发表于
2024-5-12 10:{pid % 60:02d}</em> | <a href="#">只看该作者</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_{pid}">
{text}</td></tr></table></div></div></div></td></tr>
<tr><td class="plc plm"><div class="po hin"><em><a class="fastre" href="#">回复</a></em> <a href="#">举报</a></div></td></tr>
</table></div>"""


FIRST_POST = "家里是九十年代的老房子，一楼，每年到了梅雨季节北面的墙就开始返潮，墙皮一块一块往下掉，还有霉味。"
REPLIES = [
    "一楼返潮多半是地面的潮气顺着墙体往上走，只刷涂料没用，要先把墙皮铲到砖面，做好防潮层再处理。",
    "同问，我家也是这样。买了两台除湿机，梅雨天一天能抽出好几升水，效果还可以，就是电费有点高。",
    "我是做了十几年防水的，说几句经验。老房子一楼返潮，根本原因是当年没有做地圈梁防潮层，地下的水汽"
    "顺着砖墙往上爬。<br />正确的做法是把墙面铲到砖面，高度至少铲到一米二以上，然后用防水砂浆刷两到三遍，"
    "每遍之间要等干透。<br />最后再用耐水腻子和防霉乳胶漆，千万别用普通腻子，不然一年以后还会起皮发霉。",
]
# A thread laid out as Discuz! X3, the engine most Chinese forums run: its posts are siblings told
# apart by their ids (post_1001, post_1002, ...), not by a class (markup written by us after its template).
DISCUZ_THREAD = (
    """<!DOCTYPE html><html><head><title>老房子墙面返潮怎么办 - 家居装修 - 青禾论坛 - Powered by Discuz!</title></head>
<body><div id="hd"><h2><a href="./">青禾论坛</a></h2><div id="nv"><ul><li><a href="forum.php">论坛</a></li>
<li><a href="home.php">家园</a></li><li><a href="search.php">搜索</a></li></ul></div></div>
<div id="pt" class="bm cl"><a href="./">论坛</a> <em>&rsaquo;</em> <a href="#">家居装修</a> <em>&rsaquo;</em>
老房子墙面返潮怎么办</div><div id="ct" class="wp cl"><div id="postlist" class="pl bm">
<table><tr><td class="pls"><span class="xg1">查看:</span> <span>2817</span> <span class="xg1">回复:</span> <span>3</span></td>
<td class="plc"><h1 class="ts"><span id="thread_subject">老房子墙面返潮怎么办</span></h1></td></tr></table>"""
    + _discuz_post(
        1001, "楼主", "小林", FIRST_POST + "<br />之前刷过两次防水涂料，过一年又鼓起来了。请问有没有彻底一点的办法？"
    )
    + "".join(
        _discuz_post(1002 + i, floor, author, reply)
        for i, (floor, author, reply) in enumerate(zip(["沙发", "板凳", "地板"], ["老张", "阿梅", "青青"], REPLIES))
    )
    + """</div></div><div id="ft" class="wp cl"><p>Powered by <strong>Discuz!</strong> X3.4 &copy; 2001-2024
青禾论坛 版权所有</p><p>京ICP备12345678号</p></div></body></html>"""
)


@pytest.mark.parametrize(
    "url,kept",
    [
        (None, FIRST_POST),
        ("https://bbs.example.cn/thread-1024-1-1.html", FIRST_POST),
        ("https://bbs.example.cn/forum.php?mod=redirect&goto=findpost&ptid=1024&pid=1003", REPLIES[1]),
        ("https://bbs.example.cn/forum.php?mod=viewthread&tid=1024#pid1004", REPLIES[2].split("<br />")[0]),
    ],
    ids=["no url", "the thread's url", "?pid= of a reply", "#pid of a reply"],
)
def test_a_discuz_thread_keeps_the_post_its_url_names_else_the_first(url, kept):
    doc = clean_document(DISCUZ_THREAD, url=url)
    assert squash(kept) in squash(doc.text)
    posts = [FIRST_POST, *(reply.split("<br />")[0] for reply in REPLIES)]
    assert [p for p in posts if p != kept and squash(p) in squash(doc.text)] == []
    assert "版权所有" not in doc.text and "只看该作者" not in doc.text


def _wordpress_entry(n: int, title: str, paragraphs: list[str]) -> str:
    """One entry as WordPress's default themes print it: its first class is post-N, unique to it."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<article id="post-{n}" class="post-{n} post type-post status-publish format-standard hentry">
<header class="entry-header"><h2 class="entry-title"><a href="/archives/{n}" rel="bookmark">{title}</a></h2>
<div class="entry-meta"><span class="posted-on">发布于 <time>2024年5月{n}日</time></span> <span class="byline">作者 阿禾</span>
</div></header><div class="entry-content">{body}</div>
<footer class="entry-footer"><span class="cat-links">分类：<a href="#">生活</a></span> <a href="#comments">3条评论</a></footer>
</article>"""


BLOG_ENTRIES = [
    [
        "周末带孩子去郊外的农场摘草莓，一路上油菜花开得正好，孩子在车上一直数路边的风车。",
        "农场的草莓是露天种的，个头不大，但是很甜。",
    ],
    [
        "阳台上的三角梅终于开了，去年冬天差点冻死，剪掉了一大半枝条，没想到春天又发了新芽。",
        "大部分植物都是被浇死的，而不是被干死的。",
    ],
    [
        "最近在读一本讲城市变迁的书，作者用了十年时间走访老街区，记录下很多已经消失的店铺和手艺。",
        "手艺人最怕的不是没生意，而是没人愿意学。",
    ],
]
# A blog's front page: several entries, a menu, a sidebar, pagination (markup written by us after
# WordPress's default theme).
BLOG_PAGE = (
    """<!DOCTYPE html><html><head><title>阿禾的小院 – 记录生活的点滴</title></head><body><div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">阿禾的小院</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">首页</a></li>
<li><a href="/about">关于</a></li><li><a href="/archives">归档</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">"""
    + "".join(
        _wordpress_entry(n, title, entry)
        for n, title, entry in zip(
            [12, 14, 15], ["去农场摘草莓", "阳台上的三角梅开了", "读《城市的记忆》"], BLOG_ENTRIES
        )
    )
    + """<nav class="navigation pagination"><a class="page-numbers current">1</a><a class="page-numbers" href="/page/2">2</a>
<a class="next page-numbers" href="/page/2">下一页</a></nav></main><aside id="secondary" class="widget-area">
<section class="widget widget_recent_entries"><h2 class="widget-title">近期文章</h2><ul><li><a href="#">去农场摘草莓</a></li>
</ul></section></aside></div><footer id="colophon" class="site-footer"><div class="site-info">自豪地采用WordPress</div>
</footer></div></body></html>"""
)


@pytest.mark.parametrize(
    "url,own", [(None, 0), ("https://blog.example.cn/", 0), ("https://blog.example.cn/#post-14", 1)], ids=str
)
def test_a_blog_page_keeps_one_entry_the_one_its_url_names_else_the_first(url, own):
    out = squash(clean_document(BLOG_PAGE, url=url).text)
    kept = [i for i, entry in enumerate(BLOG_ENTRIES) if squash(entry[0]) in out]
    assert kept == [own]
    assert squash(BLOG_ENTRIES[own][1]) in out


def test_what_the_page_hides_goes_before_the_rules_choose_the_article():
    """A WeChat article (shared corpus, GNE's test pages): the account's profile card is a hidden
    popup above the article; its one-line blurb was taken for the article, and the article dropped."""
    with gzip.open(FIXTURES / "raw_html_wechat_page.jsonl.gz", "rt", encoding="utf-8") as fh:
        record = json.loads(fh.read())
    doc = clean_document(record["html"])
    assert "boilerplate.html_hidden" in doc.fixes
    out = squash(doc.text)
    for sentence in (
        "熟悉 Golang 的同学都知道，Golang 里面有一个关键词叫做defer，它可以实现延迟调用。",
        "可以看到，即使缩进里面出现了报错，回调函数仍然可以正常运行。",
        "无论是正常运行结束还是运行过程中报错，add_ts函数都会正常运行，确保始终增加一条日期数据。",
    ):
        assert squash(sentence) in out
    assert "博主喜欢Python和爬虫" not in out  # the hidden profile's blurb


def test_an_article_the_page_hides_until_a_script_shows_it_stays():
    paragraphs = "".join(
        f"<p>第{i}条：省气象台今天发布暴雨黄色预警，预计未来二十四小时内，全省中部和南部地区将出现强降雨，"
        f"局地伴有雷电和短时大风，请注意防范。</p>"
        for i in range(1, 4)
    )
    html = (
        '<!DOCTYPE html><html><body><ul class="menu"><li><a href="/">首页</a></li></ul>'
        f'<div class="article-body" style="display: none">{paragraphs}</div>'
        '<div class="share" hidden><p>分享到微信朋友圈，和朋友一起看看今天的天气预警信息吧。</p></div></body></html>'
    )
    page = page_text(html)
    assert "分享到微信朋友圈，和朋友一起看看今天的天气预警信息吧。" in page.furniture
    assert clean_document(html).text.count("省气象台今天发布暴雨黄色预警") == 3


def test_sibling_paragraphs_of_one_class_are_not_posts():
    paragraphs = "".join(
        f'<p class="para">第{i}段：记者从市交通运输局获悉，今年以来全市新开通公交线路十二条，'
        f"优化调整线路三十八条，公交站点覆盖率进一步提高，市民出行更加方便。</p>"
        for i in range(1, 5)
    )
    html = f'<!DOCTYPE html><html><body><div class="article">{paragraphs}</div></body></html>'
    assert page_text(html).furniture == {}
    assert clean_document(html).text.count("记者从市交通运输局获悉") == 4


@pytest.mark.parametrize("wrapper", ['class="wrap has-sidebar"', 'id="main-nav-layout"', 'class="footer-fixed page"'])
def test_the_element_that_holds_the_article_is_never_furniture(wrapper):
    body = "".join(
        f"<p>第{i}条：省气象台今天发布暴雨黄色预警，预计未来二十四小时内，全省中部和南部地区将出现强降雨，"
        f"局地伴有雷电和短时大风，请注意防范。</p>"
        for i in range(1, 4)
    )
    html = f'<!DOCTYPE html><html><body><div {wrapper}><ul class="menu"><li>首页</li></ul>{body}</div></body></html>'
    doc = clean_document(html)
    assert doc.text.count("省气象台今天发布暴雨黄色预警") == 3


def test_a_linked_headline_stays_and_a_menu_of_links_goes():
    html = (
        "<!DOCTYPE html><html><body>"
        '<div class="top"><a href="/">首页</a> <a href="/gn">国内</a> <a href="/gj">国际</a></div>'
        '<h1><a href="/a/1.html">全国夏粮收购进度过半</a></h1>'
        "<p>记者从国家粮食和物资储备局了解到，截至目前，主产区各类粮食企业累计收购小麦超过五千万吨，"
        "收购进度已经过半，市场运行总体平稳。</p></body></html>"
    )
    page = page_text(html)
    assert page.furniture.get("首页 国内 国际") == "html_link_list"
    assert "全国夏粮收购进度过半" not in page.furniture
    assert "全国夏粮收购进度过半" in clean_document(html).text


def test_the_pages_h1_is_its_headline_even_inside_an_aside():
    # gamersky's mobile template puts the article's <h1> in <aside class="ymw-contxt-aside">
    html = (
        '<!DOCTYPE html><html><body><aside class="ymw-contxt-aside"><h1>逆水寒新版本上线 玩家庄园可自由写字</h1>'
        "<span>2019-09-12</span></aside><aside><ul><li>热门游戏</li><li>手机客户端</li></ul></aside>"
        "<p>这周四，眼尖的玩家就已经发现了，游戏在每个玩家的庄园中安置了一批特殊的可以自由写字的全新院门，"
        "官方更是亲自上阵写了一批横幅和对联。</p></body></html>"
    )
    page = page_text(html)
    assert "逆水寒新版本上线 玩家庄园可自由写字" not in page.furniture
    assert page.furniture.get("热门游戏") == "html_container"
    assert "逆水寒新版本上线" in clean_document(html).text


def test_every_line_carries_what_its_dom_says_of_it():
    from tasks.text.html_page import DOM_FEATURES

    record = DOM_PAGES["blog.csdn.net"]
    page = page_text(record["html"])
    lines = page.text.split("\n")
    assert len(page.dom) == len(lines) and all(len(row) == len(DOM_FEATURES) for row in page.dom)
    feature = {name: [row[i] for row in page.dom] for i, name in enumerate(DOM_FEATURES)}
    reference = squash(record["reference_main_text"])
    article = [i for i, ln in enumerate(lines) if len(ln) >= 30 and squash(ln) in reference]
    assert article and all(feature["in_main"][i] == 1.0 for i in article)  # under the element with the most prose
    once = [i for i, ln in enumerate(lines) if lines.count(ln) == 1]  # furniture is keyed by a line's text
    furniture = [i for i in once if page.furniture.get(lines[i]) == "html_container"]
    assert furniture and all(feature["in_container"][i] == 1.0 for i in furniture)
    assert all(feature["link_share"][i] == 1.0 for i in once if page.furniture.get(lines[i]) == "html_link_list")
    assert all(0.0 <= v <= 1.0 for row in page.dom for v in row)


with gzip.open(FIXTURES / "newspaper4k_chinese_pages.jsonl.gz", "rt", encoding="utf-8") as fh:
    PEER_PAGES = list(map(json.loads, fh))


def _unquoted(text: str) -> str:
    return re.sub("[“”\x93\x94]", "", text)


@pytest.mark.parametrize("record", PEER_PAGES, ids=lambda r: r["source_path"].rsplit("/", 1)[-1])
def test_pages_no_rule_was_tuned_on_keep_every_sentence_of_the_expected_text(record):
    """newspaper4k's own test pages (BBC 中文网, China Daily, Xinhua): held out, sites the shared
    corpus does not hold."""
    doc = clean_document(record["html"], url=record["url"])
    out = _unquoted(squash(doc.text))
    # its expected text drops some pages' quotation marks, and keeps the BBC page's cp1252 ones as
    # control characters (\x93 \x94), which our cleaning repairs to “ ”: compared without them
    expected = [_unquoted(s) for s in sentences(record["reference_main_text"])]
    assert len(expected) >= 4
    assert [s for s in expected if squash(s) not in out] == []
    # and the page's furniture goes: share buttons, menus, the footer
    assert len(out) < 1.3 * len(squash(record["reference_main_text"]))


def test_an_editors_credit_below_the_article_goes_though_a_peer_keeps_it():
    record = next(r for r in PEER_PAGES if "001" in r["source_path"])
    assert "【责任编辑：严玉洁】" in record["reference_main_text"]
    doc = clean_document(record["html"], url=record["url"])
    assert "责任编辑" not in doc.text
    assert doc.text.rstrip().endswith("并采取更多令人安心的行动。")


with gzip.open(FIXTURES / "gne_held_out_pages.jsonl.gz", "rt", encoding="utf-8") as fh:
    HAND_LABELLED = list(map(json.loads, fh))


def _hand_labelled_params():
    for r in HAND_LABELLED:
        yield pytest.param(r, id=r["source_path"][len("tests/") : -len(".html")])


@pytest.mark.parametrize("form", ["html", "text"])
@pytest.mark.parametrize("record", list(_hand_labelled_params()))
def test_hand_labelled_gne_pages_keep_every_sentence_and_lose_the_furniture(record, form):
    """One page of each GNE test site that has no scored page (government, finance, a law, a WeChat
    post, a digest...), and twelve unscored pages of scored sites, with references written by hand
    (tests/fixtures/make_gne_held_out_references.py), as raw HTML and flattened to text. Two of the
    21 sites lost their whole article before session 13; see the next two tests."""
    doc = clean_document(record[form], url=record["url"])
    out = squash(doc.text)
    assert [s for s in sentences(record["reference_main_text"]) if squash(s) not in out] == []
    reference = squash(record["reference_title"] + record["reference_main_text"])
    assert len(out) < 1.45 * len(reference)


@pytest.mark.parametrize("form", ["html", "text"])
@pytest.mark.parametrize("path", ["tests/thepaper/2.html", "tests/thepaper/4.html"])
def test_a_post_written_a_phrase_to_a_line_runs_down_to_its_editors_credit(path, form):
    """A WeChat account's post republished on thepaper (held out in sessions 14 and 15, failing
    then): its last third, phrases with sentences among them, weighed as a menu below the article
    and went. The article now runs down to its editor's credit when only such lines stand between."""
    record = next(r for r in HAND_LABELLED if r["source_path"] == path)
    doc = clean_document(record[form], url=record["url"])
    assert doc.text.rstrip().endswith("开始搓搓手了！！！")
    for line in ("邮轮目的地12个", "★旅客还可以选择11月30日出发，到岘港体验东南亚风情，全程为4晚5天。"):
        assert line in doc.text
    assert "禤志杰" not in doc.text and "回复【公租房】" not in doc.text


def test_the_pages_h1_is_its_headline_over_a_video_title_that_reads_like_one():
    """sina/5 (GNE's tests, held out until session 15): its <h1> stands over a dateline, a source,
    share buttons, a 原标题 note and a video's title ("视频-陈同佳出狱 鞠躬说“对不起”"), which was
    taken for the headline; the <h1> says what the page's <title> says. Below the article, one
    related report under its label and a bare call to click through go."""
    record = next(r for r in HAND_LABELLED if r["source_path"] == "tests/sina/5.html")
    doc = clean_document(record["html"], url=record["url"])
    lines = doc.text.split("\n")
    assert lines[0] == "陈同佳刑满出狱 向潘晓颖家人鞠躬致歉"
    assert lines[1].startswith("出狱了。据港媒刚刚消息")
    assert lines[-1] == "说完这些话后，陈同佳上车离开了现场。"
    assert "视频-" not in doc.text and "此前报道" not in doc.text and "点击进入专题" not in doc.text
    assert {"boilerplate.related_list", "boilerplate.click_through"} <= set(doc.fixes)


def test_an_h1_is_the_headline_only_where_it_says_what_the_title_says():
    page = page_text(
        "<html><head><title>陈同佳刑满出狱 向潘晓颖家人鞠躬致歉|港媒|陈同佳_新浪新闻</title></head><body>"
        "<h1>新闻中心</h1><h1>陈同佳刑满出狱 向潘晓颖家人鞠躬致歉</h1><p>出狱了。</p></body></html>"
    )
    assert page.headlines == ["陈同佳刑满出狱 向潘晓颖家人鞠躬致歉"]
    untitled = page_text("<html><body><h1>新闻中心</h1><p>出狱了。</p></body></html>")
    assert untitled.headlines == ["新闻中心"]
    # a logo's <h1>: the site's name, which the title ends with
    logo = page_text(
        "<html><head><title>陈同佳刑满出狱 向潘晓颖家人鞠躬致歉_中国经济网——国家经济门户</title></head><body>"
        "<h1>中国经济网——国家经济门户</h1><h2>陈同佳刑满出狱 向潘晓颖家人鞠躬致歉</h2><p>出狱了。</p></body></html>"
    )
    assert logo.headlines == []


def _article(n: int) -> str:
    return "".join(
        f"<p>第{i}段：联合国贸发会议发布了年度贸易和发展报告，即使忽略最坏的下行风险，全球经济增长率也将明显放缓。</p>"
        for i in range(1, n + 1)
    )


def test_a_hidden_block_of_keywords_larger_than_the_article_is_not_taken_for_it():
    """njxfhn's page (GNE's tests) hides 124,000 characters of SEO keywords in a display:none div."""
    spam = " ".join(f"关键词{i} 热门搜索{i} 最新消息{i}" for i in range(400))
    html = f'<html><body><div class="post-body">{_article(3)}</div><div style="display:none">{spam}</div></body></html>'
    doc = clean_document(html)
    assert doc.text.count("联合国贸发会议发布了年度贸易和发展报告") == 3
    assert "关键词1" not in doc.text
    assert "boilerplate.html_hidden" in doc.fixes


def test_a_logos_keyword_title_in_the_navbar_is_not_taken_for_the_article():
    """mingridapan's page (GNE's tests): its navbar's <h1> holds the logo link, a keyword title
    joined by underscores, which came out as the page's only text."""
    menu = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(30))
    html = (
        '<html><body><nav><h1><a class="navbar-brand" href="/">今日股市行情_明日大盘_今日股市_股票行情_明日股市_'
        "大盘预测_股市分析_股市最新消息 - 明日大盘网，权威股市行情资讯网站</a></h1>"
        f"<ul>{menu}</ul></nav><div class='page-article'><h2>联合国贸发报告：全球经济增长率降至2.3%</h2>"
        f"<p>发布时间： 2019-09-26 10:09:11</p>{_article(1)}</div>"
        f'<div class="footer"><ul>{menu}</ul></div></body></html>'
    )
    doc = clean_document(html)
    assert "联合国贸发会议发布了年度贸易和发展报告" in doc.text
    assert "今日股市行情_明日大盘" not in doc.text


@pytest.mark.parametrize("form", ["html", "text"])
def test_the_editors_credit_ends_the_article_and_the_recommended_teasers_below_it_go(form):
    """people.com.cn's page (GNE's tests): its 推荐阅读 teasers end their sentences and weigh as
    paragraphs, and a removed credit cost too little to split them from the article."""
    record = next(r for r in HAND_LABELLED if r["source_path"] == "tests/people/1.html")
    doc = clean_document(record[form], url=record["url"])
    out = squash(doc.text)
    assert [s for s in sentences(record["reference_main_text"]) if squash(s) not in out] == []
    assert "致敬改革开放四十年" not in out and "文脉颂中华" not in out
    # a credit printed under the lead, with most of the article below it, ends nothing
    lines = record["text"].split("\n")
    lead = next(i for i, ln in enumerate(lines) if ln.strip().startswith("今年的6月16日是父亲节"))
    moved = "\n".join(lines[: lead + 1] + ["编辑：汤诗瑶"] + lines[lead + 1 :])
    out = squash(clean_document(moved, url=record["url"]).text)
    assert [s for s in sentences(record["reference_main_text"]) if squash(s) not in out] == []


def _labelled(source_path: str) -> dict:
    return next(r for r in HAND_LABELLED if r["source_path"] == source_path)


@pytest.mark.parametrize("form", ["html", "text"])
@pytest.mark.parametrize(
    "source_path, between",
    [
        # an icon font's eye glyph before the view count: "\ue60e4" read as a line of text
        ("tests/mingridapan/1.html", "\ue60e"),
        # a bare source name under the dateline
        ("tests/hexun/1.html", "证券时报网"),
        # a source label the byline rule did not know
        ("tests/gzggw/1.html", "信息来源：省发改委"),
    ],
)
def test_the_headline_over_a_counter_or_a_bare_source_name_stays_with_its_article(source_path, between, form):
    """Three of the 21 GNE sites lost their headline: a line between it and the article's first
    paragraph ended the search for it."""
    record = _labelled(source_path)
    assert between in (record["text"] if form == "text" else page_text(record["html"]).text)
    doc = clean_document(record[form], url=record["url"])
    assert doc.text.split("\n")[0] == record["reference_title"]
    assert between not in doc.text


def test_a_short_line_with_no_dateline_over_it_is_no_bridge_to_a_headline_above():
    """What a bare source name looks like is also what an article's first section heading looks
    like: only under a dateline or byline is a short line taken for one, and the headline looked
    for above it. A c4 product page: a bulleted feature list, then the heading "结构原理" over the
    first paragraph; the last bullet is no headline. (The heading itself goes, as it did before:
    a short line in the article's header zone.)"""
    record = load_fixture("c4_section_heading.jsonl")[0]
    assert "·可供选择项目丰富\n结构原理\n被测介质的压力" in record["text"]
    text = clean_document(record["text"], url=record["url"]).text
    assert text.startswith("被测介质的压力通过δ室的隔离膜片")
    assert "可供选择项目丰富" not in text


@pytest.mark.parametrize("form", ["html", "text"])
def test_an_original_title_note_that_says_whose_title_goes(form):
    """thepaper republishing a WeChat post: "本文原标题：《…》", where the rule knew only "原标题：…"."""
    record = _labelled("tests/thepaper/2.html")
    doc = clean_document(record[form], url=record["url"])
    assert "本文原标题" not in doc.text
    assert "boilerplate.original_title" in doc.fixes
    assert "搭地铁去坐邮轮玩转东南亚！" in doc.text


with gzip.open(FIXTURES / "gne_visible_pages.jsonl.gz", "rt", encoding="utf-8") as fh:
    RENDERED = {r["source_path"].split("/")[1]: r for r in map(json.loads, fh)}


@pytest.mark.parametrize("site", ["mydrivers", "163", "cmse"])
def test_rendered_pages_from_gnes_sdist_keep_every_sentence_and_lose_the_furniture(site):
    """Pages saved from a browser (GNE 0.4.3's visiable_test/, not in the shared corpus), labelled
    by hand in session 24 before any extractor ran on them (tests/fixtures/make_gne_visible_pages.py)."""
    record = RENDERED[site]
    doc = clean_document(record["html"], url=record["url"])
    out = squash(doc.text)
    assert [s for s in sentences(record["reference_main_text"]) if squash(s) not in out] == []
    assert len(out) < 1.2 * len(squash(record["reference_title"] + record["reference_main_text"]))


def test_a_headline_in_a_div_is_the_one_the_title_opens_with():
    """mydrivers prints its headline in a <div>, with no <h1>: the line above the article that is
    the whole of the <title> before its separator is the headline (lost before session 24)."""
    record = RENDERED["mydrivers"]
    assert page_text(record["html"]).headlines == [record["reference_title"]]
    doc = clean_document(record["html"], url=record["url"])
    assert doc.text.split("\n")[0] == record["reference_title"]
    assert "出处：快科技" not in doc.text and "责任编辑" not in doc.text
    # a breadcrumb's last crumb that says the title too stands above it: the last such line is the headline
    page = page_text(
        "<html><head><title>嫦娥五号为什么是最复杂任务？一图看懂-快科技</title></head><body>"
        "<div>首页 &gt; 科学</div><div>嫦娥五号为什么是最复杂任务？一图看懂</div>"
        "<div class='news_bt'>嫦娥五号为什么是最复杂任务？一图看懂</div><div>2020-11-23 出处：快科技</div>"
        f"<div>{_article(3)}</div></body></html>"
    )
    assert page.headlines == ["嫦娥五号为什么是最复杂任务？一图看懂"]
    # a line that opens the title but is not all of its first part is no headline (a column's name)
    column = page_text(
        "<html><head><title>嫦娥五号为什么是最复杂任务？一图看懂-快科技</title></head><body>"
        f"<div>嫦娥五号</div><div>{_article(3)}</div></body></html>"
    )
    assert column.headlines == []


def test_a_teaser_that_prints_the_articles_opening_again_goes():
    """021news (a rendered page, held out in session 24) prints the article's first sentences again
    above it, cut off, with a share count between: the teaser went into the text. The paragraphs
    stay, once."""
    record = RENDERED["021news"]
    doc = clean_document(record["html"], url=record["url"])
    assert "boilerplate.repeated_lead" in doc.fixes
    assert doc.text.count("虽无明显利空，东山精密（SZ）却突然放量跌停") == 1
    assert "个机构专用席位现\n" not in doc.text and "2770" not in doc.text
    assert "但东山精密并非没有隐忧," in doc.text
