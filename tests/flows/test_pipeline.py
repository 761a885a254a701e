"""The real Prefect flow end to end: seeds, re-runs, incremental batches, bad input."""

import json
import shutil

import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch
from helpers import BOILERPLATE_MARKERS, FIXTURES, SEEDS, load_fixture, make_repost_batch
from tasks.io.index import IndexMismatchError
from tasks.schema import CLEAN_SCHEMA, METADATA_KEY, SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("prefect_server")


def tables(out, batch):
    return {kind: pq.read_table(out / kind / f"{batch}.parquet") for kind in ("clean", "duplicates", "rejected")}


def test_seeds_end_to_end(tmp_path):
    out = tmp_path / "output"
    manifest = clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    assert manifest["counts"] == {"input": 5, "clean": 5, "duplicates": 0, "rejected": 0}
    t = tables(out, "seeds")
    clean = t["clean"]
    assert clean.schema.remove_metadata() == CLEAN_SCHEMA.remove_metadata()
    assert clean.schema.metadata[METADATA_KEY] == SCHEMA_VERSION.encode()
    assert pq.ParquetFile(out / "clean" / "seeds.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    texts = dict(zip(clean.column("doc_id").to_pylist(), clean.column("text").to_pylist()))
    for text in texts.values():
        for marker in BOILERPLATE_MARKERS:
            assert marker not in text
    assert "市委书记王菲主持召开" in texts["003_65b1185f943836c6"]
    assert "省委书记吴政隆主持召开省疫情防控工作领导小组会议" in texts["004_5847645cb268c6cc"]
    scripts = dict(zip(clean.column("doc_id").to_pylist(), clean.column("original_script").to_pylist()))
    assert scripts["003_65b1185f943836c6"] == scripts["004_5847645cb268c6cc"] == "traditional"
    assert all(len(f) > 0 for f in clean.column("fixes").to_pylist())
    saved = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert saved["counts"] == manifest["counts"] and saved["versions"]["datasketch"]
    assert not list(out.rglob(".*.tmp-*"))
    # the run's own throughput record: seconds and MB/s of each stage and of the whole run
    run = saved["throughput"]
    assert run["input_mb"] == round(sum(p.stat().st_size for p in SEEDS.iterdir()) / 1e6, 3)
    assert set(run["stages"]) == {
        *("plan", "read_and_clean", "line_statistics", "frequent_lines_and_sign", "prepare_dedup", "band_join"),
        *("decide", "publish"),
    }
    assert run["workers"] == 1 and run["shards_reused"] == 0  # five small files: threads
    assert all(stage["seconds"] >= 0 for stage in run["stages"].values())
    assert run["whole_run"]["seconds"] >= sum(stage["seconds"] for stage in run["stages"].values()) - 0.05
    # CPU time of the run (this process's threads; no worker processes here), and MB per CPU-second
    whole = run["whole_run"]
    assert 0 < whole["cpu_seconds"] and abs(whole["mb_per_cpu_s"] * whole["cpu_seconds"] - run["input_mb"]) < 0.01
    clean_stage = run["stages"]["read_and_clean"]
    # MB/s is the input over the seconds; all three are rounded to 3 decimals in the record
    rate, seconds = clean_stage["mb_per_s"], clean_stage["seconds"]
    assert abs(rate * seconds - run["input_mb"]) <= 0.0005 * (seconds + rate + 1) + 1e-6


def test_rerun_is_idempotent_and_never_self_duplicate(tmp_path):
    out = tmp_path / "output"
    first = clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    before = tables(out, "seeds")
    cached = {p.name: p.stat().st_mtime_ns for p in (out / ".work" / "seeds").glob("*-*.parquet")}
    second = clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    after = tables(out, "seeds")
    # the re-run reused the finished shard results instead of cleaning again
    assert cached and {p.name: p.stat().st_mtime_ns for p in (out / ".work" / "seeds").glob("*-*.parquet")} == cached
    assert first["counts"] == second["counts"] and second["counts"]["duplicates"] == 0
    assert first["throughput"]["shards_reused"] == 0 and second["throughput"]["shards_reused"] == first["shards"]
    assert second["batch_seq"] == first["batch_seq"] == 1
    for kind in before:
        assert before[kind].equals(after[kind])


def test_reposts_of_earlier_batch_are_found_and_reruns_agree(tmp_path):
    out = tmp_path / "output"
    clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    seeds_before = tables(out, "seeds")
    make_repost_batch(tmp_path / "b2")
    m = clean_batch(input_dir=str(tmp_path / "b2"), output_dir=str(out))
    assert m["counts"] == {"input": 3, "clean": 1, "duplicates": 2, "rejected": 0}
    dups = tables(out, "b2")["duplicates"].to_pylist()
    assert {(d["doc_id"], d["duplicate_of"], d["duplicate_of_batch"]) for d in dups} == {
        ("repost_002", "002_77381d51494a62cb", "seeds"),
        ("repost_003", "003_65b1185f943836c6", "seeds"),
    }
    assert all(0.8 <= d["similarity"] <= 1.0 for d in dups)
    # re-running either batch changes nothing: the past of a batch is fixed by the ledger order
    again = clean_batch(input_dir=str(tmp_path / "b2"), output_dir=str(out))
    assert again["counts"] == m["counts"]
    clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    for kind, table in tables(out, "seeds").items():
        assert table.equals(seeds_before[kind])


def test_a_repost_of_an_earlier_repost_joins_the_original_cluster(tmp_path):
    """Batch 1: an article and a lightly edited repost; batch 2: a repost of that repost with
    edits of its own. It resembles the first repost, not the article: it must still be a
    duplicate of the article, which is what batch 1 published."""
    from tasks.config import DEFAULTS
    from tasks.dedup.clusters import containment_estimate
    from tasks.dedup.minhash import MinHasher, jaccard_estimate, shingle_counts
    from tasks.text.clean import clean_document

    article = "".join(
        max((r["text"] for r in load_fixture("crud_rag_reposts.jsonl")), key=len).split("正文：", 1)[-1].split()
    )

    def edit(text, offset):  # one character in 25 changed: a fifth of the 5-grams differ
        return "".join("改" if i % 25 == offset else c for i, c in enumerate(text))

    original, repost = article, edit(article, 0)
    repost_of_repost = edit(repost, 12)
    dedup = [clean_document(t).dedup_text for t in (original, repost, repost_of_repost)]
    sigs, sizes = MinHasher().signatures(dedup), shingle_counts(dedup, 5)

    def containment(a, b):
        return containment_estimate(
            jaccard_estimate(sigs[a : a + 1], sigs[b : b + 1]), sizes[a : a + 1], sizes[b : b + 1]
        )[0]

    # the premise: each repost matches the one before it, the second does not match the article
    assert containment(1, 0) >= DEFAULTS.threshold and containment(2, 1) >= DEFAULTS.threshold
    assert containment(2, 0) < DEFAULTS.threshold
    out = tmp_path / "out"
    for name, texts in (
        ("b1", {"original": original, "repost": repost}),
        ("b2", {"repost-of-repost": repost_of_repost}),
    ):
        (tmp_path / name).mkdir()
        for doc, text in texts.items():
            (tmp_path / name / f"{doc}.txt").write_text(text, encoding="utf-8")
        clean_batch(input_dir=str(tmp_path / name), output_dir=str(out))
    assert tables(out, "b1")["duplicates"].column("duplicate_of").to_pylist() == ["original"]
    dups = tables(out, "b2")["duplicates"]
    assert dups.column("doc_id").to_pylist() == ["repost-of-repost"]
    assert dups.column("duplicate_of").to_pylist() == ["original"]
    assert dups.column("duplicate_of_batch").to_pylist() == ["b1"]


def test_near_duplicates_within_a_batch_from_real_reposts(tmp_path):
    batch = tmp_path / "crud"
    batch.mkdir()
    shutil.copy(FIXTURES / "crud_rag_reposts.jsonl", batch / "part-0.jsonl")
    m = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "out"), threshold=0.7)
    c = m["counts"]
    assert c["input"] == c["clean"] + c["duplicates"] + c["rejected"] == len(load_fixture("crud_rag_reposts.jsonl"))
    assert c["duplicates"] >= 10
    dups = tables(tmp_path / "out", "crud")["duplicates"]
    clean_ids = set(tables(tmp_path / "out", "crud")["clean"].column("doc_id").to_pylist())
    assert set(dups.column("duplicate_of").to_pylist()) <= clean_ids
    assert all(a != b for a, b in zip(dups.column("doc_id").to_pylist(), dups.column("duplicate_of").to_pylist()))


