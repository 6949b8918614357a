"""The state of the engine's mirrors for ``kb check`` and ``kb engine status``: which answer, how
many records each holds, which missed writes (and the command that repairs them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.engines.sphinx import Engine

REPAIR = "kb engine repair"


@dataclass
class MirrorState:
    address: str
    shard: int
    records: int | None
    missed: int = 0

    @property
    def up(self) -> bool:
        return self.records is not None


@dataclass
class EngineStatus:
    engine: str
    mirrors: list[MirrorState] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = []
        for m in self.mirrors:
            if not m.up:
                out.append(f"镜像 {m.address}（分片 {m.shard}）没有响应：启动它，再运行 {REPAIR}")
            elif m.missed:
                out.append(f"镜像 {m.address}（分片 {m.shard}）落后：缺少 {m.missed} 个文件的写入。修复：{REPAIR}")
        by_shard: dict[int, set[int]] = {}
        for m in self.mirrors:
            if m.records is not None and not m.missed:
                by_shard.setdefault(m.shard, set()).add(m.records)
        for shard, counts in sorted(by_shard.items()):
            if len(counts) > 1:
                out.append(f"分片 {shard} 的镜像记录数不一致（{'、'.join(map(str, sorted(counts)))}）："
                           "在镜像完整的节点上重新运行 kb ingest")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems()

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "ok": self.ok, "problems": self.problems(),
                "mirrors": [{"address": m.address, "shard": m.shard, "up": m.up, "records": m.records,
                             "missed_documents": m.missed} for m in self.mirrors]}


def status(engine: Engine) -> EngineStatus:
    lag = engine.lag()
    out = EngineStatus(engine.setting)
    for ep, n in engine.mirror_counts():
        out.mirrors.append(MirrorState(str(ep), ep.shard, n, len(lag.get(str(ep), []))))
    return out
