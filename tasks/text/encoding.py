"""Bytes to text, and repair of the mojibake that Chinese web text carries.

ftfy repairs UTF-8 read as Latin-1/cp1252. It cannot repair the Chinese cases (GBK read as Latin-1,
UTF-8 read as GBK, GBK shifted by one lost byte), so those are done here. Every repair is accepted
only when the result reads clearly more like Chinese than the input, judged against a list of the
most common Han characters in real news text (``data/common_chars.txt``).
"""

from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ftfy

from tasks.text.patterns import count_chars

_DATA = Path(__file__).resolve().parent / "data"


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the record is rejected with this reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    return frozenset((_DATA / "common_chars.txt").read_text(encoding="utf-8").strip())


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")


@lru_cache(maxsize=1)
def _common_pattern() -> re.Pattern:
    return re.compile("[" + "".join(sorted(common_chars())) + "]+")


@lru_cache(maxsize=1)
def _rare_han_pattern() -> re.Pattern:
    """A Han character outside the common set, as ranges: one search tells whether a run's
    readability is 1.0, without counting."""
    common = common_chars()
    ranges, start = [], None
    codes = [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]
    for code in [*codes, -1]:
        rare = code >= 0 and chr(code) not in common
        if rare and start is None:
            start = last = code
        elif rare and code == last + 1:
            last = code
        elif start is not None:
            ranges.append(f"\\u{start:04x}-\\u{last:04x}" if last > start else f"\\u{start:04x}")
            start = code if rare else None
            last = code
    return re.compile("[" + "".join(ranges) + "]")


def han_readability(text: str) -> float:
    """Share of Han characters that are common ones; 0.0 when there is no Han at all."""
    han = count_chars(_HAN, text)
    if not han:
        return 0.0
    return count_chars(_common_pattern(), text) / han


def _text_score(text: str) -> float:
    """How much a decoding looks like real Chinese/ASCII text; used to choose between encodings."""
    if not text:
        return 0.0
    common = common_chars()
    good = 0
    bad = 0
    for ch in text:
        o = ord(ch)
        if ch in common or (32 <= o < 127) or ch in "\n\r\t" or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
        elif o < 32 or 0xE000 <= o <= 0xF8FF or ch == "\ufffd":
            bad += 3
    return (good - bad) / len(text)


# ---------------------------------------------------------------------------------------------
# Byte decoding
# ---------------------------------------------------------------------------------------------

_CANDIDATES = ("gb18030", "big5hkscs")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode one record's bytes; return (text, encoding name). Raise UndecodableError to reject."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableError("undecodable", f"bad UTF-16: {exc}") from exc
    if b"\x00" in data[:4096]:
        raise UndecodableError("binary", "NUL bytes in a file without a UTF-16 byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in _CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _text_score(text)
        if best is None or score > best[0]:
            best = (score, text, "big5" if enc.startswith("big5") else enc)
    if best is None or best[0] < 0.5:
        raise UndecodableError("undecodable", "not valid UTF-8, GB18030 or Big5")
    return best[1], best[2]


# ---------------------------------------------------------------------------------------------
# Mojibake repair
# ---------------------------------------------------------------------------------------------

# Characters that GBK bytes become when read as cp1252 (or Latin-1 for the bytes cp1252 leaves out).
_CP1252_HIGH = "".join(bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0x100))
_LATIN_HIGH = re.escape("".join(sorted(set(_CP1252_HIGH) | {chr(b) for b in range(0x80, 0x100)})))
# A GBK character is a high lead byte then a trail byte that may be ASCII 0x40-0x7E.
# Two or more GBK byte pairs read as Latin-1, with the ASCII digits, spaces and punctuation between
# them (6ÔÂ24ÈÕ is 6月24日): the segment is repaired as one, so a sentence comes back whole.
_GBK_PAIR = f"[{_LATIN_HIGH}][{_LATIN_HIGH}\x40-\x7e]"
_GBK_AS_LATIN = re.compile(f"{_GBK_PAIR}(?:{_GBK_PAIR}|[\x20-\x3f])*{_GBK_PAIR}")

