"""Readers, one module per format, behind a lookup by suffix checked against the content.

``extract(path)`` reads a file into a :class:`SourceDocument` or raises a typed
:class:`~kb.errors.ExtractError` that names the file and the fix.  The file is opened read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.errors import CorruptFileError, FileTooLargeError, UnsupportedFormatError
from kb.models import SourceDocument

Reader = Callable[[Path, bytes], SourceDocument]

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}


def _reader(fmt: str) -> Reader:
    if fmt == "txt":
        from kb.extract.text import read_text
        return read_text
    if fmt == "md":
        from kb.extract.text import read_markdown
        return read_markdown
    if fmt == "html":
        from kb.extract.html import read_html
        return read_html
    if fmt == "pdf":
        from kb.extract.pdf import read_pdf
        return read_pdf
    if fmt == "docx":
        from kb.extract.docx import read_docx
        return read_docx
    raise KeyError(fmt)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def sniff(data: bytes) -> str | None:
    """The format the content says it is, whatever the file is called."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # old .doc / .xls
    low = head[:512].lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<html" in low[:256]:
        return "html"
    return None


def detect_format(path: Path, data: bytes) -> str:
    """The reader to use: the suffix's, unless the content clearly is another supported format."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(f"不支持 {path.suffix or '（无扩展名）'} 类型的文件", path=path,
                                     fix="转换为 PDF、DOCX、TXT、MD 或 HTML 格式")
    actual = sniff(data)
    if actual == "ole":
        raise UnsupportedFormatError("这是旧版 Word/Excel（.doc/.xls）文件，不是 " + path.suffix,
                                     path=path, fix="用 Word 或 WPS 打开，另存为 .docx")
    if actual == "zip" and fmt != "docx":
        raise CorruptFileError(f"这是 zip 压缩包，不是 {path.suffix} 文件", path=path,
                               fix="解压后收录其中的文档")
    if actual in ("pdf", "docx") and actual != fmt:
        return actual  # a PDF or DOCX under the wrong name: read what it is
    if fmt in ("txt", "md") and actual == "html":
        return "html"
    return fmt


def extract(path: Path, max_bytes: int | None = None, ocr: bool = False) -> SourceDocument:
    """Read ``path`` into blocks; ``ocr=True`` reads scanned PDF pages with tesseract (see kb.extract.ocr)."""
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise FileTooLargeError(f"文件大小 {_mb(size)}，超过上限 {_mb(max_bytes)}", path=path,
                                fix="把它拆分成几个文件，或用 KB_MAX_FILE_MB 或 kb.toml 中的 max_file_mb 调高上限")
    with open(path, "rb") as fh:
        data = fh.read()
    fmt = detect_format(path, data)
    if fmt == "pdf" and ocr:
        from kb.extract.pdf import read_pdf
        return read_pdf(path, data, ocr=True)
    return _reader(fmt)(path, data)


def _mb(n: int) -> str:
    """A size in MB with enough digits to tell a small limit from zero."""
    mb = n / 1048576
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.2g} MB"
