"""Reading batch folders: every record is either read or rejected with a reason."""

import gzip
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import FIXTURES, SEEDS, load_fixture
from tasks.io.ingest import plan_shards, read_shard


def read_all(folder, shard_bytes=32 * 1024 * 1024):
    raws, rejects = [], []
    for parts in plan_shards(folder, shard_bytes):
        raw, rej = read_shard(folder, parts)
        raws.append(raw)
        rejects.append(rej)
    return pa.concat_tables(raws), pa.concat_tables(rejects)


def test_seeds_read_as_five_txt_documents():
    raw, rej = read_all(SEEDS)
    assert raw.column("doc_id").to_pylist() == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert len(rej) == 0
    assert set(raw.column("encoding").to_pylist()) == {"utf-8"}


def test_mixed_folder_with_bad_records(tmp_path):
    articles = load_fixture("crud_rag_reposts.jsonl")[:3]
    lines = [
        json.dumps(articles[0], ensure_ascii=False),
        "{not json",
        json.dumps({"id": "no-text", "url": "x"}),
        "",
        json.dumps([1, 2]),
        json.dumps(articles[1], ensure_ascii=False),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "gbk.jsonl").write_bytes(
        json.dumps({"id": "g1", "text": "公安机关销毁非法枪支"}, ensure_ascii=False).encode("gb18030") + b"\n"
    )
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": articles[2]["text"], "title": "t"}, ensure_ascii=False) + "\n")
    (tmp_path / "big5.txt").write_bytes("網站新聞正文，記者報導。".encode("big5") * 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "odd name 名字 (1).txt").write_text("文件名很奇怪，但内容是正常的新闻。", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n")
    pq.write_table(pa.table({"id": ["p1", None], "text": ["来自Parquet的新闻正文。", None]}), tmp_path / "c.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "trunc.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n')[:-8])

    raw, rej = read_all(tmp_path)
    ids = raw.column("doc_id").to_pylist()
    reasons = dict(zip(rej.column("doc_id").to_pylist(), rej.column("reason").to_pylist()))
    assert articles[0]["id"] in ids and articles[1]["id"] in ids
    assert "b.jsonl.gz:1" in ids and "g1" in ids and "p1" in ids and "big5" in ids and "odd name 名字 (1)" in ids
    assert dict(zip(ids, raw.column("encoding").to_pylist()))["big5"] == "big5"
    assert reasons["a.jsonl:2"] == "malformed_json"
    assert reasons["no-text"] == "missing_text"
    assert reasons["a.jsonl:5"] == "malformed_json"
    assert reasons["empty"] == "empty"
    assert reasons["binary"] == "binary"
    assert reasons["notes.csv"] == "unsupported_file_type"
    assert reasons["c.parquet:1"] == "empty"
    assert reasons["broken.parquet"] == "unreadable_file"
    assert reasons["trunc.jsonl.gz"] == "unreadable_file"
    # nothing lost: 5 lines with content in a.jsonl (the blank one is not a record)
    assert (
        sum(1 for s in raw.column("source_file").to_pylist() + rej.column("source_file").to_pylist() if s == "a.jsonl")
        == 5
    )


def test_byte_range_shards_read_the_same_records_as_whole_files(tmp_path):
    src = (FIXTURES / "crud_rag_reposts.jsonl").read_bytes()
    (tmp_path / "big.jsonl").write_bytes(src)
    whole, _ = read_all(tmp_path)
    split, _ = read_all(tmp_path, shard_bytes=7000)
    assert len(plan_shards(tmp_path, 7000)) > 5
    assert split.column("doc_id").to_pylist() == whole.column("doc_id").to_pylist()
    assert split.column("raw_text").to_pylist() == whole.column("raw_text").to_pylist()


def test_line_numbers_are_stable_across_splits(tmp_path):
    lines = [json.dumps({"text": f"第{i}条新闻正文内容"}, ensure_ascii=False) for i in range(200)]
    (tmp_path / "n.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole, _ = read_all(tmp_path)
    split, _ = read_all(tmp_path, shard_bytes=333)
    assert whole.column("doc_id").to_pylist() == [f"n.jsonl:{i}" for i in range(1, 201)]
    assert split.column("doc_id").to_pylist() == whole.column("doc_id").to_pylist()


def test_an_empty_id_falls_back_like_a_missing_one(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    text = (SEEDS / "001_72c21c55ea8088ed.txt").read_text(encoding="utf-8")
    lines = [{"id": "", "text": text}, {"id": "  ", "text": text}, {"id": 7, "text": text}, {"text": text}]
    (batch / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    pq.write_table(pa.table({"id": ["", "p1"], "text": [text, text]}), batch / "b.parquet")
    raw, rejected = read_all(batch)
    assert raw.column("doc_id").to_pylist() == ["a.jsonl:1", "a.jsonl:2", "7", "a.jsonl:4", "b.parquet:0", "p1"]
    assert len(rejected) == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_jsonl_file_is_decoded_whole(tmp_path, encoding):
    """Split on 0x0A bytes, 3 UTF-16 records became 1 clean row and 10 bogus rejections."""
    batch = tmp_path / "batch"
    batch.mkdir()
    texts = [(SEEDS / name).read_text(encoding="utf-8") for name in sorted(p.name for p in SEEDS.iterdir())[:3]]
    body = "".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\r\n" for i, t in enumerate(texts))
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")  # Python writes the BOM itself for utf-16 and utf-32
    (batch / "wide.jsonl").write_bytes((bom + body).encode(encoding))
    for shard_bytes in (32 * 1024 * 1024, 1000):  # never split by byte range, however large
        raw, rejected = read_all(batch, shard_bytes)
        assert raw.column("doc_id").to_pylist() == ["d0", "d1", "d2"] and len(rejected) == 0
        assert raw.column("raw_text").to_pylist() == texts


def test_a_binary_text_column_in_parquet_is_decoded_like_raw_bytes(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    text = (SEEDS / "002_77381d51494a62cb.txt").read_text(encoding="utf-8")
    column = pa.array([text.encode("utf-8"), text.encode("gb18030"), b"\x00\x01\x02binary"], pa.binary())
    pq.write_table(pa.table({"id": ["u", "g", "bad"], "text": column}), batch / "bytes.parquet")
    raw, rejected = read_all(batch)
    assert raw.column("doc_id").to_pylist() == ["u", "g"]
    assert raw.column("raw_text").to_pylist() == [text, text]
    assert raw.column("encoding").to_pylist() == ["utf-8", "gb18030"]
    assert rejected.column("doc_id").to_pylist() == ["bad"] and rejected.column("reason").to_pylist() == ["binary"]


def test_links_that_leave_the_batch_dangle_or_loop_are_rejected_rows(tmp_path):
    """Nothing outside the batch folder is read, and nothing the walk meets is skipped silently."""
    batch = tmp_path / "batch"
    (batch / "sub").mkdir(parents=True)
    seed = SEEDS / "000_fb9709146d07ecbb.txt"
    (batch / "sub" / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "outside.txt").write_bytes(seed.read_bytes())
    (batch / "outside_link.txt").symlink_to(tmp_path / "outside.txt")
    (batch / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (batch / "loop").symlink_to(batch, target_is_directory=True)
    (batch / "inside_link.txt").symlink_to(batch / "sub" / "a.txt")
    raw, rejected = read_all(batch)
    assert sorted(raw.column("doc_id").to_pylist()) == ["inside_link", "sub/a"]
    reasons = dict(zip(rejected.column("doc_id").to_pylist(), rejected.column("reason").to_pylist()))
    assert reasons == {"outside_link.txt": "outside_batch", "dangling.txt": "dangling_link", "loop": "linked_folder"}
    assert all(rejected.column("detail").to_pylist())


def test_a_folder_that_cannot_be_listed_is_a_rejected_row(tmp_path, monkeypatch):
    batch = tmp_path / "batch"
    (batch / "locked").mkdir(parents=True)
    (batch / "ok.txt").write_bytes((SEEDS / "001_72c21c55ea8088ed.txt").read_bytes())
    real_scandir = os.scandir

    def scandir(path="."):  # as root, chmod cannot lock a folder: refuse it the way the OS would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    raw, rejected = read_all(batch)
    assert raw.column("doc_id").to_pylist() == ["ok"]
    assert rejected.column("doc_id").to_pylist() == ["locked"]
    assert rejected.column("reason").to_pylist() == ["unreadable_folder"]


def _records(raw):
    return list(zip(raw.column("doc_id").to_pylist(), raw.column("raw_text").to_pylist()))


def _reposts():
    return [r["text"] for r in load_fixture("crud_rag_reposts.jsonl")]


def test_a_large_gzip_file_is_cut_into_pieces_with_the_same_records_and_ids(tmp_path):
    batch, spill = tmp_path / "batch", tmp_path / "spill"
    batch.mkdir()
    texts = _reposts() * 8
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in texts]
    lines.insert(5, "")  # a blank line keeps the line numbers of those after it
    lines.insert(9, "{not json")
    with gzip.open(batch / "big.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines))  # and no newline at the end
    whole = read_all(batch)
    shards = plan_shards(batch, 20_000, spill_dir=spill)
    parts = [p for shard in shards for p in shard]
    assert len(parts) > 5 and all(p.spill for p in parts)
    pieces = [read_shard(batch, shard) for shard in shards]
    raw = pa.concat_tables([r for r, _ in pieces])
    rejected = pa.concat_tables([j for _, j in pieces])
    assert _records(raw) == _records(whole[0]) and len(raw) == len(texts)
    assert rejected.column("doc_id").to_pylist() == whole[1].column("doc_id").to_pylist() == ["big.jsonl.gz:10"]
    # a second plan reuses the pieces instead of cutting again
    mtimes = {p.name: p.stat().st_mtime_ns for p in spill.iterdir()}
    assert plan_shards(batch, 20_000, spill_dir=spill) == shards
    assert {p.name: p.stat().st_mtime_ns for p in spill.iterdir()} == mtimes


def test_a_parquet_file_whose_one_row_group_is_larger_than_a_shard_is_cut(tmp_path):
    batch, spill = tmp_path / "batch", tmp_path / "spill"
    batch.mkdir()
    texts = _reposts() * 8
    ids = [str(i) if i % 3 else "" for i in range(len(texts))]  # an empty id falls back to the row
    pq.write_table(pa.table({"id": ids, "text": texts}), batch / "one_group.parquet", row_group_size=1 << 20)
    assert pq.ParquetFile(batch / "one_group.parquet").num_row_groups == 1
    whole = read_all(batch)
    shards = plan_shards(batch, 20_000, spill_dir=spill)
    assert len(shards) > 1 and all(p.spill for shard in shards for p in shard)
    raw = pa.concat_tables([read_shard(batch, shard)[0] for shard in shards])
    assert _records(raw) == _records(whole[0]) and len(raw) == len(texts)
    assert "one_group.parquet:3" in raw.column("doc_id").to_pylist()


def test_an_unreadable_gzip_file_is_one_part_rejected_with_its_reason(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    payload = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in _reposts() * 8).encode()
    (batch / "trunc.jsonl.gz").write_bytes(gzip.compress(payload)[:-8])
    shards = plan_shards(batch, 20_000, spill_dir=tmp_path / "spill")
    assert [[p.spill for p in s] for s in shards] == [[""]]
    raw, rejected = read_shard(batch, shards[0])
    assert len(raw) == 0 and rejected.column("reason").to_pylist() == ["unreadable_file"]