# Runs of characters that UTF-8 bytes become when read as GBK: Han, CJK punctuation, PUA, and the
# few Latin-range characters GBK decodes to.
_GBK_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_GBK_OTHER = (
    "\ue000-\uf8ff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00a4-\u00f7\u0101-\u01dc"
    "\u02c7-\u02d9\u0391-\u03c9\u0401-\u0451\u2460-\u2642\u3220-\u32a3\ufe30-\ufe6b"
)
_GBK_RUN = re.compile(f"[{_GBK_HAN}{_GBK_OTHER}]{{3,}}")
_NOT_GBK_CHAR = re.compile(f"[^{_GBK_HAN}{_GBK_OTHER}]")
# The same maximal runs, only those that hold no Han character.
# (Each lookbehind follows a character it can skip to: re tries every position for a leading one.)
_GBK_RUN_WITHOUT_HAN = re.compile(
    f"[{_GBK_OTHER}](?<![{_GBK_HAN}{_GBK_OTHER}].)[{_GBK_OTHER}]{{2,}}(?![{_GBK_HAN}{_GBK_OTHER}])"
)

_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Chinese full-width punctuation and curly quotes are correct text: keep them.
    fix_character_width=False,
    uncurl_quotes=False,
    unescape_html=True,
    normalization="NFC",
    explain=True,
)


# Two of ftfy's fixers translate the whole text character by character even when it holds none of
# their characters (a tenth of cleaning time on news). Where neither the text nor ftfy's result
# holds one, they are no-ops, so ftfy runs without them; otherwise with them, as configured.
_FTFY_WITHOUT_NOOPS = _FTFY_CONFIG._replace(fix_latin_ligatures=False, remove_control_chars=False)
_LIGATURE_OR_CONTROL = re.compile(
    "[" + re.escape("".join(map(chr, {**ftfy.chardata.LIGATURES, **ftfy.chardata.CONTROL_CHARS}))) + "]"
)


# Characters none of ftfy's fixes (as configured) can act on: no mojibake pattern of its badness
# rules matches among them, and they hold no HTML entity, control character, line-break form,
# ligature or NFC change. Text made only of them skips ftfy (85% of the shared corpus's articles):
# tests/text/test_encoding.py checks every one of them, and random strings of them, against ftfy.
_FTFY_UNTOUCHED_BMP = (
    "\t\n\x20-\x25\x27-\x7e\u00a0\u00a9\u00ae\u00b0\u00b7\u2122\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2103\u2160-\u217f"
    "\u2190-\u21ff\u2460-\u24ff\u25a0-\u25ff\u2600-\u27bf\u3000-\u3029\u3030-\u303f\u30fb\u3400-\u4dbf"
    "\u4e00-\u9fff\uff01-\uff5e"
)
FTFY_UNTOUCHED = _FTFY_UNTOUCHED_BMP + "\U0001f300-\U0001faff"
# The multiplication sign × (1920×1080, 3×3篮球, an ad's close button) is UTF-8's lead byte D7 read as
# cp1252: ftfy acts on it only before a character that is a continuation byte read so (×© is ש).
_TIMES_BEFORE_HIGH = f"\u00d7[\u0080-\u00ff{re.escape(_CP1252_HIGH)}]"
_FTFY_MAY_ACT = re.compile(f"[^{FTFY_UNTOUCHED}\u00d7]|{_TIMES_BEFORE_HIGH}")
# The same test in two fast scans. re checks a class of BMP characters against a bitmap, but one
# with an astral range (the emoji) range by range; and it cannot skip ahead on an alternation. So:
# the first character outside the BMP part (an emoji or one ftfy may act on), from which on the
# whole pattern is tried; and a × before such a character, found by its literal.
_OUTSIDE_UNTOUCHED_BMP = re.compile(f"[^{_FTFY_UNTOUCHED_BMP}\u00d7]")
_TIMES_BEFORE_HIGH_RE = re.compile(_TIMES_BEFORE_HIGH)


def ftfy_may_act(text: str) -> bool:
    """``_FTFY_MAY_ACT.search(text)``, three to ten times faster on news."""
    first = _OUTSIDE_UNTOUCHED_BMP.search(text)
    if first is not None and _FTFY_MAY_ACT.search(text, first.start()):
        return True
    return "\u00d7" in text and _TIMES_BEFORE_HIGH_RE.search(text) is not None


