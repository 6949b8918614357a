"""Two site processes over one engine while an ingest runs: no errors, nothing stale afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from engine_cluster import CORPUS, ROOT, Cluster

from kb.ingest.engine import ingest

pytestmark = pytest.mark.engine

READER = r"""
import json, sys, time
from pathlib import Path
from kb.engines.sphinx import Engine
from kb.engines.sphinx_search import EngineSearcher
setting, done, query = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
s = EngineSearcher(Engine(setting))
errors, runs, deadline = [], 0, time.monotonic() + 120
while not done.exists() and time.monotonic() < deadline:
    try:
        s.search(query, facets=True)
        s.search('"办公室"')
        runs += 1
    except Exception as exc:
        errors.append(repr(exc))
final = s.search(query, limit=500)
print(json.dumps({"errors": errors, "runs": runs, "docs": sorted({h.doc_id for h in final.hits})}))
"""


def test_two_sites_while_an_ingest_runs(small_cluster: Cluster, tmp_path: Path) -> None:
    c = small_cluster
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".html", ".docx"))
    (corpus / files[0].name).write_bytes(files[0].read_bytes())
    assert not ingest(None, c.settings(corpus), c.engine).failed
    done = tmp_path / "done"
    sites = [subprocess.Popen([sys.executable, "-c", READER, c.setting, str(done), "办公室"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for p in files[1:]:
            (corpus / p.name).write_bytes(p.read_bytes())
        report = ingest(None, c.settings(corpus), c.engine)
        assert not report.failed
    finally:
        done.touch()
        outs = [s.communicate(timeout=120) for s in sites]
    want = sorted({h.doc_id for h in c.searcher.search("办公室", limit=500).hits})
    assert len(want) > 1
    for out, err in outs:
        data = json.loads(out)
        assert data["errors"] == [], err
        assert data["runs"] >= 1
        assert data["docs"] == want
