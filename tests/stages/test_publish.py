"""Stage 7: every input record lands in exactly one output file; a failure publishes nothing."""

import json

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


def test_cleanup_keeps_only_the_shard_results_in_use(tmp_path):
    out = tmp_path / "out"
    _, shard_paths, final_paths = run_stages(SEEDS, out, "seeds")
    stale = out / ".work" / "seeds" / "shard-0000.parquet"
    stale.write_bytes(b"old")
    stale.with_suffix(".lines.parquet").write_bytes(b"old")
    publish.cleanup_work(out, "seeds", set(shard_paths) | set(final_paths))
    assert not stale.exists() and not stale.with_suffix(".lines.parquet").exists()
    assert all((out / p).exists() for p in shard_paths + final_paths)
