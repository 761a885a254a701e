"""Files under the output folder: atomic writes, the run lock, the ledger."""

import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tasks.io import storage
from tasks.schema import REJECTED_SCHEMA

ROWS = pa.table(
    {
        "doc_id": ["a", "b"],
        "batch_id": ["b1", "b1"],
        "source_file": ["x.txt", "y.txt"],
        "reason": ["empty", "binary"],
        "detail": ["", "NUL bytes"],
        "raw_excerpt": ["", ""],
    },
    schema=REJECTED_SCHEMA,
)


def test_atomic_path_replaces_the_file_only_when_the_block_succeeds(tmp_path):
    target = tmp_path / "sub" / "file.json"
    storage.write_json(target, {"v": 1})
    with pytest.raises(RuntimeError), storage.atomic_path(target) as tmp:
        tmp.write_text("half written", encoding="utf-8")
        raise RuntimeError("crash")
    assert storage.read_json(target) == {"v": 1}
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]  # no temporary file left


def test_atomic_writers_keep_every_old_file_when_one_fails(tmp_path):
    paths = {name: tmp_path / name / "b1.parquet" for name in ("clean", "rejected")}
    for path in paths.values():
        storage.write_parquet(path, ROWS)
    targets = {name: (path, REJECTED_SCHEMA) for name, path in paths.items()}
    with pytest.raises(RuntimeError), storage.atomic_writers(targets) as out:
        out["clean"].write(ROWS.slice(0, 1))
        out["rejected"].write(ROWS.slice(1))
        raise RuntimeError("crash between files")
    for path in paths.values():
        assert pq.read_table(path).equals(ROWS)
    assert storage.remove_stale_temp_files(tmp_path) == 0


def test_atomic_writers_write_row_groups_and_count_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "ROW_GROUP_ROWS", 3)
    path = tmp_path / "rejected" / "b1.parquet"
    with storage.atomic_writers({"rejected": (path, REJECTED_SCHEMA)}) as out:
        for _ in range(4):
            out["rejected"].write(ROWS)
        out["rejected"].write(ROWS.slice(0, 0))
    assert out["rejected"].rows == 8
    f = pq.ParquetFile(path)
    assert f.metadata.num_rows == 8 and f.metadata.num_row_groups >= 2
    assert f.schema_arrow.equals(REJECTED_SCHEMA)
    assert f.metadata.row_group(0).column(0).compression == "ZSTD"


def test_row_groups_end_at_their_row_or_byte_limit_and_keep_every_row_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "ROW_GROUP_ROWS", 3)
    path = tmp_path / "rejected" / "b1.parquet"
    rows = pa.concat_tables([ROWS] * 4)
    with storage.atomic_writers({"rejected": (path, REJECTED_SCHEMA)}) as out:
        out["rejected"].write(rows.slice(0, 5))  # one full row group and two rows of the next
        out["rejected"].write(rows.slice(5))
    f = pq.ParquetFile(path)
    assert [f.metadata.row_group(i).num_rows for i in range(f.metadata.num_row_groups)] == [3, 3, 2]
    assert f.read().equals(rows)
    monkeypatch.setattr(storage, "ROW_GROUP_BYTES", 1)  # every write is a row group's worth of bytes
    with storage.atomic_writers({"rejected": (path, REJECTED_SCHEMA)}) as out:
        for i in range(len(rows)):
            out["rejected"].write(rows.slice(i, 1))
    f = pq.ParquetFile(path)
    assert f.metadata.num_row_groups == len(rows) and f.read().equals(rows)


def test_a_row_group_that_fails_on_the_writers_thread_fails_the_files_and_keeps_the_old_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "ROW_GROUP_ROWS", 2)
    paths = {name: tmp_path / name / "b1.parquet" for name in ("clean", "rejected")}
    for path in paths.values():
        storage.write_parquet(path, ROWS)
    targets = {name: (path, REJECTED_SCHEMA) for name, path in paths.items()}
    disk_full = OSError(28, "No space left on device")
    with pytest.raises(OSError, match="No space left"), storage.atomic_writers(targets) as out:

        def fail(*args, **kwargs):
            raise disk_full

        monkeypatch.setattr(out["rejected"].writer, "write_table", fail)
        out["clean"].write(ROWS)
        out["rejected"].write(ROWS)  # a full row group: compressed on the writer's thread, which fails
        out["rejected"].write(ROWS)  # the next row group raises it, or else closing does
    for path in paths.values():
        assert pq.read_table(path).equals(ROWS)
    assert storage.remove_stale_temp_files(tmp_path) == 0


def test_stale_temp_files_of_a_killed_run_are_found(tmp_path):
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / ".b1.parquet.tmp-123").write_bytes(b"PAR1")
    (tmp_path / "clean" / "b1.parquet").write_bytes(b"PAR1")
    assert storage.remove_stale_temp_files(tmp_path) == 1
    assert [p.name for p in (tmp_path / "clean").iterdir()] == ["b1.parquet"]


def test_a_second_run_waits_for_the_lock_then_gives_up(tmp_path):
    held, release = threading.Event(), threading.Event()

    def holder():
        with storage.output_lock(tmp_path):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(30)
        told = []
        with (
            pytest.raises(storage.OutputLockedError),
            storage.output_lock(tmp_path, 0.3, on_wait=lambda: told.append(1)),
        ):
            pass
        assert told == [1]  # the wait was announced, once
    finally:
        release.set()
        thread.join()
    with storage.output_lock(tmp_path, timeout=0):  # free again
        pass


def test_ledger_keeps_a_batch_in_its_first_place(tmp_path):
    assert storage.batch_sequence(tmp_path, "b1") == 1
    storage.record_batch(tmp_path, "b1", {"seq": 1, "counts": {}})
    storage.record_batch(tmp_path, "b2", {"seq": 2, "counts": {}})
    assert storage.batch_sequence(tmp_path, "b1") == 1  # a re-run sees the same past
    assert storage.batch_sequence(tmp_path, "b3") == 3
    assert sorted(storage.load_ledger(tmp_path)["batches"]) == ["b1", "b2"]
