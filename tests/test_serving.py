"""Many readers, one writer: two site processes and two Searcher processes serve one index on
loopback while another process ingests into it; readers never fail and see the new document."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kb.config import Settings
from kb.ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
MARK = "青龙湾镇档案馆数字化攻坚"

READER = r"""
import json, sys, time
from kb.search.searcher import Searcher
s = Searcher(sys.argv[1])
print(json.dumps({"ready": True}), flush=True)
deadline = time.time() + float(sys.argv[2])
found = None
n = 0
while time.time() < deadline:
    try:
        common = s.search("办公室 工作", limit=5)
        hits = s.search('"%s"' % sys.argv[3], limit=5).hits
        n += 1
        if not common.hits:
            print(json.dumps({"error": "no hits for a common query"}), flush=True)
        if hits and found is None:
            found = hits[0].source
            print(json.dumps({"found": found, "queries": n}), flush=True)
            break
    except Exception as exc:
        print(json.dumps({"error": f"{exc.__class__.__name__}: {exc}"}), flush=True)
    time.sleep(0.02)
print(json.dumps({"done": True, "queries": n}), flush=True)
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture
def served(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    index = tmp_path / "index"
    report = ingest(None, Settings(corpus=corpus, index=index))
    assert not report.failed
    return corpus, index


def test_two_sites_and_two_searchers_while_one_process_ingests(served: tuple[Path, Path]) -> None:
    corpus, index = served
    env = dict(os.environ, KB_INDEX=str(index), KB_CORPUS=str(corpus),
               KB_CONFIG=str(corpus / "no-such-kb.toml"), PYTHONPATH=str(ROOT))
    ports = [_port(), _port()]
    sites = [subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(p), "--server.address", "127.0.0.1",
                               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for p in ports]
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(index), "60", MARK], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for r in readers:
            assert r.stdout is not None
            assert json.loads(r.stdout.readline()) == {"ready": True}
        deadline = time.time() + 45
        while not all(_healthy(p) for p in ports):
            assert time.time() < deadline, "the site processes did not start"
            assert all(s.poll() is None for s in sites)
            time.sleep(0.2)
        # the writer: a new document, ingested by another process while everything above serves
        (corpus / "新增.txt").write_text(
            "全市档案工作会议上的讲话\n\n" + f"今年要全面推进{MARK}，确保按期完成全部馆藏档案的数字化任务。" * 3 + "\n",
            encoding="utf-8")
        res = subprocess.run([sys.executable, "-m", "kb", "ingest", "--json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        added = [f for f in json.loads(res.stdout)["files"] if f["status"] == "added"]
        assert [f["path"] for f in added] == ["新增.txt"]
        for r in readers:
            out, err = r.communicate(timeout=60)
            lines = [json.loads(x) for x in out.splitlines() if x.strip()]
            assert not [x for x in lines if "error" in x], (lines, err[-2000:])
            assert any(x.get("found") == "新增.txt" for x in lines), (lines, err[-2000:])
        assert all(_healthy(p) for p in ports)
    finally:
        for p in [*sites, *readers]:
            if p.poll() is None:
                p.terminate()
        for p in [*sites, *readers]:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def test_whoosh_backend_is_a_search_backend(tmp_path: Path) -> None:
    from kb.engines.base import SearchBackend, WhooshBackend
    from kb.ingest.pipeline import build_document

    docs = [build_document(p, p.name, Settings()) for p in sorted((ROOT / "corpus").iterdir())[:2]]
    backend = WhooshBackend(tmp_path / "index")
    assert isinstance(backend, SearchBackend)
    backend.index_documents(docs)
    res = backend.search("办公室", limit=5, filters={"doc": docs[0].doc_id}, facets=True)
    assert res.hits and {h.doc_id for h in res.hits} == {docs[0].doc_id}
    # each facet is counted with the OTHER filters: the doc facet shows every document the words are in
    counts = dict(res.facets["doc_id"])
    assert counts[docs[0].doc_id] == res.total and set(counts) == {d.doc_id for d in docs}
    assert backend.highlight("做好办公室工作", ["办公室"], []) == "做好<mark>办公室</mark>工作"
    backend.delete_documents([docs[0].doc_id])
    backend.close()
    res = WhooshBackend(tmp_path / "index").search("办公室", limit=50)
    assert res.hits and {h.doc_id for h in res.hits} == {docs[1].doc_id}
    with pytest.raises(ValueError, match="unknown filter"):
        backend.search("办公室", filters={"colour": "red"})
