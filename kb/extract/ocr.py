"""Optional OCR for scanned PDF pages: ``pdftoppm`` renders a page, ``tesseract -l chi_sim`` reads it.

Used only when asked (``extract(path, ocr=True)``) and when both programs and the chi_sim language
data are installed (Debian: poppler-utils, tesseract-ocr, tesseract-ocr-chi-sim).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

#: render resolution; 200 dpi is enough for body text and keeps a page under a few seconds
DPI = 200
LANG = "chi_sim"


@lru_cache(maxsize=1)
def available() -> bool:
    """True when pdftoppm, tesseract and its chi_sim data are installed."""
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in (langs.stdout + langs.stderr).split()


def ocr_pages(data: bytes, pages: list[int], timeout: int = 120) -> dict[int, str]:
    """Page number -> recognised text for the given 1-based pages of a PDF (empty when unreadable)."""
    out: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="kb-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        for page in pages:
            stem = Path(tmp) / f"p{page}"
            subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray", "-png",
                            "-singlefile", str(pdf), str(stem)], check=True, capture_output=True, timeout=timeout)
            result = subprocess.run(["tesseract", f"{stem}.png", "stdout", "-l", LANG, "--psm", "6"],
                                    capture_output=True, text=True, timeout=timeout)
            out[page] = result.stdout if result.returncode == 0 else ""
    return out
