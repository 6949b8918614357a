"""The writer's libraries and did-you-mean on the engine give the embedded index's answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from engine_cluster import Cluster

from kb.cli.main import main
from kb.toolkit import libraries

pytestmark = pytest.mark.engine


def _same(engine: Any, embedded: Any) -> None:
    assert [x.to_dict() for x in engine] == [x.to_dict() for x in embedded]


def test_libraries_identical(corpus_cluster: Cluster, corpus_searcher: Any) -> None:
    eng = corpus_cluster.searcher
    libraries.clear_cache()
    for feature in ("formulations", "quotes", "sentences", "headings"):
        got = [p.passage_id for p in eng.feature_passages(feature)]
        assert got == [p.passage_id for p in corpus_searcher.feature_passages(feature)], feature
        assert got, feature
    assert sorted((i.doc_id, h) for i, h in eng.outlines()) == sorted((i.doc_id, h) for i, h in corpus_searcher.outlines())
    _same(libraries.formulations(eng), libraries.formulations(corpus_searcher))
    _same(libraries.formulations(eng, term="服务"), libraries.formulations(corpus_searcher, term="服务"))
    _same(libraries.quotations(eng), libraries.quotations(corpus_searcher))
    _same(libraries.sentences(eng, kind="排比"), libraries.sentences(corpus_searcher, kind="排比"))
    _same(libraries.headings(eng), libraries.headings(corpus_searcher))
    _same(libraries.headings(eng, doc="用心办公"), libraries.headings(corpus_searcher, doc="用心办公"))


def test_toolkit_command_on_the_engine(corpus_cluster: Cluster, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str], corpus_searcher: Any) -> None:
    monkeypatch.setenv("KB_BACKEND", "sphinx")
    monkeypatch.setenv("KB_ENGINE", corpus_cluster.setting)
    monkeypatch.setenv("KB_INDEX", str(corpus_cluster.state))
    libraries.clear_cache()
    assert main(["formulations", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == [f.to_dict() for f in libraries.formulations(corpus_searcher)] and got


def test_did_you_mean_on_the_engine(corpus_cluster: Cluster, corpus_searcher: Any) -> None:
    result = corpus_cluster.searcher.search("办工室")
    assert result.did_you_mean == corpus_searcher.search("办工室").did_you_mean == "办公室"
    assert not result.hits
    assert corpus_cluster.searcher.search("办公室").did_you_mean is None
