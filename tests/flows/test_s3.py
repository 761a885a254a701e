"""The flow with its batches and output in S3 (moto in server mode): the same output as on a local
disk, history read from the store (not from a machine's leftovers), a crash between two uploads
repaired by a re-run, and a reader that starts from manifest.json."""

import json
import shutil

import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from flows.pipeline import clean_batch, main
from helpers import SEEDS, make_repost_batch
from tasks.io import remote
from tasks.io.published import read_published
from tasks.text.script import detect_script

pytestmark = [pytest.mark.usefixtures("prefect_server"), pytest.mark.slow]

KINDS = ("clean", "duplicates", "rejected", "index")


def _upload_folder(folder, uri):
    filesystem, root = remote.open_store(uri)
    pafs.copy_files(str(folder), f"{root}", source_filesystem=pafs.LocalFileSystem(), destination_filesystem=filesystem)


def _read(uri_or_folder, rel):
    if remote.is_remote(str(uri_or_folder)):
        filesystem, root = remote.open_store(str(uri_or_folder))
        return pq.read_table(f"{root}/{rel}", filesystem=filesystem)
    return pq.read_table(uri_or_folder / rel)


def _manifest(uri):
    filesystem, root = remote.open_store(uri)
    with filesystem.open_input_stream(f"{root}/manifest.json") as fh:
        return json.loads(fh.read())


def _new_machine(monkeypatch, tmp_path, name):
    """Another machine: nothing cached from earlier runs."""
    monkeypatch.setenv("CNNEWS_CACHE", str(tmp_path / name))


@pytest.fixture
def batches(tmp_path):
    reposts = tmp_path / "reposts"
    make_repost_batch(reposts)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds, reposts


def test_batches_in_s3_give_the_output_of_a_local_run(s3_bucket, batches, tmp_path, monkeypatch):
    seeds, reposts = batches
    local = tmp_path / "local"
    expected = [clean_batch(input_dir=str(b), output_dir=str(local)) for b in (seeds, reposts)]

    store = f"s3://{s3_bucket}/out"
    for folder in (seeds, reposts):
        _upload_folder(folder, f"s3://{s3_bucket}/inbox/{folder.name}")
    _new_machine(monkeypatch, tmp_path, "machine-a")
    first = clean_batch(input_dir=f"s3://{s3_bucket}/inbox/seeds", output_dir=store)
    _new_machine(monkeypatch, tmp_path, "machine-b")  # the second batch's history comes from the store
    second = clean_batch(input_dir=f"s3://{s3_bucket}/inbox/reposts", output_dir=store)

    assert [first["counts"], second["counts"]] == [m["counts"] for m in expected]
    # a published batch's local copy is gone (the cache does not grow with every batch)
    assert not remote.local_copy("inputs", f"s3://{s3_bucket}/inbox/reposts").exists()
    assert second["counts"]["duplicates"] >= 2
    for batch in ("seeds", "reposts"):
        for kind in KINDS:
            assert _read(store, f"{kind}/{batch}.parquet").equals(_read(local, f"{kind}/{batch}.parquet")), kind
    dups = _read(store, "duplicates/reposts.parquet")
    assert set(dups.column("duplicate_of_batch").to_pylist()) == {"seeds"}
    assert second["input_dir"] == f"s3://{s3_bucket}/inbox/reposts"

    # a reader that follows the contract: manifest.json names the batches, the files hold them
    manifest = _manifest(store)
    assert set(manifest["batches"]) == {"seeds", "reposts"}
    tables = read_published(store)
    for kind in ("clean", "duplicates", "rejected"):
        assert len(tables[kind]) == sum(c[kind] for c in manifest["batches"].values())
    # at rest, a plain dataset over the store's folder reads the same rows
    filesystem, root = remote.open_store(store)
    clean = ds.dataset(f"{root}/clean", filesystem=filesystem, format="parquet").to_table()
    assert sorted(clean.column("doc_id").to_pylist()) == sorted(tables["clean"].column("doc_id").to_pylist())


