"""The index on disk: the only place that writes it.

Layout: ``index/CURRENT`` names the live generation, a folder ``index/gen-*`` holding a Whoosh index
and ``kb-meta.json`` (versions and times).  Writes go through :meth:`IndexStore.writer`, which commits
on success and cancels on any error; Whoosh writes its table of contents to a temporary file and
renames it, so a crash at any moment leaves the last committed state.  A full rebuild writes a new
generation beside the live one and swaps ``CURRENT`` atomically (``os.replace``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.index import Index, LockError
from whoosh.writing import IndexWriter

from kb.errors import IndexLockedError, IndexMissingError, IndexStaleError
from kb.index.faults import (  # noqa: F401  (re-exported)
    DAMAGE_ERRORS,
    UNWRITABLE,
    IndexDamagedError,
    IndexWriteError,
    unwritable_as_kb_error,
)
from kb.index.schema import build_schema, versions

META_FILE = "kb-meta.json"
POINTER = "CURRENT"
#: held (flock) by every process that changes the index: ingest, rebuild, upload, removal
WRITE_LOCK = "WRITE.lock"
REBUILD_HINT = "运行 `kb rebuild`，从文档文件夹重新建立索引"
#: descriptors of the write lock this process holds: a forked build worker closes them
#: (:func:`die_with_parent`), so that an orphaned worker never keeps the lock
HELD_LOCK_FDS: set[int] = set()
#: free space below which nothing is written (the index grows by about the size of its new text)
MIN_FREE_MB = 32

log = logging.getLogger(__name__)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    # surrogates (file names that are not UTF-8) are written escaped rather than failing the write
    _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace"))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file and rename it over ``path``; the temporary file never stays behind."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class IndexStore:
    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    # --- locating ----------------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        pointer = self.root / POINTER
        if pointer.is_file():
            name = pointer.read_text(encoding="utf-8").strip()
            if name and (self.root / name).is_dir():
                return self.root / name
        return None

    def exists(self) -> bool:
        d = self.current_dir()
        return d is not None and _exists_in(d)

    def meta(self) -> dict[str, Any]:
        d = self.current_dir()
        if d is None or not (d / META_FILE).is_file():
            return {}
        try:
            return dict(json.loads((d / META_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    # --- opening -----------------------------------------------------------------------------
    def open(self, check: bool = True) -> Index:
        d = self.current_dir()
        if d is not None and check and self.meta():
            # before Whoosh unpickles the schema: an index written by another kb version may name
            # classes that no longer exist, and the versions say so in plain words
            self.check_versions()
        try:
            present = d is not None and windex.exists_in(str(d))
        except DAMAGE_ERRORS as exc:  # a truncated table of contents
            raise IndexDamagedError(self.root, f"{exc.__class__.__name__}: {exc}") from exc
        except Exception as exc:  # a schema naming classes this kb does not have: another version
            raise IndexStaleError(f"索引无法打开（{exc.__class__.__name__}: {exc}）",
                                  path=self.root, fix=REBUILD_HINT) from exc
        if d is None or not present:
            raise IndexMissingError(
                "这里还没有索引", path=self.root,
                fix="运行 `kb ingest` 从文档文件夹建立索引（或者用 --index 指向另一个索引）")
        if check:
            self.check_versions()
        for attempt in range(3):
            try:
                ix = windex.open_dir(str(d))
                ix.reader().close()  # reads the table of contents and opens every segment's files
                return ix
            except FileNotFoundError as exc:
                # a commit in another process replaced the segment files between reading the table
                # of contents and opening them: read the new table of contents
                if attempt == 2:
                    raise IndexDamagedError(self.root, f"{exc.__class__.__name__}: {exc}") from exc
                time.sleep(0.05)
                d = self.current_dir() or d
            except Exception as exc:  # whoosh raises several types for a damaged index
                raise IndexDamagedError(self.root, f"{exc.__class__.__name__}: {exc}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def verify(self) -> list[str]:
        """Every segment file there, not empty and readable (:func:`kb.index.faults.verify`)."""
        from kb.index.faults import verify

        return verify(self)

    def damaged(self, exc: BaseException) -> IndexDamagedError:
        return IndexDamagedError(self.root, f"{exc.__class__.__name__}: {exc}")

    def segmenter(self) -> str:
        return str(self.meta().get("segmenter", "jieba"))

    def stale_reasons(self) -> list[str]:
        meta = self.meta()
        if not meta:
            return ["索引里没有 kb-meta.json"]
        want = versions(str(meta.get("segmenter", "jieba")))
        out = []
        for key in ("schema_version", "analyzer_version", "analysis_fingerprint"):
            if str(meta.get(key)) != want[key]:
                what = {"schema_version": "索引结构", "analyzer_version": "分析器",
                        "analysis_fingerprint": "用户词典或停用词"}[key]
                out.append(f"{what}已改变（索引 {meta.get(key)}，kb {want[key]}）")
        return out

    def check_versions(self) -> None:
        reasons = self.stale_reasons()
        if reasons:
            raise IndexStaleError("索引已过时：" + "；".join(reasons), path=self.root,
                                  fix=REBUILD_HINT)

    # --- creating ----------------------------------------------------------------------------
    def create_generation(self, segmenter: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        d = self.root / name
        d.mkdir()
        windex.create_in(str(d), build_schema(segmenter))
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        _write_json_atomic(d / META_FILE, versions(segmenter) | {"created": now, "updated": now})
        return d

    def activate(self, gen_dir: Path) -> None:
        """Make ``gen_dir`` the live index atomically, then remove older generations."""
        _write_json_atomic_text(self.root / POINTER, gen_dir.name)
        self.cleanup()

    def ensure(self, segmenter: str) -> None:
        """Create an empty index when there is none (a first ingest)."""
        if not self.exists():
            self.activate(self.create_generation(segmenter))

    def resumable(self, segmenter: str) -> Path | None:
        """The newest generation that is not live but can be filled further (a first ingest or a
        rebuild that was killed), when its versions are current; None otherwise."""
        want = versions(segmenter)
        for gen in reversed(self.orphans()):
            try:
                meta = json.loads((gen / META_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if _exists_in(gen) and all(str(meta.get(k)) == want[k] for k in
                                                   ("schema_version", "analyzer_version", "segmenter",
                                                    "analysis_fingerprint")):
                return gen
        return None

    def orphans(self) -> list[Path]:
        """Generations that are not live: left by a killed rebuild, or retired by a swap."""
        live = self.current_dir()
        return sorted(c for c in self.root.glob("gen-*")
                      if c.is_dir() and (live is None or c.name != live.name))

    def cleanup(self) -> list[Path]:
        """Remove generations other than the live one (call it holding :meth:`write_lock`, so that
        no rebuild is filling one).  Readers that still hold files open keep reading them (POSIX
        keeps unlinked files alive)."""
        removed = []
        for child in self.orphans():
            with contextlib.suppress(OSError):
                shutil.rmtree(child)
                removed.append(child)
                log.info("removed the unused index generation %s", child.name)
        return removed

    def touch(self, gen_dir: Path | None = None, **changes: Any) -> None:
        """Record the time of the last write (and any ``changes``) in ``kb-meta.json``, atomically."""
        d = gen_dir or self.current_dir()
        if d is None:
            return
        meta_path = d / META_FILE
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        meta.update(changes)
        meta["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        _write_json_atomic(meta_path, meta)

    def check_writable(self, need_bytes: int = 0) -> None:
        """Raise :class:`IndexWriteError` when the index cannot be written (read-only, no permission,
        less than ``MIN_FREE_MB`` MB plus twice ``need_bytes`` free), before anything is changed."""
        folder = self.root if self.root.is_dir() else self.root.parent
        with unwritable_as_kb_error(self.root):
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{uuid.uuid4().hex[:8]}"
            try:
                probe.write_bytes(b"kb")
            finally:
                probe.unlink(missing_ok=True)
            folder = self.root
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            return
        if free < MIN_FREE_MB * 1024 * 1024 + 2 * need_bytes:
            raise IndexWriteError(self.root, free_mb=free / 1048576)

    def lock_holder(self) -> int | None:
        """The pid written into the lock file by the process holding it (None when unknown)."""
        try:
            text = (self.root / WRITE_LOCK).read_text(encoding="ascii").strip()
            return int(text.split()[0]) if text else None
        except (OSError, ValueError, IndexError):
            return None

    # --- the whole-index write lock ------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self, wait: float = 10.0) -> Iterator[None]:
        """Only one process changes the index at a time (ingest, rebuild, upload, removal).  Waits up
        to ``wait`` seconds, then raises :class:`IndexLockedError`.  The lock is an ``flock`` on
        ``index/WRITE.lock``: the system releases it when its process dies, however it dies."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: Whoosh's own lock still serialises commits
            yield
            return
        with unwritable_as_kb_error(self.root):
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / WRITE_LOCK, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            deadline = time.monotonic() + max(wait, 0.0)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        raise self._locked_error() from None
                    time.sleep(0.1)
            HELD_LOCK_FDS.add(fd)
            try:
                # the holder's pid, for the message another process gives (the flock itself is what
                # locks: the system drops it when the holder and every worker it started are gone)
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            HELD_LOCK_FDS.discard(fd)
            os.close(fd)

    def _locked_error(self, by_holder: bool = True) -> IndexLockedError:
        pid = self.lock_holder() if by_holder else None
        if pid == os.getpid():
            pid = None
        alive = pid is not None and pid_alive(pid)
        if pid is not None and alive:
            what = f"另一个进程（pid {pid}）正在写入索引"
            fix = (f"等它完成（`kb ingest` / `kb rebuild` 或网站的上传）后再试；如果它卡住了，"
                   f"可以用 `kill {pid}` 结束它，然后重试")
        elif pid is not None:
            what = f"索引的写锁还被进程 {pid} 留下的子进程占着（进程 {pid} 已经结束）"
            fix = ("这些子进程会在手上的文件处理完后退出；稍等片刻再试，或者用 "
                   f"`fuser -k {self.root / WRITE_LOCK}` 结束占着锁的进程")
        else:
            what = "另一个进程正在写入索引"
            fix = f"等它完成后再试；用 `fuser {self.root / WRITE_LOCK}` 可以查看是哪个进程"
        return IndexLockedError(what, path=self.root, fix=fix)

    # --- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, ix: Index, timeout: float = 10.0, **kwargs: Any) -> Iterator[IndexWriter]:
        """A writer that commits when the block succeeds and cancels when it raises."""
        try:
            w = ix.writer(timeout=timeout, **kwargs)
        except LockError as exc:
            raise self._locked_error(by_holder=False) from exc
        try:
            yield w
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit()


def _exists_in(d: Path) -> bool:
    """Whether ``d`` holds a Whoosh index; True for one whose table of contents is damaged (opening
    it then says so, with the fix), where Whoosh's own test raises."""
    try:
        return bool(windex.exists_in(str(d)))
    except Exception:
        return any(d.glob("_MAIN_*.toc"))


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        if state == "Z":
            return False
    return True


def _write_json_atomic_text(path: Path, text: str) -> None:
    _write_atomic(path, (text + "\n").encode("utf-8"))


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), so
    a killed ``kb ingest`` leaves no worker behind, busy on a file and holding the index's lock file
    open; when the parent is already gone, exit at once.  No-op where prctl is missing."""
    import ctypes
    import ctypes.util

    for fd in list(HELD_LOCK_FDS):  # a forked worker shares the parent's lock: let go of it (not unlock)
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD_LOCK_FDS.clear()
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent or parent == 1:
        os._exit(1)
