"""Discovery: which files of the corpus (or of the given paths) are candidates for indexing.

Only regular files are read: FIFOs (reading one blocks forever), sockets, devices, symbolic-link
loops and folders that cannot be read are named and skipped with a code (``special-file``,
``link-loop``, ``unreadable-folder``, ``folder-link``); symbolic links out of the corpus fail
(``unsafe-path``).  Nothing is opened here; only ``stat`` is called.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.errors import KbError, UnsafePathError
from kb.extract import is_supported
from kb.index.writer import source_key


@dataclass
class Candidate:
    path: Path
    key: str
    error: KbError | None = None
    skip_reason: str | None = None
    skip_code: str = "unsupported"
    #: a folder (that could not be read), not a file
    folder: bool = False


def _safe_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return False


#: what a path is when it is not a regular file (stat.S_IFMT -> words for the report)
_SPECIAL = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFSOCK: "套接字（socket）", stat.S_IFCHR: "字符设备",
            stat.S_IFBLK: "块设备", stat.S_IFDIR: "文件夹"}


def special_kind(path: Path) -> str | None:
    """None for a regular file (after following symbolic links), else what it is, in words.  Reading a
    FIFO blocks forever and a device never ends, so kb opens nothing that is not a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reported by whoever reads it
    if stat.S_ISREG(mode):
        return None
    return _SPECIAL.get(stat.S_IFMT(mode), "特殊文件")


def discover(paths: Iterable[Path], corpus: Path) -> Iterator[Candidate]:
    """The files under ``paths``, each once, in a stable order.  Only regular files are candidates;
    FIFOs, sockets, devices, symbolic-link loops and folders that cannot be read are named and
    skipped (code ``special-file``, ``link-loop``, ``unreadable-folder``)."""
    for top in paths:
        top = Path(top)
        if not path_exists(top):
            yield Candidate(top, source_key(top, corpus), error=KbError(
                "文件或文件夹不存在", path=top, fix="检查路径"))
            continue
        if not top.is_dir():
            yield from _candidate(top, corpus)
            continue
        unreadable: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False, onerror=unreadable.append):
            while unreadable:
                yield _unreadable_folder(unreadable.pop(0), corpus)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.startswith("~$"):
                    continue
                yield from _candidate(Path(dirpath) / name, corpus, root=top)
            # symbolic links to folders are listed as folders and not followed: name them
            for d in list(dirnames):
                if (Path(dirpath) / d).is_symlink():
                    link = Path(dirpath) / d
                    yield Candidate(link, source_key(link, corpus), skip_reason="是指向文件夹的符号链接，kb 不跟随它；"
                                    "需要索引时请把文件夹里的文档复制进文档文件夹", skip_code="folder-link")
        while unreadable:
            yield _unreadable_folder(unreadable.pop(0), corpus)


def _target_exists(path: Path) -> bool:
    try:
        path.stat()
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return True


def _unreadable_folder(exc: OSError, corpus: Path) -> Candidate:
    folder = Path(exc.filename or "")
    reason = exc.strerror or str(exc)
    return Candidate(folder, source_key(folder, corpus), folder=True,
                     skip_reason=f"这个文件夹无法读取（{reason}），里面的文件没有处理；已索引的文档保持不变",
                     skip_code="unreadable-folder")


def _candidate(path: Path, corpus: Path, root: Path | None = None) -> Iterator[Candidate]:
    key = source_key(path, corpus)
    if path.is_symlink():
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                yield Candidate(path, key, skip_reason="是一个循环的符号链接（指向它自己），已跳过", skip_code="link-loop")
                return
        base = root or corpus
        if not _safe_inside(path, base) and not _safe_inside(path, corpus):
            yield Candidate(path, key, error=UnsafePathError(
                "这是指向文档库之外的符号链接", path=path,
                fix="把文档复制到文档库文件夹里，不要用链接"))
            return
        if not path_exists(path) or path.is_symlink() and not _target_exists(path):
            yield Candidate(path, key, error=KbError("符号链接已失效", path=path,
                                                     fix="删除它，或让它指向一个文件"))
            return
    kind = special_kind(path)
    if kind is not None and kind != "文件夹":
        yield Candidate(path, key, skip_reason=f"是{kind}，不是普通文件，kb 不读取它", skip_code="special-file")
        return
    if not is_supported(path):
        yield Candidate(path, key, skip_reason="不是支持的格式（PDF、DOCX、TXT、MD、HTML）")
        return
    yield Candidate(path, key)


def is_inside(key: str, folder: str) -> bool:
    return folder in ("", ".") or key.startswith(folder.rstrip("/") + "/")


def path_exists(path: Path) -> bool:
    """Whether the file is there; True when that cannot be told (a folder on the way is unreadable)."""
    try:
        path.stat()
        return True
    except FileNotFoundError:
        return path.is_symlink()
    except OSError as exc:
        return exc.errno != errno.ENOTDIR