def _ftfy(text: str):
    if not ftfy_may_act(text):
        return text, []
    if not _LIGATURE_OR_CONTROL.search(text):
        fixed, steps = ftfy.fix_and_explain(text, config=_FTFY_WITHOUT_NOOPS)
        if not _LIGATURE_OR_CONTROL.search(fixed):
            return fixed, steps
    return ftfy.fix_and_explain(text, config=_FTFY_CONFIG)


def _latin_to_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _fix_gbk_read_as_latin1(text: str) -> tuple[str, int]:
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        raw = _latin_to_bytes(m.group(0))
        if raw is None:
            return m.group(0)
        try:
            raw.decode("utf-8")
            return m.group(0)  # valid UTF-8: ftfy's case, not ours
        except UnicodeDecodeError:
            pass
        if len(set(m.group(0))) < 3:  # "······" is punctuation, not a GBK string (B7B7 = 贩)
            return m.group(0)
        try:
            fixed = raw.decode("gb18030")
        except UnicodeDecodeError:
            return m.group(0)
        if len({ch for ch in fixed if _is_han(ch)}) >= 2 and han_readability(fixed) >= 0.6:
            count += 1
            return fixed
        return m.group(0)

    return _GBK_AS_LATIN.sub(repl, text), count


def _utf8_read_as_gbk_run(run: str) -> str | None:
    """A run of GBK-range characters decoded back to the UTF-8 text it was, when that reads better."""
    before = han_readability(run)
    if before >= 0.9:  # ordinary text: nothing to do, and the fast path
        return None
    try:
        raw = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    fixed = raw.decode("utf-8", errors="replace")
    lost = fixed.count("\ufffd")
    if lost * 4 > len(fixed):
        return None
    fixed = fixed.replace("\ufffd", "")
    if sum(map(_is_han, fixed)) >= 2 and han_readability(fixed) >= max(0.8, before + 0.3):
        return fixed
    return None


def _changeable_gbk_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the maximal GBK-range runs (3 characters or more) that may be mojibake: those with no
    Han character, and those holding a rare one. A run whose Han characters are all common reads
    as it should; skipping those without visiting them is most of this pass's speed."""
    spans = [m.span() for m in _GBK_RUN_WITHOUT_HAN.finditer(text)]
    rare = _rare_han_pattern().search(text)
    if rare:
        n, backwards = len(text), text[::-1]
        while rare:
            after = _NOT_GBK_CHAR.search(text, rare.start())
            end = after.start() if after else n
            before = _NOT_GBK_CHAR.search(backwards, n - rare.start())
            start = n - before.start() if before else 0
            if end - start >= 3:
                spans.append((start, end))
            rare = _rare_han_pattern().search(text, end)
        spans.sort()
    return spans


def _fix_utf8_read_as_gbk(text: str) -> tuple[str, int]:
    parts, count, done = [], 0, 0
    for start, end in _changeable_gbk_runs(text):
        fixed = _utf8_read_as_gbk_run(text[start:end])
        if fixed is not None:
            parts += [text[done:start], fixed]
            done, count = end, count + 1
    if not count:
        return text, 0
    parts.append(text[done:])
    return "".join(parts), count


# Punctuation a damaged character may be, ranked before the Han characters (they are that common).
_PUNCTUATION = "，。、“”：；？！（）《》—…·‘’【】"


@lru_cache(maxsize=1)
def _pairs() -> dict[str, int]:
    """Counts of adjacent character pairs in real news (``data/char_pairs.txt.gz``)."""
    with gzip.open(_DATA / "char_pairs.txt.gz", "rt", encoding="utf-8") as fh:
        return {pair: int(n) for pair, n in (line.rstrip("\n").split("\t") for line in fh)}


def _fits(candidates: list[str], before: str, after: str) -> str:
    """The candidate that fits its neighbours best: how common it is (its rank in the list, most
    common first) and how often real news puts it after ``before`` and before ``after``."""
    pairs = _pairs()

    def score(item: tuple[int, str]) -> float:
        rank, ch = item
        return -math.log(rank + 10) + 2 * (math.log1p(pairs.get(before + ch, 0)) + math.log1p(pairs.get(ch + after, 0)))

    return max(enumerate(candidates), key=score)[1]


