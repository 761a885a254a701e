"""Stage 2: a source's template lines, counted over this batch and the ones before it."""

import json

import pyarrow.parquet as pq
import pytest

from helpers import load_fixture, run_stages
from tasks.config import BatchConfig
from tasks.stages.line_stats import line_statistics
from tasks.text.boilerplate.line_frequency import line_hash
from tasks.text.boilerplate.model import using

# A real template line of one site (163.com in the GNE corpus) that no rule knows.
TEMPLATE = "注册VIP邮箱（特权邮箱，付费）"
ARTICLES = [
    r["text"].split("正文：", 1)[-1] for r in load_fixture("crud_rag_reposts.jsonl") if not r.get("near_dup_cluster")
]


def write_batch(folder, articles, start=0):
    folder.mkdir()
    with open(folder / "pages.jsonl", "w", encoding="utf-8") as fh:
        for i, body in enumerate(articles, start):
            record = {"id": f"p{i}", "url": f"https://www.163.com/news/{i}.html", "text": f"{TEMPLATE}\n{body}"}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def frequent_hashes(path) -> set[int]:
    return set(pq.read_table(path).column("line_hash").to_pylist())


@pytest.fixture(autouse=True)
def rules_alone():
    """The line model already scores this template line as furniture; these tests are about counting."""
    with using(None):
        yield


def test_counts_of_earlier_batches_count_but_never_later_ones(tmp_path):
    out = tmp_path / "out"
    config = BatchConfig(frequent_line_min_docs=5)
    write_batch(tmp_path / "b1", ARTICLES[:3])
    write_batch(tmp_path / "b2", ARTICLES[3:5], start=3)
    run_stages(tmp_path / "b1", out, "b1", config)  # 3 documents: not yet a template
    _, shards_b2, _ = run_stages(tmp_path / "b2", out, "b2", config)  # 3 + 2 = 5: a template
    assert line_hash(TEMPLATE) in frequent_hashes(line_statistics(shards_b2, out, "b2", 2, config))
    stats = pq.read_table(out / "state" / "line_stats" / "b1.parquet")
    assert set(stats.column("batch_seq").to_pylist()) == {1}
    # b1 re-run sees only what came before it: nothing, so its template stays unknown to it.
    _, shards_b1, _ = run_stages(tmp_path / "b1", out, "b1", config)
    assert line_hash(TEMPLATE) not in frequent_hashes(line_statistics(shards_b1, out, "b1", 1, config))


def test_the_frequent_file_is_named_by_its_content(tmp_path):
    out = tmp_path / "out"
    write_batch(tmp_path / "b1", ARTICLES[:6])
    _, shard_paths, _ = run_stages(tmp_path / "b1", out, "b1")
    first = line_statistics(shard_paths, out, "b1", 1, BatchConfig())
    assert line_statistics(shard_paths, out, "b1", 1, BatchConfig()) == first
    other = line_statistics(shard_paths, out, "b1", 1, BatchConfig(frequent_line_min_docs=50))
    assert other != first and not frequent_hashes(other)
    assert sorted(p.name for p in (out / ".work" / "b1").glob("frequent-*.parquet")) == [other.rsplit("/", 1)[-1]]
