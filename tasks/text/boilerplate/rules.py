"""The rule tables of boilerplate removal: which line is boilerplate, by rule id.

Four kinds of rule, from narrowest to widest licence (``passes`` applies them):
- ``ANYWHERE``: short lines that are never article text (QR-code prompts, share/comment widgets, ICP
  numbers, 责任编辑 labels). Only lines up to ``SHORT`` characters are eligible, so a body sentence
  that merely mentions 二维码 or 版权 stays.
- ``EDGE``: lines that are boilerplate only in the header (before the first body paragraph) or the
  footer (after the last one): bylines, dates, sources, breadcrumbs, site names, copyright notices.
- ``FOOTER_MARKERS``: a strong footer marker (版权声明, 留言与评论, 相关阅读, 上一篇 …) in the second
  half of a document starts the footer, which takes the "about this site" blurbs and legal text after it.
- ``TAIL_MARKERS``: where boilerplate starts inside a run-on line whose newlines were lost upstream
  (CRUD_RAG), so the same rules apply to ``…正文结束。返回搜狐，查看更多责任编辑：``.
A rule is (rule id, pattern, longest line it may remove); the id is what ``fixes`` records as
``boilerplate.<id>``, documented in docs/schema.md.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from tasks.text.boilerplate.vocabulary import WECHAT_PAGE_UI
from tasks.text.patterns import END_PUNCT, SENTENCE_PUNCT

SHORT = 40


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# (rule id, pattern, longest line it may remove)
_COUNTED = (
    r"(阅读|閱讀|浏览|瀏覽|播放|观看|觀看|收听|收聽|点击|點擊|下载|下載|在看|看过|看過|关注|關注|粉丝|粉絲|收藏|点赞|點讚|點贊"
    r"|转发|轉發|分享|围观|圍觀|访问|訪問|人气|人氣|热度|熱度|评论|評論|回复|回覆|喜欢|喜歡|赞|讚|贊)"
)
_COUNT_NUMBER = r"\d+(\.\d+)?\s*[万萬千亿億wWkK]?\+?"
# One counter: the word then its number ("阅读量：10万+", "评论(12)") or the number then its word ("12万次观看").
_COUNT_ITEM = (
    rf"({_COUNTED}(量|数|數|次数|次數)?\s*[:：]?\s*[(（]?{_COUNT_NUMBER}[)）]?(次|人)?"
    rf"|{_COUNT_NUMBER}\s*(人次|人|次|条|條)?\s*(已)?{_COUNTED}(量|过|過)?)"
)

ANYWHERE: list[tuple[str, re.Pattern, int]] = [
    (
        "qr_code",
        _rx(
            r"扫一扫|掃一掃|扫码|掃碼|二维码|二維碼|手机(上)?打开|手機(上)?打開|长按(识别|關注|关注)|扫描.{0,8}(关注|下载|阅读|访问)"
        ),
        SHORT,
    ),
    (
        "editor",
        _rx(
            r"^[(（【\[]?\s*(本期|本文)?(责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|监制|監製|主编|主編|值班编辑|复审|审签"
            r"|排版|美编|美編|美术编辑|美術編輯|统筹|統籌)\s*[:：|丨｜/]"
        ),
        60,
    ),
    (
        "editor",
        _rx(r"^[(（【\[]?\s*(责任编辑|責任編輯|责编|責編)\s*[:：]?\s*[\u4e00-\u9fff_A-Za-z0-9 ]{0,20}[)）】\]]?$"),
        SHORT,
    ),
    (
        "editor",
        _rx(
            r"^[(（【\[]?(本期|本文)?(编辑|編輯|责编|責編|校对|校對)\s+[^\s()（）【】\[\]]{2,4}"
            r"(\s*(校对|校對|审核|審核|责编|責編)\s*[^\s()（）【】\[\]]{2,4})*[)）】\]]?$"
        ),
        30,
    ),
    (
        "original_title",
        # "原标题：…", "【原标题】…" (a bracketed label needs no colon, but then the title must be the
        # whole line: "【原标题】X。据悉，…" runs on into an article), "…（原标题）"
        _rx(
            r"^[(（【\[]?(新闻|本文|文章)?(原标题|原標題)[】\]]?[:：]|^[【\[](原标题|原標題)[】\]][^。！？]*[。！？]?$"
            r"|[(（【](原标题|原標題)[)）】]$"
        ),
        120,
    ),
    ("icp", _rx(r"ICP\s*(备|備|证|證|[:：]?\s*\d)|公网安备|公網安備|网安备|增值电信业务经营许可证"), 160),
    ("sohu_footer", _rx(r"^返回搜狐[，,]?\s*查看更多|^[(（][^)）]{0,100}[)）]\s*返回搜狐[，,]?\s*查看更多$"), 120),
    (
        "share",
        _rx(
            r"^(分享到|分享至|分享[:：]|一键分享)|分享让更多人看到|^(微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博)(\s+|$)"
        ),
        30,
    ),
    ("share", _rx(r"^((新浪)?微博|微信|QQ空间|QQ|易信|朋友圈|豆瓣|人人网|腾讯微博|分享|[\s|｜/、,，])+$"), 30),
    (
        "comment_widget",
        _rx(r"^[>»\s]*(查看|点击|加载)更多|^(?=.*(回复|举报|踩|赞|收藏))((查看)?回复|举报|踩|赞|收藏|[\d\s])+$"),
        20,
    ),
    # The time may be glued to the date ("2019-09-3007:42": two cells of a card, flattened).
    ("dateline", _rx(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*\d{1,2}:\d{2}(:\d{2})?$"), 20),
    (
        "comment_widget",
        _rx(
            r"留言与评论|发表评论|發表評論|网友评论|網友評論|我要评论|验证码|驗證碼|条评论|條評論|^评论\s*[(（]?\d*[)）]?$|登录后(参与)?评论|^(点赞|收藏|举报|投诉)(\s|$)|^(最热|最新|热门|精彩)(评论|評論)\s*(刷新|更多)|^我要(反馈|反饋|纠错|糾錯)$|^\d+\s*人参与\s*(\d+\s*(条)?评论)?$|^(推荐|点赞|顶|踩)\s*\d+$|^进入【[^】]{2,12}】讨论$"
        ),
        60,
    ),
    # A page's player and viewer widgets: "语音播报文章，释放双眼", "查看原图 264K", "请刷新本页面".
    (
        "page_widget",
        _rx(r"语音播报|^查看原图\s*(\d+\s*[KkMm]B?)?$|请刷新(本)?页面|請刷新(本)?頁面|加载中[，,]\s*请稍候"),
        20,
    ),
    # Xinhua's button to report an error, on a line or glued after the last sentence ("…。   【纠错】"):
    # bracketed alone, never a sentence's word (纠错机制).
    ("page_widget", _rx(r"^[【\[]\s*(纠错|糾錯|我要纠错|我要糾錯)\s*[】\]]$"), 10),
    # WeChat's own page text around a reposted post (vocabulary.WECHAT_PAGE_UI), whole lines only; its
    # buttons may be run together on one line ("视频 小程序 赞，轻点两下取消赞 在看，轻点两下取消在看").
    (
        "page_widget",
        _rx(r"^(\s*(" + "|".join(re.escape(w).replace("\\ ", r"\s*") for w in WECHAT_PAGE_UI) + r")[\s，,]*)+$"),
        60,
    ),
    # The page's machinery speaking where a player or script did not run: "正在加载...",
    # "您的浏览器不支持 video 标签。", "请启用JavaScript"; and a link back to the site's front page.
    (
        "page_widget",
        _rx(
            r"^[^\w]*(视频|視頻|图片|圖片|内容|內容|页面|頁面|评论|評論|数据|數據)?(正在加载|正在載入|加载中|載入中|loading)[.。…·\s]*$"
            r"|(您的|你的|当前)?浏览器(版本)?(不支持|过低|太旧|過低)|请(升级|更换)(您的)?浏览器|(启用|开启|啟用)\s*javascript"
            r"|^返回[^，。！？\s]{0,10}(首页|首頁|频道|頻道)$"
        ),
        30,
    ),
    (
        "nav_menu",
        _rx(
            r"^(服务条款|服務條款|使用条款|使用條款|隐私政策|隱私政策|私隐政策|私隱政策)(\s*[/|｜、]\s*(服务条款|服務條款|使用条款|使用條款|隐私政策|隱私政策|私隐政策|私隱政策))*$"
        ),
        20,
    ),
    # A page template the site never filled in ("@@status_text@@@@teacher_name@@：@@title@@").
    ("unrendered_template", _rx(r"@@\w+@@"), 120),
    (
        "prev_next",
        _rx(
            r"^[【\[]?(上一篇|下一篇|上一页|下一页|上一條|下一條|返回顶部|返回首页|打印本页|关闭窗口|打印|关闭|字号)[】\]]?"
        ),
        60,
    ),
    ("prev_next", _rx(r"上一页.{0,12}下一页|上一頁.{0,12}下一頁"), SHORT),
    # A pager's count, in either order: "共5页　第1页", "第2页 / 共3页", "1/5页 首页 下一页".
    (
        "prev_next",
        _rx(
            r"^(共\s*\d+\s*[页頁]|第\s*\d+\s*[页頁]|\d+\s*/\s*\d+\s*[页頁])"
            r"([\s　,，|/]*(共\s*\d+\s*[页頁]|第\s*\d+\s*[页頁]|首页|首頁|尾页|尾頁|上一页|上一頁|下一页|下一頁))*$"
        ),
        40,
    ),
    # Any wording of the pair: "« 前一条：… 后一条：… »", "上一则：…　下一则：…".
    (
        "prev_next",
        _rx(
            r"^\W{0,3}(上|前)一(篇|条|條|则|則|个|個)\s*[:：].{0,60}(下|后|後)一(篇|条|條|则|則|个|個)\s*[:：][^。！？]*$"
        ),
        200,
    ),
    # A site menu flattened onto one line: five or more words between bars ("首页|新闻|图片|评论|…").
    # (An item starts and ends with a non-space, so there is one way to split a line: no backtracking.)
    (
        "nav_menu",
        _rx(
            r"^_ITEM(\s*[|｜]\s*_ITEM){4,}$".replace(
                "_ITEM", r"[^|｜\s\d。，！？,.]([^|｜\d。，！？,.]{0,10}[^|｜\s\d。，！？,.])?"
            )
        ),
        400,
    ),
    (
        "related_list",
        _rx(
            r"^[【\[]?(相关(新闻|阅读|文章|报道|链接|推荐|专题)|相關(新聞|閱讀|文章)|推荐阅读|延伸阅读|热门(推荐|文章|新闻)|猜你喜欢|更多(精彩|新闻|推荐|内容|资讯)|往期(回顾|推荐)|热点推荐|(为你|为您|為你|為您|精彩|编辑|編輯|今日)推荐|(你|您)可能(感兴趣|會喜歡|会喜欢|还喜欢|喜欢)(的(文章|内容|新闻|资讯))?\W*$)"
        ),
        SHORT,
    ),
    # One related article under its label: "此前报道：港媒曝陈同佳出狱前首受访 称“对不起香港人”",
    # "推荐阅读：绥德交警：8月1日起，…" (a headline: no sentence ends in it).
    (
        "related_list",
        _rx(
            r"^[【\[]?(此前报道|此前報道|相关报道|相關報道|相关阅读|相關閱讀|相关新闻|相關新聞|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀"
            r"|背景阅读|背景閱讀|往期回顾|往期回顧|更多报道|更多報道)[】\]]?\s*[:：][^。！？!?]{4,60}$"
        ),
        80,
    ),
    # A bare call to click through: "点击进入专题：", "点击查看更多", "點擊進入商城".
    (
        "click_through",
        # (what is clicked may come between: "（点击图片可查看大图）", "点击下方链接阅读", "点击下方链接免费获取…资料")
        _rx(
            r"^[【\[(（]?(点击|點擊)[^，。！？!?\s]{0,6}?(进入|進入|查看|阅读|閱讀|观看|觀看|收看|下载|下載|放大"
            r"|获取|獲取|领取|領取|报名|報名|预约|預約|了解|购买|購買|咨询|諮詢)"
            r"[^。！？!?]{0,16}$"
        ),
        24,
    ),
    # A WeChat post's link to its source, alone: "阅读原文", "↓ 点击“阅读原文”".
    (
        "click_through",
        _rx(r"^[^\w\u4e00-\u9fff]*(点击|點擊|戳)?\s*[“\"「]?(阅读原文|閱讀原文)[”\"」]?[^\w\u4e00-\u9fff]*$"),
        16,
    ),
    (
        "app_promo",
        _rx(r"(下载|打开|下載|打開).{0,8}(客户端|APP|App)|客户端下载|客戶端下載|关注.{0,10}(公众号|微信号|视频号)"),
        SHORT,
    ),
    ("app_promo", _rx(r"^更多.{0,40}请关注\s*(www\.|https?://)\S+$"), 80),
    # A WeChat account's prompts: star it or pin it so as not to miss a post ("星标X，不错过每一篇推送"),
    # tap "在看" ("点个在看你最好看"), or a like before leaving ("点个赞再走"; not "为他们点个赞！", an
    # article's own last line).
    (
        "app_promo",
        _rx(
            r"^[^，。！？]{0,4}(设为星标|設為星標|星标|星標|置顶|置頂)[^，。！？]{0,12}[，,、\s]*(不错过|不錯過|第一时间|第一時間|及时|及時)"
            r"|点(个|個|一下|亮)?\s*[“\"「]?在看[”\"」]?|^点(个|個|一下)\s*(赞|讚)(再走|支持|吧|哦)"
        ),
        24,
    ),
    # A prompt to follow the site itself: "关注我们，获取更多资讯！", "欢迎关注本号", "记得订阅本站哦".
    (
        "app_promo",
        _rx(
            r"^[^，。！？]{0,4}(关注|關注|订阅|訂閱)(我们|我們|本号|本號|本站|本网|本網|本平台|小编|小編)"
            r"([，,、！!~～\s]|$|获取|獲取|了解|第一时间|第一時間|查看|阅读|閱讀|获得|獲得|不迷路|哦|吧)[^。！？]{0,16}[。！!~～]*$"
        ),
        30,
    ),
    # A related-article link with its date glued on ("…秦昊独家回应2024-05-08"): a sentence
    # stating a date has a label or a space before it ("成立日期：2019-05-15").
    ("related_list", _rx(r"^[^。]{8,50}[\u4e00-\u9fff？！!?”》)）]20\d{2}-[01]\d-[0-3]\d(\s+[0-2]\d:[0-5]\d)?$"), 70),
    ("nav_menu", _rx(r"^(热门搜索|熱門搜索|热搜词|搜索热词|热门标签|熱門標籤)\s*[:：]"), 120),
    # A section's title with its link to more: "快讯 | 更多 >", "查看更多>>", "MORE »".
    ("nav_menu", _rx(r"^([^，。！？|｜丨]{1,10}\s*[|｜丨]?\s*)?(查看更多|更多|more)\s*[>＞»›]{1,3}$"), 24),
    ("separator", _rx(r"^[\s|｜·•\-—_/>＞]{0,4}$"), 4),
    # A line of punctuation or geometric marks and nothing else: "◆ ◆ ◆", "＊＊＊", "· · ·". Not emoji
    # or replacement characters, which a post may use as its own pictures.
    # (Two marks at least: a lone "<" or "+" is a widget's button, which other passes read in context.)
    ("separator", _rx(r"^(?=.*[^\s].*[^\s])[^\w\ufffd\u2600-\u27bf\U0001f000-\U0001faff]+$"), 20),
    (
        "ad_widget",
        _rx(
            r"广告.{0,12}(意见|建议|不感兴趣|与我无关|不安|为什么|关闭)|(为什么|我不断|这个).{0,8}广告|^不感兴趣|^(以上|以下)广告|^广告$"
        ),
        25,
    ),
    # The article's end mark, however it is dressed: "（完）", "【全文完】", "—— 完 ——", "- THE END -".
    (
        "end_marker",
        _rx(
            r"^[^\w\u4e00-\u9fff]*((全文|本文|本章|本篇|正文)?完|(the\s*)?end|感谢(收听|收聽|阅读|閱讀|观看|觀看|收看))[^\w\u4e00-\u9fff]*$"
        ),
        16,
    ),
    # ... in brackets with a word to the reader after it: "（本章完，求月票～）", "（全文完，感谢阅读）".
    (
        "end_marker",
        _rx(r"^[(（【\[]\s*(全文|本文|本章|本篇|正文)完\s*[，,、~～!！][^()（）【】\[\]]{0,16}[)）】\]]$"),
        24,
    ),
    (
        "copyright",
        _rx(
            r"版权所有|版權所有|copyright|©|\(c\)\s*\d{4}|all rights reserved|^版权声明|^版權聲明|^免责声明|^免責聲明"
            r"|如有侵权[，,]?\s*请(联系|告知|与)|如有侵權[，,]?\s*請(聯繫|告知|與)|^[(（]?侵删[)）]?$"
        ),
        SHORT,
    ),
    # A site's word on copyright complaints, however long: "如发现本站文章存在版权问题，烦请联系…我们将及时处理。"
    (
        "copyright",
        # (an "if" opens it: "双方就版权问题联系了律师" is news)
        _rx(
            r"(如|若|倘若|涉及|凡)[^。！？]{0,12}(版权|版權|侵权|侵權)(问题|問題|事宜|纠纷|糾紛)[^。！？]{0,10}"
            r"(联系|聯繫|聯系|告知|来信|來信|来电|來電)"
        ),
        120,
    ),
    ("copyright", _rx(r"^notice: the content above"), 400),
    # A labelled notice is one however it reads: "版权声明：本文为博主原创文章，…转载请附上原文出处链接和本声明。"
    ("copyright", _rx(r"^[(（【\[]?\s*(版权声明|版權聲明|免责声明|免責聲明)\s*[:：]"), 400),
    # A finance site's labelled investment disclaimer: "声明：…仅供参考，不构成实质性投资建议，据此操作风险自担。"
    # (Unlabelled, as 证券之星 ends its data reports, such a line is left to the model: the article
    # bodies our generated pages are scored with keep it.)
    (
        "disclaimer",
        _rx(
            r"^[【\[(（]?(声明|聲明|风险提示|風險提示|特别提示|特別提示)[】\])）]?\s*[:：].{0,80}"
            r"((不构成|不構成|并非|並非).{0,8}(投资|投資)建议|据此操作.{0,4}风险自担|據此操作.{0,4}風險自擔)"
        ),
        160,
    ),
    # A short risk notice is one by its label alone: "风险提示：市场有风险，投资需谨慎。" (a fund's
    # paragraph under that label, in CRUD_RAG, is left to the model as above).
    ("disclaimer", _rx(r"^[【\[(（]?(风险提示|風險提示)[】\])）]?\s*[:：]"), 30),
    # The text's or the comments' own word that they speak for their author alone: "本文仅代表作者个人观点。",
    # "——以上回答仅代表个人观点", "所有评论仅代表网友意见". Said of the text itself, at the line's start:
    # an article's "他说这仅代表个人观点" is news.
    (
        "disclaimer",
        _rx(
            r"^[\s—–\-－~～…·*※]*[(（【\[]?\s*(以上|上述|本文|此文|该文|該文|文章|全文|本篇|本回答|回答|内容|內容"
            r"|所有评论|所有評論|评论|評論|网友评论|網友評論|本帖|帖子)[^，。！？,!?]{0,10}(仅|僅|只)代表"
            r"([^，。！？,!?]{0,12}(观点|觀點|看法|意见|意見|立场|立場)|(作者|笔者|筆者|网友|網友)(本人|个人|個人)?(?=[，。！,.!]|$))"
        ),
        80,
    ),
    # Where a forum post was sent from: "本帖来自X手机版", "——来自X APP", "发自我的iPhone".
    (
        "platform_notice",
        _rx(
            r"^[\s—–\-－~～]*(本帖|此帖|该帖|該帖)?\s*(来自|來自|发自|發自)\s*(我的)?[^，。！？,!?\s]{0,12}\s*"
            r"(手机版|手機版|客户端|客戶端|app|iphone|ipad|android|安卓|移动版|移動版|手机|手機)\s*$"
        ),
        SHORT,
    ),
    # A platform's hosting notice: never article text, wherever it stands.
    ("platform_notice", _rx(r"仅提供信息存储(空间)?服务|僅提供信息存儲(空間)?服務"), 200),
    # The platform's note that a machine voiced, wrote or summed up the text: "本文音频由AI合成",
    # "（本文由AI辅助生成，经编辑审核）"; said of the text, not of a picture in the story ("由AI生成的图片…").
    (
        "platform_notice",
        _rx(
            r"^[(（【\[]?\s*(?=本文|本期|以上|此文|音频|音頻|语音|語音|配音|朗读|朗讀|摘要)(本文|本期|以上|此文)?"
            r"(音频|音頻|语音|語音|配音|朗读|朗讀|播报|播報|摘要|内容|內容|节目|節目)?\s*(由|为|為|系)\s*"
            r"(AI|ai|人工智能|智能语音|智能語音|机器|機器|大模型)[^，。！？]{0,10}(合成|生成|朗读|朗讀|播报|播報|辅助|輔助|撰写|撰寫|整理)"
            r"[^。！？]{0,12}[)）】\]]?[。]?$"
        ),
        SHORT,
    ),
    # A line of counters and nothing else, however a site words them: "4.4万次播放", "阅读 10万+", "浏览次数：5678",
    # "2345人看过", "阅读 1234 · 点赞 56 · 在看 7", "评论（191）". Every such line of the shared corpus (87, GNE's and
    # magic-html's pages) is a widget's; an article's counts come with words around them.
    ("counter", _rx(rf"^\s*{_COUNT_ITEM}(\s*[·|｜/、,，•]?\s*{_COUNT_ITEM})*\s*$"), 40),
]

EDGE: list[tuple[str, re.Pattern, int]] = [
    # The text's word that it is not the site's view, or not the site's word on its truth, opening as the
    # text's own word: "本文来自网络，不代表光阳高考网立场。", "（本文系作者投稿，不代表X立场）",
    # "（以上职位信息由企业提供，X不对其真实性负责）".
    # At a page's edge (and glued onto the last sentence): taken anywhere, it went before the article was
    # found, and a WeChat post on thepaper (GNE tests/thepaper/2.html) lost the lines above its footer.
    (
        "disclaimer",
        _rx(
            r"^[\s—–\-－~～…·*※]*[(（【\[]?\s*(以上|上述|本文|此文|该文|該文|文章|本篇|内容|內容|本内容|本內容|本帖|帖子"
            r"|本站|本网|本網|本平台)[^。！？!?]{0,30}(不代表[^。！？!?]{0,20}(观点|觀點|看法|立场|立場)"
            r"|不对[^，。！？,!?]{0,12}(真实性|真實性|准确性|準確性|完整性)[^，。！？,!?]{0,8}(负责|負責|保证|保證|承担|承擔))"
        ),
        80,
    ),
    # Lone numbers are view/comment counters at the edges, but table cells inside an article.
    ("counter", _rx(r"^\d{1,6}$"), 6),
    # A site's registration, as a footer prints it beside or instead of its ICP number: "统一社会信用代码：
    # 91110000717828315T", "政府网站标识码：bm06000004", "营业执照注册号：110000012345678". At a page's edge only:
    # a notice that lists companies with their codes is an article's own.
    (
        "icp",
        _rx(
            r"(统一社会信用代码|統一社會信用代碼|网站标识码|網站標識碼|营业执照注册号|營業執照註冊號|营业执照编号"
            r"|工商注册号|工商註冊號|组织机构代码|組織機構代碼)\s*[:：]?\s*[0-9A-Za-z]{8,18}(?![0-9A-Za-z])"
        ),
        80,
    ),
    # A market or city widget's figures, a label and numbers only: "沪指 3123.4　+0.5%", "汇率：1美元=7.3元",
    # "今日金价　¥560/克", "限行尾号：3和8": a price, or two figures at least. (One figure under a label is
    # as often an article's last line, a table's total; a headline with a figure has more words.)
    (
        "page_widget",
        _rx(
            r"^[\u4e00-\u9fffA-Za-z/]{1,8}(\s+|\s*[:：]\s*)"
            r"([¥￥$]\d[\d.,]*\s*(%|元|美元|克|点|點|号|號|万|亿|億|/克|/升|元/克|元/升|℃)?([\s=／/和、~～]+[¥￥$]?[+\-]?\d[\d.,]*\s*(%|元|美元|克|点|點|号|號|万|亿|億|/克|/升|元/克|元/升|℃)?){0,3}|[+\-]?\d[\d.,]*\s*(%|元|美元|克|点|點|号|號|万|亿|億|/克|/升|元/克|元/升|℃)?([\s=／/和、~～]+[¥￥$]?[+\-]?\d[\d.,]*\s*(%|元|美元|克|点|點|号|號|万|亿|億|/克|/升|元/克|元/升|℃)?){1,3})$"
        ),
        32,
    ),
    (
        "breadcrumb",
        # arrows as a path's steps: the ASCII and angle forms anywhere, the drawn ones (→ ➤ ▸ ⇒) in a
        # short line with no sentence punctuation, since an article may write a procedure with them
        _rx(
            r"^[^，。：:]{0,6}(位置|位置导航|位置是)\s*[:：]|^首页\s*[>＞»›→➤▸▶►⇒]|\S\s*[>＞»›]\s*\S.*[>＞»›]"
            r"|^(?=[^，。；！？]{0,40}$)\S+\s*[→➤▸▶►⇒]\s*\S.*[→➤▸▶►⇒]"
        ),
        80,
    ),
    (
        "byline",
        _rx(
            r"(发布时间|發佈時間|发表时间|發表時間|发稿时间|更新时间|時間|时间)\s*[:：]|^[(（【\[]?(本文|信息|文章|稿件|新闻|新聞|消息)?(来源|來源|作者|记者|記者|通讯员|撰文|摄影|攝影|图|文)\s*[:：|丨｜/]|^(来源|來源)\s+\S{2,20}$"
        ),
        80,
    ),
    ("byline", _rx(r"^(记者|記者|本报记者|本報記者|通讯员|作者)\s*\S{2,4}(\s+\S{1,4}){0,4}$|^文\s*/\s*\S+"), 30),
    # Who wrote a column or presents an episode, with a name and nothing else: "专栏作者 周扬", "本期主播：郑凯".
    # (Not a bare "主持人：", which opens a line of a transcript.)
    (
        "byline",
        _rx(
            r"^(专栏作者|專欄作者|特约作者|特約作者|本期主播|本期主持|本期嘉宾|本期嘉賓|主播|主持人)\s*[:：]?\s*[\u4e00-\u9fff·]{2,4}$"
            r"|^(专栏作者|專欄作者|特约作者|特約作者|本期主播|本期主持)\s*[:：]?\s*[\u4e00-\u9fff·]{2,4}(\s+\S{2,4}){0,3}$"
        ),
        20,
    ),
    # An outlet's name in brackets, alone on a line at the page's edge: "【蓝鲸证券网】", "[溪山网]". Not
    # the words a column's name ends in as often (观察, 财经: magic-html keeps "【短视频文化现象观察】").
    (
        "source_note",
        _rx(
            r"^[【\[(（][^，。！？()（）【】\[\]\s]{2,12}(网|網|日报|日報|晚报|晚報|早报|早報|时报|時報|新闻|新聞"
            r"|资讯|資訊|在线|在線|头条|頭條|融媒|融媒体中心|融媒體中心|新闻中心|新聞中心|快报|快報|快讯|快訊|电台|電台|广播|廣播|FM|之窗|门户|門戶|传媒|傳媒|客户端|客戶端)[】\])）]$"
        ),
        16,
    ),
    # The print edition a story ran in: "《 人民日报 》（ 2023年08月03日 03 版）".
    ("byline", _rx(r"^《\s*[^》]{2,12}\s*》\s*[（(]\s*\d{4}\s*年[^）)]{0,16}版\s*[)）]$"), 40),
    ("dateline", _rx(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s*\d{1,2}:\d{2}(:\d{2})?)?"), 60),
    (
        "copyright",
        _rx(
            r"版权|版權|广告声明|特别声明|^声明[:：]|copyright|©|保留所有权利|all rights reserved"
            r"|免责|免責|转载|轉載|未经.{0,10}(许可|授权|同意)|仅代表作者|僅代表作者|不代表本(站|网)"
        ),
        400,
    ),
    (
        "contact",
        _rx(
            r"(电话|電話|热线|熱線|传真|傳真|邮箱|郵箱|e-?mail|邮编|郵編|地址|联系我们|聯繫我們|QQ)\s*[:：]|[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{2,3}-?\d{7,8}\b|\b1[3-9]\d{9}\b"
        ),
        120,
    ),
    (
        "site_header",
        _rx(
            r"^[\u4e00-\u9fffA-Za-z0-9·]{2,16}\s*[-_|—–·]\s*[\u4e00-\u9fffA-Za-z0-9·]{2,20}(网|網|站|报|報|台|频道|頻道|新闻|新聞|资讯|資訊)$"
        ),
        40,
    ),
    ("site_header", _rx(r"^(山西大院|大院网|.{2,10}(新闻网|资讯网|新聞網|網站|网站))$"), 20),
    # A page's title bar, a name and a slogan (or a title and the site) between spaced dashes or bars:
    # "云端科技网 - 科技改变生活". Headlines join their parts with a colon or a comma, not " - ".
    (
        "site_header",
        # (not a breadcrumb from 首页, which the menu passes read with the menu above it)
        _rx(r"^(?!首页|首頁)[\u4e00-\u9fffA-Za-z0-9·]{2,12}\s+[-–—|｜_]\s+[\u4e00-\u9fffA-Za-z0-9·]{2,12}$"),
        30,
    ),
    ("url_line", _rx(r"^(本文(地址|链接|網址|网址)|原文(链接|地址)|来源网址)\s*[:：]|^https?://\S+$"), 200),
    ("about_site", _rx(r"^关于(本站|我们|我們|.{2,12}(网|網|站))$"), 20),
    ("tags", _rx(r"^(标签|標籤|关键词|關鍵詞|关键字|關鍵字|tags?)\s*[:：]"), 60),
    # The section a page files the story under: "所属栏目：民生", "分类：财经" (a label and one word).
    (
        "tags",
        _rx(
            r"^(所属|所屬|本文所属|归属|歸屬)?(栏目|欄目|频道|頻道|分类|分類|类别|類別)(\s*[:：]\s*|\s+)[^\s，。！？:：]{1,8}$"
        ),
        20,
    ),
    ("site_header", _rx(r"^(本站|网站|網站)(公告|通知)"), 40),
    # A picture's credit in a footer, "图 | 网络" (a pipe: "图：" opens a caption an article keeps).
    ("photo_credit", _rx(r"^(图|圖|图片|圖片)\s*[|｜丨]\s*[^，。！？|｜丨]{1,12}$"), 20),
]

# A reprint notice that ends the text ("*文汇独家稿件，转载请注明出处。"): long enough to pass for the
# last body paragraph, so it is looked for there too, not only in the footer zone. The notice is the
# whole line: a sentence before it is the article's.
REPRINT_NOTICE = (
    "reprint_notice",
    _rx(
        r"^[^。！？!?]{0,40}(转载[，,]?\s*(时|时务|务)?请注明(出处|来源)?|轉載時?務?請註明(出處|來源)|请勿转载|請勿轉載|"
        r"未经.{0,6}(授权|许可).{0,4}不得转载|(禁止|严禁|谢绝|嚴禁|謝絕)转载)"
        # and the legal warning that may follow it: "…禁止转载。请尊重知识产权，违者本司保留追究责任的权利。"
        r"([。.！!]?|[。.！!；;]\s*[^。！？!?]{0,40}(知识产权|追究|法律责任|版权)[^。！？!?]{0,20}[。.！!]?)$"
    ),
    120,
)
EDGE.append(REPRINT_NOTICE)

# The heading of a page's back matter: notes, references, external links, see also (an
# encyclopedia entry's, a long article's), alone on its line, with the edit link some wikis print
# beside it. On a page it ends the article, as a reprint notice does: what follows is citations
# and link lists, which read like sentences and dates.
BACK_MATTER = (
    "back_matter",
    _rx(
        r"^(注释|註釋|注解|註解|脚注|腳註|参考文献|參考文獻|参考资料|參考資料|参考来源|參考來源|外部链接|外部鏈接|外部連結|"
        r"参见|參見|相关条目|相關條目)\s*(\[(编辑|編輯)\]|(播报)?编辑)?$"
    ),
    30,
)

FOOTER_MARKERS = _rx(
    r"^.{0,12}(版权|版權)(及|和|与|與)?(免责|免責)?(声明|聲明)|^[【\[(（]?(版权声明|版權聲明|免责声明|免責聲明|版权所有|版權所有|copyright|©|留言与评论|发表评论|网友评论|相关(新闻|阅读|文章|报道|链接)|推荐阅读|延伸阅读|猜你喜欢|往期(回顾|推荐)|热门推荐|上一篇|下一篇|关于(本站|我们|.{2,12}(网|網|站))$|分享到|网友评论仅供)"
)

# Markers that start boilerplate inside a run-on line; used to split its tail (and head) into segments.
TAIL_MARKERS = re.compile(
    r"(返回搜狐[，,]?\s*查看更多|(?<![\u4e00-\u9fff])?责任编辑[:：]|【责任编辑|广告声明[:：]|免责声明[:：]|【原标题】|原标题[:：]|"
    r"编辑\s*[|丨｜:：]|编辑\s+\S{2,4}\s*校对|校对\s*[|丨｜:：]|来源\s*[|丨｜:：]|相关阅读[:：]|往期回顾|点击文字可直接跳转|"
    r"更多精彩内容请|本文来自微信公众号|特别声明[:：]|声明[:：]\s*(本文|转载|本网|本站)|[（(]注[:：]\s*此文|风险提示及免责条款|(?<![\u4e00-\u9fff])文/\S{2,12}记者|"
    r"分享让更多人看到|如遇作品内容|[\u4e00-\u9fff]{0,6}版权作品[，,]|【(此文系转载|原创版权)|投稿邮箱[:：]|责编[:：]|(?<=[）)。])作者[:：]|本文(属于|系|为)原创|\*\S{0,8}独家稿件|[（(]编辑\s*/|《\s*[^》]{2,12}\s*》\s*[（(]\s*\d{4}\s*年[^）)]{0,16}版\s*[)）](?=\s*($|返回搜狐|分享让更多人看到|责任编辑|\[?\s*责编)))"
)
# A literal that every TAIL_MARKERS match holds within its first 7 characters. Python's re cannot
# skip ahead on TAIL_MARKERS (one branch may start at any Han character), so a line is scanned with
# these, and TAIL_MARKERS is tried only at the positions up to 6 characters before a hit.
TAIL_MARKER_HINTS = re.compile(
    r"编辑|校对|来源|声明|原标题|返回搜狐|相关阅读|往期回顾|点击文字|更多精彩|本文|注[:：]|风险提示|文/|分享让|如遇作品|"
    r"版权作品|此文系转载|原创版权|投稿邮箱|责编|作者|\*|《"
)


def tail_markers(line: str, pos: int = 0) -> list[re.Match]:
    """``TAIL_MARKERS.finditer(line, pos)``, tried only where a match can start: from 6 characters
    before each hint to the hint's last character (a hint that overlaps a found one starts inside it)."""
    found: list[re.Match] = []
    for hint in TAIL_MARKER_HINTS.finditer(line, pos):
        p = max(pos, hint.start() - 6)
        while p < hint.end():
            m = TAIL_MARKERS.match(line, p)
            if m:
                found.append(m)
                p = pos = m.end()
            else:
                p += 1
        pos = max(pos, p)
    return found


