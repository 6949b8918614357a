"""Adding files: the one flow behind ``kb add`` and the site's upload page.

``add_files(items, settings)`` takes (name, bytes) pairs (an upload) or paths (``kb add``) and
returns an :class:`AddReport`: one :class:`~kb.models.FileReport` per item, in order, under the name
it was given.  Each item is handled on its own (the per-file boundary of
:mod:`kb.ingest.workers`): a bad name, bad content or a defect of kb fails that item only.

- Before the corpus is touched, the index is checked to be writable with room to spare
  (:meth:`~kb.index.store.IndexStore.check_writable`): a full disk or a read-only index fails the
  whole add and saves nothing.
- ``kb add`` reads only regular files: a symbolic link (which could point at ``/etc/passwd``), a
  FIFO, a socket or a device is refused unread.
- The files are saved (:func:`kb.ingest.corpus.upload`) and then indexed in one ingest; when that
  ingest cannot run (the index is locked, the disk filled up meanwhile), the files this add saved are
  taken out of the corpus again, so it is left as it was, and each item says so.
"""

from __future__ import annotations

import logging
import os
import stat
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.config import Settings
from kb.errors import FileTooLargeError, KbError, UnsafePathError, describe
from kb.index.store import IndexStore
from kb.ingest.corpus import Upload, upload
from kb.ingest.discover import special_kind
from kb.ingest.pipeline import ingest
from kb.ingest.workers import InternalBuildError, strict
from kb.models import FileReport, IngestReport

log = logging.getLogger(__name__)

Item = tuple[str, bytes] | Path


@dataclass
class AddReport:
    """What an add did: the ingest report, and each item's report under the name it was given."""

    report: IngestReport
    items: list[tuple[str, FileReport]] = field(default_factory=list)
    #: (the name given, where it went) for every item saved into the corpus
    uploads: list[tuple[str, Upload]] = field(default_factory=list)


def read_source(path: Path, settings: Settings) -> bytes:
    """The bytes of a file to add; only a regular file is read (never through a symbolic link)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePathError("这是一个符号链接，kb add 不跟随符号链接（它可能指向系统文件）", path=path,
                              fix="给出真实文件的路径，或者先把文件复制过来")
    if not stat.S_ISREG(st.st_mode):
        kind = special_kind(path) or "特殊文件"
        raise UnsafePathError(f"这是{kind}，不是普通文件，kb 不读取它", path=path, fix="给出一个普通文件的路径")
    limit = int(settings.max_file_mb * 1024 * 1024)
    if st.st_size > limit:
        raise FileTooLargeError(f"文件大小 {st.st_size / 1048576:.1f} MB，超过上限 "
                                f"{settings.max_file_mb:g} MB", path=path,
                                fix="把它拆分成几个文件，或用 KB_MAX_FILE_MB 或 kb.toml 中的 max_file_mb 调高上限")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped for something else meanwhile
            raise UnsafePathError("这不是普通文件，kb 不读取它", path=path, fix="给出一个普通文件的路径")
        return fh.read(limit + 1)


def _failed(name: str, exc: KbError) -> FileReport:
    return FileReport(name, "failed", error=f"{name}: {describe(exc.reason, exc.fix)}", code=exc.code)


def _save_one(item: Item, settings: Settings) -> tuple[str, Upload]:
    if isinstance(item, Path):
        try:
            data = read_source(item, settings)
        except OSError as exc:
            raise KbError(f"文件无法读取（{exc.strerror}）", path=item,
                          fix="检查路径和文件的读取权限") from exc
        return str(item), upload(item.name, data, settings)
    name, data = item
    return name, upload(name, data, settings)


def _display(item: Item) -> str:
    if isinstance(item, Path):
        return str(item)
    return item[0].encode("utf-8", "backslashreplace").decode("utf-8")


def add_files(items: Iterable[Item], settings: Settings) -> AddReport:
    items = list(items)
    need = sum(len(i[1]) if isinstance(i, tuple) else 0 for i in items)
    IndexStore(settings.index).check_writable(need)  # raises before the corpus is touched
    slots: list[tuple[str, FileReport | Upload]] = []
    for item in items:
        name = _display(item)
        try:
            shown, up = _save_one(item, settings)
        except KbError as exc:
            slots.append((name, _failed(name, exc)))
            continue
        except Exception as exc:  # a defect of kb (or a name no file system takes): this item only
            if strict():
                raise
            log.error("%s: internal error while adding this file:\n%s", name, traceback.format_exc())
            slots.append((name, _failed(name, InternalBuildError(name, exc))))
            continue
        slots.append((shown, up))
    saved = [u for _n, u in slots if isinstance(u, Upload)]
    try:
        report = ingest([u.path for u in saved], settings, prune=False) if saved else \
            IngestReport(index=str(settings.index))
    except KbError as exc:
        for u in saved:
            if not u.duplicate:
                u.path.unlink(missing_ok=True)
        note = KbError(f"没有加入：{exc.reason}；文件没有保存到文档文件夹", fix=exc.fix)
        note.code = exc.code  # index-locked, disk-full, read-only ...
        return AddReport(IngestReport(index=str(settings.index)),
                         [(n, s if isinstance(s, FileReport) else _failed(n, note)) for n, s in slots])
    by_key = {f.path: f for f in report.files}
    corpus = settings.corpus
    out: list[tuple[str, FileReport]] = []
    for n, s in slots:
        if isinstance(s, FileReport):
            out.append((n, s))
            continue
        key = _key(s.path, corpus)
        f = by_key.get(key) or FileReport(key, "unchanged")
        out.append((n, f))
    # the ingest report, with the refused items first (as `kb add --json` has always listed them)
    report.files[:0] = [f for _n, f in out if not any(f is g for g in report.files)
                        and f.status == "failed"]
    return AddReport(report, out, [(n, u) for n, u in slots if isinstance(u, Upload)])


def _key(path: Path, corpus: Path) -> str:
    from kb.index.writer import source_key

    return source_key(path, corpus)
