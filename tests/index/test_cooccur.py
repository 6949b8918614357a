"""Words that keep each other company: mined from passages, stored beside the index, read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.index import cooccur
from kb.index.store import IndexStore


def _texts() -> list[str]:
    together = ["督查督办要抓好落实整改，问责到位。"] * 4
    apart = [f"第{i}次会议研究了预算编制。" for i in range(4)] + ["整改工作。"]
    filler = [f"这是第{i}段没有关系的文字，讲述天气晴朗。" for i in range(200)]
    return together + apart + filler


def test_words_found_together_in_passages_become_each_others_associates() -> None:
    table = cooccur.mine(_texts())
    got = dict(table["问责"])
    assert got["整改"] == pytest.approx(4 / (4 * 5) ** 0.5) and got["督查督办"] == pytest.approx(1.0)
    assert "预算编制" not in got  # never together
    assert all(len(v) <= cooccur.PER_WORD for v in table.values())
    assert "天气" not in table  # in every filler passage: over MAX_DF_SHARE, not mined


def test_the_file_round_trips_and_is_mined_again_only_when_the_corpus_moved(tmp_path: Path) -> None:
    texts = _texts()
    assert cooccur.refresh(tmp_path, texts)
    assert cooccur.mined_on(tmp_path / cooccur.FILE) == len(texts)
    loaded = cooccur.load(tmp_path)
    assert loaded == {w: [(o, round(s, 3)) for o, s in v] for w, v in cooccur.mine(texts).items()}
    assert not cooccur.refresh(tmp_path, texts + ["多一段。"])  # within REMINE_SHARE: kept
    assert cooccur.refresh(tmp_path, texts * 2)
    assert cooccur.load(None) == {} and cooccur.load(tmp_path / "missing") == {}


def test_an_ingest_leaves_the_associates_in_the_live_generation(corpus_index: Path) -> None:
    gen = IndexStore(corpus_index).current_dir()
    assert gen is not None and cooccur.mined_on(gen / cooccur.FILE) is not None
    assert isinstance(cooccur.load(gen), dict)
