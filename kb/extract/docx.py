"""Word documents (.docx): paragraphs and tables in document order, headings from Word styles."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from kb.errors import CorruptFileError, EmptyFileError, FileTooLargeError
from kb.models import Block, SourceDocument

#: a .docx whose parts unpack to more than this is refused as a zip bomb
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
#: one part (document.xml) unpacking to more than this is refused before it is read: python-docx
#: builds an object per element, ~20x the XML in memory and minutes of time (49 MB: over 900 s, 900 MB)
MAX_PART = 32 * 1024 * 1024
#: a part over ``PART_RATIO_FROM`` bytes that is packed more than ``PART_RATIO`` times is a bomb
#: (Word's XML packs 5-20 times)
PART_RATIO = 100
PART_RATIO_FROM = 4 * 1024 * 1024

_FIELD_RESIDUE = re.compile(r"\b(FORMTEXT|FORMCHECKBOX|FORMDROPDOWN|MERGEFORMAT)\b|"
                            r"\b(TOC|HYPERLINK|PAGEREF|REF|SEQ)\s+\\[^\s]+(\s+\"[^\"]*\")?(\s+\\[a-z]+)*", re.I)
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)", re.I)


def _check_zip(path: Path, data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFileError("不是有效的 .docx 文件（不是 zip 压缩包）", path=path,
                               fix="用 Word 或 WPS 打开，重新另存为 .docx"
                                   "（把旧版 .doc 直接改名为 .docx 是不行的）") from exc
    total = sum(i.file_size for i in zf.infolist())
    packed = max(sum(i.compress_size for i in zf.infolist()), 1)
    if total > MAX_UNPACKED or total / packed > MAX_RATIO and total > 50 * 1024 * 1024:
        raise CorruptFileError(f".docx 解压后有 {total // (1024 * 1024)} MB（疑似压缩炸弹）", path=path,
                               fix="用 Word 打开后另存一份干净的副本，或不收录它")
    for info in zf.infolist():  # sizes from the archive's directory: zipfile never unpacks past them
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > PART_RATIO_FROM and ratio > PART_RATIO:
            raise CorruptFileError(f".docx 的部件 {info.filename} 从 {info.compress_size // 1024} KB 解压成 "
                                   f"{info.file_size // (1024 * 1024)} MB（疑似压缩炸弹）", path=path,
                                   fix="用 Word 打开后另存一份干净的副本，或不收录它")
        if info.file_size > MAX_PART:
            raise FileTooLargeError(f".docx 的部件 {info.filename} 解压后有 {info.file_size // (1024 * 1024)} MB，"
                                    f"超过单个部件 {MAX_PART // (1024 * 1024)} MB 的上限", path=path,
                                    fix="把文档拆分成几个 .docx 文件")
    if "word/document.xml" not in zf.namelist():
        raise CorruptFileError("压缩包里没有 word/document.xml，不是 Word 文档", path=path,
                               fix="用 Word 或 WPS 打开，重新另存为 .docx")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: fields whose displayed result is not the author's text (a table of contents, page numbers)
_DROP_RESULT = re.compile(r"^\s*(TOC|PAGE|NUMPAGES|SECTIONPAGES|PAGEREF|INDEX|TA|TC)\b", re.I)


class _Fields:
    """Word fields (fldChar begin/separate/end, fldSimple) across paragraphs: keep the result text of
    most fields, none of their instructions, and nothing of a TOC or page-number field."""

    def __init__(self) -> None:
        self.stack: list[list[str]] = []  # [instruction, phase] per open field

    def hidden(self) -> bool:
        return any(phase == "instr" or _DROP_RESULT.match(instr) for instr, phase in self.stack)

    def text(self, p_el: object) -> str:
        out: list[str] = []
        for el in p_el.iter():  # type: ignore[attr-defined]
            tag = el.tag
            if tag == _W + "fldChar":
                kind = el.get(_W + "fldCharType")
                if kind == "begin":
                    self.stack.append(["", "instr"])
                elif kind == "separate" and self.stack:
                    self.stack[-1][1] = "result"
                elif kind == "end" and self.stack:
                    self.stack.pop()
            elif tag == _W + "instrText" and self.stack:
                self.stack[-1][0] += el.text or ""
            elif tag == _W + "fldSimple" and _DROP_RESULT.match(el.get(_W + "instr") or ""):
                self.stack.append([el.get(_W + "instr") or "", "result"])
                self.stack[-1].append("simple")
            elif self.hidden():
                continue
            elif tag == _W + "t":
                out.append(el.text or "")
            elif tag == _W + "tab":
                out.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
        self.stack = [f for f in self.stack if len(f) == 2]  # a fldSimple ends with its paragraph
        return "".join(out)


def _sentences(text: str) -> bool:
    """A paragraph of sentences (a heading style put on body text): over 60 characters with a sentence
    end inside it."""
    return len(text) > 60 and bool(re.search(r"[。！？!?；;].", text))


def read_docx(path: Path, data: bytes) -> SourceDocument:
    _check_zip(path, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on damaged files
        raise CorruptFileError(f".docx 无法读取（{exc.__class__.__name__}: {exc}）", path=path,
                               fix="用 Word 或 WPS 打开，重新另存为 .docx") from exc
    meta: dict[str, str] = {}
    cp = document.core_properties
    if cp.title:
        meta["docx_title"] = cp.title
    if cp.author:
        meta["docx_author"] = cp.author
    if cp.created:
        meta["docx_created"] = cp.created.date().isoformat()
    blocks: list[Block] = []

    fields = _Fields()

    def para_block(p: Paragraph) -> Block | None:
        text = _FIELD_RESIDUE.sub("", fields.text(p._p)).strip()
        style = (p.style.name if p.style is not None else "") or ""
        if not text or re.match(r"^(toc|目录)\s*\d", style, re.I):
            return None
        m = _HEADING_STYLE.match(style)
        if style.lower() == "title" or style == "标题":
            return Block(text, kind="title")
        if style.lower() == "subtitle" or style == "副标题":
            return Block(text, kind="subtitle")
        if m and not _sentences(text):
            return Block(text, kind="heading", level=int(m.group(2)))
        return Block(text)

    def table_blocks(table: Table, depth: int = 0) -> None:
        """A row per line; a table nested in a cell (a form inside a form) follows its row's line."""
        for row in table.rows:
            cells: list[str] = []
            nested: list[Table] = []
            for cell in row.cells:
                t = _FIELD_RESIDUE.sub("", "\n".join(fields.text(cp._p) for cp in cell.paragraphs)).strip()
                if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                    cells.append(t)
                nested += [x for x in cell.tables if all(x._tbl is not y._tbl for y in nested)]
            if cells:
                blocks.append(Block("　".join(cells), kind="table"))
            if depth < 8:
                for x in nested:
                    table_blocks(x, depth + 1)

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            b = para_block(item)
            if b:
                blocks.append(b)
        elif isinstance(item, Table):
            table_blocks(item)
    if not blocks:
        raise EmptyFileError("Word 文档里没有文字", path=path,
                             fix="在 Word 中检查该文件；只有图片的文档需要先做文字识别（OCR）")
    return SourceDocument(path=path, format="docx", blocks=tuple(blocks), meta=meta)
