"""bench/run.py end to end on a tiny corpus: it runs and reports every figure the issue asks for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KEYS = {"seg_mb_s", "ingest_mb_s", "ingest_vs_seg", "index_mb", "ingest_peak_mb", "query_p50_ms", "query_p95_ms",
        "phrase_p95_ms", "filtered_p95_ms", "to_screen_p95_ms", "fts5_p50_ms", "cold_start_s", "serve_rss_mb",
        "passages"}


def test_bench_smoke(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "bench/run.py", "--passages", "300", "--queries", "20", "--json",
                          "--quiet", "--tmp", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=170)
    assert res.returncode == 0, res.stderr[-3000:]
    r = json.loads(res.stdout)
    assert KEYS <= set(r), KEYS - set(r)
    assert 250 <= r["passages"] <= 320
    assert r["ingest_failed"] == 0
    for key in KEYS - {"passages"}:
        assert isinstance(r[key], (int, float)) and r[key] > 0, (key, r[key])
    assert r["serve_queries"] == 20
    assert set(r["targets_met"]) == {"ingest_vs_seg", "query_p95_ms", "phrase_p95_ms", "to_screen_p95_ms",
                                     "cold_start_s", "serve_rss_mb"}
    assert list(tmp_path.iterdir()) == []  # the temporary corpus and index are removed


def test_corpus_is_deterministic_and_sized(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.corpus import Material, write_corpus

    material = Material(sentences=["办公室工作要抓落实，2019年共办理文件35件。", "提高服务水平，当好参谋助手。"],
                        headings=["强化服务意识"])
    a = write_corpus(tmp_path / "a", 260, seed=3, material=material)
    b = write_corpus(tmp_path / "b", 260, seed=3, material=material)
    assert a == b and a["passages_written"] == 260 and a["files"] >= 2
    files = sorted((tmp_path / "a").rglob("*.txt"))
    assert [f.read_text(encoding="utf-8") for f in files] == \
        [f.read_text(encoding="utf-8") for f in sorted((tmp_path / "b").rglob("*.txt"))]
    first = files[0].read_text(encoding="utf-8").split("\n\n")
    assert first[2].startswith("一、")


def test_worst_queries_draws_each_kind_of_issue_12() -> None:
    sys.path.insert(0, str(ROOT))
    import random

    from bench.worst_queries import COMMON, builders
    from kb.search.query import MAX_ALTERNATIVES, MAX_EXCLUDES, MAX_PHRASES, MAX_QUERY_CHARS, parse

    body = ["办公室工作要抓落实，提高服务水平，当好参谋助手，做到办文办会办事规范有序。" * 3,
            "强化服务意识，狠抓工作落实，推进机关建设，加强队伍管理，组织协调到位。" * 3]
    words = ["抓落实", "参谋", "助手", "办文", "办会", "办事", "规范", "有序", "意识", "队伍", "协调", "到位", "机关", "水平", "参谋助手", "狠抓", "强化"]
    make = builders(body, words, {"year": ["2008"], "kind": ["表述"], "topic": ["督查督办/抓落实"]})
    rng = random.Random(1)
    q = {kind: fn(rng) for kind, fn in make.items()}
    assert set(q) == {"paragraph", "phrases8_facets", "or16", "excludes8", "filters_facets", "length_cap",
                      "everything", "common_word"}
    assert 500 <= len(q["paragraph"]) <= 600 and len(q["length_cap"]) == MAX_QUERY_CHARS
    assert len(parse(q["phrases8_facets"]).phrases) == MAX_PHRASES
    assert sum(len(g) for g in parse(q["or16"]).any_of) == MAX_ALTERNATIVES
    assert len(parse(q["excludes8"]).excludes) == MAX_EXCLUDES
    assert parse(q["filters_facets"]).filters == {"year": ["2008"], "kind": ["表述"], "topic": ["督查督办/抓落实"]}
    pq = parse(q["everything"])
    assert (len(pq.phrases), len(pq.excludes), sum(len(g) for g in pq.any_of)) == (8, 8, 16)
    assert q["common_word"] == COMMON[0]
