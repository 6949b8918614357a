"""The search page served from the engine (KB_BACKEND=sphinx), with the notice of a partial result."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_cluster import ROOT, Cluster
from streamlit.testing.v1 import AppTest

from kb.engines import cluster

pytestmark = pytest.mark.engine


@pytest.fixture
def engine_site(corpus_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cluster:
    monkeypatch.setenv("KB_BACKEND", "sphinx")
    monkeypatch.setenv("KB_ENGINE", corpus_cluster.setting)
    monkeypatch.setenv("KB_INDEX", str(corpus_cluster.state))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    return corpus_cluster


def _cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="kb-title"' in m.value]


def test_search_page_on_the_engine(engine_site: Cluster) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"q": "抓落实"})
    at.run()
    assert not at.exception
    cards = _cards(at)
    assert len(cards) == 10 and "<mark>" in cards[0]
    assert not at.warning
    c = engine_site
    try:
        cluster.stop(c.node(1, 0), kill=True)
        cluster.stop(c.node(1, 1), kill=True)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update({"q": "抓落实"})
        at.run()
        assert not at.exception
        assert any("结果不完整：shard 1 暂时没有响应" in w.value for w in at.warning)
        assert _cards(at)
    finally:
        c.restart(c.node(1, 0), c.node(1, 1))
