"""An engine that is not there or not kb's: a Chinese message with the fix, a non-zero exit, no hang;
and the pieces that need no engine (tokens, query translation, settings)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_cluster import ROOT, _need_searchd
from whoosh import query as Q

from kb.engines import cluster
from kb.engines import sphinxql as sql
from kb.engines.sphinx import Engine, parse_engine
from kb.engines.sphinx_search import EngineSearcher
from kb.errors import EngineConfigError, EngineUnavailableError

pytestmark = pytest.mark.engine


def _kb(*args: str, engine: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"KB_BACKEND": "sphinx", "KB_ENGINE": engine, "KB_INDEX": str(tmp_path / "state")}
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def test_engine_not_running(tmp_path: Path) -> None:
    port = cluster.free_ports(1)[0]
    started = time.monotonic()
    out = _kb("search", "落实", engine=f"127.0.0.1:{port}", tmp_path=tmp_path)
    assert time.monotonic() - started < 20
    assert out.returncode == 2
    assert out.stderr.startswith(f"kb: 搜索引擎的节点都无法连接（127.0.0.1:{port}）：无法连接搜索引擎节点 127.0.0.1:{port}"
                                 "（连接被拒绝：节点没有运行或端口不对）。解决办法：启动搜索引擎节点")
    assert "KB_ENGINE=127.0.0.1:9306" in out.stderr


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung node, a firewall)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(2)
    for s in held:
        s.close()
    srv.close()


def test_engine_that_never_answers_times_out(silent_port: int) -> None:
    engine = Engine(f"127.0.0.1:{silent_port}", timeout=1.0)
    started = time.monotonic()
    with pytest.raises(EngineUnavailableError) as info:
        EngineSearcher(engine).search("落实")
    assert time.monotonic() - started < 10
    assert "连接或查询超时" in str(info.value)


def test_bad_engine_setting(tmp_path: Path) -> None:
    out = _kb("search", "落实", engine="127.0.0.1", tmp_path=tmp_path)
    assert out.returncode == 2
    assert out.stderr.startswith("kb: KB_ENGINE 的写法不对：'127.0.0.1'（'127.0.0.1' 不是 主机:端口）。解决办法：写成 主机:端口")
    out = _kb("search", "落实", engine="", tmp_path=tmp_path)
    assert out.stderr.strip() == ("kb: KB_BACKEND=sphinx 需要搜索引擎的地址 KB_ENGINE。解决办法：设置 KB_ENGINE，"
                                  "如 KB_ENGINE=127.0.0.1:9306（kb engine config 会打印它）")


def test_a_node_without_kb_tables(tmp_path: Path) -> None:
    _need_searchd()
    node = cluster.plan(tmp_path, 1, 1)[0]
    (node.root / node.name / "data").mkdir(parents=True)
    other = cluster.node_config(node, [node]).replace("index kb {", "index other {").replace(
        "index kb_s0 {", "index other_s0 {").replace("local = kb_s0", "local = other_s0")
    node.config.write_text(other, encoding="utf-8")
    cluster.start(node)
    try:
        out = _kb("search", "落实", engine=node.endpoint, tmp_path=tmp_path)
        assert out.returncode == 2
        assert out.stderr.startswith(f"kb: 搜索引擎节点 {node.endpoint} 没有 kb 需要的表")
        assert "kb engine config" in out.stderr
    finally:
        cluster.stop(node)


def test_engine_setting_syntax() -> None:
    shards = parse_engine("127.0.0.1:9306|127.0.0.1:9308,127.0.0.1:9310|127.0.0.1:9312")
    assert [[str(e) for e in s] for s in shards] == [["127.0.0.1:9306", "127.0.0.1:9308"],
                                                      ["127.0.0.1:9310", "127.0.0.1:9312"]]
    assert [e.shard for s in shards for e in s] == [0, 0, 1, 1]
    with pytest.raises(EngineConfigError):
        parse_engine("127.0.0.1:http")


def test_tokens_keep_fields_apart_and_survive_the_engine_tokenizer() -> None:
    assert sql.token("text", "作风") == "作风"
    assert sql.token("heading", "作风") == "\ue002作风"
    assert sql.token("bi", "，语") == "\ue000\ue001ff0c\ue001语"
    assert sql.encode("a·b") == "a\ue001b7\ue001b"
    assert all(len(t.split()) == 1 for t in (sql.token("bi", "成，"), sql.token("text", "c++")))


def test_planned_queries_as_match() -> None:
    q = Q.AndMaybe(Q.Phrase("bi", ["事以", "以密"]), Q.Or([Q.Term("text", "保密"), Q.Term("heading", "保密", boost=0.5)]))
    assert sql.to_match(q) == '("\ue000事以 \ue000以密") MAYBE ((保密 | \ue002保密^0.5))'
    assert sql.to_match(Q.AndNot(Q.Term("text", "督查"), Q.Term("bi", "督办"))) == "(督查) -(\ue000督办)"
    assert sql.to_match(Q.NullQuery) is None
    assert sql.literal("it's\\") == "'it\\'s\\\\'"
