"""Vectorised MinHash signatures, bit-identical to datasketch's ``MinHash(scheme="affine32")``.

datasketch hashes every shingle with a Python call; that loop is the bottleneck of near-duplicate
detection. Here the shingle hash is a polynomial over Unicode code points, computed for every
character position of a whole shard at once with NumPy, followed by datasketch's own affine32
permutation (MurmurHash3 fmix32 pre-mix, then ``a*h + b mod 2**32``) and a segmented minimum.
The shingle hash is a 32-bit polynomial over code points (``h = h * 0x01000193 + c`` mod 2**32);
datasketch's own fmix32 pre-mix then spreads it, as it does for any ``hashfunc``.
``shingle_hash32`` is the same hash as a plain Python function: pass it to datasketch as
``hashfunc`` and both produce the same signature (tests/dedup/test_minhash.py proves it).

Shingles are character n-grams of the simplified, whitespace-free text: Chinese has no spaces to
split on, and characters survive the script conversion that words would not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

HASH_FUNCTION = "poly32-cp-01000193/v1"
SCHEME = "affine32"

_P32 = np.uint32(0x01000193)  # the FNV 32-bit prime; odd, so multiplying is a bijection mod 2**32
_P64 = np.uint64(0x100000001B3)  # its 64-bit sibling, for band keys
_EMPTY = np.uint32(0xFFFFFFFF)


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hash32(shingle: str | bytes) -> int:
    """The shingle hash as a Python callable, for datasketch's ``hashfunc``."""
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = 0
    for ch in shingle:
        h = (h * 0x01000193 + ord(ch)) & 0xFFFFFFFF
    return h


def shingle_counts(texts: list[str], k: int, group_chars: int = 1 << 20) -> np.ndarray:
    """Distinct shingles per text: the set sizes that turn a Jaccard estimate into containment.

    Counted with NumPy for a group of texts at once, not with a Python set of k-gram strings per text
    (a third of the signing stage): each shingle's 64-bit hash, each text's run of them sorted in
    place (3x faster than one sort of the group's), and the first of each run of equal hashes
    counted. Two of one text's shingles would have to share a 64-bit hash to change a count
    (tests/dedup/test_minhash.py compares with the exact set sizes).
    """
    counts = np.zeros(len(texts), dtype=np.int32)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    counts[(lengths > 0) & (lengths < k)] = 1
    long_docs = np.flatnonzero(lengths >= k)
    if not len(long_docs):
        return counts
    group_of = np.cumsum(lengths[long_docs]) // group_chars
    for group in np.split(long_docs, np.flatnonzero(np.diff(group_of)) + 1):
        counts[group] = _distinct_in_group([texts[i] for i in group], lengths[group], k)
    return counts


def shingles(text: str, k: int) -> list[str]:
    """Character k-grams; a text shorter than k is its own single shingle."""
    if not text:
        return []
    if len(text) < k:
        return [text]
    return [text[i : i + k] for i in range(len(text) - k + 1)]


def _distinct_in_group(texts: list[str], lengths: np.ndarray, k: int) -> np.ndarray:
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cps) - k + 1
    keys = cps[:n].copy()
    for i in range(1, k):
        keys *= _P64
        keys += cps[i : i + n]
    starts = np.cumsum(lengths) - lengths
    # A k-gram that runs into the next text is not a shingle: it becomes a copy of its own text's
    # first shingle, which is counted once whatever the copies.
    crossing = (starts + lengths)[:, None] - np.arange(1, k)[None, :]
    owner = np.repeat(starts, k - 1)
    inside = crossing.ravel() < n  # the last text's run past the end
    keys[crossing.ravel()[inside]] = keys[owner[inside]]
    bounds = [*starts.tolist(), n]  # text j's run: its shingles, then its crossing k-grams
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        keys[lo:hi].sort()
    first = np.empty(n, dtype=np.uint8)
    first[0] = 1
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    first[starts] = 1
    return np.add.reduceat(first, starts, dtype=np.int64)


@dataclass(frozen=True)
class MinHashParams:
    """Everything that makes two signatures comparable; stored with every index."""

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    scheme: str = SCHEME
    hash_function: str = HASH_FUNCTION

    def as_dict(self) -> dict:
        return asdict(self)


