"""Remote batches and outputs, against a real S3 endpoint (moto in server mode)."""

import os
import time

import pyarrow.fs as pafs
import pytest

from helpers import SEEDS
from tasks.io import remote
from tasks.io.inbox import listing_fingerprint


def _put(bucket: str, key: str, data: bytes) -> None:
    filesystem, _ = remote.open_store(f"s3://{bucket}")
    with filesystem.open_output_stream(f"{bucket}/{key}") as out:
        out.write(data)


def _keys(bucket: str) -> list[str]:
    filesystem, _ = remote.open_store(f"s3://{bucket}")
    infos = filesystem.get_file_info(pafs.FileSelector(bucket, recursive=True))
    return sorted(i.path.split("/", 1)[1] for i in infos if i.type == pafs.FileType.File)


def test_locations_and_default_names():
    assert remote.is_remote("s3://bucket/inbox/2026-11-24")
    assert not remote.is_remote("seeds") and not remote.is_remote("/data/out") and not remote.is_remote("file:///x")
    assert remote.uri_name("s3://bucket/inbox/2026-11-24/") == "2026-11-24"
    # one local copy per URI, the same on every call (a re-run on this machine reuses it)
    a = remote.local_copy("inputs", "s3://b/x/batch")
    assert a == remote.local_copy("inputs", "s3://b/x/batch/") != remote.local_copy("inputs", "s3://c/x/batch")
    assert a.name.startswith("batch-")


def test_a_remote_batch_is_fetched_and_then_only_what_changed(s3_bucket):
    for path in sorted(SEEDS.iterdir()):
        _put(s3_bucket, f"inbox/seeds/{path.name}", path.read_bytes())
    _put(s3_bucket, "inbox/seeds/sub/extra.txt", "第二层目录里的文章。".encode())
    uri = f"s3://{s3_bucket}/inbox/seeds"

    folder = remote.fetch_input(uri)
    local = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert local == sorted([p.name for p in SEEDS.iterdir()] + ["sub/extra.txt"])
    for path in SEEDS.iterdir():
        assert (folder / path.name).read_bytes() == path.read_bytes()
    # the copies carry the store's modification times: the same fingerprint on any machine
    fingerprint = listing_fingerprint(folder)
    filesystem, root = remote.open_store(uri)
    info = filesystem.get_file_info(f"{root}/sub/extra.txt")
    assert (folder / "sub/extra.txt").stat().st_mtime_ns == info.mtime_ns

    assert remote.sync_down(uri, folder) == {"copied": 0, "unchanged": 6, "removed": 0}
    assert listing_fingerprint(folder) == fingerprint
    filesystem.delete_file(f"{root}/sub/extra.txt")
    _put(s3_bucket, "inbox/seeds/late.txt", "晚到的文章。".encode())
    assert remote.sync_down(uri, folder) == {"copied": 1, "unchanged": 5, "removed": 1}
    assert (folder / "late.txt").exists() and not (folder / "sub/extra.txt").exists()


def test_pull_state_takes_only_the_state_and_replaces_the_mirrors(s3_bucket, tmp_path):
    uri = f"s3://{s3_bucket}/out"
    for key in ["ledger.json", "manifests/a.json", "index/a.parquet", "state/line_stats/a.parquet", "clean/a.parquet"]:
        _put(s3_bucket, f"out/{key}", key.encode())
    mirror = tmp_path / "mirror"
    (mirror / "index").mkdir(parents=True)
    (mirror / "index" / "b.parquet").write_bytes(b"a batch the store does not have")
    (mirror / ".work").mkdir()
    (mirror / ".work" / "cached").write_bytes(b"kept")
    assert remote.pull_state(uri, mirror) == {"copied": 4, "unchanged": 0, "removed": 1}
    assert (mirror / "index" / "a.parquet").read_bytes() == b"index/a.parquet"
    assert not (mirror / "index" / "b.parquet").exists()
    assert not (mirror / "clean").exists()  # published data is not needed to run a batch
    assert (mirror / ".work" / "cached").exists()


