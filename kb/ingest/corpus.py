"""Changing the corpus: the only two ways kb ever writes into ``corpus/``.

- :func:`save_upload` saves uploaded bytes under a safe, new name (never overwriting anything),
  after checking their size and their type *by content*; identical content already in the corpus is
  not saved again.
- :func:`remove_document` moves a document's file to ``corpus/.trash/`` (never deletes it) and removes
  the document from the index.

Everything else in kb only reads the corpus.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from kb.config import Settings
from kb.errors import (
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    KbError,
    UnsafePathError,
    UnsupportedFormatError,
)
from kb.extract import SUFFIXES, sniff
from kb.extract.encoding import decode_bytes
from kb.index.store import IndexStore
from kb.ingest.files import file_sha256

log = logging.getLogger(__name__)

TRASH = ".trash"
#: longest file name kept, in characters (the extension included) and in UTF-8 bytes (the file
#: system's limit is 255 bytes; room is left for " (99)")
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 230
_RESERVED = re.compile(r'[<>:"|?*\\/]')


@dataclass(frozen=True)
class Upload:
    """Where an upload went: a new file, or the file already holding the same content."""

    path: Path
    duplicate: bool = False
    #: the name asked for, when the file was saved under another one (sanitised, or "(2)" added)
    requested: str = ""

    @property
    def message(self) -> str:
        if self.duplicate:
            return f"{self.requested}: the same content is already in the corpus as {self.path.name}; not saved again"
        return f"{self.requested}: saved as {self.path.name}"


def safe_name(filename: str) -> str:
    """A file name that is safe to create in the corpus: the last path component only, NFC, no
    control characters, separators or characters Windows refuses, no leading dots (hidden files are
    not ingested), at most ``MAX_NAME_CHARS`` characters / ``MAX_NAME_BYTES`` bytes, extension kept."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    name = _RESERVED.sub("_", name).strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.strip().lower()[:10]
    stem = stem.strip().lstrip(".").strip() or "upload"
    suffix = f".{ext}" if ext else ""

    def fits(s: str) -> bool:
        full = s + suffix
        return len(full) <= MAX_NAME_CHARS and len(full.encode("utf-8")) <= MAX_NAME_BYTES

    while not fits(stem):
        stem = stem[:-1]
    return stem.rstrip() + suffix


def check_content(name: str, data: bytes, settings: Settings) -> str:
    """The name to save ``data`` under (its extension corrected to what the content is), or a typed
    error naming the file and the fix.  Checks the size and the content, never just the extension."""
    limit = int(settings.max_file_mb * 1024 * 1024)
    if len(data) > limit:
        raise FileTooLargeError(f"文件大小 {len(data) / 1048576:.1f} MB，超过上限 "
                                f"{settings.max_file_mb:g} MB", path=name,
                                fix="把它拆分成几个文件，或用 KB_MAX_FILE_MB 或 kb.toml 中的 max_file_mb 调高上限")
    if not data.strip():
        raise EmptyFileError("文件是空的", path=name, fix="上传带有内容的文档")
    stem, _, _ = name.rpartition(".")
    suffix = Path(name).suffix.lower()
    declared = SUFFIXES.get(suffix)
    actual = sniff(data)
    if actual == "ole":
        raise UnsupportedFormatError("这是旧版 Word/Excel（.doc/.xls）文件", path=name,
                                     fix="用 Word 或 WPS 打开，另存为 .docx")
    if actual == "zip":
        raise UnsupportedFormatError("这是 zip 压缩包，不是文档", path=name,
                                     fix="解压后上传其中的文档")
    if actual == "pdf":
        return name if declared == "pdf" else f"{stem or name}.pdf"
    if actual == "docx":
        _check_docx(name, data)
        return name if declared == "docx" else f"{stem or name}.docx"
    if declared is None:
        raise UnsupportedFormatError(f"不支持 {suffix or '（无扩展名）'} 类型的文件", path=name,
                                     fix="转换为 PDF、DOCX、TXT、MD 或 HTML 格式")
    if declared in ("pdf", "docx"):
        raise CorruptFileError(f"文件内容不是 {declared.upper()} 格式", path=name,
                               fix=f"检查该文件；用生成它的程序重新另存为 {declared.upper()}")
    decode_bytes(data, name)  # text: refuses binary data, empty text and unknown encodings
    return name


