"""Decoding text files whose encoding nobody wrote down.

Detect rather than try-in-order: strict GB18030 decoding of Big5 bytes "succeeds" with garbage, so
every candidate that decodes is scored by how plausible its characters are (the share of CJK
characters that are among the ~3,800 commonest simplified characters, after folding traditional to
simplified), and the best one wins.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from kb.errors import BinaryFileError, EmptyFileError, EncodingError
from kb.text import plausibility

_FIX_ENCODING = "把文件另存为 UTF-8 编码（记事本：另存为 -> 编码选 UTF-8），再重新收录"


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text[:20000] if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x80 <= ord(c) < 0xA0)
    return bad / min(len(text), 20000)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16: one of the two byte lanes is mostly zero
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file; typed errors name the file and the fix."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFileError("文件是空的", path=path, fix="给文件加上内容，或把它移出文档库")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="replace"), "utf-8-sig", path)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _checked(data.decode("utf-16", errors="replace"), "utf-16", path)
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, path)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8000] and len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):  # CJK-heavy UTF-16 without a BOM has few zero bytes
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _control_share(text) < 0.01 and plausibility(text) >= 0.6:
                return _checked(text, enc, path)
    if b"\x00" in data[:8000]:
        raise BinaryFileError("文件里是二进制数据，不是文字", path=path,
                              fix="确认它确实是文本文档（是否把 PDF、DOCX 或图片改了扩展名？）")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    # UTF-16 without a BOM and without ASCII has no zero bytes: a candidate like the others (decoded
    # GBK or Big5 bytes make implausible characters in UTF-16, and the other way round); taken only
    # when it reads as common Chinese characters
    wide = ("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()
    for enc in ("gb18030", "big5hkscs", "cp950", *wide):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc in wide and plausibility(text) < 0.6:  # only as Chinese text that reads well
            continue
        candidates.append((plausibility(text) - _control_share(text), enc, text))
    # Best-effort: a file with a few bad bytes (truncated, mixed) decodes with replacement.
    if not candidates:
        for enc in ("utf-8", "gb18030", "big5hkscs"):
            text = data.decode(enc, errors="replace")
            bad = text.count("\ufffd") / max(len(text), 1)
            if bad < 0.01:
                candidates.append((plausibility(text) - bad * 10, enc, text))
    if not candidates:
        raise EncodingError("文字编码无法识别（不是 UTF-8、UTF-16、GBK/GB18030 或 Big5）",
                            path=path, fix=_FIX_ENCODING)
    candidates.sort(reverse=True)
    score, enc, text = candidates[0]
    if score < 0.5 and any("\u4e00" <= c <= "\u9fff" for c in text[:5000]):
        raise EncodingError(f"按任何编码解出的都是乱码（最接近的是 {enc}）",
                            path=path, fix=_FIX_ENCODING)
    return _checked(text, {"gb18030": "gbk", "big5hkscs": "big5", "cp950": "big5"}.get(enc, enc), path)


def _checked(text: str, enc: str, path: Path | str) -> tuple[str, str]:
    if _control_share(text) > 0.05:
        raise BinaryFileError("文件里是二进制数据，不是文字", path=path,
                              fix="确认它确实是文本文档（是否把 PDF、DOCX 或图片改了扩展名？）")
    if not text.strip():
        raise EmptyFileError("文件里没有文字", path=path, fix="给文件加上内容，或把它移出文档库")
    return text, enc