# A crawler's metadata glued before the body: "[2023-08-14 12:29]，正文：", "来源：央视网 | 2023年07月20日
# 08:57:43，正文：", "记者：高倩，正文：", "2023-07-25 23:48:06来源: 极目新闻 北京 举报 ，正文：".
HEAD_CRAWLER = re.compile(r"^[^，。！？\n]{0,60}?[，,]\s*正文[:：]\s*")
HEAD_REPOST = re.compile(r"^(本文)?(转自|轉自|转载自|转载于)\s*[【\[]?[^】\]；;。\n]{1,20}[】\]]?\s*[；;。，,：:]\s*")
# Ads pasted into the body with a close button: "广告创业项目没思路？看这里！×".
INLINE_AD = re.compile(r"广告[^。！？\n]{0,30}?[。！？]?[^。！？\n]{0,20}?×")
INLINE_ORIGINAL_TITLE = re.compile(r"^(新闻)?原标题[:：]\s*")

# A label on a line of its own, its value on the next ("来源：" / "中国青年报").
BARE_LABEL = re.compile(
    r"^(来源|來源|作者|记者|記者|编辑|編輯|责任编辑|責任編輯|标签|標籤|关键词|關鍵詞|关键字|關鍵字)\s*[:：]$"
)

# A feed card: a headline, its teaser cut off mid-sentence, then a full timestamp. An article's
# paragraphs end their sentences, so two such cards on a page are a news feed, wherever they stand.
FEED_STAMP = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}(:\d{2})?$")


