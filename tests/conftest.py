"""Shared fixtures: an index of the bundled corpus built once per session, in a temp folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb.config import Settings
from kb.ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# a defect of kb while building one file is raised in tests, not reported as that file's failure
# (kb.ingest.workers.strict); tests of the per-file boundary itself unset it
os.environ["KB_STRICT"] = "1"
# sentence embeddings cost 0.1 s of CPU a passage at ingest (kb.search.dense): off for the suite's many
# indexes; tests/search/test_dense.py turns them on where they are the subject
os.environ["KB_DENSE"] = "0"


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed once; tests must not write to it."""
    idx = tmp_path_factory.mktemp("corpus-index") / "index"
    report = ingest(None, Settings(corpus=CORPUS, index=idx))
    assert not report.failed, [f.error for f in report.failed]
    return idx


@pytest.fixture(scope="session")
def corpus_searcher(corpus_index: Path):  # type: ignore[no-untyped-def]
    from kb.search.searcher import Searcher

    s = Searcher(corpus_index)
    yield s
    s.close()


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture(autouse=True)
def _workers_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build workers start with fork in tests, whatever threads earlier tests left (engine connection
    pools, pytest-timeout): the tests' monkeypatches then reach the workers.  The forkserver path the
    threaded site takes has its own test (tests/ingest/test_workers.py)."""
    from kb.ingest import workers

    monkeypatch.setattr(workers, "_start_method", lambda: "fork")
