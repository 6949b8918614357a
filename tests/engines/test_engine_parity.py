"""The engine gives the embedded index's answers: judged queries, quoted text, filters and facets."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from engine_cluster import Cluster

pytestmark = pytest.mark.engine

QUERIES = [q["query"] for q in json.loads(
    (Path(__file__).resolve().parents[1] / "eval" / "queries.json").read_text(encoding="utf-8"))["queries"]]
QUOTED = ['"提笔能写"', '"办公室"', '"事以密成"', '"落实"', '"三个服务"', "“以文辅政”", '"办"', '"，"',
          '"不存在的一句话"', '"督查" "督办"']
FILTERED = [("落实", {"year": "2008"}), ("落实", {"kind": "表述/金句"}), ("服务", {"topic": "督查督办/抓落实"}),
            ("公文", {"doc": "用心办公"}), ("year:2005-2010 服务", {}), ("title:讲话 落实", {}),
            ("督查 -督办", {}), ("四水干部 OR 顶层策划师", {}), ("kind:表述/金句", {}), ("doc:用心办公", {})]


def _ids(result: Any) -> list[str]:
    return [h.passage_id for h in result.hits]


def test_judged_queries_top10_overlap(corpus_cluster: Cluster, corpus_searcher: Any) -> None:
    overlaps = []
    for q in QUERIES:
        embedded = _ids(corpus_searcher.search(q, limit=10))
        engine = _ids(corpus_cluster.searcher.search(q, limit=10))
        assert len(engine) == len(embedded), q
        overlaps.append(len(set(embedded) & set(engine)) / len(embedded) if embedded else 1.0)
    mean = sum(overlaps) / len(overlaps)
    assert mean >= 0.9, (mean, sorted(zip(overlaps, QUERIES, strict=True))[:5])
    assert min(overlaps) >= 0.7, sorted(zip(overlaps, QUERIES, strict=True))[:5]


@pytest.mark.parametrize("query", QUOTED)
def test_quoted_text_results_identical(corpus_cluster: Cluster, corpus_searcher: Any, query: str) -> None:
    embedded = corpus_searcher.search(query, limit=200)
    engine = corpus_cluster.searcher.search(query, limit=200)
    assert sorted(_ids(engine)) == sorted(_ids(embedded))
    assert engine.total == embedded.total
    assert [h.snippet for h in sorted(engine.hits, key=lambda h: h.passage_id)] == \
        [h.snippet for h in sorted(embedded.hits, key=lambda h: h.passage_id)]


@pytest.mark.parametrize(("query", "filters"), FILTERED)
def test_filters_and_facets_identical(corpus_cluster: Cluster, corpus_searcher: Any, query: str,
                                      filters: dict[str, str]) -> None:
    embedded = corpus_searcher.search(query, limit=300, facets=True, **filters)
    engine = corpus_cluster.searcher.search(query, limit=300, facets=True, **filters)
    assert sorted(_ids(engine)) == sorted(_ids(embedded))
    assert engine.facets == embedded.facets
    assert engine.total == embedded.total
    assert engine.partial == []


def test_facets_of_every_judged_query_identical(corpus_cluster: Cluster, corpus_searcher: Any) -> None:
    for q in QUERIES:
        embedded = corpus_searcher.search(q, limit=10, facets=True)
        engine = corpus_cluster.searcher.search(q, limit=10, facets=True)
        assert engine.facets == embedded.facets, q
        assert engine.total == embedded.total, q


def test_documents_and_passages(corpus_cluster: Cluster, corpus_searcher: Any) -> None:
    docs = corpus_cluster.searcher.documents()
    same = [replace(d, ingested="") for d in corpus_searcher.documents()]  # the two ingests ran at other times
    assert [replace(d, ingested="") for d in docs] == same
    doc = docs[0].doc_id
    a, b = corpus_cluster.searcher.document(doc), corpus_searcher.document(doc)
    assert a is not None and b is not None
    assert replace(a, info=replace(a.info, ingested="")) == replace(b, info=replace(b.info, ingested=""))
    pid = b.passages[1].passage_id
    assert corpus_cluster.searcher.passage(pid) == corpus_searcher.passage(pid)
    assert corpus_cluster.searcher.neighbours(pid) == corpus_searcher.neighbours(pid)
