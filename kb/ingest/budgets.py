"""Per-file budgets: the time a file's build may take and the memory a build worker may use.

- :func:`time_budget` raises :class:`OverTime` inside the build after ``settings.file_seconds``
  (SIGALRM in the main thread; the parent's watchdog in :mod:`kb.ingest.workers` is the limit for a
  build stuck in C code); the boundary reports it as :class:`FileTooSlowError` (``too-slow``).
- :func:`memory_budget` caps a worker process's address space, so a build that needs more raises
  MemoryError, reported as :class:`FileTooBigError` (``too-big``), instead of pushing the machine
  into swap.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kb.errors import KbError


class FileTooSlowError(KbError):
    """Building one file took longer than ``settings.file_seconds``."""

    code = "too-slow"

    def __init__(self, path: Path | str, seconds: float) -> None:
        super().__init__(f"处理这个文件超过了 {seconds:g} 秒的时限，已放弃（其余文件照常索引）", path=path,
                         fix="把文件拆成几个较小的文件，或者用 KB_FILE_SECONDS / kb.toml 的 file_seconds 放宽时限")


class FileTooBigError(KbError):
    """Building one file needed more memory than ``settings.file_memory_mb``."""

    code = "too-big"

    def __init__(self, path: Path | str, mb: int) -> None:
        super().__init__(f"处理这个文件需要的内存超过了 {mb} MB 的上限，已放弃（其余文件照常索引）", path=path,
                         fix="把文件拆成几个较小的文件，或者用 KB_FILE_MEMORY_MB / kb.toml 的 file_memory_mb 放宽上限")


class OverTime(BaseException):
    """Raised by the alarm inside a file's build (a BaseException, so no ``except Exception`` in a
    build stage swallows it)."""


#: after the deadline the alarm repeats this often until the build has stopped
_ALARM_REPEAT = 0.25


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OverTime` after ``seconds`` (SIGALRM, only in the main thread; elsewhere the
    parent's watchdog is the limit).  An alarm already set by the caller (pytest-timeout) is kept:
    when it comes first ours is not set, and it is re-armed with its remaining time afterwards.

    The alarm repeats every ``_ALARM_REPEAT`` s after the deadline: an exception raised by a signal
    handler is lost when it lands in a finalizer (``__del__``, a weakref callback, the garbage
    collector), which print it as "Exception ignored" and carry on; with one alarm the build then
    ran to its end without a limit (seen in CI: 78 s on a 3 s budget)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL) if usable else (0.0, 0.0)
    if not usable or 0 < old_delay <= seconds:
        yield
        return
    armed = [True]

    def _alarm(_signum: int, _frame: Any) -> None:
        if armed[0]:
            raise OverTime()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, _ALARM_REPEAT)
    try:
        yield
    finally:
        while True:  # an alarm may land here too: disarm until it holds
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except OverTime:
                continue
        signal.signal(signal.SIGALRM, previous)
        if old_delay > 0:
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - started), 0.001),
                             old_interval)


def memory_budget(mb: int) -> None:
    """Cap this worker's address space at what it uses now plus ``mb`` MB: a file whose build needs
    more raises MemoryError (reported ``too-big``) instead of pushing the machine into swap."""
    if mb <= 0:
        return
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):  # pragma: no cover - not Linux
        return