class MinHasher:
    def __init__(self, params: MinHashParams = MinHashParams(), chunk_rows: int = 8192):
        if params.scheme != SCHEME or params.hash_function != HASH_FUNCTION:
            raise ValueError(f"unsupported scheme/hash function: {params.scheme}/{params.hash_function}")
        self.params = params
        self.chunk_rows = chunk_rows
        # Exactly datasketch's affine32 permutation parameters for this seed.
        gen = np.random.RandomState(params.seed)
        self.a = gen.randint(0, 1 << 31, params.num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        self.b = gen.randint(0, 1 << 32, params.num_perm, dtype=np.uint32)

    def _shingle_hashes(self, codepoints: np.ndarray) -> np.ndarray:
        """uint32 hash of every k-gram starting at each position (len - k + 1 values)."""
        k = self.params.shingle_size
        n = len(codepoints) - k + 1
        h = codepoints[:n].copy()
        for i in range(1, k):
            h *= _P32
            h += codepoints[i : i + n]
        return h

    def _permuted_min(self, hv: np.ndarray, starts: np.ndarray, out: np.ndarray) -> None:
        """out[:, d] = min of the permuted hashes hv[starts[d]:starts[d+1]]; starts strictly increasing.

        Layout is (num_perm, shingles) so that every NumPy inner loop runs over a long contiguous
        row; blocks of ``chunk_rows`` shingles keep the working set in cache.
        """
        hv = _fmix32(hv)
        buf = np.empty((len(self.a), min(self.chunk_rows, len(hv))), dtype=np.uint32)
        a = self.a[:, None]
        b = self.b[:, None]
        for lo in range(0, len(hv), self.chunk_rows):
            hi = min(lo + self.chunk_rows, len(hv))
            block = buf[:, : hi - lo]
            np.multiply(a, hv[None, lo:hi], out=block)
            np.add(block, b, out=block)
            # The documents this block touches; the first may have begun in an earlier block.
            d0 = np.searchsorted(starts, lo, side="right") - 1
            d1 = np.searchsorted(starts, hi, side="left")
            local = starts[d0:d1] - lo
            local[0] = 0
            target = out[:, d0:d1]
            np.minimum(target, np.minimum.reduceat(block, local, axis=1), out=target)

    def signatures(self, texts: list[str], group_chars: int = 1 << 20) -> np.ndarray:
        """One row of ``num_perm`` uint32 per text; an empty text gets datasketch's empty signature.

        Documents are hashed in groups of about ``group_chars`` characters: large enough to amortise
        NumPy's per-call cost, small enough that the group's arrays stay in cache.
        """
        out = np.full((len(texts), self.params.num_perm), _EMPTY, dtype=np.uint32)
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        k = self.params.shingle_size
        long_docs = np.flatnonzero(lengths >= k)
        if len(long_docs):
            group_of = np.cumsum(lengths[long_docs]) // group_chars
            bounds = np.flatnonzero(np.diff(group_of)) + 1
            for group in np.split(long_docs, bounds):
                out[group] = self._signatures_of_long(texts, group, lengths[group])
        for i in np.flatnonzero((lengths > 0) & (lengths < k)):
            hv = np.array([shingle_hash32(texts[i])], dtype=np.uint32)
            one = np.full((self.params.num_perm, 1), _EMPTY, dtype=np.uint32)
            self._permuted_min(hv, np.array([0]), one)
            out[i] = one[:, 0]
        return out

    def _signatures_of_long(self, texts: list[str], docs: np.ndarray, doc_lengths: np.ndarray) -> np.ndarray:
        """Signatures of documents at least k characters long, hashed as one concatenated array."""
        k = self.params.shingle_size
        cps = np.frombuffer("".join(texts[i] for i in docs).encode("utf-32-le"), dtype=np.uint32)
        starts = np.cumsum(doc_lengths) - doc_lengths
        hv = self._shingle_hashes(cps)
        # Keep only k-grams that do not cross into the next document.
        n_shingles = doc_lengths - k + 1
        seg = np.cumsum(n_shingles) - n_shingles
        keep = np.repeat(starts - seg, n_shingles) + np.arange(n_shingles.sum())
        sub = np.full((self.params.num_perm, len(docs)), _EMPTY, dtype=np.uint32)
        self._permuted_min(hv[keep], seg, sub)
        return sub.T


# ---------------------------------------------------------------------------------------------
# LSH banding
# ---------------------------------------------------------------------------------------------


def catch_probability(similarity: float | np.ndarray, bands: int, rows: int):
    """Probability that a pair of this Jaccard similarity shares at least one band (the S-curve)."""
    return 1.0 - (1.0 - np.asarray(similarity, dtype=float) ** rows) ** bands


def choose_bands(threshold: float, num_perm: int, min_catch: float = 0.99) -> tuple[int, int]:
    """The (bands, rows) with the most rows per band (fewest false candidates) that still catches a
    pair right at the threshold with probability >= min_catch."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        if catch_probability(threshold, bands, rows) >= min_catch:
            best = (bands, rows)
    return best


def band_keys(signatures: np.ndarray, bands: int, rows: int, chunk: int = 65536) -> np.ndarray:
    """(n, bands) uint64 keys: a 64-bit hash of each band's rows (in chunks, to bound memory)."""
    out = np.empty((len(signatures), bands), dtype=np.uint64)
    for lo in range(0, len(signatures), chunk):
        sig = signatures[lo : lo + chunk, : bands * rows].astype(np.uint64).reshape(-1, bands, rows)
        h = np.zeros((len(sig), bands), dtype=np.uint64)
        for r in range(rows):
            h = _fmix64(h * _P64 + sig[:, :, r])
        out[lo : lo + chunk] = h
    return out


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    return (sig_a == sig_b).mean(axis=-1)
