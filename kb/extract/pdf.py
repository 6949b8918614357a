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
_OCR_FIX = ("the PDF has no text layer (a scan): run it through OCR first, or ingest with --ocr "
            "when tesseract-ocr and tesseract-ocr-chi-sim are installed")
_FONT_FIX = ("the PDF's fonts do not map to real characters: export or print it again to PDF from the "
             "program that made it (with fonts embedded), or OCR it (kb ingest --ocr)")


def _fix_for(reasons: list[str]) -> str:
    """The fix that fits why the pages failed: a scan needs OCR, broken fonts need a new export."""
    if reasons and all("layer" not in r and "no readable" not in r for r in reasons):
        return _FONT_FIX
    return _OCR_FIX


def page_problem(text: str) -> str | None:
    """Why a page's text is unusable, or None when it looks like real text."""
    s = "".join(text.split())
    if len(s) < 5:
        return "no text layer"
    cids = len(_CID.findall(text))
    if cids and cids * 6 > len(s) * 0.3:
        return "glyphs without Unicode mapping ((cid:N) placeholders)"
    bad = len(_PUA.findall(s))
    if bad / len(s) > 0.2:
        return "private-use or replacement characters (the font maps to garbage)"
    letters = sum(1 for c in s if c.isalpha())
    if letters / len(s) < 0.3 and cjk_share(s) < 0.1:
        return "no readable letters"
    return None


def read_pdf(path: Path, data: bytes, ocr: bool = False) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFileError("the file is not a PDF (no %PDF header)", path=path,
                               fix="check the file; save it again as PDF from the program that made it")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise EncryptedPdfError(f"the PDF is encrypted and cannot be opened ({exc})", path=path,
                                        fix="save an unprotected copy (print to PDF) and ingest that") from exc
            if not ok:
                raise EncryptedPdfError("the PDF is protected by a password", path=path,
                                        fix="open it with the password and save an unprotected copy "
                                            "(print to PDF), then ingest that")
        pages = reader.pages
        n = len(pages)
    except (EncryptedPdfError, CorruptFileError):
        raise
    except Exception as exc:  # PdfReadError and the many errors pypdf raises on damaged files
        kind = "damaged or truncated" if isinstance(exc, PdfReadError) else "unreadable"
        raise CorruptFileError(f"the PDF is {kind} ({exc.__class__.__name__}: {exc})", path=path,
                               fix="open it in a PDF viewer and save or print it to a new PDF") from exc
    if n == 0:
        raise CorruptFileError("the PDF has no pages", path=path, fix="check the file")
    blocks: list[Block] = []
    bad_pages: dict[int, str] = {}
    page_texts: dict[int, str] = {}
    defects: dict[str, list[int]] = {}
    for i in range(n):
        try:
            text = pages[i].extract_text() or ""
        except Exception as exc:
            bad_pages[i + 1] = f"text extraction failed ({exc.__class__.__name__})"
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
            raise NeedsOcrError(f"OCR was asked for pages {_ranges(sorted(bad_pages))} but tesseract-ocr with "
                                "Chinese data is not installed", path=path,
                                fix="install poppler-utils, tesseract-ocr and tesseract-ocr-chi-sim "
                                    "(apt-get install ...), or ingest without --ocr", pages=sorted(bad_pages))
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
        raise NeedsOcrError(f"no usable text on any of its {n} pages ({'; '.join(reasons)}): needs OCR",
                            path=path, fix=_fix_for(reasons), pages=sorted(bad_pages))
    warnings = []
    if bad_pages:
        by_reason: dict[str, list[int]] = {}
        for p, r in bad_pages.items():
            by_reason.setdefault(r, []).append(p)
        for r, ps in by_reason.items():
            warnings.append(f"{_pages(ps)}: {r}; their text is missing (needs OCR)")
    if ocr_done:
        warnings.append(f"{_pages(ocr_done)}: no text layer; the text was recognised by OCR (check it)")
    for defect, ps in defects.items():
        warnings.append(f"{_pages(ps)}: {defect}")
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
    return ("page " if len(pages) == 1 else "pages ") + _ranges(pages)


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
