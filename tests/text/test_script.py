"""Script detection and OpenCC conversion, against upstream OpenCC's own test cases and the corpus."""

import difflib
from collections import Counter

import pytest

from helpers import SEEDS, load_fixture, upstream_opencc_cases
from tasks.schema import CLEAN_SCHEMA, CONVERTER_KEY
from tasks.text.clean import clean_document
from tasks.text.script import CONFIGS, CONVERTER, convert, convert_script, detect_region, detect_script

OFFERED = ("t2s", "s2t", "s2tw", "s2hk", "tw2s", "hk2s", "s2twp", "tw2sp")
upstream_cases = upstream_opencc_cases


@pytest.mark.parametrize(
    "name,script",
    [
        ("000_fb9709146d07ecbb.txt", "simplified"),
        ("002_77381d51494a62cb.txt", "simplified"),
        ("003_65b1185f943836c6.txt", "traditional"),
        ("004_5847645cb268c6cc.txt", "traditional"),
    ],
)
def test_detect_script_on_seeds(name, script):
    assert detect_script((SEEDS / name).read_text(encoding="utf-8")) == script


def test_detect_mixed_and_none():
    assert detect_script("Hello 2024") == "none"
    assert detect_script("的一是不了") == "none"
    assert detect_script("这是简体。這是繁體。") == "mixed"


def test_convert_targets():
    assert convert_script("網站二維碼", "s") == "网站二维码"
    assert convert_script("网站二维码", "t") == "網站二維碼"
    assert convert_script("里面着急，为什么", "t") == "裏面着急，爲什麼"
    assert convert_script("里面着急，为什么", "tw") == "裡面著急，為什麼"  # Taiwan variants
    assert convert_script("里面着急，为什么", "hk") == "裏面着急，為什麼"  # Hong Kong variants
    assert convert_script("網站", "t") == "網站"  # already traditional: untouched
    with pytest.raises(ValueError):
        convert_script("网站", "jp")


@pytest.mark.parametrize("config", CONFIGS)
def test_every_upstream_case_of_every_configuration_we_use(config):
    cases = upstream_cases(config)
    assert cases or config not in OFFERED
    failed = [(text, expected, convert(text, config)) for text, expected in cases if convert(text, config) != expected]
    assert failed == []


def test_the_offered_configurations_are_all_covered():
    assert set(OFFERED) <= set(CONFIGS)
    assert sum(len(upstream_cases(c)) for c in OFFERED) == 457


def test_taiwan_text_goes_to_simplified_through_tw2s_and_phrases_through_s2twp():
    """The pipeline's own route (detect, then convert) on upstream's Taiwan cases."""
    for text, expected in upstream_cases("tw2s"):
        assert convert_script(text, "s") == expected
    for text, expected in upstream_cases("s2twp"):
        assert convert_script(text, "twp") == expected
    assert detect_region("這裡著名的景點") == "tw" and detect_region("說明綫路") == "hk"
    assert detect_region("這裏是說明") == "t"


def test_a_traditional_text_keeps_its_region_when_it_already_is_in_the_target():
    taiwan = "我們在這裡等著，為了看見台灣的啟明星。"
    assert detect_region(taiwan) == "tw"
    assert convert_script(taiwan, "tw") == taiwan and convert_script(taiwan, "t") == taiwan
    assert convert_script(taiwan, "s") == "我们在这里等着，为了看见台湾的启明星。"
    assert convert_script(taiwan, "hk") != taiwan  # 裡 -> 裏, 啟 -> 啓: Hong Kong forms


def test_text_already_in_the_target_is_unchanged():
    for record in load_fixture("crud_rag_reposts.jsonl")[:30]:
        text = record["text"]
        assert convert_script(text, "s") == text
    for name in ("003_65b1185f943836c6.txt", "004_5847645cb268c6cc.txt"):
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert convert_script(text, "t") == text


# What changing the converter changed on real corpus text (tests/fixtures/opencc_before.jsonl holds
# opencc-python-reimplemented 0.1.7's output; make_opencc_fixture.py cut it). Reviewed: Taiwan's
# particle 著 is 着 in simplified (the old converter, without tw2s, left it); 搧 and 舖 are variants
# of 扇 and 鋪; Hong Kong's standard writes 托 in 迪沃斯托克 (Vladivostok).
REVIEWED_CHANGES = {("t2s", "著", "着"): 22, ("t2s", "搧", "扇"): 1, ("t2s", "舖", "铺"): 1, ("s2hk", "託", "托"): 1}
PIPELINE_TARGET = {"t2s": "s", "s2t": "t", "s2tw": "tw", "s2hk": "hk"}


def test_changes_from_the_old_converter_on_the_corpus_are_the_reviewed_ones():
    changes = Counter()
    rows = load_fixture("opencc_before.jsonl")
    for row in rows:
        new = convert_script(row["input"], PIPELINE_TARGET[row["config"]])
        ops = difflib.SequenceMatcher(None, row["before"], new, autojunk=False).get_opcodes()
        changes.update((row["config"], row["before"][a1:a2], new[b1:b2]) for op, a1, a2, b1, b2 in ops if op != "equal")
    assert len(rows) == 56
    assert dict(changes) == REVIEWED_CHANGES


@pytest.mark.parametrize("target", ["t", "tw", "hk"])
def test_dedup_stays_script_blind(target):
    """A repost converted to a traditional script is an exact duplicate of its simplified original."""
    records = load_fixture("crud_rag_reposts.jsonl")[:20]
    same = [
        clean_document(convert_script(r["text"], target)).dedup_text == clean_document(r["text"]).dedup_text
        for r in records
    ]
    assert all(same)


def test_the_converter_is_recorded_in_every_output_file():
    assert CONVERTER.startswith("opencc ")
    assert CLEAN_SCHEMA.metadata[CONVERTER_KEY] == CONVERTER.encode()
