"""``kb engine``: a SphinxQL engine for kb (``KB_BACKEND=sphinx``): write a cluster's configs, start
and stop its nodes, show the state of the mirrors, repair a mirror that missed writes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kb.cli.common import command, print_json
from kb.config import Settings
from kb.errors import EngineConfigError

CLUSTER_FILE = "cluster.json"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("engine", parents=[common], help="the SphinxQL engine (KB_BACKEND=sphinx): config, up, "
                                                        "down, status, repair")
    p.add_argument("action", choices=["config", "up", "down", "status", "repair"])
    p.add_argument("--dir", type=Path, default=Path("engine"), help="the cluster's folder (config, up, down)")
    p.add_argument("--shards", type=int, default=2, help="shards (config; default 2)")
    p.add_argument("--mirrors", type=int, default=2, help="mirrors of each shard (config; default 2)")
    p.add_argument("--base-port", type=int, default=9306, help="first port (config; two per node)")
    p.add_argument("--json", action="store_true")


def _nodes(folder: Path) -> list[Any]:
    from kb.engines.cluster import Node

    f = folder / CLUSTER_FILE
    if not f.is_file():
        raise EngineConfigError(f"{f} 不存在", fix=f"先运行 kb engine config --dir {folder}")
    return [Node(n["shard"], n["mirror"], n["host"], n["sql_port"], n["api_port"], Path(n["root"]))
            for n in json.loads(f.read_text(encoding="utf-8"))]


@command("engine")
def cmd_engine(args: argparse.Namespace, settings: Settings) -> int:
    from kb.engines import cluster
    from kb.engines.sphinx import engine_from
    from kb.engines.status import status

    if args.action == "config":
        nodes = cluster.plan(args.dir.absolute(), args.shards, args.mirrors, base_port=args.base_port)
        cluster.write_configs(nodes)
        (args.dir / CLUSTER_FILE).write_text(json.dumps(
            [{"shard": n.shard, "mirror": n.mirror, "host": n.host, "sql_port": n.sql_port, "api_port": n.api_port,
              "root": str(n.root)} for n in nodes], indent=1), encoding="utf-8")
        print(f"KB_BACKEND=sphinx KB_ENGINE={cluster.engine_setting(nodes)}")
        return 0
    if args.action in ("up", "down"):
        nodes = _nodes(args.dir)
        if args.action == "up":
            cluster.start_all(nodes)
            print(f"KB_BACKEND=sphinx KB_ENGINE={cluster.engine_setting(nodes)}")
        else:
            cluster.stop_all(nodes)
        return 0
    engine = engine_from(settings)
    if args.action == "repair":
        done = engine.repair()
        for addr, n in done.items():
            print(f"{addr}: {n} 个文件已补齐")
    st = status(engine)
    if args.json:
        print_json(st.to_dict())
    else:
        for m in st.mirrors:
            state = f"{m.records} 条记录" if m.up else "没有响应"
            print(f"分片 {m.shard}  {m.address}  {state}" + (f"  缺少 {m.missed} 个文件" if m.missed else ""))
        for line in st.problems():
            print(f"! {line}", file=sys.stderr)
    return 0 if st.ok else 1
