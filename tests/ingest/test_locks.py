"""Locks that tell the truth: a `kb ingest` killed with SIGKILL (only the parent, as `kill -9 $!`
does) leaves no build worker behind holding the lock; the next run goes through; a killed first
build leaves what it committed searchable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from corpusgen import make_corpus

from kb.config import Settings
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[2]
#: kb ingest whose files after the first 30 each take a second to build (in the workers), with
#: commits every 5 documents
SLOW = """
import sys, time
import kb.ingest.pipeline as p
p.BATCH_DOCS = 5
real = p.build_document
def slow(path, *a, **k):
    if int(path.stem[-3:]) >= 30:
        time.sleep(1.0)
    return real(path, *a, **k)
p.build_document = slow
from kb.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _start(corpus: Path, index: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SLOW, "ingest", "--corpus", str(corpus), "--index", str(index),
                             "--workers", "2"], cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
def test_killing_the_parent_kills_its_workers_and_frees_the_lock(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 60)
    proc = _start(corpus, index)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and not (len(workers) >= 2 and _live(index)):
        workers = [c for c in parent.children(recursive=True) if c.is_running()]
        time.sleep(0.2)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers are not signalled
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], [p.pid for p in alive]
    # the killed first build left what it committed searchable
    s = Searcher(index)
    assert s.search("办公室").hits
    s.close()
    report = ingest(None, Settings(corpus=corpus, index=index, lock_wait=2, workers=1))
    assert report.count("added") + report.count("unchanged") == 60


def _live(index: Path) -> bool:
    return (index / "CURRENT").is_file()
