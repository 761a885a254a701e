"""Frequency-based boilerplate: a site's own template lines, learnt across documents and batches."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch
from helpers import load_fixture
from tasks.dedup.content import content_hash
from tasks.text.boilerplate.line_frequency import (
    count_lines,
    document_lines,
    frequent_lines,
    remove_frequent_lines,
    split_tail,
    story_key,
)
from tasks.text.boilerplate.model import using
from tasks.text.clean import clean_document

# Real template lines of one site (163.com pages in the GNE corpus) that no rule knows.
HEADER = "注册VIP邮箱（特权邮箱，付费）"
FOOTER = "免费下载网易官方手机邮箱应用"
ARTICLES = [
    r["text"].split("正文：", 1)[-1]
    for r in load_fixture("crud_rag_reposts.jsonl")
    if r.get("near_dup_cluster") is None
]


def write_batch(folder, articles, host, start=0):
    folder.mkdir()
    with open(folder / "pages.jsonl", "w", encoding="utf-8") as fh:
        for i, body in enumerate(articles):
            record = {
                "id": f"{host}-{start + i}",
                "url": f"https://{host}/news/{start + i}.html",
                "text": f"{HEADER}\n{body}\n{FOOTER}",
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.mark.usefixtures("prefect_server")
def test_site_template_lines_learnt_in_one_batch_are_removed_in_later_ones(tmp_path):
    """With the rules alone: the learnt line model (tests/text/boilerplate/test_model.py) already
    scores these two lines as furniture, and this test is about what frequency finds."""
    with using(None):
        frequency_run(tmp_path)


def frequency_run(tmp_path):
    out = tmp_path / "out"
    write_batch(tmp_path / "b1", ARTICLES[:6], "www.163.com")
    write_batch(tmp_path / "b2", ARTICLES[6:8], "www.163.com", start=6)  # too few to learn from alone
    write_batch(tmp_path / "other", ARTICLES[8:10], "news.sina.com.cn")
    write_batch(tmp_path / "fresh", ARTICLES[8:10], "news.sina.com.cn")
    for batch in ("b1", "b2", "other"):
        clean_batch(input_dir=str(tmp_path / batch), output_dir=str(out))
    # Another output, so no earlier batch: two documents of a site are too few, in any count.
    clean_batch(input_dir=str(tmp_path / "fresh"), output_dir=str(tmp_path / "fresh-out"))
    fresh = pq.read_table(tmp_path / "fresh-out" / "clean" / "fresh.parquet").to_pylist()
    assert fresh and all(HEADER in row["text"] and FOOTER in row["text"] for row in fresh)
    # The other site's pages lose the lines too: the batch-wide counts of earlier batches know them.
    for batch, expect_removed in (("b1", True), ("b2", True), ("other", True)):
        rows = pq.read_table(out / "clean" / f"{batch}.parquet").to_pylist()
        assert rows
        for row in rows:
            assert (HEADER not in row["text"] and FOOTER not in row["text"]) == expect_removed
            assert ("boilerplate.frequent_line" in row["fixes"]) == expect_removed
            assert len(row["text"]) > 100  # the article itself stays
    # re-running the first batch after the others gives the same rows (it only learns from its past)
    before = pq.read_table(out / "clean" / "b1.parquet")
    clean_batch(input_dir=str(tmp_path / "b1"), output_dir=str(out))
    assert pq.read_table(out / "clean" / "b1.parquet").equals(before)


@pytest.mark.usefixtures("prefect_server")
def test_a_sentence_a_site_repeats_inside_its_articles_stays(tmp_path):
    """A site's updates on one story repeat the story's sentences: between the first and the last
    paragraph a frequent line that is a sentence is the article's, a frequent label is not."""
    shared = (
        "中央气象台7月22日06时继续发布暴雨蓝色预警。"  # a real sentence repeated across a series of CRUD_RAG alerts
    )
    label = "图片来源：视觉中国"
    bodies = [f"{body[: len(body) // 2]}\n{shared}\n{label}\n{body[len(body) // 2 :]}" for body in ARTICLES[:6]]
    write_batch(tmp_path / "b1", bodies, "www.163.com")
    out = tmp_path / "out"
    clean_batch(input_dir=str(tmp_path / "b1"), output_dir=str(out))
    rows = pq.read_table(out / "clean" / "b1.parquet").to_pylist()
    assert len(rows) == 6
    for row in rows:
        lines = row["text"].split("\n")
        assert shared in lines
        assert label not in lines and HEADER not in lines and FOOTER not in lines


def write_txt_batch(folder, pages):
    folder.mkdir()
    for i, text in enumerate(pages):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")


