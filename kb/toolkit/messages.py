"""What kb says to a user of the site, in Chinese: the reason a file is not in the index (by the stable
error code of :mod:`kb.errors` and the ingest report) and the warnings readers and cleaners attach to a
document.  The CLI keeps its English messages (a contract); the site shows these."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the reason a file was not indexed, by its error code, and what to do
REASONS: dict[str, str] = {
    "unreadable": "文件读不出来。请用 Word 或 WPS 打开后另存为 .docx 或 PDF，再上传。",
    "empty": "文件里没有可用的文字段落（可能是空文件，或清理后什么都没剩下）。请检查文件内容。",
    "binary": "这不是文本文件（看起来是二进制数据）。请确认文件类型，或另存为 .txt、.docx 或 PDF。",
    "encoding": "文字编码无法识别。请用记事本或 WPS 打开，另存为 UTF-8 编码的 .txt。",
    "corrupt": "文件已损坏，打不开。请找原件重新导出一份。",
    "encrypted": "PDF 有密码保护。请先去掉密码（打印为新的 PDF），再上传。",
    "needs-ocr": "这是扫描件，没有文字层。请先做文字识别（OCR），或打开 KB_OCR 设置。",
    "unsupported": "不支持这种文件格式。支持 PDF、Word（.docx）、TXT、Markdown、HTML。",
    "too-large": "文件太大，超过了上传限制（KB_MAX_FILE_MB）。请拆分后再上传。",
    "too-big": "处理这个文件用的内存超过了限制（KB_FILE_MEMORY_MB）。请拆分后再上传。",
    "too-slow": "处理这个文件超过了时间限制（KB_FILE_SECONDS）。请拆分后再上传。",
    "garbage": "提取出的文字大多是乱码（字体编码有问题）。请找原件重新导出 PDF 或 Word。",
    "unsafe-path": "文件路径不安全（指向文档文件夹以外）。请把文件直接放进文档文件夹。",
    "duplicate": "和已有的一篇文档内容完全相同，只保留一份。",
    "special-file": "这不是普通文件（管道、设备或套接字），已跳过。",
    "folder-link": "这是指向文件夹的链接，已跳过。",
    "link-loop": "链接形成了循环，已跳过。",
    "unreadable-folder": "文件夹没有读取权限，里面的文件都没有处理。",
    "disk-full": "磁盘空间不足，索引没能写完。请清理磁盘后重建索引。",
    "internal": "处理这个文件时 kb 程序出错（这是 kb 的缺陷，不是文件的问题）。请把这个文件和日志交给维护人员。",
    "crash": "处理这个文件时处理进程意外退出。请把这个文件交给维护人员。",
    "bug": "这个文件没有被处理（kb 的缺陷）。请把这个文件交给维护人员。",
}
UNKNOWN = "没有建立索引，原因不明。请到「状态」页重建索引；仍不行请交给维护人员。"

#: English warnings of the readers and cleaners: (pattern, Chinese; groups as \\1 ...)
_WARNINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(pages? [\d, –-]+): (.*); their text is missing \(needs OCR\)$"), r"\1：\2，这些页没有文字（需要 OCR）"),
    (re.compile(r"^(pages? [\d, –-]+): no text layer; the text was recognised by OCR \(check it\)$"),
     r"\1：没有文字层，文字是 OCR 识别的（请核对）"),
    (re.compile(r"^(pages? [\d, –-]+): GBK text shown as Latin characters \(re-decoded\)$"),
     r"\1：GBK 编码的文字显示成了拉丁字母（已重新解码）"),
    (re.compile(r"^the previously indexed version stays searchable until this file can be read$"),
     "这个文件修好之前，仍可搜索之前建立索引的版本"),
]
_PAGES = (re.compile(r"\bpages? ([\d, –-]+)"), r"第 \1 页")


def is_chinese(text: str) -> bool:
    """True when a message is already written in Chinese (kb's newer messages are)."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4


def reason(code: str | None) -> str:
    """Why a file is not in the index, in Chinese, with what to do."""
    return REASONS.get(code or "", UNKNOWN)


def warning(text: str) -> str:
    """A document warning in Chinese (a warning already in Chinese, or not known, is returned as it is)."""
    for pattern, zh in _WARNINGS:
        if pattern.match(text):
            return _PAGES[0].sub(_PAGES[1], pattern.sub(zh, text))
    return text


@dataclass(frozen=True)
class Said:
    """A message for the site: ``text`` in Chinese, and the technical detail a library gave in English
    (``PdfStreamError: Stream has ended unexpectedly``), taken out for the maintainer (``""`` if none)."""

    text: str
    detail: str = ""


#: a bracketed part with no Chinese in it that is an exception (``PdfReadError: …``, ``KeyError``) or an
#: English phrase of two words or more; a format or a single term (``（OCR）``, ``（.docx）``) stays
_DETAIL = re.compile(r"\s*[（(]((?:[A-Z][A-Za-z0-9_.]{3,}(?::[^（）()\u4e00-\u9fff]*)?)|"
                     r"(?:[^（）()\u4e00-\u9fff]*[A-Za-z]{2,}[^A-Za-z（）()\u4e00-\u9fff]+[A-Za-z]{2,}"
                     r"[^（）()\u4e00-\u9fff]*))[）)]")


def for_user(text: str) -> Said:
    """A message of kb (an error or a warning) as the site shows it: warnings of older indexes said in
    Chinese, and any English detail of a library moved out of the sentence into ``detail``."""
    text = warning(text)
    details = [m.group(1).strip() for m in _DETAIL.finditer(text)]
    return Said(_DETAIL.sub("", text), "；".join(details))
