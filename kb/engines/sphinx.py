"""kb's documents in a SphinxQL engine (Sphinx 2.2, Manticore): the topology, connections, writes to
every mirror, the record of writes a mirror missed, and its repair.

``KB_ENGINE`` names the engine's nodes by their SphinxQL address: shards are separated by commas and
the mirrors of one shard by ``|``: ``127.0.0.1:9306|127.0.0.1:9308,127.0.0.1:9310|127.0.0.1:9312`` is
two shards with two mirrors each (a single ``host:port`` is one shard on one node).  Every node holds
its shard's real-time table ``kb_s<n>`` and the distributed table ``kb`` over all shards
(:mod:`kb.engines.cluster` writes such configs).

Writes go to every mirror of the document's shard (documents are placed by id,
:func:`kb.engines.sphinxql.shard_of`).  A mirror that cannot be written is recorded in the lag file
(``engine-lag.json`` beside kb's index folder) with the documents it missed; ``kb check`` names it,
and ``kb engine repair`` (also run by ``kb ingest``) copies those documents from a mirror that has
them, re-analysed from their stored text.  Connections use ``autocommit`` and bounded connect, read
and write timeouts: kb never hangs on an engine that does not answer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.engines import sphinxql as sql
from kb.errors import EngineConfigError, EngineUnavailableError
from kb.models import Document

log = logging.getLogger(__name__)

SHARD_INDEX = "kb_s{}"
DIST_INDEX = "kb"
LAG_FILE = "engine-lag.json"
CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 20.0
#: a node that failed is not tried again for this long (another mirror serves meanwhile)
DEAD_FOR = 1.0
ROWS_PER_INSERT = 200
START_FIX = ("启动搜索引擎节点（searchd --config 配置文件，或 kb engine up），或把 KB_ENGINE 设为正在运行的节点，"
             "如 KB_ENGINE=127.0.0.1:9306")


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    shard: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_engine(value: str) -> list[list[Endpoint]]:
    """``KB_ENGINE`` as shards of mirrors."""
    shards: list[list[Endpoint]] = []
    for s, part in enumerate(p.strip() for p in (value or "").split(",")):
        mirrors = []
        for addr in (a.strip() for a in part.split("|")):
            host, _, port = addr.rpartition(":")
            if not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise EngineConfigError(f"KB_ENGINE 的写法不对：{value!r}（{addr!r} 不是 主机:端口）",
                                        fix="写成 主机:端口，分片之间用逗号、同一分片的镜像之间用 | 分隔，"
                                            "如 KB_ENGINE=127.0.0.1:9306|127.0.0.1:9308,127.0.0.1:9310|127.0.0.1:9312")
            mirrors.append(Endpoint(host, int(port), s))
        shards.append(mirrors)
    if not shards:
        raise EngineConfigError("没有设置搜索引擎地址 KB_ENGINE", fix="设置 KB_ENGINE，如 KB_ENGINE=127.0.0.1:9306")
    return shards


def _connect(ep: Endpoint, timeout: float) -> Any:
    import pymysql

    return pymysql.connect(host=ep.host, port=ep.port, autocommit=True, connect_timeout=min(timeout, CONNECT_TIMEOUT),
                           read_timeout=timeout, write_timeout=timeout, charset="utf8")


class Engine:
    """The engine's nodes, with one connection per node and thread."""

    def __init__(self, value: str, state_dir: Path | str | None = None, segmenter: str = "jieba",
                 timeout: float = READ_TIMEOUT) -> None:
        self.setting = value
        self.shards = parse_engine(value)
        self.state_dir = Path(state_dir) if state_dir is not None else None
        self.segmenter = segmenter
        self.timeout = timeout
        self._local = threading.local()
        self._dead: dict[Endpoint, float] = {}
        self._lag_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    @property
    def endpoints(self) -> list[Endpoint]:
        return [ep for mirrors in self.shards for ep in mirrors]

    # --- connections ---------------------------------------------------------------------------
    def _conns(self) -> dict[Endpoint, Any]:
        conns = getattr(self._local, "conns", None)
        if conns is None:
            conns = self._local.conns = {}
        return conns

    def drop(self, ep: Endpoint) -> None:
        conn = self._conns().pop(ep, None)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def mark_dead(self, ep: Endpoint) -> None:
        self._dead[ep] = time.monotonic() + DEAD_FOR
        self.drop(ep)

    def alive_first(self, eps: Iterable[Endpoint]) -> list[Endpoint]:
        now = time.monotonic()
        eps = list(eps)
        return [e for e in eps if self._dead.get(e, 0) <= now] + [e for e in eps if self._dead.get(e, 0) > now]

    def execute(self, ep: Endpoint, statement: str, params: Sequence[Any] | None = None,
                meta: bool = False) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]:
        """Run one statement on ``ep``: (rows as dicts, SHOW META when asked, warnings).  Raises
        :class:`EngineUnavailableError` when the node cannot be reached or does not answer in time."""
        import pymysql

        text = sql.render(statement, list(params)) if params else statement
        for attempt in (0, 1):  # a connection the node closed (restarted, idle timeout): reconnect once
            conns = self._conns()
            fresh = ep not in conns
            try:
                if fresh:
                    conns[ep] = _connect(ep, self.timeout)
                with conns[ep].cursor(pymysql.cursors.DictCursor) as cur:
                    cur.execute(text)
                    rows = list(cur.fetchall())
                    info: dict[str, str] = {}
                    warnings: list[str] = []
                    if meta:
                        cur.execute("SHOW META")
                        info = {str(r["Variable_name"]): str(r["Value"]) for r in cur.fetchall()}
                        if info.get("warning"):
                            warnings.append(info["warning"])
                return rows, info, warnings
            except pymysql.err.ProgrammingError as exc:
                raise self._engine_error(ep, exc) from exc
            except (pymysql.err.OperationalError, pymysql.err.InterfaceError, OSError) as exc:
                self.drop(ep)
                code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 0
                if code == 1064 or code == 1146:  # the engine answered: an error in the statement or table
                    raise self._engine_error(ep, exc) from exc
                if attempt == 0 and not fresh:
                    continue
                self.mark_dead(ep)
                raise EngineUnavailableError(f"无法连接搜索引擎节点 {ep}（{_reason(exc)}）", fix=START_FIX) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _engine_error(self, ep: Endpoint, exc: Exception) -> EngineConfigError:
        text = str(exc.args[1] if len(exc.args) > 1 else exc).strip("\x00 ")
        if "no such index" in text or "unknown index" in text or "unknown local index" in text:
            return EngineConfigError(f"搜索引擎节点 {ep} 没有 kb 需要的表（{text}）",
                                     fix="用 kb engine config 生成的配置启动 searchd，或对照 README 的示例配置，"
                                         "检查 KB_ENGINE 是否指向 kb 的节点")
        return EngineConfigError(f"搜索引擎节点 {ep} 拒绝了查询（{text}）",
                                 fix="检查搜索引擎的版本与配置（README 的示例配置）；如仍出错，请报告这个问题")

    def on_shard(self, shard: int, statement: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read on one mirror of ``shard`` (the next one when a mirror is down)."""
        last: Exception | None = None
        for ep in self.alive_first(self.shards[shard]):
            try:
                return self.execute(ep, statement.format(index=SHARD_INDEX.format(shard)), params)[0]
            except EngineUnavailableError as exc:
                last = exc
        assert last is not None
        raise last

    def shard_up(self, shard: int) -> bool:
        for ep in self.alive_first(self.shards[shard]):
            with contextlib.suppress(EngineUnavailableError):
                self.execute(ep, "SHOW STATUS LIKE 'uptime'")
                return True
        return False

    def close(self) -> None:
        for ep in list(self._conns()):
            self.drop(ep)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    # --- writes --------------------------------------------------------------------------------
    def rows_of(self, doc: Document) -> list[dict[str, Any]]:
        from kb.index.writer import document_fields, passage_fields, passage_leads, passage_tails

        rows = [sql.row(passage_fields(doc, p, lead, tail), self.segmenter)
                for p, lead, tail in zip(doc.passages, passage_leads(doc), passage_tails(doc), strict=True)]
        rows.append(sql.row(document_fields(doc), self.segmenter))
        return rows

    def index_documents(self, docs: Sequence[Document]) -> None:
        """Add or replace ``docs`` on every mirror of their shards."""
        by_shard: dict[int, list[Document]] = {}
        for doc in docs:
            by_shard.setdefault(sql.shard_of(doc.doc_id, len(self.shards)), []).append(doc)
        for shard, group in by_shard.items():
            rows = [r for doc in group for r in self.rows_of(doc)]
            self._write(shard, [d.doc_id for d in group], rows)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        by_shard: dict[int, list[str]] = {}
        for d in doc_ids:
            by_shard.setdefault(sql.shard_of(d, len(self.shards)), []).append(d)
        for shard, ids in by_shard.items():
            self._write(shard, ids, [])

    def write_rows(self, ep: Endpoint, doc_ids: list[str], rows: list[dict[str, Any]]) -> None:
        """Replace the documents ``doc_ids`` on the mirror ``ep`` by ``rows``."""
        index = SHARD_INDEX.format(ep.shard)
        old = self.row_ids(ep, doc_ids)
        keep = {r["id"] for r in rows}
        stale = sorted(old - keep)
        for i in range(0, len(stale), 1000):
            self.execute(ep, f"DELETE FROM {index} WHERE id IN ({','.join(map(str, stale[i:i + 1000]))})")
        for i in range(0, len(rows), ROWS_PER_INSERT):
            batch = rows[i:i + ROWS_PER_INSERT]
            self.execute(ep, sql.render(sql.insert_sql(index, len(batch)), sql.insert_params(batch)))

    def row_ids(self, ep: Endpoint, doc_ids: list[str]) -> set[int]:
        index = SHARD_INDEX.format(ep.shard)
        out: set[int] = set()
        for i in range(0, len(doc_ids), 100):
            ids = ",".join(sql.literal(d) for d in doc_ids[i:i + 100])
            rows, _m, _w = self.execute(ep, f"SELECT id FROM {index} WHERE doc_id IN ({ids}) "
                                            "LIMIT 1000000 OPTION max_matches=1000000")
            out.update(int(r["id"]) for r in rows)
        return out

    def _write_one(self, ep: Endpoint, doc_ids: list[str], rows: list[dict[str, Any]]) -> Exception | None:
        try:
            self.write_rows(ep, doc_ids, rows)
            return None
        except EngineUnavailableError as exc:
            return exc

    def _write(self, shard: int, doc_ids: list[str], rows: list[dict[str, Any]]) -> None:
        """Write to every mirror of ``shard`` at once (one thread per mirror, each with its own
        connections); record the mirrors that could not be written."""
        mirrors = self.shards[shard]
        if len(mirrors) == 1:
            outcomes = [self._write_one(mirrors[0], doc_ids, rows)]
        else:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max(len(m) for m in self.shards), thread_name_prefix="kb-mirror")
            outcomes = list(self._pool.map(lambda ep: self._write_one(ep, doc_ids, rows), mirrors))
        failed = [(ep, exc) for ep, exc in zip(mirrors, outcomes, strict=True) if exc is not None]
        written = len(mirrors) - len(failed)
        for ep, _exc in failed:
            self.record_lag(ep, doc_ids)
        if not written:
            raise EngineUnavailableError(
                f"分片 {shard} 的镜像（{', '.join(str(e) for e in self.shards[shard])}）都无法写入，"
                f"{len(doc_ids)} 个文件没有写进搜索引擎", fix=START_FIX + "；再运行 kb ingest") from failed[-1][1]
        if failed:
            log.warning("mirror(s) %s missed %d document(s); `kb engine repair` brings them back",
                        ", ".join(str(e) for e, _ in failed), len(doc_ids))

    # --- lagging mirrors -----------------------------------------------------------------------
    def _lag_path(self) -> Path | None:
        return self.state_dir / LAG_FILE if self.state_dir is not None else None

    def lag(self) -> dict[str, list[str]]:
        """mirror address -> doc ids it missed (written or removed while it was down)."""
        p = self._lag_path()
        if p is None or not p.is_file():
            return {}
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): list(v) for k, v in (data.get("mirrors") or {}).items()}

    def _save_lag(self, lag: dict[str, list[str]]) -> None:
        p = self._lag_path()
        if p is None:
            return
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f".{p.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_text(json.dumps({"engine": self.setting, "mirrors": lag}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, p)

    def record_lag(self, ep: Endpoint, doc_ids: list[str]) -> None:
        if self._lag_path() is None:
            log.error("mirror %s missed %d document(s) and kb has no state folder to record it", ep, len(doc_ids))
            return
        with self._lag_lock:
            lag = self.lag()
            missed = lag.setdefault(str(ep), [])
            missed.extend(d for d in doc_ids if d not in set(missed))
            self._save_lag(lag)

    def repair(self) -> dict[str, int]:
        """Bring every lagging mirror in line with a mirror of its shard that is up to date: the
        missed documents are copied (rows re-analysed from their stored text), removed ones removed.
        Returns mirror -> documents repaired; a mirror still down stays in the lag file."""
        done: dict[str, int] = {}
        lag = self.lag()
        by_addr = {str(ep): ep for ep in self.endpoints}
        for addr, doc_ids in sorted(lag.items()):
            ep = by_addr.get(addr)
            if ep is None:  # not part of this engine any more
                continue
            lagging = set(lag)
            sources = [m for m in self.shards[ep.shard] if m != ep and str(m) not in lagging]
            if not sources:
                continue
            try:
                for i in range(0, len(doc_ids), 50):
                    ids = doc_ids[i:i + 50]
                    rows = self.fetch_rows(sources[0], ids)
                    self.write_rows(ep, ids, rows)
            except EngineUnavailableError as exc:
                log.warning("mirror %s not repaired yet: %s", addr, exc)
                continue
            done[addr] = len(doc_ids)
            with self._lag_lock:
                now = self.lag()
                left = [d for d in now.get(addr, []) if d not in set(doc_ids)]
                if left:
                    now[addr] = left
                else:
                    now.pop(addr, None)
                self._save_lag(now)
        return done

    def fetch_rows(self, ep: Endpoint, doc_ids: list[str]) -> list[dict[str, Any]]:
        """The rows of ``doc_ids`` on ``ep``, with their full-text fields rebuilt from the stored text."""
        index = SHARD_INDEX.format(ep.shard)
        ids = ",".join(sql.literal(d) for d in doc_ids)
        rows, _m, _w = self.execute(ep, f"SELECT {sql.SELECT}, kinds, topics FROM {index} WHERE doc_id IN ({ids}) "
                                        "LIMIT 1000000 OPTION max_matches=1000000")
        return [sql.row(sql.fields_of(r), self.segmenter) for r in rows]

    def mirror_counts(self) -> list[tuple[Endpoint, int | None]]:
        """(mirror, records it holds, None when it does not answer) for every node."""
        out: list[tuple[Endpoint, int | None]] = []
        for ep in self.endpoints:
            try:
                rows, _m, _w = self.execute(ep, f"SELECT COUNT(*) AS n FROM {SHARD_INDEX.format(ep.shard)}")
                out.append((ep, int(rows[0]["n"]) if rows else 0))
            except EngineUnavailableError:
                out.append((ep, None))
        return out

    def mirror_ids(self, ep: Endpoint) -> Iterator[int]:
        """Every record id on ``ep``, in order (paged by id)."""
        last = 0
        index = SHARD_INDEX.format(ep.shard)
        while True:
            rows, _m, _w = self.execute(ep, f"SELECT id FROM {index} WHERE id > {last} ORDER BY id ASC "
                                            "LIMIT 10000 OPTION max_matches=10000")
            if not rows:
                return
            for r in rows:
                yield int(r["id"])
            last = int(rows[-1]["id"])


def _reason(exc: Exception) -> str:
    text = str(exc.args[1] if len(exc.args) > 1 else exc)
    if "timed out" in text or "timeout" in text.lower():
        return "连接或查询超时"
    if "refused" in text.lower() or "Can't connect" in text:
        return "连接被拒绝：节点没有运行或端口不对"
    return text[:200]


def engine_from(settings: Any) -> Engine:
    """The engine named by the settings (``backend = sphinx``, ``engine = host:port,...``)."""
    if settings.backend != "sphinx":
        raise EngineConfigError(f"未知的后端 KB_BACKEND={settings.backend!r}",
                                fix="KB_BACKEND 设为 whoosh（内置索引）或 sphinx（SphinxQL 搜索引擎）")
    if not settings.engine.strip():
        raise EngineConfigError("KB_BACKEND=sphinx 需要搜索引擎的地址 KB_ENGINE",
                                fix="设置 KB_ENGINE，如 KB_ENGINE=127.0.0.1:9306（kb engine config 会打印它）")
    return Engine(settings.engine, state_dir=settings.index, segmenter=settings.segmenter)
