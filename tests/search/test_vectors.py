"""Passage vectors (kb.search.vectors): built from word vectors, stored safely, fused with the words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.index.store import IndexStore
from kb.ingest.pipeline import ingest
from kb.search import vectors
from kb.search.searcher import Searcher
from kb.search.semantic import WordVectors, word_vectors


def _wv() -> WordVectors:
    words = ["督查", "督办", "落实", "公文", "写作"]
    m = np.array([[1, 0, 0], [0.8, 0.6, 0], [0.6, 0.8, 0], [0, 0, 1], [0, 0.6, 0.8]], dtype=np.float32)
    return WordVectors(words, {w: i for i, w in enumerate(words)}, m)


def test_a_mean_vector_is_the_unit_weighted_mean_of_the_words_that_have_one() -> None:
    wv = _wv()
    v = vectors.mean_vector({"督查": 1.0, "公文": 1.0, "没有": 5.0, "落实": 0.0}, wv)
    assert v is not None and v.dtype == np.float32
    assert v.tolist() == pytest.approx([2 ** -0.5, 0.0, 2 ** -0.5])
    assert vectors.mean_vector({"没有": 1.0}, wv) is None
    assert vectors.mean_vector({"督查": 0.0}, wv) is None


def test_a_query_word_without_a_vector_is_made_of_its_sub_words() -> None:
    got = vectors.query_weights({"督查督办": 2.0, "公文": 1.0, "没有": 1.0},
                                {"督查督办": [("督查", 0.4), ("督办", 0.4)], "没有": [("没", 0.2)]}, _wv())
    assert got == {"督查": pytest.approx(0.8), "督办": pytest.approx(0.8), "公文": 1.0}
    # sub-words the index does not know: the longest pieces that have a vector
    assert vectors.pieces("督查公文写作x", _wv()) == ["督查", "公文", "写作"]
    assert vectors.query_weights({"督查和公文": 5.0}, {}, _wv()) == {"督查": 2.0, "公文": 2.0}


def test_build_gives_one_unit_row_a_bag_and_zero_for_a_bag_without_vectors() -> None:
    m = vectors.build([["督查", "督查", "公文"], ["没有"], []], _wv(), lambda w: 1.0)
    assert m.shape == (3, 3)
    assert m[0].tolist() == pytest.approx([2 / 5 ** 0.5, 0.0, 1 / 5 ** 0.5])  # counted twice
    assert m[1].tolist() == [0.0, 0.0, 0.0] and m[2].tolist() == [0.0, 0.0, 0.0]


def test_the_file_round_trips_and_a_bad_file_is_ignored(tmp_path: Path) -> None:
    pv = vectors.PassageVectors(("a-0000", "a-0001"), np.eye(2, 3, dtype=np.float32), ("f0", "f1"), "src")
    vectors.save(tmp_path / vectors.FILE, pv)
    back = vectors.load(tmp_path)
    assert back is not None and (back.pids, back.fps, back.source) == (pv.pids, pv.fps, "src")
    assert back.matrix.tolist() == pv.matrix.tolist()
    assert vectors.load(tmp_path / "missing") is None and vectors.load(None) is None
    assert [p.name for p in tmp_path.iterdir()] == [vectors.FILE]  # no temporary file left behind
    (tmp_path / vectors.FILE).write_bytes(b"not a zip file")
    assert vectors.load(tmp_path) is None
    with open(tmp_path / vectors.FILE, "wb") as f:  # ids and rows that disagree
        np.savez(f, matrix=np.eye(2, 3, dtype=np.float32), pids=np.array(["a"]), fps=np.array(["f"]),
                 meta=np.array(["src"]))
    assert vectors.load(tmp_path) is None


def test_a_refresh_cuts_only_new_or_changed_passages(tmp_path: Path) -> None:
    wv = _wv()
    rows = [vectors.Row("a-0000", "f0", "督查督办", ""), vectors.Row("a-0001", "f1", "公文写作", "")]
    assert vectors.refresh(tmp_path, rows, lambda w: 1.0, wv=wv) == 2
    assert vectors.refresh(tmp_path, rows, lambda w: 1.0, wv=wv) == 0
    changed = [rows[0], vectors.Row("a-0001", "f9", "落实", ""), vectors.Row("b-0000", "g0", "督查", "公文")]
    assert vectors.refresh(tmp_path, changed, lambda w: 1.0, wv=wv) == 2
    pv = vectors.load(tmp_path)
    assert pv is not None and pv.pids == ("a-0000", "a-0001", "b-0000") and pv.fps == ("f0", "f9", "g0")
    assert pv.matrix[1].tolist() == pytest.approx([0.6, 0.8, 0.0])  # 落实 alone
    assert pv.matrix[2].tolist() == pytest.approx([2 ** -0.5, 0.0, 2 ** -0.5])  # its heading counts too
    assert vectors.refresh(None, rows, lambda w: 1.0, wv=wv) == 0


def test_nearness_gives_each_passage_its_cosine_with_the_query() -> None:
    wv = _wv()
    pv = vectors.PassageVectors(("a", "b", "c"), np.array([[1, 0, 0], [0, 0, 1], [-1, 0, 0]], dtype=np.float32))
    near = vectors.nearness(pv, pv.row_of(), {"督查": 1.0, "督办": 1.0}, wv)
    assert near is not None
    assert near.of("a") == pytest.approx(1.8 / 3.6 ** 0.5)  # the mean of 督查 and 督办, against 督查
    assert (near.of("b"), near.of("c"), near.of("unknown")) == (0.0, 0.0, 0.0)  # at least 0
    assert vectors.nearness(pv, pv.row_of(), {"没有": 1.0}, wv) is None
    assert vectors.nearness(None, {}, {"督查": 1.0}, wv) is None


@pytest.mark.skipif(word_vectors() is None, reason="cnsyn's word vectors are not installed")
def test_the_cache_reads_a_generation_once_per_version(tmp_path: Path) -> None:
    wv = word_vectors()
    assert wv is not None and wv.vector("督查") is not None
    pv = vectors.PassageVectors(("a",), np.array([wv.vector("督查")], dtype=np.float32), ("f",), "src")
    vectors.save(tmp_path / vectors.FILE, pv)
    cache = vectors.VectorCache()
    first = cache.nearness(tmp_path, "v1", {"督查": 1.0}, {})
    (tmp_path / vectors.FILE).unlink()
    assert first is not None and first.of("a") == pytest.approx(1.0, abs=1e-5)
    assert cache.nearness(tmp_path, "v1", {"督查": 1.0}, {}) is not None  # same version: not read again
    assert cache.nearness(tmp_path, "v2", {"督查": 1.0}, {}) is None  # a new version without the file


@pytest.mark.skipif(word_vectors() is None, reason="cnsyn's word vectors are not installed")
def test_an_ingest_stores_every_passage_vector_and_the_ranking_reads_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "讲话.txt").write_text(
        "在全县督查工作会议上的讲话\n\n督查工作是推动决策落实的重要手段，是各级党委政府抓落实的有力抓手。\n\n"
        "公文写作要做到观点鲜明、结构严谨、语言简练。\n", encoding="utf-8")
    s = Settings(corpus=corpus, index=tmp_path / "index")
    ingest(None, s)
    store = IndexStore(s.index)
    pv = vectors.load(store.current_dir())
    searcher = Searcher(s.index)
    assert pv is not None and set(pv.pids) == {h.passage_id for h in searcher.search("督查 公文", limit=10).hits}
    assert np.linalg.norm(pv.matrix, axis=1).tolist() == pytest.approx([1.0] * len(pv.pids), abs=1e-5)
    searcher.capture = []
    searcher.search("督促检查工作", limit=5)
    assert searcher.capture and max(v["vector"] for _p, _f, v in searcher.capture) > 0.5
    off = Searcher(s.index, semantic=False)  # kb eval --no-semantic: no vectors either
    off.capture = []
    off.search("督促检查工作", limit=5)
    assert off.capture and all(v["vector"] == 0.0 for _p, _f, v in off.capture)
    assert vectors.refresh_store(store) == 0  # nothing changed: nothing cut again


@pytest.mark.skipif(word_vectors() is None, reason="cnsyn's word vectors are not installed")
def test_candidates_without_stored_vectors_get_the_same_cosine_from_their_text() -> None:
    wv = word_vectors()
    assert wv is not None
    fields: list[dict[str, object]] = [{"pid": "a-0000", "text": "督查工作是推动决策落实的重要手段。", "heading": "一、督查"},
                                       {"pid": "a-0001", "text": "公文写作要做到观点鲜明。", "heading": ""}]
    asked: list[str] = []
    near = vectors.candidate_nearness(fields, {"督查": 1.0, "落实": 1.0}, {}, lambda w: 2.0,
                                      prefetch=asked.extend)
    stored = vectors.build([vectors.passage_words("督查工作是推动决策落实的重要手段。", "一、督查", "jieba")], wv,
                           lambda w: 2.0)
    q = vectors.mean_vector({"督查": 1.0, "落实": 1.0}, wv)
    assert near is not None and q is not None and "督查" in asked
    assert near.of("a-0000") == pytest.approx(max(0.0, float(stored[0] @ q)), abs=1e-6)
    assert near.of("a-0000") > near.of("a-0001")
    assert vectors.candidate_nearness([], {"督查": 1.0}, {}, lambda w: 1.0) is None


TEXTS = ["督查工作是推动决策落实的重要手段，是各级党委政府抓落实的有力抓手。",
         "中华人民共和国国务院办公厅关于进一步加强政务公开工作的意见（2019年第3号）",
         "公文写作要做到观点鲜明、结构严谨、语言简练；the PDF file 第12页。", "的了和", ""]


def test_the_words_of_index_tokens_are_the_query_cut() -> None:
    from kb.analysis import query_words, tokens_ahead

    for text, toks in zip(TEXTS, tokens_ahead(TEXTS, "jieba"), strict=True):
        assert vectors.words_of_tokens(toks) == query_words(text, "jieba"), text
    assert any(len({p for _w, p, _s, _e in t}) < len(t) for t in tokens_ahead(TEXTS[:2], "jieba"))  # sub-words


def test_words_handed_over_from_the_build_are_the_words_a_refresh_would_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.analysis import remember_tokens, tokens_ahead

    expected = [vectors.passage_words(t, h, "jieba") for t in TEXTS for h in ("", "一、督查督办")]
    remember_tokens("jieba", TEXTS, tokens_ahead(TEXTS, "jieba"))
    try:
        assert vectors.remember_words(TEXTS + ["没有预先切分的文字"], "jieba") == len(TEXTS)
        got = []
        for t in TEXTS:
            got.append(vectors.passage_words(t, "", "jieba"))
            vectors.remember_words([t], "jieba")
            got.append(vectors.passage_words(t, "一、督查督办", "jieba"))
        assert got == expected
        assert vectors.remember_words(TEXTS, "rjieba") == 0  # another segmenter's tokens are not these
        monkeypatch.setattr(vectors, "WORDS_AHEAD_MAX", 2)
        vectors.forget_words()
        assert vectors.remember_words(TEXTS, "jieba") == 2
    finally:
        vectors.forget_words()
        from kb.analysis import index_tokens

        for t in TEXTS:
            index_tokens(t, "jieba")  # consume what this test remembered


def test_an_ingest_with_build_workers_stores_the_same_vectors_as_cutting_again(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if word_vectors() is None:
        pytest.skip("cnsyn's word vectors are not installed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"讲话{i}.txt").write_text(f"第{i}次督查工作会议上的讲话\n\n一、统一思想\n\n" + "\n\n".join(TEXTS[:3]) +
                                           f"\n\n二、狠抓落实\n\n督查督办第{i}项工作。\n", encoding="utf-8")
    cut: list[int] = []
    real = vectors.query_words
    monkeypatch.setattr(vectors, "query_words", lambda t, s: cut.append(1) or real(t, s))
    matrices = []
    for name, hand_over in (("a", True), ("b", False)):
        if not hand_over:
            monkeypatch.setattr(vectors, "remember_words", lambda texts, segmenter: 0)
        s = Settings(corpus=corpus, index=tmp_path / name, workers=2)
        cut.clear()
        ingest(None, s)
        assert not vectors._words_ahead  # the refresh forgets what it did not use
        pv = vectors.load(IndexStore(s.index).current_dir())
        assert pv is not None
        matrices.append((pv.pids, pv.matrix, len(cut)))
    (pids_a, m_a, cut_a), (pids_b, m_b, cut_b) = matrices
    assert pids_a == pids_b and np.array_equal(m_a, m_b)
    assert cut_b >= len(pids_b) and cut_a < cut_b  # handed over: only headings are cut
