"""Boilerplate removal on furniture worded afresh: vocabularies written before any run on them.

    python bench/eval_fresh_wordings.py [--pages 600] [--corpus ../shared/corpus]

bench/site_furniture.py's held-out folds split one vocabulary that we wrote, and the model's kinds of
furniture came from it; a new site words things we did not think of. So two more vocabularies were
written, each before the cleaner ran on it, around the other half of the CRUD_RAG bodies (the model
never trained on them): headers and footers of other kinds and wordings, some with the article's
headline, some with a piece glued onto its last sentence, and 15% bare articles.
- ``development``: its first run found kinds the generator had none of (weather and date widgets,
  reading time, lists of a site's accounts, prompts to comment, correction links, bare labels,
  tags, photo credits, a government site's organisers); site_furniture.EXTRA_POOLS adds those
  kinds in wordings of its own. Since then it is no held-out figure.
- ``development, round two``: written after the first round's change and run on it (its first
  run, 0.794 of its lines removed, is that code's held-out figure); its misses gave the second
  round of kinds (page machinery notices, display tools, pagination, calls for tips, links home,
  source notes, sponsor labels, thanks). Since then it is no held-out figure either.
- ``held out``: written with the first, run for its summary only, before and after each round;
  its lines were never looked at one by one, and nothing was changed for it. We wrote it too,
  though, and the kinds we added later came from the same heads: a weaker test than a stranger's.
- ``development, round three`` and ``held out, session 17``: written together in session 17 before
  either was run (commit 0a18cec). The first run of both, on session 16's code, is a held-out
  figure for that code; the third development vocabulary's misses were read and led to rule
  changes (arrow breadcrumbs), so it is tuned since; the sealed one was run for its summary only.
- ``development, round five`` and ``held out, session 19``: written together in session 19 and
  committed before either was run; their first run is a held-out figure for that commit's code.
- ``development, round six``: written after round five's rules and committed before its first run;
  ``development, round seven`` likewise after round six's.
- ``development, round eight`` and ``held out, session 19 end``: written together after round
  seven's rules and committed before either was run; their first run is the session's final code's.
- ``development, round nine``: written after round eight's rules and committed before its first run.
- ``development, round ten`` and ``held out, session 20``: written together in session 20, after
  round nine's rules, and committed before either was run; the sealed one is run for its summary.
- ``development, round eleven``: written after round ten's rules and committed before its first
  run, on kinds the sealed session-20 vocabulary has none of (audio and newsletter pages, market
  and city widgets, shop and AI notices), so that the sealed set stays a test of rules not aimed
  at it.
- ``development, round twelve``: written after round eleven's rules (health, property, car and exam
  portals) and committed before its first run, a held-out figure for session 20's final code.
- ``development, round thirteen`` (travel, food, sports, entertainment and game sites) and ``held
  out, session 21`` (courts, agriculture, a university, a company, a weather bureau): written together
  in session 21 while a model trained on the development vocabularies was tried
  (``train_boilerplate.py --vocabularies``, not shipped), and committed before either was run.
  The sealed one is run for its summary only; round thirteen joined the residual model's training
  (train_boilerplate.TRAINED_VOCABULARIES) after its first run and two more runs for comparison.
- ``held out, session 21 end`` (a hospital, a bank's wealth pages, a tourism bureau, a forum, a
  shopping community): sealed, written after the residual model was chosen and committed before
  any code ran on it; its first run is the held-out figure for the residual model of 540d9ee.
- ``held out, session 21 final`` (recruitment, parenting, pet, music and second-hand sites): sealed,
  written before round thirteen was added to the residual model's training and committed before any
  code ran on it; its first run is the held-out figure for session 21's final code.
- ``held out, session 22`` (a broadcaster, a legal Q&A site, a hardware review site, a government
  service portal, a stock forum): sealed, written at the end of session 22 and committed before any
  code ran on it; its first run, page by page here and as whole sites in eval_site_batches.py, is
  the held-out figure for session 22's final code.
- ``held out, session 23`` (a science site, an airline's news, a charity, a museum, a lottery site):
  sealed, written at the start of session 23 before any code changed and committed before any
  code ran on it; its first run is the held-out figure for session 23's final code.
- ``held out, session 24`` (a property portal, a job site, a car site, a hospital, a shopping-deals
  site): sealed, written at session 24's start before any boilerplate code changed for the text
  path's vocabularies, and committed before any code ran on it.
- ``held out, session 25`` (an audio platform, a transit authority, an exam-training site, a Q&A
  community, a cinema ticketing site): sealed, written at session 25 after its cleaning and batch
  changes (frequent_template) and committed before any code ran on it; its first run is the
  held-out figure for that code.
- ``held out, session 26`` (a police account, a web-novel site, a wedding planner, a telecom
  operator, a photography community): sealed, written at session 26 after its disclaimer and
  sign-off rules (while a retraining on the earlier sealed vocabularies was tried, not shipped), and
  committed before any code ran on it; its first run is the held-out figure for that session's code.
Reported as bench/eval_unseen_sites.py reports its folds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_unseen_sites import evaluate  # noqa: E402
from site_furniture import load_bodies  # noqa: E402

NAMES = ["赵敏", "钱磊", "孙婷", "周扬", "吴桐", "郑凯", "冯雪", "陈卓"]
CITIES = ["青州", "临川", "江陵", "云中"]

# The development vocabulary.
DEV_HEADER = [
    "首页 | 要闻 | 财经 | 科技 | 体育 | 娱乐 | 汽车 | 房产",
    "今日推荐　换一换",
    "天气：{city} 晴 12℃~25℃",
    "登录｜注册｜我的订阅",
    "字号：大 中 小　　打印本页",
    "当前位置：主页 » 社会新闻 » 正文",
    "2024年05月21日 星期二 农历四月十四",
    "本文约{n}字，阅读需要{m}分钟",
    "听新闻　语音播报",
    "原创 2024-05-21 08:30 · {site}",
    "作者：{name} 来源：{site} 浏览量：{n}",
    "{site}客户端　{site}官方微博　{site}抖音号",
    "频道：国内 | 国际 | 军事 | 评论",
    "【编者按】",
    "{site} > 地方 > 正文",
    "小 中 大　　分享　　收藏",
    "发布时间：2024-05-21 09:12:33　来源：{site}",
    "导读：",
    "收藏本文　｜　纠错",
    "APP下载　｜　数字报　｜　English",
]
DEV_FOOTER = [
    "本文来源：{site}，如有侵权请联系删除。",
    "（本文首发于{site}，转载请联系授权）",
    "如需转载请与本站联系",
    "往期回顾",
    "点击阅读原文，了解更多详情",
    "↓↓↓ 点击下方链接报名 ↓↓↓",
    "欢迎在评论区留言讨论",
    "你怎么看？欢迎留言",
    "转载请注明：{site} » 正文",
    "本文标签：经济 政策 消费",
    "标签： 新能源　汽车　补贴",
    "声明：该文观点仅代表作者本人，本平台仅提供信息存储空间服务。",
    "投诉举报 | 意见反馈",
    "Copyright 2008-2024 {site} 版权所有",
    "技术支持：{site}技术部",
    "主办单位：{city}市人民政府办公室　承办：{city}市大数据中心",
    "网站标识码：{n10}",
    "鲁公网安备 {n11}号",
    "责编｜{name}　审校｜{name2}",
    "编审：{name}",
    "图片来源：视觉中国",
    "更多精彩内容，请下载{site}客户端",
    "小编推荐",
    "精选留言",
    "写留言",
    "分享　收藏　点赞　在看",
    "【我要纠错】",
    "相关阅读：",
    "返回{site}，查看更多",
    "（实习生 {name}）",
    "监制：{name}　制作：{name2}",
    "本期编辑 {name}",
    "- 更多 -",
    "（来源：{site}）",
]
DEV_GLUED = [
    "本文来源：{site}",
    "（完）",
    "责编：{name}",
    "更多精彩内容，请下载{site}客户端",
    "（{site}记者 {name}）",
    "欢迎留言讨论。",
    "【我要纠错】",
]

# The held-out vocabulary.
HELD_OUT_HEADER = [
    "网站首页 新闻中心 政务公开 办事服务 互动交流",
    "今天是：2024年6月3日 星期一",
    "阴转小雨 18~24°C 空气质量：良",
    "【字号 大 中 小】【我要打印】【关闭】",
    "浏览次数：{n}次",
    "信息来源：{city}市融媒体中心 发布日期：2024-06-03",
    "扫一扫在手机打开当前页",
    "无障碍阅读 | 长者模式",
    "热搜：高考 | 618 | 台风",
    "您当前的位置 ： 首页 > 新闻中心 > 本地新闻",
    "播放 暂停 00:00 / 02:31",
    "A- A+",
    "{site}　2024-06-03　{n}人看过",
    "VIP会员 开通",
    "【视频】",
]
HELD_OUT_FOOTER = [
    "关注视频号「{site}」看更多",
    "本站部分文章来自网络，如有侵权请告知删除",
    "网友留言仅代表个人观点",
    "上一篇：无 下一篇：无",
    "【关闭窗口】 【打印此页】",
    "留言板　|　在线投稿　|　人才招聘",
    "总编辑信箱",
    "{site} 2024 ©",
    "运营：{city}传媒集团有限公司",
    "更多{site}资讯 → 下载客户端",
    "点个“在看”，让更多人看到",
    "觉得好看，请点这里↓",
    "你可能还喜欢",
    "热门标签",
    "本文链接：https://www.example.com/news/{n}.html",
    "文章出处：{site}",
    "作者：{name}　审核：{name2}　终审：{name}",
    "「{site}」原创内容，未经授权不得转载",
    "有奖爆料 | 新闻线索请拨打 {n}",
    "编辑：{name} 统筹：{name2}",
]
HELD_OUT_GLUED = [
    "（编辑：{name}）",
    "点个“在看”，让更多人看到",
    "（{site}）",
    "文章出处：{site}",
    "本文链接：https://www.example.com/news/{n}.html",
    "网友留言仅代表个人观点",
]

# The second development vocabulary (round two).
DEV2_HEADER = [
    "发布时间：2024年06月03日 10:21:09 | 作者：{name} | 审核：{name2}",
    "字体：小 中 大 | 背景色：",
    "微信 微博 QQ空间 更多",
    "当前浏览器版本过低，请升级浏览器",
    "赞助内容",
    "正在加载...",
    "您的浏览器不支持 video 标签。",
    "我要投稿 | 我要爆料",
    "第1页 共3页",
    "全屏阅读　夜间模式",
    "0条评论 | 收藏 | 分享",
    "热点 | 推荐 | 本地 | 视频 | 图集",
    "【来源：{site}】",
    "返回{site}首页",
    "{site}APP，新闻早知道",
]
DEV2_FOOTER = [
    "本文为{site}签约作者原创，未经授权禁止转载",
    "回到首页",
    "赞赏作者",
    "查看原图",
    "免责声明：文章内容不代表本站立场",
    "（此稿件由{site}提供）",
    "客服QQ：{n}",
    "友情链接：{site} | {site}在线 | {city}新闻",
    "服务条款 | 隐私政策 | 联系我们",
    "© 2024 {site}. All rights reserved.",
    "页面加载时间0.123秒",
    "扫描下载{site} APP",
    "特别声明：以上内容仅代表作者本人观点",
    "上一页 1 2 3 下一页",
    "#{city}# 参与讨论",
    "（{site}综合报道）",
    "点击进入{site}专题",
    "你的点赞是对我们最大的支持",
    "推荐：{city}这家老店排队两小时",
    "今日热榜",
]
DEV2_GLUED = [
    "（{site}综合报道）",
    "【来源：{site}】",
    "更多内容请关注{site}",
    "你的点赞是对我们最大的支持",
    "（此稿件由{site}提供）",
    "查看原图",
]

# The third development vocabulary (session 17), written before any run on it.
DEV3_HEADER = [
    "手机版 | 繁體 | 无障碍",
    "会员中心　退出",
    "热门搜索：高温 防汛 中考",
    "本站公告：端午节期间办公时间调整",
    "滚动新闻：",
    "视频加载中，请稍候...",
    "来源：{site}  时间：2024-06-18  点击：{n}",
    "分享到：",
    "所属栏目：民生",
    "[ 打印 ] [ 关闭 ]",
    "首页→资讯→行业动态→正文",
    "订阅 | RSS",
    "广告",
    "直播预告：今晚20:00 不见不散",
    "{n}阅读 · {m}评论",
]
DEV3_FOOTER = [
    "本网站由{city}市委网信办主办",
    "建议使用1920*1080分辨率浏览",
    "违法和不良信息举报电话：12377",
    "互联网新闻信息服务许可证：{n10}",
    "增值电信业务经营许可证：京B2-{n}",
    "加入我们 | 广告合作 | 商务合作",
    "联系电话：0531-{n}",
    "本文系{site}独家稿件",
    "【责任编辑：{name}】",
    "文中图片均来自网络",
    "温馨提示：文中数据仅供参考，投资有风险",
    "想了解更多，长按识别二维码",
    "相关推荐",
    "猜你喜欢",
    "评论（{n}）",
    "发表评论 请自觉遵守互联网相关政策法规",
    "已有{n}人参与",
    "关于我们 | 网站地图",
    "点击查看更多>>",
    "返回顶部",
]
DEV3_GLUED = [
    "【责任编辑：{name}】",
    "（文中图片均来自网络）",
    "点击查看更多>>",
    "投资有风险，入市需谨慎。",
    "（本文系{site}独家稿件）",
    "来源：{site}",
]

# The second held-out vocabulary (session 17), written with the third development one and scored
# only before and after the session's change, never read line by line.
SEALED_HEADER = [
    "欢迎访问{site}！今天是2024年7月8日",
    "首页 / 新闻 / 正文",
    "繁体 | 简体",
    "热门关键词：暴雨 防汛 高温",
    "【打印】【纠错】【分享】",
    "阅读量：{n}　评论：{m}",
    "来源：{site}　作者：{name}　发布于 2024-07-08 14:03",
    "点击蓝字关注我们",
    "文｜{name}",
    "提示：点击上方↑↑↑蓝色字关注我们",
    "{site} 2024-07-08 07:58 发布于{city}",
    "栏目导航",
    "下载App 看更多",
    "本页共{m}条",
    "选择字号：14px 16px 18px",
]
SEALED_FOOTER = [
    "免责声明：本文转自网络，版权归原作者所有",
    "出品：{site}新媒体中心",
    "网站管理：{city}市政务服务中心",
    "ICP备案号：京ICP备{n}号-1",
    "点赞 收藏 评论",
    "上一篇：{city}举办夏季招聘会",
    "下一篇：{city}今夏首场暴雨来袭",
    "阅读原文",
    "更多资讯请关注我们的官方账号",
    "本文为作者独立观点，不代表{site}立场",
    "喜欢此内容的人还喜欢",
    "文章评论",
    "请登录后发表评论",
    "技术支持：{site}网络科技有限公司",
    "商务合作请联系：{n}@qq.com",
    "© {site}版权所有 未经书面许可不得复制",
    "关注我们：微信 | 微博 | 抖音",
    "（以上内容来自{site}）",
    "- END -",
    "排版：{name}　校对：{name2}",
]
SEALED_GLUED = [
    "（以上内容来自{site}）",
    "- END -",
    "排版：{name}",
    "阅读原文",
    "（记者 {name} 通讯员 {name2}）",
    "更多资讯请关注我们的官方账号",
]

# The fourth development vocabulary (session 17, after the rules for the third), written before any
# run on it; weighted towards pieces glued onto the last sentence.
DEV4_HEADER = [
    "微信扫一扫 分享到朋友圈",
    "【大 中 小】",
    "发布者：{name}　发布时间：2024-08-12",
    "阅读 {n}",
    "{site} > 视频 > 正文",
    "文章来源：{site}",
    "2024-08-12 10:03:11 来源：{site} 编辑：{name}",
    "打开APP阅读",
    "AI摘要",
    "本文共{n}字",
    "作者头像 {name}",
    "关注",
    "置顶",
    "收起",
]
DEV4_FOOTER = [
    "（责任编辑：{name}）",
    "如有侵权，请联系删除",
    "文章转载自网络，如有侵权请联系删除",
    "原文链接：http://www.example.cn/{n}",
    "排版 | {name}",
    "审核 | {name2}",
    "分享到：微信 微博 QQ",
    "打赏",
    "上一篇 下一篇",
    "更多推荐",
    "全部评论 ({n})",
    "登录后参与评论",
    "网站备案号：粤ICP备{n}号",
    "地址：{city}市人民路{m}号",
    "电话：0755-{n}",
    "来源 | {site}",
    "图 | 网络",
    "文 | {name}",
    "END",
]
DEV4_GLUED = [
    "（责任编辑：{name}）",
    "如有侵权，请联系删除",
    "来源 | {site}",
    "图 | 网络",
    "END",
    "（来源：{site}）",
    "编辑 | {name}",
    "审核：{name2}",
    "本文转载自{site}",
    "更多精彩，请关注{site}",
]

# Session 19: a fifth development vocabulary and a third sealed one, written together before either
# was run (both committed before their first run).
DEV5_HEADER = [
    "网站首页 新闻中心 政务公开 办事服务 互动交流",
    "您现在的位置是：{site} >> 新闻动态 >> 本地要闻",
    "【字体：放大 正常 缩小】【打印此页】【关闭窗口】",
    "信息来源：{site}　发布日期：2024-09-03　点击数：{n}",
    "{name}　{site}记者　2024/09/03 14:27",
    "分享至：",
    "浏览字号：A+ A A-",
    "今天是：2024年9月3日 星期二",
    "无障碍浏览 | 长者模式",
    "搜索",
    "★ 加入书签",
    "发表于 2024-09-03 07:55:10 | {n} 次阅读",
    "[{site}]",
    "正文",
]
DEV5_FOOTER = [
    "主办单位：{city}市人民政府办公室　承办：{city}市大数据中心",
    "网站标识码：{n10}　{city}公网安备 {n11}号",
    "版权所有：{site}　未经书面许可不得复制",
    "投稿邮箱：news{n}@example.com",
    "【打印】【关闭】",
    "相关阅读：",
    "· {city}召开专题会议部署秋季防火工作",
    "· 我市第{m}批重点项目集中开工",
    "扫描二维码 关注{site}",
    "下载{site}APP，看更多精彩",
    "为你推荐",
    "评论（{n}）　点赞　收藏",
    "写下你的评论...",
    "网友评论仅供其表达个人看法，并不表明本站同意其观点",
    "违法和不良信息举报电话：12377",
    "返回顶部",
    "本站郑重声明：所载文章仅代表作者观点",
]
DEV5_GLUED = [
    "（{site}记者 {name}）",
    "（编辑：{name}　审核：{name2}）",
    "【责任编辑：{name}】",
    "本文来自{site}，转载请注明出处。",
    "关注我们，获取更多资讯！",
    "（完）",
    "阅读 {n} · 点赞 {m}",
]
SEALED5_HEADER = [
    "首页 > 资讯 > 行业动态",
    "导航：首页 | 时政 | 民生 | 文旅 | 视频 | 专题",
    "来源：{site}｜作者：{name}｜时间：2024-10-15 16:40",
    "阅读量：{n}　评论：{m}",
    "选择字号：大 中 小",
    "{site}讯",
    "【摘要】",
    "设为首页　收藏本站　联系我们",
    "手机版　电脑版",
    "热搜：秋粮收购 国庆假期 新能源",
    "2024-10-15 周二",
    "原创　{name}　{site}　{city}",
]
SEALED5_FOOTER = [
    "Copyright © 2010-2024 {site} All Rights Reserved",
    "备案号：湘ICP备{n}号-1",
    "联系电话：0731-{n}　传真：0731-{n}",
    "免责声明：本文仅供参考，不构成投资建议。",
    "上一篇：{city}举办秋季招聘会",
    "下一篇：本周气温将持续下降",
    "猜你喜欢",
    "热门文章排行",
    "长按识别二维码，关注我们",
    "转发　收藏　点赞",
    "已有{n}人参与评论",
    "发表评论　请文明上网，理性发言",
    "关于我们 | 广告服务 | 联系方式 | 网站地图",
    "本网站由{site}提供技术支持",
]
SEALED5_GLUED = [
    "（通讯员 {name}）",
    "（来源：{site} 编辑：{name}）",
    "责编：{name}",
    "点击关注，了解更多",
    "【完】",
    "文章来源于网络，版权归原作者所有。",
]

# Session 19, later: a sixth development vocabulary, written after round five's rules and committed
# before its first run.
DEV6_HEADER = [
    "{site}欢迎您！今天是2024年11月8日",
    "您所在的位置：首页 › 财经 › 宏观",
    "首页 / 本地 / 正文",
    "[ 手机看 ]　[ 投稿 ]　[ 订阅 ]",
    "{site} | 2024-11-08 08:00 | 阅读{n}次",
    "作者：{name}　责任编辑：{name2}",
    "字号 T T",
    "🔥 热点推荐",
    "返回{site}首页",
    "稿源：{site}　　2024-11-08",
    "本页面由AI朗读",
    "共{m}页　第1页",
    "分享到微信 分享到微博 复制链接",
    "{site}官方账号　已关注",
]
DEV6_FOOTER = [
    "◆ ◆ ◆",
    "👍 赞({n})　💬 评论({m})　⭐ 收藏",
    "本文为{site}原创，未经授权禁止转载",
    "投诉邮箱：jubao@example.cn　举报电话：010-{n}",
    "相关新闻",
    "{city}：首届文化旅游节开幕（图）",
    "更多精彩内容请下载{site}客户端",
    "微信号：{site}　微博：@{site}",
    "网站地图　|　关于我们　|　隐私政策",
    "{site}版权所有 © 2024",
    "京公网安备{n11}号",
    "责任编辑：{name}　审核：{name2}",
    "点击加载更多",
    "暂无评论，快来抢沙发吧~",
    "推荐阅读 >>",
]
DEV6_GLUED = [
    "（{site}）",
    "【编辑：{name}】",
    "（本文来源：{site}）",
    "原标题：{city}持续推进老旧小区改造",
    "喜欢就点个在看吧👇",
    "—完—",
    "（文/{name}）",
]

# Session 19, last: a seventh development vocabulary, written after round six's rules and committed
# before its first run; weighted towards reposted WeChat articles and portal widgets.
DEV7_HEADER = [
    "{site} {name} 2024年12月02日 09:15 {city}",
    "原创 {name} {site}",
    "收录于合集 #{city}新闻 {m}个",
    "听全文",
    "大字版",
    "点击上方蓝字关注我们",
    "星标{site}，不错过每一篇推送",
    "📍 {city}",
    "时间：2024-12-02　　来源：{site}　　作者：{name}",
    "（点击图片可查看大图）",
    "文章目录",
    "全文共{n}字，预计阅读{m}分钟",
    "首页-新闻-地方",
    "▶ 视频加载中...",
]
DEV7_FOOTER = [
    "往期推荐",
    "▼ 点击阅读原文，查看更多",
    "来源：{site}综合整理",
    "编辑 | {name}　校对 | {name2}　审核 | {name}",
    "觉得好看，请点这里 ↓↓↓",
    "分享　收藏　点赞　在看",
    "阅读原文",
    "{site}出品，转载请后台留言",
    "商务合作请联系：{n}@qq.com",
    "声明：本文观点仅代表作者本人，与本站无关。",
    "举报/反馈",
    "本文链接：https://www.example.com/news/{n}.html",
    "标签：{city} 民生 社会",
    "更多新闻>>",
    "©{site} 版权所有 | 沪ICP备{n}号",
    "━━━━━━━━━━",
]
DEV7_GLUED = [
    "（来源：{site}）",
    "编辑：{name}",
    "欢迎转发分享~",
    "（图片来源于网络）",
    "本文转载自{site}，仅供学习交流。",
    "（全文完）",
    "点个在看你最好看",
]

# Session 19's end: an eighth development vocabulary and a fourth sealed one, written together after
# round seven's rules and committed before either was run. Their first run is the figure for the
# session's final cleaning code.
DEV8_HEADER = [
    "财经频道 > 证券 > 个股资讯",
    "【{site}】",
    "行情中心　数据中心　研报中心",
    "{site}APP 专业财经资讯平台",
    "发布时间：2024/12/06 15:30:22 | 来源：{site} | 编辑：{name}",
    "【打印】【纠错】【分享】",
    "今日头条 | 独家 | 深度",
    "本文作者：{name}　{site}特约撰稿人",
    "阅读数：{n}　|　评论数：{m}",
    "广告",
    "☆ 收藏本页",
    "{city}天气：多云 8~16℃　空气质量：良",
]
DEV8_FOOTER = [
    "风险提示：市场有风险，投资需谨慎。本文不构成投资建议。",
    "数据来源：{site}数据中心",
    "（文章来源：{site}）",
    "责编：{name}　　审校：{name2}",
    "相关推荐：",
    "{city}楼市新政出台 首付比例下调",
    "查看更多评论",
    "扫码下载{site}APP",
    "联系我们：service@example.com　客服热线：400-{n}",
    "{site}旗下网站：{site}财经 | {site}体育 | {site}汽车",
    "Copyright 2024 {site} 版权所有",
    "增值电信业务经营许可证：粤B2-{n}",
    "第一页 上一页 1 2 3 下一页 末页",
]
DEV8_GLUED = [
    "（文章来源：{site}）",
    "（责任编辑：{name}）",
    "风险提示：市场有风险，投资需谨慎。",
    "更多精彩请关注{site}。",
    "—— END ——",
    "（编辑 {name}）",
]
SEALED8_HEADER = [
    "首页 ＞ 体育 ＞ 足球",
    "体育频道 | NBA | CBA | 中超 | 综合",
    "{site}体育讯",
    "比赛直播　赛程　积分榜",
    "编辑：{name}　来源：{site}　时间：2024-12-06 20:45",
    "浏览次数：{n}",
    "我要分享",
    "{site}手机版",
    "热门：欧冠 英超 西甲",
    "A- A+",
]
SEALED8_FOOTER = [
    "（本文为{site}原创稿件，转载请注明出处）",
    "精彩图集",
    "{city}马拉松鸣枪开跑 三万跑者参赛",
    "网友评论　已有{n}条评论",
    "请登录后发表评论",
    "关注{site}微信公众号",
    "{site}　版权所有　不得转载",
    "蜀ICP备{n}号",
    "联系方式：028-{n}",
    "返回首页　　回到顶部",
    "本站部分内容转载自网络，如有侵权请联系删除",
]
SEALED8_GLUED = [
    "（{site}记者 {name} 报道）",
    "（来源：{site}）",
    "【责任编辑：{name}】",
    "欢迎关注{site}！",
    "（完）",
    "本文系{site}原创，未经授权禁止转载。",
]

# Session 19, after the closing checks: a ninth development vocabulary (technology and local portals,
# a forum's repost), written after round eight's rules and committed before its first run.
DEV9_HEADER = [
    "{site} - 科技改变生活",
    "首页 » 数码 » 手机",
    "热门标签：5G 芯片 人工智能",
    "发布于 {m} 小时前 · 来自{city}",
    "楼主　{name}　发表于 2024-12-07",
    "只看楼主　倒序浏览",
    "本帖最后由 {name} 于 2024-12-07 10:21 编辑",
    "{n} 人看过",
    "【{city}发布】",
    "切换城市",
    "登录后可收藏",
    "小编推荐",
]
DEV9_FOOTER = [
    "回复 {n}　收藏 {m}　分享",
    "沙发",
    "板凳",
    "使用道具 举报",
    "返回列表",
    "快速回复",
    "本版积分规则",
    "Powered by Discuz! X3.4",
    "本站由{site}运营　联系邮箱：admin@example.com",
    "新闻热线：{n}",
    "APP下载　官方微博　官方微信",
    "加载更多",
    "猜你想看",
    "{city}：暴雨预警升级为橙色",
    "本文来自投稿，不代表{site}立场",
]
DEV9_GLUED = [
    "（{site}编辑部）",
    "本文来自{site}，作者：{name}",
    "【END】",
    "来源：{site}综合",
    "原文链接：https://example.com/a/{n}",
    "—— 本文完 ——",
]

# Session 20: a tenth development vocabulary (government and city portals, video accounts) and a
# sealed one (a county's media centre, a lifestyle site), written together before either was run.
DEV10_HEADER = [
    "无障碍浏览　长者模式",
    "简体　|　繁體　|　English",
    "手机版　电脑版",
    "您是本站第 {n} 位访客",
    "2024年12月07日 星期六 农历冬月初七",
    "今日更新 {n} 篇",
    "听新闻　约 {m} 分钟",
    "{name}/文　{name2}/图",
    "视频时长 0{m}:2{m}",
    "{site}　>　政务公开　>　工作动态",
    "展开全文",
    "【字号 大 中 小】",
]
DEV10_FOOTER = [
    "网站标识码：{n10}",
    "{city}公网安备 {n11}号",
    "违法和不良信息举报电话：12377",
    "互联网新闻信息服务许可证：{n10}",
    "建议使用 1920×1080 分辨率浏览本站",
    "推荐使用 Chrome、Edge 浏览器访问",
    "技术支持：{site}信息中心",
    "总访问量：{n}{m}",
    "24小时点击排行",
    "赞赏作者",
    "评论区已关闭",
    "更多精彩请关注{site}视频号、抖音号",
    "作者最新文章",
    "我要纠错",
    "主办：{city}市人民政府办公室　承办：{site}",
]
DEV10_GLUED = [
    "（{site}融媒体中心）",
    "（审核：{name}）",
    "（校对：{name}　审核：{name2}）",
    "[编辑：{name}]",
    "｜{site}出品",
    "（图文：{name}）",
]
SEALED20_HEADER = [
    "{site}｜县融媒体中心",
    "当前栏目：乡村振兴",
    "阅读模式　夜间模式",
    "{m}.{m}万次播放",
    "直播回放",
    "点击上方蓝字关注我们",
    "转载请联系后台授权",
    "小程序",
    "关注　私信",
    "发布时间：12-07 09:{m}0　{city}",
    "专题：{city}两会",
    "导语",
]
SEALED20_FOOTER = [
    "全部评论（{n}）",
    "写评论…",
    "说点什么吧",
    "{m} 条回复　展开",
    "不感兴趣　举报",
    "本页面由{site}提供技术支持",
    "监制：{name}　统筹：{name2}",
    "{city}县融媒体中心出品",
    "招商热线：{n11}",
    "意见反馈",
    "友情提示：本站文章仅供参考",
    "相关推荐　换一换",
    "{site}小红书 @{site}",
    "上滑查看更多",
]
SEALED20_GLUED = [
    "（{site}融媒记者 {name}）",
    "（{city}县融媒体中心 供稿）",
    "【来源：{site}　编辑：{name}】",
    "文字：{name}　图片：{name2}",
    "（责编：{name}　终审：{name2}）",
    "▌本文来源：{site}",
]

# Session 20, after round ten's rules: an eleventh development vocabulary (audio, newsletters,
# widgets, shops, AI notices), committed before its first run.
DEV11_HEADER = [
    "收听本文　00:00 / 0{m}:30",
    "本期主播：{name}",
    "【音频】",
    "订阅本栏目",
    "{site}早班车 | 第{n}期",
    "今日金价　¥{n}/克",
    "沪指 3{n}.{m}　+0.{m}%",
    "限行尾号：{m}和{m}",
    "空气质量：良　AQI {m}{m}",
    "汇率：1美元=7.{m}元",
    "专栏作者 {name}",
    "快讯 | 更多 >",
]
DEV11_FOOTER = [
    "立即购买　￥{n}",
    "扫码领取优惠券",
    "本期节目到此结束，感谢收听",
    "招聘｜{site}诚聘记者、编辑若干名",
    "活动报名请点击“阅读原文”",
    "往期回顾",
    "本栏目由{site}独家冠名",
    "订阅{site}早班车，每天7点送达",
    "前往{site}商城",
    "查看今日全部快讯",
    "本文音频由AI合成",
    "本文由AI辅助生成，经编辑审核",
    "{city}今日限行：尾号{m}、{m}",
    "报名截止：12月{m}日",
]
DEV11_GLUED = [
    "（本文音频由AI合成）",
    "（{site}快讯）",
    "（本期编辑 {name}）",
    "—— 感谢收听 ——",
    "【{site}早班车】",
    "（点击阅读原文报名）",
]

# Session 20, after round eleven's rules: a twelfth development vocabulary (health, property, car and
# exam portals), committed before its first run, which is a held-out figure for the session's final code.
DEV12_HEADER = [
    "{site}健康频道 | 权威医生在线解答",
    "问医生　查疾病　找医院　查药品",
    "新房 | 二手房 | 租房 | 查房价",
    "{city}新房均价 {n}元/㎡　环比 +0.{m}%",
    "车型库　报价　口碑　论坛　视频",
    "发布者：{name}　浏览量：{n}",
    "距离高考还有 {m}{m} 天",
    "医学审核：{name} 主任医师",
    "预约挂号　在线咨询　免费问诊",
    "本文适用人群：高三考生及家长",
    "{site} > 考试 > 正文",
]
DEV12_FOOTER = [
    "温馨提示：本文内容仅供参考，不能作为诊断及医疗的依据",
    "看房热线：{n11}（9:00-21:00）",
    "以上信息仅供参考，具体以当地官方发布为准",
    "{n}人已读　{m}人觉得有用",
    "有用（{m}）　没用（{m}）",
    "文章纠错",
    "回到顶部",
    "返回列表",
    "下载{site}APP，随时随地看资讯",
    "本文由{site}原创，欢迎关注，带你一起长知识！",
    "想了解更多{city}楼市资讯，快来关注{site}",
    "我要咨询　获取底价",
    "热门车型：{site}推荐　换一批",
    "相关疾病：高血压　糖尿病　冠心病",
]
DEV12_GLUED = [
    "（医学审核：{name}）",
    "（内容来源：{site}）",
    "文｜{name}　编辑｜{name2}",
    "【{site}原创，转载请注明出处】",
    "（{site}房产频道 {name}/文）",
    "（{site}记者 {name}）",
]

DEV13_HEADER = [
    "{site}旅游频道｜目的地　攻略　游记　酒店　机票",
    "当前城市：{city} [切换城市]",
    "{city} 今日 晴转多云 {m}℃~2{m}℃ 空气质量：良",
    "首页 » 美食 » 家常菜 » 正文",
    "作者：{name}　|　发布时间：2026-0{m}-1{m} 0{m}:3{m}　|　阅读 {n}",
    "比分直播　赛程　积分榜　球员数据　转会",
    "【娱乐八卦】{site}独家",
    "游戏库　礼包中心　新游期待榜　开服表",
    "全文共{n}字　建议阅读{m}分钟",
    "扫码下载{site}客户端，领取新人专享优惠券",
]
DEV13_FOOTER = [
    "门票预订　酒店预订　跟团游　自由行",
    "收藏这篇攻略（{n}）　｜　我去过（{m}{m}）　｜　想去（{n}）",
    "食材清单已加入购物车，去结算 >",
    "本菜谱由{site}用户 {name} 上传，图片及文字版权归作者所有",
    "评分：★★★★☆ {m}.{m}分　{n}人评价",
    "上一场：{city}队 2:1 北岸队　下一场：周六 19:35",
    "本文图片来自网络，如有侵权请联系删除",
    "点我领取游戏礼包 →",
    "旅游投诉电话：12345　文明旅游，从我做起",
    "更多精彩内容，请锁定{site}体育频道",
    "爆料邮箱：tips{n}@163.com",
    "猜你喜欢　|　{city}三日游攻略　|　{city}必吃榜",
    "网友评论仅供其表达个人看法，并不表明{site}同意其观点",
]
DEV13_GLUED = [
    "（本文行程及价格信息截至发稿时，出行前请以景区公告为准）",
    "（{site}体育 {name} 报道）",
    "【图片来源：{site}，侵删】",
    "（来源：{site}美食频道，作者：{name}）",
    "责编/{name}　校对/{name2}",
    "（{site}记者 {name} 发自{city}）",
]
# Sealed: run for its summary only.
SEALED21_HEADER = [
    "{city}市中级人民法院　诉讼服务　审判公开　司法公开",
    "您现在的位置是：首页 — 法院动态 — 审判工作",
    "信息来源：{site}　发布日期：2026年{m}月{m}日　点击数：{n}",
    "字体：【大 中 小】　打印本页　关闭窗口",
    "学校首页 | 学院概况 | 师资队伍 | 招生就业 | 校友之家",
    "{city}农业信息网 — 农技服务　惠农政策　市场行情",
    "今日{city}蔬菜批发价：白菜 1.{m}元/斤　土豆 2.{m}元/斤",
    "企业官网　产品中心　解决方案　投资者关系　联系我们",
    "气象预警：{city}发布暴雨蓝色预警信号",
    "【阅读模式】【无障碍浏览】【长者模式】",
]
SEALED21_FOOTER = [
    "主办单位：{city}市农业农村局　承办：{site}",
    "审核：{name}　签发：{name2}",
    "地址：{city}市建设路{m}{m}号　邮编：{n}{m}{m}　电话：0{m}{m}{m}-{n}{n}",
    "Copyright © 2026 {site} 保留所有权利",
    "诉讼服务热线：12368",
    "附件下载：1.{city}市惠农补贴申报表.docx",
    "【打印】【关闭】【收藏】",
    "本站支持IPv6访问",
    "网站标识码：{n10}",
    "投资者热线：400-{n}-{n}　证券代码：60{n}",
    "扫一扫在手机打开当前页",
    "学院新闻　通知公告　学术讲座　招聘信息",
    "累计访问量：{n}{n}",
]
SEALED21_GLUED = [
    "（审核：{name}）",
    "（供稿：{site}办公室）",
    "（初审：{name}　终审：{name2}）",
    "【来源：{city}市农业农村局】",
    "（图/{site}宣传部）",
    "（通讯员 {name} 记者 {name2}）",
]

# Sealed: run for its summary only.
SEALED21B_HEADER = [
    "{site}官方网站　无障碍　繁體　English",
    "您好，欢迎来到{site}！请 [登录] 或 [免费注册]",
    "专栏 > 生活 > 日常",
    "UP主：{name}　粉丝 {n}　+关注",
    "值友 {name} 发表于 {m}小时前　来自 Android 客户端",
    "{site}首页 / 医院概况 / 院务公开 / 新闻动态",
    "全国统一客服热线 95{n}",
    "本帖最后由 {name} 于 2026-0{m}-1{m} 编辑",
    "楼主　只看楼主　倒序浏览　阅读模式",
    "网站地图 | RSS订阅 | 手机版",
]
SEALED21B_FOOTER = [
    "打赏　　收藏 {n}　　转发 {m}{m}",
    "投诉/举报　|　不感兴趣",
    "该文章已被加入「{city}美食地图」合集",
    "值　{m}{m}　不值　{m}",
    "理财有风险，投资需谨慎。本页面信息不构成任何投资建议。",
    "就诊提醒：请携带身份证或医保卡，按预约时段到院",
    "本院地址：{city}市人民路{m}{m}号　急诊电话：120",
    "回复 {name}：说得太对了 👍",
    "发表回复　　使用高级模式",
    "相关推荐　{city}周边游｜亲子游｜露营地",
    "分享到：QQ空间　新浪微博　豆瓣",
    "本文为作者原创，未经授权禁止转载，违者必究。",
    "版权所有：{site}　技术支持：{city}网络科技有限公司",
]
SEALED21B_GLUED = [
    "（本文系作者投稿，不代表{site}立场）",
    "——来自{site}APP",
    "（点击查看原图）",
    "本帖来自{site}手机版",
    "（{site}客户端 {name}）",
    "（{site}通讯员 {name} 记者 {name2}）",
]

# Sealed: run for its summary only.
SEALED21C_HEADER = [
    "找工作 | 发布职位 | 校园招聘 | 猎头服务 | 企业登录",
    "{city}站 [切换]　热门城市：北京 上海 广州 深圳",
    "育儿百科 › 孕期 › 孕早期",
    "宝宝年龄：0-1岁　1-3岁　3-6岁",
    "楼主 {name} 的宠物：金毛「豆豆」",
    "正在播放：{name} - 夏夜晚风",
    "【{site}·每日精选】",
    "发布时间：{m}天前　浏览{n}次　地区：{city}",
    "本文由{site}认证作者 {name} 发布",
    "首页　歌手　歌单　排行榜　MV",
]
SEALED21C_FOOTER = [
    "立即投递简历　|　收藏职位　|　举报",
    "该职位已于{m}天前更新，薪资面议",
    "妈妈们都在问：宝宝夜里总醒怎么办？",
    "育儿问题？点这里免费问专家 >>",
    "点赞 {n}　评论 {m}{m}　收藏",
    "本帖共{m}页　第1页　下一页",
    "宠物医院推荐：{city}爱宠动物医院（{n}条评价）",
    "下载{site}，听更多好歌",
    "卖家信用：★★★★★　已售{n}件",
    "买家须知：二手商品不支持七天无理由退货",
    "友情提示：任何要求先交押金的职位都可能是骗局",
    "©2026 {site} 版权所有　增值电信业务经营许可证 京B2-2026{n}",
    "返回{site}首页",
]
SEALED21C_GLUED = [
    "（本文内容仅供参考，宝宝健康问题请咨询专业医生）",
    "（{site}编辑部）",
    "——{site}用户{name}原创",
    "（以上职位信息由企业提供，{site}不对其真实性负责）",
    "【转载需经{site}授权】",
    "（{site}记者 {name} 实习生 {name2}）",
]

# Sealed: run for its summary only.
SEALED22_HEADER = [
    "直播 | 点播 | 节目单 | 主持人 | 广电新闻",
    "{site} > 法律咨询 > 婚姻家庭 > 问题详情",
    "评测 · 拆解 · 跑分 · 导购 · 二手行情",
    "办事指南　｜　在线办理　｜　进度查询　｜　好差评",
    "当前在线 {n} 人　今日发帖 {n}",
    "FM{m}{m}.{m} {site}新闻广播 正在直播",
    "咨询律师：{name}律师　执业{m}年　已解答{n}个问题",
    "关注度：{n}　　参数对比　　报价 ¥{n}起",
    "事项编码：{n10}　办理时限：{m}个工作日",
    "【{site}股友会】今日热帖",
    "切换城市：{city} ▼　|　无障碍浏览　|　长者模式",
]
SEALED22_FOOTER = [
    "对此问题还有疑问？立即免费咨询律师 >",
    "以上回答仅代表律师个人观点，不构成正式法律意见",
    "评测机由厂商提供，本文不涉及任何商业合作",
    "您对本次服务满意吗？ 非常满意 满意 基本满意 不满意",
    "扫码下载“{site}”政务APP，掌上办事更便捷",
    "广电节目预告：今晚19:30《{city}新闻联播》",
    "股市有风险，发帖需理性，本吧禁止荐股及代客理财",
    "回复 {n}　阅读 {n}　楼主：{name}",
    "上一帖：{city}板块今日异动　下一帖：主力资金流向",
    "主办单位：{city}市人民政府办公室　承办：{city}市大数据中心",
    "网站标识码：{n10}　{city}公网安备 {n11}号",
    "本站节目版权归{site}所有，未经书面许可不得转播",
    "意见反馈　|　网站地图　|　联系我们　|　隐私政策",
]
SEALED22_GLUED = [
    "（{site}法律频道 综合整理）",
    "——本帖由{name}于{m}小时前编辑",
    "（评测数据基于实验室环境，实际表现可能有差异）",
    "【以上信息以窗口办理为准】",
    "（{site}广播记者 {name} 通讯员 {name2}）",
    "投资有风险，跟帖需谨慎",
]

SEALED23_HEADER = [
    "科普 | 天文 | 地理 | 生物 | 前沿 | 问答",
    "航班动态　值机选座　退改签　会员中心",
    "{site}›藏品鉴赏›青铜器›详情页",
    "开奖公告 ▸ 双色球 ▸ 第{n}期",
    "您的位置：公益项目 → 助学行动 → 项目进展",
    "已筹 {n} 元　目标 {n}0 元　{n} 人次参与",
    "今日开馆 9:00-17:00（周一闭馆）　剩余预约名额 {n}",
    "★ 本文已被{site}科普专栏收录",
    "听全文 ▶ 约{m}分钟",
    "CA{n} {city}→北京 计划起飞 0{m}:30 已值机",
    "认证机构：{site}　统一社会信用代码 {n10}X",
]
SEALED23_FOOTER = [
    "捐赠热线：400-{n}-{n}　善款查询请登录官网",
    "本期开奖号码以官方公告为准，请核对后兑奖",
    "参观须知 | 文创商店 | 志愿者招募 | 场馆地图",
    "想了解更多宇宙奥秘？长按识别下方小程序",
    "为你推荐：{city}至三亚特价机票 {n}元起",
    "评论区（{n}）　写评论…　按热度 ▾",
    "本站所载信息仅供参考，购彩请理性，未满18周岁不得购买彩票",
    "关于我们　合作伙伴　媒体报道　信息公开",
    "© 20{m}{m} {site} 保留一切权利",
    "{name}等{n}人觉得很赞",
    "原创声明：本文系{site}科普作者原创，转载请注明出处",
    "下一篇 ▶ 为什么月亮总是同一面朝向地球",
    "客服工作时间：周一至周日 8:00-22:00",
]
SEALED23_GLUED = [
    "（科普审核：{name}研究员）",
    "【来源：{site}官方微博】",
    "（以上航班信息仅供参考，请以航司实时通知为准）",
    "——感谢每一位爱心人士的支持",
    "（{site}通讯员 {name} 记者 {name2} 报道）",
    "点击“阅读原文”查看完整开奖信息",
]

SEALED24_HEADER = [
    "新房 二手房 租房 商铺写字楼 海外地产 房价走势",
    "{city}站 [切换城市]　|　业主论坛　|　装修家居",
    "职位搜索：请输入职位/公司名称　热门：会计 司机 普工 文员",
    "您当前所在位置：{site} » 车型库 » 新能源 » 资讯正文",
    "预约挂号　门诊安排　住院指南　健康体检　医保服务",
    "限时秒杀 ⏰ 距结束还有 0{m}:{n}:{m}{m}",
    "本周{city}新房成交 {n} 套，环比上涨 {m}.{m}%",
    "急招！{city}某物流公司 仓管 月薪6-8K 五险一金",
    "导语 | 本文约{n}字，阅读需要{m}分钟",
    "科室导航：心内科 / 骨科 / 儿科 / 妇产科 / 中医科",
    "报价：{n}.{m}万起　|　询底价　|　预约试驾",
]
SEALED24_FOOTER = [
    "房源信息由经纪人发布，仅供参考，以实际交易为准",
    "求职小贴士：凡以各种名义向求职者收取费用的均属违规，请提高警惕",
    "车友热议（{n}条）　我要发言",
    "就诊提醒：本院不设任何网络代挂号服务，谨防上当受骗",
    "领券中心 ｜ 价格保护 ｜ 七天无理由退货 ｜ 正品保障",
    "{site}客户端 ✦ 买房卖房更省心 ✦ 立即下载",
    "看了这篇文章的人还看了：",
    "{name}　{m}小时前　回复　举报",
    "人力资源服务许可证编号：{n}{n}号　{site}版权所有",
    "医院地址：{city}市中山路{n}号　急诊24小时开放",
    "关注“{site}”服务号，第一时间获取降价通知",
    "上一篇：{city}楼市新政解读　　下一篇：首付比例再降",
    "（本页内容由{site}编辑部整理，未经许可请勿转载）",
]
SEALED24_GLUED = [
    "（文中价格为发稿时价格，请以商家实际售价为准）",
    "[{site}原创，转载须授权]",
    "（审校：{name}　主任医师）",
    "更多优惠车型，请拨打400-{n}-{n}咨询",
    "（{site}记者 {name}）",
    "想买房？点击下方链接免费获取{city}楼盘资料",
]

SEALED25_HEADER = [
    "🎧 正在播放：{site}晨间播报 第{n}期　▶ 继续收听",
    "订阅节目　|　下载音频　|　倍速 1.5x",
    "{city}地铁运营时间 06:00-23:00　末班车提醒",
    "实时公交 · 线路查询 · 换乘规划 · 失物招领",
    "公考 考研 教师资格 四六级 会计职称",
    "距{m}月考试还有 {n} 天　立即报班享8折",
    "提问　回答　专栏　圆桌　想法",
    "{n}人关注了该问题　·　被浏览 {n}{m} 次",
    "正在热映　即将上映　影院　我的票夹",
    "今日{city}影城排片 {n} 场　选座购票",
    "网友 {name} 的回答 · 赞同 {n}",
]
SEALED25_FOOTER = [
    "本节目内容由{site}出品，未经授权禁止转载或二次剪辑",
    "收听更多精彩节目，请在应用商店搜索“{site}”",
    "服务热线 12345　乘客意见箱 tousu@{m}.example.cn",
    "以上时刻表如有调整，以车站公告为准",
    "课程咨询请添加班主任微信：jy{n}{m}",
    "往届学员上岸率 9{m}%　点击领取备考资料包",
    "查看全部 {n} 条回答",
    "发布于 {m} 天前　著作权归作者所有",
    "写回答　邀请回答　好问题 {n}　添加评论",
    "购票须知：影片开场前15分钟停止退改签",
    "想看 {n}　看过 {n}　短评 {m}{m}",
    "{site} © 2012-2024　京ICP备{n}{m}号-3",
    "下一期预告：《{city}的夜晚》",
]
SEALED25_GLUED = [
    "（本期主播：{name}　后期：{name2}）",
    "【{site}提醒】出行前请查询最新运营信息。",
    "（资料来源：{site}教研中心）",
    "——以上回答仅代表个人观点",
    "戳这里👉立即选座，首单立减10元",
    "（{site}通讯员 {name}）",
]

SEALED26_HEADER = [
    "警情通报　|　防骗指南　|　办事服务　|　警民互动",
    "📚 书架　分类　排行榜　完本　免费专区",
    "第{n}章 {city}夜话（{m}）　字数：{n}　更新时间：2024-0{m}-1{m}",
    "婚纱摄影 · 婚宴酒店 · 婚庆策划 · 婚戒钻石 · 备婚攻略",
    "{city}电信营业厅 > 套餐资费 > 5G融合套餐",
    "话费余额查询｜流量包办理｜宽带报装｜靓号选购",
    "作品 {n}　粉丝 {n}{m}　获赞 {n}",
    "器材库 » 镜头 » 定焦 » 评测",
    "投稿须知 ⟩ 本周精选 ⟩ 影赛征稿",
    "距离您的婚期还有 {n} 天　📅 备婚清单",
    "VIP章节 本章需订阅 {n} 书币",
]
SEALED26_FOOTER = [
    "举报电话：110　反诈咨询：96110",
    "{site}公众号后台回复“报警”可获取电子报警指引",
    "上一章　　目录　　下一章",
    "本书由{site}首发，版权所有侵权必究",
    "加入书架 ｜ 投推荐票 ｜ 打赏作者",
    "婚礼顾问{name}：138{n}{n}（同微信）",
    "{n}对新人已在{site}预订　立即免费领取报价",
    "资费说明：以上套餐价格含税，具体以当地营业厅公示为准",
    "扫码关注{site}微厅，交费充值更便捷",
    "EXIF：光圈 f/{m}.0　快门 1/{n}s　ISO {n}",
    "作品版权归摄影师所有，未经许可禁止商用",
    "喜欢 {n} · 收藏 {m}{m} · 评论 {m}",
    "Copyright © {site} 2009-2024 粤ICP备{n}{m}号",
]
SEALED26_GLUED = [
    "（警民提示：陌生来电要核实，转账汇款需谨慎）",
    "（本章完，求月票～）",
    "（图片由{site}会员{name}拍摄）",
    "——本文由{site}婚礼策划师整理发布",
    "📞咨询办理请拨10000号",
    "（文字整理：{name}　图：{name2}）",
]

VOCABULARIES = {
    "development": (
        ["东岭新闻网", "南湖在线", "云帆资讯", "青石日报", "海川观察", "星河网"],
        DEV_HEADER,
        DEV_FOOTER,
        DEV_GLUED,
        16,
    ),
    "development, round two": (
        ["翠湖新闻", "远山网", "金桥日报", "长风在线", "玉泉资讯"],
        DEV2_HEADER,
        DEV2_FOOTER,
        DEV2_GLUED,
        161616,
    ),
    "held out": (
        ["松江晚报", "北岭网", "沧海财经", "明月新闻", "白沙在线"],
        HELD_OUT_HEADER,
        HELD_OUT_FOOTER,
        HELD_OUT_GLUED,
        1616,
    ),
    "development, round three": (
        ["清河日报", "岚山网", "锦城在线", "北斗新闻", "石桥资讯"],
        DEV3_HEADER,
        DEV3_FOOTER,
        DEV3_GLUED,
        17,
    ),
    "development, round four": (
        ["秋实网", "溪口日报", "蓝湾在线", "枫林资讯", "青峰新闻"],
        DEV4_HEADER,
        DEV4_FOOTER,
        DEV4_GLUED,
        1704,
    ),
    "held out, session 17": (
        ["望江新闻", "东篱网", "鹿鸣财经", "长河在线", "平湖晚报"],
        SEALED_HEADER,
        SEALED_FOOTER,
        SEALED_GLUED,
        1717,
    ),
    "development, round five": (
        ["溪山网", "金沙日报", "曲江在线", "鹤鸣资讯", "东湖观察"],
        DEV5_HEADER,
        DEV5_FOOTER,
        DEV5_GLUED,
        1905,
    ),
    "held out, session 19": (
        ["湘水新闻", "梧桐网", "南岭财经", "潇湘在线", "汀洲晚报"],
        SEALED5_HEADER,
        SEALED5_FOOTER,
        SEALED5_GLUED,
        1919,
    ),
    "development, round six": (
        ["海棠网", "北溪日报", "云梦在线", "桐城资讯", "赤水新闻"],
        DEV6_HEADER,
        DEV6_FOOTER,
        DEV6_GLUED,
        1906,
    ),
    "development, round seven": (
        ["江南都市报", "峨眉新闻", "西岭在线", "渭水资讯", "湘江头条"],
        DEV7_HEADER,
        DEV7_FOOTER,
        DEV7_GLUED,
        1907,
    ),
    "development, round eight": (
        ["东海财经", "蓝鲸证券网", "金阳观察", "中州财讯", "南山经济网"],
        DEV8_HEADER,
        DEV8_FOOTER,
        DEV8_GLUED,
        1908,
    ),
    "held out, session 19 end": (
        ["川西体育", "天府球迷网", "锦江晨报", "蓉城在线", "巴山新闻"],
        SEALED8_HEADER,
        SEALED8_FOOTER,
        SEALED8_GLUED,
        1999,
    ),
    "development, round nine": (
        ["极客之家", "云端科技网", "潇湘论坛", "滨江生活网", "北岸数码"],
        DEV9_HEADER,
        DEV9_FOOTER,
        DEV9_GLUED,
        1909,
    ),
    "development, round ten": (
        ["青岚政务网", "云溪新闻", "丹江在线", "柳州视界", "北坡资讯"],
        DEV10_HEADER,
        DEV10_FOOTER,
        DEV10_GLUED,
        2010,
    ),
    "held out, session 20": (
        ["石门融媒", "桃源发布", "清溪生活网", "古城快讯", "南湖视听"],
        SEALED20_HEADER,
        SEALED20_FOOTER,
        SEALED20_GLUED,
        2020,
    ),
    "development, round eleven": (
        ["听澜FM", "金台快讯", "江城早班车", "西湖财经台", "东方市井"],
        DEV11_HEADER,
        DEV11_FOOTER,
        DEV11_GLUED,
        2011,
    ),
    "development, round twelve": (
        ["杏林健康网", "安居房产网", "驰骋汽车网", "状元教育网", "江陵楼市"],
        DEV12_HEADER,
        DEV12_FOOTER,
        DEV12_GLUED,
        2012,
    ),
    "development, round thirteen": (
        ["游侠旅行网", "食尚厨房", "绿茵体育", "星娱八卦", "玩家部落"],
        DEV13_HEADER,
        DEV13_FOOTER,
        DEV13_GLUED,
        2113,
    ),
    "held out, session 21": (
        ["江州法院网", "丰禾农业网", "南山大学新闻网", "远航集团", "云岭气象"],
        SEALED21_HEADER,
        SEALED21_FOOTER,
        SEALED21_GLUED,
        2121,
    ),
    "held out, session 21 end": (
        ["仁心医院", "汇丰理财网", "云栖旅游局", "书影音论坛", "值得买社区"],
        SEALED21B_HEADER,
        SEALED21B_FOOTER,
        SEALED21B_GLUED,
        2122,
    ),
    "held out, session 21 final": (
        ["猎聘英才网", "贝贝育儿网", "萌宠之家论坛", "云上音乐", "闲置淘"],
        SEALED21C_HEADER,
        SEALED21C_FOOTER,
        SEALED21C_GLUED,
        2123,
    ),
    "held out, session 22": (
        ["江城广电网", "律答在线", "极客评测", "临川政务服务网", "淘股论坛"],
        SEALED22_HEADER,
        SEALED22_FOOTER,
        SEALED22_GLUED,
        2222,
    ),
    "held out, session 23": (
        ["星空科普网", "云程航空资讯", "暖阳公益", "古韵博物馆", "鸿运彩票网"],
        SEALED23_HEADER,
        SEALED23_FOOTER,
        SEALED23_GLUED,
        2323,
    ),
    "held out, session 24": (
        ["安居房产网", "才聚招聘", "驰骋汽车网", "仁和医院", "优选购物资讯"],
        SEALED24_HEADER,
        SEALED24_FOOTER,
        SEALED24_GLUED,
        2424,
    ),
    "held out, session 25": (
        ["声海电台", "畅行公交", "学霸在线", "问知社区", "光影票务"],
        SEALED25_HEADER,
        SEALED25_FOOTER,
        SEALED25_GLUED,
        2525,
    ),
    "held out, session 26": (
        ["安澜警务", "墨香书城", "良缘婚庆网", "通达电信", "取景器摄影"],
        SEALED26_HEADER,
        SEALED26_FOOTER,
        SEALED26_GLUED,
        2626,
    ),
}


def _fill(template: str, sites: list[str], rng: random.Random) -> str:
    return template.format(
        site=rng.choice(sites),
        name=rng.choice(NAMES),
        name2=rng.choice(NAMES),
        city=rng.choice(CITIES),
        n=rng.randint(100, 9999),
        m=rng.randint(2, 9),
        n10=rng.randint(10**9, 10**10 - 1),
        n11=rng.randint(10**10, 10**11 - 1),
    )


def fresh_pages(
    bodies: list[list[str]], vocabulary: str, n: int, headline_share: float = 0.5, seed: int | None = None
) -> list[dict]:
    """Pages in site_furniture's form: a line is a list of (text, is_body) pieces. ``seed``: other
    pages than the evaluation's (which use the vocabulary's own), for training."""
    sites, header, footer, glued, own_seed = VOCABULARIES[vocabulary]
    rng = random.Random(own_seed if seed is None else seed)
    out_pages = []
    for _ in range(n):
        body = bodies[rng.randrange(len(bodies))]
        if rng.random() < 0.15:
            out_pages.append({"fold": vocabulary, "site": "none", "lines": [[(p, True)] for p in body]})
            continue
        lines = [[(_fill(t, sites, rng), False)] for t in rng.sample(header, rng.randint(2, 5))]
        if rng.random() < headline_share:
            lines.append([(body[0][:26].rstrip("，。；、"), True)])
        lines += [[(p, True)] for p in body]
        if rng.random() < 0.3:
            piece = _fill(rng.choice(glued), sites, rng)
            # a reporter's or a correspondent's sign-off is the article's own (rules.is_sign_off); until session 26 a
            # correspondent's alone ("（{site}通讯员 {name}）") was labelled furniture here
            lines[-1] = lines[-1] + [(piece, "记者" in piece or "通讯员" in piece)]
        lines += [[(_fill(t, sites, rng), False)] for t in rng.sample(footer, rng.randint(2, 6))]
        out_pages.append({"fold": vocabulary, "site": "x", "lines": lines})
    return out_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=600)
    args = parser.parse_args()
    bodies = load_bodies(args.corpus)
    bodies = bodies[len(bodies) // 2 :]  # the bodies the model never saw
    page_list = [page for name in VOCABULARIES for page in fresh_pages(bodies, name, args.pages)]
    report = evaluate(page_list)  # one entry a vocabulary, as its "fold"
    by_vocabulary = {name.removeprefix("fold "): figures for name, figures in report.items() if name != "all folds"}
    print(json.dumps(by_vocabulary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
