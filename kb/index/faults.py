"""What goes wrong with the index on disk, in words: a damaged part (:class:`IndexDamagedError`,
fixed by ``kb rebuild``), a full disk or read-only folder (:class:`IndexWriteError`), and
:func:`verify`, which reads every segment file back (``kb check``)."""

from __future__ import annotations

import contextlib
import errno
import pickle
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex

from kb.errors import IndexError_, IndexStaleError

if TYPE_CHECKING:
    from kb.index.store import IndexStore


class IndexWriteError(IndexError_):
    """The index cannot be written: the disk is full, or the folder is read-only."""

    code = "index-unwritable"

    def __init__(self, root: Path, exc: OSError | None = None, free_mb: float | None = None) -> None:
        if exc is not None and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            self.code = "read-only"
            what = ("索引文件夹是只读的" if exc.errno == errno.EROFS else "没有写入索引文件夹的权限") + \
                   f"（{exc.strerror}：{exc.filename or root}）"
            fix = "把索引放到可写的位置（--index 或 KB_INDEX），或者修改这个文件夹的权限后重试；文档文件夹没有被改动"
        else:
            self.code = "disk-full"
            left = f"只剩 {free_mb:.0f} MB" if free_mb is not None else (exc.strerror if exc else "")
            what = f"索引所在的磁盘空间不足（{left}）"
            fix = "清理磁盘空间（或把索引放到空间更大的位置：--index / KB_INDEX）后重试；文档文件夹没有被改动"
        super().__init__(f"无法写入索引：{what}", path=root, fix=fix)


#: what reading a damaged index raises (a truncated table of contents, term or column file, a
#: missing postings file): turned into :class:`IndexDamagedError`
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, pickle.UnpicklingError, struct.error,
                                                  zlib.error)


class IndexDamagedError(IndexStaleError):
    """A part of the index cannot be read (truncated, missing, overwritten)."""

    code = "index-damaged"

    def __init__(self, root: Path, detail: str) -> None:
        super().__init__(f"索引已损坏，有部分文件读不出来（{detail}）", path=root,
                         fix="运行 `kb rebuild` 从文档文件夹重新建立索引（文档本身没有受影响）")


#: errors of the operating system that mean "cannot write here", whatever file it was
UNWRITABLE = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG)


@contextlib.contextmanager
def unwritable_as_kb_error(root: Path) -> Iterator[None]:
    """Turn a full disk or a read-only file system met while writing the index into
    :class:`IndexWriteError` (no traceback; the live generation stays as it was)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in UNWRITABLE:
            raise IndexWriteError(root, exc) from exc
        raise


def verify(store: IndexStore) -> list[str]:
    """Every file of every segment of the live generation is there, not empty, and reads back
    (table of contents, terms, the first and last postings of each field, all stored fields).
    Problems in words (Chinese, with the fix); empty when the index is sound.  Reads everything:
    for ``kb check``, not for every search."""
    d = store.current_dir()
    if d is None:
        return []
    problems: list[str] = []
    try:
        ix = windex.open_dir(str(d))
        toc = ix._read_toc()  # noqa: SLF001 - the list of segments is only there
    except Exception as exc:
        return [str(IndexDamagedError(store.root, f"目录文件（_MAIN_*.toc）：{exc.__class__.__name__}: {exc}"))]
    for seg in toc.segments:
        name = seg.make_filename("")
        for ext in (".trm", ".pst", "._stored.col"):
            f = d / seg.make_filename(ext)
            if not f.is_file():
                problems.append(str(IndexDamagedError(store.root, f"缺少文件 {f.name}")))
        for f in sorted(d.glob(name + "*")):
            if f.is_file() and f.stat().st_size == 0:
                problems.append(str(IndexDamagedError(store.root, f"文件 {f.name} 是空的")))
    if problems:
        return problems
    try:
        with ix.reader() as r:
            for _docnum, _fields in r.iter_docs():
                pass
            last: dict[str, bytes] = {}
            for fieldname, term in r.all_terms():
                if fieldname not in last:
                    r.postings(fieldname, term).all_ids()
                last[fieldname] = term
            for fieldname, term in last.items():
                for _id in r.postings(fieldname, term).all_ids():
                    pass
    except Exception as exc:
        problems.append(str(IndexDamagedError(store.root, f"{exc.__class__.__name__}: {exc}")))
    return problems