@pytest.mark.usefixtures("prefect_server")
def test_a_folder_of_txt_files_learns_a_template_across_its_files(tmp_path):
    """No URLs: each .txt file is its own source, so a site's template recurs only across the batch."""
    write_txt_batch(tmp_path / "b", [f"{HEADER}\n{body}\n{FOOTER}" for body in ARTICLES[:6]])
    with using(None):
        clean_batch(input_dir=str(tmp_path / "b"), output_dir=str(tmp_path / "out"))
        cleaned = [clean_document(f"{HEADER}\n{body}\n{FOOTER}").text.split("\n") for body in ARTICLES[:6]]
    rows = pq.read_table(tmp_path / "out" / "clean" / "b.parquet").to_pylist()
    assert len(rows) == 6
    for row, lines in zip(sorted(rows, key=lambda r: r["source_file"]), cleaned):
        assert "boilerplate.frequent_line" in row["fixes"]
        assert HEADER in lines and FOOTER in lines  # what page-by-page cleaning keeps
        assert row["text"] == "\n".join(line for line in lines if line not in (HEADER, FOOTER))


@pytest.mark.usefixtures("prefect_server")
def test_a_story_reposted_by_many_sites_keeps_its_headline(tmp_path):
    """Six sites repost one article under its headline, each in its own furniture: the headline
    recurs in six documents but tells one story, so it counts once and stays; a reporter's
    sign-off under it stays however often it recurs."""
    body = ARTICLES[0]
    headline = "A股三大指数午前止跌低位震荡整理"
    sign_off = "（记者 钱磊 孙婷）"
    sites = ["青禾资讯", "北辰网", "东方在线", "临川新闻网", "云中日报", "江陵发布"]
    pages = [f"欢迎访问{site}！\n{headline}\n{body}\n{sign_off}\n本文来源：{site}" for site in sites]
    pages += [f"{HEADER}\n{other}\n{sign_off}" for other in ARTICLES[1:6]]  # five other stories, one reporter
    write_txt_batch(tmp_path / "b", pages)
    with using(None):
        clean_batch(input_dir=str(tmp_path / "b"), output_dir=str(tmp_path / "out"))
    out = tmp_path / "out"
    clean = pq.read_table(out / "clean" / "b.parquet").to_pylist()
    duplicates = pq.read_table(out / "duplicates" / "b.parquet").to_pylist()
    assert len(clean) + len(duplicates) == 11
    reposts = [r for r in clean + duplicates if "三大指数" in r["text"]]
    assert len(reposts) == 6
    for row in reposts:
        lines = row["text"].split("\n")
        assert headline in lines and sign_off in lines
    others = [r for r in clean if r not in reposts]
    assert len(others) == 5 and all(HEADER not in r["text"] and sign_off in r["text"] for r in others)


def test_reposts_share_a_story_key_and_different_articles_do_not():
    body = ARTICLES[0].split("\n")
    one = story_key(["欢迎访问北辰网！", "某标题", *body, "本文来源：北辰网"], "c1")
    other_site = story_key(["青禾资讯 首页 > 财经", *body, "责任编辑：钱磊"], "c2")
    assert one == other_site != "c1"
    assert story_key(ARTICLES[1].split("\n"), "c3") != one
    assert story_key(["首页 | 要闻", "责任编辑：钱磊"], "c4") == "c4"  # no paragraph: the content itself
    # a site's own notice, printed as a paragraph under every article, does not make them one story
    notice = "本网站所刊载信息，不代表本站观点。如需转载，请与本站联系并获得授权。转载时请注明来源及作者。"
    keys = {story_key([*article.split("\n"), notice], f"c{i}") for i, article in enumerate(ARTICLES[:6])}
    assert len(keys) == 6


GLUED = "（青禾资讯·深度）"  # no rule knows it, and the model keeps it on a page alone
ENDED = [body[: body.rfind("。") + 1] for body in ARTICLES]  # each article up to its last full stop


def batch_stage(texts):
    """The frequent-line stage over texts already cleaned, as the pipeline runs it on a shard."""
    dedup = ["".join(t.split()) for t in texts]
    table = pa.table(
        {
            "url": pa.array([None] * len(texts), pa.string()),
            "source_file": [f"{i}.txt" for i in range(len(texts))],
            "text": texts,
            "fixes": pa.array([[] for _ in texts], pa.list_(pa.string())),
            "removed_lines": [0] * len(texts),
            "content_hash": [content_hash(d) for d in dedup],
            "clean_chars": [len(d) for d in dedup],
            "dedup_text": dedup,
        }
    )
    counts = count_lines(document_lines(table))
    return remove_frequent_lines(table, frequent_lines([counts], 5)).to_pylist()


@pytest.mark.usefixtures("prefect_server")
def test_a_piece_a_site_glues_onto_every_article_is_cut(tmp_path):
    write_txt_batch(tmp_path / "b", [body + GLUED for body in ENDED[:6]])
    clean_batch(input_dir=str(tmp_path / "b"), output_dir=str(tmp_path / "out"))
    alone = [clean_document(body + GLUED).text for body in ENDED[:6]]
    rows = sorted(pq.read_table(tmp_path / "out" / "clean" / "b.parquet").to_pylist(), key=lambda r: r["source_file"])
    assert len(rows) == 6
    for row, page in zip(rows, alone):
        assert page.endswith(GLUED)  # page by page it stays
        assert row["text"] == page.removesuffix(GLUED)
        assert "boilerplate.frequent_tail" in row["fixes"]


