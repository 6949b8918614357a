"""PDF files through pypdf, page by page, with the checks PDFs need (they lie).

Each page's text is inspected: no text at all (scanned: needs OCR), ``(cid:N)`` placeholders,
private-use or replacement characters (fonts that map to garbage).  Pages that fail are reported by
number; a document with no usable page raises :class:`NeedsOcrError` naming the pages.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from kb.chars import page_defects, restore_quotes
from kb.errors import CorruptFileError, EncryptedPdfError, NeedsOcrError
from kb.models import Block, SourceDocument
from kb.text import cjk_share

_CID = re.compile(r"\(cid:\d+\)")
_PUA = re.compile(r"[\ue000-\uf8ff\ufffd]")
#: pypdf puts a space where a run of digits (set in a Western font) meets Chinese: 80 周年
_DIGIT_GAP = re.compile(r"(?<=[\d%])[ \u00a0](?=[\u4e00-\u9fff])")
_OCR_FIX = ("这份 PDF 没有文字层（是扫描件）：先做文字识别（OCR），或在装好 tesseract-ocr 和 "
            "tesseract-ocr-chi-sim 后用 kb ingest --ocr 收录")
_FONT_FIX = ("这份 PDF 的字体无法对应到真实的字符：用生成它的程序重新导出或打印为 PDF（嵌入字体），"
             "或做文字识别（kb ingest --ocr）")


def _fix_for(reasons: list[str]) -> str:
    """The fix that fits why the pages failed: a scan needs OCR, broken fonts need a new export."""
    if reasons and all("文字层" not in r and "可读" not in r for r in reasons):
        return _FONT_FIX
    return _OCR_FIX


def page_problem(text: str) -> str | None:
    """Why a page's text is unusable, or None when it looks like real text."""
    s = "".join(text.split())
    if len(s) < 5:
        return "没有文字层"
    cids = len(_CID.findall(text))
    if cids and cids * 6 > len(s) * 0.3:
        return "字形没有 Unicode 对应（(cid:N) 占位符）"
    bad = len(_PUA.findall(s))
    if bad / len(s) > 0.2:
        return "私用区或替换字符（字体映射成了乱码）"
    letters = sum(1 for c in s if c.isalpha())
    if letters / len(s) < 0.3 and cjk_share(s) < 0.1:
        return "没有可读的文字"
    return None


def read_pdf(path: Path, data: bytes, ocr: bool = False) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFileError("不是 PDF 文件（没有 %PDF 文件头）", path=path,
                               fix="检查该文件；用生成它的程序重新另存为 PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise EncryptedPdfError(f"PDF 已加密，无法打开（{exc}）", path=path,
                                        fix="另存一份不加密的副本（打印为 PDF），收录那一份") from exc
            if not ok:
                raise EncryptedPdfError("PDF 设有打开密码", path=path,
                                        fix="用密码打开后另存一份不加密的副本"
                                            "（打印为 PDF），再收录那一份")
        pages = reader.pages
        n = len(pages)
    except (EncryptedPdfError, CorruptFileError):
        raise
    except Exception as exc:  # PdfReadError and the many errors pypdf raises on damaged files
        kind = "已损坏或不完整" if isinstance(exc, PdfReadError) else "无法读取"
        raise CorruptFileError(f"PDF {kind}（{exc.__class__.__name__}: {exc}）", path=path,
                               fix="用 PDF 阅读器打开，另存或打印为新的 PDF") from exc
    if n == 0:
        raise CorruptFileError("PDF 没有页面", path=path, fix="检查该文件")
    blocks: list[Block] = []
    bad_pages: dict[int, str] = {}
    page_texts: dict[int, str] = {}
    defects: dict[str, list[int]] = {}
    for i in range(n):
        try:
            text = pages[i].extract_text() or ""
        except Exception as exc:
            bad_pages[i + 1] = f"提取文字失败（{exc.__class__.__name__}）"
            continue
        problem = page_problem(text)
        if problem:
            bad_pages[i + 1] = problem
            continue
        page_texts[i + 1] = text
        for defect in page_defects(text):
            defects.setdefault(defect, []).append(i + 1)
    ocr_done: list[int] = []
    if ocr and bad_pages:
        from kb.extract import ocr as ocr_mod
        if not ocr_mod.available():
            raise NeedsOcrError(f"要求对第 {_ranges(sorted(bad_pages))} 页做文字识别，但没有安装带中文数据的 "
                                "tesseract-ocr", path=path,
                                fix="安装 poppler-utils、tesseract-ocr 和 tesseract-ocr-chi-sim"
                                    "（apt-get install ...），或不加 --ocr 收录", pages=sorted(bad_pages))
        for page, text in ocr_mod.ocr_pages(data, sorted(bad_pages)).items():
            if page_problem(text) is None:
                page_texts[page] = text
                ocr_done.append(page)
                del bad_pages[page]
    for page in sorted(page_texts):
        for line in page_texts[page].splitlines():
            line = _DIGIT_GAP.sub("", restore_quotes(line))  # marks pypdf moved, spaces it added after digits
            blocks.append(Block(line, page=page))
        blocks.append(Block("", page=page))
    if not blocks:
        reasons = sorted(set(bad_pages.values()))
        raise NeedsOcrError(f"全部 {n} 页都没有可用的文字（{'；'.join(reasons)}），需要文字识别（OCR）",
                            path=path, fix=_fix_for(reasons), pages=sorted(bad_pages))
    warnings = []
    if bad_pages:
        by_reason: dict[str, list[int]] = {}
        for p, r in bad_pages.items():
            by_reason.setdefault(r, []).append(p)
        for r, ps in by_reason.items():
            warnings.append(f"{_pages(ps)}：{r}，这些页的文字缺失（需要文字识别 OCR）")
    if ocr_done:
        warnings.append(f"{_pages(ocr_done)}：没有文字层，文字由 OCR 识别得到（请核对）")
    for defect, ps in defects.items():
        warnings.append(f"{_pages(ps)}：{defect}")
    meta = {}
    try:
        info = reader.metadata
        if info and info.title:
            meta["pdf_title"] = str(info.title)
        if info and info.author:
            meta["pdf_author"] = str(info.author)
        if info and info.creation_date:
            meta["pdf_date"] = info.creation_date.date().isoformat()
    except Exception:  # metadata is optional and often broken
        pass
    return SourceDocument(path=path, format="pdf", blocks=tuple(blocks), meta=meta, warnings=tuple(warnings))


def _pages(pages: list[int]) -> str:
    return f"第 {_ranges(pages)} 页"


def _ranges(pages: list[int]) -> str:
    out: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [-1]:
        if p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = p
    return ", ".join(out)
