"""Semantic resources: the 词林 groups, word vectors read without unpickling, the query expander."""

from __future__ import annotations

import pickle
import struct
from pathlib import Path

import numpy as np
import pytest

from kb.search import semantic


def _u(s: str) -> bytes:
    b = s.encode()
    return pickle.SHORT_BINUNICODE + bytes([len(b)]) + b


def _global(module: str, name: str) -> bytes:
    return _u(module) + _u(name) + pickle.STACK_GLOBAL


def _array(arr: np.ndarray) -> bytes:
    """An array the way joblib writes it: a NumpyArrayWrapper header, BUILD, then the raw bytes."""
    code = arr.dtype.str.lstrip("<=|")
    head = (_global("joblib.numpy_pickle", "NumpyArrayWrapper") + pickle.EMPTY_TUPLE + pickle.NEWOBJ
            + pickle.EMPTY_DICT + pickle.MARK
            + _u("subclass") + _global("numpy", "ndarray")
            + _u("shape") + pickle.MARK + b"".join(pickle.BININT + struct.pack("<i", n) for n in arr.shape)
            + pickle.TUPLE
            + _u("order") + _u("C")
            + _u("dtype") + _global("numpy", "dtype") + _u(code) + pickle.NEWFALSE + pickle.NEWTRUE
            + pickle.TUPLE3 + pickle.REDUCE
            + _u("allow_mmap") + pickle.NEWTRUE + pickle.SETITEMS + pickle.BUILD)
    return head + arr.tobytes()


def write_tree(path: Path, words: list[str], emb: np.ndarray, extra_global: tuple[str, str] | None = None) -> None:
    body = (pickle.PROTO + b"\x04" + pickle.EMPTY_DICT + pickle.MARK
            + _u("model") + _global("sklearn.neighbors._ball_tree", "newObj")
            + _global("sklearn.neighbors._ball_tree", "BallTree") + pickle.TUPLE1 + pickle.REDUCE
            + pickle.MARK + _array(emb) + _array(np.arange(len(words), dtype=np.int64)) + pickle.BININT1 + b"\x28"
            + pickle.TUPLE + pickle.BUILD
            + _u("words") + pickle.EMPTY_LIST + pickle.MARK + b"".join(_u(w) for w in words) + pickle.APPENDS)
    if extra_global:
        body += _u("x") + _global(*extra_global) + pickle.EMPTY_TUPLE + pickle.REDUCE
    path.write_bytes(body + pickle.SETITEMS + pickle.STOP)


def test_word_vectors_are_read_from_a_joblib_tree_without_unpickling(tmp_path: Path) -> None:
    emb = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    f = tmp_path / "tree.m"
    write_tree(f, ["交办", "交待", "吃饭"], emb)
    tree = semantic.read_joblib_arrays(f)
    assert tree["words"] == ["交办", "交待", "吃饭"]
    wv = semantic.word_vectors(f)
    assert wv is not None and wv.matrix.shape == (3, 2) and wv.matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(wv.matrix, axis=1), 1.0)
    v = wv.vector("交办")
    assert v is not None and wv.vector("没有") is None


def test_a_file_naming_any_other_callable_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "evil.m"
    write_tree(f, ["a"], np.zeros((1, 2)), extra_global=("os", "system"))
    with pytest.raises(pickle.UnpicklingError, match="os.system is not expected in a word vector file"):
        semantic.read_joblib_arrays(f)
    assert semantic.word_vectors(f) is None
    assert "cannot be read" in caplog.text


def test_cilin_groups_read_only_synonym_lines(tmp_path: Path) -> None:
    f = tmp_path / "cilin.txt"
    f.write_text("Hc03A01= 安置 安顿 安排\nHc03A02# 安排 布置\nAa01A05@ 独自\n", encoding="utf-8")
    groups = semantic.cilin_groups(f)
    assert groups["安排"] == ("安置", "安顿")
    assert "布置" not in groups and "独自" not in groups


