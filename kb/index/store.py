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
from kb.index.schema import build_schema, versions

META_FILE = "kb-meta.json"
POINTER = "CURRENT"
#: held (flock) by every process that changes the index: ingest, rebuild, upload, removal
WRITE_LOCK = "WRITE.lock"
REBUILD_HINT = "run `kb rebuild` to build it again from the corpus"
LOCKED_FIX = ("wait for the other `kb ingest` / `kb rebuild` (or the site's upload) to finish and try "
              "again; a lock left by a killed process is released automatically")

log = logging.getLogger(__name__)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


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
        if d is None:
            return False
        try:
            return bool(windex.exists_in(str(d)))
        except Exception:  # a damaged index, or one written by another kb version: it is there, and
            return True   # opening it says what is wrong (stale versions, or cannot be opened)

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
        except Exception as exc:  # whoosh raises several types for a damaged or foreign index
            raise IndexStaleError(f"the index cannot be opened ({exc.__class__.__name__}: {exc})",
                                  path=self.root, fix=REBUILD_HINT) from exc
        if d is None or not present:
            raise IndexMissingError(
                "no index here yet", path=self.root,
                fix="run `kb ingest` to build it from corpus/ (or pass --index to point at another one)")
        if check:
            self.check_versions()
        for attempt in range(3):
            try:
                return windex.open_dir(str(d))
            except FileNotFoundError:
                # a commit in another process replaced the segment files between reading the table
                # of contents and opening them: read the new table of contents
                if attempt == 2:
                    raise
                time.sleep(0.05)
                d = self.current_dir() or d
            except Exception as exc:  # whoosh raises several types for a damaged index
                raise IndexStaleError(f"the index cannot be opened ({exc.__class__.__name__}: {exc})",
                                      path=self.root, fix=REBUILD_HINT) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def segmenter(self) -> str:
        return str(self.meta().get("segmenter", "jieba"))

    def stale_reasons(self) -> list[str]:
        meta = self.meta()
        if not meta:
            return ["the index has no kb-meta.json"]
        want = versions(str(meta.get("segmenter", "jieba")))
        out = []
        for key in ("schema_version", "analyzer_version", "analysis_fingerprint"):
            if str(meta.get(key)) != want[key]:
                what = {"schema_version": "schema", "analyzer_version": "analyzer",
                        "analysis_fingerprint": "user dictionary or stop words"}[key]
                out.append(f"{what} changed (index {meta.get(key)}, kb {want[key]})")
        return out

    def check_versions(self) -> None:
        reasons = self.stale_reasons()
        if reasons:
            raise IndexStaleError("the index is stale: " + "; ".join(reasons), path=self.root,
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
            if windex.exists_in(str(gen)) and all(str(meta.get(k)) == want[k] for k in
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
                        raise IndexLockedError("another process is writing to the index", path=self.root,
                                               fix=LOCKED_FIX) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    # --- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, ix: Index, timeout: float = 10.0, **kwargs: Any) -> Iterator[IndexWriter]:
        """A writer that commits when the block succeeds and cancels when it raises."""
        try:
            w = ix.writer(timeout=timeout, **kwargs)
        except LockError as exc:
            raise IndexLockedError("another process is writing to the index", path=self.root,
                                   fix=LOCKED_FIX) from exc
        try:
            yield w
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit()


def _write_json_atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)
