"""A cluster of ``searchd`` nodes for kb: which node holds which shard, their configs, starting and
stopping them by pid.  Used by the engine tests, the benchmark and ``kb engine up/down``.

Layout: ``shards`` x ``mirrors`` nodes; node (s, m) holds the real-time table ``kb_s<s>`` and a
distributed table ``kb`` that joins its own shard with every other shard's mirrors as agents
(``agent = a:port|b:port:kb_s1``, with ``ha_strategy``), so any node answers a query on ``kb`` for
the whole corpus.  Each node listens on two loopback ports: SphinxQL (``mysql41``) for kb, and the
binary API for the other nodes' agents.  kb itself writes every document to every mirror of its shard
(see :mod:`kb.engines.sphinx`), so the engine needs no replication of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.engines.sphinxql import CHARSET_TABLE, FIELDS, MULTI_ATTRS, STRING_ATTRS, UINT_ATTRS
from kb.errors import EngineConfigError, EngineUnavailableError
from kb.index.store import pid_alive

SEARCHD = "searchd"
SHARD_INDEX = "kb_s{}"
DIST_INDEX = "kb"
#: each node's RAM chunk (its newest rows); older rows are in disk chunks
RT_MEM_LIMIT = "256M"
#: the disk chunks' string and multi-value attributes (the stored text, kb's tokens, the JSON data:
#: most of a row) are read from their files through the page cache instead of being copied into each
#: searchd's memory: measured with 30,000 rows of 4.5 KB strings, 187 MB resident without, 58 MB with
ONDISK_ATTRS = "pool"
INSTALL_FIX = "在 Debian/Ubuntu 上运行 apt-get install -y sphinxsearch（或安装 Manticore Search），再重试"


@dataclass(frozen=True)
class Node:
    shard: int
    mirror: int
    host: str
    sql_port: int
    api_port: int
    root: Path

    @property
    def name(self) -> str:
        return f"s{self.shard}m{self.mirror}"

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.sql_port}"

    @property
    def config(self) -> Path:
        return self.root / self.name / "searchd.conf"

    @property
    def pid_file(self) -> Path:
        return self.root / self.name / "searchd.pid"

    @property
    def log_file(self) -> Path:
        return self.root / self.name / "searchd.log"

    def pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None


def free_ports(n: int, host: str = "127.0.0.1") -> list[int]:
    """``n`` distinct ports that are free on ``host`` right now."""
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind((host, 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def plan(root: Path, shards: int = 2, mirrors: int = 2, host: str = "127.0.0.1",
         base_port: int | None = None) -> list[Node]:
    """The nodes of a ``shards`` x ``mirrors`` cluster under ``root`` (free ports unless ``base_port``)."""
    if shards < 1 or mirrors < 1:
        raise EngineConfigError("分片数和镜像数至少为 1", fix="例如 --shards 2 --mirrors 2")
    n = shards * mirrors
    ports = free_ports(2 * n, host) if base_port is None else list(range(base_port, base_port + 2 * n))
    return [Node(s, m, host, ports[2 * (s * mirrors + m)], ports[2 * (s * mirrors + m) + 1], Path(root))
            for s in range(shards) for m in range(mirrors)]


def engine_setting(nodes: list[Node]) -> str:
    """The ``KB_ENGINE`` value for ``nodes``: shards separated by commas, mirrors by ``|``."""
    shards = sorted({n.shard for n in nodes})
    return ",".join("|".join(n.endpoint for n in nodes if n.shard == s) for s in shards)


def shard_table(node: Node) -> str:
    d = node.root / node.name
    lines = [f"index {SHARD_INDEX.format(node.shard)} {{", "  type = rt", f"  path = {d}/data/shard"]
    lines += [f"  rt_field = {f}" for f in FIELDS.values()]
    lines += [f"  rt_attr_string = {a}" for a in STRING_ATTRS]
    lines += [f"  rt_attr_uint = {a}" for a in UINT_ATTRS]
    lines += [f"  rt_attr_multi = {a}" for a in MULTI_ATTRS]
    lines += [f"  charset_table = {CHARSET_TABLE}", "  min_word_len = 1", "  min_prefix_len = 1",
              "  dict = keywords", "  index_field_lengths = 1", f"  rt_mem_limit = {RT_MEM_LIMIT}",
              f"  ondisk_attrs = {ONDISK_ATTRS}", "}"]
    return "\n".join(lines)


def node_config(node: Node, nodes: list[Node], ha_strategy: str = "nodeads") -> str:
    """The ``searchd`` config of ``node`` in the cluster ``nodes``."""
    d = node.root / node.name
    dist = [f"index {DIST_INDEX} {{", "  type = distributed", f"  local = {SHARD_INDEX.format(node.shard)}"]
    for s in sorted({n.shard for n in nodes} - {node.shard}):
        mirrors = "|".join(f"{n.host}:{n.api_port}" for n in nodes if n.shard == s)
        dist.append(f"  agent = {mirrors}:{SHARD_INDEX.format(s)}")
    dist += [f"  ha_strategy = {ha_strategy}", "  agent_connect_timeout = 1000", "  agent_query_timeout = 5000",
             "}"]
    searchd = ["searchd {", f"  listen = {node.host}:{node.sql_port}:mysql41", f"  listen = {node.host}:{node.api_port}",
               f"  log = {d}/searchd.log", f"  query_log = {d}/query.log", f"  pid_file = {node.pid_file}",
               f"  binlog_path = {d}/data", "  workers = threads", "  read_timeout = 5", "  client_timeout = 300",
               "  max_children = 64", "  seamless_rotate = 0", "  ha_ping_interval = 500",
               "  ha_period_karma = 5", "}"]
    return "\n\n".join([shard_table(node), "\n".join(dist), "\n".join(searchd)]) + "\n"


def write_configs(nodes: list[Node], ha_strategy: str = "nodeads") -> None:
    for node in nodes:
        (node.root / node.name / "data").mkdir(parents=True, exist_ok=True)
        node.config.write_text(node_config(node, nodes, ha_strategy), encoding="utf-8")


def _answers(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def start(node: Node, wait: float = 15.0) -> int:
    """Start ``node``'s ``searchd`` (it daemonises) and wait until its SphinxQL port answers; its pid."""
    exe = shutil.which(SEARCHD)
    if exe is None:
        raise EngineUnavailableError("找不到搜索引擎程序 searchd", fix=INSTALL_FIX)
    node.pid_file.unlink(missing_ok=True)
    out = subprocess.run([exe, "--config", str(node.config)], capture_output=True, text=True, timeout=wait,
                         start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        pid = node.pid()
        if pid and _answers(node.host, node.sql_port) and _answers(node.host, node.api_port):
            return pid
        time.sleep(0.05)
    detail = (out.stdout + out.stderr).strip().splitlines()[-3:]
    raise EngineUnavailableError(f"搜索引擎节点 {node.name}（{node.endpoint}）没有启动：{' '.join(detail)}",
                                 path=node.config, fix=f"查看日志 {node.log_file}")


def start_all(nodes: list[Node]) -> None:
    for node in nodes:
        start(node)




def _watchdog(pid: int) -> int | None:
    """The parent of a ``searchd`` server process when it is searchd's watchdog (which restarts a
    server that dies: it must go first when a node is killed)."""
    try:
        ppid = int(Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[1])
        cmd = Path(f"/proc/{ppid}/cmdline").read_bytes().split(b"\0")[0]
    except (OSError, ValueError, IndexError):
        return None
    return ppid if ppid > 1 and cmd.endswith(SEARCHD.encode()) else None


def _wait_gone(pid: int, deadline: float) -> None:
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def stop(node: Node, kill: bool = False, wait: float = 10.0) -> None:
    """Stop ``node`` by the pid in its pid file: SIGTERM (a clean stop, as ``searchd --stopwait``),
    or with ``kill`` SIGKILL to its watchdog and server (a crash); the waits are bounded."""
    pid = node.pid()
    if pid is None or not pid_alive(pid):
        return
    deadline = time.monotonic() + wait
    pids = [p for p in (_watchdog(pid), pid) if p]
    for p in pids if kill else [pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL if kill else signal.SIGTERM)
    for p in pids:
        _wait_gone(p, deadline)
    for p in pids:
        if pid_alive(p):
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
            _wait_gone(p, time.monotonic() + wait)
    while _answers(node.host, node.sql_port, 0.05) and time.monotonic() < deadline:
        time.sleep(0.05)


def stop_all(nodes: list[Node]) -> None:
    for node in nodes:
        stop(node)


def processes(nodes: list[Node]) -> list[Any]:
    """The nodes' running processes with their children (``psutil.Process``)."""
    import psutil

    out: list[Any] = []
    for node in nodes:
        pid = node.pid()
        if not pid:
            continue
        with contextlib.suppress(psutil.Error):
            p = psutil.Process(pid)
            out += [p, *p.children(recursive=True)]
    return out


def rss_bytes(nodes: list[Node]) -> int:
    """Resident memory of the nodes' processes (with their children)."""
    import psutil

    total = 0
    for p in processes(nodes):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total
