"""The MinHash index: parameters recorded once and never mixed, earlier batches only."""

import numpy as np
import pyarrow as pa
import pytest

from tasks.io import index, storage
from tasks.schema import index_schema


def index_rows(batch_id: str, seq: int, n: int, num_perm: int = 4, bands: int = 2) -> pa.Table:
    sigs = np.arange(n * num_perm, dtype=np.uint32).reshape(n, num_perm) + seq
    return pa.table(
        {
            "batch_id": [batch_id] * n,
            "batch_seq": pa.array([seq] * n, pa.int32()),
            "doc_id": [f"{batch_id}-{i}" for i in range(n)],
            "content_hash": [f"h{seq}{i}" for i in range(n)],
            "clean_chars": pa.array([100] * n, pa.int32()),
            "shingle_count": pa.array([96] * n, pa.int32()),
            "signature": pa.FixedSizeListArray.from_arrays(pa.array(sigs.reshape(-1), pa.uint32()), num_perm),
            "band_keys": pa.FixedSizeListArray.from_arrays(pa.array(np.zeros(n * bands, np.uint64)), bands),
            "kept_as": pa.nulls(n, pa.string()),
        },
        schema=index_schema(num_perm, bands),
    )


def test_index_params_are_recorded_then_a_mismatch_is_refused(tmp_path):
    params = {"num_perm": 128, "seed": 1, "shingle_size": 5, "scheme": "affine32", "index_format": 3}
    index.check_index_params(tmp_path, params)
    index.check_index_params(tmp_path, dict(params))  # same: fine
    for changed in ({"seed": 2}, {"scheme": "affine64"}, {"shingle_size": 4}, {"num_perm": 64}):
        with pytest.raises(index.IndexMismatchError, match="rebuild"):
            index.check_index_params(tmp_path, {**params, **changed})


def test_read_index_sees_earlier_batches_only_and_never_the_batch_itself(tmp_path):
    for batch_id, seq, n in (("b1", 1, 2), ("b2", 2, 3), ("b3", 3, 1)):
        storage.write_parquet(tmp_path / "index" / f"{batch_id}.parquet", index_rows(batch_id, seq, n))
    table = index.read_index(tmp_path, before_seq=3, exclude_batch="b3")
    assert sorted(set(table.column("batch_id").to_pylist())) == ["b1", "b2"] and len(table) == 5
    table = index.read_index(tmp_path, before_seq=2, exclude_batch="b1")
    assert table is None  # re-running b1: it is not compared with itself or anything later


def test_signatures_come_back_as_a_matrix(tmp_path):
    rows = index_rows("b1", 1, 3)
    sigs = index.fixed_list_to_numpy(pa.chunked_array([rows.column("signature").chunk(0)] * 2), 4, np.uint32)
    assert sigs.shape == (6, 4) and sigs.dtype == np.uint32
    assert (sigs[:3] == np.arange(12, dtype=np.uint32).reshape(3, 4) + 1).all()
    assert index.fixed_list_to_numpy(rows.column("signature").slice(0, 0), 4, np.uint32).shape == (0, 4)
