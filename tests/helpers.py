"""Paths and loaders the tests share (pytest's setup lives in conftest.py)."""

import json
import os
import re
import time
from pathlib import Path

from tasks.config import DEFAULTS, BatchConfig
from tasks.io.ingest import plan_shards
from tasks.io.storage import batch_sequence
from tasks.stages import duplicates, line_stats, publish, shards
from tasks.text.script import convert_script

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Boilerplate, mojibake and pinyin the seeds carry that no cleaned seed may keep.
BOILERPLATE_MARKERS = [
    "扫一扫",
    "二维码",
    "二維碼",
    "版权声明",
    "版權",
    "责编",
    "验证码",
    "留言与评论",
    "关于山西大院新闻网",
    "/p>",
    "(wǎng)",
    "(原标题)",
    "Copyright",
]


def upstream_opencc_cases(config: str) -> list[tuple[str, str]]:
    """BYVoid/OpenCC test/testcases/testcases.json (Apache-2.0), copied from shared/peer-tests/:
    (input, expected) for one configuration."""
    raw = (FIXTURES / "opencc_testcases.json").read_text(encoding="utf-8")
    cases = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))["cases"]  # the file has trailing commas
    return [(c["input"], c["expected"][config]) for c in cases if config in c["expected"]]


def load_fixture(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def make_repost_batch(folder):
    """Reposts of seeds under other sites' boilerplate, one in the other script, plus a new story."""
    folder.mkdir()
    body_002 = (SEEDS / "002_77381d51494a62cb.txt").read_text(encoding="utf-8").split("\n", 4)[4]
    (folder / "repost_002.txt").write_text(
        "吉林新闻网 > 要闻\n\n" + body_002.split("(责编")[0] + "\n责任编辑：王五\n扫一扫在手机打开当前页\n",
        encoding="utf-8",
    )
    body_003 = (SEEDS / "003_65b1185f943836c6.txt").read_text(encoding="utf-8")
    (folder / "repost_003.txt").write_text(
        convert_script(body_003, "s").replace("网(wǎng)站二维码", "广元新闻网") + "\n来源：广元日报\n", encoding="utf-8"
    )
    new = load_fixture("crud_rag_reposts.jsonl")[-1]["text"]
    (folder / "new_story.txt").write_text(new, encoding="utf-8")


def run_stages(input_dir: Path, output_dir: Path, batch_id: str, config: BatchConfig = DEFAULTS, shard_bytes=1 << 25):
    """The stages in order as plain functions, without Prefect, as the flow runs them."""
    seq = batch_sequence(output_dir, batch_id)
    shard_paths = [
        shards.process_shard(input_dir, parts, batch_id, config, output_dir)
        for parts in plan_shards(input_dir, shard_bytes)
    ]
    frequent = line_stats.line_statistics(shard_paths, output_dir, batch_id, seq, config)
    final_paths = [shards.finalize_shard(p, frequent, batch_id, config) for p in shard_paths]
    inputs = duplicates.prepare_dedup(final_paths, output_dir, batch_id, seq, config)
    pairs = [duplicates.band_pairs(inputs, lo, min(lo + 4, inputs.bands)) for lo in range(0, inputs.bands, 4)]
    decisions = duplicates.decide(inputs, pairs, config)
    manifest = publish.publish(
        final_paths, decisions, inputs, output_dir, batch_id, seq, config, {"input_dir": str(input_dir)}
    )
    return manifest, shard_paths, final_paths


def age_folder(folder, seconds=600):
    """Set every entry's modification time ``seconds`` into the past, as a finished scraper leaves it."""
    then = time.time() - seconds
    for here, dirs, names in os.walk(folder):
        for name in dirs + names:
            os.utime(os.path.join(here, name), (then, then))
    os.utime(folder, (then, then))
