"""Near-duplicate detection (MinHash + LSH) and passage fingerprints."""

from __future__ import annotations

import time

from corpusgen import speech

from kb.dedup import BINS, NearDuplicates, passage_fingerprint, signature, similarity, warning_for


def test_fingerprint_ignores_punctuation_spacing_width_and_list_numbers() -> None:
    a = passage_fingerprint("一、办公室工作要抓落实，提高质量和效率。")
    assert a == passage_fingerprint("（一）办公室工作要抓落实, 提高质量和效率.")
    assert a == passage_fingerprint("1. 办公室工作要抓落实　提高质量和效率")
    assert a == passage_fingerprint("辦公室工作要抓落實，提高質量和效率。")  # traditional characters
    assert a != passage_fingerprint("办公室工作要抓落实，提高质量。")


def test_signature_similarity_tracks_shared_text() -> None:
    a, b = speech(1), speech(2)
    assert similarity(signature(a), signature(a)) == 1.0
    assert similarity(signature(a), signature(a.replace("，", ", "))) == 1.0
    draft = a[: int(len(a) * 0.8)]
    assert 0.6 <= similarity(signature(a), signature(draft)) < 1.0
    assert similarity(signature(a), signature(b)) < 0.2
    assert signature("太短的文字") == ()
    assert len(signature(a)) == BINS


def test_links_are_made_both_ways_and_removed_with_the_document() -> None:
    nd = NearDuplicates()
    text = speech(3)
    assert nd.add("a", signature(text), "a.txt", "甲") == []
    links = nd.add("b", signature(text + "另有一句结尾的话。"), "b.txt", "乙")
    assert [x.doc_id for x in links] == ["a"] and links[0].similarity >= 0.9
    assert [x.doc_id for x in nd.links_of("a")] == ["b"] and nd.changed == {"a"}
    assert warning_for(links[0]) == f"与 a.txt 内容相近（相似度 {links[0].similarity:.2f}）"
    nd.changed.clear()
    nd.rename("a", "a2", "sub/a.txt")
    assert [x.source for x in nd.links_of("b")] == ["sub/a.txt"] and nd.changed == {"b"}
    nd.remove("b")
    assert nd.links_of("a2") == []


def test_candidates_come_from_buckets_not_from_every_pair() -> None:
    nd = NearDuplicates()
    sigs = [signature(speech(i)) for i in range(2000)]
    started = time.perf_counter()
    for i, sig in enumerate(sigs):
        nd.add(str(i), sig, f"{i}.txt", "")
    assert time.perf_counter() - started < 5.0
    assert sum(len(v) for v in nd.links.values()) < 40  # random speeches are not near-duplicates
    assert [x.doc_id for x in nd.add("copy", sigs[123], "copy.txt", "")] == ["123"]