def test_index_refuses_other_minhash_parameters(tmp_path):
    out = tmp_path / "output"
    clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    with pytest.raises(IndexMismatchError):
        clean_batch(input_dir=str(SEEDS), output_dir=str(out), num_perm=64)


def test_bad_input_ends_in_rejected_rows_and_a_successful_run(tmp_path):
    batch = tmp_path / "bad"
    batch.mkdir()
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (batch / "broken.jsonl").write_text('{"text": "半截\n{"id": 1}\n', encoding="utf-8")
    (batch / "only_boilerplate.txt").write_text("扫一扫在手机打开当前页\n版权所有 © 2024\n", encoding="utf-8")
    (batch / "huge.txt").write_bytes("新闻".encode() * (2 * 1024 * 1024))  # 12 MiB, one document
    (batch / "gbk garbage (copy).txt").write_bytes(bytes([0x81, 0x20]) * 500)
    (batch / "notes.docx").write_bytes(b"PK\x03\x04")
    shutil.copy(SEEDS / "002_77381d51494a62cb.txt", batch / "ok.txt")
    m = clean_batch(input_dir=str(batch), output_dir=str(tmp_path / "out"))
    assert m["counts"]["input"] == 9 and m["counts"]["clean"] == 1 and m["counts"]["rejected"] == 8
    assert m["rejected_by_reason"] == {
        "binary": 1,
        "empty": 1,
        "malformed_json": 1,
        "missing_text": 1,
        "too_large": 1,
        "too_short_after_cleaning": 1,
        "undecodable": 1,
        "unsupported_file_type": 1,
    }
    rejected = pq.read_table(tmp_path / "out" / "rejected" / "bad.parquet").to_pylist()
    assert all(r["detail"] for r in rejected)


