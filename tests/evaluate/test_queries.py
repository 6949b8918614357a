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