# Rules for the last pieces of a document's last line only (a run-on article with its credits glued
# on): as whole lines inside a page, references keep such credits beside the article's pictures.
TAIL_PIECE: list[tuple[str, re.Pattern, int]] = [
    # Where the text came from, said of the text: "本文来自X，作者：Y", "本文转自X"; and its address.
    (
        "source_note",
        # (not a sentence about what it grew from: "本文来自于他多年的研究积累。")
        _rx(
            r"^(本文|文章|此文)(来自|來自|转自|轉自|来源于|來源於|源自|选自|選自)(?![^。！？]*的)[^。！？]{2,24}[。！]?$"
        ),
        SHORT,
    ),
    # Who made or supplied the text, said of the text: "本文由盖饭娱乐原创，欢迎关注…！", "——本文由X整理发布".
    (
        "source_note",
        _rx(
            r"^[\s—–\-－~～]*(本文|此文|该文|該文|本篇)由[^。！？!?]{2,30}?(原创|原創|整理|编辑|編輯|编译|編譯|提供|供稿|发布|發布|出品)"
            r"[^。！？!?]{0,24}[。！!]?$"
        ),
        80,
    ),
    ("url_line", _rx(r"^(本文(地址|链接|網址|网址)|原文(链接|地址|網址|网址)|来源网址)\s*[:：]\s*\S+$"), 200),
    # Who made the piece, set off by a bar or in brackets: "｜X出品", "（图文：X）", "（图/文 X）". Not a
    # reporter's sign-off, which is the article's own.
    (
        "photo_credit",
        _rx(
            r"^[|｜丨]\s*[^，。！？\s|｜丨]{2,16}(出品|制作|製作|监制|監製)$"
            r"|^[(（【\[](?![^)）】\]]*(记者|記者))\s*(图文|圖文|文图|文圖|图/文|圖/文|文/图|文/圖)\s*[:：/]?\s*[^()（）【】\[\]，。！？]{2,12}[)）】\]]$"
        ),
        SHORT,
    ),
    # Bracketed, a labelled source of any name ("【来源：长风在线】"), a compiler's note ("（翠湖新闻综合报道）",
    # not a reporter's "（记者 张三 综合报道）"), or who supplied the piece ("（此稿件由X提供）").
    (
        "source_note",
        _rx(
            r"^[(（【\[]\s*(本文|文章|稿件)?(来源|來源|稿源|转自|轉自|综合自|綜合自|原载于|原載於)\s*[:：丨|]\s*[^()（）【】\[\]，。！？]{2,16}[)）】\]]$"
            r"|^[(（【\[](?![^)）】\]]*(记者|記者|通讯员|通訊員))[^()（）【】\[\]，。！？]{2,16}(综合报道|綜合報道|综合整理|綜合整理)[)）】\]]$"
            r"|^[(（【\[]\s*(此稿件|此稿|本稿|本文|稿件|内容|內容)(由|来自|來自)[^()（）【】\[\]，。！？]{2,16}[)）】\]]$"
            r"|^[(（【\[]\s*由[^()（）【】\[\]，。！？]{2,16}(提供|供稿)[)）】\]]$"
        ),
        SHORT,
    ),
    # A site's notes on what it printed: "（文中图片均来自网络）", "（本文系X独家稿件）", and the
    # finance sites' "投资有风险，入市需谨慎。"
    (
        "source_note",
        _rx(
            r"^[(（【\[]?\s*(文中|文内|本文|部分)?(图片|配图|圖片)(均|皆)?(来自|來自|来源于|來源於|源自|取自)(网络|網絡|互联网|互聯網)[^，。！？]{0,12}[)）】\]]?$"
            r"|^[(（【\[]?\s*(本文|此文|本稿)(系|为|為|是)[^，。！？()（）]{2,16}(独家|獨家|原创|原創|首发|首發)[^，。！？()（）]{0,4}[)）】\]]?$"
            r"|^[(（]?(股市|投资|投資|入市|市场|市場|理财|理財)有风险[，,、]\s*(投资|投資|入市|选择|選擇)[需须須要]谨慎[。！!]?[)）]?$"
        ),
        SHORT,
    ),
    # Where the story came from, as a piece of its own: "（央视新闻客户端）", "(外交部网站)", "转自 | 九派新闻",
    # "据红星新闻", "综合自：健康时报". A bracketed one ends in an outlet's word, so a reporter's sign-off
    # ("（本网记者）", "（宋友缘）") is not one; "据了解", "据悉" open sentences.
    (
        "source_note",
        _rx(
            r"^[(（【\[]\s*(据|来源|來源|稿源|转自|轉自|综合自|综合|原载于|原載於)?\s*[:：丨|]?\s*"
            r"[^()（）【】\[\]，。！？\s]{2,16}(客户端|網站|网站|官网|官微|网|網|日报|日報|晚报|晚報|早报|早報|时报|時報|新闻|新聞|电视台|公众号"
            r"|资讯|資訊|在线|在線|头条|頭條|融媒|融媒体中心|融媒體中心|新闻中心|新聞中心|快报|快報|快讯|快訊|电台|電台|广播|廣播|FM|之窗|门户|門戶|传媒|傳媒|热线|熱線|编辑部|編輯部)\s*[)）】\]]$"
            r"|^(据(?!了解|悉|介绍|報道|报道|统计|統計|称|稱|说|說)|转自|轉自|综合自|綜合自|稿源|资料|資料|来源|來源|综合|綜合)\s*[:：丨|]?\s*"
            r"[^，。！？\s()（）]{2,20}$"
        ),
        SHORT,
    ),
    # A photograph's credit: "摄影：郑斌", "图文：陈卓", "王铁良 摄", "图源：视频截图", "通讯员供图",
    # "图自越城网信官微".
    # Not a reporter's ("新华社记者 李梦馨 摄": magic-html's reference keeps it as the article's, as we
    # keep sign-offs), nor a bare "图：", which opens a caption an article may keep.
    (
        "photo_credit",
        _rx(
            r"^(?![^，。！？]*(记者|記者))[^，。！？]{0,12}(摄影|攝影|图源|圖源|图片来源|圖片來源|配图来源|图片提供|制图|製圖|图文|圖文)\s*[:：/丨|]\s*[^，。！？]{1,24}$"
            r"|^(?![^，。！？]*(记者|記者))[^，。！？]{2,24}\s(摄|攝)$|^[^，。！？\s]{2,12}供图$|^图(自|源自)[^，。！？\s]{2,16}$"
            r"|^(图|圖|图片|圖片)\s*[|｜丨]\s*[^，。！？|｜丨]{1,12}$"
        ),
        SHORT,
    ),
    # Any other bracketed note glued after the article's last sentence: a reviewer's credit, a
    # disclaimer, a compiler's or a correspondent's note. On the corpus's labelled end pieces
    # (bench/real_tail_labels.json) every bracketed one is boilerplate but the sign-offs: not one that
    # names a reporter or a correspondent, nor names alone ("（宋友缘）", "（张春晓 范洪艳 李政）"), nor
    # an op-ed's author note, which magic-html's references keep ("（作者韩涵系政邦智库研究员）",
    # "（经济日报评论员）"). A note says what it is: a label's colon or slash, or a word about the text,
    # its data or its making; a bracketed phrase of the story's own ("（由于天气原因）") is none.
    (
        "bracketed_note",
        _rx(
            r"^(?![(（]\s*[\u4e00-\u9fff]{2,4}(?:[\s\u00a0、，,]+[\u4e00-\u9fff]{2,4}){0,4}\s*[)）]$)"
            r"[(（【\[](?![^)）】\]]*(记者|記者|通讯员|通訊員|作者|评论员|評論員|撰稿))"
            r"(?=[^)）】\]]*([:：/|｜丨]|以上|本文|此文|文中|全文|本站|本网|本網|仅供|僅供|为准|為準|审核|審核|编译|編譯|校对|校對"
            r"|整理|提供|声明|聲明|版权|版權|转载|轉載|图片|圖片|视频|視頻|数据|數據|信息|资料|資料|来源|來源|编辑|編輯|监制|出品))"
            r"[^()（）【】\[\]]{2,60}[)）】\]]$"
        ),
        80,
    ),
]


