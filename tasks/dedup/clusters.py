"""Exact and near-duplicate detection over a batch and the index of all earlier batches.

Everything is array work: band keys are sorted, equal keys become candidate pairs, pairs are
verified by estimated Jaccard, and clusters are connected components found by vectorised
min-label propagation. No Python object per document, so millions of indexed documents fit.

Which document of a cluster is kept (the representative): the earliest seen (lowest batch
sequence, so anything already published stays published), then the longest clean text, then the
smallest doc_id. Every other new document of the cluster is a duplicate of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tasks.dedup.minhash import jaccard_estimate


def candidate_pairs(keys: np.ndarray, protected: np.ndarray | None = None) -> np.ndarray:
    """Pairs (i, j), i < j, that share a key in any band column of ``keys`` (n, bands).

    Members of a bucket are paired with the bucket's first member (a star) and with their
    neighbour in it (a chain): linear in bucket size, and together with the union step this
    connects every bucket. Pairs whose both ends are ``protected`` (already indexed) are skipped.
    """
    n = keys.shape[0]
    out = []
    idx = np.arange(n, dtype=np.int64)
    for band in range(keys.shape[1]):
        col = keys[:, band]
        order = np.argsort(col, kind="stable")
        sorted_keys = col[order]
        same_as_prev = np.zeros(n, dtype=bool)
        same_as_prev[1:] = sorted_keys[1:] == sorted_keys[:-1]
        if not same_as_prev.any():
            continue
        group_start = np.maximum.accumulate(np.where(same_as_prev, 0, idx))
        members = np.flatnonzero(same_as_prev)
        first = order[group_start[members]]
        prev = order[members - 1]
        this = order[members]
        out.append(np.stack([first, this], axis=1))
        out.append(np.stack([prev, this], axis=1))
    pairs = merge_pairs(out, n)
    if protected is not None and len(pairs):
        pairs = pairs[~(protected[pairs[:, 0]] & protected[pairs[:, 1]])]
    return pairs


def merge_pairs(parts: list[np.ndarray], n: int) -> np.ndarray:
    """Union of pair arrays as unique (i, j) rows with i < j, self-pairs dropped."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(parts).astype(np.int64)
    lo, hi = pairs.min(axis=1), pairs.max(axis=1)
    keep = lo != hi
    # One int64 per pair makes the de-duplication a 1-D sort, far cheaper than unique(axis=0).
    flat = np.unique(lo[keep] * n + hi[keep])
    return np.stack([flat // n, flat % n], axis=1)


def connected_components(n: int, edges: np.ndarray) -> np.ndarray:
    """Label of each node = smallest node index in its component."""
    labels = np.arange(n, dtype=np.int64)
    if len(edges) == 0:
        return labels
    u, v = edges[:, 0], edges[:, 1]
    while True:
        m = np.minimum(labels[u], labels[v])
        new = labels.copy()
        np.minimum.at(new, u, m)
        np.minimum.at(new, v, m)
        while True:  # pointer jumping
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


MEASURES = ("jaccard", "containment")
_PAIR_CHUNK = 1 << 14  # pairs per step: two gathered (chunk, num_perm) arrays of 8 MiB at 128 perms, no slower than 64


def pair_jaccard(signatures: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of documents a[i] and b[i], in chunks: gathering both signature rows of
    millions of pairs at once would cost gigabytes."""
    out = np.empty(len(a), dtype=np.float64)
    for lo in range(0, len(a), _PAIR_CHUNK):
        hi = lo + _PAIR_CHUNK
        out[lo:hi] = jaccard_estimate(signatures[a[lo:hi]], signatures[b[lo:hi]])
    return out


def containment_estimate(jaccard: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """Share of the smaller shingle set found in the larger, from the Jaccard estimate and set sizes:
    |A∩B| = J(|A|+|B|)/(1+J). Reposts that add or drop a lead paragraph keep a high containment
    while their Jaccard falls."""
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return np.minimum(1.0, inter / np.maximum(1, np.minimum(size_a, size_b)))


# Containment alone would make a teaser or a one-paragraph brief a duplicate of the long article
# it was cut from, and, kept first, would drop the article. So a pair must also share half of
# their combined shingles: a repost that adds or drops a lead still does (Jaccard 0.6-0.8).
CONTAINMENT_MIN_JACCARD = 0.5


def candidate_threshold(threshold: float, measure: str) -> float:
    """The Jaccard the LSH bands must catch: the threshold itself, or for containment the Jaccard
    floor every verified pair must reach."""
    return threshold if measure == "jaccard" else CONTAINMENT_MIN_JACCARD


@dataclass
class DedupResult:
    representative: np.ndarray  # index of the kept document of each one's cluster (itself if kept)
    similarity: np.ndarray  # estimated Jaccard to the representative (1.0 when identical)
    containment: np.ndarray  # estimated containment of the smaller of the two in the other
    exact: np.ndarray  # bool: same content hash as the representative
    candidate_pairs: int
    verified_pairs: int


def find_duplicates(
    signatures: np.ndarray,
    keys: np.ndarray,
    content_hashes: np.ndarray,
    rank: np.ndarray,
    protected: np.ndarray,
    threshold: float,
    pairs: np.ndarray | None = None,
    measure: str = "jaccard",
    sizes: np.ndarray | None = None,
    links: np.ndarray | None = None,
) -> DedupResult:
    """Cluster documents; ``rank`` orders them for the keep policy (lower is kept first).

    ``protected`` marks indexed documents of earlier batches: they are never marked duplicates
    here, and pairs among them are not re-examined. ``pairs`` lets a caller pass candidate pairs
    computed elsewhere (on a Dask cluster, band group by band group). ``measure`` decides what
    must reach the threshold: the estimated Jaccard, or the estimated containment (which needs
    ``sizes``, the number of distinct shingles of each document) together with a Jaccard of at
    least ``CONTAINMENT_MIN_JACCARD``. ``links`` are edges already decided (an indexed duplicate to
    the document kept for it); they join clusters without being verified again.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    if sizes is None:
        if measure == "containment":
            raise ValueError("containment needs the documents' shingle counts")
        sizes = np.ones(len(signatures))
    sizes = np.asarray(sizes, dtype=np.float64)
    n = len(signatures)
    # Exact duplicates: link each document to the first of its content hash.
    _, inverse = np.unique(content_hashes, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    grouped = inverse[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = grouped[1:] != grouped[:-1]
    first_of_group = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))]
    exact_edges = np.stack([first_of_group, order], axis=1)[~starts]

    if pairs is None:
        pairs = candidate_pairs(keys, protected)
    if len(pairs):
        sims = pair_jaccard(signatures, pairs[:, 0], pairs[:, 1])
        if measure == "containment":
            ok = (containment_estimate(sims, sizes[pairs[:, 0]], sizes[pairs[:, 1]]) >= threshold) & (
                sims >= CONTAINMENT_MIN_JACCARD
            )
        else:
            ok = sims >= threshold
        verified = pairs[ok]
    else:
        verified = pairs
    edges = np.concatenate([e for e in (exact_edges, verified, links) if e is not None and len(e)] or [exact_edges])
    labels = connected_components(n, edges)

    # Representative per component: the member with the lowest rank.
    order = np.lexsort((rank, labels))
    comp_sorted = labels[order]
    is_first = np.ones(n, dtype=bool)
    is_first[1:] = comp_sorted[1:] != comp_sorted[:-1]
    rep_of_comp = order[is_first]
    comp_ids = comp_sorted[is_first]
    rep = rep_of_comp[np.searchsorted(comp_ids, labels)]
    exact = inverse == inverse[rep]
    jaccard = pair_jaccard(signatures, np.arange(n), rep)
    similarity = np.where(exact, 1.0, jaccard)
    containment = np.where(exact, 1.0, containment_estimate(jaccard, sizes, sizes[rep]))
    return DedupResult(
        representative=rep,
        similarity=similarity,
        containment=containment,
        exact=exact,
        candidate_pairs=int(len(pairs)),
        verified_pairs=int(len(verified)),
    )
