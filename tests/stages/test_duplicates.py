"""Stages 4-6: reposts found within a batch and against the index, a batch never against itself."""

import json

import pyarrow.parquet as pq

from helpers import load_fixture, run_stages
from tasks.text.script import convert_script

REPOSTS = load_fixture("crud_rag_reposts.jsonl")


def write(folder, records):
    folder.mkdir()
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")


def cluster(n: int) -> list[dict]:
    """The members of the n-th labelled repost cluster of at least 3."""
    ids = sorted({r["near_dup_cluster"] for r in REPOSTS if (r.get("near_dup_cluster_size") or 0) >= 3})
    return [r for r in REPOSTS if r.get("near_dup_cluster") == ids[n]]


def decisions(out, batch):
    return pq.read_table(out / ".work" / batch / "dedup" / "decisions.parquet").to_pylist()


def test_reposts_within_a_batch_and_across_scripts(tmp_path):
    members = cluster(0)
    records = [{"id": m["id"], "text": m["text"]} for m in members]
    records.append({"id": "trad", "text": convert_script(members[0]["text"], "t")})
    write(tmp_path / "b1", records)
    manifest, _, _ = run_stages(tmp_path / "b1", tmp_path / "out", "b1")
    rows = decisions(tmp_path / "out", "b1")
    assert sum(r["status"] == "clean" for r in rows) == 1
    assert len({r["cluster_id"] for r in rows}) == 1
    trad = next(r for r in rows if r["doc_id"] == "trad")
    assert trad["status"] == "duplicate" and trad["match"] == "exact"  # script-blind
    assert manifest["counts"]["duplicates"] == len(records) - 1


def test_a_later_batch_is_compared_with_the_index_and_a_rerun_with_nothing_later(tmp_path):
    out = tmp_path / "out"
    first, second = cluster(1)[:1], cluster(1)[1:]
    write(tmp_path / "b1", first)
    write(tmp_path / "b2", second)
    run_stages(tmp_path / "b1", out, "b1")
    run_stages(tmp_path / "b2", out, "b2")
    assert {r["duplicate_of_batch"] for r in decisions(out, "b2")} == {"b1"}
    assert all(r["status"] == "duplicate" for r in decisions(out, "b2"))
    manifest, _, _ = run_stages(tmp_path / "b1", out, "b1")  # a re-run of b1 is not compared with b2
    assert manifest["counts"]["duplicates"] == 0
    assert [r["status"] for r in decisions(out, "b1")] == ["clean"]


def test_band_groups_joined_apart_find_the_pairs_of_all_bands_at_once(tmp_path):
    """The band keys are stored band-major, so that a band group reads only its rows; the groups'
    pairs together are the pairs of every band joined at once, and decide gives the same answer
    with the pairs given or found from the stored keys."""
    import numpy as np

    from tasks.config import DEFAULTS
    from tasks.dedup.clusters import candidate_pairs, merge_pairs
    from tasks.dedup.minhash import band_keys
    from tasks.stages import duplicates

    records = [{"id": r["id"], "text": r["text"]} for r in REPOSTS]
    write(tmp_path / "b1", records)
    _, _, final_paths = run_stages(tmp_path / "b1", tmp_path / "out", "b1")
    inputs = duplicates.prepare_dedup(final_paths, tmp_path / "out", "b1", 1, DEFAULTS)
    sigs = inputs.load("signatures", mmap=False)
    expected = band_keys(sigs, inputs.bands, inputs.rows)
    assert inputs.load("band_keys").shape == (inputs.bands, len(sigs))
    assert np.array_equal(inputs.load("band_keys").T, expected)
    groups = [duplicates.band_pairs(inputs, lo, min(lo + 5, inputs.bands)) for lo in range(0, inputs.bands, 5)]
    together = candidate_pairs(expected)
    assert len(together) >= len(cluster(0)) - 1
    assert np.array_equal(merge_pairs(groups, len(sigs)), together)
    given = pq.read_table(duplicates.decide(inputs, groups, DEFAULTS)).to_pylist()
    found = pq.read_table(duplicates.decide(inputs, None, DEFAULTS)).to_pylist()
    assert given == found and sum(r["status"] == "duplicate" for r in given) >= len(cluster(0)) - 1