def match(rules: list[tuple[str, re.Pattern, int]], line: str) -> str | None:
    """The id of the first rule that removes this line, if any."""
    if len(rules) < 8:  # a list made for the call ([REPRINT_NOTICE]): not worth a table
        return next((r for r, p, max_len in rules if len(line) <= max_len and p.search(line)), None)
    table = _BY_LENGTH.get(id(rules))
    if table is None or table[0] is not rules:
        table = _BY_LENGTH[id(rules)] = (rules, *_by_length(rules))
    _, limits, applicable = table
    i = bisect.bisect_left(limits, len(line))
    for rule_id, pattern in applicable[i] if i < len(limits) else ():
        if pattern.search(line):
            return rule_id
    return None


# A rule list's rules by the line lengths they apply to: most rules are for short lines, and the
# passes and the model ask every list about each paragraph.
_BY_LENGTH: dict[int, tuple] = {}


def _by_length(rules: list[tuple[str, re.Pattern, int]]):
    """The distinct length limits, ascending, and for each the rules (in order) whose limit is at
    least it: a line of length n meets those of the first limit >= n."""
    limits = sorted({max_len for _, _, max_len in rules})
    return limits, [[(r, p) for r, p, max_len in rules if max_len >= limit] for limit in limits]


_REMEMBERED = 200  # characters: template lines are short; a paragraph is seen once
# Lines remembered per process. A batch's recurring lines are its sites' templates, a few thousand;
# 65,536 held a worker's every short line (about 14 MiB each list on 100,000 documents) for no speed
# (session 26: 90,000 bench documents took no longer with 16,384).
_REMEMBERED_LINES = 1 << 14


