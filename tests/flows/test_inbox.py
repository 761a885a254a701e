"""The scheduled flows: new batches from an inbox, and reprocessing history with new parameters."""

import json
import shutil

import pyarrow.parquet as pq
import pytest

from flows.inbox import clean_new_batches, reprocess
from flows.pipeline import clean_batch
from helpers import SEEDS, age_folder, make_repost_batch

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_inbox_processes_only_new_ready_batches_then_reprocess_rebuilds_the_index(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(SEEDS, inbox / "2024-01-01")
    make_repost_batch(inbox / "2024-01-02")
    (inbox / "2024-01-01" / "_READY").touch()
    assert list(clean_new_batches(inbox=str(inbox), output_dir=str(out), ready_marker="_READY")) == ["2024-01-01"]
    (inbox / "2024-01-02" / "_READY").touch()
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out), ready_marker="_READY") == {
        "2024-01-02": {"input": 3, "clean": 1, "duplicates": 2, "rejected": 0}
    }
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out), ready_marker="_READY") == {}

    done = reprocess(output_dir=str(out), rebuild_index=True, num_perm=256, target_script="t")
    assert list(done) == ["2024-01-01", "2024-01-02"]  # original order
    assert done["2024-01-02"]["duplicates"] == 2  # reposts still found with the rebuilt index
    assert json.loads((out / "index" / "params.json").read_text())["num_perm"] == 256
    clean = pq.read_table(out / "clean" / "2024-01-01.parquet").to_pylist()
    assert any("市委書記王菲" in row["text"] for row in clean)  # now in traditional script
    with pytest.raises(ValueError):
        reprocess(output_dir=str(out), batch_ids=["no-such-batch"])


def test_a_missing_inbox_is_an_error_not_an_empty_success(tmp_path):
    with pytest.raises(FileNotFoundError, match="inbox folder not found"):
        clean_new_batches(inbox=str(tmp_path / "inbx"), output_dir=str(tmp_path / "out"))


def test_reprocess_checks_every_input_before_it_touches_the_index(tmp_path):
    out = tmp_path / "out"
    for name in ("b1", "b2"):
        shutil.copytree(SEEDS, tmp_path / name)
    shutil.copy(SEEDS / "000_fb9709146d07ecbb.txt", tmp_path / "b2" / "extra.txt")
    clean_batch(input_dir=str(tmp_path / "b1"), output_dir=str(out))
    clean_batch(input_dir=str(tmp_path / "b2"), output_dir=str(out))
    index_before = sorted(p.name for p in (out / "index").iterdir())
    shutil.rmtree(tmp_path / "b2")
    with pytest.raises(FileNotFoundError, match="nothing was changed"):
        reprocess(output_dir=str(out), rebuild_index=True, num_perm=64)
    assert sorted(p.name for p in (out / "index").iterdir()) == index_before  # b2 still indexed


def test_a_folder_named_as_scrapers_name_them_is_a_batch_once(tmp_path):
    """Spaces and Chinese in a folder name failed every scheduled run, forever."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(SEEDS, inbox / "2024-06-01 新闻")
    (inbox / "2024-06-01 新闻" / "_SUCCESS").touch()
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out)) == {
        "2024-06-01 新闻": {"input": 5, "clean": 5, "duplicates": 0, "rejected": 0}
    }
    published = [p.name for p in (out / "clean").iterdir()]
    assert len(published) == 1 and published[0].startswith("2024-06-01-")
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out)) == {}  # known now: not run again


def test_a_folder_still_being_written_is_not_taken_and_a_changed_processed_folder_fails_the_run(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "b1").mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):  # as a scraper writes them: new files, new times
        (inbox / "b1" / seed.name).write_bytes(seed.read_bytes())
    # just written, no marker: not taken, and not recorded, so its later files are not lost
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out)) == {}
    assert not (out / "ledger.json").exists() or "b1" not in json.loads((out / "ledger.json").read_text())["batches"]
    age_folder(inbox / "b1")  # quiet for 10 minutes: complete
    assert list(clean_new_batches(inbox=str(inbox), output_dir=str(out))) == ["b1"]
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out)) == {}
    # a file arrives in the processed folder: loud, by name, every run until it is dealt with
    shutil.copy(next(SEEDS.glob("003_*.txt")), inbox / "b1" / "late.txt")
    with pytest.raises(RuntimeError, match=r"changed after they were processed.*\['b1'\]"):
        clean_new_batches(inbox=str(inbox), output_dir=str(out))
    assert reprocess(output_dir=str(out), batch_ids=["b1"])["b1"]["input"] == 6
    assert clean_new_batches(inbox=str(inbox), output_dir=str(out)) == {}


def _files(out):
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".work" not in p.parts
    }


def test_reprocess_of_every_batch_is_all_or_nothing(tmp_path, monkeypatch):
    import flows.inbox

    out = tmp_path / "out"
    for name in ("b1", "b2"):
        shutil.copytree(SEEDS, tmp_path / name)
        clean_batch(input_dir=str(tmp_path / name), output_dir=str(out))
    before = _files(out)
    real = flows.inbox.clean_batch

    def fails_on_b2(**kwargs):
        if kwargs["batch_id"] == "b2":
            raise OSError("No space left on device")
        return real(**kwargs)

    monkeypatch.setattr(flows.inbox, "clean_batch", fails_on_b2)
    with pytest.raises(OSError):
        reprocess(output_dir=str(out), num_perm=64, target_script="t")
    assert _files(out) == before  # b1 was redone beside the output, and thrown away
    assert not (out / ".reprocess").exists()
    monkeypatch.setattr(flows.inbox, "clean_batch", real)
    done = reprocess(output_dir=str(out), num_perm=64, target_script="t")
    assert list(done) == ["b1", "b2"]
    assert json.loads((out / "index" / "params.json").read_text())["num_perm"] == 64
    assert not (out / ".reprocess").exists() and not (out / ".previous").exists()
    clean = pq.read_table(out / "clean" / "b1.parquet").to_pylist()
    assert any("市委書記王菲" in row["text"] for row in clean)
    assert sorted(json.loads((out / "ledger.json").read_text())["batches"]) == ["b1", "b2"]
