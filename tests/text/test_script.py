"""Script detection and OpenCC conversion."""

import pytest

from helpers import SEEDS
from tasks.text.script import convert_script, detect_script


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
