"""Running the pure build step (extract -> clean -> segment -> classify) for many files.

``map_build(jobs, settings)`` yields ``(job, Document | KbError)`` **in the order of jobs**:

- With more than one worker (``settings.workers``; 0 = one per core) and enough work
  (``MIN_PARALLEL_JOBS`` files), the files are built in a pool of worker processes, at most
  ``PREFETCH`` jobs per worker in flight, so memory stays bounded however large the corpus is.
  Each worker loads the segmenter once (``_init_worker``; a forked worker inherits it loaded).
- The workers also segment the passages' text (``kb.analysis.tokens_ahead``): the parent hands the
  tokens to the word tokenizer (``remember_tokens``), so the single Whoosh writer process, the
  bottleneck of ingestion, only builds postings.
- **One per-file boundary** (:func:`build_one`, used by the worker and the in-process path alike):
  building a file returns a ``Document`` or the ``KbError`` that is that file's failure.  A
  ``KbError`` is the file's own problem; *any other* exception is a defect of kb, and becomes an
  :class:`InternalBuildError` (code ``internal``; a Chinese message naming the file, saying it is a
  defect of kb and how to report it; the traceback goes to the log), so the batch goes on and the
  rest is indexed.  ``KB_STRICT=1`` (set by the test suite) re-raises instead: in the parent as
  :class:`BuildError`, whose message names the file, chained to the original.
- Each file is built under a time budget (``settings.file_seconds``: :class:`FileTooSlowError`,
  ``too-slow``) and, in a worker process, a memory budget (``settings.file_memory_mb``:
  :class:`FileTooBigError`, ``too-big``); both live in :mod:`kb.ingest.budgets`.
- A worker process that dies (killed, out of memory, a crash in a C extension) breaks the pool;
  the jobs that were in flight are then built again one at a time, each in a fresh single-worker
  pool, so the file that kills its worker is reported as a :class:`WorkerCrashError` (a ``KbError``:
  the file fails, the rest of the batch goes in) and the other jobs still complete.

``writer_options`` tunes the Whoosh writer for a batch.  Why one writer process: Whoosh's own
multiprocessing writer (``procs=N``) works with kb's tokenizers (they pickle by name), but measured
on two cores (3,000 passages, docs/benchmark.md) it was slower with its commit-time merge (355 vs
409 passages/s: the merge re-reads every posting); ``multisegment=True`` was faster per batch
(547/s) but leaves ``N`` segments per commit, smaller than Whoosh's 5,000-document threshold for
skipping blocks at query time, which its merge policy then merges anyway; and its sub-writers
would segment the text again (the tokens from the build workers live in this process).  So the
parallelism is in the build step, and the writer gets a generous in-memory pool.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import KbError
from kb.index.store import die_with_parent
from kb.ingest.budgets import FileTooBigError, FileTooSlowError, OverTime, memory_budget, time_budget
from kb.models import Document

log = logging.getLogger(__name__)

#: fewer files than this are built in-process (a pool costs ~0.3 s to start a worker)
MIN_PARALLEL_JOBS = 4
#: jobs in flight per worker: enough to keep workers busy while the parent writes
PREFETCH = 4
#: a document with more text than this (characters) comes back from its worker without its tokens,
#: and the index writer segments it itself, passage by passage: the tokens of a 50 MB text are
#: ~2 GB of Python tuples, over the worker's memory budget (and slow to send between processes)
AHEAD_MAX_CHARS = 2_000_000
#: workers run at a lower priority than the parent, whose Whoosh writer bounds the ingest
WORKER_NICE = 5


class BuildError(RuntimeError):
    """An unexpected exception (a bug, not a bad file) while building one file; names the file."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: unexpected error while building this file: {detail}")


class WorkerCrashError(KbError):
    """The worker process building a file died (killed, out of memory, a crash in a C library)."""

    code = "crash"


class InternalBuildError(KbError):
    """Any exception other than a KbError while building one file: a defect of kb, not of the file."""

    code = "internal"

    def __init__(self, path: Path | str, exc: BaseException, tb: str = "") -> None:
        self.detail = f"{exc.__class__.__name__}: {exc}"[:300]
        self.traceback_text = tb
        super().__init__(
            f"kb 处理这个文件时内部出错（{self.detail}）。这是 kb 的缺陷，不是文件的问题；其余文件照常索引",
            path=path,
            fix="请把这条消息、日志里的出错位置（Traceback）和这个文件一起报告给 kb 的维护者；"
                "修好之前，可以把这个文件移出文档文件夹")