def test_push_uploads_data_first_and_the_manifest_last(s3_bucket, tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    for rel in remote.publish_order("b1"):
        (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
        (mirror / rel).write_bytes(rel.encode())
    order = []
    upload = remote._upload
    monkeypatch.setattr(remote, "_upload", lambda fs, src, target: (order.append(target), upload(fs, src, target)))
    uploaded = remote.push_batch(mirror, f"s3://{s3_bucket}/out", "b1")
    assert uploaded == remote.publish_order("b1")
    assert order[-1].endswith("/manifest.json") and order[-2].endswith("/ledger.json")
    assert order[0].endswith("/clean/b1.parquet")
    assert _keys(s3_bucket) == sorted(f"out/{rel}" for rel in uploaded)


def test_an_upload_that_fails_half_way_publishes_nothing(s3_bucket, tmp_path, monkeypatch):
    filesystem, root = remote.open_store(f"s3://{s3_bucket}/out")
    _put(s3_bucket, "out/clean/b1.parquet", b"the published version")
    source = tmp_path / "clean.parquet"
    source.write_bytes(os.urandom(3 << 20))

    def half_then_fail(src, dst, length=0):
        dst.write(src.read(1 << 20))
        raise OSError("disk error half-way")

    monkeypatch.setattr(remote.shutil, "copyfileobj", half_then_fail)
    with pytest.raises(OSError, match="half-way"):
        remote._upload(filesystem, source, f"{root}/clean/b1.parquet")
    with filesystem.open_input_stream(f"{root}/clean/b1.parquet") as fh:
        assert fh.read() == b"the published version"
    assert _keys(s3_bucket) == ["out/clean/b1.parquet"]  # and no temporary object left


def test_a_remote_batch_has_the_fingerprint_of_its_local_copy(s3_bucket):
    for path in sorted(SEEDS.iterdir()):
        _put(s3_bucket, f"inbox/seeds/{path.name}", path.read_bytes())
    _put(s3_bucket, "inbox/seeds/_SUCCESS", b"")  # markers and hidden files are no input
    _put(s3_bucket, "inbox/seeds/.part-0.tmp", b"x")
    uri = f"s3://{s3_bucket}/inbox/seeds"
    assert listing_fingerprint(uri) == listing_fingerprint(remote.fetch_input(uri))
    before = listing_fingerprint(uri)
    _put(s3_bucket, "inbox/seeds/late.txt", "晚到的文章。".encode())
    assert listing_fingerprint(uri) != before
    assert remote.subfolders(f"s3://{s3_bucket}/inbox") == ["seeds"]
    assert remote.folder_exists(f"s3://{s3_bucket}/inbox") and not remote.folder_exists(f"s3://{s3_bucket}/nothing")


def test_the_stores_work_cache_keeps_the_latest_batches_within_its_bound(s3_bucket):
    from tasks.stages.store_work import prune_store_work

    work = f"s3://{s3_bucket}/out/.work"
    for batch in ("old", "mid", "new"):  # written in this order: "old" is the least recent
        for name in ("shard-a.parquet", "shard-a.lines.parquet", "final-b.parquet", "spill/x.jsonl"):
            _put(s3_bucket, f"out/.work/{batch}/{name}", b"x" * 100)
        time.sleep(1.1)  # the store's times are whole seconds
    assert prune_store_work(work, "new", bound_bytes=650) == ["old"]
    left = _keys(s3_bucket)
    # this batch keeps its cleaned shards only; "mid" (400 bytes) fits beside them, "old" does not
    assert [k for k in left if "/new/" in k] == ["out/.work/new/shard-a.lines.parquet", "out/.work/new/shard-a.parquet"]
    assert len([k for k in left if "/mid/" in k]) == 4 and not [k for k in left if "/old/" in k]
