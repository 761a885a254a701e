"""Signatures bit-identical to datasketch; LSH bands that catch pairs at the threshold."""

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_fixture
from tasks.dedup.minhash import (
    MinHasher,
    MinHashParams,
    catch_probability,
    choose_bands,
    jaccard_estimate,
    shingle_counts,
    shingle_hash32,
    shingles,
)

ARTICLES = ["".join(r["text"].split()) for r in load_fixture("crud_rag_reposts.jsonl")[:60]]


DEFAULT_PARAMS = MinHashParams()


def datasketch_signature(text, params=DEFAULT_PARAMS):
    m = MinHash(num_perm=params.num_perm, seed=params.seed, scheme="affine32", hashfunc=shingle_hash32)
    m.update_batch(shingles(text, params.shingle_size))
    return m.hashvalues


@pytest.mark.parametrize(
    "params",
    [MinHashParams(), MinHashParams(num_perm=256, seed=42, shingle_size=3), MinHashParams(num_perm=64, shingle_size=2)],
)
def test_bit_identical_to_datasketch_on_real_articles(params):
    texts = ARTICLES[:25] + ["", "短", "新闻", "四个字符", "正好五个字"]
    ours = MinHasher(params, chunk_rows=777).signatures(texts)  # odd chunk size: documents span chunks
    for text, sig in zip(texts, ours):
        assert sig.dtype == np.uint32
        np.testing.assert_array_equal(sig, datasketch_signature(text, params))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40), max_size=6))
def test_bit_identical_to_datasketch_on_any_text(texts):
    ours = MinHasher(MinHashParams(), chunk_rows=16).signatures(texts)
    for text, sig in zip(texts, ours):
        np.testing.assert_array_equal(sig, datasketch_signature(text))


def test_shingles_are_character_ngrams_across_punctuation():
    assert shingles("新闻，正文", 2) == ["新闻", "闻，", "，正", "正文"]
    assert shingles("新闻", 5) == ["新闻"]
    assert shingles("", 5) == []


@pytest.mark.parametrize("k", [2, 3, 5])
def test_shingle_counts_are_the_exact_set_sizes(k):
    """Counted by 64-bit hash, in groups that split the texts (a tiny group_chars): the same as the
    sets of k-gram strings, on real articles, repeats, astral characters and texts shorter than k."""
    texts = ARTICLES + ["", "a", "abcd", "正好五个字", "𠮷𠮷𠮷𠮷𠮷𠮷", "哈" * 30, ARTICLES[0] * 2]
    exact = [len(set(shingles(t, k))) for t in texts]
    assert shingle_counts(texts, k, group_chars=3000).tolist() == exact
    assert shingle_counts(texts, k).tolist() == exact


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), max_size=8))
def test_shingle_counts_on_any_text(texts):
    assert shingle_counts(texts, 3, group_chars=20).tolist() == [len(set(shingles(t, 3))) for t in texts]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9])
def test_bands_catch_pairs_at_the_threshold(threshold):
    bands, rows = choose_bands(threshold, 128)
    assert bands * rows <= 128
    assert catch_probability(threshold, bands, rows) >= 0.99
    # and it is the tightest such choice: one more row per band would miss more than 1%
    more = rows + 1
    assert catch_probability(threshold, 128 // more, more) < 0.99


def test_datasketch_default_bands_catch_far_fewer_pairs_at_0_8():
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    ds_catch = catch_probability(0.8, lsh.b, lsh.r)
    ours = catch_probability(0.8, *choose_bands(0.8, 128))
    assert ds_catch < 0.9 < 0.99 <= ours


def test_s_curve_measured_on_real_signatures():
    """Empirical catch rate of our bands on real article pairs near the threshold."""
    rng = np.random.default_rng(3)
    hasher = MinHasher()
    bands, rows = choose_bands(0.8, 128)
    base = ARTICLES[:40]
    edited = []
    for text in base:  # replace ~2% of characters: Jaccard of 5-grams lands around 0.8
        chars = list(text)
        for i in rng.choice(len(chars), size=max(1, len(chars) // 50), replace=False):
            chars[i] = "某"
        edited.append("".join(chars))
    a, b = hasher.signatures(base), hasher.signatures(edited)
    true_j = np.array(
        [
            len(set(shingles(x, 5)) & set(shingles(y, 5))) / len(set(shingles(x, 5)) | set(shingles(y, 5)))
            for x, y in zip(base, edited)
        ]
    )
    used = bands * rows
    caught = (a[:, :used].reshape(-1, bands, rows) == b[:, :used].reshape(-1, bands, rows)).all(axis=2).any(axis=1)
    assert true_j.min() > 0.6
    assert caught[true_j >= 0.75].mean() >= 0.95
    assert np.abs(jaccard_estimate(a, b) - true_j).mean() < 0.05