def test_expander_gives_synonyms_then_neighbours_the_index_knows() -> None:
    words = ["交办", "交待", "交代", "吃饭", "交办事项"]
    emb = np.array([[1.0, 0.0], [0.95, 0.05], [0.9, 0.2], [0.0, 1.0], [1.0, 0.01]], dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    wv = semantic.WordVectors(words, {w: i for i, w in enumerate(words)}, emb)
    ex = semantic.Expander(["交待", "交代", "吃饭", "交办事项", "安排"], wv, {"交办": ("安排", "布置")})
    out = ex.expansions("交办")
    assert out[0] == ("交待", pytest.approx(float(emb[0] @ emb[1])))
    assert ("安排", semantic.CILIN_CREDIT) in out  # 布置 is not in the index
    assert all(w not in ("吃饭", "交办事项") for w, _ in out)  # dissimilar; contains the word itself
    assert ex.expansions("没有的词") == []


def test_cilin_synonyms_come_most_similar_first_and_neighbours_are_a_wider_circle() -> None:
    words = ["机关", "单位", "机密", "部门", "吃饭"]
    emb = np.array([[1.0, 0.0], [0.9, 0.3], [0.1, 1.0], [0.8, 0.5], [-1.0, 0.1]], dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    wv = semantic.WordVectors(words, {w: i for i, w in enumerate(words)}, emb)
    ex = semantic.Expander(words + ["天机"], wv, {"机关": ("机密", "天机", "单位")}, limit=2)
    assert ex.cilin("机关", wv.vector("机关")) == ["单位", "机密", "天机"]  # 天机 has no vector: last
    assert [w for w, _ in ex.expansions("机关")] == ["单位", "机密"]
    near = ex.neighbours("机关")
    assert [w for w, _ in near] == ["单位", "部门"]  # at least NEAR_MIN_SIMILARITY, most similar first
    assert near[0][1] == pytest.approx(float(emb[0] @ emb[1]))
    assert ex.neighbours("没有的词") == []


def test_the_installed_resources_load_when_present() -> None:
    if semantic.package_file("WordSimilarity", "data/cilin_ex.txt") is None:
        pytest.skip("WordSimilarity is not installed")
    assert len(semantic.cilin_groups()) > 40000
    if semantic.package_file("cnsyn", "query/words_tree_mini.m") is None:
        pytest.skip("cnsyn is not installed")
    wv = semantic.word_vectors()
    assert wv is not None and wv.matrix.shape == (129691, 75)


def test_the_compact_copies_hold_the_same_values_and_follow_their_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    emb = np.array([[3.0, 4.0], [0.9, 0.1], [0.0, 2.0]])
    tree = tmp_path / "tree.m"
    write_tree(tree, ["交办", "交待", "吃饭"], emb)
    cilin = tmp_path / "cilin.txt"
    cilin.write_text("Hc03A01= 安置 安顿 安排\nHc03A02= 安排 布置\n", encoding="utf-8")
    monkeypatch.setattr(semantic, "package_file", lambda dist, suffix: cilin if dist == "WordSimilarity" else tree)
    monkeypatch.setattr(semantic, "_vectors", None)
    monkeypatch.setattr(semantic, "_vectors_failed", False)
    semantic.cilin_groups.cache_clear()
    first = semantic.word_vectors()
    groups = semantic.cilin_groups()
    copies = sorted(p.name.split("-")[0] + p.suffix for p in (tmp_path / "cache" / "semantic").iterdir())
    assert copies == ["cilin.txt", "vectors.npy", "vectors.txt"]
    monkeypatch.setattr(semantic, "_vectors", None)
    semantic.cilin_groups.cache_clear()
    monkeypatch.setattr(semantic, "read_joblib_arrays", lambda p: pytest.fail("the copy was not used"))
    again = semantic.word_vectors()
    assert first is not None and again is not None and isinstance(again.matrix, np.memmap)
    assert again.words == first.words and again.index == first.index
    assert np.array_equal(again.matrix, first.matrix) and again.matrix.dtype == np.float32
    assert dict(semantic.cilin_groups()) == dict(groups) == {"安置": ("安顿", "安排"), "安顿": ("安置", "安排"),
                                                              "安排": ("安置", "安顿", "布置"), "布置": ("安排",)}
    # a replaced source file is read again (its copy is named after its size and modification time)
    cilin.write_text("Hc03A01= 安置 安顿\n", encoding="utf-8")
    semantic.cilin_groups.cache_clear()
    assert dict(semantic.cilin_groups()) == {"安置": ("安顿",), "安顿": ("安置",)}
    semantic.cilin_groups.cache_clear()


def test_a_damaged_compact_copy_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    tree = tmp_path / "tree.m"
    write_tree(tree, ["交办", "交待"], np.array([[1.0, 0.0], [0.0, 1.0]]))
    npy, txt = semantic._vector_copies(tree)
    npy.parent.mkdir(parents=True)
    npy.write_bytes(b"not an array")
    txt.write_text("交办\n交待", encoding="utf-8")
    assert semantic._cached_vectors(tree) is None
    np.save(npy, np.zeros((3, 2), dtype=np.float32))  # three rows for two words
    assert semantic._cached_vectors(tree) is None


def test_the_office_vocabulary_comes_before_the_cilin_and_only_with_words_the_index_knows() -> None:
    ex = semantic.Expander(["督促", "安排", "监督"], None, {"盯着": ("安排",)}, limit=2,
                           table={"盯着": ("督促", "紧盯", "监督")})
    assert ex.expansions("盯着") == [("督促", semantic.TABLE_CREDIT), ("监督", semantic.TABLE_CREDIT)]
    assert semantic.Expander(["安排"], None, {"盯着": ("安排",)}).expansions("盯着") == [("安排", semantic.CILIN_CREDIT)]


def test_associates_are_kept_apart_from_expansions_and_limited_to_the_index() -> None:
    ex = semantic.Expander(["整改", "问责"], None, {}, associates={"问责": [("整改", 0.5), ("不在", 0.4)]})
    assert ex.associated("问责") == [("整改", 0.5)]
    assert ex.expansions("问责") == []
