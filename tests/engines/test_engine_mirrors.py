"""Shards and mirrors: failover under a search loop, partial results named, repair of a lagging mirror."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from engine_cluster import CORPUS, ROOT, Cluster

from kb.engines import cluster
from kb.engines.sphinx import READ_TIMEOUT, Engine
from kb.engines.sphinx_search import EngineSearcher
from kb.engines.sphinxql import shard_of
from kb.engines.status import status
from kb.ingest.engine import ingest

pytestmark = pytest.mark.engine

LOOP = ["抓落实", '"办公室"', "如何提高公文质量", "督查 -督办", "year:2008 落实", "三个服务"]


def _ids(result: Any) -> list[str]:
    return [h.passage_id for h in result.hits]


def test_one_mirror_killed_under_a_search_loop(corpus_cluster: Cluster) -> None:
    c = corpus_cluster
    baseline = {q: _ids(c.searcher.search(q)) for q in LOOP}
    failures: list[str] = []
    runs = [0]
    stop = threading.Event()

    ready = threading.Event()

    def loop() -> None:
        s = EngineSearcher(Engine(c.setting, state_dir=c.state))
        s.search(LOOP[0])  # loads the word vectors and the expansion vocabulary (seconds) before the kills
        ready.set()
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            for q in LOOP:
                try:
                    r = s.search(q)
                except Exception as exc:  # noqa: BLE001 - any failure is what the test looks for
                    failures.append(f"{q}: {exc}")
                    continue
                runs[0] += 1
                if r.partial or _ids(r) != baseline[q]:
                    failures.append(f"{q}: partial={r.partial} ids differ={_ids(r) != baseline[q]}")
        s.close()

    def advanced(by: int, timeout: float = 45.0) -> bool:
        """Wait until the loop has run ``by`` more searches (however loaded the machine is)."""
        target = runs[0] + len(failures) + by
        deadline = time.monotonic() + timeout
        while runs[0] + len(failures) < target and time.monotonic() < deadline and t.is_alive():
            time.sleep(0.02)
        return runs[0] + len(failures) >= target

    t = threading.Thread(target=loop)
    t.start()
    assert ready.wait(60)
    try:
        assert advanced(len(LOOP)), "the search loop did not start"
        cluster.stop(c.node(1, 0), kill=True)  # a crash of one mirror of shard 1
        assert advanced(2 * len(LOOP)), "the search loop stalled after the first kill"
        cluster.stop(c.node(0, 0), kill=True)  # and of the first node (the usual entry)
        assert advanced(2 * len(LOOP)), "the search loop stalled after the second kill"
    finally:
        c.restart(c.node(1, 0), c.node(0, 0))
        advanced(len(LOOP))
        stop.set()
        t.join(30)
    assert not t.is_alive()
    assert failures == []
    counts = dict(c.engine.mirror_counts())
    for s in (0, 1):  # a killed mirror comes back with its data (the engine's binlog)
        assert counts[c.engine.shards[s][0]] == counts[c.engine.shards[s][1]]


def test_both_mirrors_of_a_shard_down_gives_named_partial_results(corpus_cluster: Cluster) -> None:
    c = corpus_cluster
    full = c.searcher.search("落实", limit=200, facets=True)
    assert full.partial == []
    docs = {d.doc_id for d in c.searcher.documents()}
    in_shard1 = {d for d in docs if shard_of(d, 2) == 1}
    assert in_shard1 and {h.doc_id for h in full.hits} & in_shard1
    try:
        cluster.stop(c.node(1, 0), kill=True)
        cluster.stop(c.node(1, 1))
        started = time.monotonic()
        r = c.searcher.search("落实", limit=200, facets=True)
        # no hang: the missing shard costs at most one read timeout (a dead agent is not waited for twice)
        assert time.monotonic() - started < READ_TIMEOUT
        assert r.partial == ["shard 1"]
        assert r.hits and not {h.doc_id for h in r.hits} & in_shard1
        assert {h.passage_id for h in r.hits} <= {h.passage_id for h in full.hits}
        env = os.environ | {"KB_BACKEND": "sphinx", "KB_ENGINE": c.setting, "KB_INDEX": str(c.state)}
        out = subprocess.run([sys.executable, "-m", "kb", "search", "--json", "--full", "落实"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["partial"] is True and data["missing_shards"] == ["shard 1"]
        assert "结果不完整：shard 1 没有响应" in out.stderr
    finally:
        c.restart(c.node(1, 0), c.node(1, 1))
    again = c.searcher.search("落实", limit=200, facets=True)
    assert again.partial == []
    assert _ids(again) == _ids(full) and again.facets == full.facets


def test_ingest_while_a_mirror_is_down_then_repair(small_cluster: Cluster, tmp_path: Path) -> None:
    c = small_cluster
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html"))[:3]
    for p in files[:2]:
        (corpus / p.name).write_bytes(p.read_bytes())
    assert not ingest(None, c.settings(corpus), c.engine).failed
    down = c.node(0, 1)
    cluster.stop(down, kill=True)
    (corpus / files[2].name).write_bytes(files[2].read_bytes())  # a new file,
    (corpus / files[0].name).unlink()  # and one removed, while a mirror is down
    report = ingest(None, c.settings(corpus), c.engine)
    assert report.count("added") == 1 and len(report.removed) == 1
    st = status(c.engine)
    assert not st.ok
    assert any(f"镜像 {down.endpoint}（分片 0）没有响应" in p for p in st.problems())
    cluster.start(down)
    st = status(c.engine)
    assert [p for p in st.problems() if down.endpoint in p] == [
        f"镜像 {down.endpoint}（分片 0）落后：缺少 2 个文件的写入。修复：kb engine repair"]
    env = os.environ | {"KB_BACKEND": "sphinx", "KB_ENGINE": c.setting, "KB_INDEX": str(c.state),
                        "KB_CORPUS": str(corpus)}
    out = subprocess.run([sys.executable, "-m", "kb", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 1 and "kb engine repair" in out.stderr
    out = subprocess.run([sys.executable, "-m", "kb", "engine", "repair"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"{down.endpoint}: 2 个文件已补齐" in out.stdout
    a, b = c.engine.endpoints
    assert list(c.engine.mirror_ids(a)) == list(c.engine.mirror_ids(b))
    assert status(c.engine).ok
    # the repaired mirror alone answers as both did
    both = _ids(c.searcher.search("落实", limit=100))
    cluster.stop(c.node(0, 0))
    alone = EngineSearcher(Engine(c.setting, state_dir=c.state)).search("落实", limit=100)
    assert alone.partial == [] and _ids(alone) == both and both
