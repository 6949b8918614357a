"""kb.search.facets: exact counts over bit sets; with filters, each facet counted with the OTHER filters."""

from __future__ import annotations

from typing import Any

import pytest

from kb.search.searcher import Searcher


def _total(s: Searcher, q: str, **filters: str) -> int:
    return s.search(q, limit=1, facets=True, **filters).total


def test_each_facet_is_counted_with_the_other_filters(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    plain = s.search("办公室", limit=1, facets=True)
    topic = plain.facets["topic"][0][0]
    by_topic = s.search("办公室", limit=1, facets=True, topic=topic)
    kind = by_topic.facets["kind"][0][0]
    both = s.search("办公室", limit=10, facets=True, topic=topic, kind=kind)
    # the kind list: the matches of the topic alone, split by kind (so another kind can be chosen)
    assert dict(both.facets["kind"]) == {k: _total(s, "办公室", topic=topic, kind=k) for k, _c in both.facets["kind"]}
    assert dict(both.facets["kind"])[kind] == both.total
    # the topic list: the matches of the kind alone
    assert dict(both.facets["topic"]) == {t: _total(s, "办公室", topic=t, kind=kind) for t, _c in both.facets["topic"]}
    # the facets no filter restricts are counted over the filtered set: they add up to the total
    assert sum(c for _v, c in both.facets["doc_id"]) == both.total
    assert sum(c for _v, c in both.facets["year"]) <= both.total  # some documents state no year


def test_a_year_filter_narrows_the_document_counts(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    plain = s.search("落实", limit=1, facets=True)
    year = plain.facets["year"][0][0]
    narrowed = s.search("落实", limit=1, facets=True, year=year)
    assert sum(c for _v, c in narrowed.facets["doc_id"]) == narrowed.total < plain.total
    assert narrowed.facets["year"] == plain.facets["year"]  # the year list itself keeps every year


def test_facet_counts_of_the_whole_index_in_one_pass(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    counts = s.facet_counts()
    n_passages = sum(d.passages for d in s.documents())
    assert sum(c for _v, c in counts["doc_id"]) == n_passages
    for name, n in counts["topic"]:
        assert n == s.search(f"topic:{name}", limit=1).total
    dated = {d.doc_id for d in s.documents() if d.date}
    doc = next(v for v, _n in counts["doc_id"] if v in dated)  # (a document with a year: its year facet counts)
    one = s.facet_counts(doc=doc)
    assert one["doc_id"] == counts["doc_id"]  # its own facet ignores the filter
    assert sum(c for _v, c in one["year"]) == dict(counts["doc_id"])[doc]


def test_quoted_search_counts_its_facets_from_the_checked_hits(corpus_searcher: Searcher,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.search import facets as kbfacets

    calls: list[Any] = []
    real = kbfacets.FacetTable.matches

    def spy(self: Any, q: Any) -> int:
        calls.append(q)
        return real(self, q)

    r0 = corpus_searcher.search('"抓落实"', limit=200, facets=True, collapse=False)
    monkeypatch.setattr(kbfacets.FacetTable, "matches", spy)
    r = corpus_searcher.search('"抓落实"', limit=200, facets=True)
    assert not any("bi" in repr(q) for q in calls)  # the phrase was not run again for the counts
    by_doc: dict[str, int] = {}
    for h in r0.hits:
        by_doc[h.doc_id] = by_doc.get(h.doc_id, 0) + 1
    assert dict(r.facets["doc_id"]) == by_doc and sum(by_doc.values()) == r.total == len(r0.hits)


def test_the_total_of_a_search_stopped_before_its_first_segment_is_the_estimate() -> None:
    from types import SimpleNamespace

    from kb.search.facets import estimated_total

    class Unstarted:  # Whoosh's top-N collector before collect(): no matcher, so count() fails
        child = None

        def computes_count(self) -> bool:
            raise AttributeError("'TopCollector' object has no attribute 'matcher'")

    reader = object()
    results = SimpleNamespace(collector=Unstarted(), scored_length=lambda: 10,
                              q=SimpleNamespace(estimate_size=lambda r: 420 if r is reader else 0),
                              searcher=SimpleNamespace(reader=lambda: reader))
    assert estimated_total(results, n_hits=10, depth=10, exact=False, n_docs=1000) == 420
