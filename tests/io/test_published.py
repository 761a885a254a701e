"""Reading through the manifests: a batch is returned whole as published, never half-replaced."""

import threading

import pyarrow.parquet as pq
import pytest

from helpers import SEEDS, make_repost_batch, run_stages
from tasks.io.published import PublishInProgress, read_published
from tasks.io.storage import atomic_path, file_digest, read_json


@pytest.fixture
def output(tmp_path):
    reposts = tmp_path / "reposts"
    make_repost_batch(reposts)
    out = tmp_path / "out"
    run_stages(SEEDS, out, "seeds")
    run_stages(reposts, out, "reposts")
    return out


def test_every_batch_is_read_as_its_manifest_describes_it(output):
    tables = read_published(output)
    for batch in ("seeds", "reposts"):
        manifest = read_json(output / "manifests" / f"{batch}.json")
        for kind in ("clean", "duplicates", "rejected"):
            assert manifest["file_digests"][kind] == file_digest(output / kind / f"{batch}.parquet")
    totals = read_json(output / "manifest.json")["batches"]
    for kind in ("clean", "duplicates", "rejected"):
        assert len(tables[kind]) == sum(c[kind] for c in totals.values())
    assert set(tables["duplicates"].column("batch_id").to_pylist()) == {"reposts"}
    assert read_published(output, ("clean",), batches=["seeds"])["clean"].equals(
        pq.read_table(output / "clean" / "seeds.parquet")
    )
    with pytest.raises(KeyError):
        read_published(output, batches=["never-run"])


def test_a_rerun_publishes_the_same_digests(output):
    before = read_json(output / "manifests" / "seeds.json")["file_digests"]
    run_stages(SEEDS, output, "seeds")
    assert read_json(output / "manifests" / "seeds.json")["file_digests"] == before


def test_a_half_replaced_batch_is_read_again_until_its_manifest_catches_up(output):
    """What a reader meets in the middle of a publish: the new clean file, the old manifest."""
    path = output / "clean" / "reposts.parquet"
    published = path.read_bytes()
    table = pq.read_table(path)
    with atomic_path(path) as tmp:
        pq.write_table(table.slice(0, 1), tmp)  # the "new" clean file, its manifest not yet written
    with pytest.raises(PublishInProgress, match="reposts"):
        read_published(output, attempts=3, pause=0)

    def finish_publish():
        with atomic_path(path) as tmp:
            tmp.write_bytes(published)

    timer = threading.Timer(0.3, finish_publish)
    timer.start()
    try:
        tables = read_published(output, attempts=50, pause=0.05)
    finally:
        timer.join()
    expected = table.to_pylist() + pq.read_table(output / "clean" / "seeds.parquet").to_pylist()  # by batch id
    assert tables["clean"].to_pylist() == expected
