"""Engine test fixtures (clusters from engine_cluster.py), stopped by pid at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_cluster import Cluster, start_cluster

from kb.engines import cluster
from kb.ingest.engine import ingest


@pytest.fixture(scope="session")
def corpus_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """2 shards x 2 mirrors holding the bundled corpus; tests that stop nodes start them again."""
    c = start_cluster(tmp_path_factory.mktemp("engine"), 2, 2)
    try:
        report = ingest(None, c.settings(), c.engine)
        assert not report.failed, [f.error for f in report.failed]
        yield c
    finally:
        cluster.stop_all(c.nodes)


@pytest.fixture
def small_cluster(tmp_path: Path) -> Iterator[Cluster]:
    """1 shard x 2 mirrors, empty: for tests that write."""
    c = start_cluster(tmp_path, 1, 2)
    try:
        yield c
    finally:
        cluster.stop_all(c.nodes)