@lru_cache(maxsize=_REMEMBERED_LINES)
def _anywhere_remembered(line: str) -> str | None:
    return match(ANYWHERE, line)


@lru_cache(maxsize=_REMEMBERED_LINES)
def _edge_remembered(line: str) -> str | None:
    return match(EDGE, line)


# A reporter's sign-off ends an article and is its own: "（总台记者 田萌 陈诚）", "（本网记者）",
# "澎湃新闻记者 段彦超 廖艳", "中国山东网记者 葛婷婷 报道". Names only after the title: a credit that
# also names an editor, a reviewer or a producer is the site's ("…记者周雨禾编辑万璇【爆料】").
SIGN_OFF = re.compile(
    r"^\s*[(（]?[^()（），。！？:：]{0,12}(记者|記者|通讯员|通訊員)[\s:：]*"
    r"([\u4e00-\u9fff]{2,4}([\s、,，]+(实习生|實習生|通讯员|通訊員)?\s*[\u4e00-\u9fff]{2,4}){0,4})?\s*(报道|報道)?\s*[)）]?\s*$"
)
_NOT_A_REPORTER = re.compile(
    r"编辑|編輯|审核|審核|校对|校對|监制|監製|制片|製片|统筹|統籌|责编|責編|编审|二审|三审|摄|攝|供图|来源|來源|据"
)


