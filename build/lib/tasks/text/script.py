"""Simplified/traditional detection and OpenCC conversion.

Detection counts characters that exist in only one script, using OpenCC's own character tables, so
it agrees with what the conversion will do. Text that has nothing to convert skips OpenCC entirely:
the pure-Python converter is the slowest step of cleaning, and most news is already simplified.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import opencc

TARGETS = {"s": "t2s", "t": "s2t", "tw": "s2tw", "hk": "s2hk"}


@lru_cache(maxsize=1)
def _script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """(characters that are traditional-only, characters that are simplified-only)."""
    folder = Path(opencc.__file__).resolve().parent / "dictionary"

    def table(name: str) -> dict[str, list[str]]:
        out = {}
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, values = line.split("\t", 1)
                out[key] = values.split()
        return out

    t2s = table("TSCharacters.txt")
    s2t = table("STCharacters.txt")
    # A character is script-specific when converting it always changes it.
    trad_only = frozenset(k for k, v in t2s.items() if len(k) == 1 and k not in v)
    simp_only = frozenset(k for k, v in s2t.items() if len(k) == 1 and k not in v)
    return trad_only - simp_only, simp_only - trad_only


def detect_script(text: str) -> str:
    """simplified | traditional | mixed | none (no script-specific Han character)."""
    trad_only, simp_only = _script_tables()
    n_trad = sum(map(trad_only.__contains__, text))
    n_simp = sum(map(simp_only.__contains__, text))
    total = n_trad + n_simp
    if total == 0:
        return "none"
    if n_trad <= 0.05 * total:
        return "simplified"
    if n_simp <= 0.05 * total:
        return "traditional"
    return "mixed"


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str, script: str | None = None) -> str:
    script = script or detect_script(text)
    if script in ("simplified", "none"):
        return text
    return _converter("t2s").convert(text)


def convert_script(text: str, target: str, script: str | None = None) -> str:
    """Convert to the target script (s, t, tw, hk); text already in the target is returned as is."""
    if target not in TARGETS:
        raise ValueError(f"target_script must be one of {sorted(TARGETS)}, got {target!r}")
    script = script or detect_script(text)
    if script == "none":
        return text
    if target == "s":
        return to_simplified(text, script)
    if target == "t" and script == "traditional":
        return text
    # Regional targets go through simplified so that a traditional input gets regional variants too.
    simplified = to_simplified(text, script)
    return _converter(TARGETS[target]).convert(simplified)