def strict() -> bool:
    """``KB_STRICT=1``: a defect while building a file is raised, not reported as that file's failure."""
    return os.environ.get("KB_STRICT", "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class BuildJob:
    path: Path
    key: str
    sha256: str
    size: int


def worker_count(settings: Settings, n_jobs: int | None = None) -> int:
    """How many worker processes to use: ``settings.workers``, 0 meaning one per usable core."""
    n = settings.workers
    if n <= 0:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not Linux
            n = os.cpu_count() or 1
    if n_jobs is not None:
        n = min(n, n_jobs)
    return max(1, n)


def worker_nice(settings: Settings) -> int:
    """How much a build worker lowers its priority: ``WORKER_NICE`` when the index writer in the parent
    bounds the ingest (Whoosh: when the cores are busy, the writer goes first); none for the engine,
    where the parent only sends rows and the workers are the bound (measured at 1M passages on a busy
    machine: the workers at nice 5 got 12% of a core each)."""
    return 0 if settings.backend == "sphinx" else WORKER_NICE


def build_one(job: BuildJob, settings: Settings) -> Document | KbError:
    """The per-file boundary: a built document, or that file's failure (see the module docstring)."""
    from kb.ingest.pipeline import build_document

    try:
        with time_budget(settings.file_seconds):
            return build_document(job.path, job.key, settings, sha256=job.sha256, data_size=job.size)
    except KbError as exc:
        return exc
    except OverTime:
        return FileTooSlowError(job.path, settings.file_seconds)
    except MemoryError:
        return FileTooBigError(job.path, settings.file_memory_mb)
    except Exception as exc:
        if strict():
            raise
        return InternalBuildError(job.path, exc, traceback.format_exc())


def _log_failure(job: BuildJob, result: Document | KbError) -> Document | KbError:
    if isinstance(result, InternalBuildError):
        log.error("%s: internal error while building this file (a defect of kb):\n%s", job.path,
                  result.traceback_text or result.detail)
    return result


# --- in the worker ------------------------------------------------------------------------------
_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    die_with_parent()
    memory_budget(settings.file_memory_mb)
    logging.getLogger().setLevel(logging.WARNING)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(worker_nice(settings))
    from kb.analysis import get_segmenter, idioms

    get_segmenter(settings.segmenter)  # load the dictionary once per worker, not per file
    idioms()  # and the sayings finder's, before any file's time budget starts


def _shipped_error(exc: KbError) -> tuple[type[KbError], tuple[Any, ...], dict[str, Any]]:
    """A KbError as (class, args, attributes): its __init__ takes other arguments than it stores,
    so plain pickling would lose the path, reason and fix."""
    state = {k: v for k, v in vars(exc).items() if k not in ("__cause__", "__context__", "__traceback__")}
    return type(exc), exc.args, state


def _restore_error(cls: type[KbError], args: tuple[Any, ...], state: dict[str, Any]) -> KbError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


def _work(job: BuildJob) -> tuple[str, Any]:
    assert _worker_settings is not None
    try:
        result = build_one(job, _worker_settings)
    except Exception as exc:  # a bug: ship it back as text, the parent raises BuildError
        return "bug", (f"{exc.__class__.__name__}: {exc}", traceback.format_exc())
    if isinstance(result, KbError):
        return "error", _shipped_error(result)
    from kb.analysis import tokens_ahead

    texts = [p.text for p in result.passages]
    if sum(len(t) for t in texts) > AHEAD_MAX_CHARS:  # the writer segments it, one passage at a time
        return "ok", (result, None)
    return "ok", (result, tokens_ahead(texts, _worker_settings.segmenter))


# --- in the parent ------------------------------------------------------------------------------
def _unpack(job: BuildJob, kind: str, payload: Any, settings: Settings) -> Document | KbError:
    if kind == "ok":
        from kb.analysis import remember_tokens

        doc, tokens = payload
        if tokens is not None:
            remember_tokens(settings.segmenter, [p.text for p in doc.passages], tokens)
        return doc  # type: ignore[no-any-return]
    if kind == "error":
        return _restore_error(*payload)
    detail, remote_tb = payload
    raise BuildError(job.path, detail) from RuntimeError("in the worker process:\n" + remote_tb)


def _start_method() -> str:
    """fork when this process has one thread (the command line, the benchmark): workers start at once
    and share the loaded dictionary; from a threaded process (the site) fork can deadlock on a lock
    held by another thread, so workers start from a clean forkserver process instead."""
    return "fork" if threading.active_count() == 1 else "forkserver"


def _pool(n: int, settings: Settings) -> ProcessPoolExecutor:
    ctx = get_context(_start_method())
    return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(settings,))


