"""Every default is stated once, in BatchConfig; the flows, the CLI and the deployments agree with it."""

import argparse
import inspect
from dataclasses import fields

import pytest
import yaml

from flows.inbox import clean_new_batches, reprocess
from flows.pipeline import clean_batch, main
from helpers import ROOT
from tasks.config import (
    DEFAULTS,
    INBOX_QUIET_S,
    READY_MARKER,
    BatchConfig,
    add_config_arguments,
    batch_id_for,
    config_from_arguments,
    validate_batch_id,
)
from tasks.dedup.clusters import MEASURES
from tasks.dedup.minhash import MinHashParams
from tasks.text.script import TARGETS

CONFIG_FIELDS = {f.name for f in fields(BatchConfig)}


def flow_defaults(flow) -> dict:
    return {name: p.default for name, p in inspect.signature(flow.fn).parameters.items()}


def test_clean_batch_takes_every_config_field_with_its_default():
    defaults = flow_defaults(clean_batch)
    assert CONFIG_FIELDS <= set(defaults)
    assert {name: defaults[name] for name in CONFIG_FIELDS} == {name: getattr(DEFAULTS, name) for name in CONFIG_FIELDS}


@pytest.mark.parametrize("flow", [clean_new_batches, reprocess], ids=lambda f: f.name)
def test_scheduled_flows_share_the_config_defaults(flow):
    defaults = flow_defaults(flow)
    shared = CONFIG_FIELDS & set(defaults)
    assert {"target_script", "threshold", "measure"} <= shared
    assert {name: defaults[name] for name in shared} == {name: getattr(DEFAULTS, name) for name in shared}


def test_minhash_defaults_come_from_the_params_stored_with_the_index():
    params = MinHashParams()
    assert (DEFAULTS.num_perm, DEFAULTS.seed, DEFAULTS.shingle_size) == (
        params.num_perm,
        params.seed,
        params.shingle_size,
    )
    assert DEFAULTS.minhash == params


def test_cli_is_derived_from_the_config():
    parser = argparse.ArgumentParser()
    add_config_arguments(parser)
    assert BatchConfig(**config_from_arguments(parser.parse_args([]))) == DEFAULTS
    args = parser.parse_args(
        ["--target-script", "tw", "--threshold", "0.8", "--measure", "jaccard", "--num-perm", "64"]
    )
    assert BatchConfig(**config_from_arguments(args)) == BatchConfig(
        target_script="tw", threshold=0.8, measure="jaccard", num_perm=64
    )
    choices = {a.dest: a.choices for a in parser._actions}
    assert list(choices["target_script"]) == list(TARGETS) and list(choices["measure"]) == list(MEASURES)
    with pytest.raises(SystemExit):
        parser.parse_args(["--target-script", "jp"])


def test_cli_runs_the_flow_with_the_config_options(monkeypatch):
    calls = []

    def fake_clean_batch(**kwargs):
        calls.append(kwargs)
        return {"batch_id": "x", "counts": {"input": 0}}

    monkeypatch.setattr("flows.pipeline.clean_batch", fake_clean_batch)
    assert main(["--input", "seeds", "--min-clean-chars", "20"]) == 0
    assert calls[0]["min_clean_chars"] == 20 and calls[0]["target_script"] == DEFAULTS.target_script
    assert set(calls[0]) == CONFIG_FIELDS | {
        "input_dir",
        "output_dir",
        "batch_id",
        "dask_address",
        "shard_mb",
        "work_cache_mb",
        "workers",
    }


def test_deployment_parameters_agree_with_the_config():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    for deployment in spec["deployments"]:
        for name, value in deployment.get("parameters", {}).items():
            if name in CONFIG_FIELDS:
                assert value == getattr(DEFAULTS, name), (deployment["name"], name)
    inbox = next(d for d in spec["deployments"] if d["name"] == "clean-new-batches")["parameters"]
    assert (inbox["ready_marker"], inbox["quiet_seconds"]) == (READY_MARKER, INBOX_QUIET_S)


@pytest.mark.parametrize(
    "bad",
    [{"target_script": "jp"}, {"threshold": 5}, {"threshold": 0}, {"shingle_size": 9}, {"measure": "cosine"}],
)
def test_a_bad_parameter_is_refused(bad):
    with pytest.raises(ValueError):
        BatchConfig(**bad)


def test_any_folder_name_gives_a_stable_valid_batch_id():
    assert batch_id_for("2024-01-01") == "2024-01-01"
    for name in ("2024-06-01 新闻", "新闻", "a b", "..x"):
        batch_id = validate_batch_id(batch_id_for(name))
        assert batch_id == batch_id_for(name)
    assert batch_id_for("2024-06-01 新闻") != batch_id_for("2024-06-01 财经")
