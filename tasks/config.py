"""Every parameter of a batch run, stated once.

The flows' parameters and the CLI are derived from ``BatchConfig`` (``tests/test_config.py`` checks
the flows against it), so a default changes in one place. The MinHash defaults live in
``MinHashParams``, the object stored with every index, and are taken from there.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from dataclasses import MISSING, dataclass, field, fields

from tasks.dedup.clusters import MEASURES, candidate_threshold
from tasks.dedup.minhash import MinHashParams, choose_bands
from tasks.text.script import TARGETS

# Options of a run that do not change its output.
# Shard size: 16 MB keeps a worker under 700 MiB and the flow process under 1 GiB on a 200,000-
# document batch, and is faster than 32 MB there (bench/results/bench_pipeline_200k.log).
SHARD_MB = 16.0
# A batch this large (as stored) runs its shard stages in a process per core by default. Starting
# Prefect's worker processes costs about 8 s on a 2-core machine, which cleaning in parallel pays
# back from about 60-100 MB on (bench/results/bench_pipeline_*.log); smaller batches use threads.
PROCESS_MIN_MB = 100.0
LOCK_TIMEOUT_S = 3600.0
# How long the CLI waits for its temporary Prefect API server (Prefect's default, 20 s, is overrun
# on a loaded machine).
EPHEMERAL_STARTUP_S = 120
# An inbox folder is a complete batch when this marker is in it, or when nothing in it has changed
# for INBOX_QUIET_S (a scraper that writes without a marker).
READY_MARKER = "_SUCCESS"
INBOX_QUIET_S = 300.0
# After a run, OUTPUT/.work keeps at most this much: the cleaned shards of the latest batches, which
# make a re-run of them cheap.
WORK_CACHE_MB = 2048.0


def _option(default, help: str, **argparse_kwargs):
    return field(default=default, metadata={"help": help, **argparse_kwargs})


@dataclass(frozen=True)
class BatchConfig:
    """What a batch's output depends on besides its input; recorded in every manifest."""

    target_script: str = _option("s", "script of the published text", choices=tuple(TARGETS))
    # Near duplicates by default: one document holds 75% of the other's character 5-grams (and they
    # share half of their combined ones). Chosen on the labelled CRUD_RAG reposts: Jaccard 0.8 finds
    # 63% of the reposts, containment 0.75 finds 97% with no false pair (bench/results/).
    threshold: float = _option(0.75, "near-duplicate threshold")
    measure: str = _option("containment", "what must reach the threshold", choices=MEASURES)
    num_perm: int = _option(MinHashParams.num_perm, "MinHash permutations")
    seed: int = _option(MinHashParams.seed, "MinHash seed")
    shingle_size: int = _option(MinHashParams.shingle_size, "characters per shingle (2..5)")
    min_clean_chars: int = _option(10, "documents shorter than this after cleaning are rejected")
    frequent_line_min_docs: int = _option(
        5, "a short line in this many stories of a source (or of the batch, outside the body) is a template"
    )

    def __post_init__(self):
        if self.target_script not in TARGETS:
            raise ValueError(f"target_script must be one of {sorted(TARGETS)}")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if not 2 <= self.shingle_size <= 5:
            raise ValueError("shingle_size must be 2..5 characters")
        if self.measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}")

    @property
    def minhash(self) -> MinHashParams:
        return MinHashParams(num_perm=self.num_perm, seed=self.seed, shingle_size=self.shingle_size)

    @property
    def bands_rows(self) -> tuple[int, int]:
        return choose_bands(candidate_threshold(self.threshold, self.measure), self.num_perm)


DEFAULTS = BatchConfig()


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """One ``--option`` per BatchConfig field, with its default, type and choices."""
    for f in fields(BatchConfig):
        default = f.default if f.default is not MISSING else None
        extra = {"choices": f.metadata["choices"]} if "choices" in f.metadata else {}
        parser.add_argument(
            "--" + f.name.replace("_", "-"),
            type=type(default),
            default=default,
            help=f"{f.metadata.get('help', '')} (default {default})",
            **extra,
        )


def config_from_arguments(args: argparse.Namespace) -> dict:
    return {f.name: getattr(args, f.name) for f in fields(BatchConfig)}


_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def validate_batch_id(batch_id: str) -> str:
    if not _BATCH_ID.match(batch_id or ""):
        raise ValueError(f"batch_id {batch_id!r} must match {_BATCH_ID.pattern} (it names output files)")
    return batch_id


def batch_id_for(folder_name: str) -> str:
    """The batch id of an inbox folder. A name that cannot name output files (spaces, Chinese, as
    scrapers write them: "2024-06-01 新闻") becomes its safe characters plus a short hash of the
    whole name, so it is a valid batch, the same one on every run, and distinct from its neighbours."""
    if _BATCH_ID.match(folder_name):
        return folder_name
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folder_name).strip("-._")[:100]
    digest = hashlib.sha256(folder_name.encode("utf-8")).hexdigest()[:10]
    return f"{safe}-{digest}" if safe else f"batch-{digest}"