def test_a_crash_between_uploads_is_repaired_by_a_rerun_on_any_machine(s3_bucket, batches, tmp_path, monkeypatch):
    seeds, reposts = batches
    store = f"s3://{s3_bucket}/out"
    clean_batch(input_dir=str(seeds), output_dir=store)
    before = _manifest(store)

    upload = remote._upload

    def crash_at_the_manifests(filesystem, source, target):
        if "/manifests/" in target:
            raise ConnectionError("network gone")
        upload(filesystem, source, target)

    monkeypatch.setattr(remote, "_upload", crash_at_the_manifests)
    with pytest.raises(ConnectionError):
        clean_batch(input_dir=str(reposts), output_dir=store)
    # the data went up, but what a reader starts from still describes the first batch only
    assert _manifest(store) == before
    assert set(read_published(store)["clean"].column("batch_id").to_pylist()) == {"seeds"}
    monkeypatch.setattr(remote, "_upload", upload)

    _new_machine(monkeypatch, tmp_path, "machine-b")
    rerun = clean_batch(input_dir=str(reposts), output_dir=store)
    reference = tmp_path / "reference"
    for folder in (seeds, reposts):
        clean_batch(input_dir=str(folder), output_dir=str(reference))
    assert rerun["batch_seq"] == 2 and set(_manifest(store)["batches"]) == {"seeds", "reposts"}
    for kind in KINDS:
        assert _read(store, f"{kind}/reposts.parquet").equals(_read(reference, f"{kind}/reposts.parquet")), kind
    # the interrupted run's own index rows were in the store: still no document is its own duplicate
    dups = _read(store, "duplicates/reposts.parquet")
    assert "reposts" not in set(dups.column("duplicate_of_batch").to_pylist())


def test_the_command_line_takes_s3_uris(s3_bucket, tmp_path, capsys):
    _upload_folder(SEEDS, f"s3://{s3_bucket}/inbox/seeds")
    assert main(["--input", f"s3://{s3_bucket}/inbox/seeds", "--output", f"s3://{s3_bucket}/out"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["batch_id"] == "seeds" and printed["input"] == 5
    assert _manifest(f"s3://{s3_bucket}/out")["counts"] == {k: printed[k] for k in printed if k != "batch_id"}


def test_the_inbox_flow_takes_batches_from_the_store(s3_bucket, batches, tmp_path):
    from flows.inbox import clean_new_batches

    seeds, reposts = batches
    inbox, store = f"s3://{s3_bucket}/inbox", f"s3://{s3_bucket}/out"
    _upload_folder(seeds, f"{inbox}/batch-0001")
    _upload_folder(reposts, f"{inbox}/batch-0002")
    filesystem, root = remote.open_store(inbox)
    with filesystem.open_output_stream(f"{root}/batch-0001/_SUCCESS"):
        pass
    # batch-0002 has no marker and was just written: it waits
    assert set(clean_new_batches(inbox=inbox, output_dir=store, quiet_seconds=3600)) == {"batch-0001"}
    with filesystem.open_output_stream(f"{root}/batch-0002/_SUCCESS"):
        pass
    done = clean_new_batches(inbox=inbox, output_dir=store, quiet_seconds=3600)
    assert set(done) == {"batch-0002"} and done["batch-0002"]["duplicates"] >= 2
    assert clean_new_batches(inbox=inbox, output_dir=store, quiet_seconds=3600) == {}  # nothing new
    # a file that arrives in a processed batch fails the run, by name
    with filesystem.open_output_stream(f"{root}/batch-0001/late.txt") as out:
        out.write("晚到的文章。".encode())
    with pytest.raises(RuntimeError, match="batch-0001"):
        clean_new_batches(inbox=inbox, output_dir=store, quiet_seconds=3600)


def test_a_local_output_of_s3_batches_can_be_reprocessed_from_the_store(s3_bucket, tmp_path, monkeypatch):
    from flows.inbox import reprocess

    _upload_folder(SEEDS, f"s3://{s3_bucket}/inbox/seeds")
    out = tmp_path / "out"
    first = clean_batch(input_dir=f"s3://{s3_bucket}/inbox/seeds", output_dir=str(out))
    _new_machine(monkeypatch, tmp_path, "machine-b")  # the local copy of the batch is gone
    done = reprocess(output_dir=str(out), batch_ids=["seeds"], target_script="t")
    assert done["seeds"] == first["counts"]
    clean = pq.read_table(out / "clean" / "seeds.parquet")  # republished from the store, in the new script
    assert {detect_script(text) for text in clean.column("text").to_pylist()} == {"traditional"}
    with pytest.raises(ValueError, match="local output"):
        reprocess(output_dir=f"s3://{s3_bucket}/out")
