"""kb.engines.cluster's node configs: each shard's table keeps its disk chunks' string and
multi-value attributes on disk, and rows in disk chunks are still searched, replaced and deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_cluster import _need_searchd

from kb.engines import cluster
from kb.engines.sphinx import Engine


def test_a_shard_table_bounds_its_ram_chunk_and_keeps_string_attributes_on_disk(tmp_path: Path) -> None:
    nodes = cluster.plan(tmp_path, 2, 2, base_port=20000)
    text = cluster.node_config(nodes[0], nodes)
    table = text.split("\n\n")[0]
    assert "  rt_mem_limit = 256M" in table.splitlines()
    assert "  ondisk_attrs = pool" in table.splitlines()
    assert "  agent = 127.0.0.1:20005|127.0.0.1:20007:kb_s1" in text.splitlines()


@pytest.mark.engine
def test_rows_in_disk_chunks_with_attributes_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_searchd()
    monkeypatch.setattr(cluster, "RT_MEM_LIMIT", "1M")  # a few hundred rows fill a RAM chunk
    nodes = cluster.plan(tmp_path, 1, 1)
    cluster.write_configs(nodes)
    cluster.start_all(nodes)
    try:
        eng = Engine(cluster.engine_setting(nodes))
        ep = eng.endpoints[0]
        body = "督查工作是推动决策落实的重要手段" * 20
        for b in range(10):
            values = ", ".join(f"({b * 100 + i + 1}, '督查 落实 第{b}批', '{body}{b}-{i}', 0, ({i % 7 + 1}))"
                               for i in range(100))
            eng.execute(ep, f"INSERT INTO kb_s0 (id, words, body, rec, kinds) VALUES {values}")
        assert list((tmp_path / nodes[0].name / "data").glob("shard.0.sps"))  # a disk chunk was written
        rows = eng.execute(ep, "SELECT id, body FROM kb_s0 WHERE MATCH('第0批') ORDER BY id ASC LIMIT 1000")[0]
        assert len(rows) == 100 and rows[0]["body"] == body + "0-0"
        eng.execute(ep, "REPLACE INTO kb_s0 (id, words, body, rec, kinds) VALUES (1, '改过', '新的', 0, (3))")
        eng.execute(ep, "DELETE FROM kb_s0 WHERE id=2")
        assert eng.execute(ep, "SELECT id, body FROM kb_s0 WHERE id IN (1, 2)")[0] == [{"id": 1, "body": "新的"}]
        groups = eng.execute(ep, "SELECT kinds, COUNT(*) AS n FROM kb_s0 GROUP BY kinds")[0]
        assert sum(int(g["n"]) for g in groups) == 999
        eng.close()
    finally:
        cluster.stop_all(nodes)
