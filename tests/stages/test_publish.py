"""Stage 7: every input record lands in exactly one output file; a failure publishes nothing."""

import json
import os

import pyarrow.parquet as pq
import pytest

from helpers import SEEDS, run_stages
from tasks.io.storage import load_ledger, read_json
from tasks.schema import CLEAN_SCHEMA, DUPLICATES_SCHEMA, REJECTED_SCHEMA
from tasks.stages import publish


def outputs(out, batch):
    return {k: pq.read_table(out / k / f"{batch}.parquet") for k in ("clean", "duplicates", "rejected", "index")}


def test_counts_add_up_and_a_repeated_doc_id_is_rejected(tmp_path):
    batch = tmp_path / "b1"
    batch.mkdir()
    seed = (SEEDS / "002_77381d51494a62cb.txt").read_text(encoding="utf-8")
    other = (SEEDS / "001_72c21c55ea8088ed.txt").read_text(encoding="utf-8")
    lines = [{"id": "x", "text": seed}, {"id": "x", "text": other}, {"id": "y", "text": seed}, "broken"]
    (batch / "a.jsonl").write_text(
        "".join((json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r) + "\n" for r in lines),
        encoding="utf-8",
    )
    manifest, _, _ = run_stages(batch, tmp_path / "out", "b1")
    assert manifest["counts"] == {"input": 4, "clean": 1, "duplicates": 1, "rejected": 2}
    t = outputs(tmp_path / "out", "b1")
    assert t["clean"].schema.equals(CLEAN_SCHEMA) and t["duplicates"].schema.equals(DUPLICATES_SCHEMA)
    assert t["rejected"].schema.equals(REJECTED_SCHEMA)
    assert sorted(t["rejected"].column("reason").to_pylist()) == ["duplicate_doc_id", "malformed_json"]
    assert t["duplicates"].column("duplicate_of").to_pylist() == ["x"]
    assert len(t["index"]) == 2  # every published document, duplicates too, so later reposts find them
    assert t["index"].column("kept_as").to_pylist() == [None, "b1/x"]
    saved = read_json(tmp_path / "out" / "manifests" / "b1.json")
    assert saved["counts"] == manifest["counts"] and saved["rejected_by_reason"] == {
        "duplicate_doc_id": 1,
        "malformed_json": 1,
    }
    assert load_ledger(tmp_path / "out")["batches"]["b1"]["counts"] == manifest["counts"]
    assert read_json(tmp_path / "out" / "manifest.json")["batches"] == {"b1": manifest["counts"]}


def test_a_failure_while_publishing_leaves_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_stages(SEEDS, out, "seeds")
    before = {k: (out / k / "seeds.parquet").read_bytes() for k in ("clean", "duplicates", "rejected", "index")}
    manifest_before = (out / "manifests" / "seeds.json").read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(publish, "_index_rows", crash)
    with pytest.raises(OSError):
        run_stages(SEEDS, out, "seeds")
    assert {k: (out / k / "seeds.parquet").read_bytes() for k in before} == before
    assert (out / "manifests" / "seeds.json").read_bytes() == manifest_before
    assert not list(out.rglob(".*.tmp-*"))


def test_after_a_publish_work_keeps_only_the_cleaned_shards_in_use(tmp_path):
    out = tmp_path / "out"
    _, shard_paths, final_paths = run_stages(SEEDS, out, "seeds")
    work = out / ".work" / "seeds"
    stale = work / "shard-0000.parquet"
    stale.write_bytes(b"old")
    stale.with_suffix(".lines.parquet").write_bytes(b"old")
    assert (work / "dedup").is_dir() and all((out / p).exists() for p in final_paths)
    removed = publish.prune_work(out, "seeds", set(shard_paths), bound_bytes=1 << 30)
    assert removed["batches"] == [] and removed["files"] > 0
    left = sorted(p.name for p in work.iterdir())
    assert left and all(name.startswith("shard-") for name in left)
    assert not stale.exists() and not stale.with_suffix(".lines.parquet").exists()
    assert all((out / p).exists() for p in shard_paths)
    assert not any((out / p).exists() for p in final_paths)


def test_the_work_cache_keeps_the_latest_batches_within_its_bound(tmp_path):
    out = tmp_path / "out"
    sizes = {}
    for i, batch in enumerate(["b1", "b2", "b3"]):
        _, shard_paths, _ = run_stages(SEEDS, out, batch)
        publish.prune_work(out, batch, set(shard_paths), bound_bytes=1 << 30)
        sizes[batch] = publish._size(out / ".work" / batch)
        os.utime(out / ".work" / batch, (1_000_000 + i, 1_000_000 + i))  # b3 ran last
    bound = sizes["b3"] + sizes["b2"]  # room for two
    removed = publish.prune_work(out, "b3", set(shard_paths), bound_bytes=bound)
    assert removed["batches"] == ["b1"]
    assert sorted(p.name for p in (out / ".work").iterdir()) == ["b2", "b3"]
    # a bound smaller than this batch's own cache keeps nothing
    assert publish.prune_work(out, "b3", set(shard_paths), bound_bytes=0)["batches"] == ["b3", "b2"]
    assert list((out / ".work").iterdir()) == []
    # the published output is untouched
    assert all((out / "clean" / f"{b}.parquet").exists() for b in sizes)
