"""A long benchmark's figures as they come: one JSON line per finished step in a progress file, so a
run stopped at any point (killed, out of memory, out of time) still yields honest figures for what
it finished.

Each line: ``{"step": ..., "at": UTC time, "elapsed_s": since the run started, "load1": load average,
"memory": {...}, "figures": what this step measured, "so_far": every figure of the run until now}``.
``memory`` holds the machine's available memory and, when the process runs in a memory cgroup (v1),
the cgroup's usage and peak usage.  During the engine ingest, :class:`IngestWatch` adds a
``checkpoint`` line each time the engine holds another ``every`` passages (counted on the engine
itself) and at least every ``heartbeat`` seconds, with throughput and memory at that point.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

MB = 1048576


def cgroup_memory(proc_cgroup: Path = Path("/proc/self/cgroup"),
                  root: Path = Path("/sys/fs/cgroup/memory")) -> dict[str, float]:
    """Usage and peak usage (MB) of this process's memory cgroup (v1); empty when there is none."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return {}
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3 and "memory" in parts[1].split(","):
            d = root / parts[2].lstrip("/")
            out: dict[str, float] = {}
            for key, name in (("cgroup_mb", "memory.usage_in_bytes"), ("cgroup_peak_mb", "memory.max_usage_in_bytes"),
                              ("cgroup_limit_mb", "memory.limit_in_bytes")):
                with contextlib.suppress(OSError, ValueError):
                    out[key] = round(int((d / name).read_text().strip()) / MB, 1)
            if out.get("cgroup_limit_mb", 0) > 1e9:  # no limit set
                out.pop("cgroup_limit_mb")
            return out
    return {}


def memory_now() -> dict[str, float]:
    return {"available_mb": round(psutil.virtual_memory().available / MB, 1)} | cgroup_memory()


class Progress:
    """Appends one JSON line per step to ``path`` (flushed and synced at once); no file: does nothing."""

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.clock = clock
        self.started = clock()
        self.so_far: dict[str, Any] = {}
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def step(self, name: str, figures: dict[str, Any], record: bool = True) -> dict[str, Any]:
        """Write the line of step ``name``; ``record``: its figures join ``so_far`` (a checkpoint's don't)."""
        with self._lock:
            if record:
                self.so_far.update(figures)
            line = {"step": name, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "elapsed_s": round(self.clock() - self.started, 1), "load1": round(os.getloadavg()[0], 2),
                    "memory": memory_now(), "figures": figures, "so_far": dict(self.so_far)}
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(line, ensure_ascii=False) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
            return line


def tree(proc: psutil.Process) -> tuple[int, float]:
    """(resident bytes, CPU seconds) of ``proc``'s children, recursively (the process itself not counted)."""
    rss, cpu = 0, 0.0
    try:
        family = proc.children(recursive=True)
    except psutil.Error:  # a child ended while being listed
        return rss, cpu
    for p in family:
        with contextlib.suppress(psutil.Error):
            rss += p.memory_info().rss
            t = p.cpu_times()
            cpu += t.user + t.system
    return rss, cpu


class IngestWatch(threading.Thread):
    """While an ingest runs: every ``poll`` seconds, ``count()`` passages in the engine; a checkpoint
    line when another ``every`` passages are in, or ``heartbeat`` seconds passed since the last line.
    ``engine()`` gives (resident bytes, CPU seconds) of the engine's processes; the ingest's own
    are this process's children."""

    def __init__(self, progress: Progress, count: Callable[[], int], engine: Callable[[], tuple[int, float]],
                 every: int = 50000, poll: float = 15.0, heartbeat: float = 600.0) -> None:
        super().__init__(daemon=True, name="ingest-watch")
        self.progress, self.count, self.engine = progress, count, engine
        self.every, self.poll, self.heartbeat = every, poll, heartbeat
        self.done = threading.Event()
        self.lines: list[dict[str, Any]] = []
        self.peak_engine_rss = 0
        self.peak_ingest_rss = 0

    def run(self) -> None:
        t0 = time.monotonic()
        e_rss0, e_cpu0 = self.engine()
        k_cpu0 = tree(psutil.Process())[1]
        last_n, last_t, next_mark, last_line = 0, t0, self.every, t0
        while not self.done.wait(self.poll):
            try:
                n = self.count()
            except Exception:  # the engine busy or restarting: try again at the next poll
                continue
            now = time.monotonic()
            e_rss, e_cpu = self.engine()
            k_rss, k_cpu = tree(psutil.Process())
            self.peak_engine_rss = max(self.peak_engine_rss, e_rss)
            self.peak_ingest_rss = max(self.peak_ingest_rss, k_rss)
            if n < next_mark and now - last_line < self.heartbeat:
                continue
            wall = now - t0
            figures = {"passages_in_engine": n, "ingest_elapsed_s": round(wall, 1),
                       "passages_s": round(n / wall, 1) if wall else 0.0,
                       "passages_s_since_last": round((n - last_n) / (now - last_t), 1) if now > last_t else 0.0,
                       "engine_rss_mb": round(e_rss / MB, 1), "ingest_rss_mb": round(k_rss / MB, 1),
                       "engine_cpu_s": round(e_cpu - e_cpu0, 1), "ingest_cpu_s_live": round(k_cpu - k_cpu0, 1),
                       "engine_rss_start_mb": round(e_rss0 / MB, 1)}
            self.lines.append(self.progress.step("checkpoint", figures, record=False))
            last_n, last_t, last_line = n, now, now
            while next_mark <= n:
                next_mark += self.every

    def stop(self) -> None:
        self.done.set()
        self.join(self.poll + 30)
