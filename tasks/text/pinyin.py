"""Pinyin readings injected after Han characters, removed only when they are the reading.

CMS "ruby" plugins and SEO tools print a reading after characters: ``網(wǎng)站``, ``网站(wangzhan)``,
``網站(wang zhan)``. A bracketed Latin run after Han characters is removed when it spells the
reading of the characters just before it (one or more), with or without tones, spaces or tone
digits, by pypinyin's dictionary (every reading of a character counts). A gloss that is not a
reading stays: ``首席执行官(CEO)``, ``特朗普(Trump)``, ``(GDP)``, and so does a capitalised one,
which is a name given as a gloss: ``北京(Beijing)``.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A bracketed Latin run right after a Han character; the run is checked against the dictionary.
# (The lookbehind follows the bracket so that re can skip to the brackets instead of trying every position.)
_CANDIDATE = re.compile(rf"[(（](?<=[\u3400-\u9fff].)\s*([A-Za-züÜ{_TONED}][A-Za-züÜ{_TONED}1-5' ]{{0,58}}?)\s*[)）]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{1,12}$")
MAX_CHARS = 12  # an annotation covers at most this many characters


def _plain(latin: str) -> str:
    """Lower case, tones, spaces, apostrophes and tone digits removed; ü (ǖ ǘ ǚ ǜ) as v."""
    latin = unicodedata.normalize("NFD", latin.lower()).replace("u\u0308", "v").replace("u:", "v")
    latin = "".join(c for c in latin if not unicodedata.combining(c))
    return re.sub(r"[\s'1-5]", "", latin)


@cache
def _reading_table() -> dict[int, str]:
    """pypinyin's table of each character's readings, its module loaded alone: importing it through
    the package also loads pypinyin's phrase dictionary, which this does not use (51 MiB in every
    worker process, against 12 MiB for the table alone)."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    path = Path(spec.origin).with_name("pinyin_dict.py")
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("_pypinyin_readings", path))
    module.__spec__.loader.exec_module(module)
    return module.pinyin_dict


@cache
def _readings(char: str) -> frozenset[str]:
    """A character's readings, plain; read from pypinyin's table when first asked for (normalising
    all 40,000 of its characters up front cost every process a quarter of a second)."""
    out = {_plain(r) for r in _reading_table().get(ord(char), "").split(",") if r}
    # ü is written v, u or ü: lü, lv and lu all read 绿
    return frozenset(out | {r.replace("v", "u") for r in out if "v" in r})


def spells_reading(han: str, latin: str) -> bool:
    """Whether ``latin`` is the reading of the last characters of ``han`` (at least one)."""
    target = _plain(latin)
    # Injected readings are lower case; a capital marks a name or an acronym given as a gloss
    # (北京(Beijing), 世卫组织(WHO)), which stays even where it spells the reading.
    if latin != latin.lower() or not target or not target.isascii() or not target.isalpha():
        return False
    # from the end: can target[:j] be the readings of han[-k:], for some k
    ends = {len(target)}  # positions in target where the characters read so far begin
    for char in reversed(han[-MAX_CHARS:]):
        options = _readings(char)
        if not options:
            return False
        ends = {e - len(r) for e in ends for r in options if r and target[max(0, e - len(r)) : e] == r}
        ends.discard(-1)
        ends = {e for e in ends if e >= 0}
        if 0 in ends:
            return True
        if not ends:
            return False
    return False


def remove_pinyin(text: str) -> tuple[str, int]:
    """The text without the readings annotated after its characters, and how many were removed."""
    if "(" not in text and "（" not in text:
        return text, 0
    removed = 0

    def replace(m: re.Match) -> str:
        nonlocal removed
        run = _HAN_RUN.search(text, max(0, m.start() - MAX_CHARS), m.start())
        if run and spells_reading(run.group(0), m.group(1)):
            removed += 1
            return ""
        return m.group(0)

    return _CANDIDATE.sub(replace, text), removed
