"""bench/run.py end to end on a tiny corpus: it runs and reports every figure the issue asks for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
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


def test_progress_lines_survive_and_accumulate(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.progress import Progress

    ticks = iter([0.0, 2.5, 7.0])
    p = Progress(tmp_path / "sub" / "progress.jsonl", clock=lambda: next(ticks))
    p.step("corpus", {"files": 3})
    p.step("checkpoint", {"passages_in_engine": 10}, record=False)
    lines = [json.loads(x) for x in (tmp_path / "sub" / "progress.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["step"] for x in lines] == ["corpus", "checkpoint"]
    assert [x["elapsed_s"] for x in lines] == [2.5, 7.0]
    assert lines[0]["figures"] == {"files": 3} and lines[1]["so_far"] == {"files": 3}
    assert lines[0]["memory"]["available_mb"] > 0
    assert Progress(None).step("x", {"a": 1})["so_far"] == {"a": 1}  # no file: nothing written


def test_cgroup_memory_reads_the_process_memory_cgroup(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.progress import cgroup_memory

    d = tmp_path / "memory" / "bench1m"
    d.mkdir(parents=True)
    (d / "memory.usage_in_bytes").write_text(str(3 * 1048576))
    (d / "memory.max_usage_in_bytes").write_text(str(5 * 1048576))
    (d / "memory.limit_in_bytes").write_text(str(17 * 1024 * 1048576))
    cg = tmp_path / "cgroup"
    cg.write_text("12:pids:/x\n4:memory:/bench1m\n0::/y\n")
    assert cgroup_memory(cg, tmp_path / "memory") == {"cgroup_mb": 3.0, "cgroup_peak_mb": 5.0,
                                                      "cgroup_limit_mb": 17408.0}
    cg.write_text("0::/y\n")
    assert cgroup_memory(cg, tmp_path / "memory") == {}


def test_ingest_watch_writes_a_checkpoint_per_step_of_passages(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.progress import IngestWatch, Progress

    counts = iter([0, 30, 60, 70, 130, 130])
    p = Progress(tmp_path / "p.jsonl")
    w = IngestWatch(p, lambda: next(counts, 130), lambda: (2 * 1048576, 1.0), every=50, poll=0.01, heartbeat=3600)
    w.start()
    time.sleep(0.3)
    w.stop()
    marks = [x["figures"]["passages_in_engine"] for x in w.lines]
    assert marks == [60, 130]
    assert w.lines[0]["figures"]["engine_rss_mb"] == 2.0 and w.peak_engine_rss == 2 * 1048576


def test_sample_paragraphs_takes_every_kth_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.engine import sample_paragraphs

    for i in range(6):
        (tmp_path / f"d{i}.txt").write_text(f"甲{i}\n\n乙{i}\n\n", encoding="utf-8")
    assert sample_paragraphs(tmp_path, 12, limit=100) == ([f"{c}{i}" for i in range(6) for c in "甲乙"], 1)
    texts, k = sample_paragraphs(tmp_path, 12, limit=4)
    assert k == 3 and texts == ["甲0", "乙0", "甲3", "乙3"]


def test_segmentation_cpu_is_megabytes_per_cpu_second() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.engine import segmentation_cpu

    rate = segmentation_cpu(["办公室工作要抓落实，提高服务水平，当好参谋助手。" * 20] * 50, "jieba")
    assert 0.05 < rate < 100


def test_tree_rss_survives_a_child_that_exits_while_listed() -> None:
    """The CI failure of stop 23: a child of the watched ingest ended between psutil listing it and
    reading its creation time, and ``children()`` raised NoSuchProcess out of the benchmark."""
    import psutil

    sys.path.insert(0, str(ROOT))
    from bench.measure import tree_rss

    class Vanishing:
        def __init__(self, real: psutil.Process) -> None:
            self.real = real

        def children(self, recursive: bool = False) -> list[psutil.Process]:
            raise psutil.NoSuchProcess(999999)

        def memory_info(self) -> object:
            return self.real.memory_info()

    me = psutil.Process()
    assert tree_rss(Vanishing(me)) == me.memory_info().rss  # type: ignore[arg-type]
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert tree_rss(psutil.Process(os.getpid())) > 0