# Reporters' names alone in brackets, as agencies sign ("（张春晓 范洪艳 李政）"): two to five names.
_NAMES_SIGN_OFF = re.compile(r"^\s*[(（]\s*[\u4e00-\u9fff]{2,4}([\s、]+[\u4e00-\u9fff]{2,4}){1,4}\s*[)）]\s*$")
# One name alone in brackets ("（宋友缘）", "（林泽宇）" after CRUD_RAG articles) is a sign-off only when it
# opens with one of the hundred commonest surnames: other short bracketed words are notes ("（资料图）",
# "（新华社）", "（原创）"). Both scripts: the rules may read a page before its conversion.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "張劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸賈韋鄒閆龍賀顧龔萬錢嚴湯"
)
_NAME_SIGN_OFF = re.compile(rf"^\s*[(（]\s*[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}\s*[)）]\s*$")


def is_sign_off(piece: str) -> bool:
    return bool(SIGN_OFF.match(piece) or _NAMES_SIGN_OFF.match(piece) or _NAME_SIGN_OFF.match(piece)) and not (
        _NOT_A_REPORTER.search(piece)
    )


def tail_piece_rule(piece: str) -> str | None:
    return match(TAIL_PIECE, piece)


def anywhere_rule(line: str) -> str | None:
    """``match(ANYWHERE, line)``, remembered for short lines: the passes and the model ask it of the
    same lines, and a site's template lines recur across its documents."""
    return _anywhere_remembered(line) if len(line) <= _REMEMBERED else match(ANYWHERE, line)


