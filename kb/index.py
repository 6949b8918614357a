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
from kb.schema import build_schema, versions

META_FILE = "kb-meta.json"
POINTER = "CURRENT"
REBUILD_HINT = "run `kb rebuild` to build it again from the corpus"


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
        return d is not None and windex.exists_in(str(d))

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
        if d is None or not windex.exists_in(str(d)):
            raise IndexMissingError(
                "no index here yet", path=self.root,
                fix="run `kb ingest` to build it from corpus/ (or pass --index to point at another one)")
        if check:
            self.check_versions()
        try:
            return windex.open_dir(str(d))
        except Exception as exc:  # whoosh raises several types for a damaged index
            raise IndexStaleError(f"the index cannot be opened ({exc.__class__.__name__}: {exc})",
                                  path=self.root, fix=REBUILD_HINT) from exc

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

    def cleanup(self) -> None:
        """Remove generations other than the live one.  Readers that still hold files open keep
        reading them (POSIX keeps unlinked files alive)."""
        live = self.current_dir()
        for child in self.root.glob("gen-*"):
            if child.is_dir() and (live is None or child.name != live.name):
                with contextlib.suppress(OSError):
                    shutil.rmtree(child)

    def touch(self, gen_dir: Path | None = None) -> None:
        d = gen_dir or self.current_dir()
        if d is None:
            return
        meta_path = d / META_FILE
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        meta["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        _write_json_atomic(meta_path, meta)

    # --- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, ix: Index, timeout: float = 10.0, **kwargs: Any) -> Iterator[IndexWriter]:
        """A writer that commits when the block succeeds and cancels when it raises."""
        try:
            w = ix.writer(timeout=timeout, **kwargs)
        except LockError as exc:
            raise IndexLockedError(
                "another process is writing to the index", path=self.root,
                fix="wait for the other `kb ingest` (or the site's upload) to finish and try again; "
                    "a lock left by a killed process is released automatically") from exc
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