def test_what_recurs_at_articles_ends_but_is_their_own_stays():
    """Glued onto six different articles' last sentence: a site's piece goes; a reporter's sign-off
    and a closing sentence that police reports share stay; five articles are too few."""
    closing = "该案正在进一步办理中。"
    sign_off = "（记者 钱磊 孙婷）"
    for piece, goes, n in ((GLUED, True, 6), (closing, False, 6), (sign_off, False, 6), (GLUED, False, 4)):
        rows = batch_stage([body + piece for body in ENDED[:n]])
        for row, body in zip(rows, ENDED):
            assert row["text"] == body + ("" if goes else piece), piece
            assert ("boilerplate.frequent_tail" in row["fixes"]) == goes


def test_a_block_a_site_glues_on_goes_whole():
    """Real CRUD_RAG finance pages end with two glued disclaimers, the second always after the
    first: counted by what it follows, the second alone recurs after one sentence only; the block
    of both recurs after every article's own."""
    block = "本文为数据整理，不对您构成任何投资建议，投资有风险，请谨慎决策。〖 证星主力研究 〗本文不构成投资建议，股市有风险，投资需谨慎。"
    rows = batch_stage([body + block for body in ENDED[:6]])
    for row, body in zip(rows, ENDED):
        assert row["text"] == body and row["fixes"] == ["boilerplate.frequent_tail"]


def test_an_articles_own_last_piece_stays_however_often_sites_repost_it():
    """Six sites repost one article, each editing its opening (so each repost is a story of its
    own by ``story_key``), all ending with the article's own bracketed note: it follows the same
    sentence every time, so it counts once and stays."""
    own = "（Whisper为OpenAI此前发布的神经网络，官方称其英语语音识别已接近人类水平）"
    openings = ["据青禾资讯报道，", "北辰网讯 ", "东方在线消息：", "【临川新闻网】", "云中日报讯 ", "江陵发布："]
    rows = batch_stage([opening + ENDED[0] + own for opening in openings])
    assert all(row["text"].endswith(own) and not row["fixes"] for row in rows)
    assert len({story_key(row["text"].split("\n"), "") for row in rows}) == 6


@pytest.mark.parametrize(
    "line,expected",
    [
        ("演出将持续到月底。（本文来源：青禾资讯）", ("演出将持续到月底。", "（本文来源：青禾资讯）")),
        ("他说：“好。”欢迎留言讨论。", ("他说：“好。”", "欢迎留言讨论。")),  # the quote ends the sentence before
        ("演出将持续到月底。\u3000（完）  ", ("演出将持续到月底。", "（完）")),
        ("演出将持续到月底。（记者 钱磊 孙婷）", None),  # a sign-off is the article's own
        ("演出将持续到月底。", None),  # the line's only piece
        ("演出将持续到月底。。", None),  # too short to be a piece
        ("没有句末标点的一行", None),
    ],
)
def test_the_last_piece_of_a_paragraph_is_found_at_its_sentence_end(line, expected):
    assert split_tail(line) == expected


def test_a_sites_figures_line_goes_whatever_its_numbers():
    """A site prints a line of figures above six articles, other numbers on each page: only with its
    numbers blanked does it recur, and it goes from the header as ``frequent_template``; the same
    line with no template to match (four pages) stays."""
    figures = [f"本周新房成交 {812 + 97 * i} 套，环比上涨 {i + 1}.{i}%" for i in range(6)]
    for n, goes in ((6, True), (4, False)):
        rows = batch_stage([f"{line}\n{body}" for line, body in zip(figures[:n], ENDED)])
        for row, line, body in zip(rows, figures, ENDED):
            assert row["text"] == (body if goes else f"{line}\n{body}")
            assert ("boilerplate.frequent_template" in row["fixes"]) == goes
            assert "boilerplate.frequent_line" not in row["fixes"]


def test_a_daily_reports_headline_and_its_table_rows_stay():
    """A daily report's headline recurs with other numbers too, and shares the article's words:
    it stays. Its rows of figures between paragraphs recur the same way and are the report's."""
    texts, headlines, rows_of_figures = [], [], []
    for day, body in zip(range(14, 20), ENDED):
        headline = f"8月{day}日人民币对美元中间价报7.17{day}"
        row = f"美元/人民币 7.17{day} 上涨{day}个基点"
        opening = f"{headline.split('报')[0]}报7.17{day}，较上一交易日上调{day}个基点。"
        texts.append(f"{headline}\n{opening}\n{row}\n{body}")
        headlines.append(headline)
        rows_of_figures.append(row)
    for out, headline, row in zip(batch_stage(texts), headlines, rows_of_figures):
        lines = out["text"].split("\n")
        assert headline in lines and row in lines
        assert not any(f.startswith("boilerplate.frequent") for f in out["fixes"])