@lru_cache(maxsize=1)
def _candidates_by_bytes() -> list[tuple[bytes, str]]:
    """Every candidate character with its UTF-8 bytes, most frequent first."""
    ranked = _PUNCTUATION + (_DATA / "char_rank.txt").read_text(encoding="utf-8").strip()
    return [(ch.encode("utf-8"), ch) for ch in dict.fromkeys(ranked)]


def _realign(line: str, codec: str) -> tuple[list[int | None], list[int]] | None:
    """The bytes a mojibake line was decoded from, one unknown (None) per replacement character
    (the GBK decoders replace one byte at a time), and where each of its characters starts."""
    data: list[int | None] = []
    starts: list[int] = []
    for ch in line:
        starts.append(len(data))
        if ch == "\ufffd":
            data.append(None)
            continue
        try:
            data.extend(ch.encode(codec))
        except UnicodeEncodeError:
            return None
    starts.append(len(data))
    return data, starts


def _consistent(data: list[int | None], starts: list[int], line: str, at: int, codec: str) -> bool:
    """Whether the bytes, with a guess at ``at``, decode to what the line shows around it."""
    first = max(0, next(i for i, s in enumerate(starts) if s > at) - 4)
    last = min(len(line), first + 8)
    lo, hi = starts[first], starts[last]
    window = bytes(0x80 if b is None else b for b in data[lo:hi])
    return window.decode(codec, errors="replace") == line[first:last]


def _decode_with_gaps(data: list[int | None], starts: list[int], line: str, codec: str) -> tuple[str, int]:
    """UTF-8 from bytes with unknowns. A character missing bytes can be any character whose other
    bytes match and which re-reads as the damaged line shows; of those, the one that is common and
    fits its neighbours best is taken. One with no candidate stays a replacement character.
    Returns the text and how many characters were guessed."""
    out: list[str] = []
    choices: list[tuple[int, list[str]]] = []  # (index in out, candidates, most common first)
    i = 0
    while i < len(data):
        lead = data[i]
        if lead is not None and lead < 0x80:
            out.append(chr(lead))
            i += 1
            continue
        size = 3 if lead is None or 0xE0 <= lead <= 0xEF else 2 if 0xC2 <= lead <= 0xDF else 4 if lead >= 0xF0 else 1
        chunk = data[i : i + size]
        gaps = [k for k, b in enumerate(chunk) if b is None]
        if len(chunk) < size or (lead is not None and size == 1):
            out.append("\ufffd")
            i += 1
            continue
        if not gaps:
            ch = bytes(chunk).decode("utf-8", errors="replace")
            if len(ch) == 1 and (ch != "\ufffd" or bytes(chunk) == b"\xef\xbf\xbd"):  # 锟斤拷: a real U+FFFD
                out.append(ch)
                i += size
            else:
                out.append("\ufffd")
                i += 1
            continue
        candidates: list[str] = []
        if len(gaps) < size:
            for raw, ch in _candidates_by_bytes():
                if len(raw) != size or any(b is not None and b != raw[k] for k, b in enumerate(chunk)):
                    continue
                full = list(data)
                full[i : i + size] = raw
                if all(_consistent(full, starts, line, i + k, codec) for k in gaps):
                    candidates.append(ch)
                    if len(candidates) == 1:
                        data[i : i + size] = raw  # later checks read the likeliest bytes here
        if candidates:
            choices.append((len(out), candidates))
        out.append(candidates[0] if candidates else "\ufffd")
        i += size
    for at, candidates in choices:
        if len(candidates) > 1:
            out[at] = _fits(candidates, out[at - 1] if at else "", out[at + 1] if at + 1 < len(out) else "")
    return "".join(out), len(choices)


# Markers of UTF-8 Chinese read as GBK: the readings of the commonest UTF-8 lead/continuation pairs,
# and 锟斤拷, which is U+FFFD U+FFFD itself (EF BF BD EF BF BD) read as GBK.
_UTF8_AS_GBK_MARKS = re.compile("[涓鐨勬槸鍦ㄤ嬩簬鍜屾湁鏃堕噷浠庝笉鍙锛銆鈥锟斤拷]")