def _kill(pool: ProcessPoolExecutor) -> None:
    for proc in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(OSError, AttributeError):
            proc.kill()


def _hard_limit(settings: Settings) -> float | None:
    """How long the parent waits for a worker's answer before it kills the worker: the alarm inside
    the worker stops Python code at ``file_seconds``; this stops a build stuck in C code."""
    return settings.file_seconds * 1.5 + 10 if settings.file_seconds > 0 else None


def _alone(job: BuildJob, settings: Settings) -> Document | KbError:
    """Build one job in a fresh one-worker pool: a crash then names exactly this file."""
    with _pool(1, settings) as pool:
        try:
            kind, payload = pool.submit(_work, job).result(timeout=_hard_limit(settings))
        except TimeoutError:
            _kill(pool)
            return FileTooSlowError(job.path, settings.file_seconds)
        except BrokenProcessPool:
            return WorkerCrashError(
                "处理这个文件的工作进程意外退出（被终止、内存不足，或文档库程序崩溃）", path=job.path,
                fix="确认文件能正常打开，再运行一次 `kb ingest`；其他文件已经收录")
    return _unpack(job, kind, payload, settings)


def map_build(jobs: list[BuildJob], settings: Settings) -> Iterator[tuple[BuildJob, Document | KbError]]:
    """(job, Document or that file's failure), in order.  With ``KB_STRICT=1`` a defect raises
    :class:`BuildError`."""
    n = worker_count(settings, len(jobs))
    if jobs:  # before the first file's time budget starts (forked workers inherit it)
        from kb.analysis import idioms

        idioms()
    if n <= 1 or len(jobs) < MIN_PARALLEL_JOBS:
        for job in jobs:
            try:
                result = build_one(job, settings)
            except Exception as exc:  # only with KB_STRICT=1
                raise BuildError(job.path, f"{exc.__class__.__name__}: {exc}") from exc
            yield job, _log_failure(job, result)
        return
    yield from _map_pool(jobs, settings, n)


def _map_pool(jobs: list[BuildJob], settings: Settings, n: int) -> Iterator[tuple[BuildJob, Document | KbError]]:
    pending = deque(jobs)
    pool = _pool(n, settings)
    in_flight: deque[tuple[BuildJob, Future[tuple[str, Any]]]] = deque()
    try:
        while pending or in_flight:
            while pending and len(in_flight) < n * PREFETCH:
                job = pending.popleft()
                in_flight.append((job, pool.submit(_work, job)))
            job, fut = in_flight.popleft()
            try:
                # a job waits behind at most PREFETCH others of its worker
                limit = _hard_limit(settings)
                kind, payload = fut.result(timeout=limit * (PREFETCH + 1) if limit else None)
            except (BrokenProcessPool, TimeoutError):
                _kill(pool)
                # a worker died: rebuild what was in flight one by one, then carry on with a new pool
                log.warning("a build worker died; rebuilding %d file(s) one at a time",
                            len(in_flight) + 1)
                pool.shutdown(wait=False, cancel_futures=True)
                retry = [job] + [j for j, _f in in_flight]
                in_flight.clear()
                for j in retry:
                    yield j, _log_failure(j, _alone(j, settings))
                pool = _pool(n, settings)
                continue
            yield job, _log_failure(job, _unpack(job, kind, payload, settings))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def writer_options(n_passages: int, settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``Index.writer`` suited to a batch of ``n_passages``.

    - One writer process (see the module docstring).
    - ``limitmb``: the pool Whoosh sorts postings in before spilling runs to disk: about 250
      postings of ~60 bytes per passage, so a 3,000-passage batch needs ~45 MB and the default
      256 MB keeps every batch in memory.
    - ``compound=False``: each segment stays a set of plain files.  A reader opens a compound segment
      by copying its postings and term files into memory (``BytesIO``): at 100k passages that was
      ~380 MB of private memory in every site process before the first query (profiled with
      tracemalloc); plain files are read on demand through the page cache, shared by all readers."""
    return {"limitmb": settings.limitmb, "compound": False}