def _check_docx(name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(".docx 文件已损坏", path=name, fix="用 Word 或 WPS 打开后重新保存") from exc
    if total > 512 * 1024 * 1024:
        raise CorruptFileError(f".docx 解压后有 {total // 1048576} MB（疑似压缩炸弹）", path=name,
                               fix="用 Word 打开后另存一份干净的副本，或不收录它")


def find_identical(corpus: Path, data: bytes) -> Path | None:
    """A corpus file holding exactly ``data`` (only files of the same size are hashed)."""
    if not corpus.is_dir():
        return None
    want = hashlib.sha256(data).hexdigest()
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for n in sorted(filenames):
            p = Path(dirpath) / n
            try:
                if n.startswith(".") or p.is_symlink() or p.stat().st_size != len(data):
                    continue
                if file_sha256(p) == want:
                    return p
            except OSError:
                continue
    return None


def _numbered(name: str, n: int) -> str:
    p = Path(name)
    return f"{p.stem} ({n}){p.suffix}" if n > 1 else name


def upload(filename: str, data: bytes, settings: Settings) -> Upload:
    """Save an upload into the corpus; see :func:`save_upload`."""
    corpus = settings.corpus
    requested = safe_name(filename)
    name = check_content(requested, data, settings)
    corpus.mkdir(parents=True, exist_ok=True)
    twin = find_identical(corpus, data)
    if twin is not None:
        log.info("%s: identical to %s; not saved again", requested, twin)
        return Upload(twin, duplicate=True, requested=requested)
    root = corpus.resolve()
    tmp = corpus / f".upload-{uuid.uuid4().hex}.tmp"
    with open(tmp, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        for n in range(1, 1000):
            target = corpus / _numbered(name, n)
            if target.resolve().parent != root:
                raise UnsafePathError("这个文件名会把文件放到文档库之外", path=requested,
                                      fix="给文件改个名字")
            try:
                os.link(tmp, target)  # atomic, and never replaces an existing file
            except FileExistsError:
                continue
            return Upload(target, requested=requested)
        raise KbError("同名文件太多", path=requested, fix="给文件改个名字")
    finally:
        tmp.unlink(missing_ok=True)


def save_upload(filename: str, data: bytes, settings: Settings) -> Path:
    """Save uploaded bytes into the corpus and return the path; the file is not indexed yet (run
    :func:`kb.ingest.pipeline.ingest` on it).  The name is sanitised (:func:`safe_name`), the content is
    checked (:func:`check_content`), an existing file is never overwritten (`` (2)``, `` (3)`` ... are
    added), and when identical content is already in the corpus, that file's path is returned."""
    return upload(filename, data, settings).path


def remove_document(doc_id: str, settings: Settings) -> None:
    """Move the document's file to ``corpus/.trash/`` (never deleted; restore it by moving it back and
    running ``kb ingest``) and remove the document from the index."""
    from kb.index.writer import indexed_documents, remove_documents

    store = IndexStore(settings.index)
    with store.write_lock(settings.lock_wait):
        docs = {f.doc_id: f for f in indexed_documents(store).values()}
        rec = docs.get(doc_id)
        if rec is None:
            raise KbError(f"索引里没有文档 {doc_id!r}", path=store.root,
                          fix="用 `kb docs` 列出所有文档")
        key = rec.source
        corpus = settings.corpus.resolve()
        src = settings.corpus / key
        if not Path(key).is_absolute() and (src.exists() or src.is_symlink()):
            if not src.is_symlink() and corpus not in src.resolve().parents:
                raise UnsafePathError("文件在文档库之外", path=key, fix="请手工删除")
            _to_trash(src, key, settings)
        remove_documents(store, [doc_id])


def _to_trash(src: Path, key: str, settings: Settings) -> Path:
    """Move ``src`` (corpus file ``key``) under ``corpus/.trash/``, never over an earlier copy."""
    dest = settings.corpus / TRASH / key
    if dest.exists() or dest.is_symlink():
        dest = dest.with_name(f"{dest.stem} {time.strftime('%Y%m%d-%H%M%S')}{dest.suffix}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dest)
    log.info("moved %s to %s", key, dest)
    return dest


def remove_file(key: str, settings: Settings) -> Path:
    """Move a corpus file that is not in the index (it failed, or was never ingested) to
    ``corpus/.trash/``, as :func:`remove_document` does for indexed ones; returns where it went."""
    corpus = settings.corpus.resolve()
    src = settings.corpus / key
    if Path(key).is_absolute() or not (src.exists() or src.is_symlink()):
        raise KbError("文档文件夹里没有这个文件", path=key, fix="刷新页面：它可能已经被移走了")
    if not src.is_symlink() and corpus not in src.resolve().parents:
        raise UnsafePathError("这个文件在文档文件夹之外", path=key, fix="请手工删除")
    dest = _to_trash(src, key, settings)
    store = IndexStore(settings.index)
    if store.exists():
        failed = dict(store.meta().get("failed") or {})
        if failed.pop(key, None) is not None:
            with store.write_lock(settings.lock_wait):
                store.touch(failed=failed)
    return dest