def test_documented_readers_work(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    import pyarrow.dataset as ds

    out = tmp_path / "output"
    clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    make_repost_batch(tmp_path / "b2")
    clean_batch(input_dir=str(tmp_path / "b2"), output_dir=str(out))
    assert ds.dataset(str(out / "clean"), format="parquet").count_rows() == 6
    assert len(pd.read_parquet(out / "clean" / "seeds.parquet")) == 5
    per_batch = dict(duckdb.sql(f"SELECT batch_id, count(*) FROM '{out}/clean/*.parquet' GROUP BY 1").fetchall())
    assert per_batch == {"seeds": 5, "b2": 1}
    joined = duckdb.sql(
        f"SELECT d.doc_id, c.doc_id FROM '{out}/duplicates/*.parquet' d JOIN '{out}/clean/*.parquet' c "
        "ON c.doc_id = d.duplicate_of AND c.batch_id = d.duplicate_of_batch ORDER BY 1"
    ).fetchall()
    assert joined == [("repost_002", "002_77381d51494a62cb"), ("repost_003", "003_65b1185f943836c6")]


def test_empty_batch_publishes_empty_files(tmp_path):
    (tmp_path / "empty").mkdir()
    m = clean_batch(input_dir=str(tmp_path / "empty"), output_dir=str(tmp_path / "out"))
    assert m["counts"] == {"input": 0, "clean": 0, "duplicates": 0, "rejected": 0}
    for table in tables(tmp_path / "out", "empty").values():
        assert len(table) == 0 and "doc_id" in table.column_names


def test_one_output_is_one_script(tmp_path):
    """A later batch in another script is refused with a clear message; a reprocess of everything
    (tests/flows/test_inbox.py) is the way to change the output's script."""
    out = tmp_path / "output"
    clean_batch(input_dir=str(SEEDS), output_dir=str(out))
    make_repost_batch(tmp_path / "b2")
    with pytest.raises(ValueError, match="holds batches published in another script"):
        clean_batch(input_dir=str(tmp_path / "b2"), output_dir=str(out), target_script="t")
    assert not (out / "clean" / "b2.parquet").exists()
    clean_batch(input_dir=str(SEEDS), output_dir=str(out), target_script="t")  # its own batch: allowed


def test_a_batch_whose_shard_plan_is_larger_than_the_api_takes_runs(tmp_path):
    # Prefect's API refuses flow-run parameters over 512 KiB; 2,200 files with long names make a
    # plan of about 600 KB, which went to the parallel subflow as a parameter and failed the batch.
    batch = tmp_path / "many_files"
    batch.mkdir()
    seed_lines = [
        ln for ln in (SEEDS / "003_65b1185f943836c6.txt").read_text(encoding="utf-8").splitlines() if len(ln) > 30
    ]
    for i in range(2200):
        name = f"{i:05d}_" + "x" * 230 + ".txt"
        (batch / name).write_text(f"第{i}号简报。" + seed_lines[i % len(seed_lines)], encoding="utf-8")
    plan_bytes = len(json.dumps([{"path": p.name, "kind": "txt", "start": 0, "end": -1} for p in batch.iterdir()]))
    assert plan_bytes > 524_288
    out = tmp_path / "output"
    manifest = clean_batch(input_dir=str(batch), output_dir=str(out))
    c = manifest["counts"]
    assert c["input"] == 2200 == c["clean"] + c["duplicates"] + c["rejected"]