_BUTTON = re.compile(r"[【\[]([^【】\[\]，。！？,!?]{1,16})[】\]]")


def button_row_rule(line: str) -> str | None:
    """A row of bracketed buttons ("【字体：放大 正常 缩小】【打印此页】【关闭窗口】") goes with the rule
    that names one of its buttons: a rule anchored at a line's start sees only the first."""
    if line[:1] not in ("【", "["):
        return None
    buttons = _BUTTON.findall(line)
    if len(buttons) < 2 or _BUTTON.sub("", line).strip():
        return None
    for button in buttons:
        rule = anywhere_rule(f"【{button}】") or anywhere_rule(button.strip())
        if rule:
            return rule
    return None


def edge_rule(line: str) -> str | None:
    """``match(EDGE, line)``, remembered likewise."""
    return _edge_remembered(line) if len(line) <= _REMEMBERED else match(EDGE, line)


def is_body(line: str) -> bool:
    """A paragraph of the article: a headline has commas too, but rarely a full stop."""
    return (
        (len(line) >= 30 and bool(END_PUNCT.search(line)))
        or (len(line) >= 50 and bool(SENTENCE_PUNCT.search(line)))
        or len(line) >= 80
    )


def body_span(lines: list[str]) -> tuple[int, int]:
    """First and last line that reads as an article paragraph, (len(lines), -1) when none: what
    lies outside is the document's header and footer."""
    body = [i for i, line in enumerate(lines) if is_body(line)]
    return (body[0], body[-1]) if body else (len(lines), -1)
