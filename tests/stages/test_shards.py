"""Stages 1 and 3 on real input: clean a shard (cached), then drop short documents and sign."""

import json
import shutil

import numpy as np
import pyarrow.parquet as pq

from helpers import FIXTURES, SEEDS, load_fixture
from tasks.config import BatchConfig
from tasks.dedup.minhash import MinHasher
from tasks.io.ingest import plan_shards
from tasks.io.storage import write_parquet
from tasks.schema import CLEANED_FIELDS, LINE_STATS_SCHEMA
from tasks.stages.cache import work_dir
from tasks.stages.shards import finalize_shard, process_shard
from tasks.text.clean import clean_document

CONFIG = BatchConfig()


def test_a_shard_is_cleaned_once_and_reused(tmp_path):
    (parts,) = plan_shards(SEEDS)
    path = process_shard(SEEDS, parts, "seeds", CONFIG, tmp_path)
    table = pq.read_table(path)
    assert table.num_rows == 5 and "raw_text" not in table.column_names
    assert {f.name for f in CLEANED_FIELDS} <= set(table.column_names)
    first = (SEEDS / "000_fb9709146d07ecbb.txt").read_text(encoding="utf-8")
    by_id = dict(zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist()))
    assert by_id["000_fb9709146d07ecbb"] == clean_document(first).text
    mtime = (tmp_path / path).stat().st_mtime_ns
    assert process_shard(SEEDS, parts, "seeds", CONFIG, tmp_path) == path  # same inputs: the cached result
    assert (tmp_path / path).stat().st_mtime_ns == mtime
    other = process_shard(SEEDS, parts, "seeds", BatchConfig(target_script="t"), tmp_path)
    assert other != path  # another target script is another result


def test_unreadable_records_go_beside_the_shard_with_a_reason(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a.jsonl").write_text('{"id": "ok", "text": "正文"}\nnot json\n{"id": "x"}\n', encoding="utf-8")
    (parts,) = plan_shards(batch)
    path = process_shard(batch, parts, "batch", CONFIG, tmp_path / "out")
    rejected = pq.read_table(path.replace(".parquet", ".rejected.parquet"))
    assert rejected.column("reason").to_pylist() == ["malformed_json", "missing_text"]
    assert set(rejected.column("batch_id").to_pylist()) == {"batch"}
    assert pq.read_table(path).column("doc_id").to_pylist() == ["ok"]


def test_finalize_rejects_what_cleaning_left_too_short_and_signs_the_rest(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    articles = [r["text"] for r in load_fixture("crud_rag_reposts.jsonl")[:3]]
    records = [{"id": f"a{i}", "text": t} for i, t in enumerate(articles)] + [
        {"id": "qr", "text": "扫一扫在手机打开当前页"}
    ]
    (batch / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    (parts,) = plan_shards(batch)
    shard = process_shard(batch, parts, "batch", CONFIG, out)
    frequent = work_dir(out, "batch") / "frequent-none.parquet"
    write_parquet(frequent, LINE_STATS_SCHEMA.empty_table())
    final = pq.read_table(finalize_shard(shard, str(frequent), "batch", CONFIG))
    assert final.column("doc_id").to_pylist() == ["a0", "a1", "a2"]
    rejected = pq.read_table(
        finalize_shard(shard, str(frequent), "batch", CONFIG).replace(".parquet", ".rejected.parquet")
    )
    assert rejected.column("doc_id").to_pylist() == ["qr"]
    assert rejected.column("reason").to_pylist() == ["too_short_after_cleaning"]
    assert "boilerplate.qr_code" in rejected.column("detail")[0].as_py()
    dedup_texts = [clean_document(t).dedup_text for t in articles]
    expected = MinHasher(CONFIG.minhash).signatures(dedup_texts)
    signatures = np.array(final.column("signature").to_pylist(), dtype=np.uint32)
    assert (signatures == expected).all()
    assert final.column("shingle_count").to_pylist() == [
        len(set(t[i : i + 5] for i in range(len(t) - 4))) for t in dedup_texts
    ]


def test_the_cached_shard_holds_a_dedup_text_only_where_it_is_not_the_text_and_signs_the_same(tmp_path):
    """Simplified output: the dedup text is the text without whitespace, and is not stored twice.
    Traditional output: the dedup text stays simplified, so both runs sign the same."""
    batch = tmp_path / "batch"
    batch.mkdir()
    articles = [r["text"] for r in load_fixture("crud_rag_reposts.jsonl")[:3]]
    records = [{"id": f"a{i}", "text": t} for i, t in enumerate(articles)]
    (batch / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (parts,) = plan_shards(batch)
    frequent = work_dir(tmp_path / "out", "batch") / "frequent-none.parquet"
    write_parquet(frequent, LINE_STATS_SCHEMA.empty_table())
    signed = {}
    for target in ("s", "t"):
        config = BatchConfig(target_script=target)
        shard = pq.read_table(process_shard(batch, parts, "batch", config, tmp_path / "out"))
        stored = shard.column("dedup_text").to_pylist()
        if target == "s":
            assert stored == [None, None, None]
        else:
            assert stored == [clean_document(t).dedup_text for t in articles]
            assert all(d != "".join(t.split()) for d, t in zip(stored, shard.column("text").to_pylist()))
        final = pq.read_table(
            finalize_shard(
                process_shard(batch, parts, "batch", config, tmp_path / "out"), str(frequent), "batch", config
            )
        )
        signed[target] = final.column("signature").to_pylist()
    assert signed["s"] == signed["t"]


def test_a_shard_read_cleaned_and_signed_in_slices_is_the_shard_done_whole(tmp_path, monkeypatch):
    """The slices bound a worker's memory (tasks/stages/shards.py, tasks/io/ingest.py); every step
    is document by document, so slices of 3 rows give the files one slice does, on real records of
    several kinds (CRUD_RAG reposts with their tails, traditional text, mojibake, seeds)."""
    from tasks.io import ingest
    from tasks.stages import shards

    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    for name in ("crud_rag_reposts.jsonl", "crud_rag_tails.jsonl", "mojibake.jsonl", "opencc_before.jsonl"):
        shutil.copy(FIXTURES / name, batch / name)
    frequent = work_dir(tmp_path / "frequent", "batch") / "frequent-none.parquet"
    write_parquet(frequent, LINE_STATS_SCHEMA.empty_table())
    (parts,) = plan_shards(batch, shard_bytes=1 << 30)
    results = {}
    for rows in (3, 1_000_000):
        monkeypatch.setattr(ingest._Rows, "BATCH_ROWS", rows)
        monkeypatch.setattr(shards, "CLEAN_SLICE_ROWS", rows)
        monkeypatch.setattr(shards, "FINAL_SLICE_ROWS", rows)
        shard = process_shard(batch, parts, "batch", CONFIG, tmp_path / str(rows))
        final = finalize_shard(shard, str(frequent), "batch", CONFIG)
        results[rows] = [
            pq.read_table(path)
            for path in (
                shard,
                shard.replace(".parquet", ".lines.parquet"),
                final,
                final.replace(".parquet", ".rejected.parquet"),
            )
        ]
    assert results[3][0].num_rows > 20
    for sliced, whole in zip(results[3], results[1_000_000]):
        assert sliced.equals(whole)
