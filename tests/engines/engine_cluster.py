"""Engine test helpers: searchd clusters on free loopback ports, configs written here, stopped by pid."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.config import Settings
from kb.engines import cluster
from kb.engines.sphinx import Engine
from kb.engines.sphinx_search import EngineSearcher

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _need_searchd() -> None:
    if shutil.which("searchd") is None:
        message = "searchd is not installed: run scripts/debian-test-deps.sh (apt-get install sphinxsearch)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Cluster:
    nodes: list[cluster.Node]
    engine: Engine
    searcher: EngineSearcher
    state: Path

    @property
    def setting(self) -> str:
        return cluster.engine_setting(self.nodes)

    def node(self, shard: int, mirror: int) -> cluster.Node:
        return next(n for n in self.nodes if n.shard == shard and n.mirror == mirror)

    def restart(self, *nodes: cluster.Node) -> None:
        """Start ``nodes`` again and wait (bounded) until searches are complete again: the other nodes'
        agents see a node again within ``ha_ping_interval``; searches retry meanwhile."""
        for n in nodes:
            cluster.start(n)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.searcher.search("抓落实").partial:
            time.sleep(0.1)

    def settings(self, corpus: Path = CORPUS) -> Settings:
        return Settings(corpus=corpus, index=self.state, backend="sphinx", engine=self.setting, workers=1)


def start_cluster(root: Path, shards: int, mirrors: int) -> Cluster:
    _need_searchd()
    nodes = cluster.plan(root / "nodes", shards, mirrors)
    cluster.write_configs(nodes)
    try:
        cluster.start_all(nodes)
    except Exception:
        cluster.stop_all(nodes)
        raise
    engine = Engine(cluster.engine_setting(nodes), state_dir=root / "state")
    return Cluster(nodes, engine, EngineSearcher(engine), root / "state")
