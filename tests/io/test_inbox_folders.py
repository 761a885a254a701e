"""When an inbox folder is a complete batch, and whether a processed one changed since."""

import shutil

from helpers import SEEDS, age_folder
from tasks.io.inbox import listing_fingerprint, waiting_reason


def test_a_folder_being_written_waits_for_its_quiet_period_or_its_marker(tmp_path):
    batch = tmp_path / "2024-06-01"
    batch.mkdir()
    assert waiting_reason(batch, "_SUCCESS", 300) == "empty"
    for seed in SEEDS.glob("*.txt"):  # as a scraper writes them: new files, new times
        (batch / seed.name).write_bytes(seed.read_bytes())
    assert "quiet period 300 s" in waiting_reason(batch, "_SUCCESS", 300)
    assert "no _SUCCESS marker" in waiting_reason(batch, "_SUCCESS", 300)
    (batch / "_SUCCESS").touch()
    assert waiting_reason(batch, "_SUCCESS", 300) == ""


def test_a_folder_untouched_for_the_quiet_period_is_complete_until_a_file_arrives(tmp_path):
    batch = tmp_path / "2024-06-01"
    shutil.copytree(SEEDS, batch)
    age_folder(batch, 600)
    assert waiting_reason(batch, None, 300) == ""
    (batch / "late.txt").write_text("迟到的一篇稿件，刚刚写入。", encoding="utf-8")
    assert waiting_reason(batch, None, 300) != ""
    # a file in a sub-folder counts too
    age_folder(batch, 600)
    (batch / "sub").mkdir()
    age_folder(batch, 600)
    (batch / "sub" / "more.txt").write_text("子文件夹里的新稿件。", encoding="utf-8")
    assert waiting_reason(batch, None, 300) != ""


def test_the_listing_changes_when_a_file_is_added_or_rewritten_and_only_then(tmp_path):
    batch = tmp_path / "b"
    shutil.copytree(SEEDS, batch)
    first = listing_fingerprint(batch)
    assert listing_fingerprint(batch) == first
    (batch / "_SUCCESS").touch()  # markers and hidden files are no input
    assert listing_fingerprint(batch) == first
    (batch / "new.txt").write_text("新稿件。", encoding="utf-8")
    second = listing_fingerprint(batch)
    assert second != first
    path = next(batch.glob("000_*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "补充一句。", encoding="utf-8")
    assert listing_fingerprint(batch) != second
