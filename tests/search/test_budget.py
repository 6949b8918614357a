"""A query's time budget (kb.search.budget): collection stops at the deadline, the hits found so far
are kept, and the Searcher says so (message and ``truncated``).  No timing here: the clock is
replaced by a deadline that passes after a given number of looks (the latency is measured in bench)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import fields
from whoosh import query as Q
from whoosh.filedb.filestore import RamStorage

from kb.search import budget
from kb.search.budget import CHECK_EVERY, PARTIAL_NOTICE, Deadline, search_within
from kb.search.searcher import Searcher


class _After(Deadline):
    """A deadline that passes at its ``n``-th look at the clock."""

    def __init__(self, n: int) -> None:
        super().__init__(60.0)
        self.n = n
        self.looks = 0

    def passed(self) -> bool:
        self.looks += 1
        return self.looks >= self.n


@pytest.fixture
def ram_searcher():  # type: ignore[no-untyped-def]
    ix = RamStorage().create_index(fields.Schema(t=fields.KEYWORD(stored=True), n=fields.NUMERIC(stored=True)))
    w = ix.writer()
    for i in range(1000):
        w.add_document(t="a even" if i % 2 == 0 else "a odd", n=i)
    w.commit()
    with ix.searcher() as s:
        yield s


def test_a_deadline_that_never_passes_collects_everything(ram_searcher) -> None:  # type: ignore[no-untyped-def]
    results, cut = search_within(ram_searcher, Q.Term("t", "a"), Deadline(60.0), limit=None)
    assert not cut and results.scored_length() == 1000


def test_collection_stops_at_the_first_look_after_the_deadline(ram_searcher) -> None:  # type: ignore[no-untyped-def]
    # looks: 1 before the segment (not passed), 2 after CHECK_EVERY matches (not), 3 after 2 x CHECK_EVERY: passed
    results, cut = search_within(ram_searcher, Q.Term("t", "a"), _After(3), limit=None)
    assert cut and results.scored_length() == 2 * CHECK_EVERY


def test_a_passed_deadline_searches_nothing_and_filters_still_apply(ram_searcher) -> None:  # type: ignore[no-untyped-def]
    results, cut = search_within(ram_searcher, Q.Term("t", "a"), _After(1), limit=10)
    assert cut and results.scored_length() == 0
    results, cut = search_within(ram_searcher, Q.Term("t", "a"), _After(3), limit=None, filter=Q.Term("t", "even"))
    assert cut and results.scored_length() == 2 * CHECK_EVERY
    assert all(r["n"] % 2 == 0 for r in results)


def test_the_searcher_keeps_the_hits_found_in_time_and_says_so(corpus_searcher: Searcher,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    whole = corpus_searcher.search("办公室", limit=5, facets=True)
    assert not whole.truncated and whole.message is None and whole.to_dict()["truncated"] is False
    monkeypatch.setattr("kb.search.searcher.Deadline", lambda *_: _After(2))  # after the first 64 matches
    cut = corpus_searcher.search("办公室", limit=5, facets=True)
    assert cut.truncated and cut.message == PARTIAL_NOTICE and cut.facets == {}
    assert len(cut.hits) == 5 and cut.to_dict()["truncated"] is True
    monkeypatch.setattr("kb.search.searcher.Deadline", lambda *_: _After(1))
    none = corpus_searcher.search("办公室 OR " * 20, limit=5)
    assert none.truncated and none.hits == []
    assert none.message == "“或”（OR）的选项太多，只使用了前 16 个。 " + PARTIAL_NOTICE


def test_kb_search_json_says_truncated(corpus_index: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.cli.main import main

    assert main(["search", "办公室", "--json", "--full", "--index", str(corpus_index)]) == 0
    assert json.loads(capsys.readouterr().out)["truncated"] is False
    monkeypatch.setattr("kb.search.searcher.Deadline", lambda *_: _After(1))
    monkeypatch.setattr("kb.search.searcher.side_deadline", lambda *_: _After(1))  # the expansions' search too
    assert main(["search", "办公室", "--json", "--full", "--index", str(corpus_index)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["truncated"] is True and out["message"] == PARTIAL_NOTICE and out["hits"] == []


def test_the_default_budget_is_a_second() -> None:
    assert budget.QUERY_SECONDS == 1.0


def test_kb_search_json_array_says_it_on_stderr(corpus_index: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.cli.main import main

    monkeypatch.setattr("kb.search.searcher.Deadline", lambda *_: _After(1))
    monkeypatch.setattr("kb.search.searcher.side_deadline", lambda *_: _After(1))
    assert main(["search", "办公室", "--json", "--index", str(corpus_index)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and captured.err == f"kb: {PARTIAL_NOTICE}\n"


def test_an_exclusion_whose_positive_side_runs_out_is_no_error() -> None:
    """Whoosh's AndNotMatcher read the id of an exhausted positive matcher after ``skip_to`` or
    ``skip_to_quality`` (IndexError: at 100k passages, 3 of 5 queries of three words and eight
    ``-word`` exclusions failed as "这个查询无法执行"); kb.search.budget fixes it on import."""
    from whoosh import matching as M

    m = M.AndNotMatcher(M.ListMatcher([1, 2, 3]), M.ListMatcher([5, 9]))
    m.skip_to(4)  # past the positive side, the negative one still active
    assert not m.is_active()
    union = M.UnionMatcher(M.ListMatcher([1]), M.ListMatcher([2]))
    m = M.AndNotMatcher(union, M.ListMatcher([2, 7]))
    assert m.id() == 1
    m.next()  # 2 is excluded, then nothing is left
    assert not m.is_active()
    m = M.AndNotMatcher(M.ListMatcher([1, 3, 6]), M.ListMatcher([3]))
    assert list(m.all_ids()) == [1, 6]  # what it matches is unchanged


def test_a_side_search_joins_the_candidates_summed_and_in_score_order(ram_searcher) -> None:  # type: ignore[no-untyped-def]
    main, _cut = search_within(ram_searcher, Q.Term("t", "even"), Deadline(60.0), limit=3)
    side, _cut = search_within(ram_searcher, Q.Term("t", "a"), Deadline(60.0), limit=4)
    before = dict((d, sc) for sc, d in main.top_n)
    other = dict((d, sc) for sc, d in side.top_n)
    assert budget.side_only(main, side) == len(set(other) - set(before))
    budget.merge_side(main, side, depth=5)
    merged = [(sc, d) for sc, d in main.top_n]
    assert len(merged) == 5 and merged == sorted(merged, key=lambda t: (-t[0], t[1]))
    for sc, d in merged:  # found by both: the sum of the two scores (what one union would give it)
        assert sc == pytest.approx(before.get(d, 0.0) + other.get(d, 0.0))
    budget.merge_side(main, None, depth=5)
    assert [(sc, d) for sc, d in main.top_n] == merged


def test_a_side_search_affords_the_rarest_clauses_within_its_postings() -> None:
    a, b, c = Q.Term("t", "a"), Q.Term("t", "b"), Q.Term("t", "c")
    costs = [(50, "b", b), (10, "c", c), (10, "a", a)]
    assert budget.rarest_within(costs, 70) == [a, c, b]
    assert budget.rarest_within(costs, 69) == [a, c]
    assert budget.rarest_within(costs, 5) == []


def test_the_side_search_deadline_scales_with_the_query_deadline() -> None:
    assert budget.side_deadline().seconds == budget.SIDE_SECONDS
    assert budget.side_deadline(30.0).seconds == budget.SIDE_SECONDS * 30


def test_a_searcher_collects_under_its_own_deadline(corpus_searcher: Searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float] = []

    def recording(seconds: float = budget.QUERY_SECONDS) -> Deadline:
        asked.append(seconds)
        return Deadline(seconds)

    monkeypatch.setattr("kb.search.searcher.Deadline", recording)
    monkeypatch.setattr(corpus_searcher, "query_seconds", 7.0)
    corpus_searcher.search("督查督办", limit=3)
    assert asked == [7.0]


def test_kb_eval_measures_with_a_long_deadline(corpus_index: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kb.cli.main import main

    asked: list[float] = []

    def recording(seconds: float = budget.QUERY_SECONDS) -> Deadline:
        asked.append(seconds)
        return Deadline(seconds)

    monkeypatch.setattr("kb.search.searcher.Deadline", recording)
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"queries": [{"query": "督查督办", "relevant": [{"contains": "督查", "grade": 2}]}]},
                              ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(one), "--index", str(corpus_index)]) == 0
    assert main(["eval", str(one), "--index", str(corpus_index), "--query-seconds", "2.5"]) == 0
    capsys.readouterr()
    assert set(asked) == {30.0, 2.5}
