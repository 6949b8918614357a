"""The evaluation harness: metrics, the judged set, and the figures the issue asks for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.cli.main import main
from kb.evaluate import queries as kbeval

ROOT = Path(__file__).resolve().parents[2]
JUDGED = ROOT / "tests" / "eval" / "queries.json"


def test_metrics() -> None:
    rel = {"a": 2, "b": 1}
    assert kbeval.score([["a"], ["b"]], rel) == (1.0, 1.0, 1.0)
    ndcg, recall, p1 = kbeval.score([["x"], ["b"], ["a"]], rel)
    assert p1 == 0.0 and recall == 1.0 and 0 < ndcg < 1
    assert kbeval.score([], rel) == (0.0, 0.0, 0.0)
    # a collapsed hit standing for two relevant units counts both as found
    assert kbeval.score([["a", "b"]], rel)[1] == 1.0


def test_judged_set_is_big_enough_and_resolves() -> None:
    judged = kbeval.load(JUDGED)
    assert len(judged) >= 40
    assert {j.kind for j in judged} >= {"topic", "formulation", "sentence", "question"}


def test_bad_judged_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "q.json"
    bad.write_text('{"queries": [{"query": "x"}]}', encoding="utf-8")
    with pytest.raises(kbeval.KbError, match="needs a 'query' and a list of 'relevant'"):
        kbeval.load(bad)


def test_kb_beats_the_baseline_on_the_judged_set(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", str(JUDGED), "--json", "--baseline", "--index", str(corpus_index),
                 "--corpus", str(ROOT / "corpus")])
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    kb, base = figures["kb"], figures["baseline"]
    assert not kb["unresolved"] and not base["unresolved"]
    assert kb["ndcg@10"] >= 0.90 and kb["precision@1"] >= 0.95
    assert kb["ndcg@10"] - base["ndcg@10"] >= 0.10
    assert kb["p95_ms"] > 0


def test_text_output_reports_figures_and_time(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["eval", str(JUDGED), "--index", str(corpus_index)])
    out = capsys.readouterr().out
    assert "nDCG@10" in out and "recall@10" in out and "P@1" in out and "p95" in out


# --- blind judged sets (JSON Lines), the plain BM25 baseline, fitting -------------------------------
from kb.evaluate import fit as kbfit  # noqa: E402
from kb.evaluate import judged as blind  # noqa: E402
from kb.models import Hit, SearchResult  # noqa: E402
from kb.search.baseline import PlainBM25  # noqa: E402

PASSAGES = [  # (passage id, source, heading, text)
    ("a-0001", "raw/a.txt", "一、综合协调", "综合协调要好，协调各方关系。"),
    ("a-0002", "raw/a.txt", "", "办公室工作既有综合协调、信息调研，又有办文办会、督查督办。"),
    ("b-0001", "raw/b.txt", "", "督查督办要实，盯住不放抓落实。"),
    ("b-0002", "raw/b.txt", "", "综合协调要好，协调各方关系。"),  # reads the same as a-0001
]


class FakeSearcher:
    """Ranks by a fixed order per query: the evaluation is tested apart from any engine."""

    def __init__(self, orders: dict[str, list[str]]) -> None:
        self.orders = orders
        self.capture = None

    def passage_records(self) -> list[tuple[str, str, str, str]]:
        return PASSAGES

    def search(self, q: str, limit: int = 10) -> SearchResult:
        by_id = {p[0]: p for p in PASSAGES}
        hits = [Hit(passage_id=pid, doc_id=pid[0], title="", heading=by_id[pid][2], text=by_id[pid][3],
                    snippet="", score=1.0, source=by_id[pid][1]) for pid in self.orders.get(q, [])[:limit]]
        return SearchResult(query=q, hits=hits, total=len(hits))


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_sets_load_with_files_kinds_and_ids(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "dev.jsonl", [{"id": "d1", "query": "综合协调", "kind": "topic", "relevant": [
        {"file": "raw/a.txt", "contains": "综合协调 要好", "grade": 2}]}])
    (j,) = kbeval.load(f)
    assert (j.id, j.kind, j.query) == ("d1", "topic", "综合协调")
    assert j.evidence == [blind.Evidence("raw/a.txt", "综合协调 要好", "综合协调要好", 2)]
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"query": "x", "relevant": []}])
    with pytest.raises(kbeval.KbError, match="line 1 needs a 'query' and a list of 'relevant'"):
        kbeval.load(bad)


def test_relevance_needs_the_evidence_in_a_passage_of_its_file() -> None:
    units = blind.Units.of(PASSAGES)
    assert len(units.body) == 3  # a-0001 and b-0001 read the same: one unit
    j = kbeval.Judged("q", [], "topic", "q1", [blind.Evidence("raw/b.txt", "", "督查督办", 1),
                                                  blind.Evidence("raw/b.txt", "", "督查督办要实", 2)])
    rel = blind.relevance(j, units)
    assert rel == {units.key_of["b-0001"]: 2}  # a-0002 also says 督查督办, but it is in another file


def test_evidence_from_the_sections_heading_into_its_text_and_without_pinyin() -> None:
    """The judges copy what they read: a heading run on into the section's first sentence, and the
    pinyin a converter put after each character; both are the passage the site shows."""
    units = blind.Units.of(PASSAGES)
    j = kbeval.Judged("q", [], "topic", "q1", [blind.Evidence("raw/a.txt", "", "一、综合协调综合协调要好", 2)])
    assert blind.relevance(j, units) == {units.key_of["a-0001"]: 2}
    j = kbeval.Judged("q", [], "topic", "q1", [blind.Evidence("raw/b.txt", "", "督(dū)查(chá)督办要实", 2)])
    assert blind.relevance(j, units) == {units.key_of["b-0001"]: 2}
    j = kbeval.Judged("q", [], "topic", "q1", [blind.Evidence("raw/a.txt", "", "综合协调要好，协调各方关系。办公室", 2)])
    assert blind.relevance(j, units) == {}  # two passages: neither reads it
    assert blind.bare("会议(1)要开短") == "会议(1)要开短" and blind.bare("第(一)条") == "第(一)条"


def test_evidence_is_checked_against_each_files_text(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("综合协调要好，协调各方关系。\n办公室工作既有综合协调、信息调研，又有办文办会、督查督办。",
                                            encoding="utf-8")
    sets = {"dev": [kbeval.Judged("q", [], "topic", "q1", [
        blind.Evidence("raw/a.txt", "协调各方关系", "协调各方关系", 2),
        blind.Evidence("raw/a.txt", "不在文件里", "不在文件里", 1),
        blind.Evidence("raw/a.txt", "关系。办公室", "关系。办公室", 1),
        blind.Evidence("raw/none.txt", "x", "x", 1)])]}
    ev = blind.check_evidence(sets, tmp_path, blind.Units.of(PASSAGES))
    assert ev["checked"] == 4
    assert [(r["contains"], r["reason"]) for r in ev["missing"]] == [
        ("不在文件里", "not in the file's text"), ("x", "file not found or unreadable")]
    assert [(r["contains"], r["reason"]) for r in ev["not_in_a_passage"]] == [
        ("关系。办公室", "in the file but in no single passage")]


def test_run_sets_scores_kb_and_plain_bm25_per_set_and_kind(tmp_path: Path) -> None:
    rows = [{"id": "t1", "query": "督查督办", "kind": "topic",
             "relevant": [{"file": "raw/b.txt", "contains": "督查督办要实", "grade": 2}]},
            {"id": "t2", "query": "协调各方", "kind": "paraphrase",
             "relevant": [{"file": "raw/a.txt", "contains": "协调各方关系", "grade": 2}]}]
    sets = {"dev": blind.load_jsonl(write_jsonl(tmp_path / "dev.jsonl", rows))}
    searcher = FakeSearcher({"督查督办": ["a-0002", "b-0001"], "协调各方": ["a-0001", "b-0002"]})
    out = blind.run_sets(searcher, sets, tmp_path)
    dev = out["sets"]["dev"]
    assert dev["kb"]["queries"] == 2 and dev["kb"]["precision@1"] == 0.5
    assert dev["kinds"]["paraphrase"]["kb"] == {"queries": 1, "ndcg@10": 1.0, "precision@1": 1.0, "recall@10": 1.0}
    # kb put the listing first for 督查督办: nDCG = 3/log2(3) / 3
    assert dev["kinds"]["topic"]["kb"]["ndcg@10"] == pytest.approx(round(1 / 1.5849625, 4), abs=1e-4)
    assert dev["bm25"]["queries"] == 2 and set(dev["delta"]) == {"ndcg@10", "precision@1", "recall@10"}
    assert dev["delta"]["ndcg@10"] == pytest.approx(dev["kb"]["ndcg@10"] - dev["bm25"]["ndcg@10"], abs=1e-4)
    lines = blind.summary_lines(out)
    assert lines[1] == "[dev] 2 queries (0 with no relevant passage)"
    assert any(line.strip().startswith("paraphrase (1)") for line in lines)


def test_plain_bm25_ranks_heading_and_text_words() -> None:
    bm25 = PlainBM25([("u1", "督查督办", "要盯住不放。"), ("u2", "", "今天开会。"), ("u3", "", "督查工作")])
    try:
        assert bm25.search("督查督办", 10)[0] == "u1"
        assert set(bm25.search("督查", 10)) == {"u1", "u3"}
        assert bm25.search("的", 10) == []  # stop words only
    finally:
        bm25.close()


def test_coordinate_ascent_finds_the_weight_that_ranks_sections_first() -> None:
    f = kbfit.FEATURES
    def cand(rows: list[dict[str, float]], keys: list[str], rel: dict[str, int]) -> kbfit.Candidates:
        x = kbfit.np.array([[r.get(n, 0.0) for n in f] for r in rows])
        return kbfit.Candidates("q", x, keys, rel)
    # the relevant section has the heading; the listing has the higher BM25 score
    cands = [cand([{"bm25": 1.0, "listed": 1.0}, {"bm25": 0.8, "heading": 1.0}], ["list", f"sec{i}"], {f"sec{i}": 2})
             for i in range(6)]
    start = {"bm25": 1.0}
    assert kbfit.mean_ndcg(cands, kbfit.np.array([start.get(n, 0.0) for n in f])) < 1.0
    weights, best = kbfit.coordinate_ascent(cands, start)
    assert best == 1.0 and (weights["heading"] > 0.2 or weights["listed"] < -0.2)
    cv = kbfit.cross_validate(cands, start, folds=3)
    assert cv["held_out_ndcg@10_fitted"] == 1.0 and cv["held_out_ndcg@10_start"] < 1.0
    # only the weights named move: the listing's weight stays where it started
    only, got = kbfit.coordinate_ascent(cands, {"bm25": 1.0, "listed": 0.0}, only=("heading",))
    assert got == 1.0 and only["listed"] == 0.0 and only["heading"] > 0.2
    assert kbfit.cross_validate(cands, start, folds=3, only=("opening",))["held_out_ndcg@10_fitted"] < 1.0
    toml = kbfit.to_toml(weights, "kb eval dev.jsonl --fit w.toml", {"queries": 6})
    assert 'fitted_by = "kb eval dev.jsonl --fit w.toml"' in toml and "[weights]" in toml


def test_cli_eval_prints_both_sets_with_the_baseline(corpus_index: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": "d1", "query": "抓落实", "kind": "topic", "relevant": [
        {"file": "在全区党政办公室主任会议上的讲话（中词库网页）.txt", "contains": "就是看能不能抓落实", "grade": 2}]}]
    dev = write_jsonl(tmp_path / "dev.jsonl", rows)
    test = write_jsonl(tmp_path / "test.jsonl", rows)
    assert main(["eval", str(dev), str(test), "--json", "--index", str(corpus_index),
                 "--corpus", str(ROOT / "corpus")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["sets"]) == {"dev", "test"} and out["evidence"]["missing"] == []
    assert out["sets"]["dev"]["kb"]["queries"] == 1 and out["sets"]["dev"]["bm25"]["queries"] == 1
    assert main(["eval", str(dev), "--index", str(corpus_index), "--corpus", str(ROOT / "corpus")]) == 0
    assert "(each metric: kb, BM25, kb - BM25)" in capsys.readouterr().out


def test_cli_eval_keeps_sets_of_the_same_name_apart(corpus_index: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": "d1", "query": "抓落实", "kind": "topic", "relevant": [
        {"file": "在全区党政办公室主任会议上的讲话（中词库网页）.txt", "contains": "就是看能不能抓落实", "grade": 2}]}]
    (tmp_path / "judged").mkdir()
    (tmp_path / "judged2").mkdir()
    first = write_jsonl(tmp_path / "judged" / "dev.jsonl", rows)
    second = write_jsonl(tmp_path / "judged2" / "dev.jsonl", rows + [dict(rows[0], id="d2")])
    assert main(["eval", str(first), str(second), "--json", "--index", str(corpus_index),
                 "--corpus", str(ROOT / "corpus")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: v["kb"]["queries"] for k, v in out["sets"].items()} == {"judged/dev": 1, "judged2/dev": 2}
