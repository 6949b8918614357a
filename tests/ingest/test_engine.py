"""kb.ingest.engine's background writer (no engine needed: a stand-in records the writes)."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

import pytest

from kb.engines.sphinx import Engine
from kb.errors import EngineUnavailableError
from kb.ingest.engine import BackgroundWriter


class SlowEngine:
    def __init__(self, fail_on: int | None = None) -> None:
        self.written: list[list[Any]] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on
        self.busy = 0
        self.most_busy = 0
        self.lock = threading.Lock()

    def index_documents(self, batch: list[Any]) -> None:
        with self.lock:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        time.sleep(0.02)
        self.threads.add(threading.current_thread().name)
        with self.lock:
            self.busy -= 1
        if batch[0] == self.fail_on:
            raise EngineUnavailableError("分片 0 的镜像都无法写入", fix="启动搜索引擎节点")
        self.written.append(batch)


def test_batches_are_written_in_order_in_one_background_thread() -> None:
    eng = SlowEngine()
    w = BackgroundWriter(cast(Engine, eng), ahead=2)
    started = time.perf_counter()
    for i in range(6):
        w.submit([i])
    submitted = time.perf_counter() - started
    w.finish()
    w.close()
    assert eng.written == [[i] for i in range(6)]
    assert eng.most_busy == 1 and len(eng.threads) == 1
    assert next(iter(eng.threads)).startswith("kb-engine-write")
    assert threading.current_thread().name not in eng.threads
    assert submitted < 6 * 0.02  # the caller did not wait for every write


def test_a_failed_write_raises_in_the_caller() -> None:
    eng = SlowEngine(fail_on=1)
    w = BackgroundWriter(cast(Engine, eng), ahead=1)
    try:
        w.submit([0])
        w.submit([1])
        with pytest.raises(EngineUnavailableError):
            w.submit([2])  # waits for [1], which failed
    finally:
        w.close()
    assert eng.written == [[0]]


def test_finish_raises_the_last_failure() -> None:
    eng = SlowEngine(fail_on=0)
    w = BackgroundWriter(cast(Engine, eng))
    w.submit([0])
    with pytest.raises(EngineUnavailableError):
        w.finish()
    w.close()