def _fix_utf8_read_as_gbk_lossy(text: str) -> tuple[str, int, int]:
    """UTF-8 read as GBK with errors replaced (``涓�鐩存槸``): the bytes are recovered except one
    per replacement character, which is guessed where the guess is sure enough. Line by line; a
    line's repair is kept only when it reads clearly more like Chinese."""
    if "\ufffd" not in text and "锟斤拷" not in text:
        return text, 0, 0
    lines = text.split("\n")
    repaired = guessed_total = 0
    for n, line in enumerate(lines):
        if len(_UTF8_AS_GBK_MARKS.findall(line)) < 3 or han_readability(line) >= 0.8:
            continue
        for codec in ("gbk", "gb18030"):
            aligned = _realign(line, codec)
            if aligned is None:
                continue
            fixed, guessed = _decode_with_gaps(aligned[0], aligned[1], line, codec)
            if sum(map(_is_han, fixed)) >= 2 and han_readability(fixed) >= max(0.8, han_readability(line) + 0.3):
                lines[n] = fixed
                repaired += 1
                guessed_total += guessed
                break
    return "\n".join(lines), repaired, guessed_total


_LOST_MARK = re.compile(r"\?")


def _fix_gbk_shifted(text: str) -> tuple[str, int]:
    """Re-align GBK text that a lost byte shifted by one (SogouCA: ``?；泼鳎合衷谖倚?布``)."""
    if "?" not in text:
        return text, 0
    parts = _LOST_MARK.split(text)
    count = 0
    for i, seg in enumerate(parts):
        if len(seg) < 2 or han_readability(seg) >= 0.85:
            continue
        try:
            raw = seg.encode("gb18030")
        except UnicodeEncodeError:
            continue
        fixed = raw[1:].decode("gb18030", errors="replace").replace("\ufffd", "")
        if sum(map(_is_han, fixed)) >= 2 and han_readability(fixed) >= max(0.85, han_readability(seg) + 0.3):
            parts[i] = fixed
            count += 1
    return "?".join(parts), count


# Scripts that a repair of Chinese news should never produce: ftfy's partial UTF-8 decoding turns
# "×“" (common in Chinese text) into Hebrew "ד"; such a "repair" is refused.
_FOREIGN = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0530-\u08ff\u0900-\u0dff\u0e00-\u0fff\u10a0-\u10ff]")


def _introduces_foreign_script(before: str, after: str) -> bool:
    return len(_FOREIGN.findall(after)) > len(_FOREIGN.findall(before))


@dataclass
class Repair:
    text: str
    fixes: list[str]
    replacement_chars: int
    lost_byte_marks: int


_LOST_BYTE = re.compile(r"\?(?<=[\u4e00-\u9fff0-9０-９].)(?=[\u4e00-\u9fff0-9０-９])")


def _repair_once(text: str, fixes: list[str]) -> str:
    text, n = _fix_gbk_read_as_latin1(text)
    if n:
        fixes.append("encoding.gbk_read_as_latin1")
    fixed, steps = _ftfy(text)
    if fixed != text and not _introduces_foreign_script(text, fixed):
        names = sorted({step[1] for step in (steps or []) if step[0] in ("apply", "transcode", "encode", "decode")})
        fixes.append("encoding.ftfy" + (":" + "+".join(names) if names else ""))
        text = fixed
    # with replacement characters first: the lossless repair would take the runs between them
    # one by one, each cut off from its bytes' alignment
    text, n, guessed = _fix_utf8_read_as_gbk_lossy(text)
    if n:
        fixes.append("encoding.utf8_read_as_gbk_lossy")
    if guessed:
        fixes.append("encoding.lost_byte_guessed")
    text, n = _fix_utf8_read_as_gbk(text)
    if n:
        fixes.append("encoding.utf8_read_as_gbk")
    text, n = _fix_gbk_shifted(text)
    if n:
        fixes.append("encoding.gbk_shifted_by_lost_byte")
    return text


def repair_encoding(text: str) -> Repair:
    """Repair mojibake; idempotent, and clean text comes back unchanged.

    One repair can expose another (ftfy drops a control character that split a GBK run), so the
    passes repeat until the text stops changing; that is what makes a second call a no-op.
    """
    fixes: list[str] = []
    for _ in range(4):
        repaired = _repair_once(text, fixes)
        if repaired == text:
            break
        text = repaired
    fixes = list(dict.fromkeys(fixes))
    return Repair(
        text=text,
        fixes=fixes,
        replacement_chars=text.count("\ufffd"),
        lost_byte_marks=len(_LOST_BYTE.findall(text)),
    )
