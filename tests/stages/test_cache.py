"""Cache keys: any change to the code under tasks/, the parameters or the input invalidates a result."""

import os
import shutil

from helpers import ROOT, SEEDS
from tasks.config import BatchConfig
from tasks.io.ingest import plan_shards
from tasks.stages import cache


def fingerprint_of(folder, monkeypatch) -> str:
    monkeypatch.setattr(cache, "_TASKS", folder)
    cache.code_fingerprint.cache_clear()
    try:
        return cache.code_fingerprint()
    finally:
        cache.code_fingerprint.cache_clear()


def test_the_code_fingerprint_covers_every_file_under_tasks(tmp_path, monkeypatch):
    copy = tmp_path / "tasks"
    shutil.copytree(ROOT / "tasks", copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = fingerprint_of(copy, monkeypatch)
    assert base == fingerprint_of(copy, monkeypatch)
    for name in ("stages/publish.py", "text/data/common_chars.txt", "text/boilerplate/rules.py"):
        path = copy / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fingerprint_of(copy, monkeypatch) != base, name
        path.write_bytes(original)
    (copy / "text" / "new_module.py").write_text("X = 1\n")
    assert fingerprint_of(copy, monkeypatch) != base


def test_shard_key_parts_change_with_what_shapes_the_result(tmp_path):
    assert cache.shard_fingerprint(BatchConfig()) == cache.shard_fingerprint(BatchConfig())
    assert cache.shard_fingerprint(BatchConfig(target_script="t")) != cache.shard_fingerprint(BatchConfig())
    assert cache.shard_fingerprint(BatchConfig(seed=2)) != cache.shard_fingerprint(BatchConfig())
    # the dedup threshold is applied after the shard stage: the shard result stays valid
    assert cache.shard_fingerprint(BatchConfig(threshold=0.9)) == cache.shard_fingerprint(BatchConfig())
    batch = tmp_path / "b"
    shutil.copytree(SEEDS, batch)
    (parts,) = plan_shards(batch)
    before = cache.input_fingerprint(batch, parts)
    target = batch / parts[0].path
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    assert cache.input_fingerprint(batch, parts) != before


def test_index_params_record_everything_a_signature_depends_on():
    params = cache.index_params(BatchConfig())
    assert {"num_perm", "seed", "shingle_size", "scheme", "hash_function", "index_format"} <= set(params)
