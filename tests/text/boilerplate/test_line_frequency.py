"""Frequency-based boilerplate: a site's own template lines, learnt across documents and batches."""

import json

import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch
from helpers import load_fixture
from tasks.text.boilerplate.model import using

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
    for batch in ("b1", "b2", "other"):
        clean_batch(input_dir=str(tmp_path / batch), output_dir=str(out))
    for batch, expect_removed in (("b1", True), ("b2", True), ("other", False)):
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
